// Output shared by the operation subcommands (connect, disconnect, create, rm, prune):
// the docker CLI lines, notes, refusals and engine failures, human or --json.
// Exit codes: 0 done; 1 refused (invalid input, or the engine refused it); 2 usage or
// an engine that failed / did not answer.
import type {EngineFailure, OperationKind, Outcome, PlanBase} from '../commands/operation.js';
import {failureLine, isEngineRefusal} from '../commands/operation.js';
import {SCHEMA_VERSION} from '../domain/json.js';
import {inspectContainers} from '../commands/load-topology.js';
import type {EnginePort} from '../engine/port.js';
import {buildTopology} from '../domain/topology.js';
import type {Topology} from '../domain/types.js';
import {refusalLine, type Refusal} from '../domain/validate.js';
import {sanitize, sanitizeLines} from '../format/sanitize.js';
import {EXIT, UsageError, type CliContext} from './context.js';
import type {ParsedValues} from './options.js';

export const strings = (value: ParsedValues[string]): string[] =>
	value === undefined ? [] : (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

export const string = (value: ParsedValues[string]): string | null => {
	const all = strings(value);
	return all.length ? all[all.length - 1]! : null;
};

export function expectPositionals(positionals: string[], count: number, usage: string): void {
	if (positionals.length !== count) {
		throw new UsageError(`expected ${count === 1 ? 'one argument' : `${count} arguments`}, got ${positionals.length} (usage: ${usage})`);
	}
}

/**
 * The topology for one operation: the two list calls, then container inspects (for
 * aliases, which the lists lack on API 1.41) only for the containers `select` names
 * in the skeleton — not one per container on the engine.
 */
export async function loadTopologyFor(engine: EnginePort, select: (skeleton: Topology) => Iterable<string>): Promise<Topology> {
	const [networks, containers] = await Promise.all([engine.listNetworks(), engine.listContainers()]);
	const skeleton = buildTopology({networks, containers});
	const ids = [...new Set(select(skeleton))];
	if (ids.length === 0) return skeleton;
	return buildTopology({networks, containers, details: await inspectContainers(engine, ids)});
}

const verb: Record<OperationKind, string> = {
	connect: 'connect',
	disconnect: 'disconnect',
	create: 'create',
	remove: 'rm',
	prune: 'prune',
	start: 'start',
};

type JsonExtra = Record<string, unknown>;

function jsonDocument(kind: OperationKind, fields: JsonExtra) {
	return {schemaVersion: SCHEMA_VERSION, operation: verb[kind], ...fields};
}

const write = (ctx: CliContext, doc: unknown) => ctx.stdout.write(JSON.stringify(doc, null, 2) + '\n');

/** Refused before any engine call: one line on stderr, exit 1. */
export function reportRefusal(ctx: CliContext, kind: OperationKind, refusal: Refusal, extra: JsonExtra = {}): number {
	if (ctx.options.json) {
		write(
			ctx,
			jsonDocument(kind, {
				ok: false,
				dryRun: false,
				refused: {reason: refusal.reason, hint: refusal.hint, field: refusal.field},
				error: null,
				...extra,
			}),
		);
	}
	ctx.stderr.write(`docknet: cannot ${verb[kind]}: ${sanitize(refusalLine(refusal))}\n`);
	return EXIT.refused;
}

export function printPlan(ctx: CliContext, plan: PlanBase<OperationKind>, options: {prefix?: string} = {}): void {
	for (const s of plan.steps) ctx.stdout.write(`${options.prefix ?? '$ '}${sanitize(s.line)}\n`);
}

export function printNotes(ctx: CliContext, notes: readonly string[]): void {
	for (const note of notes) ctx.stderr.write(`note: ${sanitize(note)}\n`);
}

const failureJson = (f: EngineFailure) => ({kind: f.kind, message: f.message, explanation: f.explanation, statusCode: f.statusCode});

export const exitFor = (f: EngineFailure): number => (isEngineRefusal(f) ? EXIT.refused : EXIT.error);

/**
 * Prints the plan as --dry-run (nothing executed): the commands and the notes.
 */
export function reportDryRun(ctx: CliContext, plan: PlanBase<OperationKind>, extra: JsonExtra = {}): number {
	if (ctx.options.json) {
		write(
			ctx,
			jsonDocument(plan.kind, {
				ok: true,
				dryRun: true,
				summary: plan.summary,
				commands: plan.steps.map(s => s.line),
				notes: plan.notes,
				refused: null,
				error: null,
				result: null,
				...extra,
			}),
		);
		return EXIT.ok;
	}
	ctx.stdout.write(`would ${sanitize(plan.summary)}\n`);
	printPlan(ctx, plan, {prefix: '  $ '});
	printNotes(ctx, plan.notes);
	return EXIT.ok;
}

/** After executing: what was done, or the engine's error verbatim plus an explanation. */
export function reportOutcome<R>(
	ctx: CliContext,
	plan: PlanBase<OperationKind>,
	outcome: Outcome<OperationKind, R>,
	describe: (result: R) => string[],
	extra: JsonExtra = {},
	resultJson: (result: R) => unknown = r => r,
): number {
	if (ctx.options.json) {
		write(
			ctx,
			jsonDocument(plan.kind, {
				ok: outcome.ok,
				dryRun: false,
				summary: plan.summary,
				commands: plan.steps.map(s => s.line),
				notes: plan.notes,
				refused: null,
				error: outcome.ok ? null : failureJson(outcome.failure),
				completed: outcome.ok ? plan.steps.map(s => s.line) : outcome.completed.map(s => s.line),
				result: outcome.result === null ? null : resultJson(outcome.result),
				...extra,
			}),
		);
	} else {
		const done = outcome.ok ? plan.steps : outcome.completed;
		for (const s of done) ctx.stdout.write(`$ ${sanitize(s.line)}\n`);
		if (outcome.result !== null) for (const line of describe(outcome.result)) ctx.stdout.write(`${sanitize(line)}\n`);
		// On failure stderr carries exactly one line: the engine's message and what it means.
		if (outcome.ok) printNotes(ctx, plan.notes);
	}
	if (outcome.ok) return EXIT.ok;
	const failed = outcome.failedStep ? ` at: ${outcome.failedStep.line}` : '';
	// An engine message over several lines is shown as lines, each sanitized.
	ctx.stderr.write(`docknet: ${verb[plan.kind]} failed${sanitize(failed)}: ${sanitizeLines(failureLine(outcome.failure))}\n`);
	return exitFor(outcome.failure);
}
