// docknet ping SRC DST [-c N] [-i SEC] [--json]: ping from inside SRC. Without -c it
// runs until Ctrl-C, then stops the ping inside the container and prints the summary.
// --json: one object per reply (and per lost packet), then a summary object.
import {canonicalTarget, staticWhy} from '../commands/probe-why.js';
import {outsideAddresses} from '../domain/diagnosis.js';
import {SCHEMA_VERSION} from '../domain/json.js';
import type {PingStats} from '../domain/probe-parsers.js';
import {sanitize} from '../format/sanitize.js';
import {shellLine} from '../format/shell-quote.js';
import type {CliContext} from './context.js';
import {
	CONNECT_HOTKEY,
	PROBE_EXIT,
	PROBE_OPTIONS,
	PROBE_OPTIONS_USAGE,
	detailedSource,
	diagnosisText,
	expectArgs,
	guardProbe,
	interruptible,
	loadProbe,
	makeProber,
	positiveInteger,
	positiveNumber,
	reasonJson,
} from './probe-common.js';
import type {OptionSpec, ParsedValues} from './options.js';

export const PING_USAGE = `docknet ping SRC DST [-c N] [-i SEC] ${PROBE_OPTIONS_USAGE} [--json]`;
export const PING_OPTIONS: OptionSpec = {count: {type: 'string', short: 'c'}, interval: {type: 'string', short: 'i'}, ...PROBE_OPTIONS};

const ms = (value: number | null) => (value === null ? '-' : value.toFixed(3));

export async function runPing(ctx: CliContext, positionals: string[], values: ParsedValues): Promise<number> {
	expectArgs(positionals, 2, PING_USAGE);
	const count = values.count === undefined ? null : positiveInteger(values.count, '-c', 1, 100000);
	const interval = positiveNumber(values.interval, '-i', 1, 60);
	const timeout = positiveNumber(values.timeout, '--timeout', 1, 60);
	const [sourceRef, typed] = positionals as [string, string];
	const json = ctx.options.json;
	const out = (line: string) => ctx.stdout.write(line + '\n');
	const prober = makeProber(ctx, values);
	return guardProbe(ctx, prober, async () => {
		// The ping starts as soon as the scope is known: from the lists alone when they know
		// the target (a container name, an address); the diagnosis (only printed when the
		// ping fails) is read meanwhile.
		const load = await loadProbe(ctx, sourceRef, typed);
		const source = load.source;
		const scopeTopology = load.early ?? (await load.topology);
		const scopeSource = detailedSource(scopeTopology, source);
		// Parsed once: the canonical address (or the name) is what the container pings.
		const {text: targetText, outside} = canonicalTarget(scopeTopology, scopeSource, typed);
		const whyOf = async () => {
			const topology = await load.topology;
			return staticWhy(topology, detailedSource(topology, source), targetText, {hotkeys: {connect: CONNECT_HOTKEY}});
		};
		const outsideNote = " (outside this engine's networks: an outbound check)";
		const reported = new Set<number>();
		const {value: result, interrupted} = await interruptible(signal =>
			prober.ping(scopeSource, targetText, {
				count,
				intervalSec: interval,
				timeoutSec: timeout,
				signal,
				onStart: where => {
					if (!json)
						out(
							`PING ${sanitize(targetText)}${outside ? outsideNote : ''} from ${sanitize(source.name)}${where.via === 'helper' ? ` (via a helper container in its network namespace)` : ''}: ${sanitize(where.cli.map(c => shellLine(c)).join(' && '))}`,
						);
				},
				onReply: reply => {
					if (json)
						out(
							JSON.stringify({
								type: 'reply',
								source: source.name,
								target: targetText,
								from: reply.from,
								seq: reply.seq,
								ttl: reply.ttl,
								rttMs: reply.rttMs,
								bytes: reply.bytes,
							}),
						);
					else
						out(`${reply.bytes ?? 64} bytes from ${sanitize(reply.from)}: seq=${reply.seq} ttl=${reply.ttl ?? '-'} time=${reply.rttMs} ms`);
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
		// What the source really pinged (a name resolved inside it) and whether that is outside the engine.
		const resolvedOutside = stats.address ? outsideAddresses(await load.topology, [stats.address]).length > 0 : outside;
		if (json) {
			out(
				JSON.stringify({
					type: 'summary',
					schemaVersion: SCHEMA_VERSION,
					source: source.name,
					target: targetText,
					address: stats.address,
					outside: resolvedOutside,
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
			if (stats.unresolved)
				out(`ping: bad address '${sanitize(stats.unresolved)}' (the name does not resolve from ${sanitize(source.name)})`);
			for (const e of stats.errors) out(sanitize(e));
			const counts =
				stats.cannotRun && !stats.received
					? `ping cannot run in ${sanitize(source.name)} (no NET_RAW?): nothing sent, reachability not tested — try docknet port`
					: stats.unresolved && !stats.transmitted
						? 'nothing sent'
						: `${stats.transmitted} sent, ${stats.received} received, ${stats.lossPct}% loss`;
			out(
				`--- ${sanitize(source.name)} -> ${sanitize(targetText)}${stats.address && stats.address !== targetText ? ` (${sanitize(stats.address)})` : ''}${resolvedOutside ? outsideNote : ''}: ${counts}${stats.received ? `, min/avg/max ${ms(stats.minMs)}/${ms(stats.avgMs)}/${ms(stats.maxMs)} ms` : ''}`,
			);
			if (result.stop === 'left-running')
				out(
					`note: the ping could not be stopped inside ${sanitize(source.name)} (no shell there, no helper allowed); it ends by itself within its deadline`,
				);
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
