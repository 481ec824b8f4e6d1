// docknet's --json output: a public, versioned interface (documented in README.md).
// Strings are the engine's own, raw (JSON-escaped by JSON.stringify, never sanitized).
// Add fields freely; renaming or removing one needs a new schemaVersion.
import type {ConfiguredAttachment, Container, Endpoint, Network, Topology} from './types.js';
import {cidrOf, configuredOfContainer, configuredOnNetwork, endpointsOfContainer, endpointsOfNetwork, indexOf} from './selectors.js';

export const SCHEMA_VERSION = 1;

export type EngineJson = {
	endpoint: string;
	apiVersion: string;
	serverVersion: string;
	/** Which engine answers, and whether the conformance suite has proven it. */
	flavor?: {kind: string; version: string; apiVersion: string; proven: boolean};
	/** Set for an unproven engine: what that means for destructive changes. */
	notice?: string | null;
};

export function endpointJson(t: Topology, e: Endpoint) {
	const index = indexOf(t);
	return {
		networkId: e.networkId,
		networkName: index.networkById.get(e.networkId)?.name ?? e.networkName,
		containerId: e.containerId,
		containerName: index.containerById.get(e.containerId)?.name ?? null,
		endpointId: e.endpointId,
		macAddress: e.mac,
		ipv4Address: cidrOf(e.ipv4, e.ipv4PrefixLen),
		ipv6Address: cidrOf(e.ipv6, e.ipv6PrefixLen),
		ipv4: e.ipv4,
		ipv6: e.ipv6,
		gateway: e.gateway,
		ipv6Gateway: e.ipv6Gateway,
		aliases: e.aliases,
		dnsNames: e.dnsNames,
		staticIpv4: e.staticIpv4,
		staticIpv6: e.staticIpv6,
		/** False: the engine does not show static addresses (Podman), the two above are unknown. */
		staticKnown: !e.staticUnknown,
		links: e.links,
	};
}

export function configuredJson(t: Topology, a: ConfiguredAttachment) {
	return {
		networkId: a.networkId,
		networkName: a.networkName,
		containerId: a.containerId,
		containerName: indexOf(t).containerById.get(a.containerId)?.name ?? null,
		aliases: a.aliases,
		staticIpv4: a.staticIpv4,
		staticIpv6: a.staticIpv6,
		staticKnown: !a.staticUnknown,
	};
}

export function networkJson(t: Topology, n: Network) {
	return {
		id: n.id,
		name: n.name,
		driver: n.driver,
		scope: n.scope,
		created: n.created,
		internal: n.internal,
		attachable: n.attachable,
		ingress: n.ingress,
		configOnly: n.configOnly,
		configFrom: n.configFrom,
		enableIPv6: n.enableIPv6,
		predefined: n.predefined,
		ipam: {
			driver: n.ipamDriver,
			options: n.ipamOptions,
			config: n.ipam.map(c => ({subnet: c.subnet, gateway: c.gateway, ipRange: c.ipRange, auxiliaryAddresses: c.auxAddresses})),
		},
		options: n.options,
		labels: n.labels,
		endpoints: endpointsOfNetwork(t, n.id).map(e => endpointJson(t, e)),
		configured: configuredOnNetwork(t, n.id).map(a => configuredJson(t, a)),
	};
}

export function containerJson(t: Topology, c: Container) {
	return {
		id: c.id,
		name: c.name,
		image: c.image,
		imageId: c.imageId,
		command: c.command,
		created: c.created,
		state: c.state,
		status: c.status,
		networkMode: c.networkModeRaw,
		ports: c.ports.map(p => ({containerPort: p.containerPort, protocol: p.protocol, hostIp: p.hostIp, hostPort: p.hostPort})),
		labels: c.labels,
		compose: c.compose,
		links: c.details?.links ?? null,
		extraHosts: c.details?.extraHosts ?? null,
		endpoints: endpointsOfContainer(t, c.id).map(e => endpointJson(t, e)),
		configured: configuredOfContainer(t, c.id).map(a => configuredJson(t, a)),
	};
}

export function lsJson(t: Topology, engine: EngineJson) {
	return {
		schemaVersion: SCHEMA_VERSION,
		engine,
		networks: t.networks.map(n => networkJson(t, n)),
		containers: t.containers.map(c => containerJson(t, c)),
	};
}
