// What `rm --disconnect-all` (and D in the explorer) takes away: for every container it
// disconnects, the aliases / static addresses / links it loses on that network and the
// docker line that would put it back — the same facts `disconnect` reports.
import type {Topology} from '../domain/types.js';
import {planDisconnect} from './disconnect.js';
import type {RemovePlan} from './remove.js';

export type RemoveLoss = {network: string; container: string; lost: string[]; restore: string};

export function removeLosses(t: Topology, plan: RemovePlan): RemoveLoss[] {
	const losses: RemoveLoss[] = [];
	for (const d of plan.disconnects) {
		const network = plan.targets.find(target => target.network.id === d.networkId)!.network;
		const container = t.containers.find(c => c.id === d.containerId);
		const disconnect = planDisconnect(t, {network: d.networkId, container: d.containerId, force: false});
		const name = container?.name ?? d.containerId.slice(0, 12);
		if (!disconnect.ok)
			losses.push({network: network.name, container: name, lost: [], restore: `docker network connect ${network.name} ${name}`});
		else losses.push({network: network.name, container: name, lost: disconnect.lost, restore: disconnect.restore.line});
	}
	return losses;
}

/** "db loses alias: mysql; IP 10.10.0.3 (assigned by the engine)" */
export const lossLine = (loss: RemoveLoss): string =>
	`${loss.container} ${loss.lost.length ? `loses ${loss.lost.join('; ')}` : 'loses no aliases or static addresses'} on ${loss.network}`;
