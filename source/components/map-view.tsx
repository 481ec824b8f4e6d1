// The topology map: networks as columns, containers as rows, a row's line bridging
// every network the container is on (format/graph-text.ts draws it). Full-screen in
// place of the panes, it owns the keyboard while open. It shows the whole engine when
// that fits, else the neighbourhood of the selection (z toggles); only the visible
// rows and columns are drawn, the layout is memoized per topology, and the cursor is
// kept by id, so a live topology change redraws without a jump.
import {Box, Text} from 'ink';
import {memo, useMemo, useReducer, useRef} from 'react';
import {buildGraph, graphIndex, neighbourhood, type Focus, type Graph} from '../domain/graph.js';
import {diagnose, mainReason, resolveTarget} from '../domain/diagnosis.js';
import {findContainer} from '../domain/selectors.js';
import type {Topology} from '../domain/types.js';
import {
	MAP_ASCII,
	MAP_UNICODE,
	columnWindow,
	drawHeader,
	drawRow,
	layoutMap,
	legend,
	nameWidthFor,
	peerLine,
	type DrawOptions,
	type EdgeMark,
	type MapLayout,
	type MapLine,
	type MapStyle,
} from '../format/graph-text.js';
import {sanitize} from '../format/sanitize.js';
import {clip} from '../format/columns.js';
import type {Keymap} from '../keys/keymap.js';
import {Frame} from './frame.js';
import {useKeys} from './keyboard.js';
import {scrollOffset} from './list-view.js';
import {useTheme, type Theme} from './theme.js';

export type MapMatrix = {networkId: string; marks: ReadonlyMap<string, EdgeMark>; note: string};

export type MapViewProps = {
	topology: Topology;
	width: number;
	height: number;
	/** What the panes had selected when the map opened. */
	initial: Focus | null;
	keymap: Keymap;
	/** The last matrix run (edge colours), if any. */
	matrix: MapMatrix | null;
	onOpen: (focus: Focus) => void;
	onClose: () => void;
	onMatrix: (networkId: string) => void;
	/** Writes the view (plain text) somewhere; `title` says what it is. */
	onWrite: (graph: Graph, title: string, extra: string[]) => void;
	onQuit: () => void;
};

/** Cursor by id (with the last index, to land on a neighbour when the node vanishes). row null = the network row. */
type Cursor = {row: string | null; rowIndex: number; column: string | null; columnIndex: number};
type MapState = {cursor: Cursor; zoom: Focus[] | null; pathFrom: string | null};

type MapAction = {type: 'cursor'; cursor: Cursor} | {type: 'zoom'; zoom: Focus[] | null} | {type: 'path'; from: string | null};

function reducer(state: MapState, action: MapAction): MapState {
	switch (action.type) {
		case 'cursor':
			return {...state, cursor: action.cursor};
		case 'zoom':
			return {...state, zoom: action.zoom};
		case 'path':
			return {...state, pathFrom: action.from};
	}
}

/** Lines the map needs besides its rows: 2 of header, 2 of node info, the legend. */
const CHROME = 5;

function fitsWhole(layout: MapLayout, width: number, rows: number): boolean {
	const nameWidth = nameWidthFor(layout, width);
	const window = columnWindow(layout, width - nameWidth - 1, 0);
	return window.start === 0 && window.end === layout.columns.length && layout.rows.length <= rows;
}

function initialState(props: MapViewProps, whole: Graph): MapState {
	const inner = {width: props.width - 2, rows: props.height - 2 - CHROME};
	const initial = props.initial;
	const zoom = initial && !fitsWhole(layoutMap(whole), inner.width, inner.rows) ? [initial] : null;
	const index = graphIndex(whole);
	let cursor: Cursor = {row: null, rowIndex: -1, column: whole.networks[0]?.id ?? null, columnIndex: 0};
	if (initial?.kind === 'network') cursor = {...cursor, column: initial.id};
	if (initial?.kind === 'container')
		cursor = {row: initial.id, rowIndex: 0, column: index.byContainer.get(initial.id)?.[0]?.networkId ?? cursor.column, columnIndex: 0};
	return {cursor, zoom, pathFrom: null};
}

/** Where the cursor is in this layout: by id, else the neighbour at the old index. */
function resolveCursor(layout: MapLayout, cursor: Cursor): {row: number; column: number} {
	const rowAt = cursor.row === null ? -1 : (layout.rowOf.get(cursor.row) ?? Math.min(cursor.rowIndex, layout.rows.length - 1));
	const columnAt =
		cursor.column === null ? 0 : (layout.columnOf.get(cursor.column) ?? Math.min(cursor.columnIndex, layout.columns.length - 1));
	return {row: rowAt, column: Math.max(0, columnAt)};
}

function styleProps(
	style: MapStyle,
	theme: Theme,
): {color?: string | undefined; dimColor?: boolean; bold?: boolean; inverse?: boolean; underline?: boolean} {
	switch (style) {
		case 'muted':
			return theme.color ? {color: theme.c('muted')} : {dimColor: true};
		case 'stopped':
			return {dimColor: true};
		case 'internal':
			return {color: theme.c('mark'), bold: !theme.color};
		case 'special':
			return {color: theme.c('info')};
		case 'title':
			return {bold: true};
		case 'cursor':
			return {inverse: true, bold: true};
		case 'path':
			return {color: theme.c('ok'), bold: true, underline: !theme.color};
		case 'ok':
			return {color: theme.c('ok'), bold: true};
		case 'bad':
			return {color: theme.c('bad'), bold: true};
		case 'pending':
			return {color: theme.c('warn')};
		default:
			return {};
	}
}

const lineKey = (line: MapLine): string => line.map(s => `${s.style}\u0000${s.text}`).join('\u0001');

// Memoized on the line's content: a cursor move re-renders the two rows it touches.
const Line = memo(
	function Line({line, theme}: {line: MapLine; theme: Theme; id: string}) {
		return (
			<Text wrap="truncate">
				{line.map((s, at) => (
					<Text key={at} {...styleProps(s.style, theme)}>
						{s.text}
					</Text>
				))}
			</Text>
		);
	},
	(a, b) => a.id === b.id && a.theme === b.theme,
);

/** The pair's path: shared networks, or the topology's reason why there is none (domain/diagnosis.ts). */
function pathBetween(t: Topology, fromId: string, toId: string): {networks: Set<string>; text: string; ok: boolean} | null {
	const source = findContainer(t, fromId);
	const target = findContainer(t, toId);
	if (!source || !target || source.id === target.id) return null;
	const diagnosis = diagnose(t, source, resolveTarget(t, source, target.name));
	const networks = new Set(diagnosis.shared.map(n => n.id));
	const head = `${sanitize(source.name)} → ${sanitize(target.name)}`;
	if (diagnosis.verdict !== 'no' && diagnosis.shared.length) {
		const via = diagnosis.shared.map(n => `${sanitize(n.name)}${n.predefined === 'bridge' ? ' (by IP only)' : ''}`).join(', ');
		return {networks, ok: true, text: `${head}: via ${via}`};
	}
	const reason = mainReason(diagnosis);
	return {
		networks,
		ok: false,
		text: `${head}: ${reason ? sanitize(reason.text) : 'no shared network'}${reason?.fix ? ` — fix: ${sanitize(reason.fix.summary)}` : ''}`,
	};
}

/** The attachment under the cursor: "db @ app-net: 10.10.0.3/24, alias mysql". */
function edgeInfo(g: Graph, containerId: string, networkId: string | null): string {
	const index = graphIndex(g);
	const edge = networkId ? index.byContainer.get(containerId)?.find(e => e.networkId === networkId) : undefined;
	if (!edge) return '';
	const parts = [
		edge.ipv4,
		edge.ipv6,
		edge.aliases.length ? `alias ${edge.aliases.map(sanitize).join(', ')}` : null,
		edge.state === 'configured' ? 'configured, not attached (stopped)' : null,
	].filter(Boolean);
	return `${sanitize(index.container.get(containerId)?.name)} @ ${sanitize(index.network.get(edge.networkId)?.name)}: ${parts.join(', ') || 'no address'}`;
}

function networkInfo(g: Graph, id: string): string {
	const index = graphIndex(g);
	const n = index.network.get(id);
	if (!n) return '';
	const edges = index.byNetwork.get(id) ?? [];
	const live = edges.filter(e => e.state === 'live').length;
	const parts = [sanitize(n.name), sanitize(n.driver), ...n.subnets];
	if (n.role === 'bridge') parts.push('default bridge: containers reach each other by IP only (no names)');
	if (n.role === 'host') parts.push("host mode: the host's own network stack");
	if (n.role === 'none') parts.push('none: no network at all');
	if (n.internal) parts.push('internal: no route out of the host');
	parts.push(`${live} attached${edges.length > live ? `, ${edges.length - live} stopped` : ''}`);
	return parts.join(' · ');
}

export function MapView(props: MapViewProps) {
	const theme = useTheme();
	const {topology, width, height, keymap} = props;
	const whole = buildGraph(topology);
	const [state, dispatch] = useReducer(reducer, undefined, () => initialState(props, whole));
	const zoomKey = state.zoom ? state.zoom.map(f => `${f.kind}:${f.id}`).join(',') : '';
	// The zoom ids stay valid across topology updates; the neighbourhood is recomputed from the new graph.
	const shown = useMemo(() => (state.zoom ? neighbourhood(whole, state.zoom) : whole), [whole, zoomKey]);
	const layout = layoutMap(shown);
	const innerWidth = width - 2;
	const rowsArea = Math.max(1, height - 2 - CHROME);
	const nameWidth = nameWidthFor(layout, innerWidth);
	const at = resolveCursor(layout, state.cursor);
	const rowOffset = useRef(0);
	const columnStart = useRef(0);
	rowOffset.current = scrollOffset(rowOffset.current, Math.max(0, at.row), rowsArea, layout.rows.length);
	const columns = columnWindow(layout, innerWidth - nameWidth - 1, at.column, columnStart.current);
	columnStart.current = columns.start;
	const cursorRow = at.row >= 0 ? (layout.rows[at.row]?.container.id ?? null) : null;
	const cursorColumn = layout.columns[at.column]?.network.id ?? null;

	const path = useMemo(
		() => (state.pathFrom && cursorRow ? pathBetween(topology, state.pathFrom, cursorRow) : null),
		[topology, state.pathFrom, cursorRow],
	);
	const glyphs = theme.unicode ? MAP_UNICODE : MAP_ASCII;
	const options: DrawOptions = {
		glyphs,
		width: innerWidth,
		nameWidth,
		columns,
		rows: {start: rowOffset.current, end: Math.min(layout.rows.length, rowOffset.current + rowsArea)},
		cursor: {row: cursorRow, column: cursorColumn},
		...(path
			? {path: {containers: new Set([state.pathFrom!, cursorRow!]), networks: path.networks}}
			: state.pathFrom
				? {path: {containers: new Set([state.pathFrom]), networks: new Set<string>()}}
				: {}),
		...(props.matrix ? {marks: props.matrix.marks} : {}),
	};
	const lines: MapLine[] = [...drawHeader(layout, options)];
	for (let i = options.rows.start; i < options.rows.end; i++) lines.push(drawRow(layout, layout.rows[i]!, options));

	// Node info (2 lines): the pair's path, or what the node under the cursor touches.
	let info: string;
	let infoStyle: MapStyle = 'plain';
	if (path) {
		info = path.text;
		infoStyle = path.ok ? 'ok' : 'bad';
	} else if (cursorRow) {
		info = [edgeInfo(whole, cursorRow, cursorColumn), peerLine(whole, cursorRow)].filter(Boolean).join(' · ');
		if (state.pathFrom && state.pathFrom !== cursorRow) info = `${info}`;
		else if (state.pathFrom)
			info = `path from ${sanitize(graphIndex(whole).container.get(state.pathFrom)?.name ?? '?')}: move to another container (space again clears)`;
	} else {
		info = cursorColumn ? networkInfo(whole, cursorColumn) : layout.columns.length === 0 ? 'no networks' : '';
	}
	const infoLines = wrapTwo(info, innerWidth, theme.g.ellipsis);
	const legendText = [props.matrix ? `${props.matrix.note}: ` : '', legend(glyphs, 1000, Boolean(props.matrix)).join('  ')].join('');

	const hiddenRows = layout.rows.length - (options.rows.end - options.rows.start);
	const scope = state.zoom
		? `around ${state.zoom.map(f => sanitize((f.kind === 'network' ? graphIndex(whole).network.get(f.id)?.name : graphIndex(whole).container.get(f.id)?.name) ?? '?')).join(', ')}: ${layout.columns.length}/${whole.networks.length} networks, ${layout.rows.length}/${whole.containers.length} containers (z: all)`
		: `whole engine: ${whole.networks.length} networks, ${whole.containers.length} containers`;
	const hiddenColumns = columns.end - columns.start < layout.columns.length;
	const position =
		(hiddenRows > 0 ? ` · rows ${options.rows.start + 1}-${options.rows.end} of ${layout.rows.length}` : '') +
		(hiddenColumns ? ` · networks ${columns.start + 1}-${columns.end} of ${layout.columns.length}` : '');

	useKeys(({name, input}) => {
		const key = name === ' ' || input === ' ' ? 'space' : name;
		if (!key) return;
		if (key === 'ctrl+c') return props.onQuit();
		const binding = keymap.lookup('map', key);
		if (!binding) return;
		const rows = layout.rows.length;
		const moveRow = (target: number) => {
			const row = Math.max(-1, Math.min(rows - 1, target));
			const id = row < 0 ? null : layout.rows[row]!.container.id;
			let column = {column: state.cursor.column, columnIndex: state.cursor.columnIndex};
			// A row none of whose networks is in view brings its first network into view (rows are grouped by it).
			const at = (id ? (graphIndex(shown).byContainer.get(id) ?? []) : [])
				.map(e => layout.columnOf.get(e.networkId)!)
				.sort((a, b) => a - b);
			if (at.length && !at.some(i => i >= columns.start && i < columns.end))
				column = {column: layout.columns[at[0]!]!.network.id, columnIndex: at[0]!};
			dispatch({type: 'cursor', cursor: {row: id, rowIndex: row, ...column}});
		};
		const moveColumn = (target: number) => {
			const column = Math.max(0, Math.min(layout.columns.length - 1, target));
			const id = layout.columns[column]?.network.id ?? null;
			dispatch({type: 'cursor', cursor: {...state.cursor, column: id, columnIndex: column}});
		};
		const node: Focus | null = cursorRow ? {kind: 'container', id: cursorRow} : cursorColumn ? {kind: 'network', id: cursorColumn} : null;
		switch (binding.command) {
			case 'map.down':
				return moveRow(at.row + 1);
			case 'map.up':
				return moveRow(at.row - 1);
			case 'map.left':
				return moveColumn(at.column - 1);
			case 'map.right':
				return moveColumn(at.column + 1);
			case 'map.pageDown':
				return moveRow(at.row + rowsArea);
			case 'map.pageUp':
				return moveRow(Math.max(0, at.row - rowsArea));
			case 'map.top':
				return moveRow(-1);
			case 'map.bottom':
				return moveRow(rows - 1);
			case 'map.pick':
				if (node) props.onOpen(node);
				return;
			case 'map.pair':
				if (cursorRow) dispatch({type: 'path', from: state.pathFrom === cursorRow ? null : cursorRow});
				return;
			case 'map.zoom':
				if (state.zoom) dispatch({type: 'zoom', zoom: null});
				else if (node) dispatch({type: 'zoom', zoom: [node]});
				return;
			case 'map.matrix':
				if (cursorColumn) props.onMatrix(cursorColumn);
				return;
			case 'map.write':
				return props.onWrite(shown, scope, [info]);
			case 'map.close':
				return props.onClose();
			case 'quit':
				return props.onQuit();
		}
	});

	return (
		<Frame title="Map" info={clip(scope + position, Math.max(0, innerWidth - 12), theme.g.ellipsis)} width={width} height={height} focused>
			<Box flexDirection="column" height={height - 2} width={innerWidth} overflow="hidden">
				{lines.map((line, i) => (
					<Line key={i} line={line} id={lineKey(line)} theme={theme} />
				))}
				{Array.from({length: Math.max(0, rowsArea - (options.rows.end - options.rows.start))}, (_, i) => (
					<Text key={`pad${i}`}> </Text>
				))}
				{infoLines.map((text, i) => (
					<Text key={`info${i}`} wrap="truncate" {...styleProps(infoStyle, theme)}>
						{text || ' '}
					</Text>
				))}
				<Text wrap="truncate" color={theme.c('muted')}>
					{clip(legendText, innerWidth, theme.g.ellipsis)}
				</Text>
			</Box>
		</Frame>
	);
}

/** Up to two lines of `width`, cut with an ellipsis after that. */
function wrapTwo(text: string, width: number, ellipsis: string): [string, string] {
	if (width <= 0) return ['', ''];
	const first = clip(text, width, '');
	if (first.length >= text.length) return [first, ''];
	// Break at the last space that fits, when there is one.
	const space = first.lastIndexOf(' ');
	const head = space > width / 2 ? first.slice(0, space) : first;
	return [head, clip(text.slice(head.length).trimStart(), width, ellipsis)];
}
