// Podman's Docker-compatible answers, rewritten into Docker's shapes so the model stays
// one model (see DESIGN.md "Engines people run"). Pure functions over raw JSON; each
// returns a new object and never mutates its input (the topology caches per object).
// What cannot be rewritten faithfully stays as it is and is handled in the domain:
// EndpointID "" on live endpoints (domain/topology.ts tells live from configured by
// address and state) and IPAMConfig null (static addresses unknown).
import type {FlavorFeatures} from '../domain/engine-flavor.js';
import type {RawContainerInspect, RawContainerSummary, RawEndpointSettings, RawEvent, RawIpamConfig, RawNetwork} from './port.js';

/** Podman writes a missing gateway (internal networks) as the Go nil string. */
const NIL = '<nil>';
const unNil = (value: string | undefined): string | undefined => (value === NIL ? '' : value);

/** The name docknet (and the compat API's `bridge` alias) uses for the default network. */
const DEFAULT = 'bridge';

function ipamConfig(config: RawIpamConfig): RawIpamConfig {
	return config.Gateway === NIL ? {...config, Gateway: ''} : config;
}

export function normalizeNetwork(raw: RawNetwork, f: FlavorFeatures): RawNetwork {
	const name = raw.Name === f.defaultNetworkName ? DEFAULT : raw.Name;
	const config = raw.IPAM?.Config;
	return {
		...raw,
		Name: name,
		...(raw.IPAM ? {IPAM: {...raw.IPAM, Config: config ? config.map(ipamConfig) : config}} : {}),
	};
}

function endpointSettings(settings: RawEndpointSettings, f: FlavorFeatures): RawEndpointSettings {
	const out: RawEndpointSettings = {...settings, Gateway: unNil(settings.Gateway), IPv6Gateway: unNil(settings.IPv6Gateway)};
	// Podman 4 puts the network's name in NetworkID; the domain resolves names, but the
	// default network's own name is not the listed one.
	if (out.NetworkID === f.defaultNetworkName) out.NetworkID = DEFAULT;
	// IPAMConfig is always null here, whether or not --ip was given: static addresses unknown.
	if (!f.staticIpsVisible && !out.IPAMConfig) out.StaticUnknown = true;
	return out;
}

/** A container's networks, keyed as Docker keys them; `container:` mode has none of its own. */
function networksOf(
	networks: Record<string, RawEndpointSettings> | null | undefined,
	mode: string | undefined,
	f: FlavorFeatures,
): Record<string, RawEndpointSettings> | null | undefined {
	if (!networks) return networks;
	// Podman repeats the target's endpoint on a container that shares its network stack;
	// Docker lists nothing there (the endpoint belongs to the target).
	if (mode?.startsWith('container:')) return {};
	const out: Record<string, RawEndpointSettings> = {};
	for (const [key, settings] of Object.entries(networks)) {
		out[key === f.defaultNetworkName ? DEFAULT : key] = endpointSettings(settings, f);
	}
	return out;
}

/** Podman says NetworkMode "bridge" for a container on user-defined networks: name one of them. */
function networkMode(mode: string | undefined, networks: Record<string, RawEndpointSettings> | null | undefined): string | undefined {
	if (mode !== 'bridge' || !networks) return mode;
	const keys = Object.keys(networks);
	if (keys.length === 0 || keys.includes(DEFAULT)) return mode;
	return keys[0];
}

/** Podman says `stopped` where Docker says `exited`. */
const dockerState = (state: string | undefined): string | undefined => (state === 'stopped' ? 'exited' : state);

export function normalizeContainerSummary(raw: RawContainerSummary, f: FlavorFeatures): RawContainerSummary {
	const mode = raw.HostConfig?.NetworkMode;
	const networks = networksOf(raw.NetworkSettings?.Networks, mode, f);
	return {
		...raw,
		...(raw.State ? {State: dockerState(raw.State)} : {}),
		...(raw.HostConfig ? {HostConfig: {...raw.HostConfig, NetworkMode: networkMode(mode, networks)}} : {}),
		...(raw.NetworkSettings ? {NetworkSettings: {...raw.NetworkSettings, Networks: networks}} : {}),
	};
}

export function normalizeContainerInspect(raw: RawContainerInspect, f: FlavorFeatures): RawContainerInspect {
	const mode = raw.HostConfig?.NetworkMode;
	const networks = networksOf(raw.NetworkSettings?.Networks, mode, f);
	return {
		...raw,
		...(raw.State ? {State: {...raw.State, Status: dockerState(raw.State.Status)}} : {}),
		...(raw.HostConfig ? {HostConfig: {...raw.HostConfig, NetworkMode: networkMode(mode, networks)}} : {}),
		...(raw.NetworkSettings ? {NetworkSettings: {...raw.NetworkSettings, Networks: networks}} : {}),
	};
}

/**
 * Docker's event shapes: connect/disconnect name the network in Actor.ID and the container
 * in Attributes.container (Podman: the container in Actor.ID, the network in
 * Attributes.network, on 4.3 not even that); a removal is `destroy` (Podman: `remove`).
 */
export function normalizeEvent(event: RawEvent, f: FlavorFeatures): RawEvent {
	// A container's removal is `remove` on Podman too.
	if (event.Type === 'container') return event.Action === 'remove' ? {...event, Action: 'destroy'} : event;
	if (event.Type !== 'network') return event;
	const attributes = event.Actor?.Attributes ?? {};
	// Podman 4.3 does not even name the network ({name: <container name>, image, podId}).
	if ((event.Action === 'connect' || event.Action === 'disconnect') && attributes.container === undefined) {
		const network = attributes.network === f.defaultNetworkName ? DEFAULT : attributes.network;
		return {...event, Actor: {ID: network ?? event.Actor.ID, Attributes: {...attributes, name: network ?? '', container: event.Actor.ID}}};
	}
	// Podman 5 names the network in Attributes.network and leaves name "" (Docker: name).
	const named =
		attributes.network && !attributes.name
			? {...event, Actor: {...event.Actor, Attributes: {...attributes, name: attributes.network}}}
			: event;
	if (named.Action === 'remove') return {...named, Action: 'destroy'};
	return named;
}
