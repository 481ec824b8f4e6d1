// A private sshd on 127.0.0.1 for the ssh:// tests: generated host and user keys, one
// port per remote-side scenario (the account's `docker` reaching the sandbox engine, no
// docker CLI, engine down, socket permission denied), and a client home with
// ~/.ssh/config (Host alias with HostName/Port/User/IdentityFile/UserKnownHostsFile)
// and known_hosts. The client runs in its own mount namespace with that home bound
// over the account's real one: ssh reads ~/.ssh from the passwd entry, not $HOME, and
// the real ~/.ssh must never be touched.
import {execFileSync, spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync} from 'node:fs';
import {connect, createServer} from 'node:net';
import {tmpdir, userInfo} from 'node:os';
import {join} from 'node:path';
import {repoRoot, sandboxEnv} from './sandbox.js';

export type Scenario = 'ok' | 'no-docker' | 'engine-down' | 'socket-permission';
const SCENARIOS: Scenario[] = ['ok', 'no-docker', 'engine-down', 'socket-permission'];

/** Where sshd is unpacked when the machine has none (apt-get download + dpkg -x: no service is installed or started). */
const SSHD_PKG_DIR = '/var/tmp/docknet-openssh-server';

/** The sshd binary: the system's, or one unpacked from Debian's package (never started as a service). */
export function findSshd(): string {
	if (spawnSync('test', ['-x', '/usr/sbin/sshd']).status === 0) return '/usr/sbin/sshd';
	const unpacked = join(SSHD_PKG_DIR, 'usr', 'sbin', 'sshd');
	if (spawnSync('test', ['-x', unpacked]).status === 0) return unpacked;
	mkdirSync(SSHD_PKG_DIR, {recursive: true});
	const download = spawnSync('sh', ['-c', 'apt-get download openssh-server || (apt-get update -qq && apt-get download openssh-server)'], {
		cwd: SSHD_PKG_DIR,
		encoding: 'utf8',
	});
	const deb = spawnSync('sh', ['-c', 'ls openssh-server_*.deb'], {cwd: SSHD_PKG_DIR, encoding: 'utf8'}).stdout.trim().split('\n')[0];
	if (download.status !== 0 || !deb) throw new Error(`no sshd and apt-get download openssh-server failed: ${download.stderr.slice(-500)}`);
	execFileSync('dpkg', ['-x', deb, SSHD_PKG_DIR]);
	return unpacked;
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as {port: number}).port;
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

async function waitForPort(port: number, timeout = 10000): Promise<void> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const ok = await new Promise<boolean>(resolve => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => (socket.destroy(), resolve(true)));
			socket.once('error', () => resolve(false));
		});
		if (ok) return;
		if (Date.now() > deadline) throw new Error(`sshd did not listen on 127.0.0.1:${port} within ${timeout} ms`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

export type Sshd = {
	dir: string;
	/** The client's home, bound over the real one when a command runs through `wrap`. */
	home: string;
	ports: Record<Scenario, number>;
	/** A port on 127.0.0.1 where nothing listens. */
	closedPort: number;
	user: string;
	/** ssh config Host aliases: `dockerhost` (scenario ok) and `dockerhost-<scenario>`; also
	 * hostkey-unknown, hostkey-changed, auth-fails, unreachable and jumped (ProxyJump). */
	alias: (scenario?: Scenario) => string;
	/** argv prefix that runs a command with the test home as the user's home. */
	wrap: (argv: string[]) => string[];
	/** The authorized user key (in the client home). */
	privateKey: string;
	hostKeyLine: (port: number, keyFile?: string) => string;
	stop: () => Promise<void>;
};

export function sshAvailable(): string | null {
	for (const bin of ['/usr/bin/ssh', '/usr/bin/ssh-keygen', '/usr/bin/ssh-agent', '/usr/bin/ssh-add', '/usr/bin/unshare']) {
		if (spawnSync('test', ['-x', bin]).status !== 0) return `${bin} is missing (apt-get install -y openssh-client util-linux)`;
	}
	return null;
}

export async function startSshd(): Promise<Sshd> {
	const missing = sshAvailable();
	if (missing) throw new Error(missing);
	const dir = mkdtempSync(join(tmpdir(), 'docknet-sshd-'));
	chmodSync(dir, 0o755);
	const home = join(dir, 'home');
	mkdirSync(join(home, '.ssh'), {recursive: true, mode: 0o700});
	const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'docknet-test', '-f', file]);
	keygen(join(dir, 'host_key'));
	const privateKey = join(home, '.ssh', 'id_docknet');
	keygen(privateKey);
	writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${privateKey}.pub`));
	// sshd's privilege-separation directory.
	mkdirSync('/run/sshd', {recursive: true, mode: 0o755});

	const ports = {} as Record<Scenario, number>;
	for (const s of SCENARIOS) ports[s] = await freePort();
	const closedPort = await freePort();
	const engine = sandboxEnv().DOCKER_HOST!;
	const user = userInfo().username;
	const config = [
		...SCENARIOS.map(s => `Port ${ports[s]}`),
		'ListenAddress 127.0.0.1',
		`HostKey ${join(dir, 'host_key')}`,
		`PidFile ${join(dir, 'sshd.pid')}`,
		`AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
		'StrictModes no',
		'PermitRootLogin prohibit-password',
		'PasswordAuthentication no',
		'KbdInteractiveAuthentication no',
		'UsePAM no',
		'PrintMotd no',
		`SetEnv DOCKER_HOST=${engine}`,
		`Match LocalPort ${ports['no-docker']}`,
		'  SetEnv PATH=/nonexistent',
		`Match LocalPort ${ports['engine-down']}`,
		`  SetEnv DOCKER_HOST=unix://${join(dir, 'no-engine.sock')}`,
		// The account's docker as an unprivileged user: the engine's socket is root:docker 0660.
		`Match LocalPort ${ports['socket-permission']}`,
		`  ForceCommand exec setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/tmp DOCKER_HOST=${engine} docker system dial-stdio`,
		'',
	].join('\n');
	writeFileSync(join(dir, 'sshd_config'), config);
	const sshd: ChildProcess = spawn(findSshd(), ['-D', '-f', join(dir, 'sshd_config'), '-E', join(dir, 'sshd.log')], {stdio: 'ignore'});
	await Promise.all(SCENARIOS.map(s => waitForPort(ports[s])));

	const hostKeyLine = (port: number, keyFile = join(dir, 'host_key')) =>
		`[127.0.0.1]:${port} ${readFileSync(`${keyFile}.pub`, 'utf8').trim()}`;
	writeFileSync(join(home, '.ssh', 'known_hosts_docknet'), `${SCENARIOS.map(s => hostKeyLine(ports[s])).join('\n')}\n`);
	const hostBlock = (alias: string, port: number) =>
		[
			`Host ${alias}`,
			'  HostName 127.0.0.1',
			`  Port ${port}`,
			`  User ${user}`,
			'  IdentityFile ~/.ssh/id_docknet',
			'  IdentitiesOnly yes',
			'  UserKnownHostsFile ~/.ssh/known_hosts_docknet',
			'',
		].join('\n');
	// Client-side failures: an empty known_hosts, a stored key that is not the host's,
	// a user key the server does not accept, and a port where nothing listens.
	keygen(join(dir, 'other_host_key'));
	keygen(join(home, '.ssh', 'id_unknown'));
	writeFileSync(join(home, '.ssh', 'known_hosts_empty'), '');
	writeFileSync(join(home, '.ssh', 'known_hosts_changed'), `${hostKeyLine(ports.ok, join(dir, 'other_host_key'))}\n`);
	const blocks = [hostBlock('dockerhost', ports.ok), ...SCENARIOS.map(s => hostBlock(`dockerhost-${s}`, ports[s]))];
	blocks.push(hostBlock('hostkey-unknown', ports.ok).replace('known_hosts_docknet', 'known_hosts_empty'));
	blocks.push(hostBlock('hostkey-changed', ports.ok).replace('known_hosts_docknet', 'known_hosts_changed'));
	blocks.push(hostBlock('auth-fails', ports.ok).replace('id_docknet', 'id_unknown'));
	blocks.push(hostBlock('unreachable', closedPort));
	// Through a jump host (the same sshd): ProxyJump comes from the config, as for docker.
	blocks.push(hostBlock('jumped', ports.ok).replace('  HostName 127.0.0.1', '  HostName 127.0.0.1\n  ProxyJump dockerhost'));
	writeFileSync(join(home, '.ssh', 'config'), blocks.join('\n'));

	const realHome = userInfo().homedir;
	// A checkout inside the real home (/root/docknet, a clone under a 0700 dir there) would
	// vanish under the bound home: it is bound back at its own path, through a stash
	// mount made before the home is covered.
	const repo = realpathSync(repoRoot);
	const repoInHome = repo.startsWith(`${realpathSync(realHome)}/`);
	const stash = join(dir, 'repo-stash');
	mkdirSync(stash);
	return {
		dir,
		home,
		ports,
		closedPort,
		user,
		privateKey,
		alias: scenario => (!scenario || scenario === 'ok' ? 'dockerhost' : `dockerhost-${scenario}`),
		wrap: argv => [
			'unshare',
			'--mount',
			'--propagation',
			'private',
			'sh',
			'-c',
			[
				'set -e',
				'home=$0 real=$1 repo=$2 stash=$3',
				'shift 3',
				'[ -z "$repo" ] || mount --bind "$repo" "$stash"',
				'mount --bind "$home" "$real"',
				'if [ -n "$repo" ]; then mkdir -p "$repo"; mount --bind "$stash" "$repo"; fi',
				'exec "$@"',
			].join('\n'),
			home,
			realHome,
			repoInHome ? repo : '',
			stash,
			...argv,
		],
		hostKeyLine,
		stop: async () => {
			if (sshd.exitCode === null && sshd.signalCode === null) {
				const gone = new Promise(resolve => sshd.once('exit', resolve));
				sshd.kill('SIGTERM');
				await gone;
			}
			rmSync(dir, {recursive: true, force: true, maxRetries: 3});
		},
	};
}

/** The built docknet CLI, argv form (for wrap). */
export const docknetArgv = (args: string[]): string[] => [process.execPath, join(repoRoot, 'bin', 'docknet.js'), ...args];
