// The topology a probe command needs, loaded fast. The two list calls come first; on
// API 1.41 they lack aliases, /etc/hosts entries and exposed ports, which only a
// container inspect gives. A probe's diagnosis reads those only for a few containers:
// the source, the container whose network stack it uses, every container on their
// networks (their names and aliases answer names there, and clash), and the target.
// So only those are inspected — and the rest too only when the target is a name they
// do not explain (an alias elsewhere, "name.network", an id prefix, an unknown name),
// so the resolution and every reason stay exactly what a full load would give.
//
// When the lists alone settle the target (a container name or an address, which
// resolveTarget checks before anything that needs details), the probe may start at
// once, while the details load.
import type {EnginePort, RawContainerInspect, RawContainerSummary, RawNetwork} from '../engine/port.js';
import {resolveTarget, type Target} from '../domain/diagnosis.js';
import {ambiguityText, endpointsOfContainer, findContainer} from '../domain/selectors.js';
import {buildTopology} from '../domain/topology.js';
import type {Container, Topology} from '../domain/types.js';
import {inspectContainers} from './load-topology.js';

export type ProbeLoad = {
	/** The source, as the lists give it (enough to run probes in it). */
	source: Container;
	/** The lists' topology when it already settles the target (and so the probe scope); null when details decide. */
	early: Topology | null;
	/** The topology with every detail the diagnosis of source -> target reads. */
	topology: Promise<Topology>;
};

/** Whether a target resolved on a partial topology is what the full one would give. */
function settled(t: Topology, source: Container, target: Target, detailed: boolean): boolean {
	if (target.kind === 'address') return true;
	if (target.kind === 'container' && (target.via === 'name' || target.via === 'ip')) return true;
	if (!detailed) return false;
	// The source's own /etc/hosts names (its inspect is loaded) come before aliases.
	if (target.kind === 'hosts-name') return true;
	// An alias on one of the source's networks: every container there is inspected, so the same endpoint wins.
	if (target.kind === 'container' && target.via === 'alias') {
		const sourceNets = new Set(endpointsOfContainer(t, source.id).map(e => e.networkId));
		return target.network !== null && sourceNets.has(target.network.id);
	}
	return false;
}

/** Whose details the diagnosis of source -> target reads (ids), given what resolves so far. */
function needed(t: Topology, source: Container, target: Target | null): Set<string> {
	const ids = new Set<string>();
	const withOwner = (c: Container | null) => {
		if (!c) return;
		ids.add(c.id);
		if (c.networkMode.kind === 'container') {
			const owner = findContainer(t, c.networkMode.target);
			if (owner) ids.add(owner.id);
		}
	};
	withOwner(source);
	const nets = new Set<string>();
	for (const id of [...ids]) for (const e of endpointsOfContainer(t, id)) nets.add(e.networkId);
	// A stopped container is diagnosed on the networks it is configured on.
	for (const a of t.configured)
		if (ids.has(a.containerId)) nets.add(a.networkId ?? t.networks.find(n => n.name === a.networkName)?.id ?? '');
	for (const e of t.endpoints) if (nets.has(e.networkId)) ids.add(e.containerId);
	if (target?.kind === 'container') withOwner(target.container);
	if (target?.kind === 'hosts-name') withOwner(target.container);
	return ids;
}

/**
 * Lists, the source, and the diagnosis topology (see the top of the file). Throws
 * `noSource(ref)`'s error when the source is not a container of this engine.
 */
export async function loadForProbe(
	engine: EnginePort,
	sourceRef: string,
	targetText: string | null,
	noSource: (ref: string, ambiguous: string | null) => Error,
): Promise<ProbeLoad> {
	const [networks, containers] = await Promise.all([engine.listNetworks(), engine.listContainers()]);
	const lists = buildTopology({networks, containers});
	const source = findContainer(lists, sourceRef);
	if (!source) throw noSource(sourceRef, ambiguityText(lists.containers, sourceRef, 'containers'));
	const first = targetText === null ? null : resolveTarget(lists, source, targetText);
	const early = first && settled(lists, source, first, false) ? lists : null;
	const topology = detailsFor(engine, networks, containers, lists, source, targetText, first);
	// Awaited by the caller later: no unhandled rejection meanwhile.
	topology.catch(() => {});
	return {source, early, topology};
}

async function detailsFor(
	engine: EnginePort,
	networks: RawNetwork[],
	containers: RawContainerSummary[],
	lists: Topology,
	source: Container,
	targetText: string | null,
	first: Target | null,
): Promise<Topology> {
	const details = new Map<string, RawContainerInspect>();
	// Asked for already (a container that vanished meanwhile has no inspect and is not asked again).
	const asked = new Set<string>();
	const load = async (ids: Iterable<string>): Promise<boolean> => {
		const missing = [...ids].filter(id => !asked.has(id));
		if (!missing.length) return false;
		for (const id of missing) asked.add(id);
		for (const [id, raw] of await inspectContainers(engine, missing)) details.set(id, raw);
		return true;
	};
	const build = () => buildTopology({networks, containers, details});
	await load(needed(lists, source, first));
	let t = build();
	const sourceIn = (x: Topology) => findContainer(x, source.id) ?? source;
	if (targetText !== null) {
		let target = resolveTarget(t, sourceIn(t), targetText);
		if (!settled(t, sourceIn(t), target, true)) {
			// A name the neighbourhood does not explain: every container's details, as a full load.
			if (await load(containers.map(c => c.Id))) t = build();
			target = resolveTarget(t, sourceIn(t), targetText);
		}
		// The target (and whose stack it uses) may live elsewhere: its names and ports too.
		if (await load(needed(t, sourceIn(t), target))) t = build();
	}
	return t;
}
