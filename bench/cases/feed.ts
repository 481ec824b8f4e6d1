// TopologyFeed (source/hooks/topology-feed.ts) measured in-process through the real
// dockerode adapter against the fake engine: start-up calls and time, API calls per
// event, event-to-new-topology latency, CPU per event, and the cost of a rebuild.
import {performance} from 'node:perf_hooks';
import {DockerodeEngine} from '../../source/engine/dockerode.js';
import type {EnginePort, RawEvent} from '../../source/engine/port.js';
import {TopologyFeed} from '../../source/hooks/topology-feed.js';
import {buildTopology} from '../../source/domain/topology.js';
import {indexOf} from '../../source/domain/selectors.js';
import {mapBounded} from '../../source/commands/load-topology.js';
import {containersView, networksView} from '../../source/state/views.js';
import {FakeEngineProcess} from '../lib/fake-process.js';
import {ms, summarize, table, sleep, type Summary} from '../lib/stats.js';
import {record, type Context} from '../lib/context.js';

export type FeedFigures = {
	containers: number;
	networks: number;
	firstStateMs: number;
	detailsDoneMs: number;
	startCalls: Record<string, number>;
	events: number;
	callsPerEvent: number;
	callsPerEventByPath: Record<string, number>;
	eventToTopology: Summary;
	cpuPerEventMs: number;
	rebuild: Summary;
	rebuildCold: Summary;
	index: Summary;
	/** One consistency check (the two list calls + compare), wall ms without its settle wait, and CPU ms in this process. */
	checkMs: number;
	checkCpuMs: number;
};

function engineFor(socketPath: string): DockerodeEngine {
	return new DockerodeEngine({endpoint: `unix://${socketPath}`, source: 'bench', target: {protocol: 'unix', socketPath}});
}

export async function measureFeed(fake: FakeEngineProcess, events: number, intervalMs: number): Promise<FeedFigures> {
	const engine = engineFor(fake.socketPath);
	const arrivals: number[] = [];
	const emits: number[] = [];
	// Timestamps each event as the adapter hands it over.
	const probe: EnginePort = Object.create(engine) as EnginePort;
	probe.subscribeEvents = (onEvent: (e: RawEvent) => void, signal: AbortSignal) =>
		engine.subscribeEvents(event => {
			arrivals.push(performance.now());
			onEvent(event);
		}, signal);
	await fake.reset();
	// The consistency check runs on its own clock and is measured on its own below: off
	// here, so CPU per event is the events' cost (one check is ~100-250 ms of CPU at 5000).
	const feed = new TopologyFeed(probe, {checkIntervalMs: 0});
	let pending = Number.POSITIVE_INFINITY;
	let detailsDoneAt = 0;
	const t0 = performance.now();
	feed.subscribe(state => {
		// What the explorer computes for each new topology before drawing: its two lists.
		if (state.topology) {
			networksView(state.topology, '', 'name');
			containersView(state.topology, '', 'name', false);
		}
		emits.push(performance.now());
		if (state.pendingDetails === 0 && pending !== 0 && state.topology) detailsDoneAt = performance.now();
		pending = state.pendingDetails;
	});
	await feed.start();
	const firstStateMs = performance.now() - t0;
	const deadline = Date.now() + 120_000;
	while (pending !== 0 && Date.now() < deadline) await sleep(20);
	const startStats = await fake.quiesce(300);
	const detailsDoneMs = detailsDoneAt - t0;

	await fake.reset();
	arrivals.length = 0;
	emits.length = 0;
	const cpu0 = process.cpuUsage();
	await fake.events(events, intervalMs);
	const stats = await fake.quiesce(Math.max(300, intervalMs * 3), 30_000 + events * intervalMs * 2);
	const cpu = process.cpuUsage(cpu0);
	const latencies: number[] = [];
	for (const at of arrivals) {
		const next = emits.find(e => e >= at);
		if (next !== undefined) latencies.push(next - at);
	}
	// The periodic consistency check: what it costs once the model is complete.
	const checkCpu0 = process.cpuUsage();
	await feed.checkNow();
	const checkCpu = process.cpuUsage(checkCpu0);
	const checkMs = feed.stats.lastCheckMs ?? Number.NaN;
	feed.stop();

	// Rebuild cost on the same data: what the feed does after each batch.
	const [networks, containers] = await Promise.all([engine.listNetworks(), engine.listContainers()]);
	const details = new Map((await mapBounded(containers, 16, c => engine.inspectContainer(c.Id))).map(d => [d.Id, d]));
	const rebuildCold: number[] = [];
	const rebuild: number[] = [];
	const index: number[] = [];
	for (let i = 0; i < 10; i++) {
		// Fresh raw objects each time: nothing cached (like the first build after a snapshot).
		const copy = structuredClone({networks, containers, details: [...details.values()]});
		const cold = performance.now();
		buildTopology({networks: copy.networks, containers: copy.containers, details: new Map(copy.details.map(d => [d.Id, d]))});
		rebuildCold.push(performance.now() - cold);
	}
	for (let i = 0; i < 20; i++) {
		const start = performance.now();
		const topology = buildTopology({networks, containers, details});
		rebuild.push(performance.now() - start);
		const indexStart = performance.now();
		indexOf(topology);
		index.push(performance.now() - indexStart);
	}
	const byPath = Object.fromEntries(Object.entries(stats.calls).map(([k, v]) => [k, v / Math.max(1, stats.eventsSent)]));
	// The liveness ping and the consistency check's lists run on a clock, not per event.
	const clockCalls = ['GET /_ping', 'GET /networks', 'GET /containers/json'].reduce((n, p) => n + (stats.calls[p] ?? 0), 0);
	return {
		containers: fake.containers,
		networks: fake.networks,
		firstStateMs,
		detailsDoneMs,
		startCalls: startStats.calls,
		events: stats.eventsSent,
		callsPerEvent: (stats.total - clockCalls) / Math.max(1, stats.eventsSent),
		callsPerEventByPath: byPath,
		eventToTopology: summarize(latencies),
		cpuPerEventMs: (cpu.user + cpu.system) / 1000 / Math.max(1, stats.eventsSent),
		rebuild: summarize(rebuild),
		rebuildCold: summarize(rebuildCold),
		index: summarize(index),
		checkMs,
		checkCpuMs: (checkCpu.user + checkCpu.system) / 1000,
	};
}

export async function feedCase(ctx: Context): Promise<void> {
	const events = ctx.options.smoke ? 6 : 40;
	const interval = 150;
	const sizes: Array<{fake: FakeEngineProcess; own: boolean}> = [];
	if (!ctx.fake || ctx.fake.containers > 100) sizes.push({fake: await FakeEngineProcess.start(100, 25), own: true});
	if (ctx.fake) sizes.push({fake: ctx.fake, own: false});
	const rows: string[][] = [
		[
			'fake engine',
			'first state',
			'details loaded',
			'calls/event',
			'event→topology median (p95)',
			'CPU/event',
			'rebuild (cold)',
			'indexOf',
			'check (CPU)',
		],
	];
	try {
		for (const {fake} of sizes) {
			const f = await measureFeed(fake, events, interval);
			record(ctx, 'feed', `${f.containers}x${f.networks}`, f);
			rows.push([
				`${f.containers} containers / ${f.networks} networks`,
				ms(f.firstStateMs),
				ms(f.detailsDoneMs),
				f.callsPerEvent.toFixed(2),
				`${ms(f.eventToTopology.median)} (${ms(f.eventToTopology.p95)})`,
				ms(f.cpuPerEventMs, 2),
				`${ms(f.rebuild.median)} (${ms(f.rebuildCold.median)})`,
				ms(f.index.median, 2),
				`${ms(f.checkMs, 0)} (${ms(f.checkCpuMs, 0)})`,
			]);
		}
	} finally {
		for (const {fake, own} of sizes) if (own) await fake.stop();
	}
	ctx.log(
		`\n## TopologyFeed in-process through dockerode (fake engine; ${events} connect/disconnect events ${interval} ms apart; batch window 25 ms)`,
	);
	ctx.log(table(rows));
}
