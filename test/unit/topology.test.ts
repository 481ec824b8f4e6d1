import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {buildTopology, parseNetworkMode, userAliases} from '../../source/domain/topology.js';
import {
	endpointsOfContainer,
	endpointsOfNetwork,
	findContainer,
	findNetwork,
	resolvableNames,
	sharedNetworks,
} from '../../source/domain/selectors.js';
import {seedFixture} from '../helpers/fixtures.js';

const fixture = seedFixture();
const full = buildTopology(fixture);
const skeleton = buildTopology({networks: fixture.networks, containers: fixture.containers});

const ep = (t: typeof full, container: string, network: string) => {
	const c = findContainer(t, container)!;
	return endpointsOfContainer(t, c.id).find(e => e.networkName === network);
};

describe('topology from the seed fixtures', () => {
	it('flags the predefined networks and the internal one', () => {
		assert.equal(findNetwork(full, 'bridge')?.predefined, 'bridge');
		assert.equal(findNetwork(full, 'host')?.predefined, 'host');
		assert.equal(findNetwork(full, 'none')?.predefined, 'none');
		assert.equal(findNetwork(full, 'app-net')?.predefined, null);
		assert.equal(findNetwork(full, 'vault-net')?.internal, true);
		assert.equal(findNetwork(full, 'app-net')?.internal, false);
	});

	it('keeps every IPAM config and label', () => {
		const backend = findNetwork(full, 'backend')!;
		assert.deepEqual(
			backend.ipam.map(c => [c.subnet, c.gateway]),
			[['10.30.0.0/24', '10.30.0.1']],
		);
		assert.equal(backend.labels.tier, 'data');
	});

	it('puts the multi-homed api-server on frontend, backend and vault-net', () => {
		const api = findContainer(full, 'api-server')!;
		assert.deepEqual(
			endpointsOfContainer(full, api.id)
				.map(e => e.networkName)
				.sort(),
			['backend', 'frontend', 'vault-net'],
		);
	});

	it('gives db its alias mysql, without the short container id', () => {
		const db = ep(full, 'db', 'app-net')!;
		assert.deepEqual(db.aliases, ['mysql']);
		assert.match(db.ipv4 ?? '', /^10\.10\.0\.\d+$/);
		assert.equal(db.ipv4PrefixLen, 24);
		assert.match(db.mac ?? '', /^02:42:/);
		assert.equal(db.gateway, '10.10.0.1');
	});

	it('does not know aliases from the list calls alone (API 1.41) and says so with null', () => {
		assert.equal(ep(skeleton, 'db', 'app-net')!.aliases, null);
		assert.equal(ep(skeleton, 'db', 'app-net')!.ipv4, ep(full, 'db', 'app-net')!.ipv4);
	});

	it('keeps a stopped container as configured, not as a live endpoint', () => {
		const batch = findContainer(full, 'batch')!;
		assert.equal(batch.state, 'exited');
		assert.equal(endpointsOfContainer(full, batch.id).length, 0);
		const configured = full.configured.filter(a => a.containerId === batch.id);
		assert.deepEqual(
			configured.map(a => a.networkName),
			['app-net'],
		);
		assert.equal(configured[0]!.networkId, findNetwork(full, 'app-net')!.id);
		assert.deepEqual(configured[0]!.aliases, []);
	});

	it("does not count an exited container's leftover endpoint (unclean daemon stop) as live", () => {
		// A daemon killed with its containers leaves EndpointID and IP in their settings.
		const stale = structuredClone(fixture.details!.get(findContainer(full, 'web')!.id)!);
		stale.State = {...stale.State!, Status: 'exited', Running: false};
		assert.ok(stale.NetworkSettings!.Networks!['app-net']!.EndpointID);
		const details = new Map(fixture.details);
		details.set(stale.Id, stale);
		const t = buildTopology({...fixture, details});
		assert.equal(endpointsOfContainer(t, stale.Id).length, 0);
		assert.deepEqual(
			t.configured.filter(a => a.containerId === stale.Id).map(a => a.networkName),
			['app-net'],
		);
		assert.equal(
			endpointsOfNetwork(t, findNetwork(t, 'app-net')!.id).some(e => e.containerId === stale.Id),
			false,
		);
	});

	it('models host and none mode', () => {
		assert.equal(findContainer(full, 'hostbox')!.networkMode.kind, 'host');
		assert.equal(findContainer(full, 'nonebox')!.networkMode.kind, 'none');
		assert.equal(ep(full, 'hostbox', 'host')!.ipv4, null);
	});

	it('lists published ports once per binding, from the list and from inspect alike', () => {
		const fromList = findContainer(skeleton, 'web')!.ports.filter(p => p.hostPort);
		const fromInspect = findContainer(full, 'web')!.ports.filter(p => p.hostPort);
		assert.deepEqual(
			fromList.map(p => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`).sort(),
			['0.0.0.0:8080->80/tcp', ':::8080->80/tcp'].sort(),
		);
		assert.deepEqual(
			fromInspect.map(p => `${p.hostPort}->${p.containerPort}`),
			fromList.map(p => `${p.hostPort}->${p.containerPort}`),
		);
	});

	it('derives resolvable names on user-defined networks and none on the default bridge', () => {
		assert.ok(resolvableNames(full, ep(full, 'db', 'app-net')!).includes('mysql'));
		assert.ok(resolvableNames(full, ep(full, 'db', 'app-net')!).includes('db'));
		assert.deepEqual(resolvableNames(full, ep(full, 'legacy-a', 'bridge')!), []);
	});

	it('finds shared networks of a pair', () => {
		const web = findContainer(full, 'web')!;
		const db = findContainer(full, 'db')!;
		const cache = findContainer(full, 'cache')!;
		assert.deepEqual(
			sharedNetworks(full, web.id, db.id).map(n => n.name),
			['app-net'],
		);
		assert.deepEqual(sharedNetworks(full, web.id, cache.id), []);
	});

	it('counts endpoints per network', () => {
		const appNet = findNetwork(full, 'app-net')!;
		assert.deepEqual(
			endpointsOfNetwork(full, appNet.id)
				.map(e => findContainer(full, e.containerId)?.name)
				.sort(),
			['db', 'web'],
		);
		assert.equal(endpointsOfNetwork(full, findNetwork(full, 'unused-net')!.id).length, 0);
	});
});

describe('topology helpers', () => {
	it('parses network modes', () => {
		assert.deepEqual(parseNetworkMode('default'), {kind: 'default'});
		assert.deepEqual(parseNetworkMode('bridge'), {kind: 'default'});
		assert.deepEqual(parseNetworkMode('container:abc'), {kind: 'container', target: 'abc'});
		assert.deepEqual(parseNetworkMode('app-net'), {kind: 'network', name: 'app-net'});
	});

	it('drops only the short id from aliases', () => {
		const id = 'cd81e8cc9e5d0123456789';
		assert.deepEqual(userAliases(['mysql', 'cd81e8cc9e5d'], id), ['mysql']);
		assert.deepEqual(userAliases(['cd81e8cc9e5', 'db'], id), ['cd81e8cc9e5', 'db']);
		assert.equal(userAliases(null, id), null);
	});

	it('finds networks and containers by unique id prefix, not by ambiguous ones', () => {
		const appNet = findNetwork(full, 'app-net')!;
		assert.equal(findNetwork(full, appNet.id.slice(0, 12))?.name, 'app-net');
		assert.equal(findNetwork(full, ''), null);
		assert.equal(findContainer(full, '/web')?.name, 'web');
	});
});

describe('attachments without an EndpointID', () => {
	const netId = 'b'.repeat(64);
	const networks = [{Name: 't-net', Id: netId, Driver: 'bridge'}];
	// As dockerd 20.10 leaves it after `docker network connect --ip <address in use>` is refused.
	const refused = {
		IPAMConfig: {IPv4Address: '10.231.0.5'},
		Aliases: ['fd1774ec3ab6'],
		NetworkID: '',
		EndpointID: '',
		IPAddress: '',
		MacAddress: '',
		Gateway: '',
	};
	const container = (state: string) => ({
		Id: 'c'.repeat(64),
		Names: ['/cache'],
		State: state,
		NetworkSettings: {Networks: {'t-net': refused}},
	});

	it("a running container's entry left by a refused connect is neither live nor configured", () => {
		const t = buildTopology({networks, containers: [container('running')]});
		assert.equal(t.endpoints.length, 0);
		assert.equal(t.configured.length, 0, 'not "stopped: configured": the engine lets it connect');
	});

	it('the same entry on a stopped container is a configured attachment', () => {
		const t = buildTopology({networks, containers: [container('exited')]});
		assert.equal(t.configured.length, 1);
		assert.equal(t.configured[0]!.networkId, netId);
	});

	it('an entry with an address but no EndpointID (Podman) is live on a running container', () => {
		const podman = {
			...refused,
			IPAMConfig: null,
			IPAddress: '10.231.0.7',
			IPPrefixLen: 24,
			MacAddress: '0a:58:0a:e7:00:07',
			NetworkID: 't-net',
		};
		const t = buildTopology({networks, containers: [{...container('running'), NetworkSettings: {Networks: {'t-net': podman}}}]});
		assert.equal(t.endpoints.length, 1);
		assert.equal(t.endpoints[0]!.networkId, netId, 'NetworkID holding the name resolves to the id');
		assert.equal(t.endpoints[0]!.endpointId, '');
	});
});
