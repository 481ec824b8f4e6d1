// A diagnosis' fixes as operation steps: the docker lines docknet has an operation
// for (network connect, network create) become plans of the normal write path —
// validated against the topology as it is when the step runs, confirmed in a dialog,
// recorded in the operation log; any other line (start, unpause, rename…) is shown
// for the user to run. Pure: plans, no engine calls.
import type {Diagnosis, Fix} from '../domain/diagnosis.js';
import type {Topology} from '../domain/types.js';
import type {Refusal} from '../domain/validate.js';
import {shellLine} from '../format/shell-quote.js';
import {planConnect} from './connect.js';
import {planCreate} from './create.js';
import {planStart} from './start.js';
import type {AnyPlan} from './execute.js';

export type FixStep =
	| {kind: 'plan'; line: string; summary: string; plan: (t: Topology) => AnyPlan | Refusal}
	/** A line docknet has no operation for: shown (and copied), run by the user. */
	| {kind: 'manual'; line: string; summary: string};

/** The fixes worth applying, in the diagnosis' order (the fixing order): what blocks or warns and is not refuted. */
export function fixesOf(diagnosis: Diagnosis | null): Fix[] {
	if (!diagnosis) return [];
	return diagnosis.reasons
		.filter(r => r.fix && r.status !== 'refuted' && (r.severity === 'blocks' || r.severity === 'warns'))
		.map(r => r.fix!);
}

export function fixSteps(fixes: Fix[]): FixStep[] {
	const steps: FixStep[] = [];
	for (const fix of fixes) {
		for (const argv of fix.commands) {
			const line = shellLine(argv);
			const [, noun, verb, ...rest] = argv;
			if (noun === 'network' && verb === 'connect' && rest.length === 2) {
				const [network, container] = rest as [string, string];
				steps.push({kind: 'plan', line, summary: fix.summary, plan: t => planConnect(t, {network, container})});
			} else if ((noun === 'start' || noun === 'unpause') && verb !== undefined && rest.length === 0) {
				const action = noun;
				steps.push({kind: 'plan', line, summary: fix.summary, plan: t => planStart(t, {container: verb, action})});
			} else if (noun === 'network' && verb === 'create' && rest.length === 1) {
				const [name] = rest as [string];
				steps.push({kind: 'plan', line, summary: fix.summary, plan: t => planCreate(t, {name})});
			} else {
				steps.push({kind: 'manual', line, summary: fix.summary});
			}
		}
	}
	return steps;
}
