// The scenario catalogue: small broken (and working) setups people really run into,
// each built on the private default engine with its own labelled resources. For each:
// the verdict `why` must give after probing, the topology's reasons in order, and
// either a fix docknet applies (then the probe must flip to reachable) or the reason
// no fix exists. Traffic goes only to the engine's containers and the sandbox's fake
// outside (203.0.113.10, outside.docknet.test).
import type {ReasonCode} from '../../source/domain/diagnosis.js';
import {RUN_ID, TEST_LABEL, childEnv, docker, dockerCli, sandboxEnv} from '../helpers/sandbox.js';
import {spawnSync} from 'node:child_process';
import {request} from 'node:http';

export const OUTSIDE = '203.0.113.10';
export const OUTSIDE_NAME = 'outside.docknet.test';

const image = () => sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest';

export type EngineFamily = 'docker' | 'podman';
let family: EngineFamily | null = null;
/** Docker or Podman (its Docker-compatible socket), from the engine's /version components. */
export function engineFamily(): EngineFamily {
	if (family) return family;
	const out = spawnSync(dockerCli(), ['version', '--format', '{{range .Server.Components}}{{.Name}};{{end}}'], {
		encoding: 'utf8',
		env: childEnv(),
	});
	if (out.status !== 0) throw new Error(`docker version failed: ${out.stderr}`);
	family = /podman/i.test(out.stdout) ? 'podman' : 'docker';
	return family;
}
/**
 * Podman drops NET_RAW by default (busybox ping: "permission denied"): the catalogue's
 * containers get it back there, so every verdict is decided by a ping that really ran.
 * The noraw scenario is the case without it.
 */
const caps = (): string[] => (engineFamily() === 'podman' ? ['--cap-add', 'NET_RAW'] : []);
/** Scenario resource names: short, unique to the run, labelled. */
export const n = (scenario: string, what: string) => `cat-${RUN_ID}-${scenario}-${what}`;
const L = ['--label', TEST_LABEL];
/** A long-running container that stops at once on SIGTERM (sleep as PID 1 would ignore it). */
const idle = ['sh', '-c', 'trap "exit 0" TERM; sleep 600 & wait'];
const run = (name: string, ...args: string[]) => docker(['run', '-d', ...L, ...caps(), '--name', name, ...args, image(), ...idle]);
const runCmd = (name: string, args: string[], cmd: string[]) =>
	docker(['run', '-d', ...L, ...caps(), '--name', name, ...args, image(), ...cmd]);
/**
 * Stops a container (the idle command ends at once on SIGTERM). Not docker kill: on the
 * private Podman 4.3 a killed container keeps its network namespace, and its address
 * still answers ping (its conmon's clean-up command cannot run there; stop cleans up).
 */
const stop = (name: string) => docker(['stop', '-t', '5', name]);
/** The default network's key in a container's networks: bridge (Docker), podman (Podman). */
const defaultNet = () => (engineFamily() === 'podman' ? 'podman' : 'bridge');
/** Podman 4.3 can give two networks created at once the same subnet: one at a time there. */
let creating: Promise<unknown> = Promise.resolve();
const net = (name: string, ...args: string[]) => {
	const create = () => docker(['network', 'create', ...L, ...args, name]);
	if (engineFamily() !== 'podman') return create();
	const next = creating.then(create, create);
	creating = next.catch(() => {});
	return next;
};
const ip = async (container: string, network: string, v6 = false) =>
	(
		await docker([
			'inspect',
			'-f',
			`{{(index .NetworkSettings.Networks "${network}").${v6 ? 'GlobalIPv6Address' : 'IPAddress'}}}`,
			container,
		])
	).stdout.trim();

export type Scenario = {
	id: string;
	title: string;
	/** Creates the scenario's resources; returns the target (an IP) or port when only known then. */
	setup: () => Promise<string | {port: number} | void>;
	source: string;
	target: string;
	port?: number;
	/** The verdict after the probes ran. */
	verdict: 'yes' | 'no' | 'unknown';
	/** The topology's reasons (static diagnosis), in order. */
	reasons: ReasonCode[];
	/** 'apply': docknet applies every fix shown, in order, and the probe must flip to reachable. Else why no fix exists (matched in the reasons' text). */
	fix: 'apply' | {none: RegExp};
	/** After the fix, probe this target instead (a renamed container). */
	targetAfterFix?: string;
	/** Reasons the probes add (observed), that must be there. */
	observed?: ReasonCode[];
	/** How the scenario differs on Podman (its Docker-compatible socket): see PodmanCase. */
	podman?: PodmanCase;
};

/** What is expected on this engine: the scenario's own fields, with its Podman case applied there. */
export type Expectation = Pick<Scenario, 'verdict' | 'reasons' | 'fix' | 'observed' | 'targetAfterFix'> & {
	/** docker lines run after the fix, as its text tells users of this engine. */
	thenRun?: string[][];
};

/**
 * On Podman a scenario either runs as is (no entry), runs with Podman's own truth
 * (expect: what really happens there, proven by the same probes), or does not apply
 * (notApplicable: why; the test is skipped with that reason and listed in the summary).
 */
export type PodmanCase =
	| {expect: Partial<Expectation>; because: string}
	/** kinds: only on these engine kinds (DOCKNET_ENGINE_KIND), else on every Podman. */
	| {notApplicable: string; kinds?: string[]};

/** A setup this engine cannot build (said in the test output as a skip with the reason, never silently). */
export class NotOnThisEngine extends Error {}

/** Creates a network through the API with CheckDuplicate off (the CLI refuses a second one with the same name). */
function createDuplicateNetwork(name: string): Promise<string> {
	const socketPath = sandboxEnv().DOCKER_HOST!.replace(/^unix:\/\//, '');
	const body = JSON.stringify({Name: name, CheckDuplicate: false, Labels: {'docknet.test': RUN_ID}});
	return new Promise((resolve, reject) => {
		const req = request(
			{
				socketPath,
				path: '/networks/create',
				method: 'POST',
				headers: {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body)},
			},
			res => {
				let data = '';
				res.on('data', chunk => (data += chunk));
				res.on('end', () =>
					res.statusCode === 201
						? resolve((JSON.parse(data) as {Id: string}).Id)
						: // API 1.44+ engines refuse duplicate names whatever CheckDuplicate says.
							reject(
								// 409, or Podman 4.3's 500 "network already exists"
								res.statusCode === 409 || /already exists/.test(data)
									? new NotOnThisEngine(`this engine refuses two networks with one name (${data.trim()})`)
									: new Error(`create ${name}: ${res.statusCode} ${data}`),
							),
				);
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

const s = (id: string, rest: Omit<Scenario, 'id' | 'source' | 'target'> & {source?: string; target?: string}): Scenario => ({
	id,
	source: n(id, 'src'),
	target: n(id, 'dst'),
	...rest,
});

export const SCENARIOS: Scenario[] = [
	s('brname', {
		title: 'default bridge: names do not resolve',
		setup: async () => void (await Promise.all([run(n('brname', 'src')), run(n('brname', 'dst'))])),
		verdict: 'no',
		reasons: ['shared-network', 'default-bridge-no-dns'],
		fix: 'apply',
	}),
	s('brip', {
		title: 'default bridge: by IP it works',
		setup: async () => {
			await Promise.all([run(n('brip', 'src')), run(n('brip', 'dst'))]);
			return ip(n('brip', 'dst'), defaultNet());
		},
		verdict: 'yes',
		reasons: ['shared-network'],
		fix: {none: /share bridge/},
	}),
	s('noshare', {
		title: 'no shared network',
		setup: async () => {
			await Promise.all([net(n('noshare', 'a')), net(n('noshare', 'b'))]);
			await Promise.all([
				run(n('noshare', 'src'), '--network', n('noshare', 'a')),
				run(n('noshare', 'dst'), '--network', n('noshare', 'b')),
			]);
		},
		verdict: 'no',
		reasons: ['no-shared-network'],
		fix: 'apply',
	}),
	s('intin', {
		title: 'internal network: members reach each other',
		setup: async () => {
			await net(n('intin', 'i'), '--internal');
			await Promise.all([run(n('intin', 'src'), '--network', n('intin', 'i')), run(n('intin', 'dst'), '--network', n('intin', 'i'))]);
		},
		verdict: 'yes',
		reasons: ['shared-network', 'internal-network'],
		fix: {none: /is internal/},
	}),
	s('intto', {
		title: 'internal network: a container outside it cannot reach in',
		setup: async () => {
			await Promise.all([net(n('intto', 'i'), '--internal'), net(n('intto', 'a'))]);
			await Promise.all([run(n('intto', 'src'), '--network', n('intto', 'a')), run(n('intto', 'dst'), '--network', n('intto', 'i'))]);
		},
		verdict: 'no',
		reasons: ['no-shared-network'],
		fix: 'apply',
	}),
	s('intout', {
		title: 'internal network: no way out to the outside address',
		setup: async () => {
			await net(n('intout', 'i'), '--internal');
			await run(n('intout', 'src'), '--network', n('intout', 'i'));
		},
		target: OUTSIDE,
		verdict: 'no',
		reasons: ['address-outside', 'internal-network'],
		fix: 'apply',
	}),
	s('intname', {
		title: 'internal network: the upstream name resolves, but there is no route out',
		setup: async () => {
			await net(n('intname', 'i'), '--internal');
			await run(n('intname', 'src'), '--network', n('intname', 'i'));
		},
		target: OUTSIDE_NAME,
		verdict: 'no',
		reasons: ['unknown-name', 'internal-network'],
		// 20.10's DNS still forwards for internal networks (the name resolves, outside-resolved);
		// 26+ does not (dns-failed): either way there is no route out.
		fix: 'apply',
		podman: {
			because:
				"Podman 5's aardvark-dns answers NXDOMAIN for outside names on an internal network, and a running container keeps that resolv.conf after a connect: the fix gives the route out, proven by the address",
			expect: {targetAfterFix: OUTSIDE},
		},
	}),
	s('icc', {
		title: 'enable_icc=false: members cannot talk',
		setup: async () => {
			await net(n('icc', 'x'), '-o', 'com.docker.network.bridge.enable_icc=false');
			await Promise.all([run(n('icc', 'src'), '--network', n('icc', 'x')), run(n('icc', 'dst'), '--network', n('icc', 'x'))]);
		},
		verdict: 'no',
		reasons: ['shared-network', 'icc-disabled'],
		fix: {none: /Inter-container traffic is disabled .* by design/},
		podman: {
			because:
				'Podman (netavark) has no inter-container switch: it creates the network without com.docker.network.bridge.enable_icc (Options {}), and its members do talk',
			expect: {verdict: 'yes', reasons: ['shared-network'], fix: {none: /share/}},
		},
	}),
	s('stopped', {
		title: 'stopped target on the shared network',
		setup: async () => {
			await net(n('stopped', 'a'));
			await Promise.all([
				run(n('stopped', 'src'), '--network', n('stopped', 'a')),
				run(n('stopped', 'dst'), '--network', n('stopped', 'a')),
			]);
			await stop(n('stopped', 'dst'));
		},
		verdict: 'no',
		reasons: ['shared-network', 'target-not-running'],
		fix: 'apply',
	}),
	s('stopnoshare', {
		title: 'stopped target on another network: both reasons, in fixing order',
		setup: async () => {
			await Promise.all([net(n('stopnoshare', 'a')), net(n('stopnoshare', 'b'))]);
			await Promise.all([
				run(n('stopnoshare', 'src'), '--network', n('stopnoshare', 'a')),
				run(n('stopnoshare', 'dst'), '--network', n('stopnoshare', 'b')),
			]);
			await stop(n('stopnoshare', 'dst'));
		},
		verdict: 'no',
		reasons: ['no-shared-network', 'target-not-running'],
		fix: 'apply',
	}),
	s('srcstop', {
		title: 'stopped source (configured on the shared network)',
		setup: async () => {
			await net(n('srcstop', 'a'));
			await Promise.all([
				run(n('srcstop', 'src'), '--network', n('srcstop', 'a')),
				run(n('srcstop', 'dst'), '--network', n('srcstop', 'a')),
			]);
			await stop(n('srcstop', 'src'));
		},
		verdict: 'no',
		reasons: ['shared-network', 'source-not-running'],
		fix: 'apply',
	}),
	s('restart', {
		title: 'restarting target (it keeps exiting)',
		setup: async () => {
			await net(n('restart', 'a'));
			await Promise.all([
				run(n('restart', 'src'), '--network', n('restart', 'a')),
				runCmd(n('restart', 'dst'), ['--network', n('restart', 'a'), '--restart', 'always'], ['sh', '-c', 'exit 3']),
			]);
		},
		verdict: 'no',
		reasons: ['shared-network', 'target-not-running'],
		fix: {none: /restarting \(it keeps exiting/},
		podman: {
			notApplicable:
				"Podman restarts a container that keeps exiting at once, with no back-off and no 'restarting' state (it is seen stopped or running, by the moment)",
		},
	}),
	s('paused', {
		title: 'paused target: the kernel answers ping, the processes do not',
		setup: async () => {
			await net(n('paused', 'a'));
			await Promise.all([run(n('paused', 'src'), '--network', n('paused', 'a')), run(n('paused', 'dst'), '--network', n('paused', 'a'))]);
			await docker(['pause', n('paused', 'dst')]);
		},
		verdict: 'yes',
		reasons: ['shared-network', 'target-paused'],
		fix: 'apply',
	}),
	s('hostdst', {
		title: 'target in host mode: no docker address, no name',
		setup: async () => void (await Promise.all([run(n('hostdst', 'src')), run(n('hostdst', 'dst'), '--network', 'host')])),
		verdict: 'no',
		reasons: ['target-host-mode'],
		fix: {none: /Reach its services through the host/},
	}),
	s('hostsrc', {
		title: 'source in host mode: container names do not resolve there',
		setup: async () => {
			await net(n('hostsrc', 'a'));
			await Promise.all([run(n('hostsrc', 'src'), '--network', 'host'), run(n('hostsrc', 'dst'), '--network', n('hostsrc', 'a'))]);
		},
		verdict: 'no',
		reasons: ['source-host-mode'],
		fix: {none: /docker's DNS does not serve it/},
	}),
	s('hostsrcip', {
		title: 'source in host mode: by IP it reaches a container',
		setup: async () => {
			await net(n('hostsrcip', 'a'));
			await Promise.all([run(n('hostsrcip', 'src'), '--network', 'host'), run(n('hostsrcip', 'dst'), '--network', n('hostsrcip', 'a'))]);
			return ip(n('hostsrcip', 'dst'), n('hostsrcip', 'a'));
		},
		verdict: 'yes',
		reasons: ['source-host-mode'],
		fix: {none: /through the host by IP/},
	}),
	s('nonedst', {
		title: 'target with --network none',
		setup: async () => void (await Promise.all([run(n('nonedst', 'src')), run(n('nonedst', 'dst'), '--network', 'none')])),
		verdict: 'no',
		reasons: ['target-none-mode'],
		fix: {none: /docker network connect refuses containers in none mode/},
	}),
	s('nonesrc', {
		title: 'source with --network none',
		setup: async () => void (await Promise.all([run(n('nonesrc', 'src'), '--network', 'none'), run(n('nonesrc', 'dst'))])),
		verdict: 'no',
		reasons: ['source-none-mode'],
		fix: {none: /recreate it with --network NETWORK/},
	}),
	s('noneself', {
		title: 'a container with --network none reaches itself',
		setup: async () => void (await run(n('noneself', 'src'), '--network', 'none')),
		target: n('noneself', 'src'),
		verdict: 'yes',
		reasons: ['same-container'],
		fix: {none: /same network stack/},
	}),
	s('ctrsrc', {
		title: 'source in container: mode reaches what its owner reaches',
		setup: async () => {
			await net(n('ctrsrc', 'a'));
			await Promise.all([run(n('ctrsrc', 'own'), '--network', n('ctrsrc', 'a')), run(n('ctrsrc', 'dst'), '--network', n('ctrsrc', 'a'))]);
			await run(n('ctrsrc', 'src'), '--network', `container:${n('ctrsrc', 'own')}`);
		},
		verdict: 'yes',
		reasons: ['source-container-mode', 'shared-network'],
		fix: {none: /shares the network stack/},
	}),
	s('ctrdst', {
		title: 'target in container: mode has no name of its own',
		setup: async () => {
			await net(n('ctrdst', 'a'));
			await Promise.all([run(n('ctrdst', 'src'), '--network', n('ctrdst', 'a')), run(n('ctrdst', 'own'), '--network', n('ctrdst', 'a'))]);
			await run(n('ctrdst', 'dst'), '--network', `container:${n('ctrdst', 'own')}`);
		},
		verdict: 'no',
		reasons: ['target-container-mode', 'shared-network', 'target-container-mode'],
		fix: {none: /Reach it as/},
	}),
	s('aliasone', {
		title: 'alias set on one network only',
		setup: async () => {
			await Promise.all([net(n('aliasone', 'a')), net(n('aliasone', 'b'))]);
			await Promise.all([
				run(n('aliasone', 'src'), '--network', n('aliasone', 'b')),
				run(n('aliasone', 'dst'), '--network', n('aliasone', 'a'), '--network-alias', `al-${RUN_ID}`).then(() =>
					docker(['network', 'connect', n('aliasone', 'b'), n('aliasone', 'dst')]),
				),
			]);
		},
		target: `al-${RUN_ID}`,
		verdict: 'no',
		reasons: ['shared-network', 'alias-not-here'],
		fix: 'apply',
	}),
	s('aliasclash', {
		title: 'the same alias on two networks the source is on',
		setup: async () => {
			await Promise.all([net(n('aliasclash', 'a')), net(n('aliasclash', 'b'))]);
			await Promise.all([
				run(n('aliasclash', 'src'), '--network', n('aliasclash', 'a')).then(() =>
					docker(['network', 'connect', n('aliasclash', 'b'), n('aliasclash', 'src')]),
				),
				run(n('aliasclash', 'dst'), '--network', n('aliasclash', 'a'), '--network-alias', `dup-${RUN_ID}`),
				run(n('aliasclash', 'other'), '--network', n('aliasclash', 'b'), '--network-alias', `dup-${RUN_ID}`),
			]);
		},
		target: `dup-${RUN_ID}`,
		verdict: 'yes',
		reasons: ['shared-network', 'alias-clash'],
		fix: {none: /may answer with that address instead/},
	}),
	s('link', {
		title: '--link name on the default bridge (/etc/hosts only)',
		setup: async () => {
			await run(n('link', 'dst'));
			await run(n('link', 'src'), '--link', `${n('link', 'dst')}:lnk`);
		},
		target: 'lnk',
		verdict: 'yes',
		reasons: ['hosts-only', 'shared-network'],
		fix: {none: /only through \/etc\/hosts/},
		podman: {notApplicable: 'Podman refuses --link ("bad parameter: link is not supported"): no such container can exist there'},
	}),
	s('addhost', {
		title: '--add-host name for the outside address',
		setup: async () => void (await run(n('addhost', 'src'), '--add-host', `up-${RUN_ID}:${OUTSIDE}`)),
		target: `up-${RUN_ID}`,
		verdict: 'yes',
		reasons: ['hosts-only'],
		fix: {none: /only through \/etc\/hosts/},
		observed: ['outside-resolved'],
	}),
	s('stalehosts', {
		title: 'stale /etc/hosts: --add-host sends the name to an old address',
		setup: async () => {
			await net(
				n('stalehosts', 'a'),
				'--subnet',
				`10.${200 + (parseInt(RUN_ID.slice(0, 2), 16) % 50)}.${parseInt(RUN_ID.slice(2, 4), 16)}.0/24`,
			);
			const subnet = (await docker(['network', 'inspect', '-f', '{{(index .IPAM.Config 0).Subnet}}', n('stalehosts', 'a')])).stdout.trim();
			const stale = subnet.replace(/\.0\/24$/, '.250');
			await run(n('stalehosts', 'dst'), '--network', n('stalehosts', 'a'));
			await run(n('stalehosts', 'src'), '--network', n('stalehosts', 'a'), '--add-host', `${n('stalehosts', 'dst')}:${stale}`);
		},
		verdict: 'no',
		reasons: ['shared-network', 'hosts-stale'],
		fix: {none: /cannot be changed on a container/},
	}),
	s('nolisten', {
		title: 'nothing listens on the port',
		setup: async () => {
			await net(n('nolisten', 'a'));
			await Promise.all([
				run(n('nolisten', 'src'), '--network', n('nolisten', 'a')),
				run(n('nolisten', 'dst'), '--network', n('nolisten', 'a')),
			]);
		},
		port: 81,
		verdict: 'no',
		reasons: ['shared-network', 'port-not-exposed'],
		fix: {none: /no process accepts connections on that port/},
		observed: ['not-listening'],
	}),
	s('loopback', {
		title: 'the service listens on 127.0.0.1 only inside the target',
		setup: async () => {
			await net(n('loopback', 'a'));
			await Promise.all([
				run(n('loopback', 'src'), '--network', n('loopback', 'a')),
				runCmd(n('loopback', 'dst'), ['--network', n('loopback', 'a')], ['httpd', '-f', '-p', '127.0.0.1:8080']),
			]);
		},
		port: 8080,
		verdict: 'no',
		reasons: ['shared-network', 'port-not-exposed'],
		fix: {none: /listens on 0\.0\.0\.0, not 127\.0\.0\.1/},
		observed: ['not-listening'],
	}),
	s('published', {
		title: 'the published (host) port used between containers',
		setup: async () => {
			await net(n('published', 'a'));
			await Promise.all([
				run(n('published', 'src'), '--network', n('published', 'a')),
				runCmd(n('published', 'dst'), ['--network', n('published', 'a'), '-p', '80'], ['httpd', '-f', '-p', '80']),
			]);
			// The host port docker picked: the one a user would wrongly try between containers.
			return {port: Number((await docker(['port', n('published', 'dst'), '80/tcp'])).stdout.trim().split('\n')[0]!.split(':').pop())};
		},
		verdict: 'no',
		reasons: ['shared-network', 'host-port'],
		fix: {none: /between containers use the container port 80/},
		observed: ['not-listening'],
	}),
	s('v6', {
		title: 'dual-stack network: by IPv6 address',
		setup: async () => {
			await net(n('v6', 'd'), '--ipv6', '--subnet', `fd${RUN_ID.slice(0, 2)}:${RUN_ID.slice(2, 6)}::/64`);
			await Promise.all([run(n('v6', 'src'), '--network', n('v6', 'd')), run(n('v6', 'dst'), '--network', n('v6', 'd'))]);
			return ip(n('v6', 'dst'), n('v6', 'd'), true);
		},
		verdict: 'yes',
		reasons: ['shared-network'],
		fix: {none: /share/},
	}),
	s('v6noshare', {
		title: 'an IPv6 address on a network the source is not on',
		setup: async () => {
			await Promise.all([
				net(n('v6noshare', 'd'), '--ipv6', '--subnet', `fd${RUN_ID.slice(0, 2)}:${RUN_ID.slice(2, 6)}:1::/64`),
				net(n('v6noshare', 'a')),
			]);
			await Promise.all([
				run(n('v6noshare', 'src'), '--network', n('v6noshare', 'a')),
				run(n('v6noshare', 'dst'), '--network', n('v6noshare', 'd')),
			]);
			return ip(n('v6noshare', 'dst'), n('v6noshare', 'd'), true);
		},
		verdict: 'no',
		reasons: ['no-shared-network'],
		fix: 'apply',
		podman: {
			kinds: ['podman4'],
			notApplicable:
				"Podman 4.3 (netavark 1.4) does not isolate a dual-stack network from others: the target's IPv4 address answers from the source's network, so the scenario's premise does not hold (docknet's 'Docker isolates networks' is refuted by its own ping there: an open finding)",
		},
	}),
	s('longname', {
		title: 'a container name longer than a DNS label (63)',
		setup: async () => {
			await net(n('longname', 'a'));
			await Promise.all([
				run(n('longname', 'src'), '--network', n('longname', 'a')),
				run(n('longname', 'dst') + '-' + 'x'.repeat(60), '--network', n('longname', 'a')),
			]);
		},
		target: n('longname', 'dst') + '-' + 'x'.repeat(60),
		verdict: 'no',
		reasons: ['shared-network', 'name-too-long'],
		fix: 'apply',
		targetAfterFix: (n('longname', 'dst') + '-' + 'x'.repeat(60)).slice(0, 63).replace(/[-_.]+$/, ''),
		podman: {
			because: "aardvark-dns keeps a renamed container's old name until it restarts (the fix says so): restarted after the rename",
			expect: {thenRun: [['restart', '-t', '2', (n('longname', 'dst') + '-' + 'x'.repeat(60)).slice(0, 63).replace(/[-_.]+$/, '')]]},
		},
	}),
	s('netgone', {
		title: 'a network removed under a stopped container',
		setup: async () => {
			await Promise.all([net(n('netgone', 'a')), net(n('netgone', 'gone'))]);
			await Promise.all([
				run(n('netgone', 'src'), '--network', n('netgone', 'a')),
				run(n('netgone', 'dst'), '--network', n('netgone', 'a')),
			]);
			await docker(['network', 'connect', n('netgone', 'gone'), n('netgone', 'dst')]);
			await stop(n('netgone', 'dst'));
			await docker(['network', 'rm', n('netgone', 'gone')]);
		},
		verdict: 'no',
		reasons: ['network-removed', 'shared-network', 'target-not-running'],
		fix: 'apply',
		podman: {
			notApplicable:
				'Podman refuses to remove a network a stopped container is configured on ("has associated containers"; network rm -f removes those containers too)',
		},
	}),
	s('dupname', {
		title: 'two networks with the same name',
		setup: async () => {
			const [one, two] = [await createDuplicateNetwork(n('dupname', 'n')), await createDuplicateNetwork(n('dupname', 'n'))];
			// docker run --network resolves even an id by name (ambiguous here): start elsewhere, connect by id.
			await Promise.all([net(n('dupname', 'p')), net(n('dupname', 'q'))]);
			await Promise.all([
				run(n('dupname', 'src'), '--network', n('dupname', 'p')),
				run(n('dupname', 'dst'), '--network', n('dupname', 'q')),
			]);
			await Promise.all([
				docker(['network', 'connect', one, n('dupname', 'src')]),
				docker(['network', 'connect', two, n('dupname', 'dst')]),
			]);
		},
		verdict: 'no',
		reasons: ['no-shared-network'],
		fix: 'apply',
	}),
	s('upstream', {
		title: 'a name only the upstream DNS answers (the fake outside)',
		setup: async () => {
			await net(n('upstream', 'a'));
			await run(n('upstream', 'src'), '--network', n('upstream', 'a'));
		},
		target: OUTSIDE_NAME,
		verdict: 'yes',
		reasons: ['unknown-name'],
		fix: {none: /asks the upstream DNS/},
		observed: ['outside-resolved'],
	}),
	s('nxname', {
		title: 'a name nobody knows: NXDOMAIN from upstream too',
		setup: async () => void (await run(n('nxname', 'src'))),
		target: `nosuch-${RUN_ID}.docknet.test`,
		verdict: 'no',
		reasons: ['unknown-name'],
		fix: {none: /does not know the name either/},
	}),
	s('gateway', {
		title: "the network's gateway answers (the engine host)",
		setup: async () => {
			await net(n('gateway', 'a'));
			await run(n('gateway', 'src'), '--network', n('gateway', 'a'));
			return (await docker(['network', 'inspect', '-f', '{{(index .IPAM.Config 0).Gateway}}', n('gateway', 'a')])).stdout.trim();
		},
		verdict: 'yes',
		reasons: ['gateway'],
		fix: {none: /gateway/},
	}),
	s('outside', {
		title: 'the outside address from a user-defined network (an outbound check)',
		setup: async () => {
			await net(n('outside', 'a'));
			await run(n('outside', 'src'), '--network', n('outside', 'a'));
		},
		target: OUTSIDE,
		verdict: 'yes',
		reasons: ['address-outside'],
		fix: {none: /outbound check/},
	}),
	s('noraw', {
		title: "no NET_RAW in the source (Podman's default): ping cannot run, the port check decides",
		setup: async () => {
			await net(n('noraw', 'a'));
			await Promise.all([
				// Without the catalogue's --cap-add (Podman) and with NET_RAW dropped (Docker): as Podman's stock containers run.
				docker(['run', '-d', ...L, '--cap-drop', 'NET_RAW', '--name', n('noraw', 'src'), '--network', n('noraw', 'a'), image(), ...idle]),
				runCmd(n('noraw', 'dst'), ['--network', n('noraw', 'a')], ['httpd', '-f', '-p', '80']),
			]);
		},
		port: 80,
		verdict: 'yes',
		reasons: ['shared-network', 'port-not-exposed'],
		fix: {none: /share/},
		observed: ['ping-unavailable', 'port-open'],
	}),
];

/**
 * Removes one scenario's containers (docknet's probe helpers for them first, then the
 * container: mode ones before their owners) and networks, fix-made ones included (all
 * named from the prefix): the engine stays small while the catalogue runs.
 */
export async function removeScenario(id: string): Promise<void> {
	const prefix = n(id, '');
	const listed = (await docker(['ps', '-a', '--filter', `label=${TEST_LABEL}`, '--format', '{{.Names}}'], {allowFail: true})).stdout
		.split('\n')
		.map(l => l.trim())
		.filter(Boolean);
	const helpers = listed.filter(name => name.startsWith(`docknet-helper-${prefix}`));
	const own = listed.filter(name => name.startsWith(prefix));
	if (helpers.length) await docker(['rm', '-f', ...helpers], {allowFail: true});
	for (const pass of [0, 1]) {
		const left =
			pass === 0
				? own
				: (await docker(['ps', '-a', '--format', '{{.Names}}'], {allowFail: true})).stdout.split('\n').filter(x => own.includes(x.trim()));
		if (left.length)
			await docker(['rm', '-f', ...left.sort((a, b) => Number(b.endsWith('-src')) - Number(a.endsWith('-src')))], {allowFail: true});
	}
	const networks = (await docker(['network', 'ls', '--format', '{{.Name}}'], {allowFail: true})).stdout
		.split('\n')
		.map(l => l.trim())
		.filter(name => name.startsWith(prefix));
	if (networks.length) await docker(['network', 'rm', ...networks], {allowFail: true});
}

/** Removes the networks docknet's fixes created (named after the containers, not labelled by docker). */
export async function removeNetworks(names: string[]): Promise<void> {
	for (const name of names) await docker(['network', 'rm', name], {allowFail: true});
}
