// The explorer's topology map wiring: the `m` command, the full-screen map (in place
// of the panes, app.tsx renders it while the 'map' overlay is open), matrix results as
// edge colours (from the probe hub's matrix session), and the write key (a text file
// in the temp directory, copied with OSC 52 when small).
import {writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createElement, useMemo, useState, useSyncExternalStore, type ReactNode} from 'react';
import type {CommandContext} from '../command-context.js';
import type {MatrixPlan} from '../commands/matrix.js';
import type {MatrixState} from '../commands/probe-session.js';
import type {Focus, Graph} from '../domain/graph.js';
import {renderMapText, type EdgeMark} from '../format/graph-text.js';
import {osc52} from '../format/osc52.js';
import {sanitize} from '../format/sanitize.js';
import type {Keymap} from '../keys/keymap.js';
import type {Overlay} from '../state/explorer.js';
import {MapView, type MapMatrix} from '../components/map-view.js';
import {existingHub, hubFor, type ProbeHub} from './use-probe.js';

export const MAP_OVERLAY = 'map';
/** Bigger exports are written to the file only: terminals cap OSC 52 payloads (often near 100 KB of base64, some far lower). */
export const OSC52_MAX_BYTES = 16 * 1024;

export const isMapOverlay = (overlay: Overlay | null): overlay is {kind: 'dialog'; id: string; data?: unknown} =>
	overlay?.kind === 'dialog' && overlay.id === MAP_OVERLAY;

/** The node the panes have selected: the list used last decides. */
export function selectedNode(ctx: CommandContext): Focus | null {
	const {selection} = ctx;
	const network = selection.network ? {kind: 'network' as const, id: selection.network.id} : null;
	const container = selection.container ? {kind: 'container' as const, id: selection.container.id} : null;
	if (selection.lastList === 'containers') return container ?? network;
	if (selection.lastList === 'endpoints' && selection.endpoint) {
		const item = selection.endpoint;
		if (selection.scope === 'network' && item.container) return {kind: 'container', id: item.container.id};
		if (item.network) return {kind: 'network', id: item.network.id};
	}
	return network ?? container;
}

const noop = () => {};
const subscribeNone = () => noop;
const getNone = (): MatrixState | null => null;

/** Edge marks from a matrix run: a member is ok when every pair it is in answered, bad when one failed. */
export function matrixMarks(plan: MatrixPlan): ReadonlyMap<string, EdgeMark> {
	const marks = new Map<string, EdgeMark>();
	for (const member of plan.members) {
		const cells = plan.cells.filter(c => c.from === member.name || c.to === member.name);
		const mark: EdgeMark = cells.some(c => c.state === 'fail' || c.state === 'error')
			? 'bad'
			: cells.some(c => c.state === 'pending' || c.state === 'running')
				? 'pending'
				: 'ok';
		marks.set(`${plan.network.id}|${member.id}`, mark);
	}
	return marks;
}

function matrixView(state: MatrixState | null): MapMatrix | null {
	const plan = state?.plan;
	if (!plan) return null;
	const done = plan.cells.filter(c => c.state === 'ok' || c.state === 'fail' || c.state === 'error').length;
	const ok = plan.cells.filter(c => c.state === 'ok').length;
	const name = sanitize(plan.network.name);
	const note = state.running
		? `matrix ${name}: ${done}/${plan.cells.length} probed`
		: `matrix ${name}: ${ok}/${plan.cells.length} pairs reachable`;
	return {networkId: plan.network.id, marks: matrixMarks(plan), note};
}

/** Writes the view to a file and, when small, copies it (OSC 52). Returns the notice. */
export function writeView(
	text: string,
	env: NodeJS.ProcessEnv,
	writeRaw: (raw: string) => void,
	dir = tmpdir(),
): {path: string; copied: boolean} {
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const path = join(dir, `docknet-map-${stamp}.txt`);
	writeFileSync(path, text, {mode: 0o600});
	const copied = Buffer.byteLength(text) <= OSC52_MAX_BYTES;
	if (copied) writeRaw(osc52(text, env));
	return {path, copied};
}

type MapScreenProps = {
	ctx: CommandContext;
	data: unknown;
	width: number;
	height: number;
	keymap: Keymap;
	writeRaw: (raw: string) => void;
	unicode: boolean;
};

function MapScreen({ctx, data, width, height, keymap, writeRaw, unicode}: MapScreenProps): ReactNode {
	const [hub, setHub] = useState<ProbeHub | null>(() => existingHub(ctx.engine) ?? null);
	const state = useSyncExternalStore(
		hub ? hub.matrix.subscribe : subscribeNone,
		hub ? hub.matrix.getState : getNone,
		hub ? hub.matrix.getState : getNone,
	);
	const matrix = useMemo(() => matrixView(state), [state, state?.version]);
	const initial = (data as {initial?: Focus | null} | undefined)?.initial ?? null;
	return createElement(MapView, {
		topology: ctx.topology,
		width,
		height,
		initial,
		keymap,
		matrix,
		onClose: () => ctx.dispatch({type: 'close-overlay'}),
		onQuit: () => ctx.quit(),
		onOpen: (node: Focus) => {
			ctx.dispatch({type: 'close-overlay'});
			const pane = node.kind === 'network' ? 'networks' : 'containers';
			ctx.dispatch({type: 'pivot', pane, id: node.id, index: ctx.views[pane].positionOf.get(node.id) ?? 0});
		},
		onMatrix: (networkId: string) => {
			const probeHub = hubFor(ctx);
			setHub(probeHub);
			probeHub.matrix.start(ctx.topology, networkId);
			const error = probeHub.matrix.getState().error;
			if (error) ctx.notify(sanitize(error), 'warning');
		},
		onWrite: (graph: Graph, title: string, extra: string[]) => {
			const text = `docknet map — ${title}\n\n${renderMapText(graph, {width: 120, unicode})}${extra
				.filter(Boolean)
				.map(line => `\n${line}`)
				.join('')}\n`;
			try {
				const {path, copied} = writeView(text, ctx.env, writeRaw);
				ctx.notify(
					`map written to ${sanitize(path)}${copied ? ' and copied to the clipboard (OSC 52)' : ` (${Math.ceil(Buffer.byteLength(text) / 1024)} KB: too big to copy)`}`,
					'success',
				);
			} catch (error) {
				ctx.notify(`could not write the map: ${sanitize(error instanceof Error ? error.message : String(error))}`, 'error');
			}
		},
	});
}

export const renderMapScreen = (props: MapScreenProps): ReactNode => createElement(MapScreen, props);

const inMap = () => {};

/** Handlers for keys/keymap.ts map.* commands (spread into app.tsx's COMMANDS); the map handles its own keys while open. */
export const MAP_COMMANDS = {
	'map.open': (ctx: CommandContext) => {
		if (!ctx.topology.networks.length && !ctx.topology.containers.length) return ctx.notify('nothing to map yet', 'info');
		ctx.dispatch({type: 'open-overlay', overlay: {kind: 'dialog', id: MAP_OVERLAY, data: {initial: selectedNode(ctx)}}});
	},
	'map.down': inMap,
	'map.up': inMap,
	'map.left': inMap,
	'map.right': inMap,
	'map.pageDown': inMap,
	'map.pageUp': inMap,
	'map.top': inMap,
	'map.bottom': inMap,
	'map.pick': inMap,
	'map.pair': inMap,
	'map.zoom': inMap,
	'map.matrix': inMap,
	'map.write': inMap,
	'map.close': (ctx: CommandContext) => ctx.dispatch({type: 'close-overlay'}),
} satisfies Record<string, (ctx: CommandContext) => unknown>;
