// docker start / docker unpause of one container: the probe panel's fix for a stopped
// or paused source or target, through the normal write path (plan shown and confirmed,
// outcome logged). Validated against the topology: the container exists and is in the
// state the action changes.
import type {EnginePort} from '../engine/port.js';
import {findContainer} from '../domain/selectors.js';
import type {Topology} from '../domain/types.js';
import type {Refusal} from '../domain/validate.js';
import {step, throwIfAborted, toFailure, type Outcome, type PlanBase} from './operation.js';

export type StartAction = 'start' | 'unpause';
export type StartPlan = PlanBase<'start'> & {action: StartAction; containerId: string; containerName: string};

const refuse = (reason: string, hint: string | null = null): Refusal => ({ok: false, reason, hint, field: null});

export function planStart(t: Topology, input: {container: string; action: StartAction}): StartPlan | Refusal {
	const c = findContainer(t, input.container);
	if (!c) return refuse(`no such container: ${input.container}`);
	if (input.action === 'start' && c.state === 'running') return refuse(`${c.name} is already running`);
	if (input.action === 'start' && c.state === 'paused') return refuse(`${c.name} is paused, not stopped`, `docker unpause ${c.name}`);
	if (input.action === 'unpause' && c.state !== 'paused') return refuse(`${c.name} is not paused (${c.state})`);
	return {
		ok: true,
		kind: 'start',
		summary: `${input.action} ${c.name}`,
		steps: [step(input.action, c.name)],
		notes: c.state === 'restarting' ? [`${c.name} keeps restarting: starting it again may not help (docker logs ${c.name})`] : [],
		action: input.action,
		containerId: c.id,
		containerName: c.name,
	};
}

export async function executeStart(
	engine: EnginePort,
	plan: StartPlan,
	signal?: AbortSignal,
): Promise<Outcome<'start', {container: string}>> {
	try {
		throwIfAborted(signal);
		if (plan.action === 'start') await engine.startContainer(plan.containerId);
		else await engine.unpauseContainer(plan.containerId);
		return {ok: true, kind: 'start', summary: plan.summary, steps: plan.steps, result: {container: plan.containerName}};
	} catch (error) {
		return {
			ok: false,
			kind: 'start',
			summary: plan.summary,
			completed: [],
			failedStep: plan.steps[0]!,
			failure: toFailure(error),
			result: null,
		};
	}
}
