// What each list pane shows: rows built from the topology, filtered and sorted, plus
// the look-ups that make selection by id O(1). Pure; app.tsx memoizes each view per
// (topology, filter, sort), so moving the selection never rebuilds a list.
import {configuredOfContainer, configuredOnNetwork, endpointsOfContainer, endpointsOfNetwork, indexOf} from '../domain/selectors.js';
import {isHelperContainer} from '../domain/helpers.js';
import {cidrContainsIp, parseCidr, parseIp} from '../domain/ip.js';
import {ancestry} from '../domain/model.js';
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
	// Without headers, a row's index is its position: one map (each costs ~1 ms at 5000).
	return {rows, keys, positionOf, rowIndexOf: keys.length === rows.length ? positionOf : rowIndexOf, total};
}

type ItemRow<T> = {kind: 'item'; key: string; item: T};

/**
 * A flat (header-less) sorted view after some of its keys changed: the changed rows are
 * taken out and their new items (null: gone or filtered out) put back in order. When the
 * same keys stay at the same places, as after a connect or a disconnect, only those rows
 * are new and the look-up maps are the previous ones.
 */
function patchView<T>(
	prev: ListView<T>,
	changed: ReadonlySet<string>,
	itemOf: (key: string) => T | null,
	compare: (a: T, b: T) => number,
	total: number,
): ListView<T> {
	const rows = prev.rows as Array<ItemRow<T>>;
	const fresh: Array<ItemRow<T>> = [];
	let present = 0;
	for (const key of changed) {
		if (prev.positionOf.has(key)) present++;
		const item = itemOf(key);
		if (item) fresh.push({kind: 'item', key, item});
	}
	if (present === fresh.length) {
		const next = rows.slice();
		let same = true;
		for (const row of fresh) {
			const at = prev.positionOf.get(row.key);
			if (at === undefined) same = false;
			else next[at] = row;
		}
		const inOrder = (at: number) => at <= 0 || at >= next.length || compare(next[at - 1]!.item, next[at]!.item) < 0;
		if (same && fresh.every(row => inOrder(prev.positionOf.get(row.key)!) && inOrder(prev.positionOf.get(row.key)! + 1)))
			return {rows: next, keys: prev.keys, positionOf: prev.positionOf, rowIndexOf: prev.rowIndexOf, total};
	}
	const next = rows.filter(row => !changed.has(row.key));
	const byItem = (a: ItemRow<T>, b: ItemRow<T>) => compare(a.item, b.item);
	if (fresh.length > 64) {
		next.push(...fresh);
		next.sort(byItem);
	} else
		for (const row of fresh) {
			let low = 0;
			let high = next.length;
			while (low < high) {
				const mid = (low + high) >>> 1;
				if (byItem(next[mid]!, row) < 0) low = mid + 1;
				else high = mid;
			}
			next.splice(low, 0, row);
		}
	return makeView(next, total);
}

/** The view computed for `t`, per kind, with the parameters it was computed for. */
type ViewMemo<T> = {params: string; view: ListView<T>; helpers: number};

/** A view of an earlier topology `t` descends from, computed with the same parameters. */
function previousView<T>(
	memo: WeakMap<Topology, ViewMemo<T>>,
	t: Topology,
	params: string,
): {memo: ViewMemo<T>; prev: Topology; networks: ReadonlySet<string>; containers: ReadonlySet<string>} | null {
	for (const step of ancestry(t)) {
		const hit = memo.get(step.prev);
		if (hit) return hit.params === params ? {memo: hit, ...step} : null;
	}
	return null;
}

const networkViews = new WeakMap<Topology, ViewMemo<NetworkItem>>();
const containerViews = new WeakMap<Topology, ViewMemo<ContainerItem>>();

const items = <T>(list: T[], key: (item: T) => string): Row<T>[] => list.map(item => ({kind: 'item', key: key(item), item}));

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
// Made on first use: an ICU object cannot live in a V8 startup snapshot (sea's binary).
let collator: Intl.Collator | null = null;
const byName = (a: string, b: string): number =>
	(collator ??= new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'})).compare(a, b) || byCode(a, b);

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

function networkItem(t: Topology, network: Network, filter: string): NetworkItem | null {
	const subnets = network.ipam.flatMap(c => [c.subnet, c.gateway, c.ipRange]);
	if (!matches(filter, [network.name, network.id.slice(0, 12), network.driver, ...subnets]) && !networkHolds(t, network, filter))
		return null;
	return {network, live: endpointsOfNetwork(t, network.id).length, stopped: configuredOnNetwork(t, network.id).length};
}

/** A total order (ties broken by id), so a patched view is the view a full sort gives. */
function networkOrder(sort: NetworkSort): (a: NetworkItem, b: NetworkItem) => number {
	const subnetKey = (n: Network) => ipSortKey(n.ipam[0]?.subnet);
	const named = (a: NetworkItem, b: NetworkItem) => byName(a.network.name, b.network.name) || byCode(a.network.id, b.network.id);
	if (sort === 'subnet') return (a, b) => byCode(subnetKey(a.network), subnetKey(b.network)) || named(a, b);
	if (sort === 'count') return (a, b) => b.live - a.live || b.stopped - a.stopped || named(a, b);
	return named;
}

export function networksView(t: Topology, filter: string, sort: NetworkSort): ListView<NetworkItem> {
	const params = `${sort}\u0000${filter}`;
	const base = previousView(networkViews, t, params);
	let view: ListView<NetworkItem>;
	if (base) {
		const index = indexOf(t);
		const itemOf = (id: string) => {
			const network = index.networkById.get(id);
			return network ? networkItem(t, network, filter) : null;
		};
		view = patchView(base.memo.view, base.networks, itemOf, networkOrder(sort), t.networks.length);
	} else {
		const list: NetworkItem[] = [];
		for (const network of t.networks) {
			const item = networkItem(t, network, filter);
			if (item) list.push(item);
		}
		list.sort(networkOrder(sort));
		view = makeView(
			items(list, i => i.network.id),
			t.networks.length,
		);
	}
	networkViews.set(t, {params, view, helpers: 0});
	return view;
}

const stateRank = (state: string): number => (state === 'running' ? 0 : state === 'paused' || state === 'restarting' ? 1 : 2);

function containerItem(t: Topology, container: Container, filter: string): ContainerItem | null {
	const index = indexOf(t);
	const endpoints = endpointsOfContainer(t, container.id);
	const configured = configuredOfContainer(t, container.id);
	const networks = endpoints.map(e => index.networkById.get(e.networkId)?.name ?? e.networkName);
	const stoppedNetworks = configured.map(a => a.networkName);
	const item = {container, networks, stoppedNetworks};
	if (!filter) return item;
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
	return matches(filter, fields) ? item : null;
}

/** A total order (ties broken by id), so a patched view is the view a full sort gives. */
function containerOrder(sort: ContainerSort, groupByProject: boolean): (a: ContainerItem, b: ContainerItem) => number {
	const named = (a: ContainerItem, b: ContainerItem) =>
		byName(a.container.name, b.container.name) || byCode(a.container.id, b.container.id);
	const within =
		sort === 'state'
			? (a: ContainerItem, b: ContainerItem) => stateRank(a.container.state) - stateRank(b.container.state) || named(a, b)
			: sort === 'count'
				? (a: ContainerItem, b: ContainerItem) =>
						b.networks.length + b.stoppedNetworks.length - (a.networks.length + a.stoppedNetworks.length) || named(a, b)
				: named;
	if (!groupByProject) return within;
	return (a, b) => {
		const pa = a.container.compose?.project ?? '\uffff';
		const pb = b.container.compose?.project ?? '\uffff';
		return pa !== pb ? (pa < pb ? -1 : 1) : within(a, b);
	};
}

export function containersView(
	t: Topology,
	filter: string,
	sort: ContainerSort,
	groupByProject: boolean,
	folded: readonly string[] = [],
): ListView<ContainerItem> {
	// Grouped views (headers, folds) are rebuilt; flat ones patch the previous view.
	const params = groupByProject ? null : `${sort}\u0000${filter}`;
	const base = params === null ? null : previousView(containerViews, t, params);
	if (base) {
		const index = indexOf(t);
		const before = indexOf(base.prev);
		const helper = (c: Container | undefined) => (c && isHelperContainer(c) ? 1 : 0);
		let helpers = base.memo.helpers;
		for (const id of base.containers) helpers += helper(index.containerById.get(id)) - helper(before.containerById.get(id));
		const itemOf = (id: string) => {
			const container = index.containerById.get(id);
			return container && !isHelperContainer(container) ? containerItem(t, container, filter) : null;
		};
		const view = patchView(base.memo.view, base.containers, itemOf, containerOrder(sort, false), t.containers.length - helpers);
		containerViews.set(t, {params: params!, view, helpers});
		return view;
	}
	const list: ContainerItem[] = [];
	let helpers = 0;
	for (const container of t.containers) {
		if (isHelperContainer(container)) {
			helpers++;
			continue;
		}
		const item = containerItem(t, container, filter);
		if (item) list.push(item);
	}
	const total = t.containers.length - helpers;
	let view: ListView<ContainerItem>;
	if (sort === 'name' && !groupByProject)
		view = makeView(
			items(
				sortByName(list, i => i.container.name, containerNameOrder),
				i => i.container.id,
			),
			total,
		);
	else {
		list.sort(containerOrder(sort, groupByProject));
		view = groupByProject
			? groupedView(list, folded, total)
			: makeView(
					items(list, i => i.container.id),
					total,
				);
	}
	if (params !== null) containerViews.set(t, {params, view, helpers});
	return view;
}

function groupedView(list: ContainerItem[], folded: readonly string[], total: number): ListView<ContainerItem> {
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
	return makeView(rows, total);
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
