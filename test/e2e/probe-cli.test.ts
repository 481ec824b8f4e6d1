// The built CLI's probe commands against the sandbox, as a script would run them:
// exit codes (0 reachable, 1 not, 2 usage/engine/refusal), --json, Ctrl-C cleanup.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {
	TEST_LABEL,
	childEnv,
	cleanupTestResources,
	docker,
	docknet,
	repoRoot,
	requireSandbox,
	sandboxEngine,
	sandboxEnv,
	uniqueName,
	waitFor,
} from '../helpers/sandbox.js';

const SEED = ['web', 'db', 'legacy-a', 'legacy-b', 'cache', 'proxy', 'api-server'];
const bare = uniqueName('cli-bare');
const peer = uniqueName('cli-peer');
const net = uniqueName('cli-net');

async function seedReady(): Promise<void> {
	await waitFor(
		async () => {
			const out = (await docker(['ps', '--filter', 'label=docknet.seed=1', '--format', '{{.Names}}'])).stdout.split('\n');
			return SEED.every(name => out.includes(name));
		},
		{timeout: 60_000, interval: 250, what: 'the seed containers'},
	);
}

const lines = (text: string) => text.split('\n').filter(Boolean);

before(async () => {
	await requireSandbox();
	await docker(['network', 'create', '--label', TEST_LABEL, net]);
	await docker([
		'run',
		'-d',
		'--label',
		TEST_LABEL,
		'--name',
		bare,
		'--network',
		net,
		sandboxEnv().DOCKNET_BARE_IMAGE || 'docknet-bare:latest',
	]);
	await docker([
		'run',
		'-d',
		'--label',
		TEST_LABEL,
		'--name',
		peer,
		'--network',
		net,
		sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest',
		'sleep',
		'600',
	]);
	await seedReady();
});

after(async () => {
	await cleanupTestResources();
});

describe('docknet ping', () => {
	it('ping web db -c 2 --json: one object per reply, then a summary; exit 0', async () => {
		const r = await docknet(['ping', 'web', 'db', '-c', '2', '--json']);
		assert.equal(r.code, 0, r.stderr);
		const objects = lines(r.stdout).map(l => JSON.parse(l));
		assert.deepEqual(
			objects.map(o => o.type),
			['reply', 'reply', 'summary'],
		);
		assert.deepEqual(
			objects.slice(0, 2).map(o => o.seq),
			[0, 1],
		);
		const summary = objects[2];
		assert.equal(summary.schemaVersion, 1);
		assert.equal(summary.transmitted, 2);
		assert.equal(summary.received, 2);
		assert.equal(summary.reachable, true);
		assert.deepEqual(summary.cli, ['docker exec web ping -c 2 -W 1 -w 4 db']);
	});

	it('legacy-a -> legacy-b: by name exit 1 with the default-bridge reason; by IP exit 0', async () => {
		const byName = await docknet(['ping', 'legacy-a', 'legacy-b', '-c', '1']);
		assert.equal(byName.code, 1);
		assert.match(byName.stdout, /bad address 'legacy-b'/);
		assert.match(byName.stdout, /default bridge, which has no name resolution/);
		const ip = (await docker(['inspect', '--format', '{{.NetworkSettings.Networks.bridge.IPAddress}}', 'legacy-b'])).stdout.trim();
		const byIp = await docknet(['ping', 'legacy-a', ip, '-c', '1']);
		assert.equal(byIp.code, 0, byIp.stdout + byIp.stderr);
		assert.match(byIp.stdout, /1 sent, 1 received, 0% loss/);
	});

	it('without -c runs until Ctrl-C, then stops the ping inside the container and prints the summary', async () => {
		const engine = sandboxEngine();
		// Pings another (killed) run may have left: they end by themselves within a chunk.
		const before = new Set((await engine.top('web')).map(p => p.pid));
		const child = spawn(process.execPath, [join(repoRoot, 'bin', 'docknet.js'), 'ping', 'web', 'db', '--json'], {
			env: childEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		child.stdout.on('data', chunk => (out += chunk));
		const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
		await waitFor(() => lines(out).length >= 2, {timeout: 10_000, what: 'two replies'});
		assert.ok(
			(await engine.top('web')).some(p => /^ping -w \d+ db$/.test(p.command) && !before.has(p.pid)),
			'the ping runs in web',
		);
		child.kill('SIGINT');
		assert.equal(await exited, 0);
		const objects = lines(out).map(l => JSON.parse(l));
		const summary = objects.at(-1);
		assert.equal(summary.type, 'summary');
		assert.equal(summary.interrupted, true);
		assert.equal(summary.stopped, 'gone');
		assert.ok(summary.received >= 2);
		assert.deepEqual(
			(await engine.top('web')).filter(p => /^ping /.test(p.command) && !before.has(p.pid)),
			[],
		);
	});

	it('usage errors and refused probes exit 2; not found exits 1 (as in every command)', async () => {
		assert.equal((await docknet(['ping', 'web'])).code, 2);
		for (const argv of [
			['ping', 'nosuch-container-x', 'db', '-c', '1'],
			['why', 'nosuch-container-x', 'db'],
			['dns', 'nosuch-container-x', 'db'],
			['port', 'nosuch-container-x', 'db', '80'],
			['matrix', 'nosuch-network-x'],
			['inspect', 'nosuch-container-x'],
		]) {
			const nosuch = await docknet(argv);
			assert.equal(nosuch.code, 1, argv.join(' '));
			assert.match(nosuch.stderr, /no such (container|network)[a-z ]*: nosuch-(container|network)-x/, argv.join(' '));
		}
		assert.equal((await docknet(['ping', 'web', 'db', '-c', 'zero'])).code, 2);
		// A name neither the engine nor the upstream DNS knows: ping says so, exit 1 with the reason.
		const unknown = await docknet(['ping', 'web', 'nosuch-name-x', '-c', '1']);
		assert.equal(unknown.code, 1);
		assert.match(unknown.stdout, /bad address 'nosuch-name-x'/);
		assert.match(unknown.stdout, /No container, alias or \/etc\/hosts entry named "nosuch-name-x"/);
		// An address form the tools read differently is refused the same way by every probe command (exit 2), nothing sent.
		for (const argv of [
			['ping', 'web', '010.010.010.010', '-c', '1'],
			['why', 'web', '010.010.010.010'],
			['port', 'web', '010.010.010.010', '80'],
			['dns', 'web', '010.010.010.010'],
		]) {
			const refused = await docknet(argv);
			assert.equal(refused.code, 2, argv.join(' '));
			assert.match(refused.stderr, /"010\.010\.010\.010" is ambiguous: .* would use 8\.8\.8\.8/, argv.join(' '));
			assert.equal(refused.stdout, '', argv.join(' '));
		}
	});

	it('outbound checks: the fake outside by address and by name, labelled as outside the engine', async () => {
		const byAddress = await docknet(['ping', 'web', '203.0.113.10', '-c', '1']);
		assert.equal(byAddress.code, 0, byAddress.stdout + byAddress.stderr);
		assert.match(byAddress.stdout, /PING 203\.0\.113\.10 \(outside this engine's networks: an outbound check\)/);
		const byName = await docknet(['ping', 'web', 'outside.docknet.test', '-c', '1']);
		assert.equal(byName.code, 0, byName.stdout + byName.stderr);
		assert.match(
			byName.stdout,
			/--- web -> outside\.docknet\.test \(203\.0\.113\.10\) \(outside this engine's networks: an outbound check\): 1 sent, 1 received/,
		);
		const why = await docknet(['why', 'web', 'outside.docknet.test']);
		assert.equal(why.code, 0, why.stdout);
		assert.match(why.stdout, /resolved in web to 203\.0\.113\.10, outside this engine's networks/);
		const internal = await docknet(['why', 'store', '203.0.113.10']);
		assert.equal(internal.code, 1, internal.stdout);
		assert.match(internal.stdout, /only on internal networks \(vault-net\)/);
	});

	it('a tool-less source goes through the helper; read-only mode refuses that with exit 2', async () => {
		const ok = await docknet(['ping', bare, peer, '-c', '1']);
		assert.equal(ok.code, 0, ok.stdout + ok.stderr);
		assert.match(ok.stdout, /via a helper container in its network namespace/);
		assert.equal(
			(await docker(['ps', '-aq', '--filter', 'label=docknet.helper=1', '--filter', `label=docknet.helper.source`])).stdout.trim(),
			'',
			'helper removed',
		);
		const refused = await docknet(['--read-only', 'ping', bare, peer, '-c', '1']);
		assert.equal(refused.code, 2);
		assert.match(refused.stderr, /has no ping; docknet would run it from a helper container .* refused in read-only mode/);
		// why: the same refusal is not a verdict (it was "NOT REACHABLE … exit 1").
		const why = await docknet(['--read-only', 'why', bare, peer]);
		assert.equal(why.code, 2, why.stdout);
		assert.match(why.stdout, /NOT PROBED \(the topology says REACHABLE\)/);
	});
});

describe('docknet dns, port, why, matrix', () => {
	it('dns: resolved exit 0 with the owner of the answer; NXDOMAIN exit 1', async () => {
		const ok = await docknet(['dns', 'web', 'mysql', '--json']);
		assert.equal(ok.code, 0, ok.stderr);
		const doc = JSON.parse(ok.stdout);
		assert.equal(doc.server, '127.0.0.11');
		assert.equal(doc.embeddedDns, true);
		assert.equal(doc.answers.length, 1);
		assert.equal(doc.answers[0].container, 'db');
		assert.deepEqual(doc.mismatches, []);
		const nx = await docknet(['dns', 'legacy-a', 'legacy-b']);
		assert.equal(nx.code, 1);
		assert.match(nx.stdout, /NXDOMAIN/);
		assert.match(nx.stdout, /confirmed: nslookup legacy-b/);
	});

	it('port: open exit 0, refused exit 1, bad port exit 2', async () => {
		const open = await docknet(['port', 'web', 'db', '3306']);
		assert.equal(open.code, 0, open.stdout + open.stderr);
		assert.match(open.stdout, /web -> db:3306 {2}open/);
		const closed = await docknet(['port', 'web', 'db', '3307', '--json']);
		assert.equal(closed.code, 1);
		const doc = JSON.parse(closed.stdout);
		assert.equal(doc.state, 'refused');
		assert.ok(doc.reasons.some((r: {code: string}) => r.code === 'not-listening'));
		assert.equal((await docknet(['port', 'web', 'db', '70000'])).code, 2);
	});

	it('why web cache --json: not reachable, no shared network, the exact fix', async () => {
		const r = await docknet(['why', 'web', 'cache', '--json']);
		assert.equal(r.code, 1);
		const doc = JSON.parse(r.stdout);
		assert.equal(doc.verdict, 'no');
		assert.equal(doc.probed, true);
		const reason = doc.reasons.find((x: {code: string}) => x.code === 'no-shared-network');
		assert.equal(reason.status, 'confirmed');
		assert.deepEqual(reason.fix.commands, ['docker network connect backend web']);
		const text = await docknet(['why', 'web', 'db']);
		assert.equal(text.code, 0);
		assert.match(text.stdout, /^web -> db: REACHABLE/);
	});

	it('matrix app-net --json: every pair reachable, exit 0', async () => {
		const r = await docknet(['matrix', 'app-net', '--json']);
		assert.equal(r.code, 0, r.stderr);
		const doc = JSON.parse(r.stdout);
		assert.deepEqual(doc.members, ['db', 'web']);
		assert.deepEqual(doc.stopped, ['batch']);
		assert.equal(doc.counts.ok, 2);
		const text = await docknet(['matrix', 'frontend']);
		assert.equal(text.code, 0);
		assert.match(text.stdout, /frontend \(10\.20\.0\.0\/24\): 2 running containers, 2 pings by name/);
		assert.equal((await docknet(['matrix', 'app-net', '--max', '1'])).code, 1, 'a refusal, as in every command');
	});
});
