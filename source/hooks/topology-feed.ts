// Keeps a Topology current without polling: subscribe to events, take a snapshot
// (two list calls) for the first frame, then fill in container inspects with bounded
// concurrency; afterwards each event re-reads only what it touched. When the stream
// drops, the last topology stays and we reconnect with backoff and a fresh snapshot.
// Framework-free so the CLI, tests and benchmarks can use it; use-topology wraps it.
import type {EngineInfo, EnginePort, RawContainerInspect, RawContainerSummary, RawEvent, RawNetwork} from '../engine/port.js';
import {EngineError} from '../engine/port.js';
import {buildTopology} from '../domain/topology.js';
import type {Topology} from '../domain/types.js';
import {mapBounded} from '../commands/load-topology.js';

export type FeedStatus = 'connecting' | 'connected' | 'reconnecting';

export type FeedState = {
	topology: Topology | null;
	status: FeedStatus;
	/** Last connection problem, shown while reconnecting. */
	error: string | null;
	info: EngineInfo | null;
	/** Container inspects still to load after the first frame. */
	pendingDetails: number;
};

export type FeedOptions = {
	concurrency?: number;
	/** Events arriving within this window are applied together. */
	batchMs?: number;
	backoffMs?: {initial: number; max: number};
	/** Container details start loading only once this settles (the explorer: after its
	 * first frame, so ~100 inspects do not compete with loading the UI). */
	detailsAfter?: Promise<unknown>;
};

// Container actions that can change what we show. exec_*, attach, top, resize… do not.
const CONTAINER_ACTIONS = new Set(['create', 'start', 'restart', 'die', 'stop', 'destroy', 'rename', 'pause', 'unpause', 'update', 'kill', 'oom']);

export class TopologyFeed {
	state: FeedState = {topology: null, status: 'connecting', error: null, info: null, pendingDetails: 0};
	private readonly networks = new Map<string, RawNetwork>();
	private readonly containers = new Map<string, RawContainerSummary>();
	private readonly details = new Map<string, RawContainerInspect>();
	private readonly listeners = new Set<(state: FeedState) => void>();
	private readonly abort = new AbortController();
	private dirtyNetworks = new Set<string>();
	private dirtyContainers = new Set<string>();
	private removedNetworks = new Set<string>();
	private removedContainers = new Set<string>();
	private batchTimer: NodeJS.Timeout | null = null;
	private generation = 0;
	private readonly concurrency: number;
	private readonly batchMs: number;
	private readonly backoff: {initial: number; max: number};
	private readonly detailsAfter: Promise<unknown> | undefined;

	constructor(
		private readonly engine: EnginePort,
		options: FeedOptions = {},
	) {
		this.concurrency = options.concurrency ?? 8;
		this.batchMs = options.batchMs ?? 25;
		this.backoff = options.backoffMs ?? {initial: 250, max: 5000};
		this.detailsAfter = options.detailsAfter;
	}

	subscribe(listener: (state: FeedState) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Starts following the engine; resolves after the first snapshot (or the first failure). */
	start(): Promise<void> {
		let firstDone!: () => void;
		const first = new Promise<void>(resolve => (firstDone = resolve));
		void this.run(firstDone);
		return first;
	}

	stop(): void {
		this.abort.abort();
		if (this.batchTimer) clearTimeout(this.batchTimer);
		this.listeners.clear();
	}

	/** Re-read everything now (e.g. after an operation whose events we want sooner). */
	refreshContainer(id: string): void {
		this.dirtyContainers.add(id);
		this.scheduleBatch();
	}

	private emit(patch: Partial<FeedState>): void {
		this.state = {...this.state, ...patch};
		for (const listener of this.listeners) listener(this.state);
	}

	private rebuild(): Topology {
		return buildTopology({networks: this.networks.values(), containers: this.containers.values(), details: this.details});
	}

	private async run(firstDone: () => void): Promise<void> {
		let delay = this.backoff.initial;
		while (!this.abort.signal.aborted) {
			const generation = ++this.generation;
			const streamAbort = new AbortController();
			const stopStream = () => streamAbort.abort();
			this.abort.signal.addEventListener('abort', stopStream, {once: true});
			try {
				const subscription = this.engine.subscribeEvents(event => this.onEvent(event), streamAbort.signal);
				// When `ready` fails, `done` fails too and is never awaited: mark it handled.
				subscription.done.catch(() => {});
				await subscription.ready;
				const [info, networks, containers] = await Promise.all([
					this.engine.info(),
					this.engine.listNetworks(),
					this.engine.listContainers(),
				]);
				this.networks.clear();
				for (const network of networks) this.networks.set(network.Id, network);
				this.containers.clear();
				for (const container of containers) this.containers.set(container.Id, container);
				// Inspects from a previous connection may be stale: keep them for display
				// until fresh ones arrive, but drop containers that are gone.
				for (const id of this.details.keys()) if (!this.containers.has(id)) this.details.delete(id);
				this.emit({topology: this.rebuild(), status: 'connected', error: null, info, pendingDetails: containers.length});
				firstDone();
				delay = this.backoff.initial;
				void this.loadDetails(containers.map(c => c.Id), generation);
				await subscription.done;
				if (this.abort.signal.aborted) return;
				throw new EngineError('unreachable', 'the event stream ended');
			} catch (error) {
				streamAbort.abort();
				if (this.abort.signal.aborted) return;
				const message = error instanceof Error ? error.message : String(error);
				this.emit({status: 'reconnecting', error: message});
				firstDone();
				await new Promise(resolve => setTimeout(resolve, delay));
				delay = Math.min(delay * 2, this.backoff.max);
			} finally {
				this.abort.signal.removeEventListener('abort', stopStream);
			}
		}
	}

	private async loadDetails(ids: string[], generation: number): Promise<void> {
		let pending = ids.length;
		let lastEmit = 0;
		let rebuildMs = 0;
		await this.detailsAfter?.catch(() => {});
		await mapBounded(ids, this.concurrency, async id => {
			if (this.abort.signal.aborted || generation !== this.generation) return;
			try {
				const inspect = await this.engine.inspectContainer(id);
				if (this.containers.has(id) || this.details.has(id)) this.details.set(id, inspect);
			} catch {
				// Vanished or engine gone: events or the next snapshot will sort it out.
			}
			pending--;
			const now = Date.now();
			// Rebuild at most every 100 ms while details stream in, and never spend more than
			// about a tenth of the time rebuilding (a 5000-container rebuild takes ~40 ms).
			if (pending === 0 || now - lastEmit > Math.max(100, rebuildMs * 10)) {
				lastEmit = now;
				if (generation === this.generation) {
					const started = performance.now();
					const topology = this.rebuild();
					rebuildMs = performance.now() - started;
					this.emit({topology, pendingDetails: pending});
				}
			}
		});
	}

	private onEvent(event: RawEvent): void {
		const id = event.Actor?.ID;
		if (!id) return;
		if (event.Type === 'network') {
			if (event.Action === 'destroy') this.removedNetworks.add(id);
			else if (event.Action === 'create') this.dirtyNetworks.add(id);
			const container = event.Actor.Attributes?.container;
			if (container && (event.Action === 'connect' || event.Action === 'disconnect')) this.dirtyContainers.add(container);
		} else if (event.Type === 'container' && CONTAINER_ACTIONS.has(event.Action)) {
			if (event.Action === 'destroy') this.removedContainers.add(id);
			else this.dirtyContainers.add(id);
		} else return;
		this.scheduleBatch();
	}

	private scheduleBatch(): void {
		if (this.batchTimer) return;
		this.batchTimer = setTimeout(() => {
			this.batchTimer = null;
			void this.applyBatch();
		}, this.batchMs);
	}

	private async applyBatch(): Promise<void> {
		const generation = this.generation;
		const networks = [...this.dirtyNetworks].filter(id => !this.removedNetworks.has(id));
		const containers = [...this.dirtyContainers].filter(id => !this.removedContainers.has(id));
		const removedNetworks = [...this.removedNetworks];
		const removedContainers = [...this.removedContainers];
		this.dirtyNetworks = new Set();
		this.dirtyContainers = new Set();
		this.removedNetworks = new Set();
		this.removedContainers = new Set();
		const [networkResults, containerResults] = await Promise.all([
			mapBounded(networks, this.concurrency, id => this.engine.inspectNetwork(id).catch(() => null)),
			mapBounded(containers, this.concurrency, id => this.engine.inspectContainer(id).catch(() => null)),
		]);
		if (generation !== this.generation || this.abort.signal.aborted) return;
		for (const id of removedNetworks) this.networks.delete(id);
		for (const id of removedContainers) {
			this.containers.delete(id);
			this.details.delete(id);
		}
		networkResults.forEach((raw, at) => {
			if (raw) this.networks.set(raw.Id, raw);
			else this.networks.delete(networks[at]!);
		});
		containerResults.forEach((raw, at) => {
			const id = containers[at]!;
			if (raw) {
				// The inspect replaces the list entry: it carries everything the list has.
				this.containers.delete(id);
				this.details.set(raw.Id, raw);
			} else {
				this.containers.delete(id);
				this.details.delete(id);
			}
		});
		this.emit({topology: this.rebuild()});
	}
}
