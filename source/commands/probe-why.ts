// "Why can't A reach B?": the static diagnosis from the topology (at once), then the
// probes that confirm or refute it — DNS and /etc/hosts for a name, ping by the name
// and by the target's addresses, and a port when asked — run in parallel, bounded.
import type {Topology, Container} from '../domain/types.js';
import {
	describeDns,
	describePing,
	diagnose,
	diagnosePort,
	probeScope,
	reconcile,
	resolveTarget,
	targetIsName,
	type DiagnoseOptions,
	type Diagnosis,
	type Evidence,
} from '../domain/diagnosis.js';
import {endpointsOfContainer} from '../domain/selectors.js';
import {isAbortError} from './probe-exec.js';
import {ProbeRefused} from './probe-host.js';
import type {Prober, ProbeWhere} from './probe.js';

export type WhyOptions = DiagnoseOptions & {
	port?: number;
	signal?: AbortSignal;
	/** How long each ping waits for its reply. */
	timeoutSec?: number;
	/** Called with the static diagnosis before any probe runs. */
	onStatic?: (diagnosis: Diagnosis) => void;
};

export type WhyResult = {
	/** From the topology alone. */
	static: Diagnosis;
	/** Reconciled with what the probes saw. */
	diagnosis: Diagnosis;
	evidence: Evidence;
	/** Each probe in plan order: where it ran, its docker CLI lines, what it saw (ok null: no verdict). */
	probes: Array<{what: string; where: ProbeWhere; outcome: string; ok: boolean | null}>;
	/** Probes that could not run, in sentences (read-only helper refusal, no tools…). */
	problems: string[];
	cancelled: boolean;
};

/** The static diagnosis, with port reasons when a port is given. */
export function staticWhy(t: Topology, source: Container, targetText: string, options: WhyOptions = {}): Diagnosis {
	const target = resolveTarget(t, source, targetText);
	const diagnosis = diagnose(t, source, target, options);
	if (options.port !== undefined) {
		const extra = diagnosePort(diagnosis, options.port);
		if (extra.length) return {...diagnosis, reasons: [...diagnosis.reasons, ...extra]};
	}
	return diagnosis;
}

/** Addresses worth pinging besides the typed target: the target's on shared networks, else its own (to show isolation). */
export function addressesToTry(t: Topology, diagnosis: Diagnosis): string[] {
	const typed = diagnosis.target.text;
	const out = new Set<string>();
	for (const a of diagnosis.expectedAddresses) out.add(a.address);
	if (!out.size && diagnosis.effectiveTarget) {
		for (const e of endpointsOfContainer(t, diagnosis.effectiveTarget.id)) if (e.ipv4) out.add(e.ipv4);
	}
	if (diagnosis.target.kind === 'hosts-name') for (const a of diagnosis.target.addresses) out.add(a);
	out.delete(typed);
	// IPv4 first: a dual-stack target's IPv6 addresses are expected too, but ping tries v4.
	return [...out].sort((a, b) => Number(a.includes(':')) - Number(b.includes(':'))).slice(0, 2);
}

export async function runWhy(
	prober: Prober,
	t: Topology,
	source: Container,
	targetText: string,
	options: WhyOptions = {},
): Promise<WhyResult> {
	const first = staticWhy(t, source, targetText, options);
	options.onStatic?.(first);
	const evidence: Evidence = {};
	const probes: WhyResult['probes'] = [];
	const problems: string[] = [];
	const blockedAtSource = first.reasons.some(
		r => (r.code === 'source-not-running' || r.code === 'source-none-mode') && r.severity === 'blocks',
	);
	const invalid = first.target.kind === 'invalid';
	if (blockedAtSource || invalid) {
		return {static: first, diagnosis: first, evidence, probes, problems, cancelled: false};
	}
	const signal = options.signal;
	const timeoutSec = options.timeoutSec ?? 1;
	const guard = async <T>(what: string, run: () => Promise<T>): Promise<T | null> => {
		try {
			return await run();
		} catch (error) {
			if (isAbortError(error)) return null;
			if (error instanceof ProbeRefused) {
				if (!problems.includes(error.message)) problems.push(error.message);
				return null;
			}
			problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
			return null;
		}
	};
	// The same network stack: what the reason claims is loopback, so loopback is what is probed
	// (the container's own name may not resolve inside it, e.g. with --network none).
	const self = first.reasons.some(r => r.code === 'same-container');
	const typed = self ? '127.0.0.1' : first.target.text;
	const tasks: Array<Promise<unknown>> = [];
	let dnsDone: Promise<unknown> = Promise.resolve();
	if (targetIsName(first.target) && !self) {
		dnsDone = guard('DNS', async () => {
			const dns = await prober.dns(source, typed, signal ? {signal} : {});
			probes.push({
				what: `nslookup ${typed}`,
				where: dns.where,
				outcome: describeDns(typed, dns.result),
				ok: dns.result.answers.length > 0,
			});
			evidence.dns = {name: typed, result: dns.result};
			if (dns.hosts) evidence.hosts = {name: typed, addresses: dns.hosts};
		});
		tasks.push(dnsDone);
	}
	// What the user typed is probed, outside addresses too (an outbound check, labelled
	// by reconcile once DNS says where the name went).
	const mayProbe = probeScope(t, first.target).ok;
	const pings: NonNullable<Evidence['pings']> = [];
	for (const target of mayProbe ? [typed, ...(self ? [] : addressesToTry(t, first))] : []) {
		tasks.push(
			guard(`ping ${target}`, async () => {
				const result = await prober.ping(source, target, {count: 1, timeoutSec, ...(signal ? {signal} : {})});
				probes.push({
					what: `ping ${target}`,
					where: result.where,
					outcome: describePing(target, result.stats),
					ok: result.stats.received > 0 ? true : result.stats.cannotRun ? null : false,
				});
				if (!result.cancelled) pings.push({target, stats: result.stats});
			}),
		);
	}
	if (options.port !== undefined && mayProbe) {
		const port = options.port;
		tasks.push(
			guard(`port ${port}`, async () => {
				const result = await prober.port(source, typed, port, {timeoutSec, ...(signal ? {signal} : {})});
				probes.push({
					what: `port ${typed}:${port}`,
					where: result.where,
					outcome: `${typed}:${port} ${result.check.state}${result.check.message ? ` (${result.check.message})` : ''}`,
					ok: result.check.state === 'open',
				});
				if (!result.cancelled) evidence.port = {host: typed, port, check: result.check, timeoutSec};
			}),
		);
	}
	void dnsDone;
	await Promise.all(tasks);
	// Keep the typed target first, as planned.
	const order = [typed, ...addressesToTry(t, first)];
	evidence.pings = pings.sort((a, b) => order.indexOf(a.target) - order.indexOf(b.target));
	const rank = (what: string) => (what.startsWith('nslookup') ? -1 : what.startsWith('ping ') ? order.indexOf(what.slice(5)) : 99);
	probes.sort((a, b) => rank(a.what) - rank(b.what));
	const cancelled = Boolean(signal?.aborted);
	// Nothing ran (refused, cancelled): the topology's verdict stands, unconfirmed.
	const diagnosis = evidence.pings.length || evidence.dns || evidence.port ? reconcile(t, first, evidence) : first;
	return {static: first, diagnosis, evidence, probes, problems, cancelled};
}

/**
 * The canonical target to probe (domain/probe-target.ts), or a refusal for a form the
 * tools in the container would read differently. Throws ProbeRefused (exit 2).
 */
export function canonicalTarget(
	t: Topology,
	source: Container,
	typed: string,
): {text: string; target: ReturnType<typeof resolveTarget>; outside: boolean} {
	const target = resolveTarget(t, source, typed);
	const scope = probeScope(t, target);
	if (!scope.ok) throw new ProbeRefused('bad-target', scope.reason);
	return {text: target.text, target, outside: scope.outside.length > 0};
}
