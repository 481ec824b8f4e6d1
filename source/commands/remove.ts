// remove (docker network rm): refuses predefined networks and, unless --disconnect-all,
// networks with containers attached. With --disconnect-all it disconnects every live
// endpoint first, then removes — stopping at the first failure and saying what was done.
// Right before each removal it asks the engine again who uses the network (fresh-use.ts):
// a network in use is never removed, and one whose use cannot be determined only after
// `confirmUnknown` (the user named it; the CLI asks or needs a flag).
import {EngineError, type EnginePort} from '../engine/port.js';
import {flavorOfInfo} from '../engine/flavor.js';
import type {Network} from '../domain/types.js';
import {freshUse, usedLine} from './fresh-use.js';
import type {Topology} from '../domain/types.js';
import {networkRef, type Refusal} from '../domain/validate.js';
import {validateRemove, type RemoveInput, type RemoveTarget} from '../domain/validate-remove.js';
import {step, throwIfAborted, toFailure, type Outcome, type PlanBase, type Step} from './operation.js';

export type RemovePlan = PlanBase<'remove'> & {
	targets: RemoveTarget[];
	/** One disconnect step per live endpoint, in order; then the rm step. */
	disconnects: Array<{step: Step; networkId: string; containerId: string}>;
};

export type RemoveResult = {
	removed: Array<{id: string; name: string}>;
	disconnected: Array<{networkId: string; networkName: string; containerId: string; containerName: string}>;
};

const nameOf = (t: Topology, id: string): string => t.containers.find(c => c.id === id)?.name ?? id.slice(0, 12);

export function planRemove(t: Topology, input: RemoveInput): RemovePlan | Refusal {
	const checked = validateRemove(t, input);
	if (!checked.ok) return checked;
	const targets = checked.value;
	const disconnects = targets.flatMap(target =>
		target.endpoints.map(e => ({
			step: step('network', 'disconnect', networkRef(t, target.network), nameOf(t, e.containerId)),
			networkId: target.network.id,
			containerId: e.containerId,
		})),
	);
	const names = targets.map(target => target.network.name);
	return {
		ok: true,
		kind: 'remove',
		summary: `${disconnects.length ? `disconnect ${disconnects.length} container${disconnects.length > 1 ? 's' : ''} and ` : ''}remove network${names.length > 1 ? 's' : ''} ${names.join(', ')}`,
		steps: [...disconnects.map(d => d.step), step('network', 'rm', ...targets.map(target => networkRef(t, target.network)))],
		notes: checked.notes,
		targets,
		disconnects,
	};
}

export type RemoveOptions = {
	/** Asked when the engine cannot tell who uses a network; without it such a network is kept. */
	confirmUnknown?: (network: Network, reason: string) => Promise<boolean>;
};

/** Asks the engine again, right before removing: throws a refusal when the network must stay. */
export async function checkStillUnused(engine: EnginePort, network: Network, options: RemoveOptions = {}): Promise<void> {
	const endpointIds = flavorOfInfo(await engine.info()).features.endpointIds;
	const use = await freshUse(engine, network, endpointIds);
	if (use.state === 'gone') throw new EngineError('not-found', `network ${network.name} not found (removed meanwhile)`, 404);
	if (use.state === 'used') throw new EngineError('conflict', usedLine(network, use));
	if (use.state === 'unknown' && !(await options.confirmUnknown?.(network, use.reason))) {
		throw new EngineError('conflict', `who uses ${network.name} cannot be determined: ${use.reason}; nothing removed`);
	}
}

export async function executeRemove(
	engine: EnginePort,
	plan: RemovePlan,
	t: Topology | null = null,
	signal?: AbortSignal,
	options: RemoveOptions = {},
): Promise<Outcome<'remove', RemoveResult>> {
	const result: RemoveResult = {removed: [], disconnected: []};
	const completed: Step[] = [];
	const rmStep = plan.steps[plan.steps.length - 1]!;
	let current: Step = rmStep;
	try {
		for (const d of plan.disconnects) {
			current = d.step;
			throwIfAborted(signal);
			await engine.disconnectNetwork(d.networkId, d.containerId, false);
			completed.push(d.step);
			const network = plan.targets.find(target => target.network.id === d.networkId)!.network;
			result.disconnected.push({
				networkId: network.id,
				networkName: network.name,
				containerId: d.containerId,
				containerName: t ? nameOf(t, d.containerId) : d.containerId.slice(0, 12),
			});
		}
		current = rmStep;
		for (const target of plan.targets) {
			throwIfAborted(signal);
			await checkStillUnused(engine, target.network, options);
			throwIfAborted(signal);
			await engine.removeNetwork(target.network.id);
			result.removed.push({id: target.network.id, name: target.network.name});
		}
		completed.push(rmStep);
	} catch (error) {
		return {ok: false, kind: 'remove', summary: plan.summary, completed, failedStep: current, failure: toFailure(error), result};
	}
	return {ok: true, kind: 'remove', summary: plan.summary, steps: plan.steps, result};
}
