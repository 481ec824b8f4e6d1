// What each list pane shows: rows built from the topology, filtered and sorted, plus
// the look-ups that make selection by id O(1). Pure; app.tsx memoizes each view per
// (topology, filter, sort), so moving the selection never rebuilds a list.
import {configuredOfContainer, configuredOnNetwork, endpointsOfContainer, endpointsOfNetwork, indexOf} from '../domain/selectors.js';
import {isHelperContainer} from '../domain/helpers.js';
import {cidrContainsIp, parseCidr, parseIp} from '../domain/ip.js';
import type {ConfiguredAttachment, Container, Endpoint, Network, Topology} from '../domain/types.js';
import type {ContainerSort, EndpointSort, NetworkSort, PaneSelection, Scope} from './explorer.js';

export type Row<T> =
	| {kind: 'item'; key: string; item: T}
	| {kind: 'header'; key: string; label: string; count: number; /** Folded: only the first item shows. */ folded?: boolean};

export type ListView<T> = {
	rows: Row<T>[];
	/** Keys of the selectable rows, in display order. */
	keys: string[];
	/** Row key -> position in `keys`. */
	positionOf: Map<string, number>;
	/** Row key -> index in `rows`. */
	rowIndexOf: Map<string, number>;
	/** Items before filtering (for "3 of 12" titles). */
	total: number;
};

export type NetworkItem = {network: Network; live: number; stopped: number};
export type ContainerItem = {container: Container; networks: string[]; stoppedNetworks: string[]};
export type EndpointItem =
	| {kind: 'live'; key: string; endpoint: Endpoint; network: Network | null; container: Container | null}
	| {kind: 'configured'; key: string; attachment: ConfiguredAttachment; network: Network | null; container: Container | null};

export const endpointKey = (networkId: string | null, networkName: string, containerId: string): string =>
	`${networkId ?? networkName}|${containerId}`;

function makeView<T>(rows: Row<T>[], total: number): ListView<T> {
	const keys: string[] = [];
	const positionOf = new Map<string, number>();
	const rowIndexOf = new Map<string, number>();
	rows.forEach((row, at) => {
		rowIndexOf.set(row.key, at);
		if (row.kind === 'item') {
			positionOf.set(row.key, keys.length);
			keys.push(row.key);
		}
	});
	return {rows, keys, positionOf, rowIndexOf, total};
}

const items = <T>(list: T[], key: (item: T) => string): Row<T>[] => list.map(item => ({kind: 'item', key: key(item), item}));

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const collator = new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'});
const byName = (a: string, b: string): number => collator.compare(a, b) || byCode(a, b);

/**
 * Sorts by name (the default order) reusing the previous permutation when the names, in
 * input order, are the same as last time: a stable sort by name alone depends on nothing
 * else. Engine events change memberships, not names, so at thousands of items each
 * rebuild of the containers list skips ~60k collator comparisons.
 */
type NameOrder = {names: string[]; order: number[]};
function sortByName<T>(list: T[], nameOf: (item: T) => string, memo: {last: NameOrder | null}): T[] {
	const names = list.map(nameOf);
	const last = memo.last;
	if (last && last.names.length === names.length && last.names.every((name, at) => name === names[at]))
		return last.order.map(at => list[at]!);
	const order = names.map((_, at) => at).sort((a, b) => byName(names[a]!, names[b]!));
	memo.last = {names, order};
	return order.map(at => list[at]!);
}
const containerNameOrder: {last: NameOrder | null} = {last: null};

/** Sort key for dotted IPv4 (and anything else after it). */
export function ipSortKey(ip: string | null | undefined): string {
	if (!ip) return '~';
	const bare = ip.split('/')[0]!;
	const parts = bare.split('.');
	if (parts.length === 4 && parts.every(p => /^\d{1,3}$/.test(p)))
		return parts.map(p => p.padStart(3, '0')).join('.') + (ip.includes('/') ? `/${ip.split('/')[1]!.padStart(3, '0')}` : '');
	return `~${bare}`;
}

/** Case-insensitive substring match over several fields; an empty query matches all. */
export function matches(query: string, fields: Array<string | null | undefined>): boolean {
	if (!query) return true;
	const needle = query.toLowerCase();
	return fields.some(field => field !== null && field !== undefined && field.toLowerCase().includes(needle));
}

/**
 * The Networks filter also finds a network by what is on it (help says so): an address
 * inside one of its subnets, or a member's name, IP, MAC or alias.
 */
function networkHolds(t: Topology, network: Network, filter: string): boolean {
	const ip = parseIp(filter.trim());
	if (ip)
		for (const c of network.ipam) {
			const cidr = c.subnet ? parseCidr(c.subnet) : null;
			if (cidr?.ok && cidrContainsIp(cidr.value, ip)) return true;
		}
	const index = indexOf(t);
	for (const e of endpointsOfNetwork(t, network.id))
		if (matches(filter, [index.containerById.get(e.containerId)?.name, e.ipv4, e.ipv6, e.mac, ...(e.aliases ?? [])])) return true;
	for (const a of configuredOnNetwork(t, network.id))
		if (matches(filter, [index.containerById.get(a.containerId)?.name, a.staticIpv4, ...(a.aliases ?? [])])) return true;
	return false;
}

export function networksView(t: Topology, filter: string, sort: NetworkSort): ListView<NetworkItem> {
	const list: NetworkItem[] = [];
	for (const network of t.networks) {
		const subnets = network.ipam.flatMap(c => [c.subnet, c.gateway, c.ipRange]);
		if (!matches(filter, [network.name, network.id.slice(0, 12), network.driver, ...subnets]) && !networkHolds(t, network, filter))
			continue;
		list.push({network, live: endpointsOfNetwork(t, network.id).length, stopped: configuredOnNetwork(t, network.id).length});
	}
	const subnetKey = (n: Network) => ipSortKey(n.ipam[0]?.subnet);
	list.sort((a, b) => {
		if (sort === 'subnet') return byCode(subnetKey(a.network), subnetKey(b.network)) || byName(a.network.name, b.network.name);
		if (sort === 'count') return b.live - a.live || b.stopped - a.stopped || byName(a.network.name, b.network.name);
		return byName(a.network.name, b.network.name);
	});
	return makeView(
		items(list, i => i.network.id),
		t.networks.length,
	);
}

const stateRank = (state: string): number => (state === 'running' ? 0 : state === 'paused' || state === 'restarting' ? 1 : 2);

export function containersView(
	t: Topology,
	filter: string,
	sort: ContainerSort,
	groupByProject: boolean,
	folded: readonly string[] = [],
): ListView<ContainerItem> {
	const index = indexOf(t);
	const list: ContainerItem[] = [];
	let helpers = 0;
	for (const container of t.containers) {
		if (isHelperContainer(container)) {
			helpers++;
			continue;
		}
		const endpoints = endpointsOfContainer(t, container.id);
		const configured = configuredOfContainer(t, container.id);
		const networks = endpoints.map(e => index.networkById.get(e.networkId)?.name ?? e.networkName);
		const stoppedNetworks = configured.map(a => a.networkName);
		if (filter) {
			const fields = [
				container.name,
				container.id.slice(0, 12),
				container.image,
				container.compose?.project,
				container.compose?.service,
				...networks,
				...stoppedNetworks,
			];
			for (const e of endpoints) fields.push(e.ipv4, e.ipv6, e.mac, ...(e.aliases ?? []));
			for (const a of configured) fields.push(...(a.aliases ?? []), a.staticIpv4);
			if (!matches(filter, fields)) continue;
		}
		list.push({container, networks, stoppedNetworks});
	}
	if (sort === 'name' && !groupByProject)
		return makeView(
			items(
				sortByName(list, i => i.container.name, containerNameOrder),
				i => i.container.id,
			),
			t.containers.length - helpers,
		);
	list.sort((a, b) => {
		if (groupByProject) {
			const pa = a.container.compose?.project ?? '\uffff';
			const pb = b.container.compose?.project ?? '\uffff';
			if (pa !== pb) return pa < pb ? -1 : 1;
		}
		if (sort === 'state') return stateRank(a.container.state) - stateRank(b.container.state) || byName(a.container.name, b.container.name);
		if (sort === 'count')
			return (
				b.networks.length + b.stoppedNetworks.length - (a.networks.length + a.stoppedNetworks.length) ||
				byName(a.container.name, b.container.name)
			);
		return byName(a.container.name, b.container.name);
	});
	if (!groupByProject)
		return makeView(
			items(list, i => i.container.id),
			t.containers.length - helpers,
		);
	const rows: Row<ContainerItem>[] = [];
	let current: string | null | undefined;
	let header: {kind: 'header'; key: string; label: string; count: number; folded?: boolean} | null = null;
	for (const item of list) {
		const project = item.container.compose?.project ?? null;
		if (project !== current || header === null) {
			current = project;
			header = {kind: 'header', key: `project:${project ?? ''}`, label: project ?? '', count: 0, folded: folded.includes(project ?? '')};
			rows.push(header);
		}
		header.count++;
		// A folded project keeps its first row: the cursor can always reach it to unfold.
		if (!header.folded || header.count === 1) rows.push({kind: 'item', key: item.container.id, item});
	}
	return makeView(rows, t.containers.length - helpers);
}

/** The endpoints of the selected network (scope network) or container (scope container), live first, then configured-only. */
export function endpointsView(
	t: Topology,
	scope: Scope,
	ownerId: string | null,
	filter: string,
	sort: EndpointSort,
): ListView<EndpointItem> {
	if (!ownerId) return makeView([], 0);
	const index = indexOf(t);
	const live = scope === 'network' ? endpointsOfNetwork(t, ownerId) : endpointsOfContainer(t, ownerId);
	const configured = scope === 'network' ? configuredOnNetwork(t, ownerId) : configuredOfContainer(t, ownerId);
	const list: EndpointItem[] = [];
	for (const endpoint of live) {
		const network = index.networkById.get(endpoint.networkId) ?? null;
		const container = index.containerById.get(endpoint.containerId) ?? null;
		list.push({
			kind: 'live',
			key: endpointKey(endpoint.networkId, endpoint.networkName, endpoint.containerId),
			endpoint,
			network,
			container,
		});
	}
	for (const attachment of configured) {
		const network =
			(attachment.networkId ? index.networkById.get(attachment.networkId) : index.networkByName.get(attachment.networkName)) ?? null;
		const container = index.containerById.get(attachment.containerId) ?? null;
		list.push({
			kind: 'configured',
			key: endpointKey(attachment.networkId, attachment.networkName, attachment.containerId),
			attachment,
			network,
			container,
		});
	}
	const total = list.length;
	const nameOf = (item: EndpointItem): string =>
		scope === 'network'
			? (item.container?.name ?? (item.kind === 'live' ? item.endpoint.containerId : item.attachment.containerId))
			: (item.network?.name ?? (item.kind === 'live' ? item.endpoint.networkName : item.attachment.networkName));
	const ipOf = (item: EndpointItem): string | null => (item.kind === 'live' ? item.endpoint.ipv4 : item.attachment.staticIpv4);
	const filtered = list.filter(item =>
		matches(filter, [
			nameOf(item),
			ipOf(item),
			...(item.kind === 'live'
				? [item.endpoint.ipv6, item.endpoint.mac, ...(item.endpoint.aliases ?? [])]
				: (item.attachment.aliases ?? [])),
		]),
	);
	filtered.sort((a, b) => {
		if (a.kind !== b.kind) return a.kind === 'live' ? -1 : 1;
		if (sort === 'ip') return byCode(ipSortKey(ipOf(a)), ipSortKey(ipOf(b))) || byName(nameOf(a), nameOf(b));
		return byName(nameOf(a), nameOf(b));
	});
	return makeView(
		items(filtered, i => i.key),
		total,
	);
}

export type Resolved<T> = {key: string; position: number; item: T} | null;

/** Where the selection is in a view: its id if still there, else the neighbour at its last index. */
export function resolveSelection<T>(view: ListView<T>, selection: PaneSelection): Resolved<T> {
	if (view.keys.length === 0) return null;
	let position = selection.id === null ? undefined : view.positionOf.get(selection.id);
	if (position === undefined) position = Math.max(0, Math.min(selection.index, view.keys.length - 1));
	const key = view.keys[position]!;
	const row = view.rows[view.rowIndexOf.get(key)!]!;
	return row.kind === 'item' ? {key, position, item: row.item} : null;
}

/** The key `delta` rows away from the current selection (clamped), for the select action. */
export function moveSelection<T>(
	view: ListView<T>,
	selection: PaneSelection,
	delta: number | 'top' | 'bottom',
): {id: string; index: number} | null {
	if (view.keys.length === 0) return null;
	const current = resolveSelection(view, selection)?.position ?? 0;
	const target =
		delta === 'top' ? 0 : delta === 'bottom' ? view.keys.length - 1 : Math.max(0, Math.min(view.keys.length - 1, current + delta));
	return {id: view.keys[target]!, index: target};
}
