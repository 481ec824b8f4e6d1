// Nothing outlives docknet for long: the built binary in tmux on the real engine is
// killed with SIGKILL (and SIGTERM) during each kind of probe and shell, and what it
// left is watched with docker top / docker ps until it is gone. Goal: nothing after
// 60 s; the figures are printed. Helpers of a killed session on this host are also
// reclaimed when docknet starts.
import assert from 'node:assert/strict';
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {hostname} from 'node:os';
import {after, before, describe, it} from 'node:test';
import {
	TEST_LABEL,
	childEnv,
	cleanupTestResources,
	docker,
	repoRoot,
	requireSandbox,
	sandboxEngine,
	sandboxEnv,
	uniqueName,
	waitFor,
} from '../helpers/sandbox.js';
import {TmuxSession, openExplorer} from '../helpers/tmux.js';

const sessions: TmuxSession[] = [];
const engine = sandboxEngine();
const net = uniqueName('lt-net');
const tools = uniqueName('lt-tools');
const bare = uniqueName('lt-bare');
const target = uniqueName('lt-target');
const ids: Record<string, string> = {};
const LIMIT_S = 60;

async function filterTo(tmux: TmuxSession, text: string): Promise<void> {
	await tmux.sendKeys('2', '/');
	await tmux.waitForText(/\/ filter containers:/);
	await tmux.sendKeys(text);
	await tmux.waitForText(new RegExp(`/ filter containers: ${text}`));
	await tmux.sendKeys('Enter');
	await tmux.waitForGone(/\/ filter containers:/);
	await tmux.waitForText(new RegExp(`Endpoints of ${text}`));
}

const top = async (container: string) => (await engine.top(container)).map(p => ({pid: p.pid, command: p.command}));
const helpersOf = async (source: string) =>
	(await docker(['ps', '-aq', '--filter', `label=docknet.helper.source=${ids[source]}`])).stdout.split('\n').filter(Boolean);

/** Host processes whose command line contains `text` (the docker CLI docknet started). */
function hostProcesses(text: string): number[] {
	const out = spawnSync('pgrep', ['-f', '--', text], {encoding: 'utf8'});
	return out.stdout
		.split('\n')
		.filter(Boolean)
		.map(Number)
		.filter(pid => pid !== process.pid);
}

/** Seconds until `gone()` holds (polled), failing after LIMIT_S. */
async function secondsUntil(gone: () => Promise<boolean> | boolean, what: string): Promise<number> {
	const started = Date.now();
	await waitFor(gone, {timeout: LIMIT_S * 1000, interval: 250, what});
	return (Date.now() - started) / 1000;
}

const figures: string[] = [];

before(async () => {
	await requireSandbox();
	const image = sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest';
	await docker(['network', 'create', '--label', TEST_LABEL, net]);
	for (const [name, img] of [
		[tools, image],
		[bare, sandboxEnv().DOCKNET_BARE_IMAGE || 'docknet-bare:latest'],
		[target, image],
	] as const) {
		const args = ['run', '-d', '--label', TEST_LABEL, '--name', name, '--network', net, img];
		ids[name] = (await docker(img === image ? [...args, 'sleep', '100000'] : args)).stdout.trim();
	}
});

after(async () => {
	for (const s of sessions) await s.kill().catch(() => {});
	await cleanupTestResources();
	for (const line of figures) console.log(`# ${line}`);
});

describe('nothing outlives docknet for long', {timeout: 600_000}, () => {
	it('SIGKILL during a live ping in the container: the ping ends within its chunk', async () => {
		const tmux = await openExplorer(sessions, {columns: 120, rows: 36});
		await filterTo(tmux, tools);
		await tmux.sendKeys('p');
		await tmux.waitForText(new RegExp(`Probe from ${tools}`));
		await tmux.type(target);
		await tmux.sendKeys('Enter');
		await tmux.waitForText(/● live/, 10000);
		await waitFor(async () => (await top(tools)).some(p => p.command.startsWith('ping ')), {what: 'the ping in the container'});
		process.kill(await tmux.pid(), 'SIGKILL');
		const s = await secondsUntil(async () => !(await top(tools)).some(p => p.command.startsWith('ping ')), 'the ping to end');
		figures.push(`live ping in the container after SIGKILL: gone after ${s.toFixed(1)} s`);
	});

	it('SIGKILL during a probe through a helper: the helper goes at once (its leash)', async () => {
		const tmux = await openExplorer(sessions, {columns: 120, rows: 36});
		await filterTo(tmux, bare);
		await tmux.sendKeys('p');
		await tmux.waitForText(new RegExp(`Probe from ${bare}`));
		await tmux.type(target);
		await tmux.sendKeys('Enter');
		await tmux.waitForText(/● live/, 15000);
		await waitFor(async () => (await helpersOf(bare)).length > 0, {what: 'the helper'});
		process.kill(await tmux.pid(), 'SIGKILL');
		const s = await secondsUntil(async () => (await helpersOf(bare)).length === 0, 'the helper to go');
		figures.push(`probe helper after SIGKILL: gone after ${s.toFixed(1)} s`);
		assert.ok(s < 10, `the helper went with docknet (${s} s)`);
	});

	for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
		it(`${signal} during E (docker exec -it sh): the shell and the docker CLI end`, async () => {
			const before = new Set((await top(tools)).map(p => p.pid));
			const tmux = await openExplorer(sessions, {columns: 120, rows: 36});
			await filterTo(tmux, tools);
			await tmux.sendKeys('E');
			await tmux.waitForText(/^\/ # ?$/m, 10000);
			const shells = async () => (await top(tools)).filter(p => !before.has(p.pid) && /^(\/bin\/)?sh$/.test(p.command));
			assert.equal((await shells()).length, 1, 'one new shell in the container');
			const cli = hostProcesses(`exec -it -e DOCKNET_PROBE=`).filter(pid =>
				execFileSync('ps', ['-o', 'args=', '-p', String(pid)], {encoding: 'utf8'}).includes(tools),
			);
			assert.equal(cli.length, 1, 'the docker CLI runs');
			process.kill(await tmux.pid(), signal);
			const s = await secondsUntil(
				async () => (await shells()).length === 0 && hostProcesses(`exec -it -e DOCKNET_PROBE=`).every(pid => !cli.includes(pid)),
				'the shell and the CLI to end',
			);
			figures.push(`E exec shell after ${signal}: shell and docker CLI gone after ${s.toFixed(1)} s`);
			assert.ok(s < 15, `${s} s`);
		});
	}

	it('SIGKILL during E through a shell helper: the helper and the docker CLI end', async () => {
		const tmux = await openExplorer(sessions, {columns: 120, rows: 36});
		await filterTo(tmux, bare);
		await tmux.sendKeys('E');
		await tmux.waitForText(/^\/ # ?$/m, 15000);
		const helpers = await helpersOf(bare);
		assert.equal(helpers.length, 1, 'the shell helper runs');
		const cli = hostProcesses('run --rm -it --name docknet-shell-');
		assert.ok(cli.length >= 1, 'the docker CLI runs');
		process.kill(await tmux.pid(), 'SIGKILL');
		const s = await secondsUntil(
			async () =>
				(await helpersOf(bare)).length === 0 && hostProcesses('run --rm -it --name docknet-shell-').every(pid => !cli.includes(pid)),
			'the shell helper and the CLI to end',
		);
		figures.push(`E shell helper after SIGKILL: helper and docker CLI gone after ${s.toFixed(1)} s`);
		assert.ok(s < 15, `${s} s`);
	});

	it('SIGKILL of the docker CLI alone during E: the shell in the container ends, docknet comes back', async () => {
		const before = new Set((await top(tools)).map(p => p.pid));
		const tmux = await openExplorer(sessions, {columns: 120, rows: 36});
		await filterTo(tmux, tools);
		await tmux.sendKeys('E');
		await tmux.waitForText(/^\/ # ?$/m, 10000);
		const shells = async () => (await top(tools)).filter(p => !before.has(p.pid) && /^(\/bin\/)?sh$/.test(p.command));
		const cli = hostProcesses(`exec -it -e DOCKNET_PROBE=`).filter(pid =>
			execFileSync('ps', ['-o', 'args=', '-p', String(pid)], {encoding: 'utf8'}).includes(tools),
		);
		assert.equal(cli.length, 1, 'the docker CLI runs');
		process.kill(cli[0]!, 'SIGKILL');
		const s = await secondsUntil(async () => (await shells()).length === 0, 'the shell to end');
		figures.push(`E exec shell after SIGKILL of the docker CLI: shell gone after ${s.toFixed(1)} s`);
		await tmux.waitForText(/shell closed/, 10000);
		assert.equal((await tmux.terminalState()).exited, false);
	});

	it('SIGKILL of `docknet ping` (no -c) through a helper: the helper goes at once', async () => {
		const child = spawn(process.execPath, [join(repoRoot, 'bin', 'docknet.js'), 'ping', bare, target], {env: childEnv(), stdio: 'ignore'});
		try {
			await waitFor(async () => (await helpersOf(bare)).length > 0, {timeout: 15000, what: 'the helper'});
		} finally {
			child.kill('SIGKILL');
		}
		const s = await secondsUntil(async () => (await helpersOf(bare)).length === 0, 'the helper to go');
		figures.push(`CLI ping helper after SIGKILL: gone after ${s.toFixed(1)} s`);
		assert.ok(s < 10, `${s} s`);
	});

	it('a helper left by a killed docknet on this host is reclaimed when docknet starts', async () => {
		// A pid that surely no longer runs: a process that has exited.
		const dead = spawnSync('true').pid!;
		const name = uniqueName('lt-orphan');
		await docker([
			'run',
			'-d',
			'--label',
			TEST_LABEL,
			'--label',
			'docknet.helper=1',
			'--label',
			`docknet.helper.source=${ids[bare]}`,
			'--label',
			`docknet.helper.owner=${hostname()}/${dead}`,
			'--name',
			name,
			sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest',
			'sleep',
			'3600',
		]);
		// Another live session's helper (this test process is alive) is left alone.
		const live = uniqueName('lt-live');
		await docker([
			'run',
			'-d',
			'--label',
			TEST_LABEL,
			'--label',
			'docknet.helper=1',
			'--label',
			`docknet.helper.owner=${hostname()}/${process.pid}`,
			'--name',
			live,
			sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest',
			'sleep',
			'3600',
		]);
		await openExplorer(sessions, {columns: 120, rows: 36});
		const s = await secondsUntil(
			async () => (await docker(['ps', '-aq', '--filter', `name=^${name}$`])).stdout.trim() === '',
			'the orphan to be reclaimed',
		);
		figures.push(`orphaned helper reclaimed ${s.toFixed(1)} s after docknet started`);
		assert.notEqual((await docker(['ps', '-q', '--filter', `name=^${live}$`])).stdout.trim(), '', "a live session's helper stays");
	});
});
