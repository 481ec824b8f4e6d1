// Plans for connect, disconnect, create, rm and prune against the seed topology
// (fixtures captured from the sandbox): every refusal the issue lists, the notes, and
// the docker CLI line each plan shows. Pure: no engine.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {planConnect} from '../../source/commands/connect.js';
import {planCreate} from '../../source/commands/create.js';
import {planDisconnect} from '../../source/commands/disconnect.js';
import {planPrune} from '../../source/commands/prune.js';
import {planRemove} from '../../source/commands/remove.js';
import {loadTopology} from '../../source/commands/load-topology.js';
import {explainMessage, toFailure} from '../../source/commands/operation.js';
import {EngineError} from '../../source/engine/port.js';
import {buildTopology} from '../../source/domain/topology.js';
import {parseGoDuration, parsePruneFilters, parseUntil} from '../../source/domain/validate-remove.js';
import {seedFixture} from '../helpers/fixtures.js';
import {MemoryEngine, seedMemoryEngine} from '../helpers/memory-engine.js';

const seed = buildTopology(seedFixture());

type Planned = {ok: boolean; reason?: string; hint?: string | null; field?: string | null; steps?: Array<{line: string}>; notes?: string[]};
function refused(plan: Planned, pattern: RegExp, field?: string): void {
	assert.equal(plan.ok, false, `expected a refusal, got ${JSON.stringify(plan.steps?.map(s => s.line))}`);
	assert.match(plan.reason!, pattern);
	if (field !== undefined) assert.equal(plan.field, field);
}
function lines(plan: Planned): string[] {
	assert.equal(plan.ok, true, `expected a plan, got: ${plan.reason}`);
	return plan.steps!.map(s => s.line);
}

describe('connect plan', () => {
	it('builds the docker line with aliases and static addresses', () => {
		assert.deepEqual(lines(planConnect(seed, {network: 'backend', container: 'web', aliases: ['web-b', 'www', 'web-b']})), [
			'docker network connect --alias web-b --alias www backend web',
		]);
		assert.deepEqual(lines(planConnect(seed, {network: 'backend', container: 'web', ipv4: '10.30.0.77'})), [
			'docker network connect --ip 10.30.0.77 backend web',
		]);
	});

	it('refuses unknown networks and containers', () => {
		refused(planConnect(seed, {network: 'nope', container: 'web'}), /no network "nope"/, 'network');
		refused(planConnect(seed, {network: 'backend', container: 'nope'}), /no container "nope"/, 'container');
	});

	it('refuses a container already connected, or configured while stopped', () => {
		refused(planConnect(seed, {network: 'app-net', container: 'web'}), /"web" is already connected to "app-net" \(10\.10\.0\.\d+\)/);
		refused(planConnect(seed, {network: 'app-net', container: 'batch'}), /"batch" \(exited\) is already configured on "app-net"/);
	});

	it('refuses static addresses outside the subnet, reserved, taken, or of the wrong family', () => {
		refused(
			planConnect(seed, {network: 'backend', container: 'web', ipv4: '10.99.9.9'}),
			/10\.99\.9\.9 is outside "backend"'s subnet 10\.30\.0\.0\/24/,
			'ipv4',
		);
		refused(planConnect(seed, {network: 'backend', container: 'web', ipv4: '10.30.0.1'}), /gateway/, 'ipv4');
		refused(planConnect(seed, {network: 'backend', container: 'web', ipv4: '10.30.0.0'}), /network address/);
		refused(planConnect(seed, {network: 'backend', container: 'web', ipv4: '10.30.0.255'}), /broadcast address/);
		refused(planConnect(seed, {network: 'backend', container: 'web', ipv4: '10.30.0'}), /not an IP address/);
		refused(planConnect(seed, {network: 'backend', container: 'web', ipv4: 'fd00::1'}), /IPv6 address; an IPv4 address is needed/);
		const cacheIp = seed.endpoints.find(
			e => e.networkName === 'backend' && seed.containers.find(c => c.id === e.containerId)?.name === 'cache',
		)!.ipv4!;
		refused(planConnect(seed, {network: 'backend', container: 'web', ipv4: cacheIp}), /already used on "backend" by "cache"/);
		refused(planConnect(seed, {network: 'backend', container: 'web', ipv6: 'fd00::5'}), /IPv6 disabled/, 'ipv6');
		refused(planConnect(seed, {network: 'bridge', container: 'web', ipv4: '172.17.0.50'}), /only on user-defined networks/);
	});

	it('refuses aliases on the default bridge and containers that cannot join networks', () => {
		refused(
			planConnect(seed, {network: 'bridge', container: 'web', aliases: ['w']}),
			/aliases work only on user-defined networks/,
			'aliases',
		);
		refused(planConnect(seed, {network: 'backend', container: 'web', aliases: ['']}), /cannot be empty/);
		refused(planConnect(seed, {network: 'backend', container: 'hostbox'}), /--network host/);
		refused(planConnect(seed, {network: 'backend', container: 'nonebox'}), /--network none/);
		refused(planConnect(seed, {network: 'host', container: 'web'}), /cannot be joined/);
		refused(planConnect(seed, {network: 'none', container: 'web'}), /cannot be joined/);
	});

	it('notes a stopped container, an internal network and a shared alias', () => {
		const plan = planConnect(seed, {network: 'vault-net', container: 'web', aliases: ['ledger']});
		assert.ok(plan.ok);
		assert.ok(plan.notes.some(n => /internal/.test(n)));
		assert.ok(plan.notes.some(n => /"store" also answers to "ledger"/.test(n)));
		const stopped = planConnect(seed, {network: 'backend', container: 'batch'});
		assert.ok(stopped.ok && stopped.notes.some(n => /exited: it gets an address on "backend" when it starts/.test(n)));
	});

	it('shell-quotes hostile names in the docker line', () => {
		const t = structuredClone(seed);
		t.networks.push({
			...t.networks.find(n => n.name === 'backend')!,
			id: 'f'.repeat(64),
			name: "x'; rm -rf ~ #",
			ipam: [{subnet: '10.77.0.0/24', gateway: null, ipRange: null, auxAddresses: {}}],
		});
		assert.deepEqual(lines(planConnect(t, {network: "x'; rm -rf ~ #", container: 'web', aliases: ['$(id)', 'a\u001b[31mb']})), [
			"docker network connect --alias '$(id)' --alias $'a\\x1b[31mb' 'x'\\''; rm -rf ~ #' web",
		]);
	});
});

describe('disconnect plan', () => {
	it('says what is lost and how to restore it', () => {
		const plan = planDisconnect(seed, {network: 'app-net', container: 'db'});
		assert.ok(plan.ok);
		assert.deepEqual(lines(plan), ['docker network disconnect app-net db']);
		assert.ok(plan.lost.includes('alias: mysql'));
		assert.ok(plan.lost.some(l => /^IP 10\.10\.0\.\d+ \(assigned by the engine\)$/.test(l)));
		assert.equal(plan.restore.line, 'docker network connect --alias mysql app-net db');
		assert.ok(plan.notes.some(n => /no network left/.test(n)));
	});

	it('keeps a static address in the restore line, and --force in the command', () => {
		const t = structuredClone(seed);
		const e = t.endpoints.find(x => x.networkName === 'backend' && t.containers.find(c => c.id === x.containerId)?.name === 'cache')!;
		e.staticIpv4 = e.ipv4;
		const plan = planDisconnect(t, {network: 'backend', container: 'cache', force: true});
		assert.ok(plan.ok);
		assert.deepEqual(lines(plan), ['docker network disconnect --force backend cache']);
		assert.equal(plan.restore.line, `docker network connect --ip ${e.ipv4} backend cache`);
		assert.ok(plan.lost.includes(`static IP ${e.ipv4}`));
	});

	it('removes the configured attachment of a stopped container (and says so)', () => {
		const plan = planDisconnect(seed, {network: 'app-net', container: 'batch'});
		assert.ok(plan.ok);
		assert.ok(plan.notes.some(n => /will not join "app-net" when it starts/.test(n)));
	});

	it('refuses when not connected, unknown, or on the host network', () => {
		refused(planDisconnect(seed, {network: 'backend', container: 'web'}), /"web" is not connected to "backend"/);
		refused(planDisconnect(seed, {network: 'nope', container: 'web'}), /no network "nope"/);
		refused(planDisconnect(seed, {network: 'app-net', container: 'nope'}), /no container "nope"/);
		refused(planDisconnect(seed, {network: 'host', container: 'hostbox'}), /host network/);
	});
});

describe('create plan', () => {
	it('builds the full docker line, canonical addresses', () => {
		assert.deepEqual(
			lines(
				planCreate(seed, {
					name: 'data-net',
					driver: 'bridge',
					subnets: ['10.60.0.0/24', 'FD00:60::/64'],
					gateways: ['10.60.0.1', 'fd00:60:0::1'],
					ipRanges: ['10.60.0.128/25'],
					internal: true,
					attachable: true,
					ipv6: true,
					labels: ['team=ops', 'flag'],
				}),
			),
			[
				'docker network create --subnet 10.60.0.0/24 --gateway 10.60.0.1 --ip-range 10.60.0.128/25 --subnet fd00:60::/64 --gateway fd00:60::1 --internal --attachable --ipv6 --label team=ops --label flag data-net',
			],
		);
		assert.deepEqual(lines(planCreate(seed, {name: 'plain'})), ['docker network create plain']);
		assert.deepEqual(lines(planCreate(seed, {name: 'mv', driver: 'macvlan'})), ['docker network create --driver macvlan mv']);
	});

	it('refuses bad CIDRs, host bits, gateways and ranges outside the subnet', () => {
		refused(planCreate(seed, {name: 'x', subnets: ['10.999.0.0/24']}), /not a CIDR block/, 'subnet');
		refused(planCreate(seed, {name: 'x', subnets: ['10.60.0.0']}), /not a CIDR block/, 'subnet');
		refused(planCreate(seed, {name: 'x', subnets: ['10.60.0.0/33']}), /prefix/, 'subnet');
		const hostBits = planCreate(seed, {name: 'x', subnets: ['10.60.0.5/24']});
		refused(hostBits, /host bits set/);
		assert.equal(hostBits.ok ? '' : hostBits.hint, 'did you mean 10.60.0.0/24?');
		refused(
			planCreate(seed, {name: 'x', subnets: ['10.60.0.0/24'], gateways: ['10.61.0.1']}),
			/10\.61\.0\.1 is outside the subnet 10\.60\.0\.0\/24/,
			'gateway',
		);
		refused(planCreate(seed, {name: 'x', subnets: ['10.60.0.0/24'], gateways: ['10.60.0.0']}), /network address/, 'gateway');
		refused(planCreate(seed, {name: 'x', subnets: ['10.60.0.0/24'], gateways: ['10.60.0.255']}), /broadcast/, 'gateway');
		refused(planCreate(seed, {name: 'x', subnets: ['10.60.0.0/24'], gateways: ['10.60.0.1', '10.60.0.2']}), /already has the gateway/);
		refused(planCreate(seed, {name: 'x', gateways: ['10.60.0.1']}), /needs a --subnet/, 'gateway');
		refused(planCreate(seed, {name: 'x', subnets: ['10.60.0.0/24'], ipRanges: ['10.60.1.0/25']}), /is not inside the subnet/, 'ipRange');
		refused(planCreate(seed, {name: 'x', subnets: ['10.60.0.0/24'], ipRanges: ['10.60.0.0/23']}), /is not inside the subnet/, 'ipRange');
		refused(planCreate(seed, {name: 'x', ipRanges: ['10.60.0.0/25']}), /needs a --subnet/, 'ipRange');
		refused(planCreate(seed, {name: 'x', subnets: ['10.60.0.0/31']}), /too small/);
	});

	it('refuses overlaps with existing networks and between the given subnets', () => {
		refused(
			planCreate(seed, {name: 'x', subnets: ['10.10.0.128/25']}),
			/10\.10\.0\.128\/25 overlaps 10\.10\.0\.0\/24 of network "app-net"/,
		);
		refused(planCreate(seed, {name: 'x', subnets: ['10.0.0.0/8']}), /overlaps .* of network/);
		refused(planCreate(seed, {name: 'x', subnets: ['10.60.0.0/24', '10.60.0.0/25']}), /overlaps 10\.60\.0\.0\/24, also given/);
		refused(planCreate(seed, {name: 'x', subnets: ['172.17.5.0/24']}), /of network "bridge"/);
	});

	it('refuses duplicate names, a second host/none network, bad labels and an IPv6 subnet without --ipv6', () => {
		refused(planCreate(seed, {name: 'app-net'}), /a network named "app-net" already exists/, 'name');
		refused(planCreate(seed, {name: ''}), /needs a name/, 'name');
		refused(planCreate(seed, {name: 'x', driver: 'host'}), /exactly one host network/);
		refused(planCreate(seed, {name: 'x', driver: 'null'}), /exactly one none network/);
		refused(planCreate(seed, {name: 'x', labels: ['=v']}), /has no key/, 'labels');
		refused(planCreate(seed, {name: 'x', subnets: ['fd00:60::/64']}), /IPv6 but IPv6 is off/, 'ipv6');
	});

	it('notes --ipv6 without an IPv6 subnet', () => {
		const plan = planCreate(seed, {name: 'x', ipv6: true});
		assert.ok(plan.ok && plan.notes.some(n => /no IPv6 --subnet/.test(n)));
	});
});

describe('rm plan', () => {
	it('refuses predefined networks and in-use networks without --disconnect-all', () => {
		for (const name of ['bridge', 'host', 'none']) refused(planRemove(seed, {networks: [name]}), /is a predefined network/);
		refused(planRemove(seed, {networks: ['app-net']}), /"app-net" has 2 attached containers: (web, db|db, web)/);
		refused(planRemove(seed, {networks: ['unused-net', 'nope']}), /no network "nope"/, 'network');
		refused(planRemove(seed, {networks: ['unused-net', 'bridge']}), /predefined/, 'network');
	});

	it('with --disconnect-all: a disconnect line per endpoint, then rm; names the stopped container', () => {
		const plan = planRemove(seed, {networks: ['app-net'], disconnectAll: true});
		assert.ok(plan.ok);
		assert.deepEqual(lines(plan).sort(), [
			'docker network disconnect app-net db',
			'docker network disconnect app-net web',
			'docker network rm app-net',
		]);
		assert.equal(lines(plan).at(-1), 'docker network rm app-net');
		assert.ok(plan.notes.some(n => /stopped container "batch" is configured on "app-net"/.test(n)));
	});

	it('removes several at once, once each', () => {
		assert.deepEqual(lines(planRemove(seed, {networks: ['unused-net', 'unused-net']})), ['docker network rm unused-net']);
	});
});

describe('prune plan', () => {
	it('selects unused, non-predefined networks only', () => {
		const plan = planPrune(seed);
		assert.ok(plan.ok);
		assert.deepEqual(
			plan.candidates.map(c => c.network.name),
			['unused-net'],
		);
		assert.deepEqual(lines(plan), ['docker network rm unused-net']);
	});

	it('names a stopped container configured on a network it would remove', async () => {
		const engine = seedMemoryEngine(new MemoryEngine());
		engine.addNetwork({name: 'jobs', subnet: '10.70.0.0/24', labels: {team: 'ops'}});
		engine.addContainer({name: 'nightly', state: 'exited', networks: ['jobs']});
		const t = await loadTopology(engine);
		const plan = planPrune(t, {filters: ['label=team=ops']});
		assert.ok(plan.ok);
		assert.deepEqual(
			plan.candidates.map(c => c.network.name),
			['jobs'],
		);
		assert.deepEqual(plan.notes, ['stopped container "nightly" is configured on "jobs" and will fail to start once it is removed']);
	});

	it('filters by label (key, key=value, negated) and until', () => {
		const now = Date.parse('2026-11-23T12:00:00Z');
		const only = (filters: string[]) => {
			const plan = planPrune(seed, {filters, now});
			assert.ok(plan.ok, plan.ok ? '' : plan.reason);
			return plan.candidates.map(c => c.network.name);
		};
		assert.deepEqual(only(['label=docknet.seed']), ['unused-net']);
		assert.deepEqual(only(['label=docknet.seed=1']), ['unused-net']);
		assert.deepEqual(only(['label=docknet.seed=2']), []);
		assert.deepEqual(only(['label!=docknet.seed']), []);
		assert.deepEqual(only(['label!=other']), ['unused-net']);
		const created = Date.parse(seed.networks.find(n => n.name === 'unused-net')!.created!);
		assert.deepEqual(only([`until=${Math.floor(created / 1000) - 60}`]), []);
		assert.deepEqual(only([`until=${Math.ceil(created / 1000) + 60}`]), ['unused-net']);
	});

	it('parses docker-style until values and refuses unknown filters', () => {
		const now = 1_000_000_000_000;
		assert.equal(parseGoDuration('24h'), 86_400_000);
		assert.equal(parseGoDuration('1h30m'), 5_400_000);
		assert.equal(parseGoDuration('1.5s'), 1500);
		assert.equal(parseGoDuration('24'), null);
		assert.equal(parseUntil('10m', now), now - 600_000);
		assert.equal(parseUntil('1700000000', now), 1_700_000_000_000);
		assert.equal(parseUntil('2026-01-31T12:00:00Z', now), Date.parse('2026-01-31T12:00:00Z'));
		assert.equal(parseUntil('yesterday', now), null);
		for (const bad of ['dangling=true', 'label=', 'until=soon', 'nolabel']) assert.equal(parsePruneFilters([bad], now).ok, false, bad);
		assert.equal(parsePruneFilters(['until=1h', 'until=2h'], now).ok, false);
	});
});

describe('engine error explanations', () => {
	it('explains the common refusals in plain language, keeping the message verbatim', () => {
		const cases: Array<[string, RegExp]> = [
			['error while removing network: network app-net id 123 has active endpoints', /still attached/],
			['bridge is a pre-defined network and cannot be removed', /created by the engine itself/],
			['endpoint with name web already exists in network app-net', /already connected/],
			['network with name app-net already exists', /pick another name/],
			['Pool overlaps with other one on this address space', /overlaps another network/],
			['Invalid subnet 10.999.0.0/24 : invalid CIDR address: 10.999.0.0/24', /not valid CIDR/],
			['user specified IP address is supported only when connecting to networks with user configured subnets', /user-specified --subnet/],
			["Invalid address 10.99.9.9: It does not belong to any of this network's subnets", /outside this network's subnet/],
			['failed to allocate gateway (10.63.0.255): Address already in use', /taken on this network/],
			['could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network', /give --subnet/],
			['plugin "nosuch" not found', /no network driver "nosuch"/],
		];
		for (const [message, pattern] of cases) assert.match(explainMessage(message) ?? '', pattern, message);
		const failure = toFailure(new EngineError('forbidden', 'error while removing network: network x id 1 has active endpoints', 403));
		assert.equal(failure.message, 'error while removing network: network x id 1 has active endpoints');
		assert.equal(failure.statusCode, 403);
		assert.match(toFailure(new EngineError('server', 'something odd')).explanation, /failed/);
	});
});
