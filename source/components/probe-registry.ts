// The probe feature's bottom panels and dialogs, registered in app.tsx's PANELS and
// DIALOGS. Kept apart from hooks/use-probe.ts (the hub, its stores and key handlers) so
// that the panels can use those hooks without an import cycle.
import {createElement, type ReactNode} from 'react';
import type {DialogProps} from '../command-context.js';
import {loadTopology} from '../commands/load-topology.js';
import type {Fix} from '../domain/diagnosis.js';
import {findContainer} from '../domain/selectors.js';
import type {Topology} from '../domain/types.js';
import {sanitize} from '../format/sanitize.js';
import {hubFor, type ProbeHub} from '../hooks/use-probe.js';
import type {CommandContext} from '../command-context.js';
import type {Panel} from '../state/explorer.js';
import {FixDialog} from './dialogs/fix-dialog.js';
import {MatrixPanel, ProbePanel, TargetPicker} from './probe-panel.js';

type PanelProps = {panel: Panel; width: number; height: number; focused: boolean; topology: Topology};
const hubOf = (panel: Panel): ProbeHub | null => (panel.data as {hub?: ProbeHub} | undefined)?.hub ?? null;

/** Bottom panels by kind, for app.tsx's PANELS. Closing one (unmount) cancels its probes. */
export const PROBE_PANELS: Record<string, (props: PanelProps) => ReactNode> = {
	probe: ({panel, width, height, focused, topology}) => {
		const hub = hubOf(panel);
		return hub ? createElement(ProbePanel, {hub, width, height, focused, topology}) : null;
	},
	matrix: ({panel, width, height, focused}) => {
		const hub = hubOf(panel);
		return hub ? createElement(MatrixPanel, {hub, width, height, focused}) : null;
	},
};

type FixData = {fixes: Fix[]; sourceId: string; sourceName: string; target: string; ports: number[]};

/** After a fix: probe the same pair again on the topology as it is now. An engine error is shown, never fatal. */
async function probeAgain(ctx: CommandContext, hub: ProbeHub, data: FixData): Promise<void> {
	try {
		const fresh = await loadTopology(ctx.engine);
		const source = findContainer(fresh, data.sourceId);
		if (!source) return ctx.notify(`${sanitize(data.sourceName)} is gone: nothing to probe again`, 'warning');
		hub.scroll.reset();
		hub.probe.start(fresh, source, data.target, data.ports.length === 1 ? {port: data.ports[0]!} : {});
	} catch (error) {
		ctx.notify(`the fix ran, but probing again failed: ${sanitize(error instanceof Error ? error.message : String(error))}`, 'error');
	}
}

/** The target picker and the fix dialog, for app.tsx's DIALOGS: picking starts the probe (cancelling the previous pair). */
export const PROBE_DIALOGS: Record<string, (props: DialogProps) => ReactNode> = {
	'probe.fix': ({data, ctx, keymap, screen, close}) => {
		const fix = data as FixData;
		const hub = hubFor(ctx);
		return createElement(FixDialog, {
			title: `Fix ${fix.sourceName} -> ${fix.target}`,
			fixes: fix.fixes,
			topology: ctx.topology,
			engine: ctx.engine,
			keymap,
			screen,
			close,
			copy: (value: string) => ctx.copy({label: 'fix', value}),
			onApplied: run => {
				ctx.notify(`${sanitize(run.done.join(' && '))}: done — probing again`, 'success');
				void probeAgain(ctx, hub, fix);
			},
		});
	},
	'probe.target': ({data, ctx, screen, close}) => {
		const source = findContainer(ctx.topology, (data as {sourceId: string}).sourceId);
		if (!source) return null;
		return createElement(TargetPicker, {
			topology: ctx.topology,
			source,
			screen,
			onCancel: close,
			onPick: (target: string, port: number | undefined) => {
				const hub = hubFor(ctx);
				hub.scroll.reset();
				hub.probe.start(ctx.topology, source, target, port === undefined ? {} : {port});
				close();
				ctx.dispatch({type: 'open-panel', panel: {kind: 'probe', title: 'Probe', data: {hub}}});
			},
		});
	},
};
