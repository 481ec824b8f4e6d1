// The explorer app: the ONE place that wires the topology feed, explorer state, the
// keymap and the panes together. Extension points, all in this file:
//   - COMMANDS: command id (keys/keymap.ts) -> handler. Add a binding there, a handler here.
//   - renderOverlay(): one case per overlay kind (state/explorer.ts Overlay); a dialog
//     takes the keyboard while open (its component calls useKeys).
//   - PANELS: bottom panel renderers by Panel.kind (e.g. the probe panel).
//   - SelectionContext / useSelection(): the resolved selection for any component.
import {Box, Text, useApp, useStdout} from 'ink';
import {useCallback, useEffect, useMemo, useReducer, useRef, useState, type Dispatch, type ReactNode} from 'react';
import type {EnginePort} from './engine/port.js';
import type {CommandContext, DialogProps} from './command-context.js';
import type {Connection} from './engine/connection.js';
import {engineLabels, type EngineChoice, type EngineSwitcher} from './engine/switcher.js';
import {ENGINE_DIALOG_ID, EngineDialog} from './components/engine-dialog.js';
import type {Topology} from './domain/types.js';
import {useTopology} from './hooks/use-topology.js';
import type {FeedOptions, FeedState, TopologyFeed} from './hooks/topology-feed.js';
import {useTerminalSize, type TerminalSize} from './hooks/use-terminal-size.js';
import {BINDINGS, buildKeymap, type CommandId, type Keymap} from './keys/keymap.js';
import {keyFeedback} from './keys/feedback.js';
import {applyKeyOverrides, initialStateFromPrefs, type Prefs} from './prefs/config.js';
import {
	explorerReducer,
	isListPane,
	nextFocus,
	sideFocus,
	SORT_CYCLE,
	type CopyChoice,
	type ExplorerAction,
	type ExplorerState,
	type ListPaneId,
	type NoticeTone,
	type Panel,
} from './state/explorer.js';
import {containersView, endpointsView, moveSelection, networksView, resolveSelection, type ListView} from './state/views.js';
import type {ExplorerSelection} from './state/selection.js';
import {osc52} from './format/osc52.js';
import {sanitize} from './format/sanitize.js';
import {ThemeContext, themeFromEnv, useTheme, type Theme} from './components/theme.js';
import {Frame} from './components/frame.js';
import {ListPane} from './components/list-pane.js';
import {
	containerHeader,
	containerRow,
	containerRowGrouped,
	endpointHeader,
	endpointRow,
	networkHeader,
	networkRow,
} from './components/rows.js';
import {DetailsPane, detailLines, layoutDetails, type DetailSubject} from './components/details.js';
import {StatusBar} from './components/status-bar.js';
import {HintBar, noticeLines} from './components/hint-bar.js';
import {CopyPicker, FilterBar, HelpScreen} from './components/overlays.js';
import {MIN_COLUMNS, MIN_ROWS, TooSmall} from './components/too-small.js';
import {SelectionContext} from './components/selection-context.js';
import {KeyboardRouter, type KeyEvent} from './components/keyboard.js';
import {OPERATION_COMMANDS, OPERATION_DIALOGS} from './components/dialogs/index.js';
import {PROBE_COMMANDS, shutdownProbes} from './hooks/use-probe.js';
import {PROBE_DIALOGS, PROBE_PANELS} from './components/probe-registry.js';
import {MAP_COMMANDS, isMapOverlay, renderMapScreen} from './hooks/use-map.js';
import {SEARCH_COMMANDS, SEARCH_DIALOGS} from './components/search-dialog.js';

export type AppProps = {
	engine: EnginePort;
	/** The engine endpoint as the user should see it (unix:///var/run/docker.sock…). */
	endpoint: string;
	readOnly: boolean;
	env: NodeJS.ProcessEnv;
	/** Fixed terminal size (tests); otherwise follows the terminal. */
	size?: TerminalSize;
	/** Where OSC 52 goes; defaults to the raw stdout. */
	writeRaw?: (text: string) => void;
	feedOptions?: FeedOptions;
	/** A feed already started by the caller (explorer.tsx: the snapshot loads while Ink does). */
	feed?: TopologyFeed | null;
	/** Called when the user quits (q / Ctrl-C). Defaults to Ink's exit(). */
	onQuit?: () => void;
	/** Preferences from the config file (prefs/config.ts): sort, grouping, theme, keys. */
	prefs?: Prefs;
	/** How the engine was resolved: the status line names its context and endpoint. */
	connection?: Connection;
	/** Lists and opens other engines (key e); built by cli.tsx, which owns adapter creation. */
	switcher?: EngineSwitcher;
	/** Told about the engine on screen after a switch (explorer.tsx stops its probes on exit). */
	onEngineChange?: (engine: EnginePort) => void;
};

/** q leaves within 2 s whatever the engine does: clean-up gets this long, then we exit. */
export const QUIT_CLEANUP_MS = 1500;

const EMPTY_TOPOLOGY: Topology = {networks: [], containers: [], endpoints: [], configured: []};

type Handler = (ctx: CommandContext) => void;

function move(ctx: CommandContext, delta: number | 'top' | 'bottom'): void {
	const {ui, dispatch} = ctx;
	if (ui.focus === 'details') {
		const by = delta === 'top' ? -Infinity : delta === 'bottom' ? Infinity : delta;
		dispatch({type: 'scroll-details', by, max: ctx.detailsMax});
		return;
	}
	if (!isListPane(ui.focus)) return;
	const pane = ui.focus;
	const target = moveSelection(ctx.views[pane] as ListView<unknown>, ui.selection[pane], delta);
	if (target) dispatch({type: 'select', pane, id: target.id, index: target.index});
}

function copyChoices(selection: ExplorerSelection): CopyChoice[] {
	const list = selection.lastList;
	const choices: CopyChoice[] = [];
	if (list === 'endpoints' && selection.endpoint) {
		const item = selection.endpoint;
		if (item.kind === 'live') {
			const e = item.endpoint;
			if (e.ipv4) choices.push({label: 'IPv4', value: e.ipv4});
			if (e.ipv6) choices.push({label: 'IPv6', value: e.ipv6});
			for (const alias of e.aliases ?? []) choices.push({label: 'alias', value: alias});
			if (e.mac) choices.push({label: 'MAC', value: e.mac});
		}
		if (item.container) choices.push({label: 'container', value: item.container.name});
		if (item.network) choices.push({label: 'network', value: item.network.name});
		return choices;
	}
	if (list === 'containers' || (list === 'endpoints' && selection.scope === 'container')) {
		const c = selection.container;
		if (c) choices.push({label: 'name', value: c.name}, {label: 'id', value: c.id}, {label: 'image', value: c.image});
		return choices;
	}
	const n = selection.network;
	if (n) {
		choices.push({label: 'name', value: n.name}, {label: 'id', value: n.id});
		for (const c of n.ipam) {
			if (c.subnet) choices.push({label: 'subnet', value: c.subnet});
			if (c.gateway) choices.push({label: 'gateway', value: c.gateway});
		}
	}
	return choices;
}

/** Command id -> handler. Other modules add their commands here. */
export const COMMANDS: Record<CommandId, Handler> = {
	quit: ctx => ctx.quit(),
	help: ctx => ctx.dispatch({type: 'open-overlay', overlay: {kind: 'help'}}),
	'focus.next': ctx => ctx.dispatch({type: 'focus', pane: nextFocus(ctx.ui, 1)}),
	'focus.prev': ctx => ctx.dispatch({type: 'focus', pane: nextFocus(ctx.ui, -1)}),
	'focus.left': ctx => ctx.dispatch({type: 'focus', pane: sideFocus(ctx.ui, 'left')}),
	'focus.right': ctx => ctx.dispatch({type: 'focus', pane: sideFocus(ctx.ui, 'right')}),
	'focus.networks': ctx => ctx.dispatch({type: 'focus', pane: 'networks'}),
	'focus.containers': ctx => ctx.dispatch({type: 'focus', pane: 'containers'}),
	'focus.endpoints': ctx => ctx.dispatch({type: 'focus', pane: 'endpoints'}),
	'focus.details': ctx => ctx.dispatch({type: 'focus', pane: 'details'}),
	'move.down': ctx => move(ctx, 1),
	'move.up': ctx => move(ctx, -1),
	'move.pageDown': ctx => move(ctx, ctx.pageSize),
	'move.pageUp': ctx => move(ctx, -ctx.pageSize),
	'move.top': ctx => move(ctx, 'top'),
	'move.bottom': ctx => move(ctx, 'bottom'),
	drill: ctx => {
		if (ctx.views.endpoints.keys.length === 0 && ctx.views.endpoints.total === 0) ctx.notify('nothing attached here', 'info');
		ctx.dispatch({type: 'focus', pane: 'endpoints'});
	},
	pivot: ctx => {
		const item = ctx.selection.endpoint;
		if (!item) return ctx.notify('no endpoint selected to jump from', 'info');
		if (ctx.ui.scope === 'network' && item.container) {
			const id = item.container.id;
			ctx.dispatch({type: 'pivot', pane: 'containers', id, index: ctx.views.containers.positionOf.get(id) ?? 0});
		} else if (ctx.ui.scope === 'container' && item.network) {
			const id = item.network.id;
			ctx.dispatch({type: 'pivot', pane: 'networks', id, index: ctx.views.networks.positionOf.get(id) ?? 0});
		}
	},
	back: ctx => {
		const {ui, dispatch} = ctx;
		if (isListPane(ui.focus) && ui.filters[ui.focus]) {
			dispatch({type: 'set-filter', pane: ui.focus, text: ''});
			return;
		}
		// Up a level first (Endpoints/Details -> their list), then back through the jumps.
		if (ui.focus === 'endpoints' || ui.focus === 'details')
			dispatch({type: 'focus', pane: ui.scope === 'network' ? 'networks' : 'containers'});
		else if (ui.focus !== 'panel' && ui.history.length) dispatch({type: 'nav-back'});
		// In the panel: the first Esc stops a running probe (results stay), the next closes it.
		else if (ui.focus === 'panel' && !PROBE_COMMANDS['probe.stop'](ctx)) dispatch({type: 'close-panel'});
		else if (ui.focus === 'networks' || ui.focus === 'containers') ctx.notify('nothing to go back to', 'info');
	},
	filter: ctx => {
		if (!isListPane(ctx.ui.focus)) return;
		ctx.dispatch({type: 'open-overlay', overlay: {kind: 'filter', pane: ctx.ui.focus, previous: ctx.ui.filters[ctx.ui.focus]}});
	},
	sort: ctx => {
		if (!isListPane(ctx.ui.focus)) return;
		const pane = ctx.ui.focus;
		ctx.dispatch({type: 'cycle-sort', pane});
		const cycle = SORT_CYCLE[pane] as readonly string[];
		const next = cycle[(cycle.indexOf(ctx.ui.sort[pane]) + 1) % cycle.length];
		ctx.notify(`${pane} sorted by ${next}`);
	},
	group: ctx => {
		ctx.dispatch({type: 'toggle-group'});
		ctx.notify(ctx.ui.groupByProject ? 'containers: one list' : 'containers grouped by compose project');
	},
	copy: ctx => {
		const choices = copyChoices(ctx.selection);
		if (choices.length === 0) ctx.notify('nothing selected to copy', 'warning');
		else if (choices.length === 1) ctx.copy(choices[0]!);
		else ctx.dispatch({type: 'open-overlay', overlay: {kind: 'copy', choices}});
	},
	'group.fold': ctx => {
		if (!ctx.ui.groupByProject) return ctx.notify('folding works in the grouped view: C groups by compose project', 'info');
		const c = ctx.selection.container;
		if (!c) return ctx.notify('select a container to fold its project', 'info');
		const project = c.compose?.project ?? '';
		ctx.dispatch({type: 'toggle-fold', project});
		ctx.notify(`${ctx.ui.folded.includes(project) ? 'unfolded' : 'folded'} ${project ? sanitize(project) : '(no compose project)'}`);
	},
	'group.unfoldAll': ctx => {
		ctx.dispatch({type: 'unfold-all'});
		ctx.notify('every compose project unfolded');
	},
	// Handled inside the overlays (they own the keyboard while open).
	'overlay.close': ctx => ctx.dispatch({type: 'close-overlay'}),
	'overlay.down': () => {},
	'overlay.up': () => {},
	'overlay.pageDown': () => {},
	'overlay.pageUp': () => {},
	'overlay.top': () => {},
	'overlay.bottom': () => {},
	'filter.apply': ctx => ctx.dispatch({type: 'close-overlay'}),
	'filter.cancel': ctx => ctx.dispatch({type: 'close-overlay'}),
	'copy.choose': () => {},
	'engine.switch': ctx => {
		if (!ctx.engineChoices) return ctx.notify('this view has no engine switcher', 'warning');
		let choices: EngineChoice[];
		try {
			choices = ctx.engineChoices();
		} catch (error) {
			return ctx.notify(`cannot list the docker contexts: ${error instanceof Error ? error.message : String(error)}`, 'warning');
		}
		ctx.dispatch({type: 'open-overlay', overlay: {kind: 'dialog', id: ENGINE_DIALOG_ID, data: {choices}}});
	},
	...OPERATION_COMMANDS,
	'probe.open': PROBE_COMMANDS['probe.open'],
	'probe.matrix': PROBE_COMMANDS['probe.matrix'],
	'probe.shell': PROBE_COMMANDS['probe.shell'],
	'probe.fix': PROBE_COMMANDS['probe.fix'],
	'probe.copy': PROBE_COMMANDS['probe.copy'],
	'probe.drill': PROBE_COMMANDS['probe.drill'],
	'panel.left': ctx => void (PROBE_COMMANDS['probe.left'](ctx) || ctx.dispatch({type: 'focus', pane: sideFocus(ctx.ui, 'left')})),
	'panel.right': ctx => void (PROBE_COMMANDS['probe.right'](ctx) || ctx.dispatch({type: 'focus', pane: sideFocus(ctx.ui, 'right')})),
	'probe.scrollDown': PROBE_COMMANDS['probe.scrollDown'],
	'probe.scrollUp': PROBE_COMMANDS['probe.scrollUp'],
	...MAP_COMMANDS,
	...SEARCH_COMMANDS,
};

/** Bottom panel renderers by Panel.kind (the probe panel plugs in here). */
export const PANELS: Record<
	string,
	(props: {
		panel: Panel;
		width: number;
		height: number;
		focused: boolean;
		selection: ExplorerSelection;
		dispatch: Dispatch<ExplorerAction>;
		topology: Topology;
	}) => ReactNode
> = {...PROBE_PANELS};

export type Layout = {
	columns: number;
	rows: number;
	leftWidth: number;
	rightWidth: number;
	networksHeight: number;
	containersHeight: number;
	endpointsHeight: number;
	detailsHeight: number;
	panelHeight: number;
	bodyHeight: number;
};

export function layoutFor(size: TerminalSize, panelOpen: boolean, bottomRows = 1): Layout {
	const {columns, rows} = size;
	const bodyAll = rows - 1 - bottomRows;
	const panelHeight = panelOpen ? Math.max(5, Math.min(12, Math.floor(bodyAll / 3))) : 0;
	const bodyHeight = bodyAll - panelHeight;
	const leftWidth = Math.floor(columns / 2);
	const rightWidth = columns - leftWidth;
	const networksHeight = Math.ceil(bodyHeight / 2);
	const endpointsHeight = Math.max(5, Math.min(Math.floor(bodyHeight * 0.45), bodyHeight - 6));
	return {
		columns,
		rows,
		leftWidth,
		rightWidth,
		networksHeight,
		containersHeight: bodyHeight - networksHeight,
		endpointsHeight,
		detailsHeight: bodyHeight - endpointsHeight,
		panelHeight,
		bodyHeight,
	};
}

function emptyText(kind: ListPaneId, ui: ExplorerState, feed: FeedState, selection: ExplorerSelection): string {
	const filter = ui.filters[kind];
	if (filter) return `nothing matches "${sanitize(filter)}" — Esc clears the filter`;
	if (!feed.topology) return feed.status === 'reconnecting' ? 'engine unreachable — retrying…' : 'connecting…';
	if (kind === 'networks') return 'no networks';
	if (kind === 'containers') return 'no containers';
	if (ui.scope === 'network') {
		const n = selection.network;
		if (!n) return 'select a network';
		if (n.predefined === 'host') return 'no containers in host mode';
		if (n.predefined === 'none') return 'no containers in none mode';
		return `no containers on ${sanitize(n.name)} — docker network connect ${sanitize(n.name)} CONTAINER`;
	}
	const c = selection.container;
	if (!c) return 'select a container';
	if (c.networkMode.kind === 'container') return `shares the network of ${sanitize(c.networkMode.target).slice(0, 12)}`;
	return c.state === 'running' ? 'attached to no network' : 'stopped and attached to no network';
}

const networkRender = networkRow;
const containerRender = containerRow;
const endpointRenderNetwork = endpointRow('network');
const endpointRenderContainer = endpointRow('container');

function Explorer(props: AppProps & {switchEngineTo?: (choice: EngineChoice) => string | null}) {
	const {engine, readOnly, endpoint} = props;
	const theme = useTheme();
	const app = useApp();
	const {stdout} = useStdout();
	const size = useTerminalSize(props.size);
	const {state: feed, feed: feedObject} = useTopology(engine, props.feedOptions, props.feed);
	const [ui, dispatch] = useReducer(explorerReducer, props.prefs, initialStateFromPrefs);
	const bindings = useMemo(() => (props.prefs ? applyKeyOverrides(BINDINGS, props.prefs.keys) : [...BINDINGS]), [props.prefs]);
	const keymap: Keymap = useMemo(() => buildKeymap(readOnly, bindings), [readOnly, bindings]);
	const hiddenKeys = BINDINGS.length - keymap.bindings.length;
	const topology = feed.topology ?? EMPTY_TOPOLOGY;
	// The status line's engine label, longest form first (kept: the status line is memoised).
	const engineNames = useMemo(
		() => (props.connection ? engineLabels(props.connection) : [props.endpoint]),
		[props.connection, props.endpoint],
	);

	// Views: rebuilt only when the topology, a filter or a sort changes, never on a move.
	const networks = useMemo(
		() => networksView(topology, ui.filters.networks, ui.sort.networks),
		[topology, ui.filters.networks, ui.sort.networks],
	);
	const containers = useMemo(
		() => containersView(topology, ui.filters.containers, ui.sort.containers, ui.groupByProject, ui.folded),
		[topology, ui.filters.containers, ui.sort.containers, ui.groupByProject, ui.folded],
	);
	const selNetwork = resolveSelection(networks, ui.selection.networks);
	const selContainer = resolveSelection(containers, ui.selection.containers);
	const ownerId = ui.scope === 'network' ? (selNetwork?.item.network.id ?? null) : (selContainer?.item.container.id ?? null);
	const endpoints = useMemo(
		() => endpointsView(topology, ui.scope, ownerId, ui.filters.endpoints, ui.sort.endpoints),
		[topology, ui.scope, ownerId, ui.filters.endpoints, ui.sort.endpoints],
	);
	const selEndpoint = resolveSelection(endpoints, ui.selection.endpoints);

	// Keep the stored ids on what is shown, so a vanished row hands over to its neighbour for good.
	// Dispatched while rendering (React re-runs this component at once, before committing),
	// not from an effect: an effect would commit — and Ink draw — a second, identical frame
	// after every move that changes the endpoints list (its selection starts as "the top row").
	for (const [pane, resolved] of [
		['networks', selNetwork],
		['containers', selContainer],
		['endpoints', selEndpoint],
	] as const) {
		const stored = ui.selection[pane];
		if (resolved && (resolved.key !== stored.id || resolved.position !== stored.index))
			dispatch({type: 'sync-selection', pane, expect: stored, id: resolved.key, index: resolved.position});
	}

	const selection: ExplorerSelection = useMemo(
		() => ({
			focus: ui.focus,
			scope: ui.scope,
			lastList: ui.lastList,
			network: selNetwork?.item.network ?? null,
			container: selContainer?.item.container ?? null,
			endpoint: selEndpoint?.item ?? null,
		}),
		[ui.focus, ui.scope, ui.lastList, selNetwork?.item, selContainer?.item, selEndpoint?.item],
	);

	const subject: DetailSubject = useMemo(() => {
		if (ui.lastList === 'endpoints' && selEndpoint) {
			const item = selEndpoint.item;
			return item.kind === 'live' ? {kind: 'endpoint', endpoint: item.endpoint} : {kind: 'configured', attachment: item.attachment};
		}
		if (ui.lastList === 'containers' || (ui.lastList === 'endpoints' && ui.scope === 'container'))
			return selContainer ? {kind: 'container', container: selContainer.item.container} : null;
		return selNetwork ? {kind: 'network', network: selNetwork.item.network} : null;
	}, [ui.lastList, ui.scope, selEndpoint?.item, selContainer?.item, selNetwork?.item]);
	const details = useMemo(() => detailLines(topology, subject), [topology, subject]);

	// A long notice wraps over up to NOTICE_MAX_ROWS rows at the bottom, taken from the panes.
	const layout = layoutFor(
		size,
		ui.panel !== null,
		ui.notice && ui.overlay?.kind !== 'help' && ui.overlay?.kind !== 'filter' ? noticeLines(ui.notice, size.columns).length : 1,
	);
	const detailsInner = layout.rightWidth - 2;
	const detailLineCount = useMemo(() => layoutDetails(details, detailsInner).length, [details, detailsInner]);
	const detailsMax = Math.max(0, detailLineCount - (layout.detailsHeight - 2));

	// Notices fade after a few seconds.
	useEffect(() => {
		if (!ui.notice) return;
		const id = ui.notice.id;
		const timer = setTimeout(() => dispatch({type: 'clear-notice', id}), 4000);
		return () => clearTimeout(timer);
	}, [ui.notice]);

	const notify = useCallback((text: string, tone?: NoticeTone) => dispatch({type: 'notice', text, tone}), []);
	const writeRaw = props.writeRaw ?? ((text: string) => stdout.write(text));
	const copy = (choice: CopyChoice) => {
		writeRaw(osc52(choice.value, props.env));
		notify(`copied ${choice.label} "${sanitize(choice.value)}" to the clipboard (OSC 52)`, 'success');
	};
	// Quitting stops every probe inside the containers and removes helpers first, for at
	// most QUIT_CLEANUP_MS: an engine that does not answer must not keep the user waiting
	// (when it is known not to answer, the clean-up only gets a moment).
	const quit = () => void shutdownProbes(engine, feed.answering ? QUIT_CLEANUP_MS : 300).finally(props.onQuit ?? (() => app.exit()));

	const pageSize = Math.max(
		1,
		(ui.focus === 'networks'
			? layout.networksHeight
			: ui.focus === 'containers'
				? layout.containersHeight
				: ui.focus === 'endpoints'
					? layout.endpointsHeight
					: layout.detailsHeight) - 4,
	);
	const ctxRef = useRef<CommandContext | null>(null);
	ctxRef.current = {
		ui,
		dispatch,
		selection,
		views: {networks, containers, endpoints},
		topology,
		feed: feedObject,
		engine,
		readOnly,
		pageSize,
		detailsMax,
		notify,
		copy,
		quit,
		env: props.env,
		endpoint,
		suspendTerminal: run => app.suspendTerminal(run),
		...(props.switcher && props.connection
			? {engineChoices: () => props.switcher!.choices(props.connection!), switchEngine: props.switchEngineTo}
			: {}),
	};

	const tooSmall = size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;
	// Keys nobody else owns (no overlay open): the keymap for the focused pane.
	const onKey = ({name}: KeyEvent) => {
		if (!name) return;
		const ctx = ctxRef.current!;
		// Ctrl-C in a dialog closes it (typed input is not lost by a reflex); the next one quits.
		if (name === 'ctrl+c' && !tooSmall && ctx.ui.overlay?.kind === 'dialog') {
			dispatch({type: 'close-overlay'});
			ctx.notify('dialog closed — Ctrl-C again quits docknet', 'info');
			return;
		}
		if (name === 'ctrl+c' || (tooSmall && name === 'q')) {
			ctx.quit();
			return;
		}
		if (tooSmall) return;
		// A dialog that reads keys itself (useKeys) owns the keyboard while open.
		if (ctx.ui.overlay) return;
		const binding = keymap.lookup(ctx.ui.focus, name);
		if (binding) COMMANDS[binding.command as CommandId]?.(ctx);
		else {
			const text = keyFeedback(name, ctx.ui.focus, readOnly, bindings);
			if (text) ctx.notify(text, 'warning');
		}
	};

	if (tooSmall)
		return (
			<KeyboardRouter fallback={onKey}>
				<TooSmall columns={size.columns} rows={size.rows} />
			</KeyboardRouter>
		);

	const focus = ui.focus;
	const filterInfo = (pane: ListPaneId, count: number, total: number, position: number | undefined) => {
		const parts: string[] = [];
		if (ui.filters[pane]) parts.push(`/${sanitize(ui.filters[pane])}`);
		if (ui.sort[pane] !== 'name') parts.push(`by ${ui.sort[pane]}`);
		parts.push(count === 0 ? `0/${total}` : `${(position ?? 0) + 1}/${count}${count !== total ? ` of ${total}` : ''}`);
		return parts.join(' · ');
	};
	const scopeName =
		ui.scope === 'network'
			? selNetwork
				? `on ${sanitize(selNetwork.item.network.name)}`
				: ''
			: selContainer
				? `of ${sanitize(selContainer.item.container.name)}`
				: '';

	const listPane = (pane: ListPaneId, width: number, height: number): ReactNode => {
		const inner = width - 2;
		if (pane === 'networks') {
			return (
				<ListPane
					title="Networks"
					info={filterInfo('networks', networks.keys.length, networks.total, selNetwork?.position)}
					width={width}
					height={height}
					focused={focus === 'networks'}
					view={networks}
					selectedKey={selNetwork?.key ?? null}
					render={networkRender}
					header={networkHeader(inner - 2)}
					empty={emptyText('networks', ui, feed, selection)}
				/>
			);
		}
		if (pane === 'containers') {
			return (
				<ListPane
					title={ui.groupByProject ? 'Containers by project' : 'Containers'}
					info={filterInfo('containers', containers.keys.length, containers.total, selContainer?.position)}
					width={width}
					height={height}
					focused={focus === 'containers'}
					view={containers}
					selectedKey={selContainer?.key ?? null}
					render={ui.groupByProject ? containerRowGrouped : containerRender}
					header={containerHeader(inner - 2)}
					empty={emptyText('containers', ui, feed, selection)}
				/>
			);
		}
		return (
			<ListPane
				title={scopeName ? `Endpoints ${scopeName}` : 'Endpoints'}
				info={filterInfo('endpoints', endpoints.keys.length, endpoints.total, selEndpoint?.position)}
				width={width}
				height={height}
				focused={focus === 'endpoints'}
				view={endpoints}
				selectedKey={selEndpoint?.key ?? null}
				render={ui.scope === 'network' ? endpointRenderNetwork : endpointRenderContainer}
				header={endpointHeader(inner - 2, ui.scope)}
				empty={emptyText('endpoints', ui, feed, selection)}
			/>
		);
	};

	const overlay = ui.overlay;
	let body: ReactNode;
	if (isMapOverlay(overlay)) {
		// The map replaces the panes (and the panel) while open.
		body = renderMapScreen({
			ctx: ctxRef.current,
			data: overlay.data,
			width: size.columns,
			height: layout.bodyHeight + layout.panelHeight,
			keymap,
			writeRaw,
			unicode: theme.unicode,
		});
	} else if (overlay?.kind === 'help') {
		body = (
			<HelpScreen
				keymap={keymap}
				readOnly={readOnly}
				hidden={hiddenKeys}
				width={size.columns}
				height={layout.bodyHeight + layout.panelHeight}
				dispatch={dispatch}
			/>
		);
	} else {
		body = (
			<Box flexDirection="column">
				<Box flexDirection="row" height={layout.bodyHeight}>
					<Box flexDirection="column" width={layout.leftWidth}>
						{listPane('networks', layout.leftWidth, layout.networksHeight)}
						{listPane('containers', layout.leftWidth, layout.containersHeight)}
					</Box>
					<Box flexDirection="column" width={layout.rightWidth}>
						{listPane('endpoints', layout.rightWidth, layout.endpointsHeight)}
						<DetailsPane
							lines={details}
							scroll={ui.detailsScroll}
							width={layout.rightWidth}
							height={layout.detailsHeight}
							focused={focus === 'details'}
							empty={feed.topology ? 'nothing selected' : 'waiting for the engine…'}
						/>
					</Box>
				</Box>
				{ui.panel ? renderPanel(ui.panel, layout, focus === 'panel', selection, dispatch, topology) : null}
			</Box>
		);
	}

	let bottom: ReactNode = <HintBar keymap={keymap} context={focus} width={size.columns} notice={ui.notice} />;
	if (overlay?.kind === 'filter')
		bottom = (
			<FilterBar
				keymap={keymap}
				pane={overlay.pane}
				value={ui.filters[overlay.pane]}
				previous={overlay.previous}
				width={size.columns}
				dispatch={dispatch}
			/>
		);
	if (overlay?.kind === 'help') bottom = <HintBar keymap={keymap} context="help" width={size.columns} notice={null} />;
	if (isMapOverlay(overlay)) bottom = <HintBar keymap={keymap} context="map" width={size.columns} notice={ui.notice} />;

	return (
		<KeyboardRouter fallback={onKey}>
			<SelectionContext.Provider value={selection}>
				<Box flexDirection="column" width={size.columns} height={size.rows}>
					<StatusBar feed={feed} endpoint={engineNames[0]!} labels={engineNames} width={size.columns} readOnly={readOnly} />
					{body}
					{bottom}
					{overlay?.kind === 'copy' ? (
						<CopyPicker keymap={keymap} choices={overlay.choices} screen={size} onCopy={copy} dispatch={dispatch} />
					) : null}
					{overlay?.kind === 'dialog'
						? renderDialog(overlay.id, {
								data: overlay.data,
								ctx: ctxRef.current,
								keymap,
								screen: size,
								close: () => dispatch({type: 'close-overlay'}),
							})
						: null}
				</Box>
			</SelectionContext.Provider>
		</KeyboardRouter>
	);
}

function renderPanel(
	panel: Panel,
	layout: Layout,
	focused: boolean,
	selection: ExplorerSelection,
	dispatch: Dispatch<ExplorerAction>,
	topology: Topology,
): ReactNode {
	const render = PANELS[panel.kind];
	if (render) return render({panel, width: layout.columns, height: layout.panelHeight, focused, selection, dispatch, topology});
	return (
		<Frame title={sanitize(panel.title)} width={layout.columns} height={layout.panelHeight} focused={focused}>
			<Muted>{`(no renderer for panel "${sanitize(panel.kind)}")`}</Muted>
		</Frame>
	);
}

/**
 * Dialog renderers by dialog id (connect, disconnect, create… plug in here). Open one
 * with dispatch({type: 'open-overlay', overlay: {kind: 'dialog', id, data}}); while it
 * is open the panes ignore keys, and the dialog reads them with useKeys.
 */
export const DIALOGS: Record<string, (props: DialogProps) => ReactNode> = {
	...OPERATION_DIALOGS,
	...PROBE_DIALOGS,
	...SEARCH_DIALOGS,
	[ENGINE_DIALOG_ID]: props => <EngineDialog {...props} />,
};

function renderDialog(id: string, props: DialogProps): ReactNode {
	const render = DIALOGS[id];
	return render ? render(props) : null;
}

function Muted({children}: {children: string}) {
	const theme = useTheme();
	return (
		<Text color={theme.c('muted')} wrap="wrap">
			{children}
		</Text>
	);
}

type Shown = {
	engine: EnginePort;
	endpoint: string;
	connection: Connection | undefined;
	feed: TopologyFeed | null | undefined;
	generation: number;
};

export function App(props: AppProps) {
	const theme: Theme = useMemo(() => themeFromEnv(props.env, props.prefs?.theme), [props.env, props.prefs?.theme]);
	// The engine on screen. A switch builds a new adapter (through the switcher) and
	// remounts the explorer on it: the old feed stops with the old explorer, the new one
	// starts with the new, and every command only ever sees the engine that is shown.
	const [shown, setShown] = useState<Shown>({
		engine: props.engine,
		endpoint: props.endpoint,
		connection: props.connection,
		feed: props.feed,
		generation: 0,
	});
	const switchEngineTo = (choice: EngineChoice): string | null => {
		if (!props.switcher) return 'no engine switcher';
		let opened;
		try {
			opened = props.switcher.open(choice);
		} catch (error) {
			return error instanceof Error ? error.message : String(error);
		}
		const old = shown.engine;
		setShown(s => ({
			engine: opened.engine,
			endpoint: opened.connection.endpoint,
			connection: opened.connection,
			feed: null,
			generation: s.generation + 1,
		}));
		props.onEngineChange?.(opened.engine);
		// Probes still running on the old engine are stopped there, then its connections end.
		void shutdownProbes(old)
			.catch(() => {})
			.finally(() => props.switcher?.close(old));
		return null;
	};
	return (
		<ThemeContext.Provider value={theme}>
			<Explorer
				key={shown.generation}
				{...props}
				engine={shown.engine}
				endpoint={shown.endpoint}
				connection={shown.connection}
				feed={shown.feed}
				switchEngineTo={switchEngineTo}
			/>
		</ThemeContext.Provider>
	);
}
