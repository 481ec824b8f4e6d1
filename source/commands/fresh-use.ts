// Who uses a network right now: asked of the engine again right before a removal, because
// the topology the plan was made from may be seconds (or, in the explorer, minutes) old,
// and some engines do not refuse to remove a network in use (Podman by id). A network
// whose use cannot be determined is reported as such and never removed silently.
import {EngineError, type EnginePort, type RawContainerInspect, type RawContainerSummary, type RawNetwork} from '../engine/port.js';
import {buildTopology, parseNetworkMode} from '../domain/topology.js';
import {configuredOn} from '../domain/validate-remove.js';
import type {Network} from '../domain/types.js';

export type FreshUse =
	| {state: 'gone'}
	| {state: 'unused'; stopped: string[]}
	/** `running`: containers with a live endpoint on it now; `stopped`: configured on it. */
	| {state: 'used'; running: string[]; stopped: string[]}
	| {state: 'unknown'; reason: string};

const nameOf = (c: RawContainerSummary) =>
	(c.Names?.find(n => n.lastIndexOf('/') === 0) ?? c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');

/** Running containers the list gives no networks for (Podman: host/none mode, and no HostConfig at all in the list). */
const listedWithoutNetworks = (containers: RawContainerSummary[]) =>
	containers.filter(c => c.State === 'running' && !c.NetworkSettings?.Networks);

/** Of those, the ones whose networks even their inspect does not say: any network may be theirs. */
function silentContainers(containers: RawContainerSummary[], details: ReadonlyMap<string, RawContainerInspect>): string[] {
	return listedWithoutNetworks(containers)
		.filter(c => {
			const inspect = details.get(c.Id);
			if (inspect?.NetworkSettings?.Networks && Object.keys(inspect.NetworkSettings.Networks).length) return false;
			const mode = parseNetworkMode(inspect?.HostConfig?.NetworkMode ?? c.HostConfig?.NetworkMode).kind;
			return mode === 'default' || mode === 'network';
		})
		.map(nameOf);
}

/**
 * `endpointIds`: whether this engine marks every live endpoint with an EndpointID. When it
 * does not (Podman), a running container created on the network that shows no address
 * there leaves the network's use undetermined.
 */
export async function freshUse(engine: EnginePort, network: Network, endpointIds = true): Promise<FreshUse> {
	let inspected: RawNetwork;
	let networks: RawNetwork[];
	let containers: RawContainerSummary[];
	try {
		[inspected, networks, containers] = await Promise.all([
			engine.inspectNetwork(network.id),
			engine.listNetworks(),
			engine.listContainers(),
		]);
	} catch (error) {
		if (error instanceof EngineError && error.kind === 'not-found') return {state: 'gone'};
		return {state: 'unknown', reason: `could not ask the engine who uses it (${error instanceof Error ? error.message : String(error)})`};
	}
	if (inspected.Id !== network.id) return {state: 'gone'};
	const details = new Map<string, RawContainerInspect>();
	try {
		for (const c of listedWithoutNetworks(containers)) details.set(c.Id, await engine.inspectContainer(c.Id));
	} catch (error) {
		if (!(error instanceof EngineError && error.kind === 'not-found')) {
			return {state: 'unknown', reason: `could not ask the engine who uses it (${error instanceof Error ? error.message : String(error)})`};
		}
	}
	const t = buildTopology({networks, containers, details});
	const active = new Set(
		t.containers.filter(c => c.state === 'running' || c.state === 'paused' || c.state === 'restarting').map(c => c.id),
	);
	const byId = new Map(containers.map(c => [c.Id, nameOf(c)]));
	const running = new Set(
		t.endpoints.filter(e => e.networkId === network.id).map(e => byId.get(e.containerId) ?? e.containerId.slice(0, 12)),
	);
	// The network's own list of endpoints counts too (it may know one the container list lags
	// on); Podman lists stopped containers there as well: those count as stopped.
	for (const [id, entry] of Object.entries(inspected.Containers ?? {})) {
		if (byId.has(id) && !active.has(id)) continue;
		running.add(byId.get(id) ?? entry?.Name ?? id.slice(0, 12));
	}
	const stopped = configuredOn(t, t.networks.find(n => n.id === network.id) ?? network)
		.map(a => byId.get(a.containerId) ?? a.containerId.slice(0, 12))
		.filter(name => !running.has(name));
	if (running.size) return {state: 'used', running: [...running].sort(), stopped};
	const silent = silentContainers(containers, details);
	if (silent.length)
		return {state: 'unknown', reason: `the engine does not say which networks ${silent.join(', ')} use${silent.length === 1 ? 's' : ''}`};
	if (!endpointIds) {
		const createdOn = containers.filter(c => c.State === 'running' && [network.name, network.id].includes(c.HostConfig?.NetworkMode ?? ''));
		if (createdOn.length) {
			return {
				state: 'unknown',
				reason: `${createdOn.map(nameOf).join(', ')} ${createdOn.length === 1 ? 'runs' : 'run'} on it but the engine shows no endpoint there`,
			};
		}
	}
	return {state: 'unused', stopped};
}

/** One line for a refusal: who uses it now. */
export function usedLine(network: Network, use: Extract<FreshUse, {state: 'used'}>): string {
	return `${network.name} is in use right now by ${use.running.join(', ')} (checked again just before removing it); nothing removed`;
}
