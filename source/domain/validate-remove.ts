// Validation for network rm and the prune preview. Both must say exactly what goes:
// rm refuses the predefined networks and (without --disconnect-all) networks that still
// have containers attached; prune selects the unused, non-predefined networks that match
// the filters — as the engine's own prune would — and names every stopped container
// configured on one of them, because removing the network makes that container fail
// to start.
import {endpointsOfNetwork} from './selectors.js';
import type {ConfiguredAttachment, Endpoint, Network, Topology} from './types.js';
import {isRefusal, q, refuse, resolveNetwork, type Validated} from './validate.js';

export type RemoveInput = {networks: readonly string[]; disconnectAll?: boolean};

export type RemoveTarget = {
	network: Network;
	/** Live endpoints that --disconnect-all disconnects first. */
	endpoints: Endpoint[];
	/** Stopped containers configured on the network: they fail to start once it is gone. */
	stopped: ConfiguredAttachment[];
};

export function configuredOn(t: Topology, network: Network): ConfiguredAttachment[] {
	return t.configured.filter(a => a.networkId === network.id || (!a.networkId && a.networkName === network.name));
}

const containerName = (t: Topology, id: string): string => t.containers.find(c => c.id === id)?.name ?? id.slice(0, 12);

export function predefinedRefusal(network: Network) {
	return refuse(`${q(network.name)} is a predefined network: the engine creates ${network.name} itself and cannot remove it`, {
		hint: 'only networks created with docker network create can be removed',
		field: 'network',
	});
}

export function validateRemove(t: Topology, input: RemoveInput): Validated<RemoveTarget[]> {
	if (input.networks.length === 0) return refuse('no network given', {field: 'network'});
	const targets: RemoveTarget[] = [];
	const notes: string[] = [];
	for (const ref of input.networks) {
		const network = resolveNetwork(t, ref);
		if (isRefusal(network)) return network;
		if (targets.some(target => target.network.id === network.id)) continue;
		if (network.predefined || network.name === 'ingress') return predefinedRefusal(network);
		const endpoints = endpointsOfNetwork(t, network.id);
		if (endpoints.length && !input.disconnectAll) {
			const names = endpoints.map(e => containerName(t, e.containerId));
			return refuse(`${q(network.name)} has ${names.length} attached container${names.length > 1 ? 's' : ''}: ${names.join(', ')}`, {
				hint: 'disconnect them first, or use --disconnect-all to disconnect every one and remove it',
				field: 'network',
			});
		}
		const stopped = configuredOn(t, network);
		for (const a of stopped) {
			notes.push(
				`stopped container ${q(containerName(t, a.containerId))} is configured on ${q(network.name)} and will fail to start once it is removed`,
			);
		}
		targets.push({network, endpoints, stopped});
	}
	return {ok: true, value: targets, notes};
}

// ---------------------------------------------------------------- prune

export type LabelFilter = {key: string; value: string | null; negate: boolean};
export type PruneFilters = {labels: LabelFilter[]; until: number | null; untilText: string | null};

const DURATION_UNIT_MS: Record<string, number> = {ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000};

/** Go's time.ParseDuration, as docker reads `until=24h`; milliseconds, or null. */
export function parseGoDuration(text: string): number | null {
	if (!/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return null;
	let total = 0;
	for (const match of text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(match[1]) * DURATION_UNIT_MS[match[2]!]!;
	return total;
}

/** docker's `until` value: a Go duration before now, Unix seconds, or a date/time. Epoch ms or null. */
export function parseUntil(text: string, now: number): number | null {
	const duration = parseGoDuration(text);
	if (duration !== null) return now - duration;
	if (/^[0-9]+(\.[0-9]+)?$/.test(text)) return Math.round(Number(text) * 1000);
	if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? null : parsed;
}

/** Parses `--filter` values: label=KEY, label=KEY=VALUE, label!=…, until=…. */
export function parsePruneFilters(items: readonly string[], now: number): Validated<PruneFilters> {
	const filters: PruneFilters = {labels: [], until: null, untilText: null};
	for (const item of items) {
		const at = item.indexOf('=');
		if (at <= 0) return refuse(`bad filter ${q(item)} (expected label=KEY[=VALUE], label!=KEY[=VALUE] or until=TIME)`, {field: 'filter'});
		const key = item.slice(0, at);
		const value = item.slice(at + 1);
		if (key === 'label' || key === 'label!') {
			if (!value) return refuse(`filter ${q(item)} names no label`, {field: 'filter'});
			const eq = value.indexOf('=');
			filters.labels.push({key: eq < 0 ? value : value.slice(0, eq), value: eq < 0 ? null : value.slice(eq + 1), negate: key === 'label!'});
		} else if (key === 'until') {
			const until = parseUntil(value, now);
			if (until === null)
				return refuse(`filter until=${value}: not a duration (24h, 30m), Unix time or date (2026-01-31, 2026-01-31T12:00:00Z)`, {
					field: 'filter',
				});
			if (filters.until !== null) return refuse('give until= once', {field: 'filter'});
			filters.until = until;
			filters.untilText = value;
		} else {
			return refuse(`network prune has no filter ${q(key)} (only label, label! and until)`, {field: 'filter'});
		}
	}
	return {ok: true, value: filters, notes: []};
}

export function matchesLabels(labels: Record<string, string>, filters: readonly LabelFilter[]): boolean {
	return filters.every(f => {
		const has = Object.hasOwn(labels, f.key) && (f.value === null || labels[f.key] === f.value);
		return f.negate ? !has : has;
	});
}

export type PruneCandidate = {
	network: Network;
	/** Stopped containers configured on it: docker would remove the network and they would then fail to start. */
	stopped: ConfiguredAttachment[];
};

/** The networks a prune with these filters removes: unused, not predefined, matching. */
export function pruneCandidates(t: Topology, filters: PruneFilters): PruneCandidate[] {
	const out: PruneCandidate[] = [];
	for (const network of t.networks) {
		if (network.predefined || network.name === 'ingress' || network.configOnly) continue;
		if (endpointsOfNetwork(t, network.id).length > 0) continue;
		if (!matchesLabels(network.labels, filters.labels)) continue;
		if (filters.until !== null) {
			const created = network.created ? Date.parse(network.created) : NaN;
			if (Number.isNaN(created) || created > filters.until) continue;
		}
		out.push({network, stopped: configuredOn(t, network)});
	}
	return out;
}
