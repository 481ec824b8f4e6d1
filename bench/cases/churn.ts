// The feed under a long event storm on the private engine (issue 11 item 1), off by
// default: `npm run bench -- --only churn --churn 75 --real 0x0 --fake 100x25`.
// Workers churn this run's own labelled containers, networks and endpoints (see
// test/helpers/soak.ts) while the explorer runs in tmux; every 5 s we sample the events
// the explorer handled (its debug dump), its RSS and CPU. At the end the explorer, an
// in-process feed and `ls --json` are compared with the engine's inspect output.
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {lsJson} from '../../source/domain/json.js';
import {TopologyFeed} from '../../source/hooks/topology-feed.js';
import type {FeedDump} from '../../source/hooks/feed-dump.js';
import {cleanupTestResources, docknet, sandboxEngine, sandboxEnv, waitFor} from '../../test/helpers/sandbox.js';
import {TmuxSession, openExplorer} from '../../test/helpers/tmux.js';
import {churn, differences, pictureFromEngine, pictureFromLs} from '../../test/helpers/soak.js';
import {cpuMsOf, rssOf} from '../lib/proc.js';
import {DockerodeEngine} from '../../source/engine/dockerode.js';
import {loadTopology} from '../../source/commands/load-topology.js';
import type {FakeEngineProcess} from '../lib/fake-process.js';
import {mib, table} from '../lib/stats.js';
import {record, type Context} from '../lib/context.js';

/**
 * The same feed against the fake engine's event pump: `count` connect/disconnect
 * events as fast as the fake sends them (each pair hits one container back to back,
 * so answers go stale), then the model must equal a fresh load.
 */
async function storm(ctx: Context, fake: FakeEngineProcess, count: number): Promise<void> {
	const engine = new DockerodeEngine({
		endpoint: `unix://${fake.socketPath}`,
		source: 'bench',
		target: {protocol: 'unix', socketPath: fake.socketPath},
	});
	const feed = new TopologyFeed(engine);
	try {
		await feed.start();
		await waitFor(() => feed.state.pendingDetails === 0, {timeout: 120_000, what: 'details'});
		const before = feed.stats.eventsHandled;
		const rss0 = process.memoryUsage().rss;
		const cpu0 = process.cpuUsage();
		const t0 = Date.now();
		await fake.events(count, 1);
		await waitFor(() => feed.stats.eventsHandled - before >= count, {timeout: 300_000, interval: 20, what: 'every event handled'});
		const handledMs = Date.now() - t0;
		const cpu = process.cpuUsage(cpu0);
		// Order-free: the feed lists a network's endpoints in the order their containers were read.
		const canonical = (t: Parameters<typeof lsJson>[0]) => {
			const doc = lsJson(t, {endpoint: '', apiVersion: '', serverVersion: ''});
			type Pair = {containerId: string; networkId: string | null; networkName: string};
			const byId = (a: Pair, b: Pair) =>
				`${a.containerId}${a.networkId ?? a.networkName}`.localeCompare(`${b.containerId}${b.networkId ?? b.networkName}`);
			for (const n of doc.networks) {
				n.endpoints.sort(byId);
				n.configured.sort(byId);
			}
			for (const c of doc.containers) {
				c.endpoints.sort(byId);
				c.configured.sort(byId);
			}
			return JSON.stringify(doc);
		};
		const expected = () => loadTopology(engine).then(canonical);
		const shown = () => canonical(feed.state.topology!);
		const equal = await waitFor(async () => shown() === (await expected()), {
			timeout: 15_000,
			interval: 250,
			what: 'the model to equal a fresh load',
		}).then(
			() => true,
			() => false,
		);
		const figures = {
			containers: fake.containers,
			events: count,
			handledMs,
			eventsPerSecond: Math.round(count / (handledMs / 1000)),
			cpuMsPerEvent: Math.round(((cpu.user + cpu.system) / 1000 / count) * 100) / 100,
			staleDropped: feed.stats.staleDropped,
			driftRepairs: feed.stats.driftRepairs,
			rssGrowthMiB: Math.round(((process.memoryUsage().rss - rss0) / 1024 / 1024) * 10) / 10,
			equalToFreshLoad: equal,
		};
		for (const [key, value] of Object.entries(figures)) record(ctx, 'storm', key, value);
		ctx.log(`\n## event storm on the fake engine (${fake.containers} containers), in-process feed`);
		ctx.log(
			table([
				['figure', 'value'],
				['events', `${count} sent 1 ms apart, all handled in ${(handledMs / 1000).toFixed(1)} s = ${figures.eventsPerSecond}/s`],
				['CPU per event', `${figures.cpuMsPerEvent} ms`],
				['stale answers dropped / drift repairs', `${figures.staleDropped} / ${figures.driftRepairs}`],
				['model equal to a fresh load afterwards', equal ? 'yes' : 'NO'],
			]),
		);
	} finally {
		feed.stop();
	}
}

export async function churnCase(ctx: Context, seconds: number, workers = 8): Promise<void> {
	if (seconds <= 0) return ctx.log('\n## churn: skipped (give --churn SECONDS)');
	if (ctx.fake) await storm(ctx, ctx.fake, Math.max(500, seconds * 40));
	if (!ctx.realTarget) return;
	ctx.log(`\n## churn: ${workers} workers for ${seconds} s on the private engine`);
	const dir = mkdtempSync(join(tmpdir(), 'docknet-churn-'));
	const dumpFile = join(dir, 'dump.json');
	const sessions: TmuxSession[] = [];
	const feed = new TopologyFeed(sandboxEngine());
	const dump = async (pid: number): Promise<FeedDump> => {
		const before = existsSync(dumpFile) ? statSync(dumpFile).mtimeMs : 0;
		process.kill(pid, 'SIGUSR2');
		await waitFor(() => existsSync(dumpFile) && statSync(dumpFile).mtimeMs !== before, {what: 'the debug dump'});
		return JSON.parse(readFileSync(dumpFile, 'utf8')) as FeedDump;
	};
	try {
		await feed.start();
		const tmux = await openExplorer(sessions, {columns: 120, rows: 30, env: {DOCKNET_DEBUG_DUMP: dumpFile}});
		const pid = await tmux.pid();
		const samples: string[][] = [['t', 'events handled', 'events/s', 'RSS', 'CPU %', 'drift repairs']];
		const started = Date.now();
		let last = {at: started, cpu: cpuMsOf(pid), events: (await dump(pid)).stats.eventsHandled};
		const first = last.events;
		let peakRss = rssOf(pid);
		let sampling = true;
		const sampler = (async () => {
			while (sampling) {
				await new Promise(resolve => setTimeout(resolve, 5000));
				if (!sampling) break;
				const now = Date.now();
				const d = await dump(pid);
				const cpu = cpuMsOf(pid);
				const rss = rssOf(pid);
				peakRss = Math.max(peakRss, rss);
				samples.push([
					`${((now - started) / 1000).toFixed(0)} s`,
					String(d.stats.eventsHandled - first),
					((d.stats.eventsHandled - last.events) / ((now - last.at) / 1000)).toFixed(1),
					mib(rss),
					((100 * (cpu - last.cpu)) / (now - last.at)).toFixed(1),
					String(d.stats.driftRepairs),
				]);
				last = {at: now, cpu, events: d.stats.eventsHandled};
			}
		})();
		const result = await churn(sandboxEngine(), {
			workers,
			durationMs: seconds * 1000,
			image: sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest',
			maxContainers: 60,
			maxNetworks: 8,
		});
		sampling = false;
		await sampler;
		const elapsed = (Date.now() - started) / 1000;
		const truth = await pictureFromEngine();
		let explorerDiff: string[] = [];
		let feedDiff: string[] = [];
		await waitFor(
			async () => {
				feedDiff = differences(pictureFromLs(lsJson(feed.state.topology!, {endpoint: '', apiVersion: '', serverVersion: ''})), truth);
				explorerDiff = differences(pictureFromLs((await dump(pid)).topology!), truth);
				return feedDiff.length === 0 && explorerDiff.length === 0;
			},
			{timeout: 10_000, interval: 250, what: 'the models to settle'},
		).catch(() => {});
		const ls = await docknet(['ls', '--json']);
		const lsDiff = differences(pictureFromLs(JSON.parse(ls.stdout)), truth);
		const final = await dump(pid);
		ctx.log(table(samples));
		const events = final.stats.eventsHandled - first;
		const figures = {
			seconds: Math.round(elapsed),
			workers,
			ops: result.ops,
			refused: result.failed,
			objectsAtEnd: truth.length,
			eventsHandled: events,
			eventsPerSecond: Math.round((events / elapsed) * 10) / 10,
			staleDropped: final.stats.staleDropped,
			checks: final.stats.checks,
			driftRepairs: final.stats.driftRepairs,
			inProcessDriftRepairs: feed.stats.driftRepairs,
			peakRssMiB: Math.round((peakRss / 1024 / 1024) * 10) / 10,
			cpuSecondsTotal: Math.round(cpuMsOf(pid) / 100) / 10,
			differencesAtEnd: {explorer: explorerDiff.length, feed: feedDiff.length, ls: lsDiff.length},
		};
		for (const [key, value] of Object.entries(figures)) record(ctx, 'churn', key, value);
		ctx.log(
			table([
				['figure', 'value'],
				[
					'operations',
					`${Object.entries(result.ops)
						.map(([k, v]) => `${k} ${v}`)
						.join(', ')} (${result.failed} refused by the engine)`,
				],
				['events handled (explorer)', `${events} in ${figures.seconds} s = ${figures.eventsPerSecond}/s`],
				['stale answers dropped', String(figures.staleDropped)],
				[
					'consistency checks / drift repairs',
					`${figures.checks} / ${figures.driftRepairs} (in-process feed: ${feed.stats.checks} / ${feed.stats.driftRepairs})`,
				],
				['explorer peak RSS, total CPU', `${mib(peakRss)}, ${figures.cpuSecondsTotal} s`],
				[
					'differences from docker inspect at the end',
					`explorer ${explorerDiff.length}, feed ${feedDiff.length}, ls --json ${lsDiff.length} (of ${truth.length} objects)`,
				],
			]),
		);
		for (const line of [...explorerDiff, ...feedDiff, ...lsDiff].slice(0, 10)) ctx.log(`  ${line}`);
		await tmux.sendKeys('q');
		await tmux.waitForExit(5000).catch(() => {});
	} finally {
		feed.stop();
		for (const s of sessions) await s.kill().catch(() => {});
		await cleanupTestResources();
		rmSync(dir, {recursive: true, force: true});
	}
}
