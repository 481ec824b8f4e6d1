// Engine flavours: detection from /version, the proven list, and Podman's answers
// normalised into Docker's shapes (synthetic raw JSON written from the facts in
// DESIGN.md "Engines people run"; the recorded fixtures are in engine-fixtures.test.ts).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {detectFlavor, type RawVersion} from '../../source/engine/flavor.js';
import {isProven, unprovenNotice} from '../../source/domain/engine-flavor.js';
import {FlavoredEngine} from '../../source/engine/flavored-engine.js';
import {normalizeContainerSummary, normalizeEvent, normalizeNetwork} from '../../source/engine/normalize-podman.js';
import {EngineError, type EnginePort, type RawContainerSummary, type RawEvent, type RawNetwork} from '../../source/engine/port.js';
import {buildTopology} from '../../source/domain/topology.js';
import {configuredOnNetwork, endpointsOfContainer, endpointsOfNetwork, findContainer, findNetwork} from '../../source/domain/selectors.js';
import {waitFor} from '../helpers/wait.js';

const podmanVersion = (version: string): RawVersion => ({
	Version: version,
	ApiVersion: '1.41',
	Components: [{Name: 'Podman Engine', Version: version, Details: {APIVersion: version}}],
});
const dockerVersion = (version: string, api: string): RawVersion => ({
	Version: version,
	ApiVersion: api,
	Components: [
		{Name: 'Engine', Version: version},
		{Name: 'containerd', Version: '1.7'},
	],
});

const id = (n: number) => n.toString(16).padStart(64, 'a');

describe('flavour detection', () => {
	it('tells Podman from Docker by the /version components', () => {
		const p = detectFlavor(podmanVersion('4.3.1'));
		assert.equal(p.kind, 'podman');
		assert.equal(p.version, '4.3.1');
		assert.equal(p.apiVersion, '1.41');
		assert.equal(p.features.endpointIds, false);
		assert.equal(p.features.networkIdIsName, true);
		assert.equal(p.features.networkRemoveEvent, null);
		assert.equal(p.features.removeByIdChecksUse, false);
		const p5 = detectFlavor(podmanVersion('5.4.2'));
		assert.equal(p5.features.networkRemoveEvent, 'remove');
		assert.equal(p5.features.networkIdIsName, false);
		const d = detectFlavor(dockerVersion('26.1.5', '1.45'));
		assert.equal(d.kind, 'docker');
		assert.equal(d.features.endpointIds, true);
		assert.equal(d.features.dns, 'embedded');
	});

	it('marks only the proven kinds and versions as proven', () => {
		assert.equal(detectFlavor(dockerVersion('20.10.24+dfsg1', '1.41')).proven, true);
		assert.equal(detectFlavor(dockerVersion('28.5.2', '1.51')).proven, true);
		assert.equal(detectFlavor(dockerVersion('27.0.1', '1.46')).proven, false);
		assert.equal(detectFlavor(dockerVersion('26.10.0', '1.47')).proven, false, '26.1 must not match 26.10');
		assert.equal(detectFlavor(podmanVersion('5.4.2')).proven, true);
		assert.equal(detectFlavor(podmanVersion('4.9.3')).proven, false);
		assert.equal(detectFlavor({Version: '1.0', ApiVersion: '1.41'}).kind, 'unknown');
		assert.equal(detectFlavor({Version: '20.10', ApiVersion: '1.41'}).proven, false, 'no Engine component: not known to be Docker');
		assert.equal(isProven('podman', '6.0.0'), false);
		assert.match(unprovenNotice(detectFlavor(podmanVersion('4.9.3'))) ?? '', /Podman 4\.9\.3 is not proven/);
		assert.equal(unprovenNotice(detectFlavor(podmanVersion('4.3.1'))), null);
	});
});

// Podman 4.3 as the facts say it answers: default network listed as bridge, keyed podman;
// NetworkID the name; EndpointID ""; IPAMConfig null; internal gateway "<nil>".
const p43 = detectFlavor(podmanVersion('4.3.1')).features;
const networks43: RawNetwork[] = [
	{Name: 'bridge', Id: id(1), Driver: 'bridge', IPAM: {Config: [{Subnet: '10.88.0.0/16', Gateway: '10.88.0.1'}]}},
	{Name: 'app-net', Id: id(2), Driver: 'bridge', IPAM: {Config: [{Subnet: '10.89.0.0/24', Gateway: '10.89.0.1'}]}},
	{Name: 'vault-net', Id: id(3), Driver: 'bridge', Internal: true, IPAM: {Config: [{Subnet: '10.89.1.0/24', Gateway: '<nil>'}]}},
];
const live = (
	network: string,
	ip: string,
	extra: Partial<NonNullable<NonNullable<RawContainerSummary['NetworkSettings']>['Networks']>[string]> = {},
) => ({
	[network]: {
		IPAMConfig: null,
		NetworkID: network,
		EndpointID: '',
		IPAddress: ip,
		IPPrefixLen: 24,
		MacAddress: '0a:00:00:00:00:01',
		Gateway: '10.89.0.1',
		...extra,
	},
});
const containers43: RawContainerSummary[] = [
	{
		Id: id(10),
		Names: ['/web'],
		State: 'running',
		HostConfig: {NetworkMode: 'bridge'},
		NetworkSettings: {Networks: live('app-net', '10.89.0.2')},
	},
	{
		Id: id(11),
		Names: ['/solo'],
		State: 'running',
		HostConfig: {NetworkMode: 'bridge'},
		NetworkSettings: {Networks: live('podman', '10.88.0.5', {Gateway: '10.88.0.1'})},
	},
	{
		Id: id(12),
		Names: ['/store'],
		State: 'running',
		HostConfig: {NetworkMode: 'bridge'},
		NetworkSettings: {Networks: live('vault-net', '10.89.1.2', {Gateway: '<nil>'})},
	},
	{
		Id: id(13),
		Names: ['/sidecar'],
		State: 'running',
		HostConfig: {NetworkMode: `container:${id(10)}`},
		NetworkSettings: {Networks: live('app-net', '10.89.0.2')},
	},
	{
		Id: id(14),
		Names: ['/old'],
		State: 'exited',
		HostConfig: {NetworkMode: 'bridge'},
		NetworkSettings: {Networks: {'app-net': {NetworkID: 'app-net', EndpointID: '', IPAddress: ''}}},
	},
];

describe('Podman answers normalised', () => {
	const nets = networks43.map(n => normalizeNetwork(n, p43));
	const ctrs = containers43.map(c => normalizeContainerSummary(c, p43));
	const t = buildTopology({networks: nets, containers: ctrs});

	it('sees live endpoints without EndpointID, with NetworkID holding the name', () => {
		assert.deepEqual(
			endpointsOfNetwork(t, id(2)).map(e => findContainer(t, e.containerId)?.name),
			['web'],
			"web is live on app-net; the sidecar shares web's stack and has no endpoint of its own",
		);
		assert.equal(endpointsOfNetwork(t, id(2))[0]!.ipv4, '10.89.0.2');
		assert.deepEqual(
			configuredOnNetwork(t, id(2)).map(a => findContainer(t, a.containerId)?.name),
			['old'],
		);
	});

	it('keys the default network as bridge', () => {
		const solo = findContainer(t, 'solo')!;
		assert.deepEqual(
			endpointsOfContainer(t, solo.id).map(e => [e.networkId, e.networkName]),
			[[id(1), 'bridge']],
		);
		assert.deepEqual(solo.networkMode, {kind: 'default'});
	});

	it('names the user-defined network in NetworkMode, as Docker does', () => {
		assert.deepEqual(findContainer(t, 'web')!.networkMode, {kind: 'network', name: 'app-net'});
	});

	it('drops the "<nil>" gateway of an internal network', () => {
		assert.equal(findNetwork(t, 'vault-net')!.ipam[0]!.gateway, null);
		assert.equal(endpointsOfContainer(t, findContainer(t, 'store')!.id)[0]!.gateway, null);
	});

	it('renames the default network when inspected by its own name', () => {
		assert.equal(normalizeNetwork({Name: 'podman', Id: id(1), Driver: 'bridge'}, p43).Name, 'bridge');
	});

	it('says static addresses are unknown (IPAMConfig is always null), also when disconnecting', async () => {
		const {planDisconnect} = await import('../../source/commands/disconnect.js');
		const web = endpointsOfContainer(t, findContainer(t, 'web')!.id)[0]!;
		assert.equal(web.staticUnknown, true);
		assert.equal(web.staticIpv4, null);
		const plan = planDisconnect(t, {network: 'app-net', container: 'web'});
		assert.ok(plan.ok);
		assert.deepEqual(plan.lost, ['IP 10.89.0.2 (static or assigned: the engine does not say)']);
		assert.match(plan.notes.join('\n'), /does not show static addresses: if "web" was given --ip/);
	});

	it('does not touch the input objects (the topology caches per object)', () => {
		assert.equal(containers43[1]!.NetworkSettings!.Networks!.podman!.NetworkID, 'podman');
		assert.equal(networks43[2]!.IPAM!.Config![0]!.Gateway, '<nil>');
	});
});

describe('Podman events normalised', () => {
	const p5 = detectFlavor(podmanVersion('5.4.2')).features;
	it('moves the container of connect/disconnect into Attributes.container', () => {
		const event: RawEvent = {Type: 'network', Action: 'connect', Actor: {ID: id(10), Attributes: {name: 'web', network: 'app-net'}}};
		const out = normalizeEvent(event, p5);
		assert.equal(out.Actor.ID, 'app-net');
		assert.equal(out.Actor.Attributes?.container, id(10));
		assert.equal(out.Actor.Attributes?.name, 'app-net');
	});
	it('finds the container of a Podman 4.3 disconnect that names no network', () => {
		// As recorded from podman 4.3.1: Actor.ID is the container, Attributes name the container only.
		const event: RawEvent = {
			Type: 'network',
			Action: 'disconnect',
			Actor: {ID: id(10), Attributes: {containerExitCode: '0', image: '', name: 'fl-a', podId: ''}},
		};
		const out = normalizeEvent(event, p43);
		assert.equal(out.Actor.Attributes?.container, id(10));
		assert.ok(out.Actor.ID, 'an id the feed does not drop');
	});
	it('turns remove into destroy and leaves Docker events alone', () => {
		assert.equal(
			normalizeEvent({Type: 'network', Action: 'remove', Actor: {ID: id(2), Attributes: {name: 'app-net'}}}, p5).Action,
			'destroy',
		);
		const docker: RawEvent = {
			Type: 'network',
			Action: 'connect',
			Actor: {ID: id(2), Attributes: {name: 'app-net', container: id(10), type: 'bridge'}},
		};
		assert.deepEqual(normalizeEvent(docker, p5), docker);
	});
});

/** A fake inner engine: answers from fixed data, records removals. */
function fakeEngine(version: RawVersion, over: Partial<EnginePort> = {}): EnginePort & {removed: string[]; emit: (e: RawEvent) => void} {
	const removed: string[] = [];
	let emit: (e: RawEvent) => void = () => {};
	const engine = {
		endpoint: 'unix:///fake.sock',
		removed,
		emit: (e: RawEvent) => emit(e),
		info: async () => ({
			endpoint: 'unix:///fake.sock',
			apiVersion: version.ApiVersion ?? '',
			serverVersion: version.Version ?? '',
			components: version.Components,
		}),
		listNetworks: async () => networks43,
		listContainers: async () => containers43,
		inspectNetwork: async (ref: string) => {
			const n =
				networks43.find(x => x.Id === ref || x.Name === ref) ?? (ref === 'podman' ? {...networks43[0]!, Name: 'podman'} : undefined);
			if (!n) throw new EngineError('not-found', `network ${ref} not found`, 404);
			return n;
		},
		removeNetwork: async (ref: string) => {
			removed.push(ref);
		},
		subscribeEvents: (onEvent: (e: RawEvent) => void) => {
			emit = onEvent;
			return {ready: Promise.resolve(), done: new Promise<void>(() => {})};
		},
		connectNetwork: async () => {
			throw new EngineError('server', 'container web is already connected to network app-net', 500);
		},
		...over,
	};
	return engine as unknown as EnginePort & {removed: string[]; emit: (e: RawEvent) => void};
}

describe('the flavour wrapper', () => {
	it('asks for the flavour before opening the event stream (over ssh the first request logs in)', async () => {
		const order: string[] = [];
		const base = fakeEngine(dockerVersion('26.1.5', '1.45'));
		const inner = fakeEngine(dockerVersion('26.1.5', '1.45'), {
			info: () => (order.push('info'), base.info()),
			subscribeEvents: (onEvent, signal) => (order.push('events'), base.subscribeEvents(onEvent, signal)),
		});
		const stop = new AbortController();
		await new FlavoredEngine(inner).subscribeEvents(() => {}, stop.signal).ready;
		stop.abort();
		assert.deepEqual(order, ['info', 'events']);
	});

	it('answers info() asked while the detection is on its way with that reply, later ones fresh', async () => {
		let calls = 0;
		let answer!: () => void;
		const inner = fakeEngine(dockerVersion('26.1.5', '1.45'));
		const info = inner.info.bind(inner);
		inner.info = async () => {
			calls++;
			if (calls === 1) await new Promise<void>(resolve => (answer = resolve));
			return info();
		};
		const engine = new FlavoredEngine(inner);
		const detecting = engine.flavor();
		const during = engine.info();
		answer();
		await detecting;
		assert.equal((await during).serverVersion, '26.1.5');
		assert.equal(calls, 1, 'one GET /version for both');
		await engine.info();
		assert.equal(calls, 2, 'a later info() asks again');
	});

	it('removes by name on Podman (it checks for users only then), by id on Docker', async () => {
		const podman = fakeEngine(podmanVersion('4.3.1'));
		await new FlavoredEngine(podman).removeNetwork(id(2));
		assert.deepEqual(podman.removed, ['app-net']);
		const docker = fakeEngine(dockerVersion('26.1.5', '1.45'));
		await new FlavoredEngine(docker).removeNetwork(id(2));
		assert.deepEqual(docker.removed, [id(2)]);
	});

	it("maps Podman's 500 (4.3) and 403 (5.4) for an already connected container to a conflict", async () => {
		const engine = new FlavoredEngine(fakeEngine(podmanVersion('4.3.1')));
		await assert.rejects(
			engine.connectNetwork('app-net', 'web', {}),
			(error: unknown) => error instanceof EngineError && error.kind === 'conflict',
		);
		// As Podman 5.4.2 answered it.
		const five = new FlavoredEngine(
			fakeEngine(podmanVersion('5.4.2'), {
				connectNetwork: async () => {
					throw new EngineError(
						'forbidden',
						`container ${id(10)} is already connected to network app-net: network is already connected`,
						403,
					);
				},
			}),
		);
		await assert.rejects(
			five.connectNetwork('app-net', 'web', {}),
			(error: unknown) => error instanceof EngineError && error.kind === 'conflict' && error.statusCode === 403,
		);
		const {toFailure} = await import('../../source/commands/operation.js');
		assert.equal(
			toFailure(new EngineError('conflict', 'container x is already connected to network app-net: network is already connected'))
				.explanation,
			'that container is already connected to this network',
		);
	});

	it("reads Podman's 500 for a container removed during its inspect as not-found (Docker's 500 stays)", async () => {
		const gone = () => {
			throw new EngineError('server', `no container with ID ${id(10)} found in database: no such container`, 500);
		};
		const podman = new FlavoredEngine(fakeEngine(podmanVersion('5.4.2'), {inspectContainer: async () => gone()}));
		await assert.rejects(podman.inspectContainer(id(10)), (error: unknown) => error instanceof EngineError && error.kind === 'not-found');
		const docker = new FlavoredEngine(fakeEngine(dockerVersion('26.1.5', '1.45'), {inspectContainer: async () => gone()}));
		await assert.rejects(docker.inspectContainer(id(10)), (error: unknown) => error instanceof EngineError && error.kind === 'server');
	});

	it('reads the same 500 as not-found in a pipelined batch of inspects (Podman 4.3 wording)', async () => {
		const gone = new EngineError('server', `container ${id(10)} does not exist in database: no such container`, 500);
		const many = async (ids: readonly string[]) => ids.map(() => ({error: gone}));
		const podman = new FlavoredEngine(fakeEngine(podmanVersion('4.3.1'), {inspectContainerMany: many}));
		const [answer] = await podman.inspectContainerMany([id(10)]);
		assert.ok(answer && 'error' in answer && answer.error.kind === 'not-found', JSON.stringify(answer));
		const docker = new FlavoredEngine(fakeEngine(dockerVersion('26.1.5', '1.45'), {inspectContainerMany: many}));
		const [kept] = await docker.inspectContainerMany([id(10)]);
		assert.ok(kept && 'error' in kept && kept.error.kind === 'server', "Docker's 500 stays a server error");
	});

	it('gives info() the flavour and normalises lists', async () => {
		const engine = new FlavoredEngine(fakeEngine(podmanVersion('4.3.1')));
		const info = await engine.info();
		assert.equal(info.flavor?.kind, 'podman');
		assert.equal(info.flavor?.proven, true);
		const containers = await engine.listContainers();
		assert.ok(containers[1]!.NetworkSettings!.Networks!.bridge, 'podman key renamed');
		const vault = await engine.inspectNetwork(id(3));
		assert.equal(vault.IPAM!.Config![0]!.Gateway, '');
		assert.equal((await engine.inspectNetwork('bridge')).Name, 'bridge', 'bridge inspects the default network');
	});

	it('delivers Podman events in Docker shape, with network names turned into ids', async () => {
		const inner = fakeEngine(podmanVersion('5.4.2'));
		const engine = new FlavoredEngine(inner);
		await engine.listNetworks();
		const seen: RawEvent[] = [];
		const sub = engine.subscribeEvents(e => seen.push(e), new AbortController().signal);
		inner.emit({Type: 'network', Action: 'disconnect', Actor: {ID: id(10), Attributes: {name: 'web', network: 'app-net'}}});
		await sub.ready;
		inner.emit({Type: 'network', Action: 'remove', Actor: {ID: 'app-net', Attributes: {name: 'app-net'}}});
		assert.deepEqual(
			seen.map(e => [e.Action, e.Actor.ID, e.Actor.Attributes?.container]),
			[
				['disconnect', id(2), id(10)],
				['destroy', id(2), undefined],
			],
		);
	});
});

describe('the flavour wrapper when detection fails', () => {
	it('fails the event subscription (so the feed reconnects), then detects again on the next call', async () => {
		let answers = 0;
		const inner = fakeEngine(podmanVersion('5.4.2'));
		const info = inner.info.bind(inner);
		inner.info = async () => {
			if (answers++ === 0) throw new EngineError('unreachable', 'ECONNREFUSED: the engine is restarting');
			return info();
		};
		const engine = new FlavoredEngine(inner);
		const sub = engine.subscribeEvents(() => {}, new AbortController().signal);
		await assert.rejects(sub.ready, /ECONNREFUSED/);
		assert.equal((await engine.flavor()).kind, 'podman');
	});
});

describe('network events on an engine that sends none (Podman 4.3)', () => {
	it('reports networks created and removed from outside as create/destroy events', async () => {
		const networks = [...networks43];
		const inner = fakeEngine(podmanVersion('4.3.1'), {listNetworks: async () => [...networks]});
		const engine = new FlavoredEngine(inner, {networkWatchMs: 10});
		const seen: RawEvent[] = [];
		const stop = new AbortController();
		const sub = engine.subscribeEvents(e => seen.push(e), stop.signal);
		await sub.ready;
		networks.push({Name: 'late-net', Id: id(99), Driver: 'bridge'});
		await waitFor(() => seen.some(e => e.Action === 'create'));
		networks.splice(1, 1); // app-net
		await waitFor(() => seen.some(e => e.Action === 'destroy'));
		stop.abort();
		assert.deepEqual(
			seen.map(e => [e.Type, e.Action, e.Actor.ID, e.Actor.Attributes?.name]),
			[
				['network', 'create', id(99), 'late-net'],
				['network', 'destroy', id(2), 'app-net'],
			],
		);
	});

	it('does not poll an engine that sends them', async t => {
		let lists = 0;
		const inner = fakeEngine(podmanVersion('5.4.2'), {listNetworks: async () => (lists++, networks43)});
		const engine = new FlavoredEngine(inner, {networkWatchMs: 5});
		const stop = new AbortController();
		await engine.subscribeEvents(() => {}, stop.signal).ready;
		// Twelve watch intervals on mock timers, instead of waiting 60 ms for nothing to happen.
		t.mock.timers.enable({apis: ['setTimeout', 'setInterval']});
		t.mock.timers.tick(60);
		await new Promise(resolve => setImmediate(resolve));
		stop.abort();
		assert.equal(lists, 0);
	});
});
