// The live probe of one source/target pair, and the live matrix of one network:
// framework-free stores (subscribe / getState) that the explorer's panel renders and
// tests drive directly. Starting a new pair cancels the previous probe; cancel() stops
// every process inside the containers before it resolves.
import {
	diagnose,
	diagnosePort,
	probeScope,
	reconcile,
	resolveTarget,
	targetIsName,
	type Diagnosis,
	type Evidence,
} from '../domain/diagnosis.js';
import {emptyPingStats, type PingStats} from '../domain/probe-parsers.js';
import type {Container, Topology} from '../domain/types.js';
import {planMatrix, runMatrix, type MatrixPlan} from './matrix.js';
import {isAbortError} from './probe-exec.js';
import {ProbeRefused} from './probe-host.js';
import type {DnsProbe, PortProbe, Prober, ProbeWhere} from './probe.js';

export type ProbePart<T> = {
	status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
	result: T | null;
	error: string | null;
	where: ProbeWhere | null;
};

export type ProbeState = {
	/** Increases with every start: a view can tell runs apart. */
	run: number;
	source: Container | null;
	targetText: string;
	/** Ports checked: the chosen one, else the target's exposed/published ones (at most 3). */
	ports: number[];
	staticDiagnosis: Diagnosis | null;
	/** Static reasons reconciled with everything seen so far. */
	diagnosis: Diagnosis | null;
	ping: ProbePart<PingStats>;
	dns: ProbePart<DnsProbe>;
	port: ProbePart<PortProbe[]>;
	/** Why a probe could not run (helper refused in read-only mode, no tools…). */
	problems: string[];
	running: boolean;
};

const idlePart = <T>(): ProbePart<T> => ({status: 'idle', result: null, error: null, where: null});

export const emptyProbeState = (): ProbeState => ({
	run: 0,
	source: null,
	targetText: '',
	ports: [],
	staticDiagnosis: null,
	diagnosis: null,
	ping: idlePart(),
	dns: idlePart(),
	port: idlePart(),
	problems: [],
	running: false,
});

/** The target's own ports worth checking when none is chosen. */
export function defaultPorts(diagnosis: Diagnosis): number[] {
	const target = diagnosis.effectiveTarget;
	if (!target) return [];
	const ports = new Set<number>();
	for (const p of target.ports) if (p.protocol === 'tcp') ports.add(p.containerPort);
	for (const p of target.details?.exposedPorts ?? []) if (p.protocol === 'tcp') ports.add(p.port);
	return [...ports].sort((a, b) => a - b).slice(0, 3);
}

type Listener = (state: ProbeState) => void;

/** How long DNS and port checks wait at most for the ping to show output (see start()). */
export const PING_HEAD_START_MS = 1000;

export class ProbeSession {
	private state: ProbeState = emptyProbeState();
	private readonly listeners = new Set<Listener>();
	private controller: AbortController | null = null;
	private finished: Promise<void> = Promise.resolve();
	/** What the running pair's probes have seen so far. */
	private evidence: Evidence = {};
	private port: number | undefined;
	private topology: Topology | null = null;

	constructor(
		private readonly prober: Prober,
		private readonly options: {hotkeys?: {connect?: string; start?: string}; pingTimeoutSec?: number} = {},
	) {}

	private staticFor(t: Topology, source: Container, targetText: string, port: number | undefined): Diagnosis {
		const diagnosis = diagnose(
			t,
			source,
			resolveTarget(t, source, targetText),
			this.options.hotkeys ? {hotkeys: this.options.hotkeys} : {},
		);
		return port === undefined ? diagnosis : {...diagnosis, reasons: [...diagnosis.reasons, ...diagnosePort(diagnosis, port)]};
	}

	/**
	 * The topology changed (someone connected or disconnected, a container stopped):
	 * the static reasons are read again; the probes keep running and their evidence stays.
	 */
	updateTopology(t: Topology): void {
		if (t === this.topology || !this.state.source) return;
		this.topology = t;
		const source = t.containers.find(c => c.id === this.state.source!.id) ?? this.state.source;
		const staticDiagnosis = this.staticFor(t, source, this.state.targetText, this.port);
		const hasEvidence = Boolean(this.evidence.pings?.length || this.evidence.dns || this.evidence.port);
		this.set(
			{source, staticDiagnosis, diagnosis: hasEvidence ? reconcile(t, staticDiagnosis, this.evidence) : staticDiagnosis},
			this.state.run,
		);
	}

	getState = (): ProbeState => this.state;

	subscribe = (listener: Listener): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	private set(patch: Partial<ProbeState> | ((s: ProbeState) => Partial<ProbeState>), run: number): void {
		if (run !== this.state.run) return; // a late update from a cancelled run
		const next = typeof patch === 'function' ? patch(this.state) : patch;
		this.state = {...this.state, ...next};
		for (const listener of this.listeners) listener(this.state);
	}

	/**
	 * Starts probing source -> target: the static diagnosis at once, then a continuous
	 * ping, DNS (for a name) and port checks, all streaming. Cancels the previous pair.
	 */
	start(t: Topology, source: Container, typed: string, options: {port?: number} = {}): void {
		const previous = this.controller;
		previous?.abort();
		const controller = new AbortController();
		this.controller = controller;
		const signal = controller.signal;
		const run = this.state.run + 1;
		const target = resolveTarget(t, source, typed);
		// Parsed once: the canonical address (or the name) is what every probe is given.
		const targetText = target.text;
		this.topology = t;
		this.port = options.port;
		const staticDiagnosis = this.staticFor(t, source, targetText, options.port);
		const ports = options.port !== undefined ? [options.port] : defaultPorts(staticDiagnosis);
		this.state = {
			...emptyProbeState(),
			run,
			source,
			targetText,
			ports,
			staticDiagnosis,
			diagnosis: staticDiagnosis,
			running: true,
		};
		for (const listener of this.listeners) listener(this.state);

		const evidence: Evidence = {};
		this.evidence = evidence;
		// Against the latest topology and its static reasons (updateTopology may have replaced them).
		const refresh = () => this.set(s => ({diagnosis: reconcile(this.topology ?? t, s.staticDiagnosis ?? staticDiagnosis, evidence)}), run);
		const fail = (part: 'ping' | 'dns' | 'port', error: unknown) => {
			if (isAbortError(error)) return this.set(s => ({[part]: {...s[part], status: 'cancelled'}}), run);
			const message = error instanceof Error ? error.message : String(error);
			this.set(
				s => ({
					[part]: {...s[part], status: 'error', error: message},
					problems: error instanceof ProbeRefused && !s.problems.includes(message) ? [...s.problems, message] : s.problems,
				}),
				run,
			);
		};
		const blocked = staticDiagnosis.reasons.some(
			r => r.severity === 'blocks' && (r.code === 'source-not-running' || r.code === 'source-none-mode' || r.code === 'invalid-target'),
		);
		const tasks: Array<Promise<unknown>> = [];
		if (!blocked) {
			// Wait for the previous pair's processes to be stopped before starting new ones.
			const after = previous ? this.finished : Promise.resolve();
			// What the user typed is probed, outside the engine too (labelled by reconcile).
			const allowed = probeScope(t, target).ok;
			// The ping goes first: its first reply is what the user waits for, and every exec
			// started next to it (nslookup, two file reads, nc) slows its own start on a
			// small machine. The others follow once ping shows output (or gave up), or
			// after a second at the latest. DNS still goes first when the ping waits for it.
			let pingUnderway!: () => void;
			const pingStarted = new Promise<void>(resolve => {
				pingUnderway = resolve;
				setTimeout(resolve, PING_HEAD_START_MS).unref?.();
			});
			const afterPing = after.then(() => pingStarted);
			if (targetIsName(target)) {
				tasks.push(
					afterPing.then(async () => {
						if (signal.aborted) return;
						this.set({dns: {status: 'running', result: null, error: null, where: null}}, run);
						try {
							const dns = await this.prober.dns(source, targetText, {signal});
							if (!dns.cancelled) {
								evidence.dns = {name: targetText, result: dns.result};
								if (dns.hosts) evidence.hosts = {name: targetText, addresses: dns.hosts};
								refresh();
							}
							this.set({dns: {status: dns.cancelled ? 'cancelled' : 'done', result: dns, error: null, where: dns.where}}, run);
						} catch (error) {
							fail('dns', error);
						}
					}),
				);
			}
			const gate = after.then(() => allowed);
			tasks.push(
				gate
					.then(async allowed => {
						if (!allowed || signal.aborted) return;
						this.set({ping: {status: 'running', result: emptyPingStats(), error: null, where: null}}, run);
						try {
							const result = await this.prober.ping(source, targetText, {
								signal,
								timeoutSec: this.options.pingTimeoutSec ?? 1,
								onStart: where => this.set(s => ({ping: {...s.ping, where}}), run),
								onUpdate: stats => {
									evidence.pings = [{target: targetText, stats}];
									this.set(s => ({ping: {...s.ping, result: stats}}), run);
									refresh();
									// ping's first line (or the clock's first count): it runs.
									pingUnderway();
								},
							});
							this.set(s => ({ping: {...s.ping, status: result.cancelled ? 'cancelled' : 'done', result: result.stats}}), run);
						} catch (error) {
							fail('ping', error);
						}
					})
					.finally(pingUnderway),
			);
			if (ports.length && (staticDiagnosis.effectiveTarget !== null || options.port !== undefined)) {
				tasks.push(
					Promise.all([gate, pingStarted]).then(async ([allowed]) => {
						if (!allowed || signal.aborted) return;
						this.set({port: {status: 'running', result: [], error: null, where: null}}, run);
						try {
							const results: PortProbe[] = [];
							for (const port of ports) {
								const result = await this.prober.port(source, targetText, port, {signal});
								if (result.cancelled) break;
								results.push(result);
								// The port reasons reconcile() adds are for one port: the first that is not open.
								const shown = results.find(r => r.check.state !== 'open') ?? results[0]!;
								evidence.port = {host: targetText, port: shown.port, check: shown.check, timeoutSec: shown.timeoutSec};
								this.set({port: {status: 'running', result: [...results], error: null, where: result.where}}, run);
								refresh();
							}
							this.set(s => ({port: {...s.port, status: signal.aborted ? 'cancelled' : 'done'}}), run);
						} catch (error) {
							fail('port', error);
						}
					}),
				);
			}
		}
		this.finished = Promise.all(tasks).then(
			() => this.set({running: false}, run),
			() => this.set({running: false}, run),
		);
	}

	/**
	 * Stops the running probes (inside the containers too); resolves when they are gone.
	 * The state says "cancelled" at once: an engine that does not answer (stopped dockerd)
	 * may hold the clean-up, never the user.
	 */
	async cancel(): Promise<void> {
		this.controller?.abort();
		if (this.state.running) {
			const stop = <T>(part: ProbePart<T>): ProbePart<T> => (part.status === 'running' ? {...part, status: 'cancelled'} : part);
			this.set(s => ({running: false, ping: stop(s.ping), dns: stop(s.dns), port: stop(s.port)}), this.state.run);
		}
		await this.finished;
	}

	get running(): boolean {
		return this.state.running;
	}
}

// ------------------------------------------------------------------ matrix

export type MatrixState = {
	run: number;
	plan: MatrixPlan | null;
	/** Bumped on every cell change (the plan's cells are updated in place). */
	version: number;
	running: boolean;
	error: string | null;
};

export class MatrixSession {
	private state: MatrixState = {run: 0, plan: null, version: 0, running: false, error: null};
	private readonly listeners = new Set<(state: MatrixState) => void>();
	private controller: AbortController | null = null;
	private finished: Promise<void> = Promise.resolve();

	constructor(private readonly prober: Prober) {}

	getState = (): MatrixState => this.state;

	subscribe = (listener: (state: MatrixState) => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	private set(patch: Partial<MatrixState>, run: number): void {
		if (run !== this.state.run) return;
		this.state = {...this.state, ...patch};
		for (const listener of this.listeners) listener(this.state);
	}

	start(t: Topology, networkRef: string, options: {max?: number} = {}): void {
		this.controller?.abort();
		const previous = this.finished;
		const controller = new AbortController();
		this.controller = controller;
		const run = this.state.run + 1;
		let plan: MatrixPlan;
		try {
			plan = planMatrix(t, networkRef, options);
		} catch (error) {
			this.state = {run, plan: null, version: 0, running: false, error: error instanceof Error ? error.message : String(error)};
			for (const listener of this.listeners) listener(this.state);
			return;
		}
		this.state = {run, plan, version: 0, running: true, error: null};
		for (const listener of this.listeners) listener(this.state);
		let version = 0;
		this.finished = previous
			.then(() => runMatrix(this.prober, t, plan, {signal: controller.signal, onCell: () => this.set({version: ++version}, run)}))
			.then(
				() => this.set({running: false, version: ++version}, run),
				error => this.set({running: false, error: error instanceof Error ? error.message : String(error)}, run),
			);
	}

	async cancel(): Promise<void> {
		this.controller?.abort();
		// Not running for the user at once, whether or not the engine answers the clean-up.
		if (this.state.running) this.set({running: false, version: this.state.version + 1}, this.state.run);
		await this.finished;
	}
}
