// Bad input changes nothing: every refusal the issue lists, through the built CLI
// against the real engine — exit 1, one clear line on stderr, and the engine state
// (docker network ls / network inspect / inspect JSON) identical before and after.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {assertUnchanged} from '../helpers/ops-state.js';
import {freeSubnet, testContainer, testNetwork, testNetworkAuto} from '../helpers/ops-fixtures.js';
import {TEST_LABEL, cleanupTestResources, docker, docknet, requireSandbox, uniqueName} from '../helpers/sandbox.js';

type Run = {stdout: string; stderr: string; code: number};

function refusedWith(result: Run, pattern: RegExp, code = 1): void {
	assert.equal(result.code, code, `exit ${code} expected; stderr: ${result.stderr}`);
	const lines = result.stderr.trim().split('\n');
	assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
	assert.match(lines[0]!, pattern);
	assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

/** Runs docknet and asserts the engine did not change. */
const unchanged = (args: string[], env?: NodeJS.ProcessEnv): Promise<Run> =>
	assertUnchanged(() => docknet(args, env ? {env} : {}), `docknet ${args.join(' ')}`);

describe('bad input changes nothing', () => {
	let net: {name: string; subnet: string; base: string};
	let auto: {name: string};
	let ctr: {name: string};

	before(async () => {
		await requireSandbox();
		net = await testNetwork();
		auto = await testNetworkAuto();
		ctr = await testContainer('opref', net.name);
	});
	after(cleanupTestResources);

	it('create: invalid CIDR', async () => {
		refusedWith(
			await unchanged(['create', uniqueName('x'), '--subnet', '10.999.0.0/24']),
			/^docknet: cannot create: --subnet: "10\.999\.0\.0\/24" is not a CIDR block/,
		);
		refusedWith(await unchanged(['create', uniqueName('x'), '--subnet', '10.60.0.0']), /not a CIDR block \(expected ADDRESS\/PREFIX/);
		refusedWith(await unchanged(['create', uniqueName('x'), '--subnet', '10.61.0.5/24']), /host bits set; did you mean 10\.61\.0\.0\/24\?/);
	});

	it('create: gateway outside the subnet, IP range outside the subnet', async () => {
		refusedWith(
			await unchanged(['create', uniqueName('x'), '--subnet', '10.104.9.0/24', '--gateway', '10.104.10.1']),
			/--gateway: 10\.104\.10\.1 is outside the subnet 10\.104\.9\.0\/24/,
		);
		refusedWith(
			await unchanged(['create', uniqueName('x'), '--subnet', '10.104.9.0/24', '--ip-range', '10.104.8.0/25']),
			/--ip-range: 10\.104\.8\.0\/25 is not inside the subnet/,
		);
		refusedWith(await unchanged(['create', uniqueName('x'), '--gateway', '10.104.9.1']), /--gateway needs a --subnet/);
	});

	it("create: overlapping subnet (a seed network and this run's own)", async () => {
		refusedWith(await unchanged(['create', uniqueName('x'), '--subnet', '10.10.0.0/16']), /overlaps 10\.10\.0\.0\/24 of network "app-net"/);
		refusedWith(
			await unchanged(['create', uniqueName('x'), '--subnet', `${net.base}.128/25`]),
			new RegExp(`overlaps ${net.subnet.replaceAll('.', '\\.')} of network "${net.name}"`),
		);
	});

	it('create: duplicate name', async () => {
		refusedWith(await unchanged(['create', 'app-net']), /a network named "app-net" already exists/);
		refusedWith(await unchanged(['create', net.name, '--subnet', '10.105.0.0/24']), /already exists/);
	});

	it('create: IPv6 subnet without --ipv6, a second host network', async () => {
		refusedWith(await unchanged(['create', uniqueName('x'), '--subnet', 'fd42:dead::/64']), /is IPv6 but IPv6 is off; add --ipv6/);
		refusedWith(await unchanged(['create', uniqueName('x'), '--driver', 'host']), /exactly one host network/);
	});

	it('connect/disconnect: unknown network or container', async () => {
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

	it('connect: static IP on a network whose subnet the engine chose — the engine refuses, docknet explains', async () => {
		const subnet = (await docker(['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', auto.name])).stdout.trim();
		const ip = subnet.replace(/\.0\/\d+$/, '.77');
		assert.match(ip, /^\d+\.\d+\.\d+\.77$/, `subnet ${subnet}`);
		// The API shows an engine-chosen subnet exactly like a user-specified one, so only
		// the engine can tell: its message verbatim, then what it means. Exit 1 (refused).
		refusedWith(
			await unchanged(['connect', auto.name, ctr.name, '--ip', ip]),
			/^docknet: connect failed at: docker network connect --ip \S+ \S+ \S+: user specified IP address is supported only when connecting to networks with user configured subnets — a static IP needs a network created with a user-specified --subnet/,
		);
	});

	it('the state comparison notices a change (so the tests above can fail)', async () => {
		const name = uniqueName('opdetect');
		const {subnet} = await freeSubnet();
		await assert.rejects(
			assertUnchanged(() => docker(['network', 'create', '--label', TEST_LABEL, '--subnet', subnet, name])),
			/docker network ls changed/,
		);
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
		const empty = await testNetwork('opempty');
		refusedWith(await unchanged(['rm', empty.name, 'bridge']), /predefined/);
		refusedWith(await unchanged(['rm', empty.name, 'no-such-net']), /no network "no-such-net"/);
	});

	it('prune: without --force and not on a terminal, refused; bad filters refused', async () => {
		await testNetwork('opunused');
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
			['create', uniqueName('ro'), '--subnet', '10.106.0.0/24'],
			['rm', 'unused-net'],
			['prune', '--force'],
		];
		for (const args of ops) {
			refusedWith(await unchanged([...args, '--read-only']), new RegExp(`read-only mode: "${args[0]}" would change the engine, refused`));
			refusedWith(await unchanged(args, {DOCKNET_READ_ONLY: '1'}), /read-only mode/);
		}
		// A dry run only plans, so read-only mode still answers it (and nothing changes).
		const preview = await unchanged(['prune', '--dry-run', '--read-only']);
		assert.equal(preview.code, 0, preview.stderr);
		assert.match(preview.stdout, /unused-net/);
	});

	it('usage errors exit 2', async () => {
		refusedWith(await unchanged(['connect', 'app-net']), /expected 2 arguments, got 1/, 2);
		refusedWith(await unchanged(['rm']), /give at least one network/, 2);
		refusedWith(await unchanged(['create', 'x', '--bogus']), /--bogus/, 2);
	});
});
