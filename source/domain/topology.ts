// Raw Engine API JSON -> the topology model. Pure functions, tested on fixtures
// captured from the sandbox engine (test/fixtures).
import type {RawContainerInspect, RawContainerSummary, RawEndpointSettings, RawNetwork} from '../engine/port.js';
import type {
	ConfiguredAttachment,
	Container,
	ContainerDetails,
	Endpoint,
	Network,
	NetworkMode,
	PredefinedKind,
	PublishedPort,
	Topology,
} from './types.js';

const record = (value: Record<string, string> | null | undefined): Record<string, string> => ({...(value ?? {})});
const nonEmpty = (value: string | null | undefined): string | null => (value ? value : null);

export function predefinedKind(name: string, driver: string): PredefinedKind | null {
	if (name === 'bridge' && driver === 'bridge') return 'bridge';
	if (name === 'host' && driver === 'host') return 'host';
	if (name === 'none' && driver === 'null') return 'none';
	return null;
}

export function networkFromRaw(raw: RawNetwork): Network {
	const driver = raw.Driver ?? '';
	return {
		id: raw.Id,
		name: raw.Name,
		driver,
		scope: raw.Scope ?? '',
		created: nonEmpty(raw.Created),
		internal: Boolean(raw.Internal),
		attachable: Boolean(raw.Attachable),
		ingress: Boolean(raw.Ingress),
		configOnly: Boolean(raw.ConfigOnly),
		configFrom: nonEmpty(raw.ConfigFrom?.Network),
		enableIPv6: Boolean(raw.EnableIPv6),
		ipamDriver: raw.IPAM?.Driver ?? 'default',
		ipamOptions: record(raw.IPAM?.Options),
		ipam: (raw.IPAM?.Config ?? []).map(config => ({
			subnet: nonEmpty(config.Subnet),
			gateway: nonEmpty(config.Gateway),
			ipRange: nonEmpty(config.IPRange),
			auxAddresses: record(config.AuxiliaryAddresses),
		})),
		options: record(raw.Options),
		labels: record(raw.Labels),
		predefined: predefinedKind(raw.Name, driver),
	};
}

export function parseNetworkMode(mode: string | undefined): NetworkMode {
	if (!mode || mode === 'default' || mode === 'bridge') return {kind: 'default'};
	if (mode === 'host') return {kind: 'host'};
	if (mode === 'none') return {kind: 'none'};
	if (mode.startsWith('container:')) return {kind: 'container', target: mode.slice('container:'.length)};
	return {kind: 'network', name: mode};
}

/** The container's own name: the entry of Names without a link path ("/web", not "/other/web"). */
export function primaryName(names: string[] | undefined, fallbackId: string): string {
	const own = names?.find(name => name.lastIndexOf('/') === 0) ?? names?.[0];
	return own ? own.replace(/^\//, '') : fallbackId.slice(0, 12);
}

function composeOf(labels: Record<string, string>): Container['compose'] {
	const project = labels['com.docker.compose.project'];
	return project ? {project, service: labels['com.docker.compose.service'] ?? null} : null;
}

function portsFromSummary(raw: RawContainerSummary): PublishedPort[] {
	const seen = new Set<string>();
	const ports: PublishedPort[] = [];
	for (const port of raw.Ports ?? []) {
		const item: PublishedPort = {
			containerPort: port.PrivatePort,
			protocol: port.Type,
			hostIp: nonEmpty(port.IP),
			hostPort: port.PublicPort ?? null,
		};
		const key = `${item.hostIp}|${item.hostPort}|${item.containerPort}|${item.protocol}`;
		if (!seen.has(key)) {
			seen.add(key);
			ports.push(item);
		}
	}
	return sortPorts(ports);
}

function portsFromInspect(raw: RawContainerInspect): PublishedPort[] {
	const ports: PublishedPort[] = [];
	const bound = raw.NetworkSettings?.Ports ?? {};
	const keys = new Set([...Object.keys(bound), ...Object.keys(raw.Config?.ExposedPorts ?? {})]);
	for (const key of keys) {
		const [portText, protocol = 'tcp'] = key.split('/');
		const containerPort = Number(portText);
		const bindings = bound[key];
		if (!bindings || bindings.length === 0) {
			ports.push({containerPort, protocol, hostIp: null, hostPort: null});
			continue;
		}
		for (const binding of bindings) {
			ports.push({
				containerPort,
				protocol,
				hostIp: nonEmpty(binding.HostIp),
				hostPort: binding.HostPort ? Number(binding.HostPort) : null,
			});
		}
	}
	return sortPorts(ports);
}

// Plain comparison, not localeCompare: its first call sets up ICU's collator (8-17 ms).
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortPorts(ports: PublishedPort[]): PublishedPort[] {
	return ports.sort(
		(a, b) => a.containerPort - b.containerPort || compare(a.protocol, b.protocol) || compare(a.hostIp ?? '', b.hostIp ?? ''),
	);
}

export function detailsFromInspect(raw: RawContainerInspect): ContainerDetails {
	return {
		hostname: nonEmpty(raw.Config?.Hostname),
		exposedPorts: Object.keys(raw.Config?.ExposedPorts ?? {}).map(key => {
			const [port, protocol = 'tcp'] = key.split('/');
			return {port: Number(port), protocol};
		}),
		links: [...(raw.HostConfig?.Links ?? [])],
		extraHosts: [...(raw.HostConfig?.ExtraHosts ?? [])],
		dns: [...(raw.HostConfig?.Dns ?? [])],
		pid: raw.State?.Pid ? raw.State.Pid : null,
		pidMode: nonEmpty(raw.HostConfig?.PidMode),
	};
}

export function containerFromSummary(raw: RawContainerSummary): Container {
	const labels = record(raw.Labels);
	const networkModeRaw = raw.HostConfig?.NetworkMode ?? 'default';
	return {
		id: raw.Id,
		name: primaryName(raw.Names, raw.Id),
		image: raw.Image ?? '',
		imageId: nonEmpty(raw.ImageID),
		command: nonEmpty(raw.Command),
		created: raw.Created ?? null,
		state: raw.State ?? 'unknown',
		status: raw.Status ?? '',
		networkModeRaw,
		networkMode: parseNetworkMode(networkModeRaw),
		ports: portsFromSummary(raw),
		labels,
		compose: composeOf(labels),
		details: null,
	};
}

export function containerFromInspect(raw: RawContainerInspect): Container {
	const labels = record(raw.Config?.Labels);
	const networkModeRaw = raw.HostConfig?.NetworkMode ?? 'default';
	const command = [...(raw.Config?.Entrypoint ?? []), ...(raw.Config?.Cmd ?? [])].join(' ');
	const created = raw.Created ? Math.floor(Date.parse(raw.Created) / 1000) : null;
	return {
		id: raw.Id,
		name: (raw.Name ?? '').replace(/^\//, '') || raw.Id.slice(0, 12),
		image: raw.Config?.Image ?? raw.Image ?? '',
		imageId: nonEmpty(raw.Image),
		command: command || null,
		created: Number.isFinite(created) ? created : null,
		state: raw.State?.Status ?? 'unknown',
		status: describeState(raw.State),
		networkModeRaw,
		networkMode: parseNetworkMode(networkModeRaw),
		ports: portsFromInspect(raw),
		labels,
		compose: composeOf(labels),
		details: detailsFromInspect(raw),
	};
}

function describeState(state: RawContainerInspect['State']): string {
	if (!state) return '';
	if (state.Running) return state.Paused ? 'Up (Paused)' : 'Up';
	if (state.Status === 'exited') return `Exited (${state.ExitCode ?? 0})`;
	return state.Status ?? '';
}

/** Aliases the user set: drops the 12-character container id that API < 1.45 adds. */
export function userAliases(aliases: string[] | null | undefined, containerId: string): string[] | null {
	if (!aliases) return null;
	const shortId = containerId.slice(0, 12);
	return aliases.filter(alias => alias !== shortId && alias !== containerId);
}

/** Whether a container in this state can hold live network endpoints. */
export const isActive = (state: string): boolean => state === 'running' || state === 'paused' || state === 'restarting';

/** running; active = paused or restarting (endpoints may be missing for a moment); inactive. */
export type Activity = 'running' | 'active' | 'inactive';
export const activityOf = (state: string): Activity => (state === 'running' ? 'running' : isActive(state) ? 'active' : 'inactive');

/** A full engine id (64 hex digits); anything else in NetworkID is a name (Podman 4). */
export const isFullId = (text: string): boolean => /^[0-9a-f]{64}$/.test(text);

/** The id of the network an attachment names: its NetworkID (an id, or on Podman 4 a name), else its key. */
export function attachmentNetworkId(
	networkName: string,
	settings: RawEndpointSettings,
	networkIdByName: ReadonlyMap<string, string>,
): string | null {
	const given = nonEmpty(settings.NetworkID);
	if (given) return isFullId(given) ? given : (networkIdByName.get(given) ?? given);
	return networkIdByName.get(networkName) ?? null;
}

/**
 * What an attachment of a container in this state is. Docker marks a live endpoint with
 * its EndpointID; Podman sends EndpointID "" for live ones too, but they have an address.
 * A running container's entry with neither (left behind by a refused connect) is no
 * attachment at all: not live, and not "configured" either — the engine lets it connect.
 */
export function attachmentState(settings: RawEndpointSettings, state: Activity): 'live' | 'configured' | 'stale' {
	const hasEndpoint = Boolean(settings.EndpointID || settings.IPAddress || settings.GlobalIPv6Address);
	// After an unclean daemon stop, exited containers keep their old EndpointID and IP
	// (seen on 20.10); the engine has no such endpoint, so only an active container's count.
	if (state === 'inactive') return 'configured';
	if (hasEndpoint) return 'live';
	return state === 'running' ? 'stale' : 'configured';
}

/** One container's network settings -> live endpoints and configured-only attachments. */
export function attachmentsOf(
	containerId: string,
	networks: Record<string, RawEndpointSettings> | null | undefined,
	networkIdByName: ReadonlyMap<string, string>,
	aliasesKnown: boolean,
	state: Activity = 'running',
): {endpoints: Endpoint[]; configured: ConfiguredAttachment[]} {
	const endpoints: Endpoint[] = [];
	const configured: ConfiguredAttachment[] = [];
	for (const [networkName, settings] of Object.entries(networks ?? {})) {
		const networkId = attachmentNetworkId(networkName, settings, networkIdByName);
		// The default bridge never has aliases; elsewhere the list call gives null on old APIs.
		const aliases = settings.Aliases ? userAliases(settings.Aliases, containerId) : aliasesKnown ? [] : null;
		const staticIpv4 = nonEmpty(settings.IPAMConfig?.IPv4Address);
		const staticIpv6 = nonEmpty(settings.IPAMConfig?.IPv6Address);
		const unknown = settings.StaticUnknown ? {staticUnknown: true} : {};
		const kind = attachmentState(settings, state);
		if (kind === 'stale') continue;
		if (kind === 'live' && networkId) {
			endpoints.push({
				networkId,
				networkName,
				containerId,
				endpointId: settings.EndpointID ?? '',
				ipv4: nonEmpty(settings.IPAddress),
				ipv4PrefixLen: settings.IPAddress ? (settings.IPPrefixLen ?? null) : null,
				ipv6: nonEmpty(settings.GlobalIPv6Address),
				ipv6PrefixLen: settings.GlobalIPv6Address ? (settings.GlobalIPv6PrefixLen ?? null) : null,
				mac: nonEmpty(settings.MacAddress),
				gateway: nonEmpty(settings.Gateway),
				ipv6Gateway: nonEmpty(settings.IPv6Gateway),
				aliases,
				dnsNames: settings.DNSNames ? [...settings.DNSNames] : null,
				staticIpv4,
				staticIpv6,
				...unknown,
				links: [...(settings.Links ?? [])],
			});
		} else {
			configured.push({networkId, networkName, containerId, aliases, staticIpv4, staticIpv6, ...unknown});
		}
	}
	return {endpoints, configured};
}

export type RawSnapshot = {
	networks: Iterable<RawNetwork>;
	/** Containers from the list call, by id. */
	containers: Iterable<RawContainerSummary>;
	/** Container inspects loaded so far, by id. They win over list entries; an inspect
	 * without a list entry (a container created after the snapshot) counts too. */
	details?: ReadonlyMap<string, RawContainerInspect>;
};

/** The model's order: by name (code points), then id — a total order, so a list kept
 * sorted by insertion (domain/model.ts) is the list a full sort gives. */
export const byName = <T extends {name: string; id: string}>(a: T, b: T) =>
	a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

// Converting a raw container is the bulk of a rebuild; the raw objects are replaced,
// never mutated, so the result can be cached per object.
const containerCache = new WeakMap<object, Container>();
function convert<T extends object>(raw: T, fn: (raw: T) => Container): Container {
	let hit = containerCache.get(raw);
	if (!hit) {
		hit = fn(raw);
		containerCache.set(raw, hit);
	}
	return hit;
}

// Attachments too are cached per raw settings object: a rebuild after one event then
// re-creates nothing for the thousands of containers it did not touch, and unchanged
// endpoints keep their identity (memoized rows stay memoized). Only attachments without
// a NetworkID (configured, stopped) or with a name in it (Podman 4) look networks up by
// name; an entry is reused only while those names still give the same ids.
/** A container from its inspect (`inspected`) or its list entry, cached per raw object. */
export const containerOf = (raw: RawContainerInspect | RawContainerSummary, inspected: boolean): Container =>
	inspected ? convert(raw as RawContainerInspect, containerFromInspect) : convert(raw as RawContainerSummary, containerFromSummary);

const networkCache = new WeakMap<object, Network>();
/** networkFromRaw, cached per raw object. */
export function networkOf(raw: RawNetwork): Network {
	let hit = networkCache.get(raw);
	if (!hit) {
		hit = networkFromRaw(raw);
		networkCache.set(raw, hit);
	}
	return hit;
}

type CachedAttachments = ReturnType<typeof attachmentsOf> & {
	aliasesKnown: boolean;
	active: Activity;
	byName: Array<[string, string | undefined]>;
};
const attachmentCache = new WeakMap<object, CachedAttachments>();
/** attachmentsOf, cached per raw settings object (the arrays keep their identity while valid). */
export function cachedAttachments(
	containerId: string,
	settings: Record<string, RawEndpointSettings> | null | undefined,
	networkIdByName: ReadonlyMap<string, string>,
	aliasesKnown: boolean,
	active: Activity,
): ReturnType<typeof attachmentsOf> {
	if (!settings) return attachmentsOf(containerId, settings, networkIdByName, aliasesKnown, active);
	const hit = attachmentCache.get(settings);
	if (
		hit &&
		hit.aliasesKnown === aliasesKnown &&
		hit.active === active &&
		hit.byName.every(([name, id]) => networkIdByName.get(name) === id)
	)
		return hit;
	const found = attachmentsOf(containerId, settings, networkIdByName, aliasesKnown, active);
	const byName = Object.entries(settings)
		.filter(([, value]) => !value.NetworkID || !isFullId(value.NetworkID))
		.map(([name, value]): [string, string | undefined] => [value.NetworkID || name, networkIdByName.get(value.NetworkID || name)]);
	attachmentCache.set(settings, {...found, aliasesKnown, active, byName});
	return found;
}

/** Builds the whole model. */
export function buildTopology(snapshot: RawSnapshot): Topology {
	const networks = [...snapshot.networks].map(networkOf).sort(byName);
	const networkIdByName = new Map(networks.map(network => [network.name, network.id]));
	const containers: Container[] = [];
	const endpoints: Endpoint[] = [];
	const configured: ConfiguredAttachment[] = [];
	const details = snapshot.details ?? new Map<string, RawContainerInspect>();
	const add = (container: Container, settings: Record<string, RawEndpointSettings> | null | undefined, aliasesKnown: boolean) => {
		containers.push(container);
		const found = cachedAttachments(container.id, settings, networkIdByName, aliasesKnown, activityOf(container.state));
		for (const e of found.endpoints) endpoints.push(e);
		for (const a of found.configured) configured.push(a);
	};
	const seen = new Set<string>();
	for (const summary of snapshot.containers) {
		seen.add(summary.Id);
		const inspect = details.get(summary.Id);
		if (inspect) add(convert(inspect, containerFromInspect), inspect.NetworkSettings?.Networks, true);
		else add(convert(summary, containerFromSummary), summary.NetworkSettings?.Networks, false);
	}
	for (const [id, inspect] of details) {
		if (!seen.has(id)) add(convert(inspect, containerFromInspect), inspect.NetworkSettings?.Networks, true);
	}
	containers.sort(byName);
	return {networks, containers, endpoints, configured};
}
