// `docknet graph --format json` (or --json): nodes and edges under docknet's schema
// version. Strings are the engine's own, raw (JSON.stringify escapes them).
import type {Graph} from './graph.js';
import {graphIndex} from './graph.js';
import {SCHEMA_VERSION} from './json.js';

export function graphJson(g: Graph, focus: string[]) {
	const index = graphIndex(g);
	return {
		schemaVersion: SCHEMA_VERSION,
		kind: 'graph',
		/** The NETWORK|CONTAINER arguments, as given ([] = the whole engine). */
		focus,
		networks: g.networks.map(n => ({
			id: n.id,
			name: n.name,
			driver: n.driver,
			scope: n.scope,
			role: n.role,
			internal: n.internal,
			subnets: n.subnets,
		})),
		containers: g.containers.map(c => ({
			id: c.id,
			name: c.name,
			state: c.state,
			running: c.running,
			mode: c.mode,
			sharesWith: c.sharesWith,
		})),
		edges: g.edges.map(e => ({
			networkId: e.networkId,
			networkName: index.network.get(e.networkId)!.name,
			containerId: e.containerId,
			containerName: index.container.get(e.containerId)!.name,
			state: e.state,
			ipv4Address: e.ipv4,
			ipv6Address: e.ipv6,
			aliases: e.aliases,
		})),
	};
}
