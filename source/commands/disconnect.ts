// disconnect: detach a container from a network. The plan says what the container
// loses there (aliases, static addresses) and the docker line that would restore it.
import type {EnginePort} from '../engine/port.js';
import {validateDisconnect, type DisconnectInput, type DisconnectTarget} from '../domain/validate-attach.js';
import type {Topology} from '../domain/types.js';
import {networkRef, type Refusal} from '../domain/validate.js';
import {connectArgv} from './connect.js';
import {step, throwIfAborted, toFailure, type Outcome, type PlanBase, type Step} from './operation.js';

export type DisconnectPlan = PlanBase<'disconnect'> & {
	target: DisconnectTarget;
	/** Human lines: what is lost ("aliases: mysql", "static IP 10.10.0.9"). */
	lost: string[];
	/** The docker command that would put it back as it was. */
	restore: Step;
};

export type DisconnectResult = {networkId: string; networkName: string; containerId: string; containerName: string; restore: string};

export function planDisconnect(t: Topology, input: DisconnectInput): DisconnectPlan | Refusal {
	const checked = validateDisconnect(t, input);
	if (!checked.ok) return checked;
	const target = checked.value;
	const {lost} = target;
	const ref = networkRef(t, target.network);
	const assigned = lost.staticUnknown ? 'static or assigned: the engine does not say' : 'assigned by the engine';
	const lostLines = [
		lost.aliases?.length ? `alias${lost.aliases.length > 1 ? 'es' : ''}: ${lost.aliases.join(', ')}` : '',
		lost.staticIpv4 ? `static IP ${lost.staticIpv4}` : '',
		lost.staticIpv6 ? `static IPv6 ${lost.staticIpv6}` : '',
		lost.dynamicIpv4 ? `IP ${lost.dynamicIpv4} (${assigned})` : '',
		lost.dynamicIpv6 ? `IPv6 ${lost.dynamicIpv6} (${assigned})` : '',
		lost.links.length ? `links: ${lost.links.join(', ')}` : '',
	].filter(Boolean);
	return {
		ok: true,
		kind: 'disconnect',
		summary: `disconnect ${target.container.name} from ${target.network.name}${target.force ? ' (forced)' : ''}`,
		steps: [step('network', 'disconnect', ...(target.force ? ['--force'] : []), ref, target.container.name)],
		notes: checked.notes,
		target,
		lost: lostLines,
		restore: step(...connectArgv(ref, target.container.name, {aliases: lost.aliases, ipv4: lost.staticIpv4, ipv6: lost.staticIpv6})),
	};
}

export async function executeDisconnect(
	engine: EnginePort,
	plan: DisconnectPlan,
	signal?: AbortSignal,
): Promise<Outcome<'disconnect', DisconnectResult>> {
	const {network, container, force} = plan.target;
	try {
		throwIfAborted(signal);
		await engine.disconnectNetwork(network.id, container.id, force);
	} catch (error) {
		return {
			ok: false,
			kind: 'disconnect',
			summary: plan.summary,
			completed: [],
			failedStep: plan.steps[0]!,
			failure: toFailure(error),
			result: null,
		};
	}
	return {
		ok: true,
		kind: 'disconnect',
		summary: plan.summary,
		steps: plan.steps,
		result: {
			networkId: network.id,
			networkName: network.name,
			containerId: container.id,
			containerName: container.name,
			restore: plan.restore.line,
		},
	};
}
