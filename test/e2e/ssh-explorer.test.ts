// The explorer over ssh:// in a real terminal: opened with only an ~/.ssh/config entry,
// updated live by a `docker network connect` run on the remote side, "reconnecting" with
// the last picture kept when the ssh link drops (and recovering), switching to an ssh
// context with e, and no ssh child left after q.
import assert from 'node:assert/strict';
import {execFile, execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, renameSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {after, before, describe, it} from 'node:test';
import {TEST_LABEL, childEnv, cleanupTestResources, docker, dockerCli, requireSandbox, uniqueName, waitFor} from '../helpers/sandbox.js';
import {docknetArgv, startSshd, type Sshd} from '../helpers/sshd.js';
import {TmuxSession, UTF8_ENV} from '../helpers/tmux.js';

const run = promisify(execFile);

/** docknet's ssh sessions and their background ControlMaster (titled "ssh: PATH [mux]"). */
function ourSshProcesses(docknetPid: number): number[] {
	const sessions = sshChildren(docknetPid);
	const cmdline = sessions.length ? readFileSync(`/proc/${sessions[0]}/cmdline`, 'utf8') : '';
	const path = /ControlPath=([^\0]+)/.exec(cmdline)?.[1];
	if (!path) return sessions;
	const master = spawnSync('pgrep', ['-f', '-x', `ssh: ${path} \\[mux\\]`], {encoding: 'utf8'})
		.stdout.split('\n')
		.filter(Boolean)
		.map(Number);
	return [...sessions, ...master];
}

/** docknet's ssh children (dial-stdio), by parent pid. */
function sshChildren(parent: number): number[] {
	const out = spawnSync('pgrep', ['-P', String(parent), '-x', 'ssh'], {encoding: 'utf8'});
	return out.stdout.split('\n').filter(Boolean).map(Number);
}

describe('explorer over ssh://', {timeout: 240000}, () => {
	let sshd: Sshd;
	let config: string;
	const sessions: TmuxSession[] = [];
	/** Networks a seed container was connected to: disconnected before clean-up removes them. */
	const connected: string[] = [];
	before(async () => {
		await requireSandbox();
		sshd = await startSshd();
		config = mkdtempSync(join(tmpdir(), 'docknet-docker-config-'));
		execFileSync(dockerCli(), ['context', 'create', 'ssh-remote', '--docker', 'host=ssh://dockerhost'], {
			env: {...process.env, DOCKER_CONFIG: config},
			stdio: 'ignore',
		});
	});
	after(async () => {
		for (const s of sessions) await s.kill();
		for (const net of connected) await docker(['network', 'disconnect', '-f', net, 'web'], {allowFail: true});
		await sshd?.stop();
		rmSync(config, {recursive: true, force: true});
		await cleanupTestResources();
	});

	it('opens, follows remote changes live, survives a dropped link, switches engines', async () => {
		const session = await TmuxSession.start({
			// Wide enough for the status line to show the whole cause while reconnecting.
			columns: 140,
			rows: 30,
			command: sshd.wrap(docknetArgv(['-H', 'ssh://dockerhost'])),
			env: {...UTF8_ENV, DOCKER_CONFIG: config},
		});
		sessions.push(session);
		const first = await session.waitForText(/● connected/, 20000);
		assert.match(first, /ssh:\/\/dockerhost \(--host\)/);
		assert.match(first, /app-net/);
		const pid = await session.pid();

		// A change made on the remote side, through ssh, shows up by itself.
		const net = uniqueName('sshlive');
		await docker(['network', 'create', '--label', TEST_LABEL, net]);
		connected.push(net);
		await session.waitForText(new RegExp(`${net}\\s[^│]*\\s0│`), 10000);
		const [ssh, ...sshArgs] = sshd.wrap(['ssh', 'dockerhost', 'docker', 'network', 'connect', net, 'web']);
		await run(ssh!, sshArgs, {env: childEnv()});
		await session.waitForText(new RegExp(`${net}\\s[^│]*\\s1│`), 10000);

		// The link drops (sessions and the shared master) and cannot come back for now
		// (the key is no longer accepted): the last picture stays, the status says why;
		// then it recovers.
		const keys = join(sshd.dir, 'authorized_keys');
		renameSync(keys, `${keys}.off`);
		try {
			const ours = ourSshProcesses(pid);
			assert.ok(ours.length >= 3, `docknet's ssh sessions and master: ${ours.join(' ')}`);
			for (const child of ours) process.kill(child, 'SIGTERM');
			const dropped = await session.waitForText(/reconnecting \(showing last topology\): authentication failed/, 15000);
			assert.match(dropped, /app-net/);
			assert.match(dropped, new RegExp(net));
		} finally {
			renameSync(`${keys}.off`, keys);
		}
		await session.waitForText(/● connected/, 20000);

		// e: the engines, the shown one marked; switch to the ssh context.
		await session.sendKeys('e');
		const list = await session.waitForText(/Engines/, 5000);
		assert.match(list, /● \(no context\)\s+ssh:\/\/dockerhost/);
		assert.match(list, /ssh-remote\s+ssh:\/\/dockerhost/);
		const rows = list.split('\n');
		const from = rows.findIndex(l => /● \(no context\)/.test(l));
		const to = rows.findIndex(l => /ssh-remote\s+ssh:/.test(l));
		for (let i = from; i < to; i++) await session.sendKeys('Down');
		const before = sshChildren(pid);
		assert.ok(before.length > 0);
		await session.sendKeys('Enter');
		const switched = await session.waitForText(/ssh-remote · ssh:\/\/dockerhost[\s\S]*● connected/, 20000);
		assert.match(switched, new RegExp(net));
		// The old engine's ssh children are gone; the new engine has its own.
		await waitFor(() => !sshChildren(pid).some(child => before.includes(child)), {
			timeout: 10000,
			what: `old ssh children (${before.join(' ')}) closed after the switch`,
		});
		assert.ok(sshChildren(pid).length > 0);

		await session.sendKeys('q');
		await session.waitForExit(10000);
		await waitFor(() => spawnSync('pgrep', ['-f', '-x', 'ssh .*dockerhost docker system dial-stdio']).status === 1, {
			timeout: 5000,
			what: 'no ssh child after q',
		});
	});
});
