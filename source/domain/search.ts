// Jump to anything: one query over every name and address the topology knows —
// network names, ids, subnets and gateways (and any address inside a subnet);
// container names, ids and images; endpoint IPv4/IPv6, MACs and aliases — each hit
// saying where it lives. Pure: the explorer's search dialog lists these.
import {cidrContainsIp, parseCidr, parseIp} from './ip.js';
import {isHelperContainer} from './helpers.js';
import {indexOf} from './selectors.js';
import type {Topology} from './types.js';

export type SearchTarget =
	| {kind: 'network'; networkId: string}
	| {kind: 'container'; containerId: string}
	/** An endpoint: shown in the Endpoints pane of its network. */
	| {kind: 'endpoint'; networkId: string | null; networkName: string; containerId: string};

export type SearchHit = {
	/** What matched: 'network', 'subnet', 'IPv4', 'alias', 'MAC'… */
	field: string;
	/** The matched value (engine text, unsanitized). */
	value: string;
	/** Where it lives, e.g. "db on app-net" or "network vault-net". */
	where: string;
	target: SearchTarget;
	/** 0 exact, 1 prefix, 2 inside (substring or address in a subnet): lower first. */
	rank: number;
};

function rankOf(value: string | null | undefined, needle: string): number | null {
	if (!value) return null;
	const v = value.toLowerCase();
	const bare = v.split('/')[0]!;
	if (v === needle || bare === needle) return 0;
	if (v.startsWith(needle)) return 1;
	if (v.includes(needle)) return 2;
	return null;
}

/** Every hit for `query` (case-insensitive), best first; at most `limit`. */
export function searchTopology(t: Topology, query: string, limit = 200): SearchHit[] {
	const needle = query.trim().toLowerCase();
	if (!needle) return [];
	const ip = parseIp(needle.split('/')[0]!);
	const index = indexOf(t);
	const hits: SearchHit[] = [];
	const add = (field: string, value: string | null | undefined, where: string, target: SearchTarget) => {
		const rank = rankOf(value, needle);
		if (rank !== null) hits.push({field, value: value!, where, target, rank});
	};
	for (const n of t.networks) {
		const target: SearchTarget = {kind: 'network', networkId: n.id};
		const where = `network ${n.name}`;
		add('network', n.name, `${n.driver} network`, target);
		add('network id', n.id, where, target);
		for (const c of n.ipam) {
			add('subnet', c.subnet, where, target);
			add('gateway', c.gateway, where, target);
			add('IP range', c.ipRange, where, target);
			if (ip && c.subnet && rankOf(c.subnet, needle) === null) {
				const cidr = parseCidr(c.subnet);
				if (cidr.ok && cidrContainsIp(cidr.value, ip)) hits.push({field: 'in subnet', value: c.subnet, where, target, rank: 2});
			}
		}
	}
	for (const c of t.containers) {
		if (isHelperContainer(c)) continue;
		const target: SearchTarget = {kind: 'container', containerId: c.id};
		add('container', c.name, `container, ${c.state}`, target);
		add('container id', c.id, `container ${c.name}`, target);
		add('image', c.image, `container ${c.name}`, target);
		if (c.compose) add('compose project', c.compose.project, `container ${c.name}`, target);
	}
	for (const e of t.endpoints) {
		const network = index.networkById.get(e.networkId)?.name ?? e.networkName;
		const container = index.containerById.get(e.containerId)?.name ?? e.containerId.slice(0, 12);
		const target: SearchTarget = {kind: 'endpoint', networkId: e.networkId, networkName: e.networkName, containerId: e.containerId};
		const where = `${container} on ${network}`;
		add('IPv4', e.ipv4, where, target);
		add('IPv6', e.ipv6, where, target);
		add('MAC', e.mac, where, target);
		for (const alias of e.aliases ?? []) add('alias', alias, where, target);
	}
	for (const a of t.configured) {
		const container = index.containerById.get(a.containerId)?.name ?? a.containerId.slice(0, 12);
		const target: SearchTarget = {kind: 'endpoint', networkId: a.networkId, networkName: a.networkName, containerId: a.containerId};
		const where = `${container} on ${a.networkName} (stopped)`;
		add('static IPv4', a.staticIpv4, where, target);
		add('static IPv6', a.staticIpv6, where, target);
		for (const alias of a.aliases ?? []) add('alias', alias, where, target);
	}
	// Stable: same rank keeps the order above (networks, containers, endpoints).
	return hits
		.map((h, at) => ({h, at}))
		.sort((a, b) => a.h.rank - b.h.rank || a.at - b.at)
		.map(x => x.h)
		.slice(0, limit);
}
