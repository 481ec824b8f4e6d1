// docknet ping SRC DST [-c N] [-i SEC] [--json]: ping from inside SRC. Without -c it
// runs until Ctrl-C, then stops the ping inside the container and prints the summary.
// --json: one object per reply (and per lost packet), then a summary object.
import {checkScope, staticWhy} from '../commands/probe-why.js';
import {resolveTarget} from '../domain/diagnosis.js';
import {SCHEMA_VERSION} from '../domain/json.js';
import type {PingStats} from '../domain/probe-parsers.js';
import {sanitize} from '../format/sanitize.js';
import {shellLine} from '../format/shell-quote.js';
import type {CliContext} from './context.js';
import {CONNECT_HOTKEY, PROBE_EXIT, PROBE_OPTIONS, PROBE_OPTIONS_USAGE, detailedSource, diagnosisText, expectArgs, guardProbe, interruptible, loadProbe, makeProber, positiveNumber, reasonJson} from './probe-common.js';
import type {OptionSpec, ParsedValues} from './subcommands.js';

export const PING_USAGE = `docknet ping SRC DST [-c N] [-i SEC] ${PROBE_OPTIONS_USAGE} [--json]`;
export const PING_OPTIONS: OptionSpec = {count: {type: 'string', short: 'c'}, interval: {type: 'string', short: 'i'}, ...PROBE_OPTIONS};

const ms = (value: number | null) => (value === null ? '-' : value.toFixed(3));

export async function runPing(ctx: CliContext, positionals: string[], values: ParsedValues): Promise<number> {
	expectArgs(positionals, 2, PING_USAGE);
	const count = values.count === undefined ? null : Math.floor(positiveNumber(values.count, '-c', 1, 100000));
	const interval = positiveNumber(values.interval, '-i', 1, 60);
	const timeout = positiveNumber(values.timeout, '--timeout', 1, 60);
	const [sourceRef, targetText] = positionals as [string, string];
	const json = ctx.options.json;
	const out = (line: string) => ctx.stdout.write(line + '\n');
	const prober = makeProber(ctx, values);
	return guardProbe(ctx, prober, async () => {
		// The ping starts as soon as the scope is known: from the lists alone when they know
		// the target (a container name, an address); the diagnosis (only printed when the
		// ping fails) is read meanwhile.
		const load = await loadProbe(ctx, sourceRef, targetText);
		const source = load.source;
		const whyOf = async () => {
			const topology = await load.topology;
			return staticWhy(topology, detailedSource(topology, source), targetText, {hotkeys: {connect: CONNECT_HOTKEY}});
		};
		const scopeTopology = load.early ?? (await load.topology);
		const scopeSource = detailedSource(scopeTopology, source);
		const scope = await checkScope(prober, scopeTopology, scopeSource, resolveTarget(scopeTopology, scopeSource, targetText));
		if (!scope.ok) {
			if (!scope.unresolved) {
				ctx.stderr.write(`docknet: ${sanitize(scope.reason)}\n`);
				return PROBE_EXIT.error;
			}
			const diagnosis = await whyOf();
			// Not a name of this engine and DNS does not know it either: nothing is sent.
			if (json) out(JSON.stringify({type: 'summary', schemaVersion: SCHEMA_VERSION, source: source.name, target: targetText, address: null, transmitted: 0, received: 0, lossPct: 0, minMs: null, avgMs: null, maxMs: null, unresolved: true, errors: [], reachable: false, interrupted: false, via: 'self', cli: [], stopped: 'not-needed', reasons: diagnosis.reasons.filter(r => r.severity === 'blocks' || r.severity === 'warns').map(reasonJson)}));
			else {
				out(`ping: bad address '${sanitize(targetText)}' (the name does not resolve from ${sanitize(source.name)})`);
				out('why:');
				for (const line of diagnosisText({...diagnosis, reasons: diagnosis.reasons.filter(r => r.severity === 'blocks' || r.severity === 'warns')})) out(line);
			}
			return PROBE_EXIT.no;
		}
		const reported = new Set<number>();
		const {value: result, interrupted} = await interruptible(signal =>
			prober.ping(scopeSource, targetText, {
				count,
				intervalSec: interval,
				timeoutSec: timeout,
				signal,
				onStart: where => {
					if (!json) out(`PING ${sanitize(targetText)} from ${sanitize(source.name)}${where.via === 'helper' ? ` (via a helper container in its network namespace)` : ''}: ${sanitize(where.cli.map(c => shellLine(c)).join(' && '))}`);
				},
				onReply: reply => {
					if (json) out(JSON.stringify({type: 'reply', source: source.name, target: targetText, from: reply.from, seq: reply.seq, ttl: reply.ttl, rttMs: reply.rttMs, bytes: reply.bytes}));
					else out(`${reply.bytes ?? 64} bytes from ${sanitize(reply.from)}: seq=${reply.seq} ttl=${reply.ttl ?? '-'} time=${reply.rttMs} ms`);
				},
				onUpdate: (stats: PingStats) => {
					for (const seq of stats.lost) {
						if (reported.has(seq)) continue;
						reported.add(seq);
						if (json) out(JSON.stringify({type: 'lost', source: source.name, target: targetText, seq}));
						else out(`no reply: seq=${seq}`);
					}
				},
			}),
		);
		const diagnosis = await whyOf();
		const stats = result.stats;
		const reachable = stats.received > 0;
		const failing = !reachable ? diagnosis.reasons.filter(r => r.severity === 'blocks' || r.severity === 'warns') : [];
		if (json) {
			out(
				JSON.stringify({
					type: 'summary',
					schemaVersion: SCHEMA_VERSION,
					source: source.name,
					target: targetText,
					address: stats.address,
					transmitted: stats.transmitted,
					received: stats.received,
					lossPct: stats.lossPct,
					minMs: stats.minMs,
					avgMs: stats.avgMs,
					maxMs: stats.maxMs,
					unresolved: stats.unresolved !== null,
					errors: stats.errors,
					cannotRun: stats.cannotRun,
					reachable,
					interrupted,
					via: result.where.via,
					cli: result.where.cli.map(c => shellLine(c)),
					stopped: result.stop,
					reasons: failing.map(reasonJson),
				}),
			);
		} else {
			if (stats.unresolved) out(`ping: bad address '${sanitize(stats.unresolved)}' (the name does not resolve from ${sanitize(source.name)})`);
			for (const e of stats.errors) out(sanitize(e));
			const counts =
				stats.cannotRun && !stats.received
					? `ping cannot run in ${sanitize(source.name)} (no NET_RAW?): nothing sent, reachability not tested — try docknet port`
					: stats.unresolved && !stats.transmitted
						? 'nothing sent'
						: `${stats.transmitted} sent, ${stats.received} received, ${stats.lossPct}% loss`;
			out(`--- ${sanitize(source.name)} -> ${sanitize(targetText)}${stats.address ? ` (${stats.address})` : ''}: ${counts}${stats.received ? `, min/avg/max ${ms(stats.minMs)}/${ms(stats.avgMs)}/${ms(stats.maxMs)} ms` : ''}`);
			if (result.stop === 'left-running') out(`note: the ping could not be stopped inside ${sanitize(source.name)} (no shell there, no helper allowed); it ends by itself within its deadline`);
			if (failing.length) {
				out('why:');
				for (const line of diagnosisText({...diagnosis, reasons: failing})) out(line);
			}
		}
		// Ping could not send at all: unknown, not "unreachable".
		if (!reachable && stats.cannotRun) return PROBE_EXIT.error;
		return reachable ? PROBE_EXIT.yes : PROBE_EXIT.no;
	});
}
