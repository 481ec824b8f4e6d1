// The topology as a graph: networks and containers are nodes, attachments are edges
// (live endpoints, or configured-but-stopped attachments). Pure, stable and sorted,
// so the map view, `docknet graph` and a diff of two exports all agree.
// Strings are the engine's own, unsanitized: each output format escapes them.
import {cidrOf, findContainer, findNetwork, indexOf} from './selectors.js';
import type {Network, Topology} from './types.js';

/** Where a network is drawn: user-defined networks first, the predefined ones set apart. */
export type NetworkRole = 'user' | 'bridge' | 'host' | 'none';

export type GraphNetwork = {
	kind: 'network';
	id: string;
	name: string;
	driver: string;
	scope: string;
	role: NetworkRole;
	internal: boolean;
	subnets: string[];
};

export type ContainerMode = 'networked' | 'host' | 'none' | 'container';

export type GraphContainer = {
	kind: 'container';
	id: string;
	name: string;
	state: string;
	running: boolean;
	mode: ContainerMode;
	/** container:X mode: the container whose network stack it uses (name when known). */
	sharesWith: string | null;
};

export type GraphEdge = {
	networkId: string;
	containerId: string;
	/** live: a running container's endpoint; configured: a stopped container configured on it. */
	state: 'live' | 'configured';
	ipv4: string | null;
	ipv6: string | null;
	aliases: string[];
};

export type Graph = {networks: GraphNetwork[]; containers: GraphContainer[]; edges: GraphEdge[]};

// Plain comparison, not localeCompare: stable across locales (and no ICU start-up cost).
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const ROLE_ORDER: Record<NetworkRole, number> = {user: 0, bridge: 1, host: 2, none: 3};

export const roleOf = (n: Network): NetworkRole => n.predefined ?? 'user';

const byNetwork = (a: GraphNetwork, b: GraphNetwork) =>
	ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || compare(a.name, b.name) || compare(a.id, b.id);
const byContainer = (a: GraphContainer, b: GraphContainer) => compare(a.name, b.name) || compare(a.id, b.id);

const cache = new WeakMap<Topology, Graph>();

/** The whole engine as a graph (memoized per topology object). */
export function buildGraph(t: Topology): Graph {
	const hit = cache.get(t);
	if (hit) return hit;
	const index = indexOf(t);
	const networks: GraphNetwork[] = t.networks.map(n => ({
		kind: 'network',
		id: n.id,
		name: n.name,
		driver: n.driver,
		scope: n.scope,
		role: roleOf(n),
		internal: n.internal,
		subnets: n.ipam.map(c => c.subnet).filter((s): s is string => Boolean(s)),
	}));
	networks.sort(byNetwork);
	const containers: GraphContainer[] = t.containers.map(c => {
		const mode = c.networkMode.kind;
		const target = c.networkMode.kind === 'container' ? c.networkMode.target : null;
		return {
			kind: 'container',
			id: c.id,
			name: c.name,
			state: c.state,
			running: c.state === 'running',
			mode: mode === 'host' || mode === 'none' || mode === 'container' ? mode : 'networked',
			sharesWith: target === null ? null : (findContainer(t, target)?.name ?? target),
		};
	});
	containers.sort(byContainer);
	const edges: GraphEdge[] = [];
	for (const e of t.endpoints) {
		if (!index.networkById.has(e.networkId) || !index.containerById.has(e.containerId)) continue;
		edges.push({
			networkId: e.networkId,
			containerId: e.containerId,
			state: 'live',
			ipv4: cidrOf(e.ipv4, e.ipv4PrefixLen),
			ipv6: cidrOf(e.ipv6, e.ipv6PrefixLen),
			aliases: [...(e.aliases ?? [])].sort(compare),
		});
	}
	for (const a of t.configured) {
		const network = (a.networkId ? index.networkById.get(a.networkId) : undefined) ?? index.networkByName.get(a.networkName);
		if (!network || !index.containerById.has(a.containerId)) continue;
		edges.push({
			networkId: network.id,
			containerId: a.containerId,
			state: 'configured',
			ipv4: a.staticIpv4,
			ipv6: a.staticIpv6,
			aliases: [...(a.aliases ?? [])].sort(compare),
		});
	}
	sortEdges(edges, networks, containers);
	const graph: Graph = {networks, containers, edges};
	cache.set(t, graph);
	return graph;
}

function sortEdges(edges: GraphEdge[], networks: GraphNetwork[], containers: GraphContainer[]): void {
	const nAt = new Map(networks.map((n, at) => [n.id, at]));
	const cAt = new Map(containers.map((c, at) => [c.id, at]));
	edges.sort(
		(a, b) =>
			nAt.get(a.networkId)! - nAt.get(b.networkId)! || cAt.get(a.containerId)! - cAt.get(b.containerId)! || compare(a.state, b.state),
	);
}

export type GraphIndex = {
	network: Map<string, GraphNetwork>;
	container: Map<string, GraphContainer>;
	byNetwork: Map<string, GraphEdge[]>;
	byContainer: Map<string, GraphEdge[]>;
};

const indexCache = new WeakMap<Graph, GraphIndex>();

export function graphIndex(g: Graph): GraphIndex {
	const hit = indexCache.get(g);
	if (hit) return hit;
	const index: GraphIndex = {
		network: new Map(g.networks.map(n => [n.id, n])),
		container: new Map(g.containers.map(c => [c.id, c])),
		byNetwork: new Map(),
		byContainer: new Map(),
	};
	for (const e of g.edges) {
		const n = index.byNetwork.get(e.networkId);
		if (n) n.push(e);
		else index.byNetwork.set(e.networkId, [e]);
		const c = index.byContainer.get(e.containerId);
		if (c) c.push(e);
		else index.byContainer.set(e.containerId, [e]);
	}
	indexCache.set(g, index);
	return index;
}

export type Focus = {kind: 'network' | 'container'; id: string};

/**
 * A node and what it touches. A network: its containers, and the other networks
 * those containers join (so multi-homed containers show as bridges). A container:
 * its networks and every container on them (who it can talk to, and through what).
 * Several foci give the union. Edges are kept only between kept nodes.
 */
export function neighbourhood(g: Graph, foci: readonly Focus[]): Graph {
	const index = graphIndex(g);
	const networks = new Set<string>();
	const containers = new Set<string>();
	for (const focus of foci) {
		if (focus.kind === 'network') {
			if (!index.network.has(focus.id)) continue;
			networks.add(focus.id);
			for (const e of index.byNetwork.get(focus.id) ?? []) {
				containers.add(e.containerId);
				for (const other of index.byContainer.get(e.containerId) ?? []) networks.add(other.networkId);
			}
		} else {
			if (!index.container.has(focus.id)) continue;
			containers.add(focus.id);
			for (const e of index.byContainer.get(focus.id) ?? []) {
				networks.add(e.networkId);
				for (const other of index.byNetwork.get(e.networkId) ?? []) containers.add(other.containerId);
			}
		}
	}
	return {
		networks: g.networks.filter(n => networks.has(n.id)),
		containers: g.containers.filter(c => containers.has(c.id)),
		edges: g.edges.filter(e => networks.has(e.networkId) && containers.has(e.containerId)),
	};
}

export class UnknownNodeError extends Error {
	override name = 'UnknownNodeError';
}

/** Resolves NETWORK|CONTAINER references (name, id, unique id prefix); networks win on a tie, as the CLI's inspect does. */
export function resolveFoci(t: Topology, refs: readonly string[]): Focus[] {
	return refs.map(ref => {
		const network = findNetwork(t, ref);
		if (network) return {kind: 'network', id: network.id};
		const container = findContainer(t, ref);
		if (container) return {kind: 'container', id: container.id};
		throw new UnknownNodeError(ref);
	});
}

export type Peer = {container: GraphContainer; networks: GraphNetwork[]};

/**
 * Who a container can talk to directly: the running containers it shares a live
 * network with, and through which networks (host and none give no shared network).
 */
export function peersOf(g: Graph, containerId: string): Peer[] {
	const index = graphIndex(g);
	const byPeer = new Map<string, GraphNetwork[]>();
	for (const own of index.byContainer.get(containerId) ?? []) {
		if (own.state !== 'live') continue;
		const network = index.network.get(own.networkId)!;
		if (network.role === 'host' || network.role === 'none') continue;
		for (const other of index.byNetwork.get(own.networkId) ?? []) {
			if (other.containerId === containerId || other.state !== 'live') continue;
			const list = byPeer.get(other.containerId) ?? [];
			list.push(network);
			byPeer.set(other.containerId, list);
		}
	}
	return [...byPeer]
		.map(([id, networks]) => ({container: index.container.get(id)!, networks}))
		.sort((a, b) => byContainer(a.container, b.container));
}

const shortCache = new WeakMap<Graph, Map<string, string>>();

/** 12-character ids (as docker shows them) for export node names; the full id where two would collide. */
export function shortIds(g: Graph): Map<string, string> {
	const hit = shortCache.get(g);
	if (hit) return hit;
	const count = new Map<string, number>();
	const all = [...g.networks, ...g.containers];
	for (const node of all) count.set(node.id.slice(0, 12), (count.get(node.id.slice(0, 12)) ?? 0) + 1);
	const ids = new Map(all.map(node => [node.id, count.get(node.id.slice(0, 12))! > 1 ? node.id : node.id.slice(0, 12)]));
	shortCache.set(g, ids);
	return ids;
}
