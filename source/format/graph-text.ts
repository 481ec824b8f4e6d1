// The topology map as text: networks are columns, containers are rows, and a row's
// line joins every network the container is on, so a multi-homed container is drawn
// as a bridge between those networks. The predefined networks (default bridge, host,
// none) sit apart at the right. Used by the explorer's map view (styled segments,
// windowed to what is visible) and by `docknet graph --format text` (plain lines).
//
//                app-net  backend  frontend  vault-net  ┊ bridge   host  none
//                                            internal   ┊ default  host  none
//   api-server            ●────────●─────────●          ┊
//   batch        ○                                      ┊
import {graphIndex, peersOf, type Graph, type GraphContainer, type GraphEdge, type GraphNetwork, type Peer} from '../domain/graph.js';
import {sanitize} from './sanitize.js';
import {displayWidth, fit} from './width.js';

export type MapStyle = 'plain' | 'muted' | 'stopped' | 'internal' | 'special' | 'title' | 'cursor' | 'path' | 'ok' | 'bad' | 'pending';
export type MapSegment = {text: string; style: MapStyle};
export type MapLine = MapSegment[];

export type MapGlyphs = {
	live: string;
	stopped: string;
	line: string;
	dashed: string;
	empty: string;
	sep: string;
	ok: string;
	bad: string;
	pending: string;
	left: string;
	right: string;
};

export const MAP_UNICODE: MapGlyphs = {
	live: '●',
	stopped: '○',
	line: '─',
	dashed: '╌',
	empty: '·',
	sep: '┊',
	ok: '✓',
	bad: '✗',
	pending: '…',
	left: '◂',
	right: '▸',
};
export const MAP_ASCII: MapGlyphs = {
	live: '*',
	stopped: 'o',
	line: '-',
	dashed: '.',
	empty: ' ',
	sep: ':',
	ok: '+',
	bad: 'x',
	pending: '?',
	left: '<',
	right: '>',
};

export type MapColumn = {network: GraphNetwork; title: string; flag: string; width: number};
export type MapRow = {container: GraphContainer; name: string};

export type MapLayout = {
	graph: Graph;
	columns: MapColumn[];
	rows: MapRow[];
	/** Index of the first predefined column (drawn after the separator), columns.length when none. */
	special: number;
	rowOf: Map<string, number>;
	columnOf: Map<string, number>;
};

const MIN_COLUMN = 5;
const MAX_COLUMN = 16;
const SEP_WIDTH = 2;

export function columnFlag(n: GraphNetwork): string {
	if (n.role === 'bridge') return 'default';
	if (n.role === 'host' || n.role === 'none') return n.role;
	const parts: string[] = [];
	if (n.internal) parts.push('internal');
	if (n.driver && n.driver !== 'bridge') parts.push(n.driver);
	return parts.join(',');
}

const layoutCache = new WeakMap<Graph, MapLayout>();

/** Columns and rows of a graph (memoized per graph object): no drawing, no width yet. */
export function layoutMap(g: Graph): MapLayout {
	const hit = layoutCache.get(g);
	if (hit) return hit;
	const index = graphIndex(g);
	const columns: MapColumn[] = g.networks.map(network => {
		const title = sanitize(network.name);
		const flag = columnFlag(network);
		const width = Math.min(MAX_COLUMN, Math.max(MIN_COLUMN, displayWidth(title) + 1, flag.length + 1));
		return {network, title, flag, width};
	});
	const columnOf = new Map(columns.map((c, at) => [c.network.id, at]));
	const special = columns.findIndex(c => c.network.role !== 'user');
	// Rows grouped under the leftmost network they are on, so each network's members stand together.
	const first = (c: GraphContainer): number => {
		let min = Infinity;
		for (const e of index.byContainer.get(c.id) ?? []) min = Math.min(min, columnOf.get(e.networkId) ?? Infinity);
		return min;
	};
	const keyed = g.containers.map((container, at) => ({container, at, first: first(container)}));
	keyed.sort((a, b) => a.first - b.first || a.at - b.at);
	const rows = keyed.map(({container}) => ({container, name: sanitize(container.name)}));
	const layout: MapLayout = {
		graph: g,
		columns,
		rows,
		special: special === -1 ? columns.length : special,
		rowOf: new Map(rows.map((r, at) => [r.container.id, at])),
		columnOf,
	};
	layoutCache.set(g, layout);
	return layout;
}

/** Width of the container-name column for a total width. */
export function nameWidthFor(layout: MapLayout, total: number): number {
	let longest = 4;
	for (const row of layout.rows) longest = Math.max(longest, displayWidth(row.name) + 1);
	return Math.max(6, Math.min(longest, 24, Math.floor(total / 3)));
}

const spanWidth = (layout: MapLayout, start: number, end: number): number => {
	let w = 0;
	for (let i = start; i < end; i++) w += layout.columns[i]!.width;
	if (start < layout.special && end > layout.special && layout.special < layout.columns.length) w += SEP_WIDTH;
	return w;
};

/**
 * The columns [start, end) to show in `width` cells (after the name column and the
 * two 1-cell "more" markers), keeping `anchor` in view with the least shift from `previous`.
 */
export function columnWindow(layout: MapLayout, width: number, anchor: number, previous = 0): {start: number; end: number} {
	const n = layout.columns.length;
	if (n === 0) return {start: 0, end: 0};
	if (spanWidth(layout, 0, n) <= width) return {start: 0, end: n};
	const room = width - 2;
	anchor = Math.max(0, Math.min(n - 1, anchor));
	let start = Math.max(0, Math.min(previous, anchor));
	const fits = (s: number, e: number) => spanWidth(layout, s, e) <= room;
	while (start < anchor && !fits(start, anchor + 1)) start++;
	let end = start;
	while (end < n && fits(start, end + 1)) end++;
	if (end === start) end = start + 1; // one column always shows, cut if need be
	return {start, end};
}

/** Splits all columns into consecutive bands that each fit in `width` (for plain export). */
export function columnBands(layout: MapLayout, width: number): Array<{start: number; end: number}> {
	const bands: Array<{start: number; end: number}> = [];
	const n = layout.columns.length;
	if (spanWidth(layout, 0, n) <= width || n === 0) return [{start: 0, end: n}];
	let start = 0;
	while (start < n) {
		let end = start + 1;
		while (end < n && spanWidth(layout, start, end + 1) <= width - 2) end++;
		bands.push({start, end});
		start = end;
	}
	return bands;
}

export type EdgeMark = 'ok' | 'bad' | 'pending';

export type DrawOptions = {
	glyphs: MapGlyphs;
	/** Total width of each line. */
	width: number;
	nameWidth: number;
	columns: {start: number; end: number};
	/** Rows [start, end) to draw. */
	rows: {start: number; end: number};
	cursor?: {row: string | null; column: string | null};
	/** Containers of a highlighted pair and the networks of its path. */
	path?: {containers: ReadonlySet<string>; networks: ReadonlySet<string>};
	/** Matrix results per edge ("networkId|containerId"). */
	marks?: ReadonlyMap<string, EdgeMark>;
};

const seg = (text: string, style: MapStyle = 'plain'): MapSegment => ({text, style});

// Styles whose look on a space is no look at all: blanks join the segment before them.
const INVISIBLE_ON_BLANK = new Set<MapStyle>(['plain', 'muted', 'stopped', 'internal', 'special', 'title', 'ok', 'bad', 'pending']);

/** Appends a segment, merging with the previous one when that looks the same (fewer Ink nodes per row). */
function push(line: MapLine, text: string, style: MapStyle): void {
	if (!text) return;
	const last = line[line.length - 1];
	if (last && (last.style === style || (INVISIBLE_ON_BLANK.has(last.style) && INVISIBLE_ON_BLANK.has(style) && text.trim() === '')))
		last.text += text;
	else line.push(seg(text, style));
}

/** The two header lines (network names, then their flags). */
export function drawHeader(layout: MapLayout, options: DrawOptions): MapLine[] {
	const {columns, glyphs, nameWidth} = options;
	const names: MapLine = [];
	const flags: MapLine = [];
	const hiddenLeft = columns.start;
	const hiddenRight = layout.columns.length - columns.end;
	// "◂3 more" / "5 more▸" for hidden columns, shortened to "◂3" / "+5▸" in a narrow name column.
	const longer = (long: string, short: string) => (displayWidth(long) <= nameWidth ? long : short);
	const label = hiddenLeft ? longer(`${glyphs.left}${hiddenLeft} more`, `${glyphs.left}${hiddenLeft}`) : nameWidth >= 9 ? 'networks' : '';
	push(names, fit(label, nameWidth), 'muted');
	push(flags, fit(hiddenRight ? longer(`${hiddenRight} more${glyphs.right}`, `+${hiddenRight}${glyphs.right}`) : '', nameWidth), 'muted');
	push(names, hiddenLeft ? glyphs.left : ' ', 'muted');
	push(flags, ' ', 'muted');
	for (let i = columns.start; i < columns.end; i++) {
		if (i === layout.special && i > columns.start) {
			push(names, glyphs.sep + ' ', 'muted');
			push(flags, glyphs.sep + ' ', 'muted');
		}
		const column = layout.columns[i]!;
		const id = column.network.id;
		const style: MapStyle =
			options.cursor?.column === id
				? 'cursor'
				: options.path?.networks.has(id)
					? 'path'
					: column.network.role !== 'user'
						? 'special'
						: 'title';
		push(names, fit(column.title, column.width - 1), style);
		push(names, ' ', 'plain');
		push(flags, fit(column.flag, column.width), column.network.internal ? 'internal' : 'muted');
	}
	push(names, hiddenRight ? glyphs.right : '', 'muted');
	return [names, flags].map(line => pad(line, options.width));
}

// The map's own glyphs are one column wide: strings of them (and ASCII) skip string-width,
// which costs microseconds per character and would dominate a 600-row export.
const NARROW = /^[\x20-\x7e·●○─╌┊✓✗…◂▸]*$/;
const widthOf = (text: string): number => (NARROW.test(text) ? text.length : displayWidth(text));

function pad(line: MapLine, width: number): MapLine {
	let used = 0;
	const out: MapLine = [];
	for (const s of line) {
		const w = widthOf(s.text);
		if (used + w > width) {
			const cut = fit(s.text, width - used);
			if (cut.trim()) out.push(seg(cut, s.style));
			used = width;
			break;
		}
		out.push(s);
		used += w;
	}
	if (used < width) push(out, ' '.repeat(width - used), 'plain');
	return out;
}

/** One container row. */
export function drawRow(layout: MapLayout, row: MapRow, options: DrawOptions): MapLine {
	const {glyphs, columns, nameWidth} = options;
	const index = graphIndex(layout.graph);
	const c = row.container;
	const line: MapLine = [];
	const isCursor = options.cursor?.row === c.id;
	const nameStyle: MapStyle = isCursor ? 'cursor' : options.path?.containers.has(c.id) ? 'path' : c.running ? 'plain' : 'stopped';
	push(line, fit(row.name, nameWidth - 1), nameStyle);
	push(line, '  ', 'plain');
	const edges = new Map<number, GraphEdge>();
	for (const e of index.byContainer.get(c.id) ?? []) {
		const at = layout.columnOf.get(e.networkId);
		if (at !== undefined) edges.set(at, e);
	}
	if (edges.size === 0) {
		const note =
			c.mode === 'container'
				? `shares the network stack of ${sanitize(c.sharesWith ?? '?')}`
				: c.mode === 'none'
					? 'network none'
					: 'on no network';
		push(line, note, 'muted');
		return pad(line, options.width);
	}
	const attached = [...edges.keys()];
	const lo = Math.min(...attached);
	const hi = Math.max(...attached);
	const dashed = [...edges.values()].some(e => e.state === 'configured');
	const lineChar = dashed ? glyphs.dashed : glyphs.line;
	const lineStyle: MapStyle = dashed ? 'stopped' : 'muted';
	for (let i = columns.start; i < columns.end; i++) {
		const inSpan = i > lo && i <= hi;
		if (i === layout.special && i > columns.start)
			push(line, inSpan ? lineChar.repeat(SEP_WIDTH) : glyphs.sep + ' ', inSpan ? lineStyle : 'muted');
		const column = layout.columns[i]!;
		const edge = edges.get(i);
		if (edge) {
			const mark = options.marks?.get(`${edge.networkId}|${c.id}`);
			const onPath = options.path?.containers.has(c.id) && options.path.networks.has(edge.networkId);
			const glyph = mark ? glyphs[mark] : edge.state === 'live' ? glyphs.live : glyphs.stopped;
			const style: MapStyle =
				mark ?? (onPath ? 'path' : edge.state === 'live' ? (column.network.internal ? 'internal' : 'plain') : 'stopped');
			push(line, glyph, style);
		} else {
			push(line, inSpan ? lineChar : glyphs.empty, inSpan ? lineStyle : 'muted');
		}
		const rest = column.width - 1;
		push(line, i >= lo && i < hi ? lineChar.repeat(rest) : ' '.repeat(rest), i >= lo && i < hi ? lineStyle : 'plain');
	}
	return pad(line, options.width);
}

export const lineText = (line: MapLine): string => line.map(s => s.text).join('');

/** The key to the glyphs, in as many lines of at most `width` columns as it takes. */
export function legend(glyphs: MapGlyphs, width: number, withMarks = false): string[] {
	const parts = [
		`${glyphs.live} attached`,
		`${glyphs.stopped}${glyphs.dashed} stopped (configured)`,
		`${glyphs.live}${glyphs.line}${glyphs.live} multi-homed`,
		`${glyphs.sep} predefined`,
	];
	if (withMarks) parts.unshift(`${glyphs.ok} reachable`, `${glyphs.bad} unreachable`, `${glyphs.pending} probing`);
	const lines: string[] = [];
	for (const part of parts) {
		const last = lines[lines.length - 1];
		if (last !== undefined && displayWidth(last) + 2 + displayWidth(part) <= width) lines[lines.length - 1] = `${last}  ${part}`;
		else lines.push(part);
	}
	return lines;
}

/** The whole map as plain text (the export): every row, columns in bands that fit `width`. */
export function renderMapText(g: Graph, options: {width: number; unicode: boolean}): string {
	const layout = layoutMap(g);
	const index = graphIndex(g);
	const glyphs = options.unicode ? MAP_UNICODE : MAP_ASCII;
	const width = Math.max(20, options.width);
	if (layout.columns.length === 0 && layout.rows.length === 0) return 'no networks, no containers\n';
	const nameWidth = nameWidthFor(layout, width);
	const out: string[] = [];
	const bands = columnBands(layout, width - nameWidth - 1);
	for (const [at, columns] of bands.entries()) {
		if (bands.length > 1)
			out.push(`(networks ${columns.start + 1}-${columns.end} of ${layout.columns.length}; containers on none of them left out)`);
		const draw: DrawOptions = {glyphs, width, nameWidth, columns, rows: {start: 0, end: layout.rows.length}};
		for (const line of drawHeader(layout, draw)) out.push(lineText(line).trimEnd());
		// In a band, a container on none of its networks would be an empty row: left out (the band with its networks shows it).
		const inBand = (row: MapRow) =>
			bands.length === 1 ||
			(index.byContainer.get(row.container.id) ?? []).some(e => {
				const at = layout.columnOf.get(e.networkId)!;
				return at >= columns.start && at < columns.end;
			});
		for (const row of layout.rows) if (inBand(row)) out.push(lineText(drawRow(layout, row, draw)).trimEnd());
		if (at < bands.length - 1) out.push('');
	}
	out.push('', ...legend(glyphs, width));
	return out.join('\n') + '\n';
}

/** "api-server talks to: cache via backend; proxy via frontend" — who a container shares a live network with. */
export function peerLine(g: Graph, containerId: string): string {
	const index = graphIndex(g);
	const c = index.container.get(containerId);
	if (!c) return '';
	const name = sanitize(c.name);
	if (c.mode === 'host')
		return `${name} uses the host's network stack: it talks to what the host reaches, and to containers' published ports`;
	if (c.mode === 'none') return `${name} has no network (none): it talks to nothing`;
	if (c.mode === 'container')
		return `${name} shares the network stack of ${sanitize(c.sharesWith ?? '?')}: it talks to what that container does`;
	if (!c.running) return `${name} is ${sanitize(c.state)}: it talks to nothing until started`;
	const peers = peersOf(g, containerId);
	if (peers.length === 0) return `${name} shares no network with a running container`;
	const via = (p: Peer) =>
		p.networks
			.map(
				n =>
					`${sanitize(n.name)}${n.role === 'bridge' ? ' (by IP only: no names on the default bridge)' : n.internal ? ' (internal)' : ''}`,
			)
			.join(', ');
	return `${name} talks to: ${peers.map(p => `${sanitize(p.container.name)} via ${via(p)}`).join('; ')}`;
}
