// Runs a network operation from a dialog: one at a time, never throwing, recording
// each outcome in the session log. The dialog shows `phase` and `outcome`.
import {useCallback, useEffect, useRef, useState, useSyncExternalStore} from 'react';
import type {EnginePort} from '../engine/port.js';
import type {Topology} from '../domain/types.js';
import {executePlan, outcomeDetail, outcomeError, type AnyOutcome, type AnyPlan} from '../commands/execute.js';
import type {RemoveOptions} from '../commands/remove.js';
import {sessionLog, type LogEntry, type OperationLog} from '../state/operations.js';

export type OperationPhase = 'idle' | 'running' | 'done';

export function useOperation(engine: EnginePort, log: OperationLog = sessionLog) {
	const [state, setState] = useState<{phase: OperationPhase; outcome: AnyOutcome | null}>({phase: 'idle', outcome: null});
	const running = useRef(false);
	const mounted = useRef(true);
	useEffect(
		() => () => {
			mounted.current = false;
		},
		[],
	);
	const run = useCallback(
		async (plan: AnyPlan, topology: Topology | null, options?: RemoveOptions): Promise<AnyOutcome | null> => {
			if (running.current) return null;
			running.current = true;
			setState({phase: 'running', outcome: null});
			// Started operations run to the end even if the dialog closes: an engine write
			// half done is worse than one finished; the log records it either way.
			const outcome = await executePlan(engine, plan, topology, undefined, options);
			const done = outcome.ok ? plan.steps : outcome.completed;
			log.add({
				kind: plan.kind,
				summary: plan.summary,
				ok: outcome.ok,
				lines: done.map(s => s.line),
				error: outcomeError(outcome),
				detail: outcomeDetail(outcome),
			});
			running.current = false;
			if (mounted.current) setState({phase: 'done', outcome});
			return outcome;
		},
		[engine, log],
	);
	const reset = useCallback(() => setState({phase: 'idle', outcome: null}), []);
	return {phase: state.phase, outcome: state.outcome, run, reset};
}

/** The session log, newest first, re-rendering when it grows. */
export function useOperationLog(log: OperationLog = sessionLog): readonly LogEntry[] {
	return useSyncExternalStore(log.subscribe, log.snapshot, log.snapshot);
}
