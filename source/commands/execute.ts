// Runs any operation plan (the TUI's single entry point): never throws — every
// failure, even an unexpected one, comes back as an outcome with an explanation.
import type {EnginePort} from '../engine/port.js';
import type {Topology} from '../domain/types.js';
import {executeConnect, type ConnectPlan} from './connect.js';
import {executeCreate, type CreatePlan} from './create.js';
import {executeDisconnect, type DisconnectPlan} from './disconnect.js';
import {failureLine, outcomeUnknown, toFailure, type EngineFailure, type OperationKind, type Outcome} from './operation.js';
import {executePrune, type PrunePlan} from './prune.js';
import {executeRemove, type RemoveOptions, type RemovePlan} from './remove.js';
import {executeStart, type StartPlan} from './start.js';

export type AnyPlan = ConnectPlan | DisconnectPlan | CreatePlan | RemovePlan | PrunePlan | StartPlan;
export type AnyOutcome = Outcome<OperationKind, unknown>;

export async function executePlan(
	engine: EnginePort,
	plan: AnyPlan,
	topology: Topology | null,
	signal?: AbortSignal,
	options: RemoveOptions = {},
): Promise<AnyOutcome> {
	try {
		switch (plan.kind) {
			case 'connect':
				return await executeConnect(engine, plan, signal);
			case 'disconnect':
				return await executeDisconnect(engine, plan, signal);
			case 'create':
				return await executeCreate(engine, plan, signal);
			case 'remove':
				return await executeRemove(engine, plan, topology, signal, options);
			case 'prune':
				return await executePrune(engine, plan, signal);
			case 'start':
				return await executeStart(engine, plan, signal);
		}
	} catch (error) {
		return {
			ok: false,
			kind: (plan as AnyPlan).kind,
			summary: (plan as AnyPlan).summary,
			completed: [],
			failedStep: null,
			failure: toFailure(error),
			result: null,
		};
	}
}

/** One line for a log or notice: what came of it beyond "done". */
export function outcomeDetail(outcome: AnyOutcome): string | null {
	const r = outcome.result as Record<string, unknown> | null;
	if (!r) return null;
	switch (outcome.kind) {
		case 'connect': {
			const ips = [r.ipv4, r.ipv6].filter(Boolean).join(' ');
			return ips ? `address ${ips}` : null;
		}
		case 'disconnect':
			return typeof r.restore === 'string' ? `restore: ${r.restore}` : null;
		case 'create':
			return typeof r.id === 'string' ? `id ${r.id.slice(0, 12)}${r.warning ? `; engine warning: ${r.warning}` : ''}` : null;
		case 'start':
			return null;
		case 'remove':
		case 'prune': {
			const removed = (r.removed as Array<{name: string}> | undefined) ?? [];
			const failed = (r.failed as Array<{name: string; failure?: EngineFailure}> | undefined) ?? [];
			const kept = (r.kept as Array<{name: string; reason: string}> | undefined) ?? [];
			const unknown = failed.filter(f => f.failure && outcomeUnknown(f.failure));
			const notRemoved = failed.filter(f => !unknown.includes(f));
			const parts = [removed.length ? `removed ${removed.map(n => n.name).join(', ')}` : 'removed nothing'];
			for (const k of kept) parts.push(`kept ${k.name}: ${k.reason}`);
			if (notRemoved.length) parts.push(`not removed: ${notRemoved.map(n => n.name).join(', ')}`);
			if (unknown.length) parts.push(`unknown whether removed (check with docknet ls): ${unknown.map(n => n.name).join(', ')}`);
			return parts.join('; ');
		}
	}
}

export const outcomeError = (outcome: AnyOutcome): string | null => (outcome.ok ? null : failureLine(outcome.failure));
