// connect: attach a container to a network, with optional aliases and static
// addresses. plan (pure, validated against the topology) → execute (engine calls).
import type {EnginePort} from '../engine/port.js';
import {validateConnect, type ConnectInput, type ConnectTarget} from '../domain/validate-attach.js';
import type {Topology} from '../domain/types.js';
import {networkRef, type Refusal} from '../domain/validate.js';
import {step, throwIfAborted, toFailure, type Outcome, type PlanBase} from './operation.js';

export type ConnectPlan = PlanBase<'connect'> & {target: ConnectTarget};

export type ConnectResult = {
	networkId: string;
	networkName: string;
	containerId: string;
	containerName: string;
	aliases: string[];
	/** Addresses the container has on the network afterwards (null when stopped or unknown). */
	ipv4: string | null;
	ipv6: string | null;
};

/** `docker network connect` argv for a target (also used to restore a disconnect). */
export function connectArgv(
	networkName: string,
	containerName: string,
	options: {aliases?: readonly string[] | null; ipv4?: string | null; ipv6?: string | null; links?: readonly string[]},
): string[] {
	return [
		'network',
		'connect',
		...(options.aliases ?? []).flatMap(alias => ['--alias', alias]),
		...(options.ipv4 ? ['--ip', options.ipv4] : []),
		...(options.ipv6 ? ['--ip6', options.ipv6] : []),
		...(options.links ?? []).flatMap(link => ['--link', link]),
		networkName,
		containerName,
	];
}

export function planConnect(t: Topology, input: ConnectInput): ConnectPlan | Refusal {
	const checked = validateConnect(t, input);
	if (!checked.ok) return checked;
	const target = checked.value;
	const extras = [
		target.aliases.length ? `alias${target.aliases.length > 1 ? 'es' : ''} ${target.aliases.join(', ')}` : '',
		target.ipv4 ? `IP ${target.ipv4}` : '',
		target.ipv6 ? `IPv6 ${target.ipv6}` : '',
	].filter(Boolean);
	return {
		ok: true,
		kind: 'connect',
		summary: `connect ${target.container.name} to ${target.network.name}${extras.length ? ` (${extras.join(', ')})` : ''}`,
		steps: [step(...connectArgv(networkRef(t, target.network), target.container.name, target))],
		notes: checked.notes,
		target,
	};
}

export async function executeConnect(
	engine: EnginePort,
	plan: ConnectPlan,
	signal?: AbortSignal,
): Promise<Outcome<'connect', ConnectResult>> {
	const {network, container, aliases, ipv4, ipv6} = plan.target;
	try {
		throwIfAborted(signal);
		await engine.connectNetwork(network.id, container.id, {aliases, ...(ipv4 ? {ipv4} : {}), ...(ipv6 ? {ipv6} : {})});
	} catch (error) {
		return {
			ok: false,
			kind: 'connect',
			summary: plan.summary,
			completed: [],
			failedStep: plan.steps[0]!,
			failure: toFailure(error),
			result: null,
		};
	}
	const result: ConnectResult = {
		networkId: network.id,
		networkName: network.name,
		containerId: container.id,
		containerName: container.name,
		aliases,
		ipv4: ipv4,
		ipv6: ipv6,
	};
	try {
		// The addresses the engine assigned: read back, so the user sees what they got.
		const inspect = await engine.inspectContainer(container.id);
		const settings = inspect.NetworkSettings?.Networks?.[network.name];
		if (settings) {
			result.ipv4 = settings.IPAddress || ipv4;
			result.ipv6 = settings.GlobalIPv6Address || ipv6;
		}
	} catch {
		// The connect succeeded; only the read-back failed. The live view catches up.
	}
	return {ok: true, kind: 'connect', summary: plan.summary, steps: plan.steps, result};
}
