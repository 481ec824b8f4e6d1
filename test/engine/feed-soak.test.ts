// The feed under an event storm on the real engine (issue 11 item 1): 20 `docker run -d`
// then 20 `docker rm -f`, 10 at a time (the repro), then workers churn
// containers, networks and endpoints concurrently; then the model of the in-process
// feed, of the explorer (the built binary in tmux, read through its debug dump) and of
// `docknet ls --json` must equal the engine's own inspect output object by object —
// without help from the consistency check (its period is longer than this test waits).
// A longer run with figures: bench/cases/soak.ts (npm run bench -- soak).
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {lsJson} from '../../source/domain/json.js';
import {TopologyFeed} from '../../source/hooks/topology-feed.js';
import {cleanupTestResources, docknet, requireSandbox, sandboxEngine, sandboxEnv, waitFor} from '../helpers/sandbox.js';
import {TmuxSession, openExplorer} from '../helpers/tmux.js';
import {churn, cliBurst, differences, pictureFromEngine, pictureFromLs, type Picture} from '../helpers/soak.js';

const SOAK_MS = Number(process.env.DOCKNET_SOAK_MS ?? 25_000);
const sessions: TmuxSession[] = [];
const dir = mkdtempSync(join(tmpdir(), 'docknet-soak-'));
const dumpFile = join(dir, 'dump.json');

before(requireSandbox);
after(async () => {
	for (const s of sessions) await s.kill().catch(() => {});
	await cleanupTestResources();
	rmSync(dir, {recursive: true, force: true});
});

/** Asks the explorer for a fresh dump (SIGUSR2) and returns it. */
async function explorerDump(
	pid: number,
): Promise<{stats: TopologyFeed['stats']; recentRepairs: string[]; topology: Parameters<typeof pictureFromLs>[0]}> {
	const before = existsSync(dumpFile) ? statSync(dumpFile).mtimeMs : 0;
	process.kill(pid, 'SIGUSR2');
	await waitFor(() => existsSync(dumpFile) && statSync(dumpFile).mtimeMs !== before, {what: 'the debug dump'});
	return JSON.parse(readFileSync(dumpFile, 'utf8'));
}

/** Waits until `shown()` equals the engine's picture; throws with the differences. */
async function settlesTo(what: string, shown: () => Promise<Picture>, truth: Picture, timeout = 10_000): Promise<void> {
	let last: string[] = [];
	try {
		await waitFor(async () => (last = differences(await shown(), truth)).length === 0, {timeout, interval: 200, what});
	} catch {
		assert.fail(`${what} differs from the engine's inspect output:\n${last.join('\n')}`);
	}
}

describe('feed soak on the real engine', () => {
	it('ends with the feed, the explorer and ls --json equal to the engine, object by object', {timeout: SOAK_MS + 120_000}, async () => {
		const engine = sandboxEngine();
		const feed = new TopologyFeed(sandboxEngine());
		await feed.start();
		const tmux = await openExplorer(sessions, {columns: 120, rows: 30, env: {DOCKNET_DEBUG_DUMP: dumpFile}});
		const pid = await tmux.pid();
		const image = sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest';
		const started = Date.now();
		// First the repro (docker CLI, 10 at a time), then the API churn.
		await cliBurst(20, 10, image);
		const result = await churn(engine, {workers: 6, durationMs: SOAK_MS, image});
		const seconds = (Date.now() - started) / 1000;
		const truth = await pictureFromEngine();
		try {
			await settlesTo(
				'the in-process feed',
				async () => pictureFromLs(lsJson(feed.state.topology!, {endpoint: '', apiVersion: '', serverVersion: ''})),
				truth,
			);
			await settlesTo('the explorer (debug dump)', async () => pictureFromLs((await explorerDump(pid)).topology), truth);
			const ls = await docknet(['ls', '--json']);
			assert.equal(ls.code, 0, ls.stderr);
			assert.deepEqual(differences(pictureFromLs(JSON.parse(ls.stdout)), truth), [], 'ls --json');
			const dumped = await explorerDump(pid);
			console.log(
				`soak: ${seconds.toFixed(0)} s, ops ${JSON.stringify(result.ops)} (${result.failed} refused), ${truth.length} objects at the end; ` +
					`feed: ${feed.stats.eventsHandled} events (${(feed.stats.eventsHandled / seconds).toFixed(0)}/s), ${feed.stats.staleDropped} stale answers dropped, ` +
					`${feed.stats.checks} checks, ${feed.stats.driftRepairs} drift repairs; explorer: ${dumped.stats.eventsHandled} events, ${dumped.stats.driftRepairs} drift repairs`,
			);
			if (feed.recentRepairs.length || dumped.recentRepairs.length)
				console.log(`repairs: ${JSON.stringify({feed: feed.recentRepairs, explorer: dumped.recentRepairs}, null, 1)}`);
			assert.ok(feed.stats.eventsHandled > 150, `a storm, not a breeze (${feed.stats.eventsHandled} events)`);
			// Right through the event path alone: the check found nothing to repair.
			assert.deepEqual(feed.recentRepairs, []);
			assert.equal(feed.stats.driftRepairs, 0);
			assert.equal(dumped.stats.driftRepairs, 0);
		} finally {
			feed.stop();
		}
	});
});
