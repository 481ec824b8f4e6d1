// EnginePort: everything docknet asks of a Docker engine. The rest of the code sees
// only this interface and the raw Engine API shapes below; engine/dockerode.ts is the
// one adapter, and tests use an in-memory one (test/helpers/memory-engine.ts).

import type {EngineFlavor} from '../domain/engine-flavor.js';

/** Engine API JSON as the engine sends it (PascalCase). Only the fields docknet reads are typed. */
export type RawIpamConfig = {
	Subnet?: string;
	IPRange?: string;
	Gateway?: string;
	AuxiliaryAddresses?: Record<string, string> | null;
};

export type RawNetwork = {
	Name: string;
	Id: string;
	Created?: string;
	Scope?: string;
	Driver?: string;
	EnableIPv6?: boolean;
	IPAM?: {Driver?: string; Options?: Record<string, string> | null; Config?: RawIpamConfig[] | null};
	Internal?: boolean;
	Attachable?: boolean;
	Ingress?: boolean;
	ConfigOnly?: boolean;
	ConfigFrom?: {Network?: string};
	/** Empty in the list call; filled by network inspect. Keyed by container id. */
	Containers?: Record<string, {Name?: string; EndpointID?: string; MacAddress?: string; IPv4Address?: string; IPv6Address?: string}> | null;
	Options?: Record<string, string> | null;
	Labels?: Record<string, string> | null;
};

export type RawEndpointSettings = {
	IPAMConfig?: {IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[]} | null;
	Links?: string[] | null;
	Aliases?: string[] | null;
	NetworkID?: string;
	EndpointID?: string;
	Gateway?: string;
	IPAddress?: string;
	IPPrefixLen?: number;
	IPv6Gateway?: string;
	GlobalIPv6Address?: string;
	GlobalIPv6PrefixLen?: number;
	MacAddress?: string;
	DriverOpts?: Record<string, string> | null;
	/** API >= 1.44 only. */
	DNSNames?: string[] | null;
	/** docknet's own mark (set by the flavour wrapper): the engine does not show static addresses (Podman's IPAMConfig is always null). */
	StaticUnknown?: boolean;
};

export type RawPort = {IP?: string; PrivatePort: number; PublicPort?: number; Type: string};

/** One entry of GET /containers/json?all=1. */
export type RawContainerSummary = {
	Id: string;
	Names?: string[];
	Image?: string;
	ImageID?: string;
	Command?: string;
	Created?: number;
	Ports?: RawPort[];
	Labels?: Record<string, string> | null;
	State?: string;
	Status?: string;
	HostConfig?: {NetworkMode?: string};
	NetworkSettings?: {Networks?: Record<string, RawEndpointSettings> | null};
};

/** GET /containers/{id}/json. */
export type RawContainerInspect = {
	Id: string;
	Name?: string;
	Created?: string;
	Image?: string;
	State?: {
		Status?: string;
		Running?: boolean;
		Paused?: boolean;
		Restarting?: boolean;
		Pid?: number;
		ExitCode?: number;
		StartedAt?: string;
		FinishedAt?: string;
	};
	Config?: {
		Image?: string;
		Hostname?: string;
		Domainname?: string;
		Labels?: Record<string, string> | null;
		ExposedPorts?: Record<string, unknown> | null;
		Cmd?: string[] | null;
		Entrypoint?: string[] | null;
	};
	HostConfig?: {
		NetworkMode?: string;
		PortBindings?: Record<string, Array<{HostIp?: string; HostPort?: string}> | null> | null;
		Links?: string[] | null;
		ExtraHosts?: string[] | null;
		Dns?: string[] | null;
		PidMode?: string;
	};
	NetworkSettings?: {
		Ports?: Record<string, Array<{HostIp?: string; HostPort?: string}> | null> | null;
		Networks?: Record<string, RawEndpointSettings> | null;
	};
};

export type RawEvent = {
	Type: string; // 'network' | 'container' | ...
	Action: string; // create, connect, disconnect, destroy, start, die, rename, ...
	Actor: {ID: string; Attributes?: Record<string, string>};
	time?: number;
	timeNano?: number;
};

export type EngineInfo = {
	/** Human description of where we talk, e.g. unix:///var/run/docker.sock */
	endpoint: string;
	apiVersion: string;
	serverVersion: string;
	os?: string;
	/** GET /version's Components (names Docker's "Engine" or "Podman Engine"). */
	components?: Array<{Name?: string; Version?: string}> | null;
	/** Which engine this is; set by the flavour wrapper (engine/flavored-engine.ts). */
	flavor?: EngineFlavor;
};

export type NetworkCreateSpec = {
	name: string;
	driver?: string;
	internal?: boolean;
	attachable?: boolean;
	enableIPv6?: boolean;
	ipam?: Array<{subnet: string; gateway?: string; ipRange?: string}>;
	labels?: Record<string, string>;
	options?: Record<string, string>;
};

export type ConnectSpec = {
	aliases?: string[];
	ipv4?: string;
	ipv6?: string;
};

export type ExecSpec = {
	argv: string[];
	user?: string;
	env?: string[];
	signal?: AbortSignal;
	onStdout?: (chunk: string) => void;
	onStderr?: (chunk: string) => void;
	/** Called with the exec's id once it exists (before it starts), for inspectExec. */
	onCreated?: (execId: string) => void;
};

export type ExecResult = {exitCode: number | null};

/** GET /exec/{id}/json: whether the process still runs (aborting the stream does not stop it). */
export type ExecState = {running: boolean; exitCode: number | null; pid: number | null};

export type HelperContainerSpec = {
	name: string;
	image: string;
	argv: string[];
	/** e.g. `container:<id>` to share the source's network namespace. */
	networkMode: string;
	pidMode?: string;
	labels?: Record<string, string>;
	/** Remove the container when its process ends (docker run --rm). */
	autoRemove?: boolean;
	/**
	 * Keep the container's stdin attached to this process for its whole life (it is
	 * closed when this process ends, however it ends — even SIGKILL): a command that
	 * reads stdin to its end (e.g. `cat`) then exits, and the helper with it.
	 */
	leash?: boolean;
};

export type EventSubscription = {
	/** Resolves once the stream is open (so a snapshot taken after it misses nothing). */
	ready: Promise<void>;
	/** Resolves/rejects when the stream ends (engine gone, aborted). */
	done: Promise<void>;
	/** The stream opens on a connection of its own that takes long to set up (ssh: a
	 * session and a remote `docker system dial-stdio`), so `ready` comes well after reads. */
	slowStart?: boolean;
};

/** Why an engine call failed, in terms the UI can explain. */
export type EngineErrorKind =
	| 'unreachable' // no engine at the endpoint
	| 'permission' // socket refuses access (EACCES)
	| 'not-found'
	| 'conflict' // already exists / already connected
	| 'forbidden' // predefined network, active endpoints
	| 'invalid' // engine rejected the parameters
	| 'server';

export class EngineError extends Error {
	constructor(
		readonly kind: EngineErrorKind,
		/** The engine's own message, verbatim. */
		message: string,
		readonly statusCode?: number,
	) {
		super(message);
		this.name = 'EngineError';
	}
}

export interface EnginePort {
	/** Human description of the endpoint, for the status line and error messages. */
	readonly endpoint: string;
	info(): Promise<EngineInfo>;
	/** GET /_ping: the cheapest call there is, for noticing a hung engine. Rejects when
	 * `signal` aborts (the caller's timeout), so a stopped engine cannot hold it forever. */
	ping(signal: AbortSignal): Promise<void>;
	listNetworks(): Promise<RawNetwork[]>;
	/** GET /containers/json?all=1; `filter.network` (ids or names) narrows it on the engine's
	 * side — an engine may ignore it, so callers still select what they need. */
	listContainers(filter?: {network?: string[]}): Promise<RawContainerSummary[]>;
	inspectNetwork(idOrName: string): Promise<RawNetwork>;
	inspectContainer(idOrName: string): Promise<RawContainerInspect>;
	/** Many container inspects at once, in order (pipelined where the transport allows):
	 * each a value or the error that one call would have thrown. Optional. */
	inspectContainerMany?(ids: readonly string[]): Promise<Array<{value: RawContainerInspect} | {error: EngineError}>>;
	/** Network and container events; `onEvent` is called for each. */
	subscribeEvents(onEvent: (event: RawEvent) => void, signal: AbortSignal): EventSubscription;

	connectNetwork(network: string, container: string, spec: ConnectSpec): Promise<void>;
	disconnectNetwork(network: string, container: string, force: boolean): Promise<void>;
	createNetwork(spec: NetworkCreateSpec): Promise<{id: string; warning?: string}>;
	removeNetwork(idOrName: string): Promise<void>;
	/** Returns the names of the networks the engine deleted. */
	pruneNetworks(filters?: Record<string, string[]>): Promise<string[]>;

	exec(container: string, spec: ExecSpec): Promise<ExecResult>;
	inspectExec(execId: string): Promise<ExecState>;
	hasImage(ref: string): Promise<boolean>;
	runHelper(spec: HelperContainerSpec): Promise<{id: string}>;
	removeContainer(idOrName: string, force: boolean): Promise<void>;
	/** docker start / docker unpause (a fix of the probe panel). */
	startContainer(idOrName: string): Promise<void>;
	unpauseContainer(idOrName: string): Promise<void>;
	/** Processes in a container (docker top): [pid, command] pairs. */
	top(container: string): Promise<Array<{pid: string; command: string}>>;
}
