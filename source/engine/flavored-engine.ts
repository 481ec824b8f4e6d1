// The adapter as the rest of docknet sees it: any EnginePort, with the engine's flavour
// detected once (GET /version) and its answers normalised to Docker's shapes, its
// errors mapped to the same kinds, and network removal done the way that engine
// protects networks in use (Podman checks for users only when removing by name).
import {flavorOfInfo, type EngineFlavor} from './flavor.js';
import {watchNetworks} from './network-watch.js';
import {normalizeContainerInspect, normalizeContainerSummary, normalizeEvent, normalizeNetwork} from './normalize-podman.js';
import {
	EngineError,
	type ConnectSpec,
	type EngineInfo,
	type EnginePort,
	type EventSubscription,
	type ExecResult,
	type ExecSpec,
	type ExecState,
	type HelperContainerSpec,
	type NetworkCreateSpec,
	type RawContainerInspect,
	type RawContainerSummary,
	type RawEvent,
	type RawNetwork,
} from './port.js';

/** Podman 4.3 answers a connect of an already connected container with a 500, Podman 5 with a 403 "network is already connected"; Docker with 403 "already exists". */
const ALREADY_CONNECTED = /already (connected|exists)|is already attached/i;

/**
 * Podman answers 500 "… no such container" (5.x: "no container with ID … found in
 * database", 4.3: "container … does not exist in database") for a container removed
 * while it looked it up: that is a not-found (a load then leaves it out).
 */
function vanishedAsNotFound<E>(error: E, podman: unknown): E | EngineError {
	if (podman && error instanceof EngineError && error.kind === 'server' && /no such container/.test(error.message))
		return new EngineError('not-found', error.message, error.statusCode);
	return error;
}

export class FlavoredEngine implements EnginePort {
	private detected: Promise<{info: EngineInfo; flavor: EngineFlavor}> | null = null;
	/** The detection's GET /version is still on its way. */
	private detecting = false;
	/** Network name -> id from the last answers (Podman's events name networks). */
	private readonly idByName = new Map<string, string>();

	constructor(
		readonly inner: EnginePort,
		private readonly options: {networkWatchMs?: number} = {},
	) {}

	get endpoint(): string {
		return this.inner.endpoint;
	}

	/** Detects once; a failed detection (engine down) is retried on the next call. */
	private detect(): Promise<{info: EngineInfo; flavor: EngineFlavor}> {
		if (this.detected) return this.detected;
		this.detecting = true;
		this.detected = this.inner.info().then(
			info => {
				this.detecting = false;
				return {info, flavor: flavorOfInfo(info)};
			},
			error => {
				this.detecting = false;
				this.detected = null;
				throw error;
			},
		);
		return this.detected;
	}

	async flavor(): Promise<EngineFlavor> {
		return (await this.detect()).flavor;
	}

	private async podman(): Promise<EngineFlavor | null> {
		const flavor = await this.flavor();
		return flavor.kind === 'podman' ? flavor : null;
	}

	/** GET /_ping (the feed's liveness check), forwarded where the inner engine has it. */
	ping(signal: AbortSignal): Promise<void> {
		const inner = this.inner as EnginePort & {ping?: (signal: AbortSignal) => Promise<void>};
		return inner.ping ? inner.ping(signal) : this.inner.info().then(() => undefined);
	}

	async info(): Promise<EngineInfo> {
		// Fresh every time (the feed shows it after a reconnect), the flavour from the first;
		// a call made while the detection's GET /version is on its way (or that starts it)
		// answers with that reply: over ssh each request waits its turn on one connection.
		const shared = this.detected === null || this.detecting;
		const detected = await this.detect();
		const info = shared ? detected.info : await this.inner.info();
		return {...info, flavor: detected.flavor};
	}

	private remember(networks: RawNetwork[]): RawNetwork[] {
		for (const n of networks) this.idByName.set(n.Name, n.Id);
		return networks;
	}

	async listNetworks(): Promise<RawNetwork[]> {
		const [raw, p] = await Promise.all([this.inner.listNetworks(), this.podman()]);
		return this.remember(p ? raw.map(n => normalizeNetwork(n, p.features)) : raw);
	}

	async listContainers(filter?: {network?: string[]}): Promise<RawContainerSummary[]> {
		const [raw, p] = await Promise.all([this.inner.listContainers(filter), this.podman()]);
		return p ? raw.map(c => normalizeContainerSummary(c, p.features)) : raw;
	}

	async inspectNetwork(idOrName: string): Promise<RawNetwork> {
		const p = await this.podman();
		// Podman knows its default network as `podman`; `bridge` is the compat alias.
		const raw = await this.inner.inspectNetwork(p && idOrName === 'bridge' ? p.features.defaultNetworkName : idOrName);
		return this.remember([p ? normalizeNetwork(raw, p.features) : raw])[0]!;
	}

	async inspectContainer(idOrName: string): Promise<RawContainerInspect> {
		const [raw, p] = await Promise.all([
			this.inner.inspectContainer(idOrName).catch(async (error: unknown) => {
				throw vanishedAsNotFound(error, await this.podman());
			}),
			this.podman(),
		]);
		return p ? normalizeContainerInspect(raw, p.features) : raw;
	}

	async inspectContainerMany(ids: readonly string[]): Promise<Array<{value: RawContainerInspect} | {error: EngineError}>> {
		const many = this.inner.inspectContainerMany?.bind(this.inner);
		const [raw, p] = await Promise.all([
			many
				? many(ids)
				: Promise.all(
						ids.map(id =>
							this.inner.inspectContainer(id).then(
								value => ({value}),
								(error: unknown) => ({error: error as EngineError}),
							),
						),
					),
			this.podman(),
		]);
		return p
			? raw.map(r => ('value' in r ? {value: normalizeContainerInspect(r.value, p.features)} : {error: vanishedAsNotFound(r.error, p)}))
			: raw;
	}

	subscribeEvents(onEvent: (event: RawEvent) => void, signal: AbortSignal): EventSubscription {
		// Events that arrive before the flavour is known wait for it, in order.
		let flavor: EngineFlavor | null = null;
		let queue: RawEvent[] | null = [];
		const deliver = (event: RawEvent) => {
			if (!flavor || flavor.kind !== 'podman') return onEvent(event);
			const normalized = normalizeEvent(event, flavor.features);
			const id = normalized.Type === 'network' ? this.idByName.get(normalized.Actor.ID) : undefined;
			onEvent(id ? {...normalized, Actor: {...normalized.Actor, ID: id}} : normalized);
		};
		// The detection first: over ssh its connection then logs in for the stream's, and the
		// reads (the first picture) do not wait behind the stream's own remote start.
		const detected = this.flavor();
		const subscription = this.inner.subscribeEvents(event => (queue ? queue.push(event) : deliver(event)), signal);
		const known = detected.then(async f => {
			flavor = f;
			const pending = queue ?? [];
			queue = null;
			for (const event of pending) deliver(event);
			// No network create/remove events on this engine: watch the list instead.
			if (!f.features.networkCreateEvent || !f.features.networkRemoveEvent) {
				const stop = new AbortController();
				const end = () => stop.abort();
				signal.addEventListener('abort', end, {once: true});
				subscription.done.then(end, end);
				const watch = watchNetworks(() => this.listNetworks(), onEvent, stop.signal, this.options.networkWatchMs);
				await watch.ready;
			}
		});
		// Not ready until the flavour is known: without it Podman's events would pass raw, so a
		// failed detection fails the subscription (the feed reconnects and detects again).
		const ready = Promise.all([subscription.ready, known]).then(() => {});
		ready.catch(() => {});
		return {ready, done: subscription.done, ...(subscription.slowStart ? {slowStart: true} : {})};
	}

	async connectNetwork(network: string, container: string, spec: ConnectSpec): Promise<void> {
		try {
			await this.inner.connectNetwork(network, container, spec);
		} catch (error) {
			if (
				error instanceof EngineError &&
				(error.kind === 'server' || error.kind === 'forbidden') &&
				ALREADY_CONNECTED.test(error.message)
			) {
				throw new EngineError('conflict', error.message, error.statusCode);
			}
			throw error;
		}
	}

	disconnectNetwork(network: string, container: string, force: boolean): Promise<void> {
		return this.inner.disconnectNetwork(network, container, force);
	}

	createNetwork(spec: NetworkCreateSpec): Promise<{id: string; warning?: string}> {
		return this.inner.createNetwork(spec);
	}

	/** Removes by name where the engine checks for users only then (Podman removes by id without checking). */
	async removeNetwork(idOrName: string): Promise<void> {
		const flavor = await this.flavor();
		if (flavor.features.removeByIdChecksUse) return this.inner.removeNetwork(idOrName);
		const raw = await this.inner.inspectNetwork(idOrName);
		return this.inner.removeNetwork(raw.Name);
	}

	pruneNetworks(filters?: Record<string, string[]>): Promise<string[]> {
		return this.inner.pruneNetworks(filters);
	}

	exec(container: string, spec: ExecSpec): Promise<ExecResult> {
		return this.inner.exec(container, spec);
	}

	inspectExec(execId: string): Promise<ExecState> {
		return this.inner.inspectExec(execId);
	}

	hasImage(ref: string): Promise<boolean> {
		return this.inner.hasImage(ref);
	}

	runHelper(spec: HelperContainerSpec): Promise<{id: string}> {
		return this.inner.runHelper(spec);
	}

	removeContainer(idOrName: string, force: boolean): Promise<void> {
		return this.inner.removeContainer(idOrName, force);
	}

	/** Ends the adapter's connections (ssh children); the switcher calls it for an old engine. */
	close(): void {
		(this.inner as EnginePort & {close?: () => void}).close?.();
	}

	startContainer(idOrName: string): Promise<void> {
		return this.inner.startContainer(idOrName);
	}

	unpauseContainer(idOrName: string): Promise<void> {
		return this.inner.unpauseContainer(idOrName);
	}

	top(container: string): Promise<Array<{pid: string; command: string}>> {
		return this.inner.top(container);
	}
}

/** The engine with its flavour applied (idempotent). */
export const withFlavor = (engine: EnginePort): EnginePort => (engine instanceof FlavoredEngine ? engine : new FlavoredEngine(engine));
