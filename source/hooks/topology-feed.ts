// Keeps a Topology current without polling: subscribe to events, take a snapshot
// (two list calls) for the first frame, then fill in container inspects with bounded
// concurrency; afterwards each event re-reads only what it touched. When the stream
// drops, the last topology stays and we reconnect with backoff and a fresh snapshot.
// Framework-free so the CLI, tests and benchmarks can use it; use-topology wraps it.
//
// One ordered stream of truth: events are applied in the order the engine sent them
// (a destroy at once, anything else as "re-read this object"); every read (inspect or
// list) is stamped with the event sequence number at which it started, and its answer
// for an object is dropped when a later event touched that object (e.g. an inspect
// that saw a container "removing" arriving after its destroy). Reads from an earlier
// connection are dropped too. Two clocks besides the event stream, both cheap: a
// consistency check (the two list calls, no inspects) that repairs and counts drift —
// it also covers engines that send no event for some changes (Podman 4.3 networks) —
// and a liveness ping (GET /_ping) that notices an engine that stopped answering.
import type {EngineInfo, EnginePort, RawContainerInspect, RawContainerSummary, RawEvent, RawNetwork} from '../engine/port.js';
import {EngineError} from '../engine/port.js';
import {compactInspect, compactNetwork} from '../domain/compact.js';
import {TopologyModel, type ContainerSource} from '../domain/model.js';
import type {Topology} from '../domain/types.js';
import {mapBounded} from '../commands/load-topology.js';
import {TRANSIENT_STATES, inspectPrint, networkPrint, summaryPrint} from './feed-drift.js';

export type FeedStatus = 'connecting' | 'connected' | 'reconnecting';

export type FeedState = {
	topology: Topology | null;
	status: FeedStatus;
	/** Last connection problem, shown while reconnecting. */
	error: string | null;
	info: EngineInfo | null;
	/** Container inspects still to load after the first frame. */
	pendingDetails: number;
	/** False while the engine does not answer the liveness ping (a stopped dockerd): the
	 * topology shown is the last one seen. */
	answering: boolean;
};

/** Counters for tests, benchmarks and the debug dump (not part of the rendered state). */
export type FeedStats = {
	/** Events that touched the model. */
	eventsHandled: number;
	/** Events about things the model does not show (exec_*, attach, top…). */
	eventsIgnored: number;
	/** Read answers dropped because a later event touched the object (or the connection changed). */
	staleDropped: number;
	/** Reads tried again after the engine failed to answer them (not "gone"). */
	readRetries: number;
	/** Consistency checks completed. */
	checks: number;
	/** Objects a consistency check found wrong (missing, phantom or changed) and repaired. */
	driftRepairs: number;
	/** Duration of the last check (list calls + compare), ms. */
	lastCheckMs: number | null;
	/** Times the engine stopped answering the liveness ping. */
	hangs: number;
	/** Fresh snapshots taken after a dropped stream. */
	reconnects: number;
};

export type LivenessOptions = {
	/** Pause between pings. */
	intervalMs: number;
	/** No answer within this: "not answering". */
	timeoutMs: number;
	/** A ping still unanswered after this is abandoned and a new one sent. */
	giveUpMs: number;
};

export type FeedOptions = {
	concurrency?: number;
	/** Events arriving within this window are applied together. */
	batchMs?: number;
	backoffMs?: {initial: number; max: number};
	/** Container details start loading only once this settles (the explorer: after its
	 * first frame, so ~100 inspects do not compete with loading the UI). */
	detailsAfter?: Promise<unknown>;
	/** Consistency check period; 0 turns it off. */
	checkIntervalMs?: number;
	/** After the check's lists arrive, events the engine sent before answering may still
	 * be on their way: they get this long to land before the lists are compared. */
	checkSettleMs?: number;
	/** A listed object the model lacks that the engine created less than this ago is not
	 * drift yet: its create event may still be coming (the list runs ahead of events). */
	createGraceMs?: number;
	/** A difference the check found is repaired only if the lists still show it this much later. */
	checkConfirmMs?: number;
	/** false turns the liveness ping off. */
	liveness?: LivenessOptions | false;
};

export const DEFAULT_CHECK_INTERVAL_MS = 15_000;
export const DEFAULT_LIVENESS: LivenessOptions = {intervalMs: 2000, timeoutMs: 2500, giveUpMs: 10_000};

// Container actions that can change what we show. exec_*, attach, top, resize… do not.
const CONTAINER_ACTIONS = new Set([
	'create',
	'start',
	'restart',
	'die',
	'stop',
	'destroy',
	'rename',
	'pause',
	'unpause',
	'update',
	'kill',
	'oom',
]);

const networkKey = (id: string) => `n${id}`;
const containerKey = (id: string) => `c${id}`;

/** Waits `ms` or until `signal` aborts. `background`: the timer alone does not keep the
 * process alive (the clock-driven loops must never hold a finished program open). */
function sleep(ms: number, signal: AbortSignal, background = false): Promise<void> {
	return new Promise(resolve => {
		if (signal.aborted) return resolve();
		const done = () => {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		if (background) timer.unref();
		signal.addEventListener('abort', done, {once: true});
	});
}

/** A read that failed for another reason than "gone" (a 500 while the engine is busy, a
 * timeout under load) is tried again this many times, backing off, before it is left to
 * the consistency check. */
const READ_RETRIES = 5;
const READ_RETRY_MAX_MS = 2000;

const isNotFound = (error: unknown): boolean => error instanceof EngineError && error.kind === 'not-found';

type Answer<T> = {ok: true; value: T} | {ok: false; error: unknown};
const settle = <T>(promise: Promise<T>): Promise<Answer<T>> =>
	promise.then(
		value => ({ok: true as const, value}),
		error => ({ok: false as const, error}),
	);

export class TopologyFeed {
	state: FeedState = {topology: null, status: 'connecting', error: null, info: null, pendingDetails: 0, answering: true};
	readonly stats: FeedStats = {
		eventsHandled: 0,
		eventsIgnored: 0,
		staleDropped: 0,
		readRetries: 0,
		checks: 0,
		driftRepairs: 0,
		lastCheckMs: null,
		hangs: 0,
		reconnects: 0,
	};
	/** The last repairs a check made ("missing|phantom|changed network|container <id>"), newest last. */
	readonly recentRepairs: string[] = [];
	private readonly networks = new Map<string, RawNetwork>();
	private readonly containers = new Map<string, RawContainerSummary>();
	private readonly details = new Map<string, RawContainerInspect>();
	/** The model, updated from the raw objects changed since the last rebuild. */
	private readonly model = new TopologyModel();
	private readonly modelNetworks = new Set<string>();
	private readonly modelContainers = new Set<string>();
	private readonly listeners = new Set<(state: FeedState) => void>();
	private readonly abort = new AbortController();
	private dirtyNetworks = new Set<string>();
	private dirtyContainers = new Set<string>();
	/** Read attempts that failed for a reason other than "gone", by object key. */
	private failedReads = new Map<string, number>();
	/** Keys of the objects the running batch is reading. */
	private batchKeys = new Set<string>();
	private batchTimer: NodeJS.Timeout | null = null;
	private renderTimer: NodeJS.Timeout | null = null;
	private batchRunning = false;
	/** Something changed that the last emitted topology does not show yet. */
	private changed = false;
	/** The current connection's snapshot has been applied. */
	private loaded = false;
	private checking = false;
	private generation = 0;
	/** Event sequence: bumped by every event that touches the model. */
	private seq = 0;
	/** Reads started before this (an earlier connection) are dropped. */
	private floor = 0;
	/** Per object: the sequence number of the last event that touched it, or of the read
	 * last applied to it. A read started before it is stale for that object. */
	private readonly marks = new Map<string, number>();
	/** Start sequence numbers of the reads in flight (with counts): marks older than all
	 * of them can be forgotten. */
	private readonly inflight = new Map<number, number>();
	private readonly concurrency: number;
	private readonly batchMs: number;
	private readonly backoff: {initial: number; max: number};
	private readonly detailsAfter: Promise<unknown> | undefined;
	private readonly checkIntervalMs: number;
	private readonly checkSettleMs: number;
	private readonly createGraceMs: number;
	private readonly checkConfirmMs: number;
	private readonly liveness: LivenessOptions | false;

	constructor(
		private readonly engine: EnginePort,
		options: FeedOptions = {},
	) {
		this.concurrency = options.concurrency ?? 8;
		this.batchMs = options.batchMs ?? 25;
		this.backoff = options.backoffMs ?? {initial: 250, max: 5000};
		this.detailsAfter = options.detailsAfter;
		this.checkIntervalMs = options.checkIntervalMs ?? DEFAULT_CHECK_INTERVAL_MS;
		this.checkSettleMs = options.checkSettleMs ?? 1000;
		this.createGraceMs = options.createGraceMs ?? 10_000;
		this.checkConfirmMs = options.checkConfirmMs ?? 3000;
		this.liveness = options.liveness === undefined ? DEFAULT_LIVENESS : options.liveness;
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
		if (this.checkIntervalMs > 0) void this.checkLoop();
		if (this.liveness) void this.livenessLoop(this.liveness);
		return first;
	}

	stop(): void {
		this.abort.abort();
		if (this.batchTimer) clearTimeout(this.batchTimer);
		if (this.renderTimer) clearTimeout(this.renderTimer);
		this.batchTimer = null;
		this.renderTimer = null;
		this.listeners.clear();
	}

	/** Re-read a container now (e.g. after an operation whose events we want sooner). */
	refreshContainer(id: string): void {
		this.dirtyContainers.add(id);
		this.scheduleBatch();
	}

	/** The model as raw engine objects (for the debug dump and tests). */
	get topology(): Topology | null {
		return this.state.topology;
	}

	private emit(patch: Partial<FeedState>): void {
		this.state = {...this.state, ...patch};
		for (const listener of this.listeners) listener(this.state);
	}

	private rebuild(): Topology {
		this.changed = false;
		const networks = [...this.modelNetworks].map((id): [string, RawNetwork | undefined] => [id, this.networks.get(id)]);
		const containers = [...this.modelContainers].map((id): [string, ContainerSource | undefined] => {
			const detail = this.details.get(id);
			if (detail) return [id, {raw: detail, inspected: true}];
			const summary = this.containers.get(id);
			return [id, summary ? {raw: summary, inspected: false} : undefined];
		});
		this.modelNetworks.clear();
		this.modelContainers.clear();
		return this.model.apply({networks, containers});
	}

	// The raw objects are kept compact (only what the model and the check read), and every
	// change is noted for the model's next update.
	private putNetwork(raw: RawNetwork): void {
		this.networks.set(raw.Id, compactNetwork(raw));
		this.modelNetworks.add(raw.Id);
	}

	private dropNetwork(id: string): boolean {
		this.modelNetworks.add(id);
		return this.networks.delete(id);
	}

	/** List entries are kept as they are: small, and replaced by inspects once details load. */
	private putSummary(raw: RawContainerSummary): void {
		this.containers.set(raw.Id, raw);
		this.modelContainers.add(raw.Id);
	}

	/** An inspect carries everything the list entry has: the entry goes. */
	private putDetail(id: string, raw: RawContainerInspect): void {
		this.details.set(id, compactInspect(raw));
		this.containers.delete(id);
		this.modelContainers.add(id);
	}

	private dropContainer(id: string): boolean {
		this.modelContainers.add(id);
		const had = this.containers.delete(id);
		return this.details.delete(id) || had;
	}

	private dropDetail(id: string): void {
		this.modelContainers.add(id);
		this.details.delete(id);
	}

	// ---------------------------------------------------------------- ordering

	private touch(key: string): void {
		this.marks.set(key, ++this.seq);
	}

	private beginRead(): number {
		const at = this.seq;
		this.inflight.set(at, (this.inflight.get(at) ?? 0) + 1);
		return at;
	}

	private endRead(at: number): void {
		const left = (this.inflight.get(at) ?? 1) - 1;
		if (left > 0) this.inflight.set(at, left);
		else this.inflight.delete(at);
	}

	/** Whether a read started at `at` may still be applied to the object. */
	private fresh(key: string, at: number): boolean {
		return at >= this.floor && at >= (this.marks.get(key) ?? 0);
	}

	/** Applies a read's answer for one object unless a later event made it stale. */
	private accept(key: string, at: number): boolean {
		if (!this.fresh(key, at)) {
			this.stats.staleDropped++;
			return false;
		}
		if (at > (this.marks.get(key) ?? 0)) this.marks.set(key, at);
		return true;
	}

	/** Forgets marks no read in flight can be older than (keeps the map at the size of the churn). */
	private pruneMarks(): void {
		if (this.marks.size < 1024) return;
		let oldest = Infinity;
		for (const at of this.inflight.keys()) oldest = Math.min(oldest, at);
		for (const [key, at] of this.marks) if (at < oldest) this.marks.delete(key);
	}

	// ---------------------------------------------------------------- connection

	private async run(firstDone: () => void): Promise<void> {
		let delay = this.backoff.initial;
		let connections = 0;
		while (!this.abort.signal.aborted) {
			const generation = ++this.generation;
			const streamAbort = new AbortController();
			const stopStream = () => streamAbort.abort();
			this.abort.signal.addEventListener('abort', stopStream, {once: true});
			// Reads of an earlier connection are dropped: events may have been missed since.
			this.floor = ++this.seq;
			this.loaded = false;
			try {
				const subscription = this.engine.subscribeEvents(event => this.onEvent(event), streamAbort.signal);
				// When `ready` fails, `done` fails too and is never awaited: mark it handled.
				subscription.done.catch(() => {});
				if (subscription.slowStart && this.state.topology === null) void this.earlyLists(generation, firstDone);
				await subscription.ready;
				const at = this.beginRead();
				let lists: [EngineInfo, RawNetwork[], RawContainerSummary[]];
				try {
					lists = await Promise.all([this.engine.info(), this.engine.listNetworks(), this.engine.listContainers()]);
				} finally {
					this.endRead(at);
				}
				if (generation !== this.generation || this.abort.signal.aborted) return;
				const [info, networks, containers] = lists;
				this.applyLists(networks, containers, at, 'snapshot');
				this.loaded = true;
				if (connections++ > 0) this.stats.reconnects++;
				this.emit({topology: this.rebuild(), status: 'connected', error: null, info, pendingDetails: containers.length, answering: true});
				firstDone();
				delay = this.backoff.initial;
				void this.loadDetails(
					containers.map(c => c.Id),
					generation,
				);
				// Events that arrived while the lists loaded are re-read now.
				this.scheduleBatch();
				await subscription.done;
				if (this.abort.signal.aborted) return;
				throw new EngineError('unreachable', 'the event stream ended');
			} catch (error) {
				streamAbort.abort();
				if (this.abort.signal.aborted) return;
				const message = error instanceof Error ? error.message : String(error);
				this.emit({status: 'reconnecting', error: message});
				firstDone();
				await sleep(delay, this.abort.signal);
				delay = Math.min(delay * 2, this.backoff.max);
			} finally {
				this.abort.signal.removeEventListener('abort', stopStream);
			}
		}
	}

	/**
	 * The first picture, when the event stream is slow to open (over ssh it is its own
	 * session and a remote `docker system dial-stdio` start, hundreds of ms after the
	 * reads' connection is up): lists taken at once are drawn when they come, status
	 * still "connecting". They cannot be the snapshot — an event between them and the
	 * stream would be lost — so the snapshot is still taken once the stream is open, and
	 * it replaces them. Engines whose stream opens quickly (local sockets) skip this.
	 */
	private async earlyLists(generation: number, firstDone: () => void): Promise<void> {
		const at = this.beginRead();
		let lists: [EngineInfo, RawNetwork[], RawContainerSummary[]];
		try {
			lists = await Promise.all([this.engine.info(), this.engine.listNetworks(), this.engine.listContainers()]);
		} catch {
			return; // The snapshot's own reads report engine trouble.
		} finally {
			this.endRead(at);
		}
		// Too late: the snapshot (or a newer connection) is already in.
		if (this.loaded || generation !== this.generation || this.abort.signal.aborted) return;
		const [info, networks, containers] = lists;
		this.applyLists(networks, containers, at, 'snapshot');
		this.emit({topology: this.rebuild(), info});
		firstDone();
	}

	private async loadDetails(ids: string[], generation: number): Promise<void> {
		let pending = ids.length;
		let lastEmit = 0;
		let rebuildMs = 0;
		await this.detailsAfter?.catch(() => {});
		await mapBounded(ids, this.concurrency, async id => {
			if (this.abort.signal.aborted || generation !== this.generation) return;
			const at = this.beginRead();
			const answer = await settle(this.engine.inspectContainer(id));
			try {
				// Vanished or engine gone: events or the next snapshot will sort it out.
				if (answer.ok && (this.containers.has(id) || this.details.has(id)) && this.accept(containerKey(id), at))
					this.putDetail(id, answer.value);
			} finally {
				this.endRead(at);
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

	// ---------------------------------------------------------------- events

	private onEvent(event: RawEvent): void {
		const id = event.Actor?.ID;
		if (!id) return;
		let handled = false;
		if (event.Type === 'network') {
			if (event.Action === 'destroy' || event.Action === 'remove') {
				this.touch(networkKey(id));
				this.dirtyNetworks.delete(id);
				if (this.dropNetwork(id)) this.changed = true;
				handled = true;
			} else if (event.Action === 'create') {
				this.touch(networkKey(id));
				this.dirtyNetworks.add(id);
				handled = true;
			}
			const container = event.Actor.Attributes?.container;
			if (container && (event.Action === 'connect' || event.Action === 'disconnect')) {
				this.touch(containerKey(container));
				this.dirtyContainers.add(container);
				handled = true;
			}
		} else if (event.Type === 'container' && CONTAINER_ACTIONS.has(event.Action)) {
			this.touch(containerKey(id));
			if (event.Action === 'destroy') {
				this.dirtyContainers.delete(id);
				if (this.dropContainer(id)) this.changed = true;
			} else this.dirtyContainers.add(id);
			handled = true;
		}
		if (!handled) {
			this.stats.eventsIgnored++;
			return;
		}
		this.stats.eventsHandled++;
		this.scheduleBatch();
	}

	private scheduleBatch(): void {
		// A destroy needs no read: show it even while a slow batch is still reading.
		if (this.batchRunning && this.changed) this.scheduleRender();
		if (this.batchTimer || this.batchRunning) return;
		this.batchTimer = setTimeout(() => {
			this.batchTimer = null;
			void this.applyBatch();
		}, this.batchMs);
	}

	private scheduleRender(): void {
		if (this.renderTimer) return;
		this.renderTimer = setTimeout(() => {
			this.renderTimer = null;
			if (this.changed && this.loaded && !this.abort.signal.aborted) this.emit({topology: this.rebuild()});
		}, this.batchMs);
	}

	/** Re-reads what the events since the last batch touched. One batch at a time: events
	 * arriving meanwhile wait for the next one (under a storm, batches grow, not overlap). */
	private async applyBatch(): Promise<void> {
		if (this.abort.signal.aborted) return;
		this.batchRunning = true;
		try {
			const networks = [...this.dirtyNetworks];
			const containers = [...this.dirtyContainers];
			this.dirtyNetworks = new Set();
			this.dirtyContainers = new Set();
			this.batchKeys = new Set([...networks.map(networkKey), ...containers.map(containerKey)]);
			const at = this.beginRead();
			try {
				const [networkAnswers, containerAnswers] = await Promise.all([
					mapBounded(networks, this.concurrency, id => settle(this.engine.inspectNetwork(id))),
					mapBounded(containers, this.concurrency, id => settle(this.engine.inspectContainer(id))),
				]);
				if (this.abort.signal.aborted) return;
				networkAnswers.forEach((answer, i) => {
					const id = networks[i]!;
					if (!answer.ok && !isNotFound(answer.error)) return this.retryRead('network', id);
					this.failedReads.delete(networkKey(id));
					if (!this.accept(networkKey(id), at)) return;
					if (answer.ok) this.putNetwork(answer.value);
					else this.dropNetwork(id);
					this.changed = true;
				});
				containerAnswers.forEach((answer, i) => {
					const id = containers[i]!;
					if (!answer.ok && !isNotFound(answer.error)) return this.retryRead('container', id);
					this.failedReads.delete(containerKey(id));
					if (!this.accept(containerKey(id), at)) return;
					if (answer.ok) this.putDetail(id, answer.value);
					else this.dropContainer(id);
					this.changed = true;
				});
			} finally {
				this.endRead(at);
			}
		} finally {
			this.batchRunning = false;
			this.batchKeys = new Set();
		}
		this.pruneMarks();
		if (this.changed && this.loaded) this.emit({topology: this.rebuild()});
		if (this.dirtyNetworks.size || this.dirtyContainers.size) this.scheduleBatch();
	}

	/** Whether an event's read of the object (by key) is queued, running or to be retried. */
	private readPending(key: string): boolean {
		const id = key.slice(1);
		const queued = key === networkKey(id) ? this.dirtyNetworks.has(id) : this.dirtyContainers.has(id);
		return queued || this.batchKeys.has(key) || this.failedReads.has(key);
	}

	/** Reads `id` again after a growing pause; after READ_RETRIES failures the consistency
	 * check (or a reconnect's snapshot, if the engine went away) is left to repair it. */
	private retryRead(kind: 'network' | 'container', id: string): void {
		const key = kind === 'network' ? networkKey(id) : containerKey(id);
		const attempts = (this.failedReads.get(key) ?? 0) + 1;
		if (attempts > READ_RETRIES) {
			this.failedReads.delete(key);
			return;
		}
		this.failedReads.set(key, attempts);
		this.stats.readRetries++;
		const pause = Math.min(READ_RETRY_MAX_MS, this.batchMs * 2 ** attempts);
		void sleep(pause, this.abort.signal, true).then(() => {
			if (this.abort.signal.aborted) return;
			(kind === 'network' ? this.dirtyNetworks : this.dirtyContainers).add(id);
			this.scheduleBatch();
		});
	}

	// ---------------------------------------------------------------- consistency check

	/**
	 * Compares the model with the two list calls. `snapshot`: the lists replace the model
	 * (a new connection). `check`: returns the objects that differ (keys), and repairs
	 * and counts them when `repair` is set — restricted to `only` when given. Objects an
	 * event touched after the lists were asked for are left alone: the event's own
	 * re-read is newer.
	 */
	private applyLists(
		networks: RawNetwork[],
		containers: RawContainerSummary[],
		at: number,
		mode: 'snapshot' | 'check',
		repair = true,
		only: Set<string> | null = null,
	): Set<string> {
		const found = new Set<string>();
		const check = mode === 'check';
		/** A difference: counted and repaired (when asked to), else only reported. */
		const differs = (key: string, what: string, fix: () => void): void => {
			if (only && !only.has(key)) return;
			// An event named it and its read is still to come (a slow batch on a loaded
			// machine): that read will bring it up to date — not drift.
			if (check && this.readPending(key)) return;
			found.add(key);
			if (!repair) return;
			fix();
			this.changed = true;
			if (!check) return;
			this.stats.driftRepairs++;
			this.recentRepairs.push(what);
			if (this.recentRepairs.length > 50) this.recentRepairs.shift();
		};
		const listedNetworks = new Set<string>();
		for (const n of networks) {
			listedNetworks.add(n.Id);
			const key = networkKey(n.Id);
			if (!this.fresh(key, at)) continue;
			const have = this.networks.get(n.Id);
			if (!check) this.putNetwork(n);
			else if (!have && n.Created && Date.parse(n.Created) > Date.now() - this.createGraceMs) continue;
			else if (!have || networkPrint(have) !== networkPrint(n))
				differs(key, `${have ? 'changed' : 'missing'} network ${n.Id.slice(0, 12)} ${n.Name}`, () => this.putNetwork(n));
		}
		for (const [id, n] of [...this.networks]) {
			const key = networkKey(id);
			if (listedNetworks.has(id) || !this.fresh(key, at)) continue;
			if (check) differs(key, `phantom network ${id.slice(0, 12)} ${n.Name}`, () => this.dropNetwork(id));
			else this.dropNetwork(id);
		}
		const listedContainers = new Set<string>();
		for (const c of containers) {
			listedContainers.add(c.Id);
			const key = containerKey(c.Id);
			if (!this.fresh(key, at)) continue;
			const detail = this.details.get(c.Id);
			const summary = this.containers.get(c.Id);
			const print = summaryPrint(c);
			if (!check) {
				// A previous connection's inspect stays on screen until a fresh one comes,
				// unless it contradicts the list.
				if (detail && inspectPrint(detail) === print) continue;
				if (detail) this.dropDetail(c.Id);
				this.putSummary(c);
				continue;
			}
			if (TRANSIENT_STATES.has(c.State ?? '')) continue;
			const current = detail ? inspectPrint(detail) : summary ? summaryPrint(summary) : null;
			// The list shows a container while the engine is still creating it, before its
			// create event exists: a young one is left to its event (or the next check).
			if (current === null && (c.Created ?? 0) * 1000 > Date.now() - this.createGraceMs) continue;
			if (current === print) continue;
			differs(key, `${current ? 'changed' : 'missing'} container ${c.Id.slice(0, 12)} ${current ?? ''} -> ${print}`, () => {
				this.dropDetail(c.Id);
				this.putSummary(c);
				// The list has no aliases on old APIs: read the repaired container again.
				this.dirtyContainers.add(c.Id);
			});
		}
		for (const id of new Set([...this.containers.keys(), ...this.details.keys()])) {
			const key = containerKey(id);
			if (listedContainers.has(id) || !this.fresh(key, at)) continue;
			const drop = () => void this.dropContainer(id);
			if (check)
				differs(
					key,
					`phantom container ${id.slice(0, 12)} ${this.details.get(id)?.Name ?? this.containers.get(id)?.Names?.[0] ?? ''}`,
					drop,
				);
			else drop();
		}
		return found;
	}

	/**
	 * Runs one consistency check now (skipped while another runs or no snapshot is in);
	 * resolves with the number of repairs. The lists can run ahead of the event stream
	 * (a connect the engine has made but not yet reported; more so on a loaded machine),
	 * so a difference is only a suspect: it is repaired when a second pair of lists,
	 * `checkConfirmMs` later, still shows it and no event touched the object meanwhile.
	 */
	async checkNow(): Promise<number> {
		if (this.checking || !this.loaded || this.abort.signal.aborted) return 0;
		this.checking = true;
		const generation = this.generation;
		const started = performance.now();
		const at = this.beginRead();
		const lists = () => Promise.all([this.engine.listNetworks(), this.engine.listContainers()]);
		const current = () => generation === this.generation && this.loaded && !this.abort.signal.aborted;
		try {
			const [networks, containers] = await lists();
			await sleep(this.checkSettleMs, this.abort.signal);
			if (!current()) return 0;
			const suspects = this.applyLists(networks, containers, at, 'check', false);
			let repairs = 0;
			if (suspects.size > 0) {
				await sleep(this.checkConfirmMs, this.abort.signal);
				const [networksAgain, containersAgain] = await lists();
				if (!current()) return 0;
				repairs = this.applyLists(networksAgain, containersAgain, at, 'check', true, suspects).size;
			}
			this.stats.checks++;
			this.stats.lastCheckMs = Math.round(performance.now() - started - this.checkSettleMs - (suspects.size ? this.checkConfirmMs : 0));
			if (repairs > 0) {
				this.emit({topology: this.rebuild()});
				this.scheduleBatch();
			}
			return repairs;
		} catch {
			// Engine trouble: the stream or the ping will say so.
			return 0;
		} finally {
			this.endRead(at);
			this.checking = false;
		}
	}

	private async checkLoop(): Promise<void> {
		while (!this.abort.signal.aborted) {
			await sleep(this.checkIntervalMs, this.abort.signal, true);
			if (this.state.status === 'connected' && this.state.answering) await this.checkNow();
		}
	}

	// ---------------------------------------------------------------- liveness

	private async livenessLoop(options: LivenessOptions): Promise<void> {
		const signal = this.abort.signal;
		while (!signal.aborted) {
			await sleep(options.intervalMs, signal, true);
			if (signal.aborted) return;
			const controller = new AbortController();
			const stop = () => controller.abort();
			signal.addEventListener('abort', stop, {once: true});
			const slow = setTimeout(() => {
				if (!this.state.answering) return;
				this.stats.hangs++;
				this.emit({answering: false});
			}, options.timeoutMs).unref();
			const giveUp = setTimeout(stop, options.giveUpMs).unref();
			const answer = await settle(this.engine.ping(controller.signal));
			clearTimeout(slow);
			clearTimeout(giveUp);
			signal.removeEventListener('abort', stop);
			if (signal.aborted) return;
			if (answer.ok && !this.state.answering) {
				this.emit({answering: true});
				// Whatever happened while it hung, the lists say.
				void this.checkNow();
			}
			// A refused connection is not a hang: the event stream's end reports it.
		}
	}
}
