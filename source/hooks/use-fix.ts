// Applies a diagnosis' fix steps (commands/fix.ts) through the normal write path: each
// plan validated against the topology as it is when the step runs, executed, and
// recorded in the session log (L) like any dialog's operation. Never throws: a refusal,
// an engine failure or a lost engine stops the sequence and is returned for display.
import {useCallback, useEffect, useRef, useState} from 'react';
import type {EnginePort} from '../engine/port.js';
import type {Topology} from '../domain/types.js';
import {refusalLine} from '../domain/validate.js';
import {executePlan, outcomeDetail, outcomeError} from '../commands/execute.js';
import type {FixStep} from '../commands/fix.js';
import {loadTopology} from '../commands/load-topology.js';
import {toFailure, type EngineFailure} from '../commands/operation.js';
import {sessionLog, type OperationLog} from '../state/operations.js';

export type FixRun = {
	phase: 'idle' | 'running' | 'done' | 'refused' | 'failed' | 'manual';
	/** The step the run stopped at (refused, failed, manual) or is running. */
	at: number;
	/** Lines that ran. */
	done: string[];
	message: string | null;
	failure: EngineFailure | null;
};

const idle: FixRun = {phase: 'idle', at: 0, done: [], message: null, failure: null};

export function useFix(engine: EnginePort, log: OperationLog = sessionLog) {
	const [state, setState] = useState<FixRun>(idle);
	const mounted = useRef(true);
	const running = useRef(false);
	useEffect(
		() => () => {
			mounted.current = false;
		},
		[],
	);
	const run = useCallback(
		async (steps: FixStep[], topology: Topology): Promise<FixRun> => {
			if (running.current) return state;
			running.current = true;
			const done: string[] = [];
			const finish = (end: Omit<FixRun, 'done'>): FixRun => {
				running.current = false;
				const final = {...end, done};
				if (mounted.current) setState(final);
				return final;
			};
			let t = topology;
			for (let at = 0; at < steps.length; at++) {
				const step = steps[at]!;
				if (mounted.current) setState({phase: 'running', at, done: [...done], message: null, failure: null});
				if (step.kind === 'manual') return finish({phase: 'manual', at, message: null, failure: null});
				// Each step is planned on the topology as it is now (a network the previous step created).
				if (at > 0) {
					try {
						t = await loadTopology(engine);
					} catch (error) {
						return finish({phase: 'failed', at, message: null, failure: toFailure(error)});
					}
				}
				const plan = step.plan(t);
				if (!plan.ok) return finish({phase: 'refused', at, message: refusalLine(plan), failure: null});
				const outcome = await executePlan(engine, plan, t);
				const ran = outcome.ok ? plan.steps : outcome.completed;
				log.add({
					kind: plan.kind,
					summary: plan.summary,
					ok: outcome.ok,
					lines: ran.map(s => s.line),
					error: outcomeError(outcome),
					detail: outcomeDetail(outcome),
				});
				if (!outcome.ok) return finish({phase: 'failed', at, message: null, failure: outcome.failure});
				done.push(step.line);
			}
			return finish({phase: 'done', at: steps.length, message: null, failure: null});
		},
		[engine, log, state],
	);
	return {state, run};
}
