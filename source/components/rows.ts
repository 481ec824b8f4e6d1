// Pure row renderers for the three list panes: an item -> text segments exactly
// `width` columns wide. Every engine string goes through sanitize() here, and is cut by
// display width, so a hostile or CJK name cannot break the layout or the terminal.
import type {Network} from '../domain/types.js';
import {cidrOf} from '../domain/selectors.js';
import {cell, layoutColumns, type ColumnSpec} from '../format/columns.js';
import {sanitize} from '../format/sanitize.js';
import type {ContainerItem, EndpointItem, NetworkItem, Row} from '../state/views.js';
import type {Scope} from '../state/explorer.js';
import type {Segment} from './list-view.js';
import type {Theme} from './theme.js';

function cachedLayout(specs: ColumnSpec[]): (width: number) => number[] {
	const cache = new Map<number, number[]>();
	return width => {
		let widths = cache.get(width);
		if (!widths) {
			widths = layoutColumns(specs, width);
			cache.set(width, widths);
		}
		return widths;
	};
}

const sameStyle = (a: Segment, b: Segment): boolean =>
	a.color === b.color && Boolean(a.dim) === Boolean(b.dim) && Boolean(a.bold) === Boolean(b.bold);

/**
 * Joins cells with one space, skipping dropped (zero-width) columns, and merges
 * neighbours of the same style: fewer text nodes make every frame cheaper for Ink.
 */
function join(cells: Array<Segment & {width: number}>): Segment[] {
	const out: Segment[] = [];
	for (const c of cells) {
		if (c.width <= 0) continue;
		const last = out[out.length - 1];
		if (!last) out.push({text: c.text, color: c.color, dim: c.dim, bold: c.bold});
		else if (sameStyle(last, c)) last.text += ' ' + c.text;
		else if (!last.color && !last.dim && !last.bold) {
			last.text += ' ';
			out.push({text: c.text, color: c.color, dim: c.dim, bold: c.bold});
		} else out.push({text: ' '}, {text: c.text, color: c.color, dim: c.dim, bold: c.bold});
	}
	return out;
}

const headerRow = (labels: string[], widths: number[], aligns: Array<'left' | 'right'>): string =>
	labels
		.map((label, i) => (widths[i]! > 0 ? cell(label, widths[i]!, aligns[i]) : null))
		.filter(x => x !== null)
		.join(' ');

const groupRow = (row: Row<unknown>, width: number, theme: Theme): Segment[] => {
	if (row.kind !== 'header') return [];
	const mark = row.folded ? (theme.unicode ? '▶' : '>') : theme.g.down;
	const label = row.label ? `${mark} ${sanitize(row.label)}` : `${mark} (no compose project)`;
	const count = row.folded && row.count > 1 ? `(1 of ${row.count} shown, z unfolds)` : `(${row.count})`;
	return [{text: cell(`${label} ${count}`, width, 'left', theme.g.ellipsis), color: theme.c('info'), bold: true}];
};

/** A compose container's name without its project's prefix ("shop-web-1" in shop -> "web-1"). */
export function withoutProject(name: string, project: string | null | undefined): string {
	if (!project) return name;
	for (const sep of ['-', '_'])
		if (name.startsWith(project + sep) && name.length > project.length + 1) return name.slice(project.length + 1);
	return name;
}

// --- networks ---

// Priority when narrow (issue 14): the mostly blank KIND goes first, then the name
// shrinks a little, CTRS goes; the subnet is the last to be cut (then dropped).
const NETWORK_COLUMNS: ColumnSpec[] = [
	{width: 10, grow: true, max: 36, shrink: 4, min: 8},
	{width: 8, drop: 5},
	{width: 16, shrink: 2, min: 13, drop: 1},
	{width: 4, align: 'right', drop: 3},
];
const networkLayout = cachedLayout(NETWORK_COLUMNS);

/**
 * One word about what kind of network this is — the same word at every width (the
 * column is dropped rather than abbreviated) and the one help uses.
 */
export function networkKind(n: Network, width: number): {text: string; tone: 'muted' | 'mark' | 'info' | null} {
	if (n.predefined) return {text: 'built-in', tone: 'muted'};
	if (n.internal) return {text: 'internal', tone: 'mark'};
	if (n.ingress) return {text: 'ingress', tone: 'info'};
	if (n.driver && n.driver !== 'bridge')
		return {text: n.driver.length <= width ? sanitize(n.driver) : sanitize(n.driver).slice(0, width), tone: 'info'};
	return {text: '', tone: null};
}

export const networkHeader = (width: number): string => {
	const widths = networkLayout(width);
	return headerRow(['NAME', 'KIND', 'SUBNET', 'CTRS'], widths, ['left', 'left', 'left', 'right']);
};

export function networkRow(row: Row<NetworkItem>, width: number, theme: Theme): Segment[] {
	if (row.kind === 'header') return groupRow(row, width, theme);
	const {network: n, live, stopped} = row.item;
	const [wName, wKind, wSubnet, wCount] = networkLayout(width) as [number, number, number, number];
	const kind = networkKind(n, wKind);
	const subnets = n.ipam.map(c => c.subnet).filter(Boolean);
	const subnet = subnets.length
		? sanitize(subnets[0]!) + (subnets.length > 1 ? ` +${subnets.length - 1}` : '')
		: n.predefined === 'host' || n.predefined === 'none'
			? ''
			: '-';
	const count = `${live}${stopped ? `+${stopped}` : ''}`;
	const e = theme.g.ellipsis;
	return join([
		{text: cell(sanitize(n.name), wName, 'left', e), width: wName, bold: !n.predefined, dim: false},
		{
			text: cell(kind.text, wKind, 'left', e),
			width: wKind,
			color: kind.tone ? theme.c(kind.tone) : undefined,
			dim: kind.tone === 'muted' && !theme.color,
		},
		{text: cell(subnet, wSubnet, 'left', e), width: wSubnet},
		{
			text: cell(count, wCount, 'right', e),
			width: wCount,
			color: live === 0 ? theme.c('muted') : undefined,
			dim: live === 0 && !theme.color,
		},
	]);
}

// --- containers ---

const CONTAINER_COLUMNS: ColumnSpec[] = [
	{width: 12, grow: true, max: 24},
	{width: 7, shrink: 1, min: 1},
	{width: 14, grow: true},
];
const containerLayout = cachedLayout(CONTAINER_COLUMNS);

export const containerHeader = (width: number): string =>
	headerRow(['NAME', 'STATE', 'NETWORKS'], containerLayout(width), ['left', 'left', 'left']);

const stateTone = (state: string): 'ok' | 'warn' | 'muted' | 'bad' =>
	state === 'running'
		? 'ok'
		: state === 'paused' || state === 'restarting' || state === 'created'
			? 'warn'
			: state === 'dead'
				? 'bad'
				: 'muted';

/** The grouped view's row: under its project header, the name drops the project prefix. */
export const containerRowGrouped = (row: Row<ContainerItem>, width: number, theme: Theme): Segment[] =>
	containerRow(row, width, theme, true);

export function containerRow(row: Row<ContainerItem>, width: number, theme: Theme, grouped = false): Segment[] {
	if (row.kind === 'header') return groupRow(row, width, theme);
	const {container: c, networks, stoppedNetworks} = row.item;
	const name = grouped ? withoutProject(c.name, c.compose?.project) : c.name;
	const [wName, wState, wNets] = containerLayout(width) as [number, number, number];
	const running = c.state === 'running';
	const e = theme.g.ellipsis;
	const state = wState >= 7 ? c.state : running ? theme.g.dot : '-';
	let nets = networks.map(sanitize).join(',');
	if (!nets && stoppedNetworks.length) nets = `(${stoppedNetworks.map(sanitize).join(',')})`;
	if (!nets && c.networkMode.kind === 'container') nets = `container:${sanitize(c.networkMode.target).slice(0, 12)}`;
	return join([
		{text: cell(sanitize(name), wName, 'left', e), width: wName, dim: !running, bold: running},
		{text: cell(state, wState, 'left', e), width: wState, color: theme.c(stateTone(c.state)), dim: !running && !theme.color},
		{text: cell(nets, wNets, 'left', e), width: wNets, dim: !running, color: running ? undefined : theme.c('muted')},
	]);
}

// --- endpoints ---

// Priority when narrow: the name gives up a little, then the aliases, then the name
// more, then aliases go; the address (14 holds 172.17.0.2/16) is the last to be cut.
const ENDPOINT_COLUMNS: ColumnSpec[] = [
	{width: 12, grow: true, max: 26, shrink: 5, min: 10},
	{width: 14, shrink: 2, min: 11, drop: 1},
	{width: 10, grow: true, shrink: 4, min: 5, drop: 3},
];
const endpointLayout = cachedLayout(ENDPOINT_COLUMNS);

export const endpointHeader = (width: number, scope: Scope): string =>
	headerRow([scope === 'network' ? 'CONTAINER' : 'NETWORK', 'IPV4', 'ALIASES'], endpointLayout(width), ['left', 'left', 'left']);

export function endpointRow(scope: Scope) {
	return (row: Row<EndpointItem>, width: number, theme: Theme): Segment[] => {
		if (row.kind === 'header') return groupRow(row, width, theme);
		const item = row.item;
		const [wName, wIp, wAliases] = endpointLayout(width) as [number, number, number];
		const e = theme.g.ellipsis;
		const name =
			scope === 'network'
				? sanitize(item.container?.name ?? (item.kind === 'live' ? item.endpoint.containerId : item.attachment.containerId).slice(0, 12))
				: sanitize(item.network?.name ?? (item.kind === 'live' ? item.endpoint.networkName : item.attachment.networkName));
		if (item.kind === 'configured') {
			const aliases = item.attachment.aliases?.map(sanitize).join(',') ?? '';
			return join([
				{text: cell(name, wName, 'left', e), width: wName, dim: true, color: theme.c('muted')},
				{
					text: cell(item.attachment.staticIpv4 ? `${sanitize(item.attachment.staticIpv4)} (st)` : 'stopped', wIp, 'left', e),
					width: wIp,
					dim: true,
					color: theme.c('muted'),
				},
				{text: cell(aliases, wAliases, 'left', e), width: wAliases, dim: true, color: theme.c('muted')},
			]);
		}
		const ep = item.endpoint;
		const ip = cidrOf(ep.ipv4, ep.ipv4PrefixLen) ?? (ep.ipv6 ? cidrOf(ep.ipv6, ep.ipv6PrefixLen)! : '-');
		const predefined = item.network?.predefined;
		let aliases: Segment;
		if (predefined === 'bridge') aliases = {text: cell('no DNS here', wAliases, 'left', e), color: theme.c('warn'), dim: !theme.color};
		else if (predefined) aliases = {text: cell('', wAliases)};
		else if (ep.aliases === null) aliases = {text: cell(theme.g.pending, wAliases, 'left', e), color: theme.c('muted'), dim: true};
		else aliases = {text: cell(ep.aliases.map(sanitize).join(','), wAliases, 'left', e), color: theme.c('accent')};
		return join([
			{text: cell(name, wName, 'left', e), width: wName, bold: true},
			{text: cell(sanitize(ip), wIp, 'left', e), width: wIp},
			{...aliases, width: wAliases},
		]);
	};
}
