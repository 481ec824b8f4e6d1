// docknet port SRC DST PORT [--json]: does something accept TCP connections on
// DST:PORT, seen from inside SRC (busybox: nc -w SEC DST PORT </dev/null).
import {canonicalTarget, staticWhy} from '../commands/probe-why.js';
import {reconcile} from '../domain/diagnosis.js';
import {SCHEMA_VERSION} from '../domain/json.js';
import {sanitize} from '../format/sanitize.js';
import {shellLine} from '../format/shell-quote.js';
import {UsageError, type CliContext} from './context.js';
import {
	CONNECT_HOTKEY,
	PROBE_EXIT,
	PROBE_OPTIONS,
	PROBE_OPTIONS_USAGE,
	detailedSource,
	expectArgs,
	guardProbe,
	interruptible,
	loadProbe,
	makeProber,
	positiveNumber,
	reasonJson,
	reasonLines,
} from './probe-common.js';
import type {OptionSpec, ParsedValues} from './options.js';

export const PORT_USAGE = `docknet port SRC DST PORT ${PROBE_OPTIONS_USAGE} [--json]`;
export const PORT_OPTIONS: OptionSpec = {...PROBE_OPTIONS};

export function parsePort(text: string): number {
	const port = Number(text.replace(/\/tcp$/, ''));
	if (!/^\d+(\/tcp)?$/.test(text) || !Number.isInteger(port) || port < 1 || port > 65535) {
		throw new UsageError(`PORT must be a TCP port number from 1 to 65535, not "${sanitize(text)}"`);
	}
	return port;
}

export async function runPort(ctx: CliContext, positionals: string[], values: ParsedValues): Promise<number> {
	expectArgs(positionals, 3, PORT_USAGE);
	const [sourceRef, typed, portText] = positionals as [string, string, string];
	const port = parsePort(portText);
	const timeout = positiveNumber(values.timeout, '--timeout', 2, 60);
	const prober = makeProber(ctx, values);
	const out = (line: string) => ctx.stdout.write(line + '\n');
	return guardProbe(ctx, prober, async () => {
		// As ping: the check starts once the scope is known (from the lists when they know the target).
		const load = await loadProbe(ctx, sourceRef, typed);
		const scopeTopology = load.early ?? (await load.topology);
		const source = detailedSource(scopeTopology, load.source);
		// Parsed once: the canonical address (or the name) is what nc connects to.
		const {text: target, outside} = canonicalTarget(scopeTopology, source, typed);
		const firstOf = async () => {
			const topology = await load.topology;
			return {
				topology,
				first: staticWhy(topology, detailedSource(topology, load.source), target, {port, hotkeys: {connect: CONNECT_HOTKEY}}),
			};
		};
		const [{topology, first}, {value: result, interrupted}] = await Promise.all([
			firstOf(),
			interruptible(signal => prober.port(source, target, port, {signal, timeoutSec: timeout})),
		]);
		const diagnosis = reconcile(topology, first, {port: {host: target, port, check: result.check, timeoutSec: timeout}});
		const open = result.check.state === 'open';
		const reasons = diagnosis.reasons.filter(r =>
			open
				? r.code === 'host-port' || r.code === 'port-open'
				: r.severity === 'blocks' || r.severity === 'warns' || r.code === 'port-not-exposed',
		);
		if (ctx.options.json) {
			out(
				JSON.stringify(
					{
						schemaVersion: SCHEMA_VERSION,
						source: source.name,
						target,
						port,
						outside,
						state: result.check.state,
						message: result.check.message,
						open,
						timeoutSec: timeout,
						interrupted,
						via: result.where.via,
						cli: result.where.cli.map(c => shellLine(c)),
						reasons: reasons.map(reasonJson),
					},
					null,
					2,
				),
			);
		} else {
			const words: Record<string, string> = {
				open: 'open (connected)',
				refused: 'closed (connection refused)',
				timeout: `no answer within ${timeout} s`,
				unreachable: 'unreachable',
				unresolved: 'name does not resolve',
				error: 'check failed',
			};
			out(
				`${sanitize(source.name)} -> ${sanitize(target)}:${port}${outside ? " (outside this engine's networks)" : ''}  ${words[result.check.state]}${result.check.message && !open ? `  (${sanitize(result.check.message)})` : ''}`,
			);
			out(`  ${sanitize(result.where.cli.map(c => shellLine(c)).join(' && '))}`);
			for (const r of reasons) for (const line of reasonLines(r)) out(line);
		}
		return open ? PROBE_EXIT.yes : PROBE_EXIT.no;
	});
}
