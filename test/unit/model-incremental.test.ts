// The explorer's model is updated incrementally (domain/model.ts) and its list views
// patch themselves (state/views.ts). Property: after any sequence of random changes
// (networks and containers created, removed, renamed, connected, disconnected, stopped,
// list entries replaced by inspects), the model, its index and the views equal what a
// full rebuild from the same raw objects gives.
import assert from 'node:assert/strict';
import {it} from 'node:test';
import {TopologyModel, type ContainerSource} from '../../source/domain/model.js';
import {buildTopology} from '../../source/domain/topology.js';
import {indexOf} from '../../source/domain/selectors.js';
import type {RawContainerInspect, RawContainerSummary, RawEndpointSettings, RawNetwork} from '../../source/engine/port.js';
import type {Topology} from '../../source/domain/types.js';
import {containersView, networksView, type ListView} from '../../source/state/views.js';
import type {ContainerSort, NetworkSort} from '../../source/state/explorer.js';

/** mulberry32: a seeded generator, so a failure names the seed that reproduces it. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const hexId = (n: number) => n.toString(16).padStart(64, '0');

type World = {
	networks: Map<string, RawNetwork>;
	containers: Map<string, RawContainerSummary>;
	details: Map<string, RawContainerInspect>;
};

function simulate(seed: number, steps: number, check: (world: World, model: Topology, step: number) => void): void {
	const rnd = random(seed);
	const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(rnd() * list.length)];
	let next = 1;
	// Few names, so duplicates, renames onto an existing name and numeric orders happen.
	const names = ['a', 'b', 'B', 'x9', 'x10', 'web', 'db', 'helper', 'net'];
	const world: World = {networks: new Map(), containers: new Map(), details: new Map()};
	const model = new TopologyModel();
	const changedNetworks = new Set<string>();
	const changedContainers = new Set<string>();

	const newNetwork = (id = hexId(next++)): RawNetwork => ({
		Id: id,
		Name: `${pick(names)}-n${Math.floor(rnd() * 4)}`,
		Driver: 'bridge',
		IPAM: {Config: [{Subnet: `10.${Math.floor(rnd() * 250)}.0.0/16`}]},
		Labels: {},
	});
	const settings = (): Record<string, RawEndpointSettings> => {
		const out: Record<string, RawEndpointSettings> = {};
		const count = Math.floor(rnd() * 3);
		for (let i = 0; i < count; i++) {
			const network = pick([...world.networks.values()]);
			if (!network) break;
			const byName = rnd() < 0.2; // stopped containers' entries may lack a NetworkID
			out[network.Name] = {
				NetworkID: byName ? '' : network.Id,
				EndpointID: rnd() < 0.8 ? hexId(next++) : '',
				IPAddress: `10.0.${Math.floor(rnd() * 250)}.${Math.floor(rnd() * 250)}`,
				Aliases: rnd() < 0.5 ? [`alias${Math.floor(rnd() * 5)}`] : null,
			};
		}
		return out;
	};
	const state = () => pick(['running', 'running', 'exited', 'paused', 'created'])!;
	const summary = (id: string): RawContainerSummary => ({
		Id: id,
		Names: [`/${pick(names)}${Math.floor(rnd() * 6)}`],
		Image: 'img',
		State: state(),
		Labels: rnd() < 0.3 ? {'com.docker.compose.project': pick(['p', 'q'])!} : {},
		NetworkSettings: {Networks: settings()},
	});
	const inspect = (id: string, from?: RawContainerSummary): RawContainerInspect => {
		const s = from ?? summary(id);
		const status = s.State ?? 'running';
		return {
			Id: id,
			Name: s.Names![0],
			State: {Status: status, Running: status === 'running'},
			Config: {Image: 'img', Labels: s.Labels},
			NetworkSettings: {Networks: settings()},
		};
	};

	for (let step = 0; step < steps; step++) {
		const ops = 1 + Math.floor(rnd() * 3);
		for (let op = 0; op < ops; op++) {
			const roll = rnd();
			const networkIds = [...world.networks.keys()];
			const containerIds = [...new Set([...world.containers.keys(), ...world.details.keys()])];
			if (roll < 0.12 || networkIds.length < 2) {
				const n = newNetwork();
				world.networks.set(n.Id, n);
				changedNetworks.add(n.Id);
			} else if (roll < 0.18) {
				const id = pick(networkIds)!;
				world.networks.delete(id);
				changedNetworks.add(id);
			} else if (roll < 0.24) {
				const id = pick(networkIds)!;
				world.networks.set(id, newNetwork(id)); // re-read: maybe another name
				changedNetworks.add(id);
			} else if (roll < 0.45 || containerIds.length < 3) {
				const id = hexId(next++);
				if (rnd() < 0.5) world.containers.set(id, summary(id));
				else world.details.set(id, inspect(id));
				changedContainers.add(id);
			} else if (roll < 0.55) {
				const id = pick(containerIds)!;
				world.containers.delete(id);
				world.details.delete(id);
				changedContainers.add(id);
			} else {
				// An event's re-read: a new inspect (connect, disconnect, rename, stop…).
				const id = pick(containerIds)!;
				const list = world.containers.get(id);
				world.containers.delete(id);
				world.details.set(id, inspect(id, rnd() < 0.5 ? list : undefined));
				changedContainers.add(id);
			}
		}
		if (rnd() < 0.25 && step < steps - 1) continue; // batches: several steps per update
		const containerSource = (id: string): ContainerSource | undefined => {
			const detail = world.details.get(id);
			if (detail) return {raw: detail, inspected: true};
			const entry = world.containers.get(id);
			return entry ? {raw: entry, inspected: false} : undefined;
		};
		const topology = model.apply({
			networks: [...changedNetworks].map((id): [string, RawNetwork | undefined] => [id, world.networks.get(id)]),
			containers: [...changedContainers].map((id): [string, ContainerSource | undefined] => [id, containerSource(id)]),
		});
		changedNetworks.clear();
		changedContainers.clear();
		check(world, topology, step);
	}
}

type Keyed = {networkId: string | null; networkName: string; containerId: string};
const keyOf = (item: Keyed) => `${item.networkId}|${item.networkName}|${item.containerId}`;
const sorted = <T extends Keyed>(list: readonly T[] | undefined) => [...(list ?? [])].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));

function assertSameModel(model: Topology, full: Topology, where: string): void {
	assert.deepEqual(model.networks, full.networks, `${where}: networks`);
	assert.deepEqual(model.containers, full.containers, `${where}: containers`);
	assert.deepEqual(sorted(model.endpoints), sorted(full.endpoints), `${where}: endpoints`);
	assert.deepEqual(sorted(model.configured), sorted(full.configured), `${where}: configured`);
	// The model's order: the containers' order.
	const rank = new Map(model.containers.map((c, at) => [c.id, at]));
	for (const list of [model.endpoints, model.configured])
		list.forEach((item, at) =>
			assert.ok(at === 0 || rank.get(list[at - 1]!.containerId)! <= rank.get(item.containerId)!, `${where}: order`),
		);
	const a = indexOf(model);
	const b = indexOf(full);
	const keys = new Set<string>();
	for (const n of [...model.networks, ...full.networks]) keys.add(n.id).add(n.name);
	for (const c of [...model.containers, ...full.containers]) keys.add(c.id).add(c.name);
	for (const e of [...model.configured, ...full.configured]) keys.add(e.networkName);
	for (const key of keys) {
		assert.equal(a.networkById.get(key), b.networkById.get(key), `${where}: networkById ${key}`);
		assert.equal(a.networkByName.get(key), b.networkByName.get(key), `${where}: networkByName ${key}`);
		assert.equal(a.containerById.get(key), b.containerById.get(key), `${where}: containerById ${key}`);
		assert.equal(a.containerByName.get(key), b.containerByName.get(key), `${where}: containerByName ${key}`);
		assert.deepEqual(sorted(a.endpointsByNetwork.get(key)), sorted(b.endpointsByNetwork.get(key)), `${where}: endpointsByNetwork ${key}`);
		assert.deepEqual(a.endpointsByContainer.get(key), b.endpointsByContainer.get(key), `${where}: endpointsByContainer ${key}`);
		assert.deepEqual(
			sorted(a.configuredByNetwork.get(key)),
			sorted(b.configuredByNetwork.get(key)),
			`${where}: configuredByNetwork ${key}`,
		);
		assert.deepEqual(a.configuredByContainer.get(key), b.configuredByContainer.get(key), `${where}: configuredByContainer ${key}`);
	}
}

const plainView = <T>(view: ListView<T>) => ({
	rows: view.rows.map(row => (row.kind === 'item' ? {key: row.key, item: row.item} : row)),
	keys: view.keys,
	positions: [...view.keys].map(key => [view.positionOf.get(key), view.rowIndexOf.get(key)]),
	total: view.total,
});

/** The same view computed afresh: a copy of the topology has no history to patch from. */
const fresh = (t: Topology): Topology => ({...t});

it('random changes applied incrementally give the model a full rebuild gives', () => {
	for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
		simulate(seed, 150, (world, model, step) => {
			const full = buildTopology({networks: world.networks.values(), containers: world.containers.values(), details: world.details});
			assertSameModel(model, full, `seed ${seed} step ${step}`);
		});
	}
});

it('list views patched after each change equal views computed afresh', () => {
	const networkSorts: NetworkSort[] = ['name', 'count', 'subnet'];
	const containerSorts: ContainerSort[] = ['name', 'state', 'count'];
	for (const seed of [11, 12, 13, 14, 15, 16]) {
		const filter = seed % 3 === 0 ? 'a' : seed % 3 === 1 ? '' : '10.0';
		const networkSort = networkSorts[seed % 3]!;
		const containerSort = containerSorts[seed % 3]!;
		simulate(seed, 120, (_world, model, step) => {
			const where = `seed ${seed} step ${step} filter "${filter}"`;
			const copy = fresh(model);
			assert.deepEqual(
				plainView(networksView(model, filter, networkSort)),
				plainView(networksView(copy, filter, networkSort)),
				`${where}: networks`,
			);
			assert.deepEqual(
				plainView(containersView(model, filter, containerSort, false)),
				plainView(containersView(copy, filter, containerSort, false)),
				`${where}: containers`,
			);
		});
	}
});
