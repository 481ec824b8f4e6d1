// What the probe subcommands (ping, dns, port, why, matrix) share: the prober built
// from the options, the source container, Ctrl-C handling that really stops the
// probes and removes helpers, exit codes, and the diagnosis as text or JSON.
import {ProbeRefused} from '../commands/probe-host.js';
import {loadForProbe, type ProbeLoad} from '../commands/probe-topology.js';
import {Prober} from '../commands/probe.js';
import type {Diagnosis, Reason} from '../domain/diagnosis.js';
import {findContainer} from '../domain/selectors.js';
import type {Container, Topology} from '../domain/types.js';
import {EngineError} from '../engine/port.js';
import {sanitize, sanitizeLines} from '../format/sanitize.js';
import {shellLine} from '../format/shell-quote.js';
import {RefusedError, UsageError, describeFailure, type CliContext} from './context.js';
import type {OptionSpec, ParsedValues} from './options.js';

/** Exit codes of the probe commands: 0 reachable/resolved/open, 1 not (or not found), 2 usage, engine error or a refused probe. */
export const PROBE_EXIT = {yes: 0, no: 1, error: 2} as const;

export const PROBE_OPTIONS: OptionSpec = {'helper-image': {type: 'string'}, timeout: {type: 'string'}};
export const PROBE_OPTIONS_USAGE = '[--helper-image IMAGE] [--timeout SEC]';

/** The key the explorer binds to "connect", named in fixes. */
export const CONNECT_HOTKEY = 'c';

export function makeProber(ctx: CliContext, values: ParsedValues): Prober {
	const image = (values['helper-image'] as string | undefined) || ctx.env.DOCKNET_HELPER_IMAGE || null;
	return new Prober(ctx.engine, {helperImage: image, readOnly: ctx.options.readOnly});
}

/** A number of seconds (or so): greater than 0, at most `max`; decimals allowed. */
export function positiveNumber(value: unknown, name: string, fallback: number, max = 3600): number {
	if (value === undefined) return fallback;
	const text = String(value).trim();
	const n = /^[0-9]*\.?[0-9]+$/.test(text) ? Number(text) : Number.NaN;
	if (!Number.isFinite(n) || n <= 0 || n > max)
		throw new UsageError(`${name} must be a number greater than 0 and at most ${max}, not "${sanitize(String(value))}"`);
	return n;
}

/** A count: a whole number from 1 to `max` (1.5 is refused, not rounded). */
export function positiveInteger(value: unknown, name: string, fallback: number, max: number): number {
	if (value === undefined) return fallback;
	const text = String(value).trim();
	const n = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
	if (!Number.isSafeInteger(n) || n < 1 || n > max)
		throw new UsageError(`${name} must be a whole number from 1 to ${max}, not "${sanitize(String(value))}"`);
	return n;
}

/** The argument count, and no empty argument: an empty name would reach the container as-is. */
export function expectArgs(positionals: string[], count: number, usage: string): void {
	if (positionals.length !== count)
		throw new UsageError(`expected ${count} argument${count === 1 ? '' : 's'}, got ${positionals.length}: ${usage}`);
	const empty = positionals.findIndex(p => p.trim() === '');
	if (empty >= 0) throw new UsageError(`argument ${empty + 1} is empty: ${usage}`);
}

// Not found (or an ambiguous id prefix) is exit 1 in every command (README), as inspect/connect/rm say it.
const noSource = (ref: string, ambiguous: string | null) =>
	new RefusedError(
		ambiguous
			? `${sanitize(ambiguous)} (give more of the id, or the name)`
			: `no such container: ${sanitize(ref)} (the source must be a container: docknet ls lists them)`,
	);

/**
 * The lists, the source, and the topology the diagnosis of source -> target needs
 * (commands/probe-topology.ts: only the containers it reads are inspected). `early`
 * is set when the lists already settle the target, so a probe may start at once.
 */
export function loadProbe(ctx: CliContext, sourceRef: string, targetText: string | null): Promise<ProbeLoad> {
	return loadForProbe(ctx.engine, sourceRef, targetText, noSource);
}

/** The diagnosis topology and the source in it (its inspect loaded). */
export async function loadWithSource(
	ctx: CliContext,
	sourceRef: string,
	targetText: string | null = null,
): Promise<{topology: Topology; source: Container}> {
	const load = await loadProbe(ctx, sourceRef, targetText);
	const topology = await load.topology;
	return {topology, source: detailedSource(topology, load.source)};
}

/** The source as the detailed topology has it (its inspect), else as the lists gave it. */
export const detailedSource = (topology: Topology, source: Container): Container => findContainer(topology, source.id) ?? source;

/**
 * Runs `work` with a signal that Ctrl-C (SIGINT), SIGTERM and SIGHUP abort; `work`
 * then stops its probes and returns normally. A second Ctrl-C exits at once.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<{value: T; interrupted: boolean}> {
	const controller = new AbortController();
	let interrupted = false;
	const onSignal = () => {
		if (interrupted) process.exit(130);
		interrupted = true;
		controller.abort();
	};
	const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	for (const s of signals) process.on(s, onSignal);
	try {
		return {value: await work(controller.signal), interrupted};
	} finally {
		for (const s of signals) process.off(s, onSignal);
	}
}

/** Runs a probe command: refusals and engine errors become one clear line and exit 2. */
export async function guardProbe(ctx: CliContext, prober: Prober | null, run: () => Promise<number>): Promise<number> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof UsageError) throw error;
		if (error instanceof ProbeRefused) {
			ctx.stderr.write(`docknet: ${sanitizeLines(error.message)}\n`);
			return PROBE_EXIT.error;
		}
		if (error instanceof EngineError) {
			ctx.stderr.write(`docknet: ${describeFailure(error, ctx.connection).message}\n`);
			return PROBE_EXIT.error;
		}
		throw error;
	} finally {
		// Helpers go whatever happened (also after Ctrl-C).
		await prober
			?.dispose()
			.catch(error =>
				ctx.stderr.write(
					`docknet: could not remove a helper container: ${sanitizeLines(error instanceof Error ? error.message : String(error))}\n`,
				),
			);
	}
}

// ------------------------------------------------------------------ diagnosis output

const MARK: Record<Reason['severity'], string> = {blocks: '✗', warns: '!', info: '·', ok: '✓'};

export function reasonLines(reason: Reason, indent = '  '): string[] {
	const lines = [`${indent}${MARK[reason.severity]} ${sanitize(reason.text)}`];
	const pad = `${indent}    `;
	if (reason.status === 'confirmed' || reason.status === 'refuted' || reason.status === 'observed') {
		if (reason.evidence) lines.push(`${pad}${reason.status === 'observed' ? 'seen' : reason.status}: ${sanitize(reason.evidence)}`);
		else if (reason.status !== 'observed') lines.push(`${pad}${reason.status}`);
	}
	if (reason.fix && reason.status !== 'refuted') {
		const [first, ...rest] = reason.fix.commands;
		if (first)
			lines.push(
				`${pad}fix: ${shellLine(first)}${reason.fix.hotkey ? `   (in docknet: select ${sanitize(reason.fix.action && 'container' in reason.fix.action ? reason.fix.action.container : '')}, press ${reason.fix.hotkey})` : ''}`,
			);
		for (const more of rest) lines.push(`${pad}     ${shellLine(more)}`);
	}
	return lines;
}

export function verdictWord(verdict: Diagnosis['verdict']): string {
	return verdict === 'yes' ? 'REACHABLE' : verdict === 'no' ? 'NOT REACHABLE' : 'UNKNOWN';
}

export function diagnosisText(d: Diagnosis, options: {skip?: Array<Reason['code']>} = {}): string[] {
	return d.reasons.filter(r => !options.skip?.includes(r.code)).flatMap(r => reasonLines(r));
}

export function reasonJson(r: Reason) {
	return {
		code: r.code,
		severity: r.severity,
		status: r.status,
		text: r.text,
		evidence: r.evidence ?? null,
		fix: r.fix
			? {
					summary: r.fix.summary,
					commands: r.fix.commands.map(c => shellLine(c)),
					argv: r.fix.commands,
					action: r.fix.action ?? null,
					hotkey: r.fix.hotkey ?? null,
				}
			: null,
	};
}

export function targetJson(d: Diagnosis) {
	const t = d.target;
	return {
		text: t.text,
		kind: t.kind,
		container: t.kind === 'container' ? t.container.name : t.kind === 'hosts-name' ? (t.container?.name ?? null) : null,
		via: t.kind === 'container' ? t.via : t.kind === 'hosts-name' ? t.origin : null,
	};
}
