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
import {mib, table} from '../lib/stats.js';
import {record, type Context} from '../lib/context.js';

export async function churnCase(ctx: Context, seconds: number, workers = 8): Promise<void> {
	if (seconds <= 0) return ctx.log('\n## churn: skipped (give --churn SECONDS)');
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
		const result = await churn(sandboxEngine(), {workers, durationMs: seconds * 1000, image: sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest', maxContainers: 60, maxNetworks: 8});
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
				['operations', `${Object.entries(result.ops).map(([k, v]) => `${k} ${v}`).join(', ')} (${result.failed} refused by the engine)`],
				['events handled (explorer)', `${events} in ${figures.seconds} s = ${figures.eventsPerSecond}/s`],
				['stale answers dropped', String(figures.staleDropped)],
				['consistency checks / drift repairs', `${figures.checks} / ${figures.driftRepairs} (in-process feed: ${feed.stats.checks} / ${feed.stats.driftRepairs})`],
				['explorer peak RSS, total CPU', `${mib(peakRss)}, ${figures.cpuSecondsTotal} s`],
				['differences from docker inspect at the end', `explorer ${explorerDiff.length}, feed ${feedDiff.length}, ls --json ${lsDiff.length} (of ${truth.length} objects)`],
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
