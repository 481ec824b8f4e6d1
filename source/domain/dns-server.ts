// Which DNS server answered a container's lookup. Docker's embedded DNS listens on
// 127.0.0.11 in every container on a user-defined network; Podman's aardvark-dns listens
// on each network's gateway (resolv.conf `search dns.podman`), and Podman's default
// network has no DNS at all. Tell them apart by address, so nothing claims 127.0.0.11
// on an engine that has none.
import {EMBEDDED_DNS} from './probe-parsers.js';
import {endpointsOfContainer, indexOf} from './selectors.js';
import type {Container, Topology} from './types.js';

export type DnsServerKind = {kind: 'embedded'} | {kind: 'gateway'; network: string} | {kind: 'other'};

export function dnsServerKind(t: Topology, source: Container, address: string | null): DnsServerKind | null {
	if (!address) return null;
	if (address === EMBEDDED_DNS) return {kind: 'embedded'};
	const index = indexOf(t);
	for (const e of endpointsOfContainer(t, source.id)) {
		const network = index.networkById.get(e.networkId);
		if (network && !network.predefined && (e.gateway === address || e.ipv6Gateway === address))
			return {kind: 'gateway', network: network.name};
	}
	return {kind: 'other'};
}

/** A few words for the server: "docker's embedded DNS", "the DNS server on app-net's gateway (Podman's aardvark-dns)". */
export function describeDnsServer(server: DnsServerKind | null): string | null {
	if (!server) return null;
	if (server.kind === 'embedded') return "docker's embedded DNS";
	if (server.kind === 'gateway') return `the DNS server on ${server.network}'s gateway (Podman's aardvark-dns)`;
	return null;
}
