// The topology model: what docknet knows about networks, containers and who is
// attached where. Pure data; every string is the engine's own, unsanitized
// (format/sanitize.ts makes it safe for the terminal, --json keeps it raw).

export type IpamConfig = {subnet: string | null; gateway: string | null; ipRange: string | null; auxAddresses: Record<string, string>};

export type PredefinedKind = 'bridge' | 'host' | 'none';

export type Network = {
	id: string;
	name: string;
	driver: string;
	scope: string;
	created: string | null;
	internal: boolean;
	attachable: boolean;
	ingress: boolean;
	configOnly: boolean;
	configFrom: string | null;
	enableIPv6: boolean;
	ipamDriver: string;
	ipamOptions: Record<string, string>;
	ipam: IpamConfig[];
	options: Record<string, string>;
	labels: Record<string, string>;
	/** bridge/host/none as created by the engine itself (cannot be removed). */
	predefined: PredefinedKind | null;
};

export type PublishedPort = {
	containerPort: number;
	protocol: string;
	hostIp: string | null;
	hostPort: number | null;
};

export type ContainerState = 'running' | 'created' | 'restarting' | 'exited' | 'paused' | 'dead' | 'removing' | string;

export type NetworkMode =
	| {kind: 'default'} // default bridge (NetworkMode "default" or "bridge")
	| {kind: 'host'}
	| {kind: 'none'}
	| {kind: 'container'; target: string}
	| {kind: 'network'; name: string};

export type Container = {
	id: string;
	name: string;
	image: string;
	imageId: string | null;
	command: string | null;
	created: number | null;
	state: ContainerState;
	status: string;
	networkModeRaw: string;
	networkMode: NetworkMode;
	ports: PublishedPort[];
	labels: Record<string, string>;
	compose: {project: string; service: string | null} | null;
	/** Filled from container inspect; null until the details have loaded. */
	details: ContainerDetails | null;
};

export type ContainerDetails = {
	hostname: string | null;
	exposedPorts: Array<{port: number; protocol: string}>;
	links: string[];
	extraHosts: string[];
	dns: string[];
	pid: number | null;
	pidMode: string | null;
};

/** A live endpoint: a running container attached to a network. */
export type Endpoint = {
	networkId: string;
	networkName: string;
	containerId: string;
	endpointId: string;
	ipv4: string | null;
	ipv4PrefixLen: number | null;
	ipv6: string | null;
	ipv6PrefixLen: number | null;
	mac: string | null;
	gateway: string | null;
	ipv6Gateway: string | null;
	/** User-set aliases, without the short container id that API < 1.45 adds. Null until details loaded. */
	aliases: string[] | null;
	/** DNSNames as the engine reports them (API >= 1.44); null when the API does not give them. */
	dnsNames: string[] | null;
	/** Static addresses requested with --ip/--ip6 (IPAMConfig). */
	staticIpv4: string | null;
	staticIpv6: string | null;
	/** The engine does not show static addresses (Podman): null above means "unknown", not "none". */
	staticUnknown?: boolean;
	links: string[];
};

/** A network a container is configured on but not attached to right now (it is stopped). */
export type ConfiguredAttachment = {
	networkId: string | null;
	networkName: string;
	containerId: string;
	aliases: string[] | null;
	staticIpv4: string | null;
	staticIpv6: string | null;
	staticUnknown?: boolean;
};

export type Topology = {
	networks: Network[];
	containers: Container[];
	endpoints: Endpoint[];
	configured: ConfiguredAttachment[];
};
