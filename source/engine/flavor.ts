// Which engine answers (Docker, or Podman's Docker-compatible API), its version, and how
// its answers differ from Docker's. Detected once per connection from GET /version; the
// adapter wrapper (flavored-engine.ts) normalises the differences so the rest of docknet
// sees one model. Pure: no engine calls here.
import {isProven, PROVEN, type EngineFlavor, type EngineKind, type FlavorFeatures} from '../domain/engine-flavor.js';

export type {EngineFlavor, EngineKind, FlavorFeatures} from '../domain/engine-flavor.js';

/** GET /version, the fields that tell engines apart. */
export type RawVersion = {
	Version?: string;
	ApiVersion?: string;
	Os?: string;
	Components?: Array<{Name?: string; Version?: string; Details?: Record<string, unknown> | null}> | null;
};

const DOCKER_FEATURES: FlavorFeatures = {
	endpointIds: true,
	networkIdIsName: false,
	defaultNetworkName: 'bridge',
	removeByIdChecksUse: true,
	networkRemoveEvent: 'destroy',
	networkCreateEvent: true,
	dns: 'embedded',
	staticIpsVisible: true,
};

const major = (version: string): number => Number.parseInt(version, 10);

function podmanFeatures(version: string): FlavorFeatures {
	const m = major(version);
	return {
		endpointIds: false,
		networkIdIsName: !(m >= 5),
		defaultNetworkName: 'podman',
		removeByIdChecksUse: false,
		networkRemoveEvent: m >= 5 ? 'remove' : null,
		networkCreateEvent: m >= 5,
		dns: 'gateway',
		staticIpsVisible: false,
	};
}

export function detectFlavor(raw: RawVersion, proven = PROVEN): EngineFlavor {
	const components = raw.Components ?? [];
	const podman = components.find(c => /podman/i.test(c.Name ?? ''));
	const docker = components.find(c => c.Name === 'Engine');
	const apiVersion = raw.ApiVersion ?? '';
	if (podman) {
		const version = podman.Version ?? raw.Version ?? '';
		return {kind: 'podman', version, apiVersion, proven: isProven('podman', version, proven), features: podmanFeatures(version)};
	}
	// Docker's own /version always names an "Engine" component; anything else answering the
	// API (or an old engine without Components) is treated like Docker but not proven.
	const kind: EngineKind = docker ? 'docker' : 'unknown';
	const version = docker?.Version ?? raw.Version ?? '';
	return {kind, version, apiVersion, proven: isProven(kind, version, proven), features: DOCKER_FEATURES};
}

/** The flavour of an engine's info() (the wrapper sets it; detected from the answer otherwise). */
export function flavorOfInfo(info: {
	serverVersion: string;
	apiVersion: string;
	os?: string;
	components?: RawVersion['Components'];
	flavor?: EngineFlavor;
}): EngineFlavor {
	return info.flavor ?? detectFlavor({Version: info.serverVersion, ApiVersion: info.apiVersion, Os: info.os, Components: info.components});
}
