// prune: removes the unused, non-predefined networks that match the filters — exactly
// the ones previewed, by id (not the engine's prune endpoint, which would also take
// networks that became unused after the preview). The preview names every stopped
// container configured on one of them: it would fail to start afterwards.
import type {EnginePort} from '../engine/port.js';
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
	failed: Array<{id: string; name: string; failure: EngineFailure}>;
};

export function planPrune(t: Topology, input: PruneInput = {}): PrunePlan | Refusal {
	const filterArgs = [...(input.filters ?? [])];
	const parsed = parsePruneFilters(filterArgs, input.now ?? Date.now());
	if (!parsed.ok) return parsed;
	const candidates = pruneCandidates(t, parsed.value);
	const nameOf = (id: string) => t.containers.find(c => c.id === id)?.name ?? id.slice(0, 12);
	const notes = candidates.flatMap(c =>
		c.stopped.map(a => `stopped container "${nameOf(a.containerId)}" is configured on "${c.network.name}" and will fail to start once it is removed`),
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
	const result: PruneResult = {removed: [], vanished: [], failed: []};
	for (const {network} of plan.candidates) {
		try {
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
