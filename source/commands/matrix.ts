// Reachability matrix of one network: every running pair pinged by name (one packet,
// short timeout) with bounded concurrency, cells reported as they finish. On the
// default bridge names do not resolve, so pairs are pinged by IP there (and the plan
// says so). The size is limited: n members make n*(n-1) probes.
import {sanitize} from '../format/sanitize.js';
import type {Container, Network, Topology} from '../domain/types.js';
import {diagnose, mainReason, resolveTarget, SHORT_REASON} from '../domain/diagnosis.js';
import {ambiguityText, endpointsOfNetwork, findNetwork, indexOf} from '../domain/selectors.js';
import {mapBounded} from './load-topology.js';
import {isAbortError} from './probe-exec.js';
import {ProbeRefused} from './probe-host.js';
import type {Prober} from './probe.js';

/** Default limit on members (20 members = 380 pings). */
export const MATRIX_MAX_MEMBERS = 20;
/** No limit can be raised past this. */
export const MATRIX_HARD_MAX = 60;

export type CellState = 'pending' | 'running' | 'ok' | 'fail' | 'error' | 'cancelled';

export type MatrixCell = {
	from: string;
	to: string;
	/** What was pinged: the name, or the IP on the default bridge. */
	target: string;
	state: CellState;
	rttMs: number | null;
	/** Why a pair fails: the topology's main reason, or what ping said. */
	reason: string | null;
};

export type MatrixPlan = {
	network: Network;
	members: Container[];
	byIp: boolean;
	cells: MatrixCell[];
	/** Members with an address on the network but not running (shown apart, not probed). */
	stopped: string[];
	cli: string[];
};

export class MatrixRefused extends Error {
	override name = 'MatrixRefused';
}

export function planMatrix(t: Topology, networkRef: string, options: {max?: number} = {}): MatrixPlan {
	const network = findNetwork(t, networkRef);
	if (!network) throw new MatrixRefused(ambiguityText(t.networks, networkRef, 'networks') ?? `no such network: ${sanitize(networkRef)}`);
	if (network.predefined === 'host' || network.predefined === 'none' || network.driver === 'host' || network.driver === 'null') {
		throw new MatrixRefused(`${network.name} gives its containers no addresses of their own: there is nothing to ping between them`);
	}
	const index = indexOf(t);
	const members = endpointsOfNetwork(t, network.id)
		.map(e => index.containerById.get(e.containerId))
		.filter((c): c is Container => Boolean(c) && c!.state === 'running')
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const stopped = (index.configuredByNetwork.get(network.id) ?? []).map(
		a => index.containerById.get(a.containerId)?.name ?? a.containerId.slice(0, 12),
	);
	const max = Math.min(options.max ?? MATRIX_MAX_MEMBERS, MATRIX_HARD_MAX);
	if (members.length > max) {
		throw new MatrixRefused(
			`${network.name} has ${members.length} running containers: the matrix is limited to ${max} (${max * (max - 1)} pings)${
				max < MATRIX_HARD_MAX ? `; raise it with --max ${Math.min(members.length, MATRIX_HARD_MAX)}` : ''
			}`,
		);
	}
	const byIp = network.predefined === 'bridge';
	const ipOf = new Map(endpointsOfNetwork(t, network.id).map(e => [e.containerId, e.ipv4]));
	const cells: MatrixCell[] = [];
	for (const from of members) {
		for (const to of members) {
			if (from.id === to.id) continue;
			cells.push({
				from: from.name,
				to: to.name,
				target: byIp ? (ipOf.get(to.id) ?? to.name) : to.name,
				state: 'pending',
				rttMs: null,
				reason: null,
			});
		}
	}
	return {network, members, byIp, cells, stopped, cli: ['docker', 'exec', 'SRC', 'ping', '-c', '1', '-W', '1', byIp ? 'DST-IP' : 'DST']};
}

export type MatrixOptions = {
	signal?: AbortSignal;
	/** Pings in flight at once (the prober's limit applies too). */
	concurrency?: number;
	timeoutSec?: number;
	onCell?: (cell: MatrixCell, index: number) => void;
};

/** Runs the plan; cells are updated in place and reported through onCell. */
export async function runMatrix(prober: Prober, t: Topology, plan: MatrixPlan, options: MatrixOptions = {}): Promise<MatrixCell[]> {
	const byName = new Map(plan.members.map(c => [c.name, c]));
	const update = (at: number, patch: Partial<MatrixCell>) => {
		Object.assign(plan.cells[at]!, patch);
		options.onCell?.(plan.cells[at]!, at);
	};
	const order = plan.cells.map((_, i) => i);
	await mapBounded(order, options.concurrency ?? prober.limiter.max, async at => {
		const cell = plan.cells[at]!;
		if (options.signal?.aborted) return update(at, {state: 'cancelled'});
		update(at, {state: 'running'});
		const from = byName.get(cell.from)!;
		try {
			const result = await prober.ping(from, cell.target, {
				count: 1,
				timeoutSec: options.timeoutSec ?? 1,
				...(options.signal ? {signal: options.signal} : {}),
			});
			if (result.cancelled) return update(at, {state: 'cancelled'});
			const stats = result.stats;
			if (stats.received > 0) return update(at, {state: 'ok', rttMs: stats.replies[0]!.rttMs});
			// No NET_RAW in the source: ping could not send, so this pair is untested, not failing.
			if (stats.cannotRun) return update(at, {state: 'error', reason: `ping cannot run in ${cell.from} (${stats.cannotRun})`});
			const diagnosis = diagnose(t, from, resolveTarget(t, from, cell.target));
			const main = mainReason(diagnosis);
			const said = stats.unresolved ? 'name does not resolve' : (stats.errors.at(-1) ?? 'no reply');
			update(at, {state: 'fail', reason: main ? (SHORT_REASON[main.code] ?? main.code) : said});
		} catch (error) {
			if (isAbortError(error)) return update(at, {state: 'cancelled'});
			update(at, {
				state: 'error',
				reason: error instanceof ProbeRefused ? error.message : error instanceof Error ? error.message : String(error),
			});
		}
	});
	return plan.cells;
}

/** Summary counts of a matrix. */
export function matrixCounts(cells: MatrixCell[]): Record<CellState, number> {
	const out: Record<CellState, number> = {pending: 0, running: 0, ok: 0, fail: 0, error: 0, cancelled: 0};
	for (const c of cells) out[c.state]++;
	return out;
}
