// The built CLI's probe commands against the sandbox, as a script would run them:
// exit codes (0 reachable, 1 not, 2 usage/engine/refusal), --json, Ctrl-C cleanup.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {TEST_LABEL, childEnv, cleanupTestResources, docker, docknet, repoRoot, requireSandbox, sandboxEngine, sandboxEnv, uniqueName, waitFor} from '../helpers/sandbox.js';

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
	await docker(['run', '-d', '--label', TEST_LABEL, '--name', bare, '--network', net, sandboxEnv().DOCKNET_BARE_IMAGE || 'docknet-bare:latest']);
	await docker(['run', '-d', '--label', TEST_LABEL, '--name', peer, '--network', net, sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest', 'sleep', '600']);
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
		const child = spawn(process.execPath, [join(repoRoot, 'bin', 'docknet.js'), 'ping', 'web', 'db', '--json'], {env: childEnv(), stdio: ['ignore', 'pipe', 'pipe']});
		let out = '';
		child.stdout.on('data', chunk => (out += chunk));
		const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
		await waitFor(() => lines(out).length >= 2, {timeout: 10_000, what: 'two replies'});
		assert.ok((await engine.top('web')).some(p => /^ping -w \d+ db$/.test(p.command) && !before.has(p.pid)), 'the ping runs in web');
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

	it('usage and engine errors exit 2', async () => {
		assert.equal((await docknet(['ping', 'web'])).code, 2);
		const nosuch = await docknet(['ping', 'nosuch-container-x', 'db', '-c', '1']);
		assert.equal(nosuch.code, 2);
		assert.match(nosuch.stderr, /no such container: nosuch-container-x/);
		assert.equal((await docknet(['ping', 'web', 'db', '-c', 'zero'])).code, 2);
		// A name neither the engine nor DNS knows: nothing is sent, exit 1 with the reason.
		const unknown = await docknet(['ping', 'web', 'nosuch-name-x', '-c', '1']);
		assert.equal(unknown.code, 1);
		assert.match(unknown.stdout, /bad address 'nosuch-name-x'/);
		assert.match(unknown.stdout, /No container, alias or \/etc\/hosts entry named "nosuch-name-x"/);
		const outside = await docknet(['ping', 'web', '192.0.2.1', '-c', '1']);
		assert.equal(outside.code, 2);
		assert.match(outside.stderr, /not an address of any of this engine's networks/);
	});

	it('a tool-less source goes through the helper; read-only mode refuses that with exit 2', async () => {
		const ok = await docknet(['ping', bare, peer, '-c', '1']);
		assert.equal(ok.code, 0, ok.stdout + ok.stderr);
		assert.match(ok.stdout, /via a helper container in its network namespace/);
		assert.equal((await docker(['ps', '-aq', '--filter', 'label=docknet.helper=1', '--filter', `label=docknet.helper.source`])).stdout.trim(), '', 'helper removed');
		const refused = await docknet(['--read-only', 'ping', bare, peer, '-c', '1']);
		assert.equal(refused.code, 2);
		assert.match(refused.stderr, /has no ping; docknet would run it from a helper container .* refused in read-only mode/);
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
		assert.equal((await docknet(['matrix', 'app-net', '--max', '1'])).code, 2);
	});
});
