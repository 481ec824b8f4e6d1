// docknet dns SRC NAME [--json]: what the name resolves to from inside SRC — the DNS
// server's answer (nslookup: 127.0.0.11 on user-defined networks) next to SRC's
// /etc/hosts, compared with the target's real addresses on the networks they share.
import {staticWhy} from '../commands/probe-why.js';
import {reconcile} from '../domain/diagnosis.js';
import {SCHEMA_VERSION} from '../domain/json.js';
import {EMBEDDED_DNS} from '../domain/probe-parsers.js';
import {describeDnsServer, dnsServerKind} from '../domain/dns-server.js';
import {parseProbeTarget} from '../domain/probe-target.js';
import {ProbeRefused} from '../commands/probe-host.js';
import {indexOf} from '../domain/selectors.js';
import type {Topology} from '../domain/types.js';
import {sanitize} from '../format/sanitize.js';
import {shellLine} from '../format/shell-quote.js';
import type {CliContext} from './context.js';
import {
	CONNECT_HOTKEY,
	PROBE_EXIT,
	PROBE_OPTIONS,
	PROBE_OPTIONS_USAGE,
	detailedSource,
	expectArgs,
	guardProbe,
	interruptible,
	loadProbe,
	makeProber,
	positiveNumber,
	reasonJson,
	reasonLines,
} from './probe-common.js';
import type {OptionSpec, ParsedValues} from './options.js';

export const DNS_USAGE = `docknet dns SRC NAME ${PROBE_OPTIONS_USAGE} [--json]`;
export const DNS_OPTIONS: OptionSpec = {...PROBE_OPTIONS};

/** "db on app-net" for an address the engine knows. */
export function ownerOf(t: Topology, address: string): {container: string; network: string} | null {
	const e = t.endpoints.find(x => x.ipv4 === address || x.ipv6 === address);
	if (!e) return null;
	const index = indexOf(t);
	return {
		container: index.containerById.get(e.containerId)?.name ?? e.containerId.slice(0, 12),
		network: index.networkById.get(e.networkId)?.name ?? e.networkName,
	};
}

export async function runDns(ctx: CliContext, positionals: string[], values: ParsedValues): Promise<number> {
	expectArgs(positionals, 2, DNS_USAGE);
	const [sourceRef, typed] = positionals as [string, string];
	const timeout = positiveNumber(values.timeout, '--timeout', 8, 60);
	const prober = makeProber(ctx, values);
	const out = (line: string) => ctx.stdout.write(line + '\n');
	return guardProbe(ctx, prober, async () => {
		// Parsed once (a form the tools read differently is refused, exit 2): what nslookup is given.
		const parsed = parseProbeTarget(typed);
		if (!parsed.ok) throw new ProbeRefused('bad-target', parsed.reason);
		const name = parsed.text;
		// nslookup starts right after the lists; the diagnosis's details load meanwhile.
		const load = await loadProbe(ctx, sourceRef, name);
		const [topology, {value: dns, interrupted}] = await Promise.all([
			load.topology,
			interruptible(signal => prober.dns(load.source, name, {signal, timeoutSec: timeout})),
		]);
		const source = detailedSource(topology, load.source);
		const first = staticWhy(topology, source, name, {hotkeys: {connect: CONNECT_HOTKEY}});
		const diagnosis = reconcile(topology, first, {
			dns: {name, result: dns.result},
			...(dns.hosts ? {hosts: {name, addresses: dns.hosts}} : {}),
		});
		const answers = dns.result.answers.map(a => ({
			address: a.address,
			name: a.name,
			...(ownerOf(topology, a.address) ?? {container: null, network: null}),
		}));
		const expected = diagnosis.expectedAddresses;
		const expectedSet = new Set(expected.map(e => e.address));
		const mismatches = expected.length ? answers.filter(a => !expectedSet.has(a.address)) : [];
		const resolved = answers.length > 0 || Boolean(dns.hosts?.length);
		const server = dns.result.serverAddress;
		const reasons = diagnosis.reasons.filter(r =>
			[
				'dns-resolved',
				'alias-clash',
				'hosts-only',
				'dns-failed',
				'default-bridge-no-dns',
				'unknown-name',
				'alias-not-here',
				'no-shared-network',
				'target-not-running',
				'target-host-mode',
				'target-none-mode',
				'source-host-mode',
			].includes(r.code),
		);
		if (ctx.options.json) {
			out(
				JSON.stringify(
					{
						schemaVersion: SCHEMA_VERSION,
						source: source.name,
						name,
						server,
						embeddedDns: server === EMBEDDED_DNS,
						answers,
						nxdomain: dns.result.nxdomain,
						error: dns.result.error,
						hosts: dns.hosts,
						resolver: dns.resolver,
						expected,
						mismatches,
						resolved,
						interrupted,
						via: dns.where.via,
						cli: dns.where.cli.map(c => shellLine(c)),
						reasons: reasons.map(reasonJson),
					},
					null,
					2,
				),
			);
		} else {
			out(`${sanitize(source.name)}: ${sanitize(dns.where.cli.map(c => shellLine(c)).join(' && '))}`);
			const named = describeDnsServer(dnsServerKind(topology, source, server));
			out(
				`  server     ${server ?? '-'}${named ? ` (${named})` : server ? " (not docker's embedded DNS: the default bridge, host mode or --dns)" : ''}`,
			);
			if (answers.length) {
				for (const a of answers) {
					const owner = a.container ? ` (${sanitize(a.container)} on ${sanitize(a.network ?? '')})` : '';
					const flag = expected.length && !expectedSet.has(a.address) ? '   <- not the target' : '';
					out(`  answer     ${sanitize(a.name)} -> ${a.address}${owner}${flag}`);
				}
			} else {
				out(`  answer     ${dns.result.nxdomain ? 'NXDOMAIN (no such name)' : sanitize(dns.result.error ?? 'none')}`);
			}
			out(`  /etc/hosts ${dns.hosts === null ? '(not readable)' : dns.hosts.length ? dns.hosts.join(', ') : '(no entry)'}`);
			if (expected.length) out(`  expected   ${expected.map(e => `${e.address} on ${sanitize(e.network)}`).join(', ')}`);
			for (const r of reasons) for (const line of reasonLines(r)) out(line);
		}
		return resolved ? PROBE_EXIT.yes : PROBE_EXIT.no;
	});
}
