// What `docknet inspect NAME` needs, and no more: the engine resolves the name (network
// and container look-ups, as `docker inspect` does), then only what the output shows
// is read — for a network its members (the container list filtered to it, which also
// names the stopped ones configured on it) and their inspects (aliases exist only
// there, on every API version); for a container its inspect and its networks.
// A handful of calls instead of one inspect per container of the engine.
//
// Anything the engine's answers do not settle cleanly (not found, an ambiguous prefix,
// a name docker reads differently) returns null: the caller then resolves on the lists
// as before, so every message stays the same.
import {EngineError, type EnginePort, type RawContainerInspect, type RawNetwork} from '../engine/port.js';
import {findContainer, findNetwork} from '../domain/selectors.js';
import {attachmentNetworkId, buildTopology} from '../domain/topology.js';
import type {Container, Network, Topology} from '../domain/types.js';
import {inspectContainers} from './load-topology.js';

export type InspectItem =
	| {kind: 'network'; network: Network; topology: Topology}
	| {kind: 'container'; container: Container; topology: Topology}
	/** The name is both a network and a container (the caller asks for --type). */
	| {kind: 'both'};

type Lookup<T> = {value: T} | 'missing' | 'unsettled' | 'skipped';

async function lookup<T>(skip: boolean, get: () => Promise<T>, matches: (value: T) => boolean): Promise<Lookup<T>> {
	if (skip) return 'skipped';
	try {
		const value = await get();
		return matches(value) ? {value} : 'unsettled';
	} catch (error) {
		if (!(error instanceof EngineError)) throw error;
		// An engine that cannot be reached fails the command as the full load would.
		if (error.kind === 'unreachable' || error.kind === 'permission') throw error;
		return error.kind === 'not-found' ? 'missing' : 'unsettled';
	}
}

// What the engine found must be what findNetwork/findContainer would find on the
// lists: exact id, exact name, or an id prefix (the engine refuses ambiguous ones).
const isNetwork = (ref: string) => (n: RawNetwork) =>
	Boolean(n && typeof n.Id === 'string' && (n.Id === ref || n.Name === ref || n.Id.startsWith(ref)));
const isContainer = (ref: string) => (c: RawContainerInspect) =>
	Boolean(c && typeof c.Id === 'string' && (c.Id === ref || c.Name === `/${ref}` || c.Id.startsWith(ref)));

/** A name the engine's URL paths carry as it is (no path tricks, nothing empty). */
const plainRef = (ref: string): boolean => ref.length > 0 && !ref.includes('/') && ref !== '.' && ref !== '..';

/** One NAME of `docknet inspect`, or null when the lists must decide (see the top of the file). */
export async function inspectOne(engine: EnginePort, ref: string, type: 'network' | 'container' | undefined): Promise<InspectItem | null> {
	if (!plainRef(ref)) return null;
	const [network, container] = await Promise.all([
		lookup(type === 'container', () => engine.inspectNetwork(ref), isNetwork(ref)),
		lookup(type === 'network', () => engine.inspectContainer(ref), isContainer(ref)),
	]);
	const absent = (l: Lookup<unknown>) => l === 'missing' || l === 'skipped';
	if (typeof network === 'object' && typeof container === 'object') return {kind: 'both'};
	if (typeof network === 'object' && absent(container)) return networkItem(engine, network.value);
	if (typeof container === 'object' && absent(network)) return containerItem(engine, container.value);
	return null;
}

async function networkItem(engine: EnginePort, raw: RawNetwork): Promise<InspectItem | null> {
	// By id (live endpoints) and by name (a stopped container's entry may lack the id).
	const listed = await engine.listContainers({network: [raw.Id, raw.Name]});
	const idByName = new Map([[raw.Name, raw.Id]]);
	const members = listed.filter(c =>
		Object.entries(c.NetworkSettings?.Networks ?? {}).some(([key, settings]) => attachmentNetworkId(key, settings, idByName) === raw.Id),
	);
	const details = await inspectContainers(
		engine,
		members.map(c => c.Id),
		16,
	);
	const topology = buildTopology({networks: [raw], containers: members, details});
	const network = findNetwork(topology, raw.Id);
	return network ? {kind: 'network', network, topology} : null;
}

async function containerItem(engine: EnginePort, raw: RawContainerInspect): Promise<InspectItem | null> {
	// Its networks, for their names and for the ids of configured (stopped) attachments.
	const refs = new Set(
		Object.entries(raw.NetworkSettings?.Networks ?? {}).map(([key, settings]) =>
			settings.NetworkID && /^[0-9a-f]{64}$/.test(settings.NetworkID) ? settings.NetworkID : key,
		),
	);
	const networks = await Promise.all(
		[...refs].map(ref =>
			engine.inspectNetwork(ref).catch((error: unknown) => {
				if (error instanceof EngineError && error.kind === 'not-found') return null;
				throw error;
			}),
		),
	);
	const topology = buildTopology({
		networks: networks.filter((n): n is RawNetwork => n !== null),
		containers: [],
		details: new Map([[raw.Id, raw]]),
	});
	const container = findContainer(topology, raw.Id);
	return container ? {kind: 'container', container, topology} : null;
}
