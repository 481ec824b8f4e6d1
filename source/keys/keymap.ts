// Key bindings as DATA. The help screen (?), the hint bar and the clash test are all
// generated from BINDINGS; app.tsx maps each command id to a handler.
//
// Adding a key = one entry here + a handler for its command in app.tsx (COMMANDS).
// Set `dangerous: true` on anything that changes the engine: read-only mode drops them.
//
// Contexts: a pane ('networks', 'containers', 'endpoints', 'details', 'panel'),
// 'lists' (the three list panes), 'global' (every pane), or an overlay
// ('help', 'filter', 'copy', 'dialog'). Overlays own the keyboard while open, so a
// key may mean one thing in a pane and another in an overlay.
import type {Key} from 'ink';
import type {PaneId} from '../state/explorer.js';

export type OverlayContext = 'help' | 'filter' | 'copy' | 'dialog' | 'map';
export type KeyContext = PaneId | 'lists' | 'global' | OverlayContext;

export type Binding = {
	/** Canonical key names (see keyName): 'q', 'G', '?', 'ctrl+c', 'tab', 'shift+tab', 'up', 'enter', 'esc', 'pgdn'… */
	keys: readonly string[];
	contexts: readonly KeyContext[];
	/** Help text. */
	label: string;
	/** Short text for the hint bar; bindings without one are only in the help screen. */
	hint?: string;
	command: string;
	/** Changes the engine: dropped entirely in read-only mode. */
	dangerous?: boolean;
	/** Help screen section. */
	group: 'Move' | 'View' | 'Act' | 'App' | 'Overlay';
};

export const BINDINGS = [
	// App
	{keys: ['q', 'ctrl+c'], contexts: ['global'], label: 'Quit', hint: 'quit', command: 'quit', group: 'App'},
	{keys: ['?'], contexts: ['global'], label: 'Help: every key', hint: 'help', command: 'help', group: 'App'},
	{
		keys: ['e'],
		contexts: ['global'],
		label: 'Engines: switch to another docker context (the one shown is marked)',
		command: 'engine.switch',
		group: 'App',
	},
	// Move
	{keys: ['tab'], contexts: ['global'], label: 'Next pane', hint: 'pane', command: 'focus.next', group: 'Move'},
	{keys: ['shift+tab'], contexts: ['global'], label: 'Previous pane', command: 'focus.prev', group: 'Move'},
	{keys: ['left', 'h'], contexts: ['lists', 'details'], label: 'Pane to the left', command: 'focus.left', group: 'Move'},
	{keys: ['right', 'l'], contexts: ['lists', 'details'], label: 'Pane to the right', command: 'focus.right', group: 'Move'},
	// In the bottom panel: the matrix cursor's column (elsewhere the pane to the side, as above).
	{
		keys: ['left', 'h'],
		contexts: ['panel'],
		label: 'Matrix: previous column (else the pane to the left)',
		command: 'panel.left',
		group: 'Move',
	},
	{
		keys: ['right', 'l'],
		contexts: ['panel'],
		label: 'Matrix: next column (else the pane to the right)',
		command: 'panel.right',
		group: 'Move',
	},
	{
		keys: ['enter'],
		contexts: ['panel'],
		label: 'Matrix: probe the pair under the cursor (live ping, DNS, why)',
		command: 'probe.drill',
		group: 'Act',
	},
	{keys: ['1'], contexts: ['global'], label: 'Focus networks', command: 'focus.networks', group: 'Move'},
	{keys: ['2'], contexts: ['global'], label: 'Focus containers', command: 'focus.containers', group: 'Move'},
	{keys: ['3'], contexts: ['global'], label: 'Focus endpoints', command: 'focus.endpoints', group: 'Move'},
	{keys: ['4'], contexts: ['global'], label: 'Focus details', command: 'focus.details', group: 'Move'},
	{keys: ['down', 'j'], contexts: ['lists', 'details'], label: 'Down', hint: 'move', command: 'move.down', group: 'Move'},
	{keys: ['up', 'k'], contexts: ['lists', 'details'], label: 'Up', command: 'move.up', group: 'Move'},
	{keys: ['pgdn', 'ctrl+d'], contexts: ['lists', 'details'], label: 'Page down', command: 'move.pageDown', group: 'Move'},
	{keys: ['pgup', 'ctrl+u'], contexts: ['lists', 'details'], label: 'Page up', command: 'move.pageUp', group: 'Move'},
	{keys: ['home', 'g'], contexts: ['lists', 'details'], label: 'First row', command: 'move.top', group: 'Move'},
	{keys: ['end', 'G'], contexts: ['lists', 'details'], label: 'Last row', command: 'move.bottom', group: 'Move'},
	{keys: ['enter'], contexts: ['networks', 'containers'], label: 'Show its endpoints', hint: 'open', command: 'drill', group: 'Move'},
	{
		keys: ['enter'],
		contexts: ['endpoints'],
		label: 'Jump: endpoint -> its container or network',
		hint: 'jump',
		command: 'pivot',
		group: 'Move',
	},
	{
		keys: ['esc', 'backspace'],
		contexts: ['global'],
		label: 'Back: clear the filter, leave Endpoints/Details, else return to where the last jump came from',
		command: 'back',
		group: 'Move',
	},
	{
		keys: [':', 'ctrl+f'],
		contexts: ['global'],
		label: 'Find anything: name, IP, MAC, alias, subnet, id in every pane; Enter goes there',
		hint: 'find',
		command: 'search.open',
		group: 'Move',
	},
	// View
	{
		keys: ['/'],
		contexts: ['lists'],
		label: 'Filter this pane by name, IP, MAC, alias, subnet, id; Networks also by an address inside the subnet or a member',
		hint: 'filter',
		command: 'filter',
		group: 'View',
	},
	{keys: ['s'], contexts: ['lists'], label: 'Sort: cycle the order of this pane', hint: 'sort', command: 'sort', group: 'View'},
	{keys: ['C'], contexts: ['containers'], label: 'Group containers by compose project', hint: 'group', command: 'group', group: 'View'},
	{
		keys: ['z'],
		contexts: ['containers'],
		label: 'Fold / unfold the compose project of this row (grouped view)',
		hint: 'fold',
		command: 'group.fold',
		group: 'View',
	},
	{keys: ['Z'], contexts: ['containers'], label: 'Unfold every compose project', command: 'group.unfoldAll', group: 'View'},
	// Act
	{
		keys: ['y'],
		contexts: ['lists', 'details'],
		label: 'Copy name / IP / id to the clipboard (OSC 52)',
		hint: 'copy',
		command: 'copy',
		group: 'Act',
	},
	// Probes (hooks/use-probe.ts PROBE_COMMANDS): run inside the selected container via docker exec.
	{
		keys: ['p'],
		contexts: ['containers', 'endpoints', 'details', 'panel'],
		label: 'Probe from the selected container: pick a target (live ping, DNS, ports, why)',
		hint: 'probe',
		command: 'probe.open',
		group: 'Act',
	},
	{
		keys: ['M'],
		contexts: ['networks', 'endpoints', 'details', 'panel'],
		label: 'Reachability matrix of the selected network (every running pair)',
		hint: 'matrix',
		command: 'probe.matrix',
		group: 'Act',
	},
	{
		keys: ['E'],
		contexts: ['containers', 'endpoints', 'details', 'panel'],
		label: 'Shell in the selected container (or a helper in its network namespace)',
		hint: 'shell',
		command: 'probe.shell',
		group: 'Act',
	},
	// Not dropped in read-only mode: there it says the fix is refused and shows it (probe.fix checks).
	{
		keys: ['f'],
		contexts: ['panel'],
		label: "Review and apply the probe's fix (the docker lines, confirmed with Enter; refused in read-only mode)",
		hint: 'fix',
		command: 'probe.fix',
		group: 'Act',
	},
	{
		keys: ['y'],
		contexts: ['panel'],
		label: "Copy the probe's fix line, its docker exec line or the verdict (OSC 52)",
		hint: 'copy',
		command: 'probe.copy',
		group: 'Act',
	},
	{
		keys: ['down', 'j'],
		contexts: ['panel'],
		label: 'Scroll the probe panel down / matrix: next row',
		command: 'probe.scrollDown',
		group: 'Move',
	},
	{
		keys: ['up', 'k'],
		contexts: ['panel'],
		label: 'Scroll the probe panel up / matrix: previous row',
		command: 'probe.scrollUp',
		group: 'Move',
	},
	// Overlays
	{keys: ['esc', 'q', '?'], contexts: ['help'], label: 'Close help', hint: 'close', command: 'overlay.close', group: 'Overlay'},
	{keys: ['down', 'j'], contexts: ['help', 'copy'], label: 'Down', hint: 'move', command: 'overlay.down', group: 'Overlay'},
	{keys: ['up', 'k'], contexts: ['help', 'copy'], label: 'Up', command: 'overlay.up', group: 'Overlay'},
	{keys: ['pgdn', 'space'], contexts: ['help'], label: 'Help: page down', command: 'overlay.pageDown', group: 'Overlay'},
	{keys: ['pgup'], contexts: ['help'], label: 'Help: page up', command: 'overlay.pageUp', group: 'Overlay'},
	{keys: ['home', 'g'], contexts: ['help'], label: 'Help: top', command: 'overlay.top', group: 'Overlay'},
	{keys: ['end', 'G'], contexts: ['help'], label: 'Help: end', command: 'overlay.bottom', group: 'Overlay'},
	{keys: ['enter'], contexts: ['filter'], label: 'Keep the filter', hint: 'keep', command: 'filter.apply', group: 'Overlay'},
	{keys: ['esc'], contexts: ['filter'], label: 'Drop the filter', hint: 'drop', command: 'filter.cancel', group: 'Overlay'},
	{keys: ['enter'], contexts: ['copy'], label: 'Copy the chosen value', hint: 'copy', command: 'copy.choose', group: 'Overlay'},
	{keys: ['esc', 'q'], contexts: ['copy'], label: 'Close without copying', hint: 'cancel', command: 'overlay.close', group: 'Overlay'},
	// Network operations (components/dialogs): each opens a dialog that shows the docker command before Enter runs it.
	{
		keys: ['c'],
		contexts: ['lists'],
		label: 'Connect: a container to this network, or this container to a network',
		hint: 'connect',
		command: 'op.connect',
		dangerous: true,
		group: 'Act',
	},
	{
		keys: ['d'],
		contexts: ['endpoints'],
		label: 'Disconnect this endpoint (shows what it loses and how to restore it)',
		hint: 'disconnect',
		command: 'op.disconnect',
		dangerous: true,
		group: 'Act',
	},
	{
		keys: ['n'],
		contexts: ['lists'],
		label: 'New network (create form)',
		hint: 'new net',
		command: 'op.create',
		dangerous: true,
		group: 'Act',
	},
	{
		keys: ['D'],
		contexts: ['networks'],
		label: 'Remove this network (or disconnect all and remove)',
		hint: 'rm',
		command: 'op.remove',
		dangerous: true,
		group: 'Act',
	},
	{
		keys: ['P'],
		contexts: ['lists'],
		label: 'Prune unused networks (preview first)',
		hint: 'prune',
		command: 'op.prune',
		dangerous: true,
		group: 'Act',
	},
	{keys: ['L'], contexts: ['global'], label: 'Log of the operations done this session', command: 'op.log', group: 'View'},
	{
		keys: ['enter'],
		contexts: ['dialog'],
		label: 'Run the docker command shown / confirm',
		hint: 'confirm',
		command: 'dialog.confirm',
		group: 'Overlay',
	},
	{keys: ['esc'], contexts: ['dialog'], label: 'Cancel / back', hint: 'cancel', command: 'dialog.cancel', group: 'Overlay'},
	{keys: ['tab'], contexts: ['dialog'], label: 'Next field', hint: 'field', command: 'dialog.next', group: 'Overlay'},
	{keys: ['shift+tab'], contexts: ['dialog'], label: 'Previous field', command: 'dialog.prev', group: 'Overlay'},
	{keys: ['down'], contexts: ['dialog'], label: 'Next item / field', command: 'dialog.down', group: 'Overlay'},
	{keys: ['up'], contexts: ['dialog'], label: 'Previous item / field', command: 'dialog.up', group: 'Overlay'},
	{keys: ['space'], contexts: ['dialog'], label: 'Toggle a checkbox', command: 'dialog.toggle', group: 'Overlay'},
	{
		keys: ['f'],
		contexts: ['dialog'],
		label: 'Disconnect dialog: force (asks again)',
		command: 'dialog.force',
		dangerous: true,
		group: 'Overlay',
	},
	// The topology map (components/map-view.tsx, hooks/use-map.ts): a full-screen view that owns the keyboard while open.
	{
		keys: ['m'],
		contexts: ['lists', 'details'],
		label: 'Map: who can talk to whom (networks as columns, containers as rows)',
		hint: 'map',
		command: 'map.open',
		group: 'View',
	},
	{keys: ['down', 'j'], contexts: ['map'], label: 'Map: next container', hint: 'move', command: 'map.down', group: 'Overlay'},
	{
		keys: ['up', 'k'],
		contexts: ['map'],
		label: 'Map: previous container (above the first: the network row)',
		command: 'map.up',
		group: 'Overlay',
	},
	{keys: ['left', 'h'], contexts: ['map'], label: 'Map: network to the left', command: 'map.left', group: 'Overlay'},
	{keys: ['right', 'l'], contexts: ['map'], label: 'Map: network to the right', command: 'map.right', group: 'Overlay'},
	{keys: ['pgdn', 'ctrl+d'], contexts: ['map'], label: 'Map: page down', command: 'map.pageDown', group: 'Overlay'},
	{keys: ['pgup', 'ctrl+u'], contexts: ['map'], label: 'Map: page up', command: 'map.pageUp', group: 'Overlay'},
	{keys: ['home', 'g'], contexts: ['map'], label: 'Map: the network row', command: 'map.top', group: 'Overlay'},
	{keys: ['end', 'G'], contexts: ['map'], label: 'Map: last container', command: 'map.bottom', group: 'Overlay'},
	{
		keys: ['enter'],
		contexts: ['map'],
		label: 'Map: open the container (or network) in the panes',
		hint: 'open',
		command: 'map.pick',
		group: 'Overlay',
	},
	{
		keys: ['space'],
		contexts: ['map'],
		label: 'Map: mark this container; the path to the one under the cursor is shown (or why there is none)',
		hint: 'path from',
		command: 'map.pair',
		group: 'Overlay',
	},
	{
		keys: ['z'],
		contexts: ['map'],
		label: 'Map: only this node and what it touches / the whole engine',
		hint: 'zoom',
		command: 'map.zoom',
		group: 'Overlay',
	},
	{
		keys: ['M'],
		contexts: ['map'],
		label: "Map: reachability matrix of this column's network (colours its edges)",
		hint: 'matrix',
		command: 'map.matrix',
		group: 'Overlay',
	},
	{
		keys: ['w'],
		contexts: ['map'],
		label: 'Map: write the view to a file (copied with OSC 52 when small)',
		hint: 'write',
		command: 'map.write',
		group: 'Overlay',
	},
	{keys: ['esc', 'm'], contexts: ['map'], label: 'Close the map', hint: 'close', command: 'map.close', group: 'Overlay'},
	{keys: ['q'], contexts: ['map'], label: 'Quit', hint: 'quit', command: 'quit', group: 'App'},
] as const satisfies readonly Binding[];

export type CommandId = (typeof BINDINGS)[number]['command'];

const PANES: readonly PaneId[] = ['networks', 'containers', 'endpoints', 'details', 'panel'];

/** The concrete contexts a binding context covers ('global' = every pane, 'lists' = the three lists). */
export function coverage(context: KeyContext): KeyContext[] {
	if (context === 'global') return [...PANES];
	if (context === 'lists') return ['networks', 'containers', 'endpoints'];
	return [context];
}

/** Two bindings clash when they share a key in an overlapping context. Returns human-readable clashes. */
export function findClashes(bindings: readonly Binding[]): string[] {
	const seen = new Map<string, Binding>();
	const clashes: string[] = [];
	for (const binding of bindings) {
		const concrete = new Set(binding.contexts.flatMap(coverage));
		for (const key of binding.keys) {
			for (const context of concrete) {
				const slot = `${context} ${key}`;
				const other = seen.get(slot);
				if (other && other !== binding) clashes.push(`"${key}" in ${context}: ${other.command} vs ${binding.command}`);
				else seen.set(slot, binding);
			}
		}
	}
	return clashes;
}

/** The active bindings: all of them, minus the dangerous ones in read-only mode. */
export function activeBindings(readOnly: boolean, bindings: readonly Binding[] = BINDINGS): Binding[] {
	return bindings.filter(b => !(readOnly && b.dangerous));
}

/** Canonical name of a key press, matching the `keys` of a binding. */
export function keyName(input: string, key: Partial<Key>): string | null {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pgup';
	if (key.pageDown) return 'pgdn';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.tab) return key.shift ? 'shift+tab' : 'tab';
	if (key.return) return 'enter';
	if (key.escape) return 'esc';
	if (key.backspace) return 'backspace';
	if (key.delete) return 'delete';
	if (!input) return null;
	if (key.ctrl) return `ctrl+${input.toLowerCase()}`;
	if (key.meta) return `alt+${input}`;
	return input;
}

export type Keymap = {
	/** The binding for a key in a context (the most specific context wins; the clash test keeps it unambiguous). */
	lookup: (context: KeyContext, key: string) => Binding | undefined;
	/** Bindings that work in a context, in table order (for the hint bar). */
	inContext: (context: KeyContext) => Binding[];
	bindings: Binding[];
};

export function buildKeymap(readOnly: boolean, bindings: readonly Binding[] = BINDINGS): Keymap {
	const active = activeBindings(readOnly, bindings);
	const table = new Map<string, Binding>();
	for (const binding of active) {
		for (const context of binding.contexts.flatMap(coverage)) {
			for (const key of binding.keys) {
				const slot = `${context} ${key}`;
				if (!table.has(slot)) table.set(slot, binding);
			}
		}
	}
	const contextCache = new Map<KeyContext, Binding[]>();
	return {
		bindings: active,
		lookup: (context, key) => table.get(`${context} ${key}`),
		inContext: context => {
			let list = contextCache.get(context);
			if (!list) {
				list = active.filter(b => b.contexts.some(c => coverage(c).includes(context)));
				contextCache.set(context, list);
			}
			return list;
		},
	};
}

const KEY_LABELS: Record<string, string> = {
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
	enter: '⏎',
	esc: 'Esc',
	tab: 'Tab',
	'shift+tab': 'S-Tab',
	pgup: 'PgUp',
	pgdn: 'PgDn',
	home: 'Home',
	end: 'End',
	backspace: 'BkSp',
};
const ASCII_KEY_LABELS: Record<string, string> = {up: 'Up', down: 'Down', left: 'Left', right: 'Right', enter: 'Enter'};

/** How a key is shown to the user. */
export function keyLabel(key: string, unicode = true): string {
	if (!unicode && ASCII_KEY_LABELS[key]) return ASCII_KEY_LABELS[key]!;
	if (KEY_LABELS[key]) return KEY_LABELS[key]!;
	if (key.startsWith('ctrl+')) return `^${key.slice(5).toUpperCase()}`;
	if (key.startsWith('alt+')) return `M-${key.slice(4)}`;
	return key;
}

/** The keys of a binding as shown in help ("↓ j"). */
export const bindingKeys = (binding: Binding, unicode = true): string => binding.keys.map(k => keyLabel(k, unicode)).join(' ');
