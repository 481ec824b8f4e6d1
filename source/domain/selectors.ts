// Look-ups over a Topology. `indexOf` is memoized per topology object, so panes can
// call the selectors on every render without rebuilding maps.
// The explorer's feed builds each topology's index incrementally (domain/model.ts) and
// hands it over with `seedIndex`; look-ups only (`get`/`has`), so both kinds fit.
import type {Lookup} from './layered-map.js';
import type {ConfiguredAttachment, Container, Endpoint, Network, Topology} from './types.js';

export type TopologyIndex = {
	networkById: Lookup<string, Network>;
	networkByName: Lookup<string, Network>;
	containerById: Lookup<string, Container>;
	containerByName: Lookup<string, Container>;
	/** Lists are never empty: no endpoint, no key. */
	endpointsByNetwork: Lookup<string, Endpoint[]>;
	endpointsByContainer: Lookup<string, Endpoint[]>;
	configuredByNetwork: Lookup<string, ConfiguredAttachment[]>;
	configuredByContainer: Lookup<string, ConfiguredAttachment[]>;
};

const cache = new WeakMap<Topology, TopologyIndex>();

/** Installs an index built elsewhere (it must answer exactly as `indexOf` would). */
export function seedIndex(topology: Topology, index: TopologyIndex): void {
	cache.set(topology, index);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

export function indexOf(topology: Topology): TopologyIndex {
	const hit = cache.get(topology);
	if (hit) return hit;
	const index = {
		networkById: new Map(topology.networks.map(n => [n.id, n])),
		networkByName: new Map(topology.networks.map(n => [n.name, n])),
		containerById: new Map(topology.containers.map(c => [c.id, c])),
		containerByName: new Map(topology.containers.map(c => [c.name, c])),
		endpointsByNetwork: new Map<string, Endpoint[]>(),
		endpointsByContainer: new Map<string, Endpoint[]>(),
		configuredByNetwork: new Map<string, ConfiguredAttachment[]>(),
		configuredByContainer: new Map<string, ConfiguredAttachment[]>(),
	} satisfies Record<keyof TopologyIndex, Map<string, unknown>>;
	for (const endpoint of topology.endpoints) {
		push(index.endpointsByNetwork, endpoint.networkId, endpoint);
		push(index.endpointsByContainer, endpoint.containerId, endpoint);
	}
	for (const attachment of topology.configured) {
		push(index.configuredByNetwork, attachment.networkId ?? attachment.networkName, attachment);
		push(index.configuredByContainer, attachment.containerId, attachment);
	}
	cache.set(topology, index);
	return index;
}

export const endpointsOfNetwork = (t: Topology, networkId: string): Endpoint[] => indexOf(t).endpointsByNetwork.get(networkId) ?? [];
export const endpointsOfContainer = (t: Topology, containerId: string): Endpoint[] =>
	indexOf(t).endpointsByContainer.get(containerId) ?? [];
export const configuredOnNetwork = (t: Topology, networkId: string): ConfiguredAttachment[] =>
	indexOf(t).configuredByNetwork.get(networkId) ?? [];
export const configuredOfContainer = (t: Topology, containerId: string): ConfiguredAttachment[] =>
	indexOf(t).configuredByContainer.get(containerId) ?? [];

/**
 * Finds a network by exact id, exact name, or unique id prefix (as docker does).
 * Returns null when nothing or more than one network matches a prefix.
 */
export function findNetwork(t: Topology, ref: string): Network | null {
	const index = indexOf(t);
	const exact = index.networkById.get(ref) ?? index.networkByName.get(ref);
	if (exact) return exact;
	if (ref.length === 0) return null;
	const matches = t.networks.filter(n => n.id.startsWith(ref));
	return matches.length === 1 ? matches[0]! : null;
}

/** Finds a container by exact id, name (with or without leading "/"), or unique id prefix. */
export function findContainer(t: Topology, ref: string): Container | null {
	const index = indexOf(t);
	const name = ref.replace(/^\//, '');
	const exact = index.containerById.get(ref) ?? index.containerByName.get(name);
	if (exact) return exact;
	if (ref.length === 0) return null;
	const matches = t.containers.filter(c => c.id.startsWith(ref));
	return matches.length === 1 ? matches[0]! : null;
}

/** Objects whose id starts with `ref` (for an ambiguous prefix: the candidates to list). */
export function idPrefixMatches<T extends {id: string}>(items: readonly T[], ref: string): T[] {
	return ref.length ? items.filter(item => item.id.startsWith(ref)) : [];
}

/** `web (3f2a1b0c9d8e), db (3f9e…)`: candidates of an ambiguous id prefix, for a message. */
export function candidatesText(items: ReadonlyArray<{id: string; name: string}>, max = 8): string {
	const shown = items.slice(0, max).map(item => `${item.name} (${item.id.slice(0, 12)})`);
	return shown.join(', ') + (items.length > max ? ` and ${items.length - max} more` : '');
}

/** Null, or "x" is ambiguous: it starts the ids of … — when `ref` is a prefix of several ids. */
export function ambiguityText(items: ReadonlyArray<{id: string; name: string}>, ref: string, what: string): string | null {
	const matches = idPrefixMatches(items, ref);
	return matches.length > 1 ? `"${ref}" is ambiguous: it starts the ids of ${matches.length} ${what}: ${candidatesText(matches)}` : null;
}

export const isRunning = (c: Container): boolean => c.state === 'running';

/** Networks two containers are both attached to right now. */
export function sharedNetworks(t: Topology, a: string, b: string): Network[] {
	const index = indexOf(t);
	const ofB = new Set(endpointsOfContainer(t, b).map(e => e.networkId));
	return endpointsOfContainer(t, a)
		.filter(e => ofB.has(e.networkId))
		.map(e => index.networkById.get(e.networkId))
		.filter((n): n is Network => Boolean(n));
}

/**
 * Names that docker's embedded DNS answers for this endpoint. Uses DNSNames when the
 * API gives them; otherwise derives them as the engine does (container name, aliases,
 * short id) — only on user-defined networks: the default bridge resolves no names.
 */
export function resolvableNames(t: Topology, endpoint: Endpoint): string[] {
	if (endpoint.dnsNames) return endpoint.dnsNames;
	const network = indexOf(t).networkById.get(endpoint.networkId);
	const container = indexOf(t).containerById.get(endpoint.containerId);
	if (!network || !container || network.predefined) return [];
	return [container.name, ...(endpoint.aliases ?? []), container.id.slice(0, 12)];
}

/** "10.10.0.2/24" style address of an endpoint, or null. */
export const cidrOf = (ip: string | null, prefix: number | null): string | null => (ip ? (prefix === null ? ip : `${ip}/${prefix}`) : null);
