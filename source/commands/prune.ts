// prune: removes the unused, non-predefined networks that match the filters — exactly
// the ones previewed, by id (not the engine's prune endpoint, which would also take
// networks that became unused after the preview). The preview names every stopped
// container configured on one of them: it would fail to start afterwards.
// Right before each removal it asks the engine again who uses the network: one in use by
// now, or whose use cannot be determined, is kept (prune never removes what the user did
// not name unless it is certainly unused).
import type {EnginePort} from '../engine/port.js';
import {flavorOfInfo} from '../engine/flavor.js';
import {freshUse} from './fresh-use.js';
import type {Topology} from '../domain/types.js';
import {networkRef, type Refusal} from '../domain/validate.js';
import {parsePruneFilters, pruneCandidates, type PruneCandidate, type PruneFilters} from '../domain/validate-remove.js';
import {step, throwIfAborted, toFailure, type EngineFailure, type Outcome, type PlanBase} from './operation.js';

export type PruneInput = {filters?: readonly string[]; now?: number};

export type PrunePlan = PlanBase<'prune'> & {candidates: PruneCandidate[]; filters: PruneFilters; filterArgs: string[]};

export type PruneResult = {
	removed: Array<{id: string; name: string}>;
	/** Gone before we got to it (someone else removed it): nothing to do. */
	vanished: Array<{id: string; name: string}>;
	/** Kept: in use by now, or its use could not be determined. */
	kept: Array<{id: string; name: string; reason: string}>;
	failed: Array<{id: string; name: string; failure: EngineFailure}>;
};

export function planPrune(t: Topology, input: PruneInput = {}): PrunePlan | Refusal {
	const filterArgs = [...(input.filters ?? [])];
	const parsed = parsePruneFilters(filterArgs, input.now ?? Date.now());
	if (!parsed.ok) return parsed;
	const candidates = pruneCandidates(t, parsed.value);
	const nameOf = (id: string) => t.containers.find(c => c.id === id)?.name ?? id.slice(0, 12);
	const notes = candidates.flatMap(c =>
		c.stopped.map(
			a => `stopped container "${nameOf(a.containerId)}" is configured on "${c.network.name}" and will fail to start once it is removed`,
		),
	);
	return {
		ok: true,
		kind: 'prune',
		summary: candidates.length
			? `remove ${candidates.length} unused network${candidates.length > 1 ? 's' : ''}: ${candidates.map(c => c.network.name).join(', ')}`
			: 'no unused networks to remove',
		steps: candidates.length ? [step('network', 'rm', ...candidates.map(c => networkRef(t, c.network)))] : [],
		notes,
		candidates,
		filters: parsed.value,
		filterArgs,
	};
}

export async function executePrune(engine: EnginePort, plan: PrunePlan, signal?: AbortSignal): Promise<Outcome<'prune', PruneResult>> {
	const result: PruneResult = {removed: [], vanished: [], kept: [], failed: []};
	let endpointIds: boolean | null = null;
	for (const {network} of plan.candidates) {
		try {
			throwIfAborted(signal);
			endpointIds ??= flavorOfInfo(await engine.info()).features.endpointIds;
			const use = await freshUse(engine, network, endpointIds);
			if (use.state === 'gone') {
				result.vanished.push({id: network.id, name: network.name});
				continue;
			}
			if (use.state === 'used' || use.state === 'unknown') {
				const reason =
					use.state === 'used' ? `in use right now by ${use.running.join(', ')}` : `who uses it cannot be determined: ${use.reason}`;
				result.kept.push({id: network.id, name: network.name, reason});
				continue;
			}
			throwIfAborted(signal);
			await engine.removeNetwork(network.id);
			result.removed.push({id: network.id, name: network.name});
		} catch (error) {
			const failure = toFailure(error);
			if (failure.kind === 'aborted') {
				return {ok: false, kind: 'prune', summary: plan.summary, completed: [], failedStep: plan.steps[0] ?? null, failure, result};
			}
			if (failure.kind === 'not-found') result.vanished.push({id: network.id, name: network.name});
			else result.failed.push({id: network.id, name: network.name, failure});
		}
	}
	if (result.failed.length) {
		const first = result.failed[0]!;
		return {
			ok: false,
			kind: 'prune',
			summary: plan.summary,
			completed: [],
			failedStep: plan.steps[0] ?? null,
			failure: {...first.failure, message: `${first.name}: ${first.failure.message}`},
			result,
		};
	}
	return {ok: true, kind: 'prune', summary: plan.summary, steps: plan.steps, result};
}
