// Keeps the benchmark harness working: one tiny run of `npm run bench -- --smoke`
// (fake engine with 100 containers, the private engine's seed as it is, one run of
// each figure, a few keys). It checks that every case produced figures — never how
// fast they are: benchmarks do not fail on slow machines.
import {execFile} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {promisify} from 'node:util';
import {childEnv, repoRoot, requireSandbox} from '../helpers/sandbox.js';

const run = promisify(execFile);

type Summary = {n: number; median: number};
const finite = (value: unknown, what: string) =>
	assert.ok(typeof value === 'number' && Number.isFinite(value) && value > 0, `${what}: expected a positive figure, got ${value}`);

test('npm run bench -- --smoke measures every case', {timeout: 240_000}, async () => {
	await requireSandbox();
	const out = join(tmpdir(), `docknet-bench-smoke-${process.pid}.json`);
	try {
		let stdout = '';
		try {
			({stdout} = await run(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'run.ts'), '--smoke', '--out', out], {
				cwd: repoRoot,
				env: childEnv(),
				maxBuffer: 16 * 1024 * 1024,
				timeout: 230_000,
			}));
		} catch (error) {
			const e = error as {stdout?: string; stderr?: string};
			assert.fail(`the benchmark harness failed:\n${e.stdout ?? ''}\n${e.stderr ?? error}`);
		}
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the harness's JSON document, walked field by field below
		const results = JSON.parse(readFileSync(out, 'utf8')) as Record<string, Record<string, any>>;
		assert.equal(results.errors, undefined, `harness errors: ${JSON.stringify(results.errors)}\n${stdout}`);

		// ls --json vs the docker CLI pipeline, on both engines; docknet's document is complete.
		const ls = Object.values(results.ls ?? {});
		assert.equal(ls.length, 2, 'ls figures for the private engine and the fake');
		for (const entry of ls) {
			finite(entry.docknet.median, 'docknet ls --json');
			finite(entry.pipeline.median, 'docker network ls | xargs docker network inspect');
			assert.deepEqual(entry.docknet.errors, [], 'docknet ls --json printed a complete document and exited 0');
			assert.deepEqual(entry.pipeline.errors, [], 'the docker CLI pipeline works against the engine (and the fake)');
		}
		for (const s of Object.values(Object.values(results.startup ?? {})[0] ?? {}) as Summary[]) finite(s.median, 'start-up');

		// The fake counted the calls: a `docknet ls --json` makes at least the two list calls.
		const lsCalls = results.api?.['ls 100x25'];
		assert.ok(
			lsCalls?.calls?.['GET /networks'] >= 1 && lsCalls.calls['GET /containers/json'] >= 1,
			`calls counted: ${JSON.stringify(lsCalls)}`,
		);
		const perEvent = results.api?.['explorer per event 100x25'];
		assert.ok(perEvent, `the explorer ran against the fake and saw its events: ${JSON.stringify(results.api)}`);
		assert.ok(perEvent.events > 0 && Number.isFinite(perEvent.perEvent), JSON.stringify(perEvent));

		// ssh:// figures next to docker -H ssh:// (first frame, ls --json, probe).
		const ssh = results.ssh;
		assert.ok(ssh, 'ssh:// figures');
		// One first-frame figure per build (this one, and --baseline builds when given).
		const frames = Object.values(ssh.firstFrame ?? {}) as Summary[];
		assert.ok(frames.length > 0, `first frames over ssh: ${JSON.stringify(ssh.firstFrame)}`);
		for (const s of frames) finite(s.median, 'first frame over ssh');
		finite(ssh.localFirstFrame?.median, 'first frame on the local socket');
		for (const pair of [ssh.ls, ssh.probe]) for (const s of Object.values(pair) as Summary[]) finite(s.median, 'ssh ls/probe');

		const feed = results.feed?.['100x25'];
		assert.ok(feed, `TopologyFeed figures: ${JSON.stringify(Object.keys(results.feed ?? {}))}`);
		assert.ok(feed.events > 0 && Number.isFinite(feed.callsPerEvent), JSON.stringify(feed));
		finite(feed.rebuild.median, 'rebuild');

		// The explorer in tmux, on both engines: a first frame, keys that change it, memory.
		const tui = Object.entries(results.tui ?? {});
		assert.equal(tui.length, 2, 'tmux figures for the private engine and the fake');
		for (const [target, figures] of tui) {
			assert.equal(figures.note ?? null, null, `${target}: ${figures.note}`);
			finite(figures.firstFrame.median, `${target}: first frame`);
			finite(figures.pipelineInTerminal.median, `${target}: pipeline in the terminal`);
			assert.ok(figures.keystroke.latency.n > 0, `${target}: keys changed the frame`);
			finite(figures.rssAfterStart, `${target}: RSS`);
			assert.equal(figures.soak.stillDrawn, true, `${target}: still drawn after the events`);
		}

		// Keys, both methods, on both targets (lazydocker too when its build is there).
		const keys = Object.entries(results.keys ?? {});
		assert.equal(keys.length, 2, 'key figures for the private engine and the fake');
		for (const [target, figures] of keys)
			for (const figure of ['move.control', 'move.poll', 'filter.control', 'filter.poll'])
				assert.ok(figures.docknet?.[figure]?.n > 0, `${target}: docknet ${figure}: ${JSON.stringify(figures.docknet?.[figure])}`);

		// Ping: either figures, or the TODO note when the subcommand is missing.
		const ping = results.ping ?? {};
		assert.ok(ping.note || (Number.isFinite(ping.cli?.docknet?.median) && ping.cli.errors.length === 0), `ping: ${JSON.stringify(ping)}`);
		assert.ok(
			ping.note || (Number.isFinite(ping.panel?.docknet?.cold?.median) && ping.panel.errors.length === 0),
			`ping in the probe panel: ${JSON.stringify(ping.panel)}`,
		);
	} finally {
		rmSync(out, {force: true});
	}
});
