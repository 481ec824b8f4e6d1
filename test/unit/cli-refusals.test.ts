// Bad input changes nothing: every refusal of the network operations, run in-process
// (test/helpers/run-cli.ts) against the memory engine — exit 1 (2 for usage), one clear
// line on stderr, and not one write call asked of the engine. Refusals happen before any
// engine write, so this is the tier for them; test/engine/ops-refusals.test.ts keeps a
// few against the real engine (state compared before and after) and the one the engine
// itself makes.
import assert from 'node:assert/strict';
import {beforeEach, describe, it} from 'node:test';
import {seedMemoryEngine, type MemoryEngine} from '../helpers/memory-engine.js';
import {WRITE_CALLS, runCli, type CliRun} from '../helpers/run-cli.js';

function refusedWith(result: CliRun, pattern: RegExp, code = 1): void {
	assert.equal(result.code, code, `exit ${code} expected; stderr: ${result.stderr}`);
	const lines = result.stderr.trim().split('\n');
	assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
	assert.match(lines[0]!, pattern);
	assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

describe('bad input changes nothing (in-process, memory engine)', () => {
	let engine: MemoryEngine;
	// The seed, plus a network of the run's own with one container on it (as the engine test has).
	const net = {name: 'opnet-1', subnet: '10.101.7.0/24', base: '10.101.7'};
	const ctr = {name: 'opref-1'};

	/** Runs docknet ARGV… in-process and asserts no write call reached the engine. */
	async function unchanged(argv: string[], env?: NodeJS.ProcessEnv): Promise<CliRun> {
		const before = engine.calls.length;
		const result = await runCli(engine, argv, env ? {env} : {});
		const writes = engine.calls.slice(before).filter(call => WRITE_CALLS.has(call));
		assert.deepEqual(writes, [], `docknet ${argv.join(' ')}: write calls reached the engine`);
		return result;
	}

	beforeEach(() => {
		engine = seedMemoryEngine();
		engine.addNetwork({name: net.name, subnet: net.subnet, gateway: `${net.base}.1`});
		engine.addContainer({name: ctr.name, networks: [net.name]});
		engine.addNetwork({name: 'opempty-1', subnet: '10.101.8.0/24'});
	});

	it('create: invalid CIDR', async () => {
		refusedWith(
			await unchanged(['create', 'x1', '--subnet', '10.999.0.0/24']),
			/^docknet: cannot create: --subnet: "10\.999\.0\.0\/24" is not a CIDR block/,
		);
		refusedWith(await unchanged(['create', 'x1', '--subnet', '10.60.0.0']), /not a CIDR block \(expected ADDRESS\/PREFIX/);
		refusedWith(await unchanged(['create', 'x1', '--subnet', '10.61.0.5/24']), /host bits set; did you mean 10\.61\.0\.0\/24\?/);
	});

	it('create: gateway outside the subnet, IP range outside the subnet', async () => {
		refusedWith(
			await unchanged(['create', 'x1', '--subnet', '10.104.9.0/24', '--gateway', '10.104.10.1']),
			/--gateway: 10\.104\.10\.1 is outside the subnet 10\.104\.9\.0\/24/,
		);
		refusedWith(
			await unchanged(['create', 'x1', '--subnet', '10.104.9.0/24', '--ip-range', '10.104.8.0/25']),
			/--ip-range: 10\.104\.8\.0\/25 is not inside the subnet/,
		);
		refusedWith(await unchanged(['create', 'x1', '--gateway', '10.104.9.1']), /--gateway needs a --subnet/);
	});

	it("create: overlapping subnet (a seed network and the run's own)", async () => {
		refusedWith(await unchanged(['create', 'x1', '--subnet', '10.10.0.0/16']), /overlaps 10\.10\.0\.0\/24 of network "app-net"/);
		refusedWith(
			await unchanged(['create', 'x1', '--subnet', `${net.base}.128/25`]),
			new RegExp(`overlaps ${net.subnet.replaceAll('.', '\\.')} of network "${net.name}"`),
		);
	});

	it('create: duplicate name', async () => {
		refusedWith(await unchanged(['create', 'app-net']), /a network named "app-net" already exists/);
		refusedWith(await unchanged(['create', net.name, '--subnet', '10.105.0.0/24']), /already exists/);
	});

	it('create: IPv6 subnet without --ipv6, a second host network', async () => {
		refusedWith(await unchanged(['create', 'x1', '--subnet', 'fd42:dead::/64']), /is IPv6 but IPv6 is off; add --ipv6/);
		refusedWith(await unchanged(['create', 'x1', '--driver', 'host']), /exactly one host network/);
	});

	it('connect/disconnect/rm: unknown network or container', async () => {
		refusedWith(await unchanged(['connect', 'no-such-net', ctr.name]), /^docknet: cannot connect: no network "no-such-net" on this engine/);
		refusedWith(
			await unchanged(['connect', net.name, 'no-such-ctr']),
			/^docknet: cannot connect: no container "no-such-ctr" on this engine/,
		);
		refusedWith(await unchanged(['disconnect', 'no-such-net', ctr.name]), /no network "no-such-net"/);
		refusedWith(await unchanged(['disconnect', net.name, 'no-such-ctr']), /no container "no-such-ctr"/);
		refusedWith(await unchanged(['rm', 'no-such-net']), /^docknet: cannot rm: no network "no-such-net"/);
	});

	it('connect: IP outside the subnet, the gateway, the wrong family', async () => {
		refusedWith(
			await unchanged(['connect', 'app-net', 'legacy-a', '--ip', '10.99.9.9']),
			/--ip: 10\.99\.9\.9 is outside "app-net"'s subnet 10\.10\.0\.0\/24/,
		);
		refusedWith(await unchanged(['connect', 'app-net', 'legacy-a', '--ip', '10.10.0.1']), /10\.10\.0\.1 is the gateway of "app-net"/);
		refusedWith(await unchanged(['connect', 'app-net', 'legacy-a', '--ip', 'fd00::1']), /IPv6 address; an IPv4 address is needed/);
		refusedWith(await unchanged(['connect', 'app-net', 'legacy-a', '--ip6', 'fd00::1']), /has IPv6 disabled/);
	});

	it('connect: already connected (running, and stopped-but-configured)', async () => {
		refusedWith(await unchanged(['connect', 'app-net', 'web']), /"web" is already connected to "app-net" \(10\.10\.0\.\d+\)/);
		refusedWith(await unchanged(['connect', 'app-net', 'batch', '--alias', 'x']), /"batch" \(exited\) is already configured on "app-net"/);
		refusedWith(await unchanged(['connect', net.name, ctr.name]), /already connected/);
	});

	it('connect: aliases on the default bridge, host-mode containers', async () => {
		refusedWith(await unchanged(['connect', 'bridge', 'web', '--alias', 'w']), /aliases work only on user-defined networks/);
		refusedWith(await unchanged(['connect', 'app-net', 'hostbox']), /--network host/);
		refusedWith(await unchanged(['connect', 'app-net', 'nonebox']), /--network none/);
	});

	it('disconnect: not connected', async () => {
		refusedWith(await unchanged(['disconnect', 'backend', 'web']), /"web" is not connected to "backend"/);
	});

	it('rm: predefined networks', async () => {
		for (const name of ['bridge', 'host', 'none']) {
			refusedWith(await unchanged(['rm', name]), new RegExp(`"${name}" is a predefined network`));
		}
	});

	it('rm: network with endpoints, without --disconnect-all', async () => {
		refusedWith(await unchanged(['rm', 'app-net']), /"app-net" has 2 attached containers: .*; .*--disconnect-all/);
		refusedWith(await unchanged(['rm', net.name]), new RegExp(`"${net.name}" has 1 attached container: ${ctr.name}`));
	});

	it('rm: several networks, one bad — none is removed', async () => {
		refusedWith(await unchanged(['rm', 'opempty-1', 'bridge']), /predefined/);
		refusedWith(await unchanged(['rm', 'opempty-1', 'no-such-net']), /no network "no-such-net"/);
	});

	it('prune: without --force and not on a terminal, refused; bad filters refused', async () => {
		const result = await unchanged(['prune']);
		refusedWith(result, /not on a terminal and no --force \(it would remove .*unused-net.*\); add --force/);
		assert.equal(result.stdout, '', 'nothing on stdout');
		refusedWith(await unchanged(['prune', '--filter', 'dangling=true']), /no filter "dangling"/);
		refusedWith(await unchanged(['prune', '--filter', 'until=soon']), /until=soon: not a duration/);
	});

	it('--json refusals carry the reason too', async () => {
		const result = await unchanged(['connect', 'app-net', 'web', '--json']);
		assert.equal(result.code, 1);
		const doc = JSON.parse(result.stdout);
		assert.equal(doc.schemaVersion, 1);
		assert.equal(doc.operation, 'connect');
		assert.equal(doc.ok, false);
		assert.match(doc.refused.reason, /already connected/);
	});

	it('read-only mode refuses every operation (--read-only and DOCKNET_READ_ONLY=1)', async () => {
		const ops = [
			['connect', 'backend', 'web'],
			['disconnect', 'app-net', 'db'],
			['create', 'ro-1', '--subnet', '10.106.0.0/24'],
			['rm', 'unused-net'],
			['prune', '--force'],
		];
		for (const args of ops) {
			const before = engine.calls.length;
			refusedWith(await unchanged([...args, '--read-only']), new RegExp(`read-only mode: "${args[0]}" would change the engine, refused`));
			refusedWith(await unchanged(args, {DOCKNET_READ_ONLY: '1'}), /read-only mode/);
			assert.deepEqual(engine.calls.slice(before), [], 'read-only refuses before any engine call');
		}
		// A dry run only plans, so read-only mode still answers it (and writes nothing).
		const preview = await unchanged(['prune', '--dry-run', '--read-only']);
		assert.equal(preview.code, 0, preview.stderr);
		assert.match(preview.stdout, /unused-net/);
	});

	it('usage errors exit 2', async () => {
		refusedWith(await unchanged(['connect', 'app-net']), /expected 2 arguments, got 1/, 2);
		refusedWith(await unchanged(['rm']), /give at least one network/, 2);
		refusedWith(await unchanged(['create', 'x', '--bogus']), /--bogus/, 2);
	});

	it('the write check notices a write (so the tests above can fail)', async () => {
		const result = await runCli(engine, ['create', 'fresh-1', '--subnet', '10.107.0.0/24']);
		assert.equal(result.code, 0, result.stderr);
		assert.ok(engine.calls.includes('createNetwork'), `${engine.calls}`);
		await assert.rejects(unchanged(['rm', 'fresh-1', '--yes-unproven-engine']), /write calls reached the engine/);
	});
});
