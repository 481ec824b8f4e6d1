// Engine flavours as data (pure): which engine kinds and versions docknet knows, which the
// conformance suite has proven, and how they are named to the user. Detection from the
// engine's /version answer is in engine/flavor.ts.

export type EngineKind = 'docker' | 'podman' | 'unknown';

export type FlavorFeatures = {
	/** Live endpoints carry an EndpointID (Podman sends ""). */
	endpointIds: boolean;
	/** NetworkID in a container's settings is the network's name, not its id (Podman 4). */
	networkIdIsName: boolean;
	/** The default network's own name: listed as `bridge`, keyed as this in containers. */
	defaultNetworkName: string;
	/** Whether the engine checks for users when a network is removed by id (Podman only by name). */
	removeByIdChecksUse: boolean;
	/** The network event for a removal: `destroy` (Docker), `remove` (Podman 5), none (Podman 4). */
	networkRemoveEvent: 'destroy' | 'remove' | null;
	/** Whether network create is announced by an event (not on Podman 4). */
	networkCreateEvent: boolean;
	/** Container DNS on user-defined networks: Docker's 127.0.0.11, or aardvark-dns on the gateway. */
	dns: 'embedded' | 'gateway';
	/** IPAMConfig (static --ip/--ip6) is visible in container settings. */
	staticIpsVisible: boolean;
};

export type EngineFlavor = {
	kind: EngineKind;
	/** The engine's own version (Podman's, not the API's), '' when unknown. */
	version: string;
	apiVersion: string;
	/** Matched by an entry of PROVEN: the conformance suite passes on it. */
	proven: boolean;
	features: FlavorFeatures;
};

/** Engine kinds and versions the conformance suite has proven (version prefix match). */
export const PROVEN: ReadonlyArray<{kind: EngineKind; version: string}> = [
	{kind: 'docker', version: '20.10'},
	{kind: 'docker', version: '26.1'},
	{kind: 'docker', version: '28.5'},
	{kind: 'podman', version: '4.3'},
	{kind: 'podman', version: '5'},
];

/** Whether `version` is `prefix` or starts with `prefix.` (so 5 matches 5.4.2, 26.1 not 26.10). */
export function versionMatches(version: string, prefix: string): boolean {
	return version === prefix || version.startsWith(`${prefix}.`);
}

export function isProven(kind: EngineKind, version: string, proven = PROVEN): boolean {
	return proven.some(p => p.kind === kind && versionMatches(version, p.version));
}

/** "Podman 4.3.1", "Docker 26.1.5", "unknown engine 1.2". */
export function flavorLabel(f: Pick<EngineFlavor, 'kind' | 'version'>): string {
	const name = f.kind === 'podman' ? 'Podman' : f.kind === 'docker' ? 'Docker' : 'unknown engine';
	return f.version ? `${name} ${f.version}` : name;
}

/** The notice for an engine the conformance suite has not proven; null when proven. */
export function unprovenNotice(f: Pick<EngineFlavor, 'kind' | 'version' | 'proven'>): string | null {
	if (f.proven) return null;
	const list = PROVEN.map(p => flavorLabel(p)).join(', ');
	return `${flavorLabel(f)} is not proven by docknet's conformance suite (proven: ${list}); destructive changes ask for one more confirmation`;
}

/** The flavour as `ls --json` and operation documents show it. */
export const flavorJson = (f: EngineFlavor) => ({kind: f.kind, version: f.version, apiVersion: f.apiVersion, proven: f.proven});
