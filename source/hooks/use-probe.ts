// The explorer's probes: one hub per engine (a Prober with its concurrency limit and
// helpers, the live probe of the selected pair, the live matrix), React hooks over its
// stores, and shutdown for quitting (cancels everything inside the containers and
// removes helpers before the app exits). Each probe streams its exec output under an
// AbortController owned by ProbeSession/MatrixSession (commands/probe-session.ts).
import {useSyncExternalStore} from 'react';
import type {CommandContext} from '../command-context.js';
import {subjectOf} from '../state/selection.js';
import {findContainer} from '../domain/selectors.js';
import {planShell, runShell, dockerCliEnv} from '../commands/probe-shell.js';
import {fixesOf} from '../commands/fix.js';
import {shellLine} from '../format/shell-quote.js';
import {sanitize} from '../format/sanitize.js';
import type {EnginePort} from '../engine/port.js';
import {Prober} from '../commands/probe.js';
import {MatrixSession, ProbeSession, type MatrixState, type ProbeState} from '../commands/probe-session.js';

export type ProbeSettings = {readOnly: boolean; helperImage: string | null; hotkeys?: {connect?: string; start?: string}};

/** Scroll position of the bottom panel (view state shared by the key handlers and the panel). */
export class PanelScroll {
	private value = 0;
	/** Set by the panel on render: how far it can scroll. */
	max = 0;
	private readonly listeners = new Set<() => void>();
	get = (): number => Math.min(this.value, this.max);
	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};
	by(delta: number): void {
		const next = Math.max(0, Math.min(this.max, this.get() + delta));
		if (next === this.value) return;
		this.value = next;
		for (const listener of this.listeners) listener();
	}
	reset(): void {
		this.by(-Infinity);
	}
}

/** The matrix panel's cursor (a source row, a target column). */
export class MatrixCursor {
	private pos = {row: 0, col: 1};
	/** Set by the panel on render: the number of members. */
	size = 0;
	private readonly listeners = new Set<() => void>();
	get = (): {row: number; col: number} => this.pos;
	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};
	move(rows: number, cols: number): void {
		const clamp = (v: number) => Math.max(0, Math.min(Math.max(0, this.size - 1), v));
		const next = {row: clamp(this.pos.row + rows), col: clamp(this.pos.col + cols)};
		if (next.row === this.pos.row && next.col === this.pos.col) return;
		this.pos = next;
		for (const listener of this.listeners) listener();
	}
	reset(): void {
		this.pos = {row: 0, col: 1};
		for (const listener of this.listeners) listener();
	}
}

export type ProbeHub = {
	engine: EnginePort;
	prober: Prober;
	probe: ProbeSession;
	matrix: MatrixSession;
	settings: ProbeSettings;
	scroll: PanelScroll;
	cursor: MatrixCursor;
};

const hubs = new WeakMap<EnginePort, ProbeHub>();

/** The engine's hub, made on first use. */
export function probeHub(engine: EnginePort, settings: ProbeSettings): ProbeHub {
	let hub = hubs.get(engine);
	if (!hub) {
		const prober = new Prober(engine, {helperImage: settings.helperImage, readOnly: settings.readOnly});
		hub = {
			engine,
			prober,
			probe: new ProbeSession(prober, settings.hotkeys ? {hotkeys: settings.hotkeys} : {}),
			matrix: new MatrixSession(prober),
			settings,
			scroll: new PanelScroll(),
			cursor: new MatrixCursor(),
		};
		hubs.set(engine, hub);
	}
	return hub;
}

export const existingHub = (engine: EnginePort): ProbeHub | undefined => hubs.get(engine);

/** Quitting: stops every probe inside the containers and removes helpers. Bounded in time. */
export async function shutdownProbes(engine: EnginePort, timeoutMs = 5000): Promise<void> {
	const hub = hubs.get(engine);
	if (!hub) return;
	hubs.delete(engine);
	const work = Promise.allSettled([hub.probe.cancel(), hub.matrix.cancel()]).then(() => hub.prober.dispose());
	await Promise.race([work.catch(() => {}), new Promise(resolve => setTimeout(resolve, timeoutMs).unref())]);
}

export function useProbeState(hub: ProbeHub): ProbeState {
	return useSyncExternalStore(hub.probe.subscribe, hub.probe.getState, hub.probe.getState);
}

export function usePanelScroll(hub: ProbeHub): number {
	return useSyncExternalStore(hub.scroll.subscribe, hub.scroll.get, hub.scroll.get);
}

export function useMatrixCursor(hub: ProbeHub): {row: number; col: number} {
	return useSyncExternalStore(hub.cursor.subscribe, hub.cursor.get, hub.cursor.get);
}

export function useMatrixState(hub: ProbeHub): MatrixState {
	return useSyncExternalStore(hub.matrix.subscribe, hub.matrix.getState, hub.matrix.getState);
}

// ------------------------------------------------------------------ explorer commands
// Handlers for the probe keys (keys/keymap.ts: probe.*), spread into app.tsx's COMMANDS.

/** The key that applies a diagnosis' fix from the probe panel (named in the fix line). */
export const FIX_KEY = 'f';

export const hubFor = (ctx: CommandContext): ProbeHub =>
	probeHub(ctx.engine, {
		readOnly: ctx.readOnly,
		helperImage: ctx.env.DOCKNET_HELPER_IMAGE || null,
		hotkeys: ctx.readOnly ? {} : {connect: FIX_KEY, start: FIX_KEY},
	});

/** The container a probe key acts on: the probe's source in the panel, else the selection. */
function sourceFor(ctx: CommandContext): ReturnType<typeof findContainer> {
	if (ctx.ui.focus === 'panel') {
		const hub = existingHub(ctx.engine);
		const source = hub?.probe.getState().source;
		if (source) return findContainer(ctx.topology, source.id) ?? source;
	}
	return subjectOf(ctx.selection).container;
}

export const PROBE_COMMANDS = {
	'probe.open': (ctx: CommandContext) => {
		const source = sourceFor(ctx);
		if (!source) return ctx.notify('select a container first: probes run inside it', 'warning');
		if (source.state !== 'running')
			return ctx.notify(`${sanitize(source.name)} is not running: probes run inside it (docker start ${sanitize(source.name)})`, 'warning');
		ctx.dispatch({type: 'open-overlay', overlay: {kind: 'dialog', id: 'probe.target', data: {sourceId: source.id}}});
	},
	'probe.matrix': (ctx: CommandContext) => {
		const network = subjectOf(ctx.selection).network;
		if (!network) return ctx.notify('select a network first', 'warning');
		const hub = hubFor(ctx);
		hub.scroll.reset();
		hub.cursor.reset();
		hub.matrix.start(ctx.topology, network.id);
		ctx.dispatch({type: 'open-panel', panel: {kind: 'matrix', title: `Matrix ${network.name}`, data: {hub}}});
	},
	'probe.stop': (ctx: CommandContext) => {
		const hub = existingHub(ctx.engine);
		if (ctx.ui.panel?.kind === 'probe' && hub?.probe.running) {
			void hub.probe.cancel();
			return true;
		}
		if (ctx.ui.panel?.kind === 'matrix' && hub?.matrix.getState().running) {
			void hub.matrix.cancel();
			return true;
		}
		return false;
	},
	// The fix goes through the same confirmation as c: a dialog with the docker lines, Enter runs them (logged in L).
	'probe.fix': (ctx: CommandContext) => {
		const hub = existingHub(ctx.engine);
		const state = hub?.probe.getState();
		if (!hub || !state?.source || !state.diagnosis) return ctx.notify('no probe here: press p to probe from a container first', 'info');
		const fixes = fixesOf(state.diagnosis);
		if (!fixes.length)
			return ctx.notify(
				state.diagnosis.verdict === 'yes' ? 'nothing to fix: it is reachable' : 'no fix docknet knows for this: the reasons say why',
				'info',
			);
		if (ctx.readOnly)
			return ctx.notify(
				`read-only mode: docknet does not change the engine (the fix: ${sanitize(fixes.map(f => f.commands.map(c => shellLine(c)).join(' && ')).join(' && '))})`,
				'warning',
			);
		ctx.dispatch({
			type: 'open-overlay',
			overlay: {
				kind: 'dialog',
				id: 'probe.fix',
				data: {fixes, sourceId: state.source.id, sourceName: state.source.name, target: state.targetText, ports: state.ports},
			},
		});
	},
	// y in the panel: the fix lines, the probe's docker exec line, the verdict.
	'probe.copy': (ctx: CommandContext) => {
		const state = existingHub(ctx.engine)?.probe.getState();
		if (!state?.source || !state.diagnosis) return ctx.notify('nothing to copy: no probe here', 'warning');
		const choices: Array<{label: string; value: string}> = [];
		const fixes = fixesOf(state.diagnosis);
		if (fixes.length) choices.push({label: 'fix', value: fixes.map(f => f.commands.map(c => shellLine(c)).join(' && ')).join(' && ')});
		const where = state.ping.where ?? state.dns.result?.where ?? state.port.where;
		if (where) choices.push({label: 'docker exec', value: where.cli.map(c => shellLine(c)).join(' && ')});
		const verdict = state.diagnosis.verdict === 'yes' ? 'REACHABLE' : state.diagnosis.verdict === 'no' ? 'NOT REACHABLE' : 'UNKNOWN';
		choices.push({
			label: 'verdict',
			value: `${state.source.name} -> ${state.targetText}${state.ports.length === 1 && state.port.status !== 'idle' ? `:${state.ports[0]}` : ''}: ${verdict}`,
		});
		if (choices.length === 1) return ctx.copy(choices[0]!);
		ctx.dispatch({type: 'open-overlay', overlay: {kind: 'copy', choices}});
	},
	// In the matrix, j/k and ←→ move the cursor over the cells; in the probe panel j/k scroll.
	'probe.scrollDown': (ctx: CommandContext) =>
		ctx.ui.panel?.kind === 'matrix' ? existingHub(ctx.engine)?.cursor.move(1, 0) : existingHub(ctx.engine)?.scroll.by(1),
	'probe.scrollUp': (ctx: CommandContext) =>
		ctx.ui.panel?.kind === 'matrix' ? existingHub(ctx.engine)?.cursor.move(-1, 0) : existingHub(ctx.engine)?.scroll.by(-1),
	/** ← in the panel: the previous matrix column; false when it is not a matrix (the caller moves focus). */
	'probe.left': (ctx: CommandContext): boolean => {
		if (ctx.ui.panel?.kind !== 'matrix') return false;
		existingHub(ctx.engine)?.cursor.move(0, -1);
		return true;
	},
	'probe.right': (ctx: CommandContext): boolean => {
		if (ctx.ui.panel?.kind !== 'matrix') return false;
		existingHub(ctx.engine)?.cursor.move(0, 1);
		return true;
	},
	/** Enter on a matrix cell: the probe panel (live ping, DNS, why) for that pair. */
	'probe.drill': (ctx: CommandContext) => {
		const hub = existingHub(ctx.engine);
		const plan = hub?.matrix.getState().plan;
		if (ctx.ui.panel?.kind !== 'matrix' || !hub || !plan) return;
		const {row, col} = hub.cursor.get();
		const from = plan.members[row];
		const to = plan.members[col];
		if (!from || !to) return;
		if (from.id === to.id) return ctx.notify('the same container: pick another column (←→)', 'info');
		const source = findContainer(ctx.topology, from.id);
		if (!source || source.state !== 'running') return ctx.notify(`${sanitize(from.name)} is not running now`, 'warning');
		const cell = plan.cells.find(c => c.from === from.name && c.to === to.name);
		void hub.matrix.cancel();
		hub.scroll.reset();
		hub.probe.start(ctx.topology, source, cell?.target ?? to.name);
		ctx.dispatch({type: 'open-panel', panel: {kind: 'probe', title: 'Probe', data: {hub}}});
	},
	'probe.shell': (ctx: CommandContext) => {
		const container = sourceFor(ctx);
		if (!container) return ctx.notify('select a container first', 'warning');
		const hub = hubFor(ctx);
		void planShell(ctx.engine, hub.prober.tools, container, {
			helperImage: hub.settings.helperImage,
			readOnly: ctx.readOnly,
			dockerCli: ctx.env.DOCKNET_DOCKER_CLI || 'docker',
		})
			.then(async plan => {
				let code = 0;
				await ctx.suspendTerminal(async () => {
					process.stdout.write(`$ ${shellLine(plan.argv)}\r\n(${sanitize(plan.note)}; leave the shell to come back to docknet)\r\n`);
					code = await runShell(plan, dockerCliEnv(ctx.endpoint, ctx.env));
				});
				if (code === -1)
					ctx.notify(`could not run ${plan.argv[0]}: the docker CLI is needed for a shell (set DOCKNET_DOCKER_CLI to its path)`, 'error');
				else ctx.notify(`shell closed (exit ${code}): ${shellLine(plan.argv)}`, code === 0 ? 'success' : 'info');
			})
			.catch(error => ctx.notify(sanitize(error instanceof Error ? error.message : String(error)), 'error'));
	},
} satisfies Record<string, (ctx: CommandContext) => unknown>;
