// The explorer's model kept incrementally: the feed tells it which networks and
// containers changed (with their raw objects, or undefined when gone) and gets a new
// Topology that shares everything untouched with the previous one. An event at 5000
// containers then costs what it changed: converted objects are cached per raw object
// (topology.ts), the sorted lists are updated by binary insertion, and the index
// (selectors.ts) is derived from the previous one through persistent maps.
//
// The result is the Topology `buildTopology` would give for the same raw objects, with
// one difference in order: `endpoints` and `configured` follow the containers' order
// (the model's own; buildTopology follows its input). test/unit/model-incremental.test.ts
// checks this on random event sequences.
import type {RawContainerInspect, RawContainerSummary, RawEndpointSettings, RawNetwork} from '../engine/port.js';
import {LayeredMap, type Lookup} from './layered-map.js';
import {indexOf, seedIndex, type TopologyIndex} from './selectors.js';
import {activityOf, byName, cachedAttachments, containerOf, isFullId, networkOf} from './topology.js';
import type {ConfiguredAttachment, Container, Endpoint, Network, Topology} from './types.js';

/** A container's raw source: its inspect (aliases known) or its list entry. */
export type ContainerSource = {raw: RawContainerInspect | RawContainerSummary; inspected: boolean};

export type ModelChanges = {
	networks?: Iterable<[string, RawNetwork | undefined]>;
	containers?: Iterable<[string, ContainerSource | undefined]>;
};

/** What changed between a topology and the one before it, for views that patch
 * themselves: networks whose row may differ (the network, or who is on it) and
 * containers whose row may differ (the container, its attachments, or a network name). */
export type TopologyDelta = {prev: Topology; networks: ReadonlySet<string>; containers: ReadonlySet<string>};

type Entry = {
	container: Container;
	endpoints: Endpoint[];
	configured: ConfiguredAttachment[];
	source: ContainerSource;
	/** Some attachment names its network by name: re-resolve when names change. */
	byNames: boolean;
};

const byContainer = (a: Entry, b: Entry) => byName(a.container, b.container);

const deltas = new WeakMap<Topology, TopologyDelta>();
/** Deltas are kept for the last few topologies only: each one holds its predecessor. */
const DELTA_DEPTH = 8;

/**
 * The topologies `t` descends from (newest first, within the kept depth), each with what
 * changed between it and `t`: a view computed for one of them can be patched instead of
 * rebuilt.
 */
export function* ancestry(t: Topology): Generator<{prev: Topology; networks: ReadonlySet<string>; containers: ReadonlySet<string>}> {
	const networks = new Set<string>();
	const containers = new Set<string>();
	let at = t;
	for (let depth = 0; depth < DELTA_DEPTH; depth++) {
		const delta = deltas.get(at);
		if (!delta) return;
		for (const id of delta.networks) networks.add(id);
		for (const id of delta.containers) containers.add(id);
		yield {prev: delta.prev, networks, containers};
		at = delta.prev;
	}
}

function settingsOf(source: ContainerSource): Record<string, RawEndpointSettings> | null | undefined {
	return source.raw.NetworkSettings?.Networks;
}

/** Position of the first element not before `item` (binary search in a list sorted by `compare`). */
function lowerBound<T>(list: readonly T[], item: T, compare: (a: T, b: T) => number): number {
	let low = 0;
	let high = list.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (compare(list[mid]!, item) < 0) low = mid + 1;
		else high = mid;
	}
	return low;
}

function removeSorted<T>(list: T[], item: T, compare: (a: T, b: T) => number): void {
	const at = lowerBound(list, item, compare);
	if (list[at] === item) list.splice(at, 1);
	else {
		const fallback = list.indexOf(item);
		if (fallback >= 0) list.splice(fallback, 1);
	}
}

function replaceAll<T>(list: T[], items: T[]): void {
	list.length = 0;
	for (const item of items) list.push(item);
}

/** Above this many changes in one apply, sort and index afresh. */
const BULK = 256;

const insertSorted = <T>(list: T[], item: T, compare: (a: T, b: T) => number): void => {
	list.splice(lowerBound(list, item, compare), 0, item);
};

/** The last element named `name` in a list sorted by name: what a name look-up gives. */
function lastNamed<T extends Network | Entry>(list: readonly T[], name: string): T | undefined {
	const nameOf = (item: T) => ('container' in item ? item.container.name : item.name);
	let low = 0;
	let high = list.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (nameOf(list[mid]!) <= name) low = mid + 1;
		else high = mid;
	}
	const hit = list[low - 1];
	return hit && nameOf(hit) === name ? hit : undefined;
}

export class TopologyModel {
	private readonly networks = new Map<string, Network>();
	private readonly sortedNetworks: Network[] = [];
	/** Network name -> id, as attachments resolve names (the last network of that name). */
	private readonly idByName = new Map<string, string>();
	private readonly entries = new Map<string, Entry>();
	/** The entries in the containers' order. */
	private readonly sortedEntries: Entry[] = [];
	private readonly byNames = new Set<string>();
	private current: Topology | null = null;
	private index: TopologyIndex | null = null;
	private readonly recent: Topology[] = [];

	/** The topology as of now (after the last `apply`). */
	get topology(): Topology | null {
		return this.current;
	}

	/** Applies changes; returns the new topology (the same object when nothing changed). */
	apply(changes: ModelChanges): Topology {
		const changedNetworks = new Map<string, {before: Network | undefined; after: Network | undefined}>();
		const touchedNames = new Set<string>();
		const networkChanges = new Map(changes.networks ?? []);
		// Many changes at once (a snapshot, details streaming in): one sort, not many inserts.
		const bulkNetworks = networkChanges.size > BULK;
		for (const [id, raw] of networkChanges) {
			const before = this.networks.get(id);
			const after = raw ? networkOf(raw) : undefined;
			if (before === after) continue;
			const entry = changedNetworks.get(id);
			changedNetworks.set(id, {before: entry ? entry.before : before, after});
			if (before) {
				if (!bulkNetworks) removeSorted(this.sortedNetworks, before, byName);
				this.networks.delete(id);
				touchedNames.add(before.name);
			}
			if (after) {
				if (!bulkNetworks) insertSorted(this.sortedNetworks, after, byName);
				this.networks.set(id, after);
				touchedNames.add(after.name);
			}
		}
		if (bulkNetworks) replaceAll(this.sortedNetworks, [...this.networks.values()].sort(byName));
		const renamed = new Map<string, Network | undefined>();
		for (const name of touchedNames) {
			const network = lastNamed(this.sortedNetworks, name);
			if (this.idByName.get(name) === network?.id) continue;
			if (network) this.idByName.set(name, network.id);
			else this.idByName.delete(name);
			renamed.set(name, network);
		}

		const containerChanges = new Map<string, ContainerSource | undefined>(changes.containers ?? []);
		// Attachments that name networks by name follow the names.
		if (renamed.size > 0)
			for (const id of this.byNames) if (!containerChanges.has(id)) containerChanges.set(id, this.entries.get(id)!.source);
		const changedContainers = new Map<string, {before: Entry | undefined; after: Entry | undefined}>();
		const bulkContainers = containerChanges.size > BULK;
		for (const [id, source] of containerChanges) {
			const before = this.entries.get(id);
			let after: Entry | undefined;
			if (source) {
				const container = containerOf(source.raw, source.inspected);
				const settings = settingsOf(source);
				const found = cachedAttachments(id, settings, this.idByName, source.inspected, activityOf(container.state));
				if (before && before.container === container && before.endpoints === found.endpoints && before.configured === found.configured) {
					before.source = source;
					continue;
				}
				const names = Object.values(settings ?? {}).some(s => !s.NetworkID || !isFullId(s.NetworkID));
				after = {container, endpoints: found.endpoints, configured: found.configured, source, byNames: names};
			}
			if (!before && !after) continue;
			changedContainers.set(id, {before, after});
			if (before && !bulkContainers) removeSorted(this.sortedEntries, before, byContainer);
			if (after) {
				if (!bulkContainers) insertSorted(this.sortedEntries, after, byContainer);
				this.entries.set(id, after);
				if (after.byNames) this.byNames.add(id);
				else this.byNames.delete(id);
			} else {
				this.entries.delete(id);
				this.byNames.delete(id);
			}
		}
		if (bulkContainers) replaceAll(this.sortedEntries, [...this.entries.values()].sort(byContainer));
		if (this.current && changedNetworks.size === 0 && changedContainers.size === 0) return this.current;
		return this.emit(changedNetworks, renamed, changedContainers, bulkNetworks || bulkContainers);
	}

	private emit(
		changedNetworks: Map<string, {before: Network | undefined; after: Network | undefined}>,
		renamed: Map<string, Network | undefined>,
		changedContainers: Map<string, {before: Entry | undefined; after: Entry | undefined}>,
		bulk: boolean,
	): Topology {
		const entries = [...this.sortedEntries];
		const containers = entries.map(entry => entry.container);
		const topology = {networks: [...this.sortedNetworks], containers} as Topology;
		// The flat lists are read by few (the map, a diagnosis, --json), never by the lists
		// an event redraws: made on first read, from the entries as of now.
		let flat: {endpoints: Endpoint[]; configured: ConfiguredAttachment[]} | null = null;
		const flatten = () => {
			if (flat) return flat;
			flat = {endpoints: [], configured: []};
			for (const entry of entries) {
				for (const e of entry.endpoints) flat.endpoints.push(e);
				for (const a of entry.configured) flat.configured.push(a);
			}
			return flat;
		};
		Object.defineProperty(topology, 'endpoints', {enumerable: true, get: () => flatten().endpoints});
		Object.defineProperty(topology, 'configured', {enumerable: true, get: () => flatten().configured});
		const prev = this.current;
		const prevIndex = this.index;
		const index = prev && prevIndex && !bulk ? this.patchIndex(prevIndex, changedNetworks, renamed, changedContainers) : indexOf(topology);
		seedIndex(topology, index);
		this.index = index;
		this.current = topology;
		if (prev && prevIndex) {
			deltas.set(topology, this.delta(prev, prevIndex, index, changedNetworks, renamed, changedContainers));
			this.recent.push(topology);
			if (this.recent.length > DELTA_DEPTH) deltas.delete(this.recent.shift()!);
		}
		return topology;
	}

	private patchIndex(
		prev: TopologyIndex,
		changedNetworks: Map<string, {before: Network | undefined; after: Network | undefined}>,
		renamed: Map<string, Network | undefined>,
		changedContainers: Map<string, {before: Entry | undefined; after: Entry | undefined}>,
	): TopologyIndex {
		const networkById = new Map<string, Network | undefined>();
		for (const [id, {after}] of changedNetworks) networkById.set(id, after);
		const networkByName = new Map<string, Network | undefined>();
		for (const [name, network] of renamed) networkByName.set(name, network);
		// A changed network that kept its name and stayed the last of it: same key, new object.
		for (const {after} of changedNetworks.values())
			if (after && !renamed.has(after.name) && lastNamed(this.sortedNetworks, after.name) === after) networkByName.set(after.name, after);
		const containerById = new Map<string, Container | undefined>();
		const containerByName = new Map<string, Container | undefined>();
		const endpointsByContainer = new Map<string, Endpoint[] | undefined>();
		const configuredByContainer = new Map<string, ConfiguredAttachment[] | undefined>();
		const networksTouched = new Set<string>();
		const configuredTouched = new Set<string>();
		const names = new Set<string>();
		for (const [id, {before, after}] of changedContainers) {
			containerById.set(id, after?.container);
			if (before) names.add(before.container.name);
			if (after) names.add(after.container.name);
			endpointsByContainer.set(id, after?.endpoints.length ? after.endpoints : undefined);
			configuredByContainer.set(id, after?.configured.length ? after.configured : undefined);
			for (const entry of [before, after]) {
				for (const e of entry?.endpoints ?? []) networksTouched.add(e.networkId);
				for (const a of entry?.configured ?? []) configuredTouched.add(a.networkId ?? a.networkName);
			}
		}
		for (const name of names) containerByName.set(name, lastNamed(this.sortedEntries, name)?.container);
		// A network's lists follow the containers' order: re-collect the touched ones (one
		// pass over the entries when many are touched, else per network from the old list).
		const endpointsByNetwork = this.regroup(
			prev.endpointsByNetwork,
			networksTouched,
			changedContainers,
			e => e.endpoints,
			e => e.networkId,
		);
		const configuredByNetwork = this.regroup(
			prev.configuredByNetwork,
			configuredTouched,
			changedContainers,
			e => e.configured,
			a => a.networkId ?? a.networkName,
		);
		return {
			networkById: asLayered(prev.networkById).with(networkById),
			networkByName: asLayered(prev.networkByName).with(networkByName),
			containerById: asLayered(prev.containerById).with(containerById),
			containerByName: asLayered(prev.containerByName).with(containerByName),
			endpointsByNetwork: asLayered(prev.endpointsByNetwork).with(endpointsByNetwork),
			endpointsByContainer: asLayered(prev.endpointsByContainer).with(endpointsByContainer),
			configuredByNetwork: asLayered(prev.configuredByNetwork).with(configuredByNetwork),
			configuredByContainer: asLayered(prev.configuredByContainer).with(configuredByContainer),
		};
	}

	/** New lists for the touched keys of a per-network index, in the containers' order. */
	private regroup<T extends {containerId: string}>(
		prev: Lookup<string, T[]>,
		touched: Set<string>,
		changedContainers: Map<string, {before: Entry | undefined; after: Entry | undefined}>,
		of: (entry: Entry) => T[],
		keyOf: (item: T) => string,
	): Map<string, T[] | undefined> {
		const out = new Map<string, T[] | undefined>();
		if (touched.size === 0) return out;
		const order = (item: T) => this.entries.get(item.containerId)!.container;
		if (touched.size > 16) {
			for (const key of touched) out.set(key, undefined);
			for (const entry of this.sortedEntries)
				for (const item of of(entry)) {
					const key = keyOf(item);
					if (!touched.has(key)) continue;
					const list = out.get(key);
					if (list) list.push(item);
					else out.set(key, [item]);
				}
			return out;
		}
		for (const key of touched) {
			const kept = (prev.get(key) ?? []).filter(item => !changedContainers.has(item.containerId));
			for (const {after} of changedContainers.values())
				for (const item of after ? of(after) : []) if (keyOf(item) === key) insertSorted(kept, item, (a, b) => byName(order(a), order(b)));
			out.set(key, kept.length ? kept : undefined);
		}
		return out;
	}

	private delta(
		prev: Topology,
		prevIndex: TopologyIndex,
		index: TopologyIndex,
		changedNetworks: Map<string, {before: Network | undefined; after: Network | undefined}>,
		renamed: Map<string, Network | undefined>,
		changedContainers: Map<string, {before: Entry | undefined; after: Entry | undefined}>,
	): TopologyDelta {
		const networks = new Set<string>(changedNetworks.keys());
		const containers = new Set<string>(changedContainers.keys());
		for (const {before, after} of changedContainers.values())
			for (const entry of [before, after]) {
				for (const e of entry?.endpoints ?? []) networks.add(e.networkId);
				for (const a of entry?.configured ?? []) if (a.networkId) networks.add(a.networkId);
			}
		// Container rows show the names of their networks.
		const named = new Set<string>(changedNetworks.keys());
		for (const network of renamed.values()) if (network) named.add(network.id);
		for (const id of named)
			for (const at of [prevIndex, index]) {
				for (const e of at.endpointsByNetwork.get(id) ?? []) containers.add(e.containerId);
				for (const a of at.configuredByNetwork.get(id) ?? []) containers.add(a.containerId);
			}
		for (const name of renamed.keys())
			for (const at of [prevIndex, index]) for (const a of at.configuredByNetwork.get(name) ?? []) containers.add(a.containerId);
		return {prev, networks, containers};
	}
}

/** The model's own index maps are LayeredMaps; a first index from `indexOf` is plain Maps. */
function asLayered<V>(lookup: Lookup<string, V>): LayeredMap<V> {
	return lookup instanceof LayeredMap ? (lookup as LayeredMap<V>) : LayeredMap.of(lookup as Map<string, V>);
}
