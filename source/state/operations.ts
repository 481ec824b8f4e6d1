// TUI state for the network operations: which dialog a key opens for the current
// selection, the pickers (filter as you type, keep the highlighted item by id while the
// list changes live), text-field editing, and the session log of operations done.
// Pure functions plus one tiny observable store (the log); no engine, no React.
import {configuredOfContainer, configuredOnNetwork, endpointsOfContainer, endpointsOfNetwork, indexOf} from '../domain/selectors.js';
import type {Container, Network, Topology} from '../domain/types.js';
import {isHelperContainer} from '../domain/helpers.js';
import type {ExplorerSelection} from './selection.js';
import {subjectOf} from './selection.js';

// ---------------------------------------------------------------- dialogs

export type OperationDialog =
	| {op: 'connect'; from: 'network'; networkId: string}
	| {op: 'connect'; from: 'container'; containerId: string}
	/** The names as they were when the dialog opened: either side may vanish meanwhile. */
	| {op: 'disconnect'; networkId: string; containerId: string; containerName?: string; networkName?: string}
	| {op: 'create'}
	| {op: 'remove'; networkId: string}
	| {op: 'prune'}
	| {op: 'log'};

export type OperationCommand = 'connect' | 'disconnect' | 'create' | 'remove' | 'prune' | 'log';

/** The dialog a key opens for this selection, or a message saying why none. */
export function dialogFor(command: OperationCommand, selection: ExplorerSelection): {dialog: OperationDialog} | {message: string} {
	switch (command) {
		case 'connect': {
			if (selection.focus === 'containers' || (selection.focus === 'endpoints' && selection.scope === 'container')) {
				return selection.container
					? {dialog: {op: 'connect', from: 'container', containerId: selection.container.id}}
					: {message: 'select a container to connect'};
			}
			return selection.network
				? {dialog: {op: 'connect', from: 'network', networkId: selection.network.id}}
				: {message: 'select a network to connect a container to'};
		}
		case 'disconnect': {
			const item = selection.endpoint;
			if (!item || !item.container) return {message: 'select an endpoint (a container on a network) to disconnect'};
			const networkId = item.network?.id ?? (item.kind === 'live' ? item.endpoint.networkId : item.attachment.networkId);
			if (!networkId) return {message: 'that attachment names a network that no longer exists'};
			const networkName = item.network?.name ?? (item.kind === 'live' ? item.endpoint.networkName : item.attachment.networkName);
			return {dialog: {op: 'disconnect', networkId, containerId: item.container.id, containerName: item.container.name, networkName}};
		}
		case 'remove': {
			const network = selection.focus === 'networks' ? selection.network : subjectOf(selection).network;
			return network ? {dialog: {op: 'remove', networkId: network.id}} : {message: 'select a network to remove'};
		}
		case 'create':
			return {dialog: {op: 'create'}};
		case 'prune':
			return {dialog: {op: 'prune'}};
		case 'log':
			return {dialog: {op: 'log'}};
	}
}

// ---------------------------------------------------------------- pickers

export type PickerItem = {id: string; name: string; detail: string; /** Why it would be refused, shown dimmed. */ caution: string | null};

const matchesQuery = (query: string, fields: Array<string | null | undefined>): boolean => {
	const needle = query.trim().toLowerCase();
	return !needle || fields.some(f => f?.toLowerCase().includes(needle));
};

/** Containers that could be connected to `network`: every one not on it yet. */
export function containerCandidates(t: Topology, network: Network, query: string): PickerItem[] {
	const onIt = new Set([...endpointsOfNetwork(t, network.id), ...configuredOnNetwork(t, network.id)].map(a => a.containerId));
	const index = indexOf(t);
	const out: PickerItem[] = [];
	for (const c of t.containers) {
		if (onIt.has(c.id) || isHelperContainer(c)) continue;
		const nets = endpointsOfContainer(t, c.id).map(e => index.networkById.get(e.networkId)?.name ?? e.networkName);
		if (!matchesQuery(query, [c.name, c.id.slice(0, 12), c.image, ...nets])) continue;
		out.push({
			id: c.id,
			name: c.name,
			detail: `${c.state} · ${nets.length ? nets.join(',') : c.networkModeRaw}`,
			caution: containerCaution(c),
		});
	}
	return out;
}

function containerCaution(c: Container): string | null {
	if (c.networkMode.kind === 'host') return '--network host';
	if (c.networkMode.kind === 'none') return '--network none';
	if (c.networkMode.kind === 'container') return 'shares another network stack';
	return null;
}

/** Networks `container` could be connected to: every one it is not on yet. */
export function networkCandidates(t: Topology, container: Container, query: string): PickerItem[] {
	const onIt = new Set([
		...endpointsOfContainer(t, container.id).map(e => e.networkId),
		...configuredOfContainer(t, container.id).map(a => a.networkId ?? a.networkName),
	]);
	const out: PickerItem[] = [];
	for (const n of t.networks) {
		if (onIt.has(n.id) || onIt.has(n.name)) continue;
		const subnets = n.ipam.map(c => c.subnet).filter((s): s is string => Boolean(s));
		if (!matchesQuery(query, [n.name, n.id.slice(0, 12), n.driver, ...subnets])) continue;
		const flags = [n.driver, ...subnets, n.internal ? 'internal' : ''].filter(Boolean).join(' · ');
		out.push({
			id: n.id,
			name: n.name,
			detail: flags,
			caution: n.predefined === 'host' || n.predefined === 'none' ? 'cannot be joined by connecting' : null,
		});
	}
	return out;
}

export type PickerState = {query: string; highlightedId: string | null; lastIndex: number};
export const initialPicker = (): PickerState => ({query: '', highlightedId: null, lastIndex: 0});

/**
 * Which row is highlighted: the item with the remembered id if it is still listed
 * (wherever it moved), else the row at the last position (a neighbour).
 */
export function pickerPosition(items: readonly PickerItem[], state: PickerState): number {
	if (items.length === 0) return -1;
	if (state.highlightedId) {
		const at = items.findIndex(i => i.id === state.highlightedId);
		if (at >= 0) return at;
	}
	return Math.min(Math.max(0, state.lastIndex), items.length - 1);
}

export function movePicker(items: readonly PickerItem[], state: PickerState, delta: number): PickerState {
	if (items.length === 0) return state;
	const at = Math.min(items.length - 1, Math.max(0, pickerPosition(items, state) + delta));
	return {...state, highlightedId: items[at]!.id, lastIndex: at};
}

/** A new query keeps the highlighted item if it still matches. */
export const setPickerQuery = (state: PickerState, query: string): PickerState => ({...state, query});

/** The first row to draw so that `position` is visible in `height` rows. */
export function windowStart(position: number, count: number, height: number): number {
	if (count <= height || position < 0) return 0;
	return Math.min(Math.max(0, position - Math.floor(height / 2)), count - height);
}

// ---------------------------------------------------------------- text fields

export type TextKey = {
	name: string | null;
	input: string;
	key: {
		ctrl?: boolean;
		meta?: boolean;
		backspace?: boolean;
		delete?: boolean;
		tab?: boolean;
		return?: boolean;
		escape?: boolean;
		upArrow?: boolean;
		downArrow?: boolean;
		leftArrow?: boolean;
		rightArrow?: boolean;
	};
};

/**
 * Edits a one-line value with a key press: printable text appends, Backspace deletes a
 * character, Ctrl-U clears, Ctrl-W deletes a word. Returns null when the key is not an
 * editing key (the dialog handles it).
 */
export function editText(value: string, event: TextKey, maxLength = 200): string | null {
	const {name, input, key} = event;
	if (key.backspace || key.delete) return [...value].slice(0, -1).join('');
	if (name === 'ctrl+u') return '';
	if (name === 'ctrl+w') return value.replace(/\S+\s*$/, '');
	if (
		!input ||
		key.ctrl ||
		key.meta ||
		key.tab ||
		key.return ||
		key.escape ||
		key.upArrow ||
		key.downArrow ||
		key.leftArrow ||
		key.rightArrow
	)
		return null;
	const text = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
	if (!text) return null;
	return (value + text).slice(0, maxLength);
}

// ---------------------------------------------------------------- session log

export type LogEntry = {
	id: number;
	at: number;
	kind: string;
	summary: string;
	ok: boolean;
	/** docker CLI lines that ran (all of them, or those completed before a failure). */
	lines: string[];
	/** One line: the engine's message and what it means, when it failed. */
	error: string | null;
	/** Extra results ("removed: a, b", "IP 10.30.0.5"). */
	detail: string | null;
};

/** The short log of operations done this session. Keeps the newest `limit` entries. */
export class OperationLog {
	private entries: LogEntry[] = [];
	private readonly listeners = new Set<() => void>();
	private next = 1;

	constructor(private readonly limit = 50) {}

	add(entry: Omit<LogEntry, 'id' | 'at'> & {at?: number}): LogEntry {
		const full: LogEntry = {...entry, id: this.next++, at: entry.at ?? Date.now()};
		this.entries = [full, ...this.entries].slice(0, this.limit);
		for (const listener of this.listeners) listener();
		return full;
	}

	/** Newest first. The same array until something is added (for useSyncExternalStore). */
	snapshot = (): readonly LogEntry[] => this.entries;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	clear(): void {
		this.entries = [];
		for (const listener of this.listeners) listener();
	}
}

/** This process's log (one session = one process). */
export const sessionLog = new OperationLog();

/** "12:04:05" in local time. */
export const clock = (at: number): string => new Date(at).toTimeString().slice(0, 8);
