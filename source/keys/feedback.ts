// What a key that does nothing here should say: every key answers (issue 14). Looked up
// in the whole binding table, so it also knows the keys read-only mode switched off.
import type {PaneId} from '../state/explorer.js';
import {BINDINGS, coverage, keyLabel, type Binding} from './keymap.js';

const PANE_NAMES: Record<string, string> = {
	networks: 'Networks (1)',
	containers: 'Containers (2)',
	endpoints: 'Endpoints (3)',
	details: 'Details (4)',
	panel: 'the panel',
};

/** Keys whose "not here" deserves a hint of what to do instead. */
const INSTEAD: Record<string, Partial<Record<PaneId, string>>> = {
	p: {networks: 'p probes FROM a container: select one in Containers (2) or an endpoint in Endpoints (3), then p'},
	M: {containers: 'M is the matrix of a NETWORK: select one in Networks (1), or an endpoint in Endpoints (3), then M'},
	E: {networks: 'E opens a shell in a CONTAINER: select one in Containers (2) or Endpoints (3), then E'},
	d: {
		networks: 'd disconnects one endpoint: pick it in Endpoints (3); D removes the whole network',
		containers: 'd disconnects one endpoint: pick it in Endpoints (3)',
	},
	D: {
		containers: 'D removes a network: select it in Networks (1)',
		endpoints: 'D removes a network: select it in Networks (1); d disconnects this endpoint',
	},
};

const verb = (b: Binding): string => b.hint ?? b.label.split(/[:(]/)[0]!.trim().toLowerCase();

/** The one-line notice for a key with no binding in `pane`, or null for keys that need none. */
export function keyFeedback(key: string, pane: PaneId, readOnly: boolean, bindings: readonly Binding[] = BINDINGS): string | null {
	const here = bindings.filter(b => b.keys.includes(key) && b.contexts.some(c => coverage(c).includes(pane)));
	const refused = here.find(b => b.dangerous);
	if (readOnly && refused) return `read-only: ${verb(refused)} is disabled (docknet was started with --read-only)`;
	if (here.length) return null;
	const instead = INSTEAD[key]?.[pane];
	if (instead) return instead;
	const elsewhere = bindings.filter(b => b.keys.includes(key) && b.contexts.some(c => coverage(c).some(p => p in PANE_NAMES)));
	if (elsewhere.length) {
		const b = elsewhere[0]!;
		const panes = [...new Set(b.contexts.flatMap(coverage).filter(p => p in PANE_NAMES))].map(p => PANE_NAMES[p]);
		return `${keyLabel(key)} (${verb(b)}) works in ${panes.join(', ')}, not here`;
	}
	// Only keys a person types on purpose: plain characters and the common named keys.
	if ([...key].length === 1 || /^(ctrl\+.|backspace|delete|f\d+)$/.test(key))
		return `${keyLabel(key)}: no such key here — ? lists every key`;
	return null;
}
