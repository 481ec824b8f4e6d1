// The probes: ping, DNS and port checks from inside a source container, via docker
// exec with argv arrays (names are arguments, never shell text), streamed through the
// parsers in domain/probe-parsers.ts. Every probe is bounded (count, deadline or time
// limit) and cancellable for real (probe-exec.ts); a Prober limits how many run at once.
import type {EnginePort} from '../engine/port.js';
import type {Container} from '../domain/types.js';
import {
	applyPingLine,
	emptyPingStats,
	hostsLookup,
	interpretNc,
	lineSplitter,
	parseEtcHosts,
	parseNslookup,
	parsePingLine,
	parseResolvConf,
	tickPingStats,
	type NslookupResult,
	type PingReply,
	type PingStats,
	type PortCheck,
	type ResolvConf,
} from '../domain/probe-parsers.js';
import {Limiter, isAbortError, runProbe, runQuick, type RunOptions, type RunResult} from './probe-exec.js';
import {
	HelperPool,
	HostResolver,
	ToolCache,
	helperCli,
	isMissingExecError,
	killerFor,
	type HelperSettings,
	type ProbeHost,
} from './probe-host.js';

export const DEFAULT_MAX_PROBES = 8;
/**
 * A continuous ping restarts in chunks of this many seconds, so a ping left behind by
 * a docknet that was killed (SIGKILL, a signal path that exits at once) ends soon.
 */
export const PING_CHUNK_SEC = 30;
/** …and in short chunks where a cancelled probe cannot be stopped inside the container. */
export const PING_CHUNK_UNSTOPPABLE_SEC = 10;

export type ProberOptions = {
	helperImage?: string | null;
	readOnly?: boolean;
	maxConcurrent?: number;
	/** Extra labels for helper containers (tests mark theirs). */
	helperLabels?: Record<string, string>;
};

/** Where a probe ran and the docker CLI lines that do the same. */
export type ProbeWhere = {host: string; via: 'self' | 'helper'; cli: string[][]};

export type PingOptions = {
	/** Number of packets; null or undefined: until cancelled. */
	count?: number | null;
	intervalSec?: number;
	/** How long to wait for each reply. */
	timeoutSec?: number;
	signal?: AbortSignal;
	onUpdate?: (stats: PingStats) => void;
	onReply?: (reply: PingReply) => void;
	/** Called once the probe knows where it runs (before the first packet). */
	onStart?: (where: ProbeWhere) => void;
};

export type PingResult = {
	target: string;
	stats: PingStats;
	cancelled: boolean;
	where: ProbeWhere;
	stop: 'not-needed' | 'gone' | 'left-running';
};

export type DnsProbe = {
	name: string;
	result: NslookupResult;
	/** Addresses the source's /etc/hosts gives the name (what ping and getent see first); null if unreadable. */
	hosts: string[] | null;
	resolver: ResolvConf | null;
	cancelled: boolean;
	where: ProbeWhere;
};

export type PortProbe = {host: string; port: number; check: PortCheck; timeoutSec: number; cancelled: boolean; where: ProbeWhere};

/** runProbe, but a cancel while waiting for a slot is a cancelled result, not an error. */
async function runGuarded(engine: EnginePort, container: string, argv: string[], options: RunOptions): Promise<RunResult> {
	try {
		return await runProbe(engine, container, argv, options);
	} catch (error) {
		if (isAbortError(error)) return {exitCode: null, stdout: '', stderr: '', cancelled: true, timedOut: false, stop: 'not-needed'};
		throw error;
	}
}

/**
 * Whether a trial run (ProbeHost.trial) found its tool missing: the exec could not start
 * it (126 not executable, 127 not found — no probe tool exits with those), or the engine
 * refused to start it (newer engines report a missing executable as an error).
 */
export function trialMissed(run: {exitCode: number | null} | null, error?: unknown): boolean {
	if (error !== undefined) return isMissingExecError(error);
	return run !== null && (run.exitCode === 126 || run.exitCode === 127);
}

/** runGuarded for a trial host: a missing executable reported as an engine error becomes exit 127. */
async function runTrial(engine: EnginePort, host: ProbeHost, argv: string[], options: RunOptions): Promise<RunResult> {
	try {
		return await runGuarded(engine, host.container, argv, options);
	} catch (error) {
		if (host.trial && trialMissed(null, error))
			return {
				exitCode: 127,
				stdout: '',
				stderr: error instanceof Error ? error.message : String(error),
				cancelled: false,
				timedOut: false,
				stop: 'not-needed',
			};
		throw error;
	}
}

export class Prober {
	readonly limiter: Limiter;
	readonly tools: ToolCache;
	readonly helpers: HelperPool;
	readonly hosts: HostResolver;

	constructor(
		readonly engine: EnginePort,
		options: ProberOptions = {},
	) {
		this.limiter = new Limiter(options.maxConcurrent ?? DEFAULT_MAX_PROBES);
		this.tools = new ToolCache(engine);
		const settings: HelperSettings = {
			image: options.helperImage ?? null,
			readOnly: Boolean(options.readOnly),
			...(options.helperLabels ? {labels: options.helperLabels} : {}),
		};
		this.helpers = new HelperPool(engine, settings, this.tools);
		this.hosts = new HostResolver(this.tools, this.helpers);
	}

	private where(source: Container, host: ProbeHost, argv: string[]): ProbeWhere {
		if (host.via === 'self') return {host: source.name, via: 'self', cli: [['docker', 'exec', source.name, ...argv]]};
		const run = helperCli(source, this.helpers.settings.image ?? 'IMAGE');
		const name = run[run.indexOf('--name') + 1]!;
		return {host: host.label, via: 'helper', cli: [run, ['docker', 'exec', name, ...argv], ['docker', 'rm', '-f', name]]};
	}

	/**
	 * ping from `source` to `target` (a name, alias or address), streaming each reply.
	 * When the source image's tools are not known yet, ping runs there at once (a trial,
	 * no detection exec first); only if the exec says ping is missing does it go the
	 * long way (detect the tools, then a helper). onStart is called once the run shows
	 * ping's own output, so it names where the replies really come from.
	 */
	async ping(source: Container, target: string, options: PingOptions = {}): Promise<PingResult> {
		let host = this.hosts.trial(source, ['ping']) ?? (await this.hosts.hostFor(source, [['ping']]));
		const interval = options.intervalSec ?? 1;
		const timeout = options.timeoutSec ?? 1;
		const count = options.count ?? null;
		// Unknown whether a cancelled ping can be stopped (trial, no helper allowed): short chunks until known.
		let canStop = host.canStop;
		const chunkSec = () => (canStop ? PING_CHUNK_SEC : PING_CHUNK_UNSTOPPABLE_SEC);
		const argvFor = (remaining: number | null): string[] => {
			const timing = interval === 1 ? [] : ['-i', String(interval)];
			return remaining !== null
				? [
						'ping',
						'-c',
						String(remaining),
						'-W',
						String(timeout),
						'-w',
						String(Math.ceil(remaining * interval + timeout + 1)),
						...timing,
						target,
					]
				: ['ping', '-w', String(chunkSec()), ...timing, target];
		};
		const whereOf = (h: ProbeHost) =>
			this.where(
				source,
				h,
				count === null ? ['ping', ...(interval === 1 ? [] : ['-i', String(interval)]), target] : argvFor(Math.min(count, chunkSec())),
			);
		let where = whereOf(host);
		let announced = false;
		const announce = () => {
			if (announced) return;
			announced = true;
			options.onStart?.(where);
		};
		if (!host.trial) announce();
		// Whether stopping is possible decides later chunks' length: learn it once the ping runs (not before: no exec in its way).
		const learnCanStop = (h: ProbeHost) => {
			if (canStop !== null || !h.trial || (count !== null && count <= PING_CHUNK_UNSTOPPABLE_SEC)) return;
			this.tools.get(source).then(
				own => (canStop = Boolean(killerFor(source.id, own))),
				() => {},
			);
		};

		let stats = emptyPingStats();
		let offset = 0;
		let runStarted = Date.now();
		let cancelled = false;
		let stop: PingResult['stop'] = 'not-needed';
		const emit = (next: PingStats) => {
			if (next !== stats) {
				stats = next;
				options.onUpdate?.(stats);
			}
		};
		const tick = setInterval(() => {
			if (!announced) return;
			const maxSeq = count !== null ? count : Infinity;
			emit(tickPingStats(stats, runStarted, Date.now(), interval * 1000, timeout * 1000 + 200, offset, maxSeq));
		}, 250);
		try {
			for (;;) {
				const remaining = count !== null ? count - offset : null;
				if (remaining !== null && remaining <= 0) break;
				const argv = argvFor(remaining !== null ? Math.min(remaining, chunkSec()) : null);
				const apply = (line: string) => {
					const parsed = parsePingLine(line);
					if (!parsed) return;
					if (parsed.kind === 'reply') options.onReply?.({...parsed, seq: parsed.seq + offset});
					emit(applyPingLine(stats, parsed, offset));
				};
				// A trial holds its lines until ping's own header or reply shows ping really runs.
				const held: string[] = [];
				const onLine = (line: string) => {
					if (announced) return apply(line);
					held.push(line);
					const parsed = parsePingLine(line);
					if (parsed && (parsed.kind === 'header' || parsed.kind === 'reply')) {
						announce();
						learnCanStop(host);
						for (const l of held.splice(0)) apply(l);
					}
				};
				const out = lineSplitter(onLine);
				const err = lineSplitter(onLine);
				runStarted = Date.now();
				if (stats.final) stats = {...stats, final: false};
				const runOptions: RunOptions = {
					...(options.signal ? {signal: options.signal} : {}),
					limiter: this.limiter,
					killer: host.killer,
					// A bounded run ends by itself; allow it its deadline and a margin.
					timeoutMs: ((remaining !== null ? Math.min(remaining, chunkSec()) * interval + timeout : chunkSec()) + 15) * 1000,
					onStdout: chunk => out.push(chunk),
					onStderr: chunk => err.push(chunk),
				};
				const run = await runTrial(this.engine, host, argv, runOptions);
				out.flush();
				err.flush();
				if (!announced && !run.cancelled && !run.timedOut) {
					if (host.trial && trialMissed(run)) {
						// No ping in the source image: the long way (detection, then a helper or a refusal).
						host = await this.hosts.hostFor(source, [['ping']]);
						canStop = host.canStop;
						where = whereOf(host);
						announce();
						continue;
					}
					announce();
					for (const l of held.splice(0)) apply(l);
				}
				if (run.cancelled || run.timedOut) {
					cancelled = run.cancelled;
					stop = run.stop;
					break;
				}
				// Nothing more to learn from repeating: the name does not resolve, or ping failed at once.
				if (stats.unresolved || (!stats.final && Date.now() - runStarted < 2000)) break;
				if (!stats.final) break;
				offset = Math.max(offset + 1, stats.transmitted);
			}
		} finally {
			clearInterval(tick);
		}
		if (!cancelled && stats.transmitted > 0 && !stats.final) emit({...stats, final: true});
		return {target, stats, cancelled, where, stop};
	}

	/** nslookup NAME from the source, with its /etc/hosts and resolver for comparison (a trial first, as for ping). */
	async dns(source: Container, name: string, options: {signal?: AbortSignal; timeoutSec?: number} = {}): Promise<DnsProbe> {
		const argv = ['nslookup', name];
		const attempt = async (host: ProbeHost) => {
			const readFile = async (path: string): Promise<string | null> => {
				// A trial just tries: a missing cat is exit 126/127, read as "unreadable".
				if (!host.tools.has('cat')) return null;
				const run = await runQuick(this.engine, host.container, ['cat', path], options.signal);
				return run.exitCode === 0 ? run.stdout : null;
			};
			const [lookup, hostsText, resolvText] = await Promise.all([
				runTrial(this.engine, host, argv, {
					...(options.signal ? {signal: options.signal} : {}),
					limiter: this.limiter,
					killer: host.killer,
					timeoutMs: (options.timeoutSec ?? 8) * 1000,
				}),
				readFile('/etc/hosts').catch(() => null),
				readFile('/etc/resolv.conf').catch(() => null),
			]);
			return {lookup, hostsText, resolvText};
		};
		let host = this.hosts.trial(source, ['nslookup', 'cat']) ?? (await this.hosts.hostFor(source, [['nslookup']]));
		let seen = await attempt(host);
		if (host.trial && !seen.lookup.cancelled && trialMissed(seen.lookup)) {
			host = await this.hosts.hostFor(source, [['nslookup']]);
			seen = await attempt(host);
		}
		const {lookup, hostsText, resolvText} = seen;
		const where = this.where(source, host, argv);
		const result = parseNslookup(lookup.stdout + '\n' + lookup.stderr);
		if (lookup.timedOut && !result.answers.length && !result.error) result.error = 'no DNS answer before the time limit';
		return {
			name,
			result,
			hosts: hostsText === null ? null : hostsLookup(parseEtcHosts(hostsText), name),
			resolver: resolvText === null ? null : parseResolvConf(resolvText),
			cancelled: lookup.cancelled,
			where,
		};
	}

	/** Whether something accepts TCP connections on host:port, seen from the source (a trial with nc first, as for ping). */
	async port(
		source: Container,
		target: string,
		port: number,
		options: {signal?: AbortSignal; timeoutSec?: number} = {},
	): Promise<PortProbe> {
		const timeoutSec = options.timeoutSec ?? 2;
		const attempt = async (host: ProbeHost) => {
			// busybox nc has no -z: connect, and with no stdin it closes at once (exit 0 open, 1 refused).
			const argv = host.tools.has('nc')
				? ['nc', '-w', String(timeoutSec), target, String(port)]
				: ['bash', '-c', 'exec 3<>"/dev/tcp/$1/$2"', 'docknet-port', target, String(port)];
			const run = await runTrial(this.engine, host, argv, {
				...(options.signal ? {signal: options.signal} : {}),
				limiter: this.limiter,
				killer: host.killer,
				// nc -w keeps the real deadline: this margin is for the exec to start, which takes
				// seconds on a loaded Podman (a tighter one turned a refused port into "filtered").
				timeoutMs: (timeoutSec + 15) * 1000,
			});
			return {run, where: this.where(source, host, argv)};
		};
		const trial = this.hosts.trial(source, ['nc']);
		let seen = await attempt(trial ?? (await this.hosts.hostFor(source, [['nc'], ['bash']])));
		if (trial && !seen.run.cancelled && trialMissed(seen.run)) seen = await attempt(await this.hosts.hostFor(source, [['nc'], ['bash']]));
		const {run, where} = seen;
		const check = run.cancelled
			? {state: 'error' as const, message: 'cancelled'}
			: interpretNc(run.exitCode, run.stderr + run.stdout, {timedOut: run.timedOut});
		return {host: target, port, check, timeoutSec, cancelled: run.cancelled, where};
	}

	/** Removes the helper containers this prober made. */
	dispose(): Promise<void> {
		return this.helpers.dispose();
	}
}
