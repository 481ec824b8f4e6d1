// "Why can't A reach B?" — reasons read from the topology alone (at once, no exec),
// then confirmed or refuted by what the probes saw inside the source container.
// Pure: topology + evidence in, plain sentences and exact fixes out. Names in the
// sentences are raw engine strings: sanitize before display (--json keeps them raw).
import {describeDnsServer, dnsServerKind} from './dns-server.js';
import {cidrContainsIp, parseCidr, parseIp} from './ip.js';
import type {NslookupResult, PingStats, PortCheck} from './probe-parsers.js';
import {longLabels, parseProbeTarget, DNS_LABEL_MAX} from './probe-target.js';
import {endpointsOfContainer, findContainer, indexOf, resolvableNames} from './selectors.js';
import type {Container, Endpoint, Network, Topology} from './types.js';

// ------------------------------------------------------------------ targets

/** What the user picked or typed as the target. */
export type Target =
	| {kind: 'container'; text: string; container: Container; via: 'name' | 'id' | 'alias' | 'ip' | 'fqdn'; network: Network | null}
	/** An address of one of the engine's networks that no running container holds. */
	| {kind: 'address'; text: string; address: string; network: Network | null}
	/** A name only the source's /etc/hosts knows (--link on the default bridge, --add-host). */
	| {kind: 'hosts-name'; text: string; addresses: string[]; origin: 'link' | 'extra-host'; container: Container | null}
	| {kind: 'unknown'; text: string}
	/** A form the tools in the container would read differently (010.0.0.1, 10.1, 0x0a…): never probed. */
	| {kind: 'invalid'; text: string; reason: string};

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4ToInt(ip: string): number | null {
	const m = IPV4.exec(ip);
	if (!m) return null;
	const parts = m.slice(1).map(Number);
	if (parts.some(p => p > 255)) return null;
	return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

/** A canonical address (dotted decimal IPv4 without leading zeros, or IPv6). */
export const isIpAddress = (text: string): boolean => parseIp(text) !== null;

/** Whether an IPv4 address lies in a CIDR block ("10.10.0.0/24"). */
export function inSubnet(ip: string, cidr: string): boolean {
	const [base, prefixText] = cidr.split('/');
	const a = ipv4ToInt(ip);
	const b = ipv4ToInt(base ?? '');
	const prefix = Number(prefixText);
	if (a === null || b === null || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return false;
	const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
	return (a & mask) >>> 0 === (b & mask) >>> 0;
}

/** The engine network whose subnet holds this address (IPv4 or IPv6), if any. */
export function networkOfAddress(t: Topology, ip: string): Network | null {
	const addr = parseIp(ip);
	if (!addr) return null;
	return (
		t.networks.find(n =>
			n.ipam.some(c => {
				const cidr = c.subnet ? parseCidr(c.subnet) : null;
				return cidr?.ok === true && cidrContainsIp(cidr.value, addr);
			}),
		) ?? null
	);
}

/** The network whose gateway (the engine host's side of its bridge) is this address. */
export function gatewayNetwork(t: Topology, ip: string): Network | null {
	return (
		t.networks.find(n => n.ipam.some(c => c.gateway === ip)) ??
		t.endpoints.map(e => (e.gateway === ip || e.ipv6Gateway === ip ? indexOf(t).networkById.get(e.networkId) : undefined)).find(Boolean) ??
		null
	);
}

/** Names in the source's /etc/hosts from --link (legacy links) and --add-host. */
export function hostsEntriesOf(
	t: Topology,
	source: Container,
): Array<{name: string; addresses: string[]; origin: 'link' | 'extra-host'; container: Container | null}> {
	const out: Array<{name: string; addresses: string[]; origin: 'link' | 'extra-host'; container: Container | null}> = [];
	for (const link of source.details?.links ?? []) {
		// "/legacy-b:/legacy-a/lb": target container, then /<source>/<alias>
		const [targetPath, aliasPath] = link.split(':');
		const targetName = (targetPath ?? '').replace(/^\//, '');
		const alias = (aliasPath ?? '').split('/').pop() ?? '';
		const container = findContainer(t, targetName);
		const addresses = container
			? endpointsOfContainer(t, container.id)
					.filter(e => e.ipv4 && isDefaultBridge(t, e))
					.map(e => e.ipv4!)
			: [];
		for (const name of new Set([alias, targetName].filter(Boolean))) out.push({name, addresses, origin: 'link', container});
	}
	for (const entry of source.details?.extraHosts ?? []) {
		// "name:ip" (also "name=ip" on newer engines); IPv6 addresses contain colons.
		const at = entry.search(/[:=]/);
		if (at <= 0) continue;
		const name = entry.slice(0, at);
		const address = entry.slice(at + 1);
		const owner = t.endpoints.find(e => e.ipv4 === address || e.ipv6 === address);
		out.push({
			name,
			addresses: [address],
			origin: 'extra-host',
			container: owner ? (indexOf(t).containerById.get(owner.containerId) ?? null) : null,
		});
	}
	return out;
}

const isDefaultBridge = (t: Topology, e: Endpoint): boolean => indexOf(t).networkById.get(e.networkId)?.predefined === 'bridge';

/**
 * Resolves what the user typed against the topology, from the source's point of view
 * (aliases are per network: the source's networks win). Order: container name or id,
 * the source's /etc/hosts names, aliases, "name.network", IP addresses.
 */
export function resolveTarget(t: Topology, source: Container | null, text: string): Target {
	const index = indexOf(t);
	const exact = index.containerByName.get(text.trim().replace(/^\//, ''));
	if (exact) return {kind: 'container', text: text.trim(), container: exact, via: 'name', network: null};
	// Parsed once (domain/probe-target.ts): the canonical text is what gets probed.
	const parsed = parseProbeTarget(text);
	if (!parsed.ok) return {kind: 'invalid', text: text.trim(), reason: parsed.reason};
	const typed = parsed.text;
	if (parsed.kind === 'address') {
		const owner = t.endpoints.find(e => e.ipv4 === typed || e.ipv6 === typed);
		if (owner) {
			const container = index.containerById.get(owner.containerId)!;
			return {kind: 'container', text: typed, container, via: 'ip', network: index.networkById.get(owner.networkId) ?? null};
		}
		return {kind: 'address', text: typed, address: typed, network: networkOfAddress(t, typed)};
	}
	if (source) {
		const hosts = hostsEntriesOf(t, source).find(h => h.name === typed);
		if (hosts) return {kind: 'hosts-name', text: typed, addresses: hosts.addresses, origin: hosts.origin, container: hosts.container};
	}
	const sourceNets = new Set(source ? endpointsOfContainer(t, source.id).map(e => e.networkId) : []);
	const aliasOwners = t.endpoints.filter(e => (e.aliases ?? []).includes(typed) || (e.dnsNames ?? []).includes(typed));
	const preferred = aliasOwners.find(e => sourceNets.has(e.networkId)) ?? aliasOwners[0];
	if (preferred) {
		return {
			kind: 'container',
			text: typed,
			container: index.containerById.get(preferred.containerId)!,
			via: 'alias',
			network: index.networkById.get(preferred.networkId) ?? null,
		};
	}
	// Docker's DNS also answers "<name>.<network>".
	const dot = typed.lastIndexOf('.');
	if (dot > 0) {
		const network = index.networkByName.get(typed.slice(dot + 1));
		const name = typed.slice(0, dot);
		if (network) {
			const endpoint = t.endpoints.find(e => e.networkId === network.id && resolvableNames(t, e).includes(name));
			if (endpoint)
				return {kind: 'container', text: typed, container: index.containerById.get(endpoint.containerId)!, via: 'fqdn', network};
		}
	}
	const byId = findContainer(t, typed);
	if (byId && typed.length >= 4) return {kind: 'container', text: typed, container: byId, via: 'id', network: null};
	return {kind: 'unknown', text: typed};
}

/** Whether the target was given as a name (so resolution matters), not an address. */
export const targetIsName = (target: Target): boolean =>
	target.kind === 'hosts-name' || target.kind === 'unknown' || (target.kind === 'container' && target.via !== 'ip');

/** The addresses of a target that lie outside the engine's networks (an outbound check). */
export const isOutsideTarget = (t: Topology, target: Target): boolean =>
	(target.kind === 'address' && !target.network && !gatewayNetwork(t, target.address) && !isLoopback(target.address)) ||
	(target.kind === 'hosts-name' && outsideAddresses(t, target.addresses).length > 0);

// ------------------------------------------------------------------ reasons

export type ReasonCode =
	| 'same-container'
	| 'source-not-running'
	| 'source-host-mode'
	| 'source-none-mode'
	| 'source-container-mode'
	| 'target-not-running'
	| 'target-host-mode'
	| 'target-none-mode'
	| 'target-container-mode'
	| 'no-shared-network'
	| 'shared-network'
	| 'default-bridge-no-dns'
	| 'alias-not-here'
	| 'internal-network'
	| 'icc-disabled'
	| 'hosts-only'
	| 'alias-clash'
	| 'unknown-name'
	| 'address-unused'
	| 'address-outside'
	| 'dns-resolved'
	| 'dns-failed'
	| 'reachable'
	| 'unreachable'
	| 'ping-unavailable'
	| 'port-open'
	| 'not-listening'
	| 'port-filtered'
	| 'port-unreachable'
	| 'host-port'
	| 'port-not-exposed'
	| 'invalid-target'
	| 'name-too-long'
	| 'gateway'
	| 'loopback'
	| 'no-default-route'
	| 'outside-resolved'
	| 'target-paused'
	| 'network-removed'
	| 'hosts-stale';

/** blocks: A cannot reach B because of this. warns: may break it. info/ok: context. */
export type Severity = 'blocks' | 'warns' | 'info' | 'ok';

/** static: read from the topology; confirmed/refuted: what the probes saw agrees or not. */
export type ReasonStatus = 'static' | 'confirmed' | 'refuted' | 'observed';

/** The exact fix: docker CLI lines (argv, quote for display) and, when docknet can do it, the action. */
export type Fix = {
	summary: string;
	commands: string[][];
	/** What docknet itself can do about it (the explorer binds it to a key). */
	action?: {kind: 'connect'; network: string; container: string} | {kind: 'start'; container: string};
	/** The explorer key that performs `action`, when given in the options. */
	hotkey?: string;
};

export type Reason = {
	code: ReasonCode;
	severity: Severity;
	status: ReasonStatus;
	/** One or two plain sentences. */
	text: string;
	fix?: Fix;
	/** What the probe saw, once it ran: "ping: bad address 'legacy-b'". */
	evidence?: string;
};

export type Diagnosis = {
	source: Container;
	target: Target;
	/** The container whose network stack the probe really uses (container:X mode). */
	effectiveSource: Container;
	effectiveTarget: Container | null;
	/** Networks the two share (live endpoints), user-defined first. */
	shared: Network[];
	/** Target addresses on the shared networks: what DNS should answer. */
	expectedAddresses: Array<{network: string; address: string}>;
	/** Whether the name should resolve through DNS from the source (null: not a name). */
	nameResolvable: boolean | null;
	reasons: Reason[];
	/** From the topology: 'no' when some reason blocks, else 'yes'. After probes: what they saw. */
	verdict: 'yes' | 'no' | 'unknown';
};

export type DiagnoseOptions = {
	/** Explorer keys, so a fix can name the key that does it. */
	hotkeys?: {connect?: string; start?: string};
};

const q = (s: string) => `"${s}"`;

function stateWord(c: Container): string {
	return c.state === 'exited'
		? 'stopped (exited)'
		: c.state === 'created'
			? 'created but never started'
			: c.state === 'restarting'
				? 'restarting (it keeps exiting: its restart policy starts it again)'
				: c.state;
}

/** The networks a container is on: its live endpoints, or for a stopped one the networks it is configured on (joined when started). */
function networksOf(t: Topology, c: Container): Network[] {
	const index = indexOf(t);
	const live = endpointsOfContainer(t, c.id)
		.map(e => index.networkById.get(e.networkId))
		.filter((n): n is Network => Boolean(n));
	if (live.length || c.state === 'running') return live;
	return (index.configuredByContainer.get(c.id) ?? [])
		.map(a => (a.networkId ? index.networkById.get(a.networkId) : undefined) ?? index.networkByName.get(a.networkName))
		.filter((n): n is Network => Boolean(n));
}

/**
 * Why an outbound check (an address or name outside the engine) may fail before it
 * leaves: internal networks have no route out; without a gateway there is no
 * default route; host mode goes out as the host does.
 */
function outboundReasons(
	t: Topology,
	source: Container,
	nets: Network[],
	what: string,
	add: (code: ReasonCode, severity: Severity, text: string, fix?: Fix) => void,
	options: DiagnoseOptions = {},
): void {
	if (source.networkMode.kind === 'host') {
		add('source-host-mode', 'info', `${source.name} uses the host's network (--network host): it reaches ${what} as the engine host does.`);
		return;
	}
	if (!nets.length) return;
	const open = nets.filter(n => !n.internal);
	if (!open.length) {
		// Another network gives it a route out (docker never takes an internal network's gateway as the default route).
		const out = t.networks.find(n => n.predefined === 'bridge');
		add(
			'internal-network',
			'blocks',
			`${source.name} is only on internal networks (${listNames(nets)}): the engine drops their traffic to anything outside them, so ${what} cannot be reached. Connect ${source.name} to a non-internal network for outbound traffic.`,
			out ? connectFix(out, source, options, t) : undefined,
		);
		return;
	}
	const gateways = endpointsOfContainer(t, source.id).filter(e => e.gateway && open.some(n => n.id === e.networkId));
	if (source.state === 'running' && !gateways.length) {
		add(
			'no-default-route',
			'blocks',
			`${source.name} has no gateway on ${listNames(open)}: without a default route nothing outside its networks (${what}) can be reached.`,
		);
	}
}

const listNames = (networks: Network[]): string => (networks.length ? networks.map(n => n.name).join(', ') : 'no network');

/** The container whose namespace `c` uses (container:X mode), or c itself. */
function netnsOwner(t: Topology, c: Container): {owner: Container | null; via: Container | null} {
	if (c.networkMode.kind !== 'container') return {owner: c, via: null};
	const owner = findContainer(t, c.networkMode.target);
	return {owner, via: c};
}

const iccDisabled = (n: Network): boolean => n.options['com.docker.network.bridge.enable_icc'] === 'false';

const userDefinedFirst = (a: Network, b: Network) => Number(Boolean(a.predefined)) - Number(Boolean(b.predefined));

/** The network a fix should connect the source to: the target's first user-defined, non-internal one. */
function pickNetworkFor(targetNets: Network[]): Network | null {
	const usable = targetNets.filter(n => n.predefined !== 'host' && n.predefined !== 'none');
	return usable.find(n => !n.predefined && !n.internal) ?? usable.find(n => !n.predefined) ?? usable[0] ?? null;
}

/** How a fix names a network: its name, or its id when another network has the same name (docker would pick one). */
const networkRef = (t: Topology, network: Network): string =>
	t.networks.filter(n => n.name === network.name).length > 1 ? network.id.slice(0, 12) : network.name;

function connectFix(network: Network, container: Container, options: DiagnoseOptions, t?: Topology): Fix {
	const ref = t ? networkRef(t, network) : network.name;
	return {
		summary: `connect ${container.name} to ${network.name}${ref !== network.name ? ` (id ${ref}: two networks are named ${network.name})` : ''}`,
		commands: [['docker', 'network', 'connect', ref, container.name]],
		action: {kind: 'connect', network: ref, container: container.name},
		...(options.hotkeys?.connect ? {hotkey: options.hotkeys.connect} : {}),
	};
}

function startFix(container: Container, options: DiagnoseOptions): Fix {
	// A restarting container is already being started: the fix is in its logs.
	if (container.state === 'restarting')
		return {summary: `see why ${container.name} exits`, commands: [['docker', 'logs', '--tail', '20', container.name]]};
	return {
		summary: `start ${container.name}`,
		commands: [['docker', 'start', container.name]],
		action: {kind: 'start', container: container.name},
		...(options.hotkeys?.start ? {hotkey: options.hotkeys.start} : {}),
	};
}

function tooLongText(name: string): string {
	const long = longLabels(name)[0]!;
	return `${q(name.length > 70 ? name.slice(0, 67) + '…' : name)} has a label of ${long.length} characters: DNS allows at most ${DNS_LABEL_MAX}, so no resolver can look it up (nslookup refuses it, ping says bad address, docker's DNS never answers). Use a shorter name or an alias, or the IP address.`;
}

/** A name DNS cannot carry: rename the container (Docker's DNS follows a rename; Podman's only after a restart). */
function renameFix(c: Container, ip: string | undefined): Fix {
	const short = c.name.slice(0, DNS_LABEL_MAX).replace(/[-_.]+$/, '');
	return {
		summary: `rename ${c.name} to a name of at most ${DNS_LABEL_MAX} characters${ip ? ` (or use its IP ${ip})` : ''}; on Podman restart it then (aardvark-dns keeps the old name until a restart)`,
		commands: [['docker', 'rename', c.name, short]],
	};
}

/**
 * The target's addresses on these endpoints, IPv4 before IPv6 on each: a dual-stack
 * target's AAAA answer is its own too, and an IPv6-only endpoint still has an address.
 */
function addressesOf(t: Topology, endpoints: readonly Endpoint[]): Array<{network: string; address: string}> {
	const out: Array<{network: string; address: string}> = [];
	for (const e of endpoints) {
		const network = indexOf(t).networkById.get(e.networkId)?.name ?? e.networkName;
		if (e.ipv4) out.push({network, address: e.ipv4});
		if (e.ipv6) out.push({network, address: e.ipv6});
	}
	return out;
}

/** Static reasons: everything the topology says about source → target. */
export function diagnose(t: Topology, source: Container, target: Target, options: DiagnoseOptions = {}): Diagnosis {
	const reasons: Reason[] = [];
	// Starting a container is the last step of a fix (a stopped one can be connected
	// first): these reasons go after the network ones, so the list reads in fixing order.
	const last: Reason[] = [];
	const add = (code: ReasonCode, severity: Severity, text: string, fix?: Fix) =>
		reasons.push({code, severity, status: 'static', text, ...(fix ? {fix} : {})});
	const addLast = (code: ReasonCode, severity: Severity, text: string, fix?: Fix) =>
		last.push({code, severity, status: 'static', text, ...(fix ? {fix} : {})});
	const result = (partial: Partial<Diagnosis> & {effectiveSource: Container}): Diagnosis => {
		reasons.push(...last.splice(0));
		const diagnosis: Diagnosis = {
			source,
			target,
			effectiveTarget: null,
			shared: [],
			expectedAddresses: [],
			nameResolvable: null,
			reasons,
			verdict: 'yes',
			...partial,
		};
		const unknownName = reasons.some(r => r.code === 'unknown-name' && r.severity === 'warns');
		diagnosis.verdict = reasons.some(r => r.severity === 'blocks') ? 'no' : unknownName ? 'unknown' : 'yes';
		return diagnosis;
	};

	if (target.kind === 'invalid') {
		add('invalid-target', 'blocks', `${target.reason}: docknet does not probe it.`);
		return result({effectiveSource: source});
	}

	// --- the source
	if (source.state !== 'running') {
		addLast(
			'source-not-running',
			'blocks',
			`${source.name} is ${stateWord(source)}: probes run inside it, and a stopped container reaches nothing.`,
			startFix(source, options),
		);
	}
	let effectiveSource = source;
	if (source.networkMode.kind === 'container') {
		const {owner} = netnsOwner(t, source);
		if (!owner) {
			add(
				'source-container-mode',
				'blocks',
				`${source.name} shares the network stack of ${source.networkMode.target} (--network container:${source.networkMode.target}), which no longer exists: it has no network.`,
			);
			return result({effectiveSource});
		}
		add(
			'source-container-mode',
			'info',
			`${source.name} shares the network stack of ${owner.name} (--network container:${owner.name}): it reaches exactly what ${owner.name} reaches, with ${owner.name}'s addresses.`,
		);
		if (owner.state !== 'running')
			addLast(
				'source-not-running',
				'blocks',
				`${owner.name}, whose network stack ${source.name} uses, is ${stateWord(owner)}.`,
				startFix(owner, options),
			);
		effectiveSource = owner;
	}
	// The same network stack (itself, or container:X on either side): loopback, whatever the mode.
	if (target.kind === 'container') {
		const owner = target.container.networkMode.kind === 'container' ? netnsOwner(t, target.container).owner : target.container;
		if ([source.id, effectiveSource.id].includes(target.container.id) || (owner && owner.id === effectiveSource.id)) {
			reasons.length = 0;
			last.length = 0;
			if (effectiveSource.state !== 'running') {
				add(
					'source-not-running',
					'blocks',
					`${effectiveSource.name} is ${stateWord(effectiveSource)}: nothing runs in its network stack.`,
					startFix(effectiveSource, options),
				);
			} else {
				add(
					'same-container',
					'ok',
					`${source.name} and ${target.container.name} are the same network stack: always reachable over loopback (127.0.0.1), whatever its network mode.`,
				);
			}
			return result({effectiveSource, effectiveTarget: target.container});
		}
	}
	const sourceMode = effectiveSource.networkMode.kind;
	if (sourceMode === 'none') {
		add(
			'source-none-mode',
			'blocks',
			`${effectiveSource.name} has no network (--network none): it can reach nothing but itself. docker network connect refuses such containers; recreate it with --network NETWORK.`,
		);
		return result({effectiveSource});
	}
	const srcNets = networksOf(t, effectiveSource);

	// --- the target
	if (target.kind === 'unknown') {
		if (longLabels(target.text).length) {
			add('name-too-long', 'blocks', tooLongText(target.text));
			return result({effectiveSource, nameResolvable: false});
		}
		add(
			'unknown-name',
			'warns',
			`No container, alias or /etc/hosts entry named ${q(target.text)} is known on ${effectiveSource.name}'s networks (${listNames(srcNets)}): the name is not this engine's, so ${effectiveSource.name}'s resolver asks the upstream DNS (outside the engine). The probe shows what it answers.`,
		);
		// Even when the upstream answers (docker's DNS forwards for internal networks too), there may be no way out.
		outboundReasons(t, effectiveSource, srcNets, `whatever ${q(target.text)} resolves to outside the engine`, add, options);
		return result({effectiveSource, nameResolvable: false});
	}
	if (target.kind === 'hosts-name') {
		add(
			'hosts-only',
			'info',
			`${q(target.text)} is known to ${source.name} only through /etc/hosts (${target.origin === 'link' ? '--link' : '--add-host'}${target.addresses.length ? `: ${target.addresses.join(', ')}` : ''}): ping and getent resolve it, nslookup asks the DNS server and will not — expect them to disagree.`,
		);
		if (!target.container) {
			const outside = outsideAddresses(t, target.addresses);
			if (outside.length) outboundReasons(t, effectiveSource, srcNets, outside.join(', '), add, options);
			return result({effectiveSource, nameResolvable: false});
		}
	}
	if (target.kind === 'address') {
		const gatewayOf = gatewayNetwork(t, target.address);
		if (gatewayOf) {
			const own = srcNets.some(n => n.id === gatewayOf.id);
			add(
				'gateway',
				'info',
				`${target.address} is ${gatewayOf.name}'s gateway: the engine host's own side of that network's bridge, not a container. It answers ping from containers with a route to it${own ? ` (${effectiveSource.name} is on ${gatewayOf.name})` : ` (${effectiveSource.name} reaches it through its own gateway)`}; a port there is a service of the engine host.`,
			);
			return result({effectiveSource});
		}
		if (isLoopback(target.address)) {
			add(
				'loopback',
				'info',
				`${target.address} is ${effectiveSource.name}'s own loopback: it reaches only what listens inside ${effectiveSource.name}'s network stack.`,
			);
			return result({effectiveSource});
		}
		if (!target.network) {
			add(
				'address-outside',
				'info',
				`${target.address} is outside this engine's networks: an outbound check, through ${effectiveSource.name}'s default route; what answers is beyond the engine.`,
			);
			outboundReasons(t, effectiveSource, srcNets, target.address, add, options);
			return result({effectiveSource});
		}
		add('address-unused', 'warns', `No running container holds ${target.address} on ${target.network.name}: nothing will answer there.`);
		if (!srcNets.some(n => n.id === target.network!.id)) {
			if (srcNets.length && srcNets.every(n => n.internal)) {
				add(
					'internal-network',
					'blocks',
					`${effectiveSource.name} is only on internal networks (${listNames(srcNets)}): they have no route out, by design.`,
				);
			} else {
				add(
					'no-shared-network',
					'blocks',
					`${effectiveSource.name} is not on ${target.network.name} (it is on ${listNames(srcNets)}): docker isolates networks from each other.`,
					connectFix(target.network, effectiveSource, options),
				);
			}
		}
		return result({effectiveSource});
	}

	const targetContainer = target.container!;
	let effectiveTarget = targetContainer;
	if (targetContainer.networkMode.kind === 'container') {
		const {owner} = netnsOwner(t, targetContainer);
		if (owner) {
			add(
				'target-container-mode',
				'info',
				`${targetContainer.name} shares the network stack of ${owner.name} (--network container:${owner.name}): it has ${owner.name}'s addresses and is reached through ${owner.name}'s names.`,
			);
			effectiveTarget = owner;
		} else {
			add(
				'target-container-mode',
				'blocks',
				`${targetContainer.name} shares the network stack of ${targetContainer.networkMode.target}, which no longer exists: it has no network.`,
			);
			return result({effectiveSource, effectiveTarget});
		}
	}
	if (effectiveTarget.state === 'paused') {
		// The kernel still answers ping and TCP handshakes for a frozen container: not a block for ping.
		addLast(
			'target-paused',
			'warns',
			`${effectiveTarget.name} is paused: it keeps its addresses and its name resolves, and the kernel still answers ping and accepts TCP connections, but its processes are frozen, so no request gets an answer.`,
			{summary: `unpause ${effectiveTarget.name}`, commands: [['docker', 'unpause', effectiveTarget.name]]},
		);
	} else if (effectiveTarget.state !== 'running') {
		const configured = indexOf(t).configuredByContainer.get(effectiveTarget.id) ?? [];
		// A network removed under a stopped container: docker start fails until it exists again.
		const gone = configured.filter(
			a => !(a.networkId && indexOf(t).networkById.get(a.networkId)) && !indexOf(t).networkByName.get(a.networkName),
		);
		for (const a of gone) {
			add(
				'network-removed',
				'blocks',
				`${effectiveTarget.name} is configured on ${a.networkName}, which no longer exists (removed while ${effectiveTarget.name} was stopped): docker start fails with "network … not found" — even after a network of that name is created again (the container remembers the old id). Drop the stale attachment first.`,
				{
					summary: `forget ${a.networkName} in ${effectiveTarget.name}`,
					commands: [['docker', 'network', 'disconnect', '--force', a.networkName, effectiveTarget.name]],
				},
			);
		}
		addLast(
			'target-not-running',
			'blocks',
			`${effectiveTarget.name} is ${stateWord(effectiveTarget)}: it has no address now and its name does not resolve${configured.length ? ` (it will join ${configured.map(c => c.networkName).join(', ')} when started)` : ''}.`,
			startFix(effectiveTarget, options),
		);
	}
	if (effectiveTarget.networkMode.kind === 'host') {
		const gateway = endpointsOfContainer(t, effectiveSource.id).find(e => e.gateway)?.gateway;
		add(
			'target-host-mode',
			'blocks',
			`${effectiveTarget.name} uses the host's network (--network host): it has no address on any docker network and docker's DNS has no name for it. Reach its services through the host${gateway ? ` at ${gateway} (${effectiveSource.name}'s gateway)` : ''}, on the ports it listens on.`,
		);
		return result({effectiveSource, effectiveTarget});
	}
	if (effectiveTarget.networkMode.kind === 'none') {
		add(
			'target-none-mode',
			'blocks',
			`${effectiveTarget.name} has no network (--network none): nothing can reach it. Recreate it with --network NETWORK (docker network connect refuses containers in none mode).`,
		);
		return result({effectiveSource, effectiveTarget});
	}

	const sourceNets = srcNets;
	const targetNets = networksOf(t, effectiveTarget);
	const targetNetIds = new Set(targetNets.map(n => n.id));
	const shared = sourceNets.filter(n => targetNetIds.has(n.id)).sort(userDefinedFirst);
	const targetEndpoints = endpointsOfContainer(t, effectiveTarget.id);
	const expectedAddresses = addressesOf(
		t,
		targetEndpoints.filter(e => shared.some(n => n.id === e.networkId)),
	);
	const isName = targetIsName(target);
	const inHosts = target.kind === 'hosts-name' || hostsEntriesOf(t, source).some(h => h.name === target.text);

	if (sourceMode === 'host') {
		add(
			'source-host-mode',
			isName && !inHosts ? 'blocks' : 'info',
			`${effectiveSource.name} uses the host's network (--network host): docker's DNS does not serve it, so container names do not resolve there${
				targetEndpoints.find(e => e.ipv4)
					? `; it reaches ${effectiveTarget.name} through the host by IP (${targetEndpoints.find(e => e.ipv4)!.ipv4})`
					: ''
			}.`,
		);
		return result({
			effectiveSource,
			effectiveTarget,
			expectedAddresses: addressesOf(t, targetEndpoints),
			nameResolvable: isName ? inHosts : null,
		});
	}

	if (shared.length === 0) {
		// Via an IP: name the network that address belongs to.
		const viaNet = target.kind === 'container' && target.via === 'ip' ? target.network : null;
		const fixNet = viaNet ?? pickNetworkFor(targetNets);
		const stopped = (c: Container) => (c.state === 'running' ? '' : ' (configured; it joins them when started)');
		add(
			'no-shared-network',
			'blocks',
			`${effectiveSource.name} and ${effectiveTarget.name} share no network: ${effectiveSource.name} is on ${listNames(sourceNets)}${stopped(effectiveSource)}; ${effectiveTarget.name} is on ${listNames(targetNets)}${stopped(effectiveTarget)}. Docker isolates networks from each other.`,
			fixNet ? connectFix(fixNet, effectiveSource, options, t) : undefined,
		);
		return result({effectiveSource, effectiveTarget, nameResolvable: isName ? inHosts : null});
	}

	// They share at least one network.
	const userDefined = shared.filter(n => !n.predefined);
	const sharedText = shared
		.map(n => {
			const ip = expectedAddresses.find(a => a.network === n.name)?.address;
			return `${n.name}${ip ? ` (${effectiveTarget.name} is ${ip} there)` : ''}`;
		})
		.join(', ');
	add('shared-network', 'ok', `${effectiveSource.name} and ${effectiveTarget.name} share ${sharedText}.`);

	let nameResolvable: boolean | null = null;
	if (isName) {
		// Which names docker's DNS answers for the target on the shared user-defined networks.
		const names = new Set<string>();
		for (const e of targetEndpoints)
			if (userDefined.some(n => n.id === e.networkId)) for (const name of resolvableNames(t, e)) names.add(name);
		const bare = target.kind === 'container' && target.via === 'fqdn' ? target.text.slice(0, target.text.lastIndexOf('.')) : target.text;
		nameResolvable = names.has(bare) || inHosts;
		// container:X mode: the target has no name of its own in docker's DNS.
		if (targetContainer.id !== effectiveTarget.id && bare === targetContainer.name && !inHosts) {
			nameResolvable = false;
			add(
				'target-container-mode',
				'blocks',
				`${q(bare)} is not in docker's DNS: ${targetContainer.name} has no endpoint of its own (it uses ${effectiveTarget.name}'s network stack). Reach it as ${q(effectiveTarget.name)} or by ${effectiveTarget.name}'s address.`,
			);
		}
		// The source's /etc/hosts gives the name another address than the target's: ping and applications use that first.
		const hostsLine = hostsEntriesOf(t, source).find(h => h.name === bare && h.origin === 'extra-host');
		const targetAddrs = targetEndpoints.flatMap(e => [e.ipv4, e.ipv6]).filter(Boolean);
		if (hostsLine && targetAddrs.length && !hostsLine.addresses.some(a => targetAddrs.includes(a))) {
			add(
				'hosts-stale',
				'blocks',
				`${source.name}'s /etc/hosts says ${q(bare)} is ${hostsLine.addresses.join(', ')} (--add-host), but ${effectiveTarget.name} is ${targetAddrs.join(', ')}: ping and applications read /etc/hosts first and go to the stale address. Recreate ${source.name} without that --add-host (it cannot be changed on a container), or use the address.`,
			);
		}
		if (longLabels(bare).length && !inHosts) {
			nameResolvable = false;
			add('name-too-long', 'blocks', tooLongText(target.text), renameFix(effectiveTarget, expectedAddresses[0]?.address));
		}
		if (userDefined.length === 0 && !inHosts) {
			const ip = expectedAddresses[0]?.address;
			const net = `${effectiveSource.name}-${effectiveTarget.name}`.replace(/[^A-Za-z0-9_.-]/g, '-');
			add(
				'default-bridge-no-dns',
				'blocks',
				`${effectiveSource.name} and ${effectiveTarget.name} meet only on the default bridge, which has no name resolution: ${q(target.text)} does not resolve there (NXDOMAIN). Use the IP${ip ? ` ${ip}` : ''}, or put both on a user-defined network.`,
				{
					summary: `create a user-defined network and connect both`,
					commands: [
						['docker', 'network', 'create', net],
						['docker', 'network', 'connect', net, effectiveSource.name],
						['docker', 'network', 'connect', net, effectiveTarget.name],
					],
				},
			);
		} else if (!nameResolvable && target.kind === 'container' && target.via === 'alias') {
			const aliasNet = target.network;
			add(
				'alias-not-here',
				'blocks',
				`${q(target.text)} is ${effectiveTarget.name}'s alias on ${aliasNet?.name ?? 'another network'} only, and ${effectiveSource.name} is not on it: aliases resolve only on their own network.`,
				aliasNet ? connectFix(aliasNet, effectiveSource, options) : undefined,
			);
		}
		// Alias clash: the same name belongs to other containers on the source's networks.
		const clashes: Array<{container: string; network: string; address: string | null}> = [];
		for (const e of t.endpoints) {
			if (e.containerId === effectiveTarget.id) continue;
			const network = indexOf(t).networkById.get(e.networkId);
			if (!network || network.predefined || !sourceNets.some(n => n.id === network.id)) continue;
			if (resolvableNames(t, e).includes(bare)) {
				clashes.push({
					container: indexOf(t).containerById.get(e.containerId)?.name ?? e.containerId.slice(0, 12),
					network: network.name,
					address: e.ipv4,
				});
			}
		}
		if (clashes.length) {
			add(
				'alias-clash',
				'warns',
				`The name ${q(bare)} also belongs to ${clashes.map(c => `${c.container} on ${c.network}${c.address ? ` (${c.address})` : ''}`).join(', ')}: docker's DNS may answer with that address instead of ${effectiveTarget.name}'s.`,
			);
		}
	}

	// Traffic rules of the shared networks.
	const icc = shared.filter(iccDisabled);
	if (icc.length) {
		const all = icc.length === shared.length;
		add(
			'icc-disabled',
			all ? 'blocks' : 'warns',
			`Inter-container traffic is disabled on ${icc.map(n => n.name).join(', ')} (com.docker.network.bridge.enable_icc=false): containers there cannot talk to each other, by design${
				all
					? ''
					: `; ${shared
							.filter(n => !iccDisabled(n))
							.map(n => n.name)
							.join(', ')} still works`
			}. Published ports through the host still work.`,
		);
	}
	for (const n of shared.filter(n => n.internal)) {
		add(
			'internal-network',
			'info',
			`${n.name} is internal: ${effectiveSource.name} and ${effectiveTarget.name} talk over it, but nothing on it has a route out of the host (by design).`,
		);
	}
	return result({effectiveSource, effectiveTarget, shared, expectedAddresses, nameResolvable});
}

/** Static reasons about one port of the target (added to a diagnosis). */
export function diagnosePort(diagnosis: Diagnosis, port: number): Reason[] {
	const target = diagnosis.effectiveTarget;
	if (!target) return [];
	const reasons: Reason[] = [];
	const published = target.ports.find(p => p.hostPort === port && p.containerPort !== port);
	if (published) {
		reasons.push({
			code: 'host-port',
			severity: 'warns',
			status: 'static',
			text: `${port} is ${target.name}'s port on the host (${port}->${published.containerPort}/${published.protocol}); between containers use the container port ${published.containerPort}.`,
		});
	}
	const exposed = new Set([...(target.details?.exposedPorts ?? []).map(p => p.port), ...target.ports.map(p => p.containerPort)]);
	if (target.details && !exposed.has(port) && !published) {
		reasons.push({
			code: 'port-not-exposed',
			severity: 'info',
			status: 'static',
			text: `${port} is not among ${target.name}'s exposed ports (${exposed.size ? [...exposed].sort((a, b) => a - b).join(', ') : 'none declared'}); EXPOSE only documents, what counts is whether something listens.`,
		});
	}
	return reasons;
}

// ------------------------------------------------------------------ evidence

/** What the probes saw inside the source. Every part is optional. */
export type Evidence = {
	/** nslookup NAME from the source (the DNS server's view). */
	dns?: {name: string; result: NslookupResult};
	/** getent hosts / the source's /etc/hosts (what ping and applications see first). */
	hosts?: {name: string; addresses: string[]};
	/** One entry per ping run: by the typed name and/or by address. */
	pings?: Array<{target: string; stats: PingStats}>;
	port?: {host: string; port: number; check: PortCheck; timeoutSec: number};
};

const pingOk = (stats: PingStats) => stats.received > 0;
// An error with nothing received (e.g. "sendto: Network unreachable": no route at all) is a
// failure too — but not a ping that could not run at all (no NET_RAW): that tested nothing.
const pingFailed = (stats: PingStats) =>
	!stats.cannotRun &&
	(Boolean(stats.unresolved) ||
		(stats.final && stats.received === 0) ||
		(stats.transmitted > 0 && stats.received === 0 && stats.lost.length > 0) ||
		(stats.errors.length > 0 && stats.received === 0));

export function describePing(target: string, stats: PingStats): string {
	if (stats.unresolved) return `ping ${target}: bad address (the name does not resolve)`;
	if (stats.cannotRun && !stats.received) return `ping ${target}: cannot run here (${stats.cannotRun})`;
	if (stats.received > 0)
		return `ping ${target}: ${stats.received}/${stats.transmitted} replies${stats.avgMs !== null ? `, avg ${stats.avgMs} ms` : ''}`;
	if (stats.errors.length) return `ping ${target}: ${stats.errors.at(-1)}`;
	return `ping ${target}: no reply (${stats.transmitted} sent)`;
}

export function describeDns(name: string, result: NslookupResult): string {
	const server = result.serverAddress ? ` (server ${result.serverAddress})` : '';
	if (result.answers.length) return `nslookup ${name}${server}: ${result.answers.map(a => a.address).join(', ')}`;
	if (result.nxdomain) return `nslookup ${name}${server}: NXDOMAIN`;
	return `nslookup ${name}${server}: ${result.error ?? 'no answer'}`;
}

/**
 * Folds probe results into a diagnosis: static reasons become confirmed or refuted,
 * and what only a probe can see is added (alias clash by address, nslookup and
 * /etc/hosts disagreeing, nothing listening, dropped packets). The verdict becomes
 * what the probes saw.
 */
export function reconcile(t: Topology, diagnosis: Diagnosis, evidence: Evidence): Diagnosis {
	const reasons: Reason[] = diagnosis.reasons.map(r => ({...r}));
	const index = indexOf(t);
	// A ping that could not run (no NET_RAW) says nothing about reachability: no evidence.
	const unusable = (evidence.pings ?? []).filter(p => p.stats.cannotRun && !p.stats.received);
	const pings = (evidence.pings ?? []).filter(p => !unusable.includes(p));
	const byTyped = pings.find(p => p.target === diagnosis.target.text);
	const anyOk = pings.some(p => pingOk(p.stats));
	const typedFailed = byTyped ? pingFailed(byTyped.stats) : false;
	const typedOk = byTyped ? pingOk(byTyped.stats) : false;
	const dns = evidence.dns;
	const dnsAnswers = dns?.result.answers.map(a => a.address) ?? [];
	const dnsNx = dns ? dns.result.nxdomain || (!dnsAnswers.length && !dns.result.error) : false;
	const pingEvidence = byTyped
		? describePing(byTyped.target, byTyped.stats)
		: pings[0]
			? describePing(pings[0].target, pings[0].stats)
			: undefined;
	const dnsEvidence = dns ? describeDns(dns.name, dns.result) : undefined;
	const mark = (reason: Reason, status: ReasonStatus, evidenceText: string | undefined) => {
		reason.status = status;
		if (evidenceText) reason.evidence = evidenceText;
	};

	for (const reason of reasons) {
		switch (reason.code) {
			case 'unknown-name':
				if (reason.severity === 'warns') {
					// Not the engine's name: what the upstream DNS said is the evidence either way.
					if (dns && dnsAnswers.length) mark(reason, 'confirmed', dnsEvidence);
					else if (dnsNx || byTyped?.stats.unresolved) {
						reason.severity = 'blocks';
						// The engine's DNS of an internal network may answer for itself, never asking upstream.
						reason.text += diagnosis.reasons.some(r => r.code === 'internal-network' && r.severity === 'blocks')
							? ` The DNS server of its internal network answered NXDOMAIN: an engine's DNS does not always forward outside names for internal networks (Docker 26+, Podman's aardvark-dns), so this does not say the upstream lacks the name.`
							: ' It does not know the name either (NXDOMAIN).';
						mark(reason, 'confirmed', dnsNx ? dnsEvidence : pingEvidence);
					}
					break;
				}
				if (dns && dnsAnswers.length) mark(reason, 'refuted', dnsEvidence);
				else if (dnsNx || byTyped?.stats.unresolved) mark(reason, 'confirmed', dnsNx ? dnsEvidence : pingEvidence);
				else if (typedOk) mark(reason, 'refuted', pingEvidence);
				break;
			case 'hosts-stale':
			case 'target-container-mode':
				// About the name only: what a ping by that name saw decides.
				if (reason.severity !== 'blocks') break;
				if (typedOk) mark(reason, 'refuted', pingEvidence);
				else if (typedFailed) mark(reason, 'confirmed', pingEvidence);
				break;
			case 'name-too-long':
				if (dns && !dnsAnswers.length) mark(reason, 'confirmed', dnsEvidence);
				else if (dnsAnswers.length) mark(reason, 'refuted', dnsEvidence);
				break;
			case 'default-bridge-no-dns':
			case 'alias-not-here':
				// A ping by the name that got replies outweighs DNS: the name resolved somehow (/etc/hosts).
				if (typedOk) mark(reason, 'refuted', pingEvidence);
				else if (dns && dnsAnswers.length) mark(reason, 'refuted', dnsEvidence);
				else if (dnsNx || byTyped?.stats.unresolved) mark(reason, 'confirmed', dnsNx ? dnsEvidence : pingEvidence);
				break;
			case 'no-shared-network':
			case 'target-not-running':
			case 'target-host-mode':
			case 'target-none-mode':
			case 'source-none-mode':
			case 'icc-disabled':
			case 'internal-network':
			case 'address-unused':
			case 'no-default-route':
			case 'source-host-mode':
				if (reason.severity === 'blocks' || reason.severity === 'warns') {
					// The typed target decides over other addresses: with no shared network a name
					// still fails when an address answers (an engine not isolating its networks).
					const typedDecides = reason.code === 'no-shared-network' && typedFailed;
					if (typedOk || (anyOk && !typedDecides && reason.code !== 'source-host-mode')) mark(reason, 'refuted', pingEvidence);
					else if (typedFailed || (pings.length && !anyOk)) mark(reason, 'confirmed', pingEvidence);
				}
				break;
			case 'shared-network': {
				const answered = pings.find(p => pingOk(p.stats));
				if (answered) mark(reason, 'confirmed', describePing(answered.target, answered.stats));
				break;
			}
			case 'hosts-only':
				if (evidence.hosts?.addresses.length && (dnsNx || (dns && !dnsAnswers.length)))
					mark(reason, 'confirmed', `${dnsEvidence ?? 'DNS: no answer'}; /etc/hosts: ${evidence.hosts.addresses.join(', ')}`);
				else if (dnsAnswers.length) mark(reason, 'refuted', dnsEvidence);
				break;
			case 'alias-clash':
				if (dnsAnswers.length) {
					const expected = new Set(diagnosis.expectedAddresses.map(a => a.address));
					mark(reason, dnsAnswers.some(a => !expected.has(a)) ? 'confirmed' : 'refuted', dnsEvidence);
				}
				break;
			default:
				break;
		}
	}

	const add = (reason: Omit<Reason, 'status'> & {status?: ReasonStatus}) => reasons.push({status: 'observed', ...reason});

	// DNS answered addresses that are not the target's: a different container owns the name.
	if (dns && dnsAnswers.length && diagnosis.expectedAddresses.length && !reasons.some(r => r.code === 'alias-clash')) {
		const expected = new Set(diagnosis.expectedAddresses.map(a => a.address));
		const foreign = dnsAnswers.filter(a => !expected.has(a));
		if (foreign.length) {
			const owners = foreign.map(address => {
				const e = t.endpoints.find(x => x.ipv4 === address || x.ipv6 === address);
				const name = e ? index.containerById.get(e.containerId)?.name : null;
				return name ? `${name} (${address})` : address;
			});
			add({
				code: 'alias-clash',
				severity: 'warns',
				text: `${q(dns.name)} resolves to ${owners.join(', ')}, not only to ${diagnosis.effectiveTarget?.name ?? 'the target'} (${[...expected].join(', ')}): the name belongs to a different container too.`,
				evidence: dnsEvidence!,
			});
		}
	}
	// nslookup and /etc/hosts disagree (a --link or --add-host name).
	if (evidence.hosts && dns && !reasons.some(r => r.code === 'hosts-only')) {
		const hostsAddrs = evidence.hosts.addresses;
		if (hostsAddrs.length && !dnsAnswers.length) {
			add({
				code: 'hosts-only',
				severity: 'info',
				text: `${q(dns.name)} is in ${diagnosis.source.name}'s /etc/hosts (${hostsAddrs.join(', ')}) but DNS does not know it: ping and getent resolve it, nslookup does not.`,
				evidence: `${dnsEvidence}; /etc/hosts: ${hostsAddrs.join(', ')}`,
			});
		} else if (hostsAddrs.length && dnsAnswers.length && !hostsAddrs.some(a => dnsAnswers.includes(a))) {
			add({
				code: 'hosts-only',
				severity: 'warns',
				text: `${diagnosis.source.name}'s /etc/hosts says ${q(dns.name)} is ${hostsAddrs.join(', ')} but DNS answers ${dnsAnswers.join(', ')}: ping and applications use /etc/hosts first.`,
				evidence: `${dnsEvidence}; /etc/hosts: ${hostsAddrs.join(', ')}`,
			});
		}
	}
	// Where the source's resolver really sent the name: outside the engine is an outbound answer, said so.
	const resolvedTo = [
		...new Set([
			...dnsAnswers,
			...(evidence.hosts?.addresses ?? []),
			...(byTyped?.stats.address && targetIsName(diagnosis.target) ? [byTyped.stats.address] : []),
		]),
	];
	const outside = outsideAddresses(t, resolvedTo);
	if (targetIsName(diagnosis.target) && outside.length) {
		add({
			code: 'outside-resolved',
			severity: 'info',
			text: `${q(diagnosis.target.text)} resolved in ${diagnosis.source.name} to ${outside.join(', ')}, outside this engine's networks: the probe is an outbound check through ${diagnosis.source.name}'s gateway.`,
			evidence: [dnsEvidence, byTyped?.stats.address ? `ping ${diagnosis.target.text}: ${byTyped.stats.address}` : null]
				.filter(Boolean)
				.join('; '),
		});
	} else if (
		byTyped?.stats.address &&
		diagnosis.target.kind === 'container' &&
		diagnosis.expectedAddresses.length &&
		!diagnosis.expectedAddresses.some(a => a.address === byTyped.stats.address)
	) {
		// ping used another address than the target's (an /etc/hosts line, an alias clash).
		add({
			code: 'alias-clash',
			severity: 'warns',
			text: `ping ${q(diagnosis.target.text)} in ${diagnosis.source.name} went to ${byTyped.stats.address}, not to ${diagnosis.effectiveTarget?.name ?? 'the target'} (${diagnosis.expectedAddresses.map(a => a.address).join(', ')}): the name means something else there.`,
			evidence: describePing(diagnosis.target.text, byTyped.stats) + ` (${byTyped.stats.address})`,
		});
	}
	if (dns && dns.result.error && !dnsAnswers.length) {
		const server = dns.result.serverAddress ? `The DNS server ${dns.result.serverAddress}` : 'nslookup';
		const long = longLabels(dns.name);
		const text = long.length
			? `nslookup could not ask for ${q(dns.name)}: a label of ${long[0]!.length} characters is longer than DNS allows (${DNS_LABEL_MAX}).`
			: `${server} gave no answer for ${q(dns.name)}: ${dns.result.error}.`;
		add({code: 'dns-failed', severity: 'warns', text, evidence: dnsEvidence!});
	} else if (dns && dnsAnswers.length && !reasons.some(r => r.code === 'alias-clash' && r.status !== 'refuted')) {
		const named = describeDnsServer(dnsServerKind(t, diagnosis.source, dns.result.serverAddress));
		const embedded = named ? ` ${named}` : dns.result.serverAddress ? ` ${dns.result.serverAddress}` : '';
		add({
			code: 'dns-resolved',
			severity: 'ok',
			text: `${q(dns.name)} resolves through${embedded} to ${dnsAnswers.join(', ')}.`,
			evidence: dnsEvidence!,
		});
	}

	for (const p of unusable.slice(0, 1)) {
		add({
			code: 'ping-unavailable',
			severity: 'info',
			text: `ping cannot run inside ${diagnosis.source.name} (${p.stats.cannotRun}): the container may not send ICMP — NET_RAW is dropped, as under Podman's default capabilities. Reachability was not tested by ping${evidence.port ? '' : ', so it stays unknown'}; use the port check (docknet port, or why with --port) instead.`,
			evidence: describePing(p.target, p.stats),
		});
	}
	// Ping results as their own lines, so the verdict is visible even without a static reason.
	for (const p of pings) {
		if (pingOk(p.stats))
			add({
				code: 'reachable',
				severity: 'ok',
				text: `${p.target} answers ping from ${diagnosis.source.name}.`,
				evidence: describePing(p.target, p.stats),
			});
		else if (pingFailed(p.stats))
			add({
				code: 'unreachable',
				severity: 'blocks',
				text: `${p.target} does not answer ping from ${diagnosis.source.name}.`,
				evidence: describePing(p.target, p.stats),
			});
	}

	// The port check.
	const port = evidence.port;
	if (port) {
		const where = `${port.host}:${port.port}`;
		const said = port.check.message ?? `nc ${where}: ${port.check.state}`;
		switch (port.check.state) {
			case 'open':
				add({
					code: 'port-open',
					severity: 'ok',
					text: `Something listens on ${where}: the connection was accepted.`,
					evidence: `nc ${where}: connected`,
				});
				break;
			case 'refused':
				add({
					code: 'not-listening',
					severity: 'blocks',
					text: `Nothing listens on ${where} (connection refused): the container answers, but no process accepts connections on that port — check the service's port and that it listens on 0.0.0.0, not 127.0.0.1.`,
					evidence: said,
				});
				break;
			case 'timeout':
				add({
					code: 'port-filtered',
					severity: 'blocks',
					text: `No answer from ${where} within ${port.timeoutSec} s: packets are dropped (inter-container traffic disabled, a firewall) or nothing holds that address.`,
					evidence: said,
				});
				break;
			case 'unresolved':
				add({
					code: 'unknown-name',
					severity: 'blocks',
					text: `${port.host} does not resolve from ${diagnosis.source.name}.`,
					evidence: said,
				});
				break;
			case 'unreachable':
				add({
					code: 'port-unreachable',
					severity: 'blocks',
					text: `${where} is unreachable from ${diagnosis.source.name} (no route).`,
					evidence: said,
				});
				break;
			case 'error':
				add({
					code: 'port-unreachable',
					severity: 'warns',
					text: `The port check on ${where} failed: ${port.check.message ?? 'unknown error'}.`,
					evidence: said,
				});
				break;
		}
	}

	let verdict = diagnosis.verdict;
	if (byTyped) verdict = typedOk ? 'yes' : typedFailed ? 'no' : 'unknown';
	else if (pings.length) verdict = anyOk ? 'yes' : pings.every(p => pingFailed(p.stats)) ? 'no' : 'unknown';
	// Every ping was attempted but none could run (no NET_RAW, Podman's default): the topology
	// proves a block by design, never that something answers (an address nobody holds, a firewall).
	else if (unusable.length && verdict === 'yes') verdict = 'unknown';
	if (port && verdict !== 'no') verdict = port.check.state === 'open' ? 'yes' : 'no';
	return {...diagnosis, reasons, verdict};
}

/** The first reason that explains a failure (for a matrix cell or a one-line summary). */
export function mainReason(diagnosis: Diagnosis): Reason | null {
	const order: Severity[] = ['blocks', 'warns'];
	for (const severity of order) {
		const hit = diagnosis.reasons.find(r => r.severity === severity && r.status !== 'refuted' && r.code !== 'unreachable');
		if (hit) return hit;
	}
	return null;
}

/** Short labels for matrix cells and narrow screens. */
export const SHORT_REASON: Partial<Record<ReasonCode, string>> = {
	'no-shared-network': 'no shared network',
	'default-bridge-no-dns': 'default bridge: no DNS',
	'target-not-running': 'target stopped',
	'source-not-running': 'source stopped',
	'target-host-mode': 'target in host mode',
	'target-none-mode': 'target has no network',
	'source-none-mode': 'source has no network',
	'source-host-mode': 'source in host mode',
	'icc-disabled': 'icc disabled',
	'internal-network': 'internal network',
	'alias-clash': 'alias clash',
	'alias-not-here': 'alias on another network',
	'unknown-name': 'unknown name',
	'hosts-only': '/etc/hosts only',
	'not-listening': 'nothing listening',
	'port-filtered': 'no answer (filtered)',
	'address-unused': 'address unused',
	'address-outside': 'not an engine address',
	'ping-unavailable': 'ping cannot run here',
};

// ------------------------------------------------------------------ picking a target

export type TargetCandidate = {
	/** What gets probed: a container name, an alias or an address. */
	text: string;
	kind: 'container' | 'alias' | 'ip';
	container: string;
	/** "app-net (shared)", "alias on app-net", "no shared network", "stopped"… */
	detail: string;
	/** On a network the source is on (reachable by design). */
	shared: boolean;
};

/** Everything the source could be pointed at, the likely-reachable first. */
export function targetCandidates(t: Topology, source: Container): TargetCandidate[] {
	const index = indexOf(t);
	const sourceNets = new Set(endpointsOfContainer(t, source.id).map(e => e.networkId));
	const out: TargetCandidate[] = [];
	for (const c of t.containers) {
		if (c.id === source.id) continue;
		const endpoints = endpointsOfContainer(t, c.id);
		const shared = endpoints.filter(e => sourceNets.has(e.networkId));
		const netName = (e: Endpoint) => index.networkById.get(e.networkId)?.name ?? e.networkName;
		let detail: string;
		if (c.state !== 'running') detail = c.state === 'exited' ? 'stopped' : c.state;
		else if (c.networkMode.kind === 'host') detail = 'host network';
		else if (c.networkMode.kind === 'none') detail = 'no network';
		else if (shared.length) detail = shared.map(e => `${netName(e)}${e.ipv4 ? ` ${e.ipv4}` : ''}`).join(', ');
		else detail = `no shared network (${endpoints.map(netName).join(', ') || '-'})`;
		out.push({text: c.name, kind: 'container', container: c.name, detail, shared: shared.length > 0});
		for (const e of endpoints) {
			for (const alias of e.aliases ?? [])
				out.push({
					text: alias,
					kind: 'alias',
					container: c.name,
					detail: `alias of ${c.name} on ${netName(e)}`,
					shared: sourceNets.has(e.networkId),
				});
		}
		for (const e of endpoints) {
			if (e.ipv4)
				out.push({text: e.ipv4, kind: 'ip', container: c.name, detail: `${c.name} on ${netName(e)}`, shared: sourceNets.has(e.networkId)});
		}
	}
	// Containers on a shared network first; each container's name, aliases and addresses together (stable sort).
	const rank = (x: TargetCandidate) => (out.some(y => y.container === x.container && y.kind === 'container' && y.shared) ? 0 : 1);
	return out.sort((a, b) => rank(a) - rank(b) || (a.container < b.container ? -1 : a.container > b.container ? 1 : 0));
}

// ------------------------------------------------------------------ scope

/** Loopback stays inside the source container. */
const isLoopback = (ip: string): boolean => /^127\./.test(ip) || ip === '::1';

/** Addresses that belong to none of the engine's networks (and are not loopback or a gateway). */
export function outsideAddresses(t: Topology, addresses: string[]): string[] {
	return addresses.filter(
		a => !isLoopback(a) && !networkOfAddress(t, a) && !gatewayNetwork(t, a) && !t.endpoints.some(e => e.ipv4 === a || e.ipv6 === a),
	);
}

/**
 * What a probe of this target sends and where: docknet probes what its user types,
 * the engine's own containers and addresses as well as outside ones (an outbound
 * check, labelled as such). Only a form the tools would misread is refused.
 * `outside`: the addresses known (from the topology or `answers`, what the name
 * resolved to in the source) to lie outside the engine's networks.
 */
export function probeScope(t: Topology, target: Target, answers?: string[]): {ok: true; outside: string[]} | {ok: false; reason: string} {
	switch (target.kind) {
		case 'invalid':
			return {ok: false, reason: target.reason};
		case 'container':
			return {ok: true, outside: []};
		case 'address':
			return {ok: true, outside: outsideAddresses(t, [target.address])};
		case 'hosts-name':
			return {ok: true, outside: outsideAddresses(t, target.addresses)};
		case 'unknown':
			return {ok: true, outside: outsideAddresses(t, answers ?? [])};
	}
}
