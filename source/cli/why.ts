// docknet why SRC DST [--port N] [--json]: why SRC can or cannot reach DST. The
// topology's reasons first (shared networks, default bridge, stopped, host/none mode,
// internal, icc, /etc/hosts names, alias clashes), each with its exact fix, then
// confirmed or refuted by DNS, ping (by name and by address) and an optional port check.
import {canonicalTarget, runWhy, staticWhy} from '../commands/probe-why.js';
import {SCHEMA_VERSION} from '../domain/json.js';
import {sanitize} from '../format/sanitize.js';
import {shellLine} from '../format/shell-quote.js';
import type {CliContext} from './context.js';
import {parsePort} from './port.js';
import {
	CONNECT_HOTKEY,
	PROBE_EXIT,
	PROBE_OPTIONS,
	PROBE_OPTIONS_USAGE,
	diagnosisText,
	expectArgs,
	guardProbe,
	interruptible,
	loadWithSource,
	makeProber,
	positiveNumber,
	reasonJson,
	targetJson,
	verdictWord,
} from './probe-common.js';
import type {OptionSpec, ParsedValues} from './options.js';

export const WHY_USAGE = `docknet why SRC DST [--port N] [--static] ${PROBE_OPTIONS_USAGE} [--json]`;
export const WHY_OPTIONS: OptionSpec = {port: {type: 'string', short: 'p'}, static: {type: 'boolean'}, ...PROBE_OPTIONS};

export async function runWhyCommand(ctx: CliContext, positionals: string[], values: ParsedValues): Promise<number> {
	expectArgs(positionals, 2, WHY_USAGE);
	const [sourceRef, typed] = positionals as [string, string];
	const port = values.port === undefined ? undefined : parsePort(String(values.port));
	const timeout = positiveNumber(values.timeout, '--timeout', 1, 60);
	const prober = makeProber(ctx, values);
	const out = (line: string) => ctx.stdout.write(line + '\n');
	return guardProbe(ctx, prober, async () => {
		const {topology, source} = await loadWithSource(ctx, sourceRef, typed);
		// Parsed once: a form the tools read differently is refused (exit 2), never shown as a verdict.
		const {text: targetText} = canonicalTarget(topology, source, typed);
		const options = {hotkeys: {connect: CONNECT_HOTKEY}, timeoutSec: timeout, ...(port !== undefined ? {port} : {})};
		const {value: result, interrupted} = values.static
			? {value: null, interrupted: false}
			: await interruptible(signal => runWhy(prober, topology, source, targetText, {...options, signal}));
		const diagnosis = result ? result.diagnosis : staticWhy(topology, source, targetText, options);
		const probed = Boolean(result && (result.evidence.pings?.length || result.evidence.dns || result.evidence.port));
		// Probes were wanted and every one was refused (no tools, read-only…): no verdict, as ping says (exit 2).
		const refused = Boolean(result && !probed && result.problems.length && !result.cancelled);
		if (ctx.options.json) {
			out(
				JSON.stringify(
					{
						schemaVersion: SCHEMA_VERSION,
						source: source.name,
						target: targetJson(diagnosis),
						port: port ?? null,
						verdict: diagnosis.verdict,
						reachable: diagnosis.verdict === 'yes',
						probed,
						refused,
						staticVerdict: result?.static.verdict ?? diagnosis.verdict,
						shared: diagnosis.shared.map(n => n.name),
						expectedAddresses: diagnosis.expectedAddresses,
						reasons: diagnosis.reasons.map(reasonJson),
						probes: (result?.probes ?? []).map(p => ({
							what: p.what,
							ok: p.ok,
							outcome: p.outcome,
							via: p.where.via,
							cli: p.where.cli.map(c => shellLine(c)),
						})),
						problems: result?.problems ?? [],
						interrupted,
					},
					null,
					2,
				),
			);
		} else {
			const target = sanitize(targetText);
			const header = refused
				? `NOT PROBED (the topology says ${verdictWord(diagnosis.verdict)})`
				: `${verdictWord(diagnosis.verdict)}${probed ? '' : ' (from the topology only: no probe ran)'}`;
			out(`${sanitize(source.name)} -> ${target}${port !== undefined ? `:${port}` : ''}: ${header}`);
			for (const line of diagnosisText(diagnosis, {skip: ['reachable', 'unreachable', 'dns-resolved']})) out(line);
			for (const problem of result?.problems ?? []) out(`  ! ${sanitize(problem)}`);
			if (result?.probes.length) {
				out('probes:');
				for (const p of result.probes) {
					out(`  ${p.ok === null ? '·' : p.ok ? '✓' : '✗'} ${sanitize(p.outcome)}`);
					out(`      ${sanitize(p.where.cli.map(c => shellLine(c)).join(' && '))}`);
				}
			}
		}
		if (interrupted || refused) return PROBE_EXIT.error;
		return diagnosis.verdict === 'yes' ? PROBE_EXIT.yes : PROBE_EXIT.no;
	});
}
