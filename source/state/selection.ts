// The current selection, resolved against the topology, as other modules read it
// (operations and probes act on "the selected network / container / endpoint").
import type {Container, Network} from '../domain/types.js';
import type {ListPaneId, PaneId, Scope} from './explorer.js';
import type {EndpointItem} from './views.js';

export type ExplorerSelection = {
	focus: PaneId;
	scope: Scope;
	lastList: ListPaneId;
	/** The selected row of the networks pane (null when empty). */
	network: Network | null;
	/** The selected row of the containers pane. */
	container: Container | null;
	/** The selected row of the endpoints pane: a live endpoint or a configured (stopped) attachment. */
	endpoint: EndpointItem | null;
};

/**
 * The network and container an action should use: from the endpoint when the endpoints
 * pane was used last, otherwise from the focused list and, for the other kind, the
 * endpoints pane's owner.
 */
export function subjectOf(selection: ExplorerSelection): {network: Network | null; container: Container | null} {
	if (selection.lastList === 'endpoints' && selection.endpoint)
		return {network: selection.endpoint.network, container: selection.endpoint.container};
	if (selection.scope === 'network') return {network: selection.network, container: selection.endpoint?.container ?? null};
	return {network: selection.endpoint?.network ?? null, container: selection.container};
}
