// Running one probe process inside a container, and stopping it for real.
//
// The Engine API cannot kill an exec: aborting only closes the attach stream and the
// process goes on inside the container. So every probe runs with a unique marker in
// its environment (DOCKNET_PROBE=<16 hex>), and cancelling runs a second exec — a
// fixed script, the marker passed as an argument, never a shell string built from
// names — that finds the process by its marker in /proc and signals it. Where the
// source image has no shell for that, a helper container sharing the source's PID
// namespace does it (probe-host.ts). The exec's own state (GET /exec/{id}/json) says
// when the process has started and when it is really gone.
import type {EnginePort} from '../engine/port.js';
import {EngineError} from '../engine/port.js';

export const MARKER_VAR = 'DOCKNET_PROBE';

/**
 * `digits` random hex digits. Markers and helper names only need to be unique, not
 * secret (a marker only finds our own process), so Math.random will do: node:crypto
 * (and the lazy globalThis.crypto, which loads the same module at first use) costs
 * 7-10 ms on every probe command's path to its first exec.
 */
export function randomHex(digits: number): string {
	let out = '';
	while (out.length < digits)
		out += Math.floor(Math.random() * 0x10000)
			.toString(16)
			.padStart(4, '0');
	return out.slice(0, digits);
}

export const newMarker = (): string => randomHex(16);

/**
 * Signals every process whose environment holds DOCKNET_PROBE=$1 with signal $2 and
 * prints the pids it signalled. $3 picks how environ is read: "tr" (NULs to newlines)
 * or "cat". Fixed text: the marker is hex we made, passed as an argument.
 */
export const KILL_SCRIPT = [
	'm="DOCKNET_PROBE=$1"',
	'for p in /proc/[0-9]*; do',
	'  if [ "$3" = tr ]; then e=$(tr "\\000" "\\n" 2>/dev/null <"$p/environ"); else e=$(cat 2>/dev/null "$p/environ"); fi',
	'  case "$e" in *"$m"*) kill "-$2" "${p#/proc/}" 2>/dev/null && echo "${p#/proc/}" ;; esac',
	'done',
	'exit 0',
].join('\n');

export const killArgv = (marker: string, signal: 'TERM' | 'KILL', reader: 'tr' | 'cat'): string[] => [
	'sh',
	'-c',
	KILL_SCRIPT,
	'docknet-kill',
	marker,
	signal,
	reader,
];

/** Where a probe's process can be signalled from: the container itself or a PID-sharing helper. */
export type Killer = {container: string; reader: 'tr' | 'cat'};

// ------------------------------------------------------------------ concurrency

/** At most `max` probe processes at once; waiting callers can give up (AbortSignal). */
export class Limiter {
	private active = 0;
	private readonly queue: Array<() => void> = [];

	constructor(readonly max: number) {}

	get running(): number {
		return this.active;
	}

	get waiting(): number {
		return this.queue.length;
	}

	async acquire(signal?: AbortSignal): Promise<() => void> {
		if (signal?.aborted) throw abortError();
		if (this.active < this.max) {
			this.active++;
			return this.releaser();
		}
		await new Promise<void>((resolve, reject) => {
			const go = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			const onAbort = () => {
				const at = this.queue.indexOf(go);
				if (at >= 0) this.queue.splice(at, 1);
				reject(abortError());
			};
			this.queue.push(go);
			signal?.addEventListener('abort', onAbort, {once: true});
		});
		this.active++;
		return this.releaser();
	}

	private releaser(): () => void {
		let done = false;
		return () => {
			if (done) return;
			done = true;
			this.active--;
			this.queue.shift()?.();
		};
	}
}

export const abortError = (): Error => Object.assign(new Error('cancelled'), {name: 'AbortError'});
export const isAbortError = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';

// ------------------------------------------------------------------ running

export type RunOptions = {
	signal?: AbortSignal;
	/** The process is stopped (as on cancel) after this long. */
	timeoutMs?: number;
	onStdout?: (chunk: string) => void;
	onStderr?: (chunk: string) => void;
	limiter?: Limiter;
	/** Where to signal the process from on cancel (asked only when needed); null: nowhere, the probe must end by itself. */
	killer: () => Promise<Killer | null>;
};

export type RunResult = {
	exitCode: number | null;
	stdout: string;
	stderr: string;
	/** Stopped because the caller aborted. */
	cancelled: boolean;
	/** Stopped because it ran past timeoutMs. */
	timedOut: boolean;
	/** After a stop: whether the process is known to be gone ('gone'), or could not be stopped. */
	stop: 'not-needed' | 'gone' | 'left-running';
};

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Polls the exec until `done(state)` or the time runs out; returns the last state (null: no such exec). */
async function pollExec(
	engine: EnginePort,
	execId: string,
	done: (s: {running: boolean; exitCode: number | null}) => boolean,
	timeoutMs: number,
) {
	const deadline = Date.now() + timeoutMs;
	let interval = 10;
	for (;;) {
		let state;
		try {
			state = await engine.inspectExec(execId);
		} catch (error) {
			if (error instanceof EngineError && error.kind === 'not-found') return null; // container gone: so is the process
			throw error;
		}
		if (done(state) || Date.now() >= deadline) return state;
		await sleep(interval);
		interval = Math.min(interval * 2, 100);
	}
}

/**
 * Stops a probe process: waits until it has started (or ended), signals it by its
 * marker (TERM, then KILL), and waits until the engine reports it gone.
 */
export async function stopProbe(
	engine: EnginePort,
	execId: string,
	marker: string,
	findKiller: () => Promise<Killer | null>,
): Promise<'gone' | 'left-running'> {
	// The exec may not have started yet: the engine answers the attach before it starts the process.
	let state = await pollExec(engine, execId, s => s.running || s.exitCode !== null, 3000);
	if (!state || !state.running) {
		if (!state || state.exitCode !== null) return 'gone';
		// Never started within 3 s (engine very busy): try again below all the same.
	}
	const killer = await findKiller();
	if (!killer) return 'left-running';
	for (const signal of ['TERM', 'KILL'] as const) {
		try {
			await engine.exec(killer.container, {argv: killArgv(marker, signal, killer.reader)});
		} catch (error) {
			// The container went away meanwhile: its processes went with it.
			if (error instanceof EngineError && (error.kind === 'not-found' || error.kind === 'conflict')) return 'gone';
			throw error;
		}
		state = await pollExec(engine, execId, s => !s.running, signal === 'TERM' ? 1500 : 3000);
		if (!state || !state.running) return 'gone';
	}
	return 'left-running';
}

/**
 * Runs argv in a container with a marker, streaming output; on abort or timeout,
 * stops the process inside the container before resolving. Holds a limiter slot
 * until the process is really gone, so the limit counts real processes.
 */
export async function runProbe(engine: EnginePort, container: string, argv: string[], options: RunOptions): Promise<RunResult> {
	const release = options.limiter ? await options.limiter.acquire(options.signal) : () => {};
	const marker = newMarker();
	const inner = new AbortController();
	let timedOut = false;
	const onAbort = () => inner.abort();
	options.signal?.addEventListener('abort', onAbort, {once: true});
	const timer = options.timeoutMs
		? setTimeout(() => {
				timedOut = true;
				inner.abort();
			}, options.timeoutMs)
		: null;
	let execId: string | null = null;
	let stdout = '';
	let stderr = '';
	try {
		if (options.signal?.aborted) inner.abort();
		const result = await engine.exec(container, {
			argv,
			env: [`${MARKER_VAR}=${marker}`],
			signal: inner.signal,
			onCreated: id => (execId = id),
			onStdout: chunk => {
				stdout += chunk;
				options.onStdout?.(chunk);
			},
			onStderr: chunk => {
				stderr += chunk;
				options.onStderr?.(chunk);
			},
		});
		if (!inner.signal.aborted) return {exitCode: result.exitCode, stdout, stderr, cancelled: false, timedOut: false, stop: 'not-needed'};
		const stop = execId ? await stopProbe(engine, execId, marker, options.killer) : 'gone';
		return {exitCode: null, stdout, stderr, cancelled: !timedOut, timedOut, stop};
	} finally {
		if (timer) clearTimeout(timer);
		options.signal?.removeEventListener('abort', onAbort);
		release();
	}
}

/** Runs a short command to completion (no marker, no limiter): for detection and file reads. */
export async function runQuick(
	engine: EnginePort,
	container: string,
	argv: string[],
	signal?: AbortSignal,
): Promise<{exitCode: number | null; output: string; stdout: string; stderr: string}> {
	let stdout = '';
	let stderr = '';
	const result = await engine.exec(container, {
		argv,
		...(signal ? {signal} : {}),
		onStdout: chunk => (stdout += chunk),
		onStderr: chunk => (stderr += chunk),
	});
	return {exitCode: result.exitCode, output: stdout + stderr, stdout, stderr};
}
