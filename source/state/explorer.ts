// Explorer UI state: which pane has focus, what is selected (by id, so rows can move
// under it), filters, sort orders, grouping, the overlay slot (one modal thing that
// takes the keyboard: help, filter line, copy picker, later dialogs) and the bottom
// panel slot (e.g. the probe panel). Pure reducer with tagged-union actions.

export type ListPaneId = 'networks' | 'containers' | 'endpoints';
/** Every focusable pane. 'panel' is in the focus ring only while a bottom panel is open. */
export type PaneId = ListPaneId | 'details' | 'panel';

export const LIST_PANES: readonly ListPaneId[] = ['networks', 'containers', 'endpoints'];
export const isListPane = (pane: PaneId): pane is ListPaneId => pane === 'networks' || pane === 'containers' || pane === 'endpoints';

/** What the endpoints pane lists: the endpoints of the selected network, or of the selected container. */
export type Scope = 'network' | 'container';

export type NetworkSort = 'name' | 'subnet' | 'count';
export type ContainerSort = 'name' | 'state' | 'count';
export type EndpointSort = 'name' | 'ip';
export type SortState = {networks: NetworkSort; containers: ContainerSort; endpoints: EndpointSort};
export const SORT_CYCLE = {
	networks: ['name', 'subnet', 'count'] as NetworkSort[],
	containers: ['name', 'state', 'count'] as ContainerSort[],
	endpoints: ['name', 'ip'] as EndpointSort[],
} as const;

/**
 * Selection of one list pane. `id` is the row key; `index` is where it was last seen,
 * used to pick a neighbour when the item disappears.
 */
export type PaneSelection = {id: string | null; index: number};

/**
 * The overlay slot: at most one, and while it is open it owns the keyboard.
 * Add a variant here for a new dialog and a case in app.tsx's overlay renderer.
 */
export type Overlay =
	| {kind: 'help'}
	| {kind: 'filter'; pane: ListPaneId; previous: string}
	| {kind: 'copy'; choices: CopyChoice[]}
	// Extension point for dialogs owned by other modules: they store their own state in `data`.
	| {kind: 'dialog'; id: string; data?: unknown};

export type CopyChoice = {label: string; value: string};

/** The bottom panel slot (e.g. the probe panel). Not modal: it joins the focus ring. */
export type Panel = {kind: string; title: string; data?: unknown};

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';
export type Notice = {text: string; tone: NoticeTone; id: number};

/** Where the user was before a pivot (Enter on an endpoint, a search jump): Esc returns there. */
export type NavEntry = {focus: PaneId; scope: Scope; lastList: ListPaneId; selection: Record<ListPaneId, PaneSelection>};
const HISTORY_LIMIT = 50;

export type ExplorerState = {
	focus: PaneId;
	/** The list pane (networks or containers) the endpoints pane follows. */
	scope: Scope;
	/** The list pane focused last: the details pane describes its selection. */
	lastList: ListPaneId;
	selection: Record<ListPaneId, PaneSelection>;
	filters: Record<ListPaneId, string>;
	sort: SortState;
	groupByProject: boolean;
	/** Compose projects folded in the grouped view (only their first container shows). */
	folded: string[];
	detailsScroll: number;
	overlay: Overlay | null;
	panel: Panel | null;
	notice: Notice | null;
	/** Pivots walked, newest last (browser-like back with Esc / Backspace). */
	history: NavEntry[];
};

export const initialExplorerState = (): ExplorerState => ({
	focus: 'networks',
	scope: 'network',
	lastList: 'networks',
	selection: {networks: {id: null, index: 0}, containers: {id: null, index: 0}, endpoints: {id: null, index: 0}},
	filters: {networks: '', containers: '', endpoints: ''},
	sort: {networks: 'name', containers: 'name', endpoints: 'name'},
	groupByProject: false,
	folded: [],
	detailsScroll: 0,
	overlay: null,
	panel: null,
	notice: null,
	history: [],
});

export type ExplorerAction =
	| {type: 'focus'; pane: PaneId}
	| {type: 'select'; pane: ListPaneId; id: string | null; index: number}
	/** Adopt what is shown (a neighbour after the item vanished), unless the selection changed meanwhile. */
	| {type: 'sync-selection'; pane: ListPaneId; expect: PaneSelection; id: string; index: number}
	/** Select an item in another pane and focus it (Enter on an endpoint jumps to its container or network). */
	| {type: 'pivot'; pane: 'networks' | 'containers'; id: string; index: number}
	| {type: 'set-filter'; pane: ListPaneId; text: string}
	| {type: 'cycle-sort'; pane: ListPaneId}
	| {type: 'toggle-group'}
	/** Fold or unfold one compose project ('' = containers of no project); unfold-all opens every one. */
	| {type: 'toggle-fold'; project: string}
	| {type: 'unfold-all'}
	| {type: 'scroll-details'; by: number; max: number}
	| {type: 'open-overlay'; overlay: Overlay}
	| {type: 'close-overlay'}
	| {type: 'open-panel'; panel: Panel; focus?: boolean}
	| {type: 'close-panel'}
	| {type: 'notice'; text: string; tone?: NoticeTone}
	| {type: 'clear-notice'; id?: number}
	/** Return to where the last pivot started. */
	| {type: 'nav-back'};

let noticeCounter = 0;

function focusPatch(state: ExplorerState, pane: PaneId): Partial<ExplorerState> {
	if (pane === 'panel' && !state.panel) return {};
	const patch: Partial<ExplorerState> = {focus: pane};
	if (pane === 'networks') patch.scope = 'network';
	if (pane === 'containers') patch.scope = 'container';
	if (isListPane(pane)) patch.lastList = pane;
	if (pane !== state.focus) patch.detailsScroll = 0;
	return patch;
}

export function explorerReducer(state: ExplorerState, action: ExplorerAction): ExplorerState {
	switch (action.type) {
		case 'focus':
			return {...state, ...focusPatch(state, action.pane)};
		case 'select': {
			const current = state.selection[action.pane];
			if (current.id === action.id && current.index === action.index) return state;
			const selection = {...state.selection, [action.pane]: {id: action.id, index: action.index}};
			// A new network/container means a new endpoints list: start at its top.
			const changedScope =
				((action.pane === 'networks' && state.scope === 'network') || (action.pane === 'containers' && state.scope === 'container')) &&
				current.id !== action.id;
			if (changedScope) selection.endpoints = {id: null, index: 0};
			return {...state, selection, detailsScroll: current.id === action.id ? state.detailsScroll : 0};
		}
		case 'sync-selection': {
			const current = state.selection[action.pane];
			if (current.id !== action.expect.id || current.index !== action.expect.index) return state;
			if (current.id === action.id && current.index === action.index) return state;
			return {...state, selection: {...state.selection, [action.pane]: {id: action.id, index: action.index}}};
		}
		case 'pivot': {
			const selection = {...state.selection, [action.pane]: {id: action.id, index: action.index}, endpoints: {id: null, index: 0}};
			// A pivot target may be hidden by a filter: clear that pane's filter so it shows.
			const filters = {...state.filters, [action.pane]: ''};
			const from: NavEntry = {focus: state.focus, scope: state.scope, lastList: state.lastList, selection: state.selection};
			const history = [...state.history, from].slice(-HISTORY_LIMIT);
			return {...state, ...focusPatch(state, action.pane), selection, filters, history};
		}
		case 'nav-back': {
			const entry = state.history[state.history.length - 1];
			if (!entry) return state;
			const focus = entry.focus === 'panel' && !state.panel ? entry.lastList : entry.focus;
			return {
				...state,
				focus,
				scope: entry.scope,
				lastList: entry.lastList,
				selection: entry.selection,
				detailsScroll: 0,
				history: state.history.slice(0, -1),
			};
		}
		case 'set-filter':
			if (state.filters[action.pane] === action.text) return state;
			return {...state, filters: {...state.filters, [action.pane]: action.text}};
		case 'cycle-sort': {
			const cycle = SORT_CYCLE[action.pane] as readonly string[];
			const next = cycle[(cycle.indexOf(state.sort[action.pane]) + 1) % cycle.length];
			return {...state, sort: {...state.sort, [action.pane]: next} as SortState};
		}
		case 'toggle-group':
			return {...state, groupByProject: !state.groupByProject};
		case 'toggle-fold':
			return {
				...state,
				folded: state.folded.includes(action.project) ? state.folded.filter(p => p !== action.project) : [...state.folded, action.project],
			};
		case 'unfold-all':
			return state.folded.length ? {...state, folded: []} : state;
		case 'scroll-details': {
			const detailsScroll = Math.max(0, Math.min(action.max, state.detailsScroll + action.by));
			return detailsScroll === state.detailsScroll ? state : {...state, detailsScroll};
		}
		case 'open-overlay':
			return {...state, overlay: action.overlay};
		case 'close-overlay':
			return state.overlay ? {...state, overlay: null} : state;
		case 'open-panel':
			return {...state, panel: action.panel, focus: action.focus === false ? state.focus : 'panel'};
		case 'close-panel':
			return {
				...state,
				panel: null,
				focus: state.focus === 'panel' ? (state.scope === 'network' ? 'networks' : 'containers') : state.focus,
			};
		case 'notice':
			return {...state, notice: {text: action.text, tone: action.tone ?? 'info', id: ++noticeCounter}};
		case 'clear-notice':
			if (!state.notice || (action.id !== undefined && state.notice.id !== action.id)) return state;
			return {...state, notice: null};
	}
}

/** The focus ring in Tab order. */
export function focusRing(state: Pick<ExplorerState, 'panel'>): PaneId[] {
	return state.panel ? ['networks', 'containers', 'endpoints', 'details', 'panel'] : ['networks', 'containers', 'endpoints', 'details'];
}

export function nextFocus(state: ExplorerState, step: 1 | -1): PaneId {
	const ring = focusRing(state);
	const at = ring.indexOf(state.focus);
	return ring[(at + step + ring.length) % ring.length]!;
}

/**
 * Left/right move between the columns: networks and containers are the left column,
 * endpoints and details the right one.
 */
export function sideFocus(state: ExplorerState, direction: 'left' | 'right'): PaneId {
	if (direction === 'right') {
		if (state.focus === 'networks' || state.focus === 'containers') return 'endpoints';
		return state.focus;
	}
	if (state.focus === 'endpoints' || state.focus === 'details') return state.scope === 'network' ? 'networks' : 'containers';
	return state.focus;
}
