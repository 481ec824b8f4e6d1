// ssh:// through the system ssh client, against a private sshd on 127.0.0.1 whose
// account's `docker` reaches the sandbox engine: works with only an ~/.ssh/config entry
// or only ssh-agent, exactly where `docker -H ssh://…` works; each failure gets its own
// one-line cause; no ssh child outlives docknet.
import assert from 'node:assert/strict';
import {execFile, execFileSync, spawn, spawnSync} from 'node:child_process';
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {TEST_LABEL, childEnv, cleanupTestResources, docker, dockerCli, requireSandbox, uniqueName, waitFor} from '../helpers/sandbox.js';
import {docknetArgv, startSshd, type Sshd} from '../helpers/sshd.js';

type Result = {stdout: string; stderr: string; code: number};

/** Runs argv with the test home; detached (no controlling tty), so ssh can never prompt. */
function runWrapped(sshd: Sshd, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
	const [command, ...args] = sshd.wrap(argv);
	return new Promise(resolve => {
		execFile(
			command!,
			args,
			{env: {...childEnv(), DOCKER_HOST: undefined, ...env}, maxBuffer: 32 * 1024 * 1024, timeout: 60000},
			(error, stdout, stderr) => {
				const code = error ? (typeof (error as {code?: unknown}).code === 'number' ? (error as {code: number}).code : -1) : 0;
				resolve({stdout, stderr, code});
			},
		);
	});
}

function oneLine(stderr: string): string {
	const lines = stderr.trim().split('\n');
	assert.equal(lines.length, 1, `one line, got:\n${stderr}`);
	return lines[0]!;
}

/** ssh children running dial-stdio against our sshd (by its unique ports in the argv or alias). */
function liveSshChildren(): number {
	const out = spawnSync('pgrep', ['-f', 'docker system dial-stdio'], {encoding: 'utf8'});
	return out.stdout
		.split('\n')
		.filter(Boolean)
		.filter(pid => {
			const cmd = spawnSync('cat', [`/proc/${pid}/cmdline`], {encoding: 'utf8'}).stdout;
			return cmd.startsWith('ssh\0') && /dockerhost|hostkey-|auth-fails|unreachable|127\.0\.0\.1/.test(cmd);
		}).length;
}

describe('ssh:// through the system ssh client', {timeout: 180000}, () => {
	let sshd: Sshd;
	before(async () => {
		await requireSandbox();
		sshd = await startSshd();
	});
	after(async () => {
		await sshd?.stop();
		await cleanupTestResources();
	});

	it('ls --json works with only an ~/.ssh/config entry, like docker -H ssh://', async () => {
		const viaDocker = await runWrapped(sshd, [dockerCli(), '-H', 'ssh://dockerhost', 'network', 'ls', '--format', '{{.Name}}']);
		assert.equal(viaDocker.code, 0, viaDocker.stderr);
		const result = await runWrapped(sshd, docknetArgv(['-H', 'ssh://dockerhost', 'ls', '--json']));
		assert.equal(result.code, 0, result.stderr);
		const doc = JSON.parse(result.stdout) as {networks: Array<{name: string}>};
		// Other tests create and remove their own networks meanwhile: compare the seed's.
		const seed = (names: string[]) => names.filter(n => !/-[0-9a-f]{6}-[0-9a-f]{4}$/.test(n)).sort();
		assert.deepEqual(seed(doc.networks.map(n => n.name)), seed(viaDocker.stdout.trim().split('\n')));
		assert.ok(doc.networks.some(n => n.name === 'app-net'));
		await waitFor(() => liveSshChildren() === 0, {timeout: 5000, what: 'no ssh child left after docknet exits'});
	});

	it('follows ProxyJump from ~/.ssh/config', async () => {
		const result = await runWrapped(sshd, docknetArgv(['-H', 'ssh://jumped', 'ls', '--json']));
		assert.equal(result.code, 0, result.stderr);
		assert.ok((JSON.parse(result.stdout) as {networks: Array<{name: string}>}).networks.some(n => n.name === 'app-net'));
	});

	it('works with only ssh-agent (no config entry, key not on disk where ssh looks)', async () => {
		const agentSock = join(sshd.dir, 'agent.sock');
		const agent = spawn('ssh-agent', ['-D', '-a', agentSock], {stdio: 'ignore'});
		try {
			await waitFor(() => spawnSync('ssh-add', ['-l'], {env: {...process.env, SSH_AUTH_SOCK: agentSock}}).status !== 2, {
				timeout: 5000,
				what: 'ssh-agent up',
			});
			const add = spawnSync('ssh-add', [sshd.privateKey], {env: {...process.env, SSH_AUTH_SOCK: agentSock}, encoding: 'utf8'});
			assert.equal(add.status, 0, add.stderr);
			// The default known_hosts, as after a first interactive `ssh` to the host.
			writeFileSync(join(sshd.home, '.ssh', 'known_hosts'), `${sshd.hostKeyLine(sshd.ports.ok)}\n`);
			const url = `ssh://${sshd.user}@127.0.0.1:${sshd.ports.ok}`;
			const withoutAgent = await runWrapped(sshd, docknetArgv(['-H', url, 'ls', '--json']), {SSH_AUTH_SOCK: undefined});
			assert.equal(withoutAgent.code, 2, 'without the agent there is no usable key');
			assert.match(oneLine(withoutAgent.stderr), /authentication failed/);
			const result = await runWrapped(sshd, docknetArgv(['-H', url, 'ls', '--json']), {SSH_AUTH_SOCK: agentSock});
			assert.equal(result.code, 0, result.stderr);
			assert.ok((JSON.parse(result.stdout) as {networks: Array<{name: string}>}).networks.some(n => n.name === 'app-net'));
		} finally {
			agent.kill('SIGTERM');
		}
	});

	it('an ssh:// context works with --context, DOCKER_CONTEXT and the current context', async () => {
		const config = mkdtempSync(join(tmpdir(), 'docknet-docker-config-'));
		try {
			execFileSync(dockerCli(), ['context', 'create', 'ssh-remote', '--docker', 'host=ssh://dockerhost'], {
				env: {...process.env, DOCKER_CONFIG: config},
				stdio: 'ignore',
			});
			const current = mkdtempSync(join(tmpdir(), 'docknet-docker-config-'));
			cpSync(join(config, 'contexts'), join(current, 'contexts'), {recursive: true});
			writeFileSync(join(current, 'config.json'), JSON.stringify({currentContext: 'ssh-remote'}));
			for (const [how, args, env] of [
				['--context', ['--context', 'ssh-remote'], {DOCKER_CONFIG: config}],
				['DOCKER_CONTEXT', [], {DOCKER_CONFIG: config, DOCKER_CONTEXT: 'ssh-remote'}],
				['current context', [], {DOCKER_CONFIG: current}],
			] as const) {
				const r = await runWrapped(sshd, docknetArgv([...args, 'ls', '--json']), env);
				assert.equal(r.code, 0, `${how}: ${r.stderr}`);
				assert.ok(
					(JSON.parse(r.stdout) as {networks: Array<{name: string}>}).networks.some(n => n.name === 'app-net'),
					how,
				);
			}
			rmSync(current, {recursive: true, force: true});
		} finally {
			rmSync(config, {recursive: true, force: true});
		}
	});

	it('writes and execs go over ssh too: connect, then ping through a hijacked exec', async () => {
		const net = uniqueName('sshnet');
		await docker(['network', 'create', '--label', TEST_LABEL, net]);
		const connect = await runWrapped(sshd, docknetArgv(['-H', 'ssh://dockerhost', 'connect', net, 'web']));
		assert.equal(connect.code, 0, connect.stderr);
		const inspect = await docker(['network', 'inspect', net, '--format', '{{range .Containers}}{{.Name}} {{end}}']);
		assert.match(inspect.stdout, /\bweb\b/);
		const ping = await runWrapped(sshd, docknetArgv(['-H', 'ssh://dockerhost', 'ping', '-c', '1', 'web', 'db', '--json']));
		assert.equal(ping.code, 0, ping.stderr);
		assert.match(ping.stdout, /"received":\s*1/);
		await docker(['network', 'disconnect', '-f', net, 'web'], {allowFail: true});
	});

	/** Starts a ~6 s `docknet -H ssh://dockerhost ping` (bounded: a kill -9 leaves the ping inside
	 * web, which then ends by itself soon); resolves once it pings. */
	async function runningPing(): Promise<{pid: number; controlPath: string; exited: Promise<void>}> {
		const [command, ...args] = sshd.wrap(docknetArgv(['-H', 'ssh://dockerhost', 'ping', '-c', '30', '-i', '0.2', 'web', 'db']));
		// unshare and sh exec in turn: the pid is docknet's.
		const child = spawn(command!, args, {env: {...childEnv(), DOCKER_HOST: undefined}, stdio: ['ignore', 'pipe', 'pipe']});
		const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
		let out = '';
		child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
		await waitFor(() => /seq=1/.test(out), {timeout: 20000, what: 'ping output over ssh'});
		const sessions = spawnSync('pgrep', ['-P', String(child.pid), '-x', 'ssh'], {encoding: 'utf8'})
			.stdout.split('\n')
			.filter(Boolean);
		const cmdline = readFileSync(`/proc/${sessions[0]}/cmdline`, 'utf8');
		const controlPath = /ControlPath=([^\0]+)/.exec(cmdline)![1]!;
		return {pid: child.pid!, controlPath, exited};
	}
	/** ssh processes using that control socket: sessions ("ControlPath=P") and the master ("ssh: P [mux]"). */
	const sshUsing = (path: string): number =>
		spawnSync('pgrep', ['-f', `ssh.*${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`], {encoding: 'utf8'})
			.stdout.split('\n')
			.filter(Boolean).length;

	it('Ctrl-C: every ssh process of the run is gone (sessions and the shared master)', async () => {
		const run = await runningPing();
		assert.ok(sshUsing(run.controlPath) >= 2, 'a session and the master while it runs');
		process.kill(run.pid, 'SIGINT');
		await run.exited;
		await waitFor(() => sshUsing(run.controlPath) === 0, {timeout: 5000, what: 'no ssh process left after Ctrl-C'});
	});

	it('kill -9: the sessions end at once, the shared master within its ControlPersist', async () => {
		const run = await runningPing();
		process.kill(run.pid, 'SIGKILL');
		await run.exited;
		await waitFor(() => spawnSync('pgrep', ['-f', `ControlPath=${run.controlPath}`]).status === 1, {
			timeout: 5000,
			what: 'sessions end with docknet',
		});
		await waitFor(() => sshUsing(run.controlPath) === 0, {timeout: 20000, interval: 250, what: 'the master ends by itself'});
	});

	const failures: Array<{what: string; host: () => string; expect: RegExp; dockerd: boolean}> = [
		{
			what: 'host key unknown',
			host: () => 'ssh://hostkey-unknown',
			expect: /^docknet: ssh to ssh:\/\/hostkey-unknown: the host key is not known/,
			dockerd: false,
		},
		{
			what: 'host key changed',
			host: () => 'ssh://hostkey-changed',
			expect: /^docknet: ssh to ssh:\/\/hostkey-changed: the host key has CHANGED/,
			dockerd: false,
		},
		{
			what: 'authentication failed',
			host: () => 'ssh://auth-fails',
			expect: /^docknet: ssh to ssh:\/\/auth-fails: authentication failed \(.*Permission denied \(publickey\)/,
			dockerd: false,
		},
		{
			what: 'connection refused',
			host: () => 'ssh://unreachable',
			expect: /^docknet: ssh to ssh:\/\/unreachable: host unreachable: .*Connection refused/,
			dockerd: false,
		},
		{
			what: 'no docker CLI on the remote',
			host: () => 'ssh://dockerhost-no-docker',
			expect: /the remote account has no `docker` command \(.*docker: command not found\)/,
			dockerd: false,
		},
		{
			what: 'remote engine down',
			host: () => 'ssh://dockerhost-engine-down',
			expect: /works, but the Docker engine there is not running \(.*no-engine\.sock.*\); is dockerd running on the remote host\?/,
			dockerd: true,
		},
		{
			what: 'permission denied on the remote socket',
			host: () => 'ssh://dockerhost-socket-permission',
			expect: /the remote account may not use the Docker socket \(.*permission denied/,
			dockerd: false,
		},
	];
	for (const failure of failures) {
		it(`names the cause in one line: ${failure.what}`, async () => {
			const result = await runWrapped(sshd, docknetArgv(['-H', failure.host(), 'ls']));
			assert.equal(result.code, 2);
			assert.equal(result.stdout, '');
			const line = oneLine(result.stderr);
			assert.match(line, failure.expect);
			if (!failure.dockerd) assert.doesNotMatch(line, /dockerd/);
		});
	}

	it('tells the causes apart from each other (no two failures share a message kind)', async () => {
		const lines = await Promise.all(failures.map(async f => oneLine((await runWrapped(sshd, docknetArgv(['-H', f.host(), 'ls']))).stderr)));
		const kinds = lines.map(line => line.replace(/ssh:\/\/[\w-]+/g, '').replace(/\(.*\)/g, ''));
		assert.equal(new Set(kinds).size, kinds.length, lines.join('\n'));
		await waitFor(() => liveSshChildren() === 0, {timeout: 5000, what: 'no ssh child left after failures'});
	});
});
