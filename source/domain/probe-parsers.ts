// Parsers for what probe tools print inside a container: busybox and iputils ping,
// busybox and BIND nslookup, getent, /etc/hosts, /etc/resolv.conf, nc exit codes.
// Pure functions on text; the probe commands stream lines in, the panel and the CLI
// read the results. Every string here is raw container output: sanitize before display.

// ------------------------------------------------------------------ ping

export type PingReply = {kind: 'reply'; seq: number; ttl: number | null; rttMs: number; from: string; bytes: number | null};

export type PingLine =
	| PingReply
	/** `PING db (10.10.0.4): 56 data bytes` / `PING db (10.10.0.4) 56(84) bytes of data.` */
	| {kind: 'header'; target: string; address: string; seqBase: 0 | 1}
	/** `3 packets transmitted, 2 packets received, 33% packet loss` (busybox) / `…, 2 received, 33% packet loss, time 2003ms` (iputils) */
	| {kind: 'packets'; transmitted: number; received: number; lossPct: number}
	/** `round-trip min/avg/max = …` (busybox) / `rtt min/avg/max/mdev = …` (iputils) */
	| {kind: 'rtt'; minMs: number; avgMs: number; maxMs: number}
	/** ICMP errors reported per packet: `From 10.10.0.1 icmp_seq=1 Destination Host Unreachable`. */
	| {kind: 'icmp-error'; from: string; seq: number | null; message: string}
	/** The name did not resolve: `ping: bad address 'x'` (busybox), `ping: x: Name or service not known` (iputils). */
	| {kind: 'unresolved'; name: string}
	/** Anything else ping says on stderr: `ping: sendto: Network is unreachable`, permission problems… */
	| {kind: 'error'; message: string};

const REPLY_BUSYBOX = /^(\d+) bytes from (\S+?): seq=(\d+) ttl=(\d+) time=([\d.]+) ms/;
// iputils: "64 bytes from 10.10.0.3: icmp_seq=1 ttl=64 time=0.080 ms" or "64 bytes from db.app-net (10.10.0.3): icmp_seq=1 …"
const REPLY_IPUTILS = /^(\d+) bytes from (?:\S+ \(([^)]+)\)|(\S+?)):? icmp_seq=(\d+)(?: ttl=(\d+))? time=([\d.]+) ms/;
const HEADER = /^PING (\S+) \(([^)]+)\)/;
const PACKETS = /^(\d+) packets transmitted, (\d+) (?:packets )?received,(?: \+\d+ errors,)?(?: \+\d+ duplicates,)? ([\d.]+)% packet loss/;
const RTT = /^(?:round-trip|rtt) min\/avg\/max(?:\/mdev)? = ([\d.]+)\/([\d.]+)\/([\d.]+)/;
const ICMP_ERROR = /^From (\S+)(?: \([^)]+\))?(?: icmp_seq=(\d+))? (.+)$/;
const BAD_ADDRESS = /^ping: bad address '(.*)'$/;
const IPUTILS_UNKNOWN =
	/^ping: (.+?): (?:Name or service not known|Temporary failure in name resolution|No address associated with hostname|Name does not resolve)$/;

export function parsePingLine(raw: string): PingLine | null {
	const line = raw.trim();
	if (!line) return null;
	let m = REPLY_BUSYBOX.exec(line);
	if (m) return {kind: 'reply', bytes: Number(m[1]), from: m[2]!, seq: Number(m[3]), ttl: Number(m[4]), rttMs: Number(m[5])};
	m = REPLY_IPUTILS.exec(line);
	if (m) {
		return {
			kind: 'reply',
			bytes: Number(m[1]),
			from: m[2] ?? m[3]!,
			seq: Number(m[4]),
			ttl: m[5] ? Number(m[5]) : null,
			rttMs: Number(m[6]),
		};
	}
	// iputils numbers packets from 1 ("… bytes of data."), busybox from 0 ("…: 56 data bytes").
	if ((m = HEADER.exec(line))) return {kind: 'header', target: m[1]!, address: m[2]!, seqBase: /bytes of data/.test(line) ? 1 : 0};
	if ((m = PACKETS.exec(line))) return {kind: 'packets', transmitted: Number(m[1]), received: Number(m[2]), lossPct: Number(m[3])};
	if ((m = RTT.exec(line))) return {kind: 'rtt', minMs: Number(m[1]), avgMs: Number(m[2]), maxMs: Number(m[3])};
	if ((m = ICMP_ERROR.exec(line))) return {kind: 'icmp-error', from: m[1]!, seq: m[2] ? Number(m[2]) : null, message: m[3]!};
	if ((m = BAD_ADDRESS.exec(line))) return {kind: 'unresolved', name: m[1]!};
	if ((m = IPUTILS_UNKNOWN.exec(line))) return {kind: 'unresolved', name: m[1]!};
	if (line.startsWith('ping:') || line.startsWith('connect:')) return {kind: 'error', message: line};
	// "--- db ping statistics ---" and anything we do not know: ignored.
	return null;
}

/** Live statistics of one ping run, updated per line and per clock tick. */
export type PingStats = {
	target: string | null;
	address: string | null;
	/** First sequence number of this ping flavour: 0 busybox, 1 iputils. */
	seqBase: number;
	replies: PingReply[];
	/** Sequence numbers given up on (no reply within the timeout, or a gap). */
	lost: number[];
	/** Packets sent so far as far as we can tell (from seq numbers, the clock, or ping's own summary). */
	transmitted: number;
	received: number;
	lossPct: number;
	minMs: number | null;
	avgMs: number | null;
	maxMs: number | null;
	unresolved: string | null;
	errors: string[];
	/**
	 * Ping could not send at all (`ping: permission denied (are you root?)`: the container
	 * lacks NET_RAW, as under Podman's default capabilities). Nothing was sent, so nothing
	 * is known about reachability: not "0 received".
	 */
	cannotRun: string | null;
	/** Ping's own summary arrived: the numbers above are ping's. */
	final: boolean;
};

export const emptyPingStats = (): PingStats => ({
	target: null,
	address: null,
	seqBase: 0,
	replies: [],
	lost: [],
	transmitted: 0,
	received: 0,
	lossPct: 0,
	minMs: null,
	avgMs: null,
	maxMs: null,
	unresolved: null,
	errors: [],
	cannotRun: null,
	final: false,
});

/** busybox: `ping: permission denied (are you root?)`; iputils: `ping: socket: Operation not permitted`, `… Lacking privilege …`. */
const CANNOT_SEND = /permission denied|operation not permitted|lacking privilege/i;

const lossPercent = (lost: number, of: number): number => (of > 0 ? Math.round((lost / of) * 1000) / 10 : 0);

function withDerived(stats: PingStats): PingStats {
	const received = stats.replies.length;
	const transmitted = Math.max(stats.transmitted, received + stats.lost.length);
	const rtts = stats.replies.map(r => r.rttMs);
	const sum = rtts.reduce((a, b) => a + b, 0);
	return {
		...stats,
		received,
		transmitted,
		// Packets still in flight are not lost yet: until ping's summary, loss is lost / (answered + lost).
		lossPct: lossPercent(
			stats.final ? transmitted - received : stats.lost.length,
			stats.final ? transmitted : received + stats.lost.length,
		),
		minMs: rtts.length ? Math.min(...rtts) : null,
		maxMs: rtts.length ? Math.max(...rtts) : null,
		avgMs: rtts.length ? Math.round((sum / rtts.length) * 1000) / 1000 : null,
	};
}

/** Folds one parsed line into the statistics. `seqOffset` renumbers a continued run. */
export function applyPingLine(stats: PingStats, line: PingLine, seqOffset = 0): PingStats {
	switch (line.kind) {
		case 'reply': {
			const seq = line.seq + seqOffset;
			if (stats.replies.some(r => r.seq === seq)) return stats; // duplicate
			const last = stats.replies.at(-1)?.seq ?? seqOffset + stats.seqBase - 1;
			// A gap in the sequence: those packets got no reply.
			const gap: number[] = [];
			for (let s = Math.max(last + 1, seqOffset + stats.seqBase); s < seq; s++) if (!stats.lost.includes(s)) gap.push(s);
			return withDerived({
				...stats,
				replies: [...stats.replies, {...line, seq}],
				lost: [...stats.lost.filter(s => s !== seq), ...gap],
			});
		}
		case 'header':
			return {...stats, target: stats.target ?? line.target, address: line.address, seqBase: line.seqBase};
		case 'packets': {
			// Ping's own count is the truth for this run; add it to earlier runs of a continued ping.
			// Every packet of the run without a reply is lost now.
			const got = new Set(stats.replies.map(r => r.seq));
			const lost = [...stats.lost];
			const base = seqOffset + stats.seqBase;
			for (let seq = base; seq < base + line.transmitted; seq++) if (!got.has(seq) && !lost.includes(seq)) lost.push(seq);
			return withDerived({...stats, lost, transmitted: Math.max(stats.transmitted, seqOffset + line.transmitted), final: true});
		}
		case 'rtt':
			return stats;
		case 'unresolved':
			return {...stats, unresolved: line.name};
		case 'icmp-error':
			return {...stats, errors: [...stats.errors, `${line.from}: ${line.message}`].slice(-5)};
		case 'error': {
			const cannotRun = stats.cannotRun ?? (stats.replies.length === 0 && CANNOT_SEND.test(line.message) ? line.message : null);
			return {...stats, errors: [...stats.errors, line.message].slice(-5), cannotRun};
		}
	}
}

/**
 * Counts packets as lost once they are overdue: with one packet per `intervalMs`
 * since `startedAt`, any sequence number sent more than `timeoutMs` ago without a
 * reply is lost. Called on a clock tick so loss shows while ping stays silent.
 */
export function tickPingStats(
	stats: PingStats,
	startedAt: number,
	now: number,
	intervalMs: number,
	timeoutMs: number,
	seqOffset = 0,
	maxSeq = Infinity,
): PingStats {
	if (stats.final || stats.unresolved || stats.cannotRun) return stats;
	const elapsed = now - startedAt;
	const sent = Math.min(Math.floor(elapsed / intervalMs) + 1, maxSeq);
	const overdue = Math.min(Math.floor((elapsed - timeoutMs) / intervalMs) + 1, maxSeq);
	const got = new Set(stats.replies.map(r => r.seq));
	const lost = [...stats.lost];
	const base = seqOffset + stats.seqBase;
	for (let s = base; s < base + overdue; s++) if (!got.has(s) && !lost.includes(s)) lost.push(s);
	const transmitted = Math.max(stats.transmitted, seqOffset + sent);
	if (lost.length === stats.lost.length && transmitted === stats.transmitted) return stats;
	return withDerived({...stats, lost, transmitted});
}

/** Splits a stream into lines; keeps the unfinished tail for the next chunk. */
export function lineSplitter(onLine: (line: string) => void): {push(chunk: string): void; flush(): void} {
	let buffer = '';
	return {
		push(chunk: string) {
			buffer += chunk;
			let at: number;
			while ((at = buffer.indexOf('\n')) >= 0) {
				onLine(buffer.slice(0, at).replace(/\r$/, ''));
				buffer = buffer.slice(at + 1);
			}
		},
		flush() {
			if (buffer) onLine(buffer.replace(/\r$/, ''));
			buffer = '';
		},
	};
}

/** Parses a complete ping output (both streams) at once. */
export function parsePingOutput(text: string): PingStats {
	let stats = emptyPingStats();
	for (const raw of text.split('\n')) {
		const line = parsePingLine(raw);
		if (line) stats = applyPingLine(stats, line);
	}
	return stats;
}

// ------------------------------------------------------------------ nslookup

export type DnsAnswer = {name: string; address: string};

export type NslookupResult = {
	server: string | null;
	/** Address the query went to, without the port: "127.0.0.11". */
	serverAddress: string | null;
	answers: DnsAnswer[];
	/** The server said the name does not exist. */
	nxdomain: boolean;
	/** No server answered, refused, or another failure; null when none. */
	error: string | null;
};

const NXDOMAIN = /(?:server can't find|can't find) (.+?):\s*NXDOMAIN/i;
const NO_ANSWER = /\*\*\* Can't find (.+?): No answer/i;

/**
 * Parses busybox (1.2x–1.3x, both layouts) and BIND nslookup output:
 *   Server: 127.0.0.11 / Address: 127.0.0.11:53 (or #53) / Name: db / Address: 10.10.0.4
 *   Name: db / Address 1: 10.10.0.4 db.app-net        (old busybox)
 *   ** server can't find x: NXDOMAIN
 *   ;; connection timed out; no servers could be reached
 */
export function parseNslookup(text: string): NslookupResult {
	const result: NslookupResult = {server: null, serverAddress: null, answers: [], nxdomain: false, error: null};
	let inServerBlock = false;
	let currentName: string | null = null;
	const seen = new Set<string>();
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (!line) {
			inServerBlock = false;
			continue;
		}
		let m: RegExpExecArray | null;
		if ((m = /^Server:\s*(\S+)/.exec(line))) {
			result.server = m[1]!;
			inServerBlock = true;
			continue;
		}
		if (NXDOMAIN.test(line)) {
			result.nxdomain = true;
			continue;
		}
		if (NO_ANSWER.test(line)) continue;
		if ((m = /^Name:\s*(\S+)/.exec(line))) {
			currentName = m[1]!;
			continue;
		}
		if ((m = /^Address(?:es)?(?:\s+\d+)?:\s*(\S+)(?:\s+(\S+))?/.exec(line))) {
			const value = m[1]!;
			if (inServerBlock || currentName === null) {
				// The server's own address ("127.0.0.11:53", "127.0.0.11#53", old busybox "Address 1: 127.0.0.11").
				if (result.serverAddress === null) result.serverAddress = stripPort(value);
				continue;
			}
			const key = `${currentName}|${value}`;
			if (!seen.has(key)) {
				seen.add(key);
				result.answers.push({name: currentName, address: value});
			}
			continue;
		}
		if (/connection timed out|no servers could be reached|timed out/i.test(line)) result.error = 'no DNS server answered (timed out)';
		else if (/REFUSED/.test(line)) result.error = 'the DNS server refused the query';
		else if (/SERVFAIL/.test(line)) result.error = 'the DNS server failed (SERVFAIL)';
		else if (/^nslookup: /.test(line) && !result.error) result.error = line;
	}
	if (result.serverAddress === null && result.server) result.serverAddress = stripPort(result.server);
	if (result.answers.length) result.nxdomain = false;
	return result;
}

function stripPort(value: string): string {
	// 127.0.0.11:53, 127.0.0.11#53; IPv6 "[::1]:53" or "::1#53"
	const hash = value.indexOf('#');
	if (hash >= 0) return value.slice(0, hash);
	const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
	if (bracket) return bracket[1]!;
	const colon = value.split(':');
	if (colon.length === 2 && /^\d+$/.test(colon[1]!)) return colon[0]!;
	return value;
}

// ------------------------------------------------------------------ getent, /etc/hosts, resolv.conf

export type HostsEntry = {address: string; names: string[]};

/** `getent hosts NAME` prints lines in /etc/hosts format: "10.10.0.4   db db.app-net". */
export function parseHostsLines(text: string): HostsEntry[] {
	const entries: HostsEntry[] = [];
	for (const raw of text.split('\n')) {
		const line = raw.replace(/#.*/, '').trim();
		if (!line) continue;
		const [address, ...names] = line.split(/\s+/);
		if (address && names.length) entries.push({address, names});
	}
	return entries;
}

export const parseGetent = parseHostsLines;
export const parseEtcHosts = parseHostsLines;

/** Addresses a hosts file gives for `name` (case-insensitive, as the resolver does). */
export function hostsLookup(entries: HostsEntry[], name: string): string[] {
	const wanted = name.toLowerCase();
	return entries.filter(e => e.names.some(n => n.toLowerCase() === wanted)).map(e => e.address);
}

export type ResolvConf = {nameservers: string[]; search: string[]; options: string[]};

export function parseResolvConf(text: string): ResolvConf {
	const out: ResolvConf = {nameservers: [], search: [], options: []};
	for (const raw of text.split('\n')) {
		const line = raw.replace(/[#;].*/, '').trim();
		const [key, ...rest] = line.split(/\s+/);
		if (key === 'nameserver' && rest[0]) out.nameservers.push(rest[0]);
		else if (key === 'search' || key === 'domain') out.search.push(...rest);
		else if (key === 'options') out.options.push(...rest);
	}
	return out;
}

/** Docker's embedded DNS server, the resolver of containers on user-defined networks. */
export const EMBEDDED_DNS = '127.0.0.11';

// ------------------------------------------------------------------ nc (port check)

export type PortState = 'open' | 'refused' | 'timeout' | 'unreachable' | 'unresolved' | 'error';

export type PortCheck = {state: PortState; message: string | null};

/**
 * Interprets `nc -w SEC HOST PORT </dev/null`. Busybox nc: exit 0 connected, exit 1
 * with "Connection refused" / "timed out" / "bad address" on stderr. OpenBSD nc and
 * ncat word things differently; the exit code decides open vs not, the text says why.
 */
export function interpretNc(exitCode: number | null, stderr: string, options: {timedOut?: boolean} = {}): PortCheck {
	const text = stderr.trim().split('\n').filter(Boolean).at(-1) ?? null;
	if (exitCode === 0) return {state: 'open', message: null};
	if (options.timedOut) return {state: 'timeout', message: text ?? 'no answer before the time limit'};
	const all = stderr;
	if (/refused/i.test(all)) return {state: 'refused', message: text};
	if (/timed out|timeout/i.test(all)) return {state: 'timeout', message: text};
	if (/bad address|not known|could not resolve|failure in name resolution|Name does not resolve|forward host lookup failed/i.test(all)) {
		return {state: 'unresolved', message: text};
	}
	if (/unreachable|no route/i.test(all)) return {state: 'unreachable', message: text};
	// OpenBSD nc -z prints nothing on refusal.
	if (exitCode === 1 && !text) return {state: 'refused', message: null};
	return {state: 'error', message: text ?? (exitCode === null ? 'no exit code' : `exit code ${exitCode}`)};
}

// ------------------------------------------------------------------ tool detection

/** The OCI runtime's message when an exec names a program the image lacks. */
export const isMissingExecutable = (exitCode: number | null, output: string): boolean =>
	(exitCode === 126 || exitCode === 127) && /executable file not found|no such file or directory|not found/i.test(output);
