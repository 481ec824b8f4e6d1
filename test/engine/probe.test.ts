// Probes against the real private engine and its seed topology (plus containers this
// file creates, labelled, for the cases the seed lacks: a tool-less image, a network
// with inter-container traffic disabled, a legacy --link).
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {loadTopology} from '../../source/commands/load-topology.js';
import {planMatrix, runMatrix} from '../../source/commands/matrix.js';
import {HELPER_LABEL, ProbeRefused, detectTools} from '../../source/commands/probe-host.js';
import {runWhy} from '../../source/commands/probe-why.js';
import {planShell} from '../../source/commands/probe-shell.js';
import {Prober} from '../../source/commands/probe.js';
import {findContainer} from '../../source/domain/selectors.js';
import type {Container, Topology} from '../../source/domain/types.js';
import {
	RUN_ID,
	TEST_LABEL,
	cleanupTestResources,
	docker,
	requireSandbox,
	sandboxEngine,
	sandboxEnv,
	uniqueName,
	waitFor,
} from '../helpers/sandbox.js';

const engine = sandboxEngine();
const helperImage = () => sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest';
const bareImage = () => sandboxEnv().DOCKNET_BARE_IMAGE || 'docknet-bare:latest';
const newProber = (options: {readOnly?: boolean; helperImage?: string | null} = {}) =>
	new Prober(engine, {
		helperImage: options.helperImage === undefined ? helperImage() : options.helperImage,
		readOnly: Boolean(options.readOnly),
		helperLabels: {'docknet.test': RUN_ID},
	});

const SEED_RUNNING = ['web', 'db', 'legacy-a', 'legacy-b', 'cache', 'proxy', 'api-server', 'store'];

/** The seed may be re-created by another test run: wait until it is all there and running. */
async function seedTopology(): Promise<Topology> {
	return waitFor(
		async () => {
			const t = await loadTopology(engine);
			const ok = SEED_RUNNING.every(name => findContainer(t, name)?.state === 'running') && findContainer(t, 'batch');
			return ok ? t : null;
		},
		{timeout: 60_000, interval: 250, what: 'the seed topology (bash scripts/sandbox-engine.sh seed)'},
	);
}

const c = (t: Topology, name: string): Container => {
	const found = findContainer(t, name);
	assert.ok(found, `container ${name}`);
	return found;
};

// Own resources.
const net = uniqueName('probe-net');
const noIcc = uniqueName('probe-noicc');
const bare = uniqueName('probe-bare');
const peer = uniqueName('probe-peer');
const iccA = uniqueName('probe-icc-a');
const iccB = uniqueName('probe-icc-b');
const linker = uniqueName('probe-link');

before(async () => {
	await requireSandbox();
	const L = ['--label', TEST_LABEL];
	await docker(['network', 'create', ...L, net]);
	await docker(['network', 'create', ...L, '-o', 'com.docker.network.bridge.enable_icc=false', noIcc]);
	await Promise.all([
		docker(['run', '-d', ...L, '--name', bare, '--network', net, bareImage()]),
		docker([
			'run',
			'-d',
			...L,
			'--name',
			peer,
			'--network',
			net,
			'--network-alias',
			'peer-alias',
			helperImage(),
			'sh',
			'-c',
			'trap "exit 0" TERM; nc -ll -p 4444 -e /bin/cat & wait',
		]),
		docker(['run', '-d', ...L, '--name', iccA, '--network', noIcc, helperImage(), 'sleep', '600']),
		docker(['run', '-d', ...L, '--name', iccB, '--network', noIcc, helperImage(), 'sleep', '600']),
	]);
	await seedTopology();
	await docker(['run', '-d', ...L, '--name', linker, '--link', 'legacy-b:lb', helperImage(), 'sleep', '600']);
});

after(async () => {
	await cleanupTestResources();
});

describe('probes on the seed topology', () => {
	it("web -> db by name and by alias mysql: replies, and DNS answers db's address", async () => {
		const t = await seedTopology();
		const prober = newProber();
		try {
			const dbIp = t.endpoints.find(e => e.containerId === c(t, 'db').id)!.ipv4!;
			for (const target of ['db', 'mysql']) {
				const replies: number[] = [];
				const result = await prober.ping(c(t, 'web'), target, {count: 2, onReply: r => replies.push(r.seq)});
				assert.deepEqual(replies, [0, 1], target);
				assert.equal(result.stats.received, 2);
				assert.equal(result.stats.lossPct, 0);
				assert.equal(result.stats.address, dbIp);
				assert.ok(result.stats.minMs! > 0 && result.stats.minMs! <= result.stats.avgMs! && result.stats.avgMs! <= result.stats.maxMs!);
				assert.deepEqual(result.where.cli, [['docker', 'exec', 'web', 'ping', '-c', '2', '-W', '1', '-w', '4', target]]);
				const dns = await prober.dns(c(t, 'web'), target);
				assert.deepEqual(
					dns.result.answers.map(a => a.address),
					[dbIp],
				);
				assert.equal(dns.result.serverAddress, '127.0.0.11');
				assert.deepEqual(dns.resolver?.nameservers, ['127.0.0.11']);
				const why = await runWhy(prober, t, c(t, 'web'), target);
				assert.equal(why.diagnosis.verdict, 'yes', target);
				assert.ok(why.diagnosis.reasons.some(r => r.code === 'dns-resolved'));
			}
		} finally {
			await prober.dispose();
		}
	});

	it('legacy-a -> legacy-b: by name fails with the default-bridge diagnosis, by IP succeeds', async () => {
		const t = await seedTopology();
		const prober = newProber();
		try {
			const why = await runWhy(prober, t, c(t, 'legacy-a'), 'legacy-b');
			assert.equal(why.diagnosis.verdict, 'no');
			const reason = why.diagnosis.reasons.find(r => r.code === 'default-bridge-no-dns');
			assert.ok(reason, 'default-bridge reason');
			assert.equal(reason.status, 'confirmed');
			assert.match(reason.evidence!, /NXDOMAIN/);
			assert.equal(why.evidence.dns?.result.nxdomain, true);
			const byName = why.evidence.pings!.find(p => p.target === 'legacy-b')!;
			assert.equal(byName.stats.unresolved, 'legacy-b');
			const ip = t.endpoints.find(e => e.containerId === c(t, 'legacy-b').id)!.ipv4!;
			const byIp = why.evidence.pings!.find(p => p.target === ip)!;
			assert.equal(byIp.stats.received, 1);
			const direct = await runWhy(prober, t, c(t, 'legacy-a'), ip);
			assert.equal(direct.diagnosis.verdict, 'yes');
		} finally {
			await prober.dispose();
		}
	});

	it('web -> cache: different networks, the exact connect fix, confirmed by the probes', async () => {
		const t = await seedTopology();
		const prober = newProber();
		try {
			const why = await runWhy(prober, t, c(t, 'web'), 'cache', {hotkeys: {connect: 'c'}});
			assert.equal(why.diagnosis.verdict, 'no');
			const reason = why.diagnosis.reasons.find(r => r.code === 'no-shared-network')!;
			assert.equal(reason.status, 'confirmed');
			assert.deepEqual(reason.fix?.commands, [['docker', 'network', 'connect', 'backend', 'web']]);
			assert.equal(reason.fix?.hotkey, 'c');
			// cache's own address does not answer either: isolation, not just DNS.
			const cacheIp = t.endpoints.find(e => e.containerId === c(t, 'cache').id)!.ipv4!;
			assert.equal(why.evidence.pings!.find(p => p.target === cacheIp)!.stats.received, 0);
		} finally {
			await prober.dispose();
		}
	});

	it('web -> batch: the target is stopped', async () => {
		const t = await seedTopology();
		const prober = newProber();
		try {
			const why = await runWhy(prober, t, c(t, 'web'), 'batch');
			const reason = why.diagnosis.reasons.find(r => r.code === 'target-not-running')!;
			assert.equal(reason.status, 'confirmed');
			assert.deepEqual(reason.fix?.commands, [['docker', 'start', 'batch']]);
			assert.equal(why.diagnosis.verdict, 'no');
		} finally {
			await prober.dispose();
		}
	});

	it('a listening port vs a closed one (db 3306, web 80, db 3307, a nc -l peer)', async () => {
		const t = await seedTopology();
		const prober = newProber();
		try {
			assert.equal((await prober.port(c(t, 'web'), 'db', 3306)).check.state, 'open');
			assert.equal((await prober.port(c(t, 'db'), 'web', 80)).check.state, 'open');
			const closed = await prober.port(c(t, 'web'), 'db', 3307);
			assert.equal(closed.check.state, 'refused');
			assert.match(closed.check.message ?? '', /refused/i);
			const why = await runWhy(prober, t, c(t, 'web'), 'db', {port: 3307});
			assert.ok(why.diagnosis.reasons.some(r => r.code === 'not-listening' && /Nothing listens on db:3307/.test(r.text)));
			assert.equal(why.diagnosis.verdict, 'no');
			const t2 = await loadTopology(engine);
			assert.equal((await prober.port(c(t2, peer), 'peer-alias', 4444)).check.state, 'open');
			assert.equal((await prober.port(c(t2, peer), 'peer-alias', 4445)).check.state, 'refused');
		} finally {
			await prober.dispose();
		}
	});

	it('inter-container traffic disabled: diagnosed from the network options and confirmed by ping', async () => {
		const t = await loadTopology(engine);
		const prober = newProber();
		try {
			const why = await runWhy(prober, t, c(t, iccA), iccB, {timeoutSec: 1});
			const reason = why.diagnosis.reasons.find(r => r.code === 'icc-disabled')!;
			assert.ok(reason, 'icc reason');
			assert.equal(reason.status, 'confirmed');
			assert.equal(why.diagnosis.verdict, 'no');
			// The name still resolves: it is traffic that is dropped.
			assert.equal(why.evidence.dns?.result.answers.length, 1);
		} finally {
			await prober.dispose();
		}
	});

	it('a --link name: /etc/hosts resolves it, DNS does not', async () => {
		const t = await waitFor(async () => {
			const x = await loadTopology(engine);
			return findContainer(x, linker)?.state === 'running' ? x : null;
		});
		const prober = newProber();
		try {
			const why = await runWhy(prober, t, c(t, linker), 'lb');
			const reason = why.diagnosis.reasons.find(r => r.code === 'hosts-only')!;
			assert.equal(reason.status, 'confirmed');
			assert.equal(why.evidence.dns?.result.nxdomain, true);
			assert.deepEqual(why.evidence.hosts?.addresses.length, 1);
			assert.equal(why.evidence.pings!.find(p => p.target === 'lb')!.stats.received, 1);
			assert.equal(why.diagnosis.verdict, 'yes');
		} finally {
			await prober.dispose();
		}
	});
});

describe('an image without tools', () => {
	it('detects that the bare image has nothing, and the busybox image has everything', async () => {
		assert.deepEqual([...(await detectTools(engine, bare))], []);
		const t = await seedTopology();
		const tools = await detectTools(engine, c(t, 'web').id);
		for (const tool of ['sh', 'ping', 'nslookup', 'nc', 'cat', 'tr'] as const) assert.ok(tools.has(tool), tool);
	});

	it('probes through a helper container in its network namespace, then removes the helper', async () => {
		const t = await loadTopology(engine);
		const prober = newProber();
		let helperName = '';
		try {
			const result = await prober.ping(c(t, bare), peer, {count: 2});
			assert.equal(result.where.via, 'helper');
			assert.equal(result.stats.received, 2);
			// The helper shares the bare container's namespaces and is labelled.
			const helpers = (
				await docker(['ps', '--filter', `label=${HELPER_LABEL}=1`, '--filter', `label=docknet.test=${RUN_ID}`, '--format', '{{.Names}}'])
			).stdout
				.split('\n')
				.filter(Boolean);
			assert.equal(helpers.length, 1);
			helperName = helpers[0]!;
			const mode = (
				await docker(['inspect', '--format', '{{.HostConfig.NetworkMode}} {{.HostConfig.PidMode}} {{.HostConfig.AutoRemove}}', helperName])
			).stdout.trim();
			assert.equal(mode, `container:${c(t, bare).id} container:${c(t, bare).id} true`);
			assert.deepEqual(result.where.cli[0]!.slice(0, 3), ['docker', 'run', '-d']);
			const dns = await prober.dns(c(t, bare), 'peer-alias');
			assert.equal(dns.result.answers.length, 1);
			assert.equal((await prober.port(c(t, bare), peer, 4444)).check.state, 'open');
			// One helper per source, reused.
			assert.equal(prober.helpers.count, 1);
		} finally {
			await prober.dispose();
		}
		await waitFor(async () => (await docker(['ps', '-aq', '--filter', `name=${helperName}`])).stdout.trim() === '', {
			what: 'the helper to be gone',
		});
	});

	it('read-only mode refuses the helper with a clear message; a missing helper image is never pulled', async () => {
		const t = await loadTopology(engine);
		const readOnly = newProber({readOnly: true});
		await assert.rejects(readOnly.ping(c(t, bare), peer, {count: 1}), (error: unknown) => {
			assert.ok(error instanceof ProbeRefused);
			assert.equal(error.kind, 'read-only');
			assert.match(error.message, /has no ping; docknet would run it from a helper container sharing .* refused in read-only mode/);
			return true;
		});
		const missing = newProber({helperImage: 'docknet-no-such-image:latest'});
		await assert.rejects(
			missing.ping(c(t, bare), peer, {count: 1}),
			(error: unknown) => error instanceof ProbeRefused && error.kind === 'helper-image-missing' && /never pulls/.test(error.message),
		);
		const none = newProber({helperImage: null});
		await assert.rejects(none.dns(c(t, bare), peer), (error: unknown) => error instanceof ProbeRefused && error.kind === 'no-helper-image');
		assert.equal((await docker(['image', 'ls', '-q', 'docknet-no-such-image'])).stdout.trim(), '');
	});
});

describe('shell', () => {
	it('plans docker exec -it into a container with a shell, else a helper in its namespaces (never pulled; refused read-only)', async () => {
		const t = await seedTopology();
		const prober = newProber();
		const own = await planShell(engine, prober.tools, c(t, 'web'), {helperImage: helperImage(), readOnly: false, dockerCli: 'docker'});
		// The marker lets the shell watchdog end the shell with docknet.
		assert.deepEqual([...own.argv.slice(0, 4), ...own.argv.slice(5)], ['docker', 'exec', '-it', '-e', 'web', 'sh']);
		assert.match(own.argv[4]!, /^DOCKNET_PROBE=[0-9a-f]{12}$/);
		assert.equal(own.cleanup.kind, 'exec');
		const b = c(t, bare);
		const helper = await planShell(engine, prober.tools, b, {helperImage: helperImage(), readOnly: false, dockerCli: 'docker'});
		assert.equal(helper.via, 'helper');
		assert.deepEqual(helper.argv.slice(0, 5), ['docker', 'run', '--rm', '-it', '--name']);
		assert.match(helper.argv[5]!, /^docknet-shell-[0-9a-f]{8}$/);
		assert.deepEqual(helper.argv.slice(6, 12), ['--pull', 'never', '--network', `container:${b.id}`, '--pid', `container:${b.id}`]);
		assert.deepEqual(helper.argv.slice(-2), [helperImage(), 'sh']);
		assert.deepEqual(helper.cleanup, {kind: 'helper', name: helper.argv[5]});
		// Read-only: no shell at all (an interactive shell changes anything), with or without a helper.
		await assert.rejects(
			planShell(engine, prober.tools, c(t, 'web'), {helperImage: helperImage(), readOnly: true, dockerCli: 'docker'}),
			/read-only mode: no shell in web/,
		);
		await assert.rejects(planShell(engine, prober.tools, b, {helperImage: helperImage(), readOnly: true}), /read-only mode: no shell/);
		await assert.rejects(
			planShell(engine, prober.tools, b, {helperImage: null, readOnly: false}),
			/--helper-image IMAGE or DOCKNET_HELPER_IMAGE/,
		);
	});
});

describe('matrix', () => {
	it('app-net and frontend: every running pair answers by name', async () => {
		const t = await seedTopology();
		const prober = newProber();
		try {
			for (const [network, members] of [
				['app-net', ['db', 'web']],
				['frontend', ['api-server', 'proxy']],
			] as const) {
				const plan = planMatrix(t, network);
				assert.deepEqual(
					plan.members.map(m => m.name),
					members,
				);
				assert.equal(plan.byIp, false);
				const seen: string[] = [];
				const cells = await runMatrix(prober, t, plan, {onCell: cell => seen.push(cell.state)});
				assert.equal(cells.length, 2);
				assert.ok(
					cells.every(cell => cell.state === 'ok' && cell.rttMs !== null),
					JSON.stringify(cells),
				);
				assert.ok(seen.includes('running'));
			}
			assert.deepEqual(planMatrix(t, 'app-net').stopped, ['batch']);
		} finally {
			await prober.dispose();
		}
	});

	it('a network with inter-container traffic disabled: failing cells with the reason', async () => {
		const t = await loadTopology(engine);
		const prober = newProber();
		try {
			const cells = await runMatrix(prober, t, planMatrix(t, noIcc));
			assert.deepEqual(
				cells.map(cell => [cell.state, cell.reason]),
				[
					['fail', 'icc disabled'],
					['fail', 'icc disabled'],
				],
			);
		} finally {
			await prober.dispose();
		}
	});

	it('refuses networks over the size limit and ones without addresses', () => {
		return seedTopology().then(t => {
			assert.throws(() => planMatrix(t, 'app-net', {max: 1}), /app-net has 2 running containers: the matrix is limited to 1/);
			assert.throws(() => planMatrix(t, 'host'), /no addresses of their own/);
			assert.throws(() => planMatrix(t, 'nosuch-net'), /no such network/);
		});
	});
});
