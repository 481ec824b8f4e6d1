// Compact copies of the raw Engine API objects the explorer's feed keeps between events:
// only the fields the model (topology.ts) and the consistency check (hooks/feed-drift.ts)
// read. A container inspect is ~4.5 KB of JSON with mounts, env, graph driver, state
// timestamps…; at 5000 containers the full objects were ~24 MiB of live heap. The
// copies share the parsed strings, so the full answer is young garbage at once.
import type {RawContainerInspect, RawEndpointSettings, RawNetwork} from '../engine/port.js';

/** Copies the listed keys that are present (absent stays absent: the model tells them apart). */
function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
	const out = {} as Pick<T, K>;
	for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
	return out;
}

const ENDPOINT_KEYS = [
	'IPAMConfig',
	'Links',
	'Aliases',
	'NetworkID',
	'EndpointID',
	'Gateway',
	'IPAddress',
	'IPPrefixLen',
	'IPv6Gateway',
	'GlobalIPv6Address',
	'GlobalIPv6PrefixLen',
	'MacAddress',
	'DNSNames',
	'StaticUnknown',
] as const satisfies ReadonlyArray<keyof RawEndpointSettings>;

function compactEndpoints(
	networks: Record<string, RawEndpointSettings> | null | undefined,
): Record<string, RawEndpointSettings> | null | undefined {
	if (!networks) return networks;
	const out: Record<string, RawEndpointSettings> = {};
	for (const [name, settings] of Object.entries(networks)) {
		const endpoint: RawEndpointSettings = pick(settings, ENDPOINT_KEYS);
		// IPAMConfig: only the two addresses are read (LinkLocalIPs is not).
		if (settings.IPAMConfig) endpoint.IPAMConfig = pick(settings.IPAMConfig, ['IPv4Address', 'IPv6Address'] as const);
		out[name] = endpoint;
	}
	return out;
}

export function compactInspect(raw: RawContainerInspect): RawContainerInspect {
	const out: RawContainerInspect = pick(raw, ['Id', 'Name', 'Created', 'Image'] as const);
	if (raw.State) out.State = pick(raw.State, ['Status', 'Running', 'Paused', 'Restarting', 'Pid', 'ExitCode'] as const);
	if (raw.Config) out.Config = pick(raw.Config, ['Image', 'Hostname', 'Labels', 'ExposedPorts', 'Cmd', 'Entrypoint'] as const);
	if (raw.HostConfig) out.HostConfig = pick(raw.HostConfig, ['NetworkMode', 'Links', 'ExtraHosts', 'Dns', 'PidMode'] as const);
	if (raw.NetworkSettings)
		out.NetworkSettings = {Ports: raw.NetworkSettings.Ports, Networks: compactEndpoints(raw.NetworkSettings.Networks)};
	return out;
}

/** Networks: everything but the member list a network inspect carries (the model reads
 * members from the containers). */
export function compactNetwork(raw: RawNetwork): RawNetwork {
	if (raw.Containers === undefined) return raw;
	const {Containers: _members, ...rest} = raw;
	return rest;
}
