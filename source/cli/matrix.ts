// docknet matrix NETWORK [--max N] [--concurrency N] [--json]: every running pair on
// the network pinged by name (by IP on the default bridge), one packet each, a bounded
// number at once; a grid of round-trip times and, for failures, the reason.
import {
	MATRIX_HARD_MAX,
	MATRIX_MAX_MEMBERS,
	MatrixRefused,
	matrixCounts,
	planMatrix,
	runMatrix,
	type MatrixCell,
	type MatrixPlan,
} from '../commands/matrix.js';
import {loadTopology} from '../commands/load-topology.js';
import {SCHEMA_VERSION} from '../domain/json.js';
import {sanitize} from '../format/sanitize.js';
import {displayWidth, fit} from '../format/width.js';
import {commonPrefix} from '../format/name-prefix.js';
import {RefusedError, type CliContext} from './context.js';
import {
	PROBE_EXIT,
	PROBE_OPTIONS,
	PROBE_OPTIONS_USAGE,
	expectArgs,
	guardProbe,
	interruptible,
	makeProber,
	positiveInteger,
	positiveNumber,
} from './probe-common.js';
import type {OptionSpec, ParsedValues} from './options.js';

export const MATRIX_USAGE = `docknet matrix NETWORK [--max N] [--concurrency N] ${PROBE_OPTIONS_USAGE} [--json]`;
export const MATRIX_OPTIONS: OptionSpec = {max: {type: 'string'}, concurrency: {type: 'string'}, ...PROBE_OPTIONS};

const CELL_WIDTH = 8;

export function cellText(cell: MatrixCell | undefined): string {
	if (!cell) return '·';
	switch (cell.state) {
		case 'ok':
			return `✓ ${cell.rttMs !== null ? (cell.rttMs < 10 ? cell.rttMs.toFixed(2) : cell.rttMs.toFixed(0)) : ''}`;
		case 'fail':
			return '✗';
		case 'error':
			return '?';
		case 'cancelled':
			return '-';
		default:
			return '…';
	}
}

/** The grid as text: rows are sources, columns are targets. */
export function renderMatrix(plan: MatrixPlan): string {
	const full = plan.members.map(c => sanitize(c.name));
	// Compose-style names: the common prefix said once, the columns show what differs.
	const prefix = commonPrefix(full);
	const names = full.map(n => n.slice(prefix.length));
	const rowWidth = Math.min(24, Math.max(9, ...names.map(displayWidth)));
	const at = new Map(plan.cells.map(c => [`${c.from}\u0000${c.to}`, c]));
	const lines = [
		...(prefix ? [`(names without their common prefix "${prefix}")`] : []),
		`${fit('from \\ to', rowWidth)}  ${names.map(n => fit(n, CELL_WIDTH)).join(' ')}`,
	];
	for (const from of plan.members) {
		const row = plan.members.map(to => fit(from.id === to.id ? '·' : cellText(at.get(`${from.name}\u0000${to.name}`)), CELL_WIDTH));
		lines.push(`${fit(sanitize(from.name).slice(prefix.length), rowWidth)}  ${row.join(' ')}`);
	}
	return lines.join('\n');
}

export async function runMatrixCommand(ctx: CliContext, positionals: string[], values: ParsedValues): Promise<number> {
	expectArgs(positionals, 1, MATRIX_USAGE);
	const max = positiveInteger(values.max, '--max', MATRIX_MAX_MEMBERS, MATRIX_HARD_MAX);
	const concurrency = positiveInteger(values.concurrency, '--concurrency', 8, 32);
	const timeout = positiveNumber(values.timeout, '--timeout', 1, 30);
	const prober = makeProber(ctx, values);
	const out = (line: string) => ctx.stdout.write(line + '\n');
	return guardProbe(ctx, prober, async () => {
		const topology = await loadTopology(ctx.engine);
		let plan: MatrixPlan;
		try {
			plan = planMatrix(topology, positionals[0]!, {max});
		} catch (error) {
			// No such network, or one with nothing to ping: a refusal (exit 1), as in every command.
			if (error instanceof MatrixRefused) throw new RefusedError(sanitize(error.message));
			throw error;
		}
		const progress = !ctx.options.json && ctx.stderr.isTTY;
		let done = 0;
		const {interrupted} = await interruptible(signal =>
			runMatrix(prober, topology, plan, {
				signal,
				concurrency,
				timeoutSec: timeout,
				onCell: cell => {
					if (cell.state === 'running' || cell.state === 'pending') return;
					done++;
					if (progress) ctx.stderr.control(`\r${done}/${plan.cells.length} pings`);
				},
			}),
		);
		if (progress) ctx.stderr.control('\r\x1b[K');
		const counts = matrixCounts(plan.cells);
		if (ctx.options.json) {
			out(
				JSON.stringify(
					{
						schemaVersion: SCHEMA_VERSION,
						network: plan.network.name,
						byIp: plan.byIp,
						members: plan.members.map(c => c.name),
						stopped: plan.stopped,
						cells: plan.cells.map(c => ({
							from: c.from,
							to: c.to,
							target: c.target,
							state: c.state,
							reachable: c.state === 'ok',
							rttMs: c.rttMs,
							reason: c.reason,
						})),
						counts,
						interrupted,
					},
					null,
					2,
				),
			);
		} else {
			const subnet = plan.network.ipam
				.map(c => c.subnet)
				.filter(Boolean)
				.join(', ');
			out(
				`${sanitize(plan.network.name)}${subnet ? ` (${subnet})` : ''}: ${plan.members.length} running containers, ${plan.cells.length} pings ${plan.byIp ? 'by IP (the default bridge has no names)' : 'by name'}, one packet each`,
			);
			if (plan.members.length < 2) out('  fewer than two running containers: nothing to ping');
			else out(renderMatrix(plan));
			const failed = plan.cells.filter(c => c.state === 'fail' || c.state === 'error');
			for (const c of failed)
				out(`  ${c.state === 'fail' ? '✗' : '?'} ${sanitize(c.from)} -> ${sanitize(c.target)}: ${sanitize(c.reason ?? 'no reply')}`);
			if (plan.stopped.length) out(`  not running (not probed): ${plan.stopped.map(sanitize).join(', ')}`);
			out(
				`${counts.ok} reachable, ${counts.fail} not, ${counts.error} could not be probed${counts.cancelled ? `, ${counts.cancelled} cancelled` : ''}  (${plan.cli.join(' ')})`,
			);
		}
		if (interrupted || counts.error) return PROBE_EXIT.error;
		return counts.fail ? PROBE_EXIT.no : PROBE_EXIT.yes;
	});
}
