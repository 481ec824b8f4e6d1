// "Why can't A reach B?" — reasons read from the topology alone (at once, no exec),
// then confirmed or refuted by what the probes saw inside the source container.
// Pure: topology + evidence in, plain sentences and exact fixes out. Names in the
// sentences are raw engine strings: sanitize before display (--json keeps them raw).
import {describeDnsServer, dnsServerKind} from './dns-server.js';
import {hostsLookup, type NslookupResult, type PingStats, type PortCheck} from './probe-parsers.js';
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
	| {kind: 'unknown'; text: string};

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4ToInt(ip: string): number | null {
	const m = IPV4.exec(ip);
	if (!m) return null;
	const parts = m.slice(1).map(Number);
	if (parts.some(p => p > 255)) return null;
	return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export const isIpAddress = (text: string): boolean => ipv4ToInt(text) !== null || (/^[0-9a-f:]+$/i.test(text) && text.includes(':'));

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

/** The engine network whose subnet holds this address, if any. */
export function networkOfAddress(t: Topology, ip: string): Network | null {
	return t.networks.find(n => n.ipam.some(c => c.subnet && inSubnet(ip, c.subnet))) ?? null;
}

/** Names in the source's /etc/hosts from --link (legacy links) and --add-host. */
export function hostsEntriesOf(t: Topology, source: Container): Array<{name: string; addresses: string[]; origin: 'link' | 'extra-host'; container: Container | null}> {
	const out: Array<{name: string; addresses: string[]; origin: 'link' | 'extra-host'; container: Container | null}> = [];
	for (const link of source.details?.links ?? []) {
		// "/legacy-b:/legacy-a/lb": target container, then /<source>/<alias>
		const [targetPath, aliasPath] = link.split(':');
		const targetName = (targetPath ?? '').replace(/^\//, '');
		const alias = (aliasPath ?? '').split('/').pop() ?? '';
		const container = findContainer(t, targetName);
		const addresses = container ? endpointsOfContainer(t, container.id).filter(e => e.ipv4 && isDefaultBridge(t, e)).map(e => e.ipv4!) : [];
		for (const name of new Set([alias, targetName].filter(Boolean))) out.push({name, addresses, origin: 'link', container});
	}
	for (const entry of source.details?.extraHosts ?? []) {
		// "name:ip" (also "name=ip" on newer engines); IPv6 addresses contain colons.
		const at = entry.search(/[:=]/);
		if (at <= 0) continue;
		const name = entry.slice(0, at);
		const address = entry.slice(at + 1);
		const owner = t.endpoints.find(e => e.ipv4 === address || e.ipv6 === address);
		out.push({name, addresses: [address], origin: 'extra-host', container: owner ? (indexOf(t).containerById.get(owner.containerId) ?? null) : null});
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
	const typed = text.trim();
	const index = indexOf(t);
	const byName = index.containerByName.get(typed.replace(/^\//, ''));
	if (byName) return {kind: 'container', text: typed, container: byName, via: 'name', network: null};
	if (isIpAddress(typed)) {
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
		return {kind: 'container', text: typed, container: index.containerById.get(preferred.containerId)!, via: 'alias', network: index.networkById.get(preferred.networkId) ?? null};
	}
	// Docker's DNS also answers "<name>.<network>".
	const dot = typed.lastIndexOf('.');
	if (dot > 0) {
		const network = index.networkByName.get(typed.slice(dot + 1));
		const name = typed.slice(0, dot);
		if (network) {
			const endpoint = t.endpoints.find(e => e.networkId === network.id && resolvableNames(t, e).includes(name));
			if (endpoint) return {kind: 'container', text: typed, container: index.containerById.get(endpoint.containerId)!, via: 'fqdn', network};
		}
	}
	const byId = findContainer(t, typed);
	if (byId && typed.length >= 4) return {kind: 'container', text: typed, container: byId, via: 'id', network: null};
	return {kind: 'unknown', text: typed};
}

/** Whether the target was given as a name (so resolution matters), not an address. */
export const targetIsName = (target: Target): boolean =>
	target.kind === 'hosts-name' || target.kind === 'unknown' || (target.kind === 'container' && target.via !== 'ip');

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
	| 'port-not-exposed';

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
	return c.state === 'exited' ? 'stopped (exited)' : c.state === 'created' ? 'created but never started' : c.state;
}

function networksOf(t: Topology, c: Container): Network[] {
	const index = indexOf(t);
	return endpointsOfContainer(t, c.id)
		.map(e => index.networkById.get(e.networkId))
		.filter((n): n is Network => Boolean(n));
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

function connectFix(network: Network, container: Container, options: DiagnoseOptions): Fix {
	return {
		summary: `connect ${container.name} to ${network.name}`,
		commands: [['docker', 'network', 'connect', network.name, container.name]],
		action: {kind: 'connect', network: network.name, container: container.name},
		...(options.hotkeys?.connect ? {hotkey: options.hotkeys.connect} : {}),
	};
}

function startFix(container: Container, options: DiagnoseOptions): Fix {
	return {
		summary: `start ${container.name}`,
		commands: [['docker', 'start', container.name]],
		action: {kind: 'start', container: container.name},
		...(options.hotkeys?.start ? {hotkey: options.hotkeys.start} : {}),
	};
}

/** Static reasons: everything the topology says about source → target. */
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

export function diagnose(t: Topology, source: Container, target: Target, options: DiagnoseOptions = {}): Diagnosis {
	const reasons: Reason[] = [];
	const add = (code: ReasonCode, severity: Severity, text: string, fix?: Fix) =>
		reasons.push({code, severity, status: 'static', text, ...(fix ? {fix} : {})});
	const result = (partial: Partial<Diagnosis> & {effectiveSource: Container}): Diagnosis => {
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
		diagnosis.verdict = reasons.some(r => r.severity === 'blocks') ? 'no' : 'yes';
		return diagnosis;
	};

	// --- the source
	if (source.state !== 'running') {
		add('source-not-running', 'blocks', `${source.name} is ${stateWord(source)}: probes run inside it, and a stopped container reaches nothing.`, startFix(source, options));
	}
	let effectiveSource = source;
	if (source.networkMode.kind === 'container') {
		const {owner} = netnsOwner(t, source);
		if (!owner) {
			add('source-container-mode', 'blocks', `${source.name} shares the network stack of ${source.networkMode.target} (--network container:${source.networkMode.target}), which no longer exists: it has no network.`);
			return result({effectiveSource});
		}
		add('source-container-mode', 'info', `${source.name} shares the network stack of ${owner.name} (--network container:${owner.name}): it reaches exactly what ${owner.name} reaches, with ${owner.name}'s addresses.`);
		if (owner.state !== 'running') add('source-not-running', 'blocks', `${owner.name}, whose network stack ${source.name} uses, is ${stateWord(owner)}.`, startFix(owner, options));
		effectiveSource = owner;
	}
	const sourceMode = effectiveSource.networkMode.kind;
	if (sourceMode === 'none') {
		add('source-none-mode', 'blocks', `${effectiveSource.name} has no network (--network none): it can reach nothing but itself. docker network connect refuses such containers; recreate it with --network NETWORK.`);
		return result({effectiveSource});
	}

	// --- the target
	if (target.kind === 'unknown') {
		const nets = networksOf(t, effectiveSource);
		add(
			'unknown-name',
			'blocks',
			`No container, alias or /etc/hosts entry named ${q(target.text)} is known on ${effectiveSource.name}'s networks (${listNames(nets)}): the name will not resolve (NXDOMAIN).`,
		);
		return result({effectiveSource, nameResolvable: false});
	}
	if (target.kind === 'hosts-name') {
		add(
			'hosts-only',
			'info',
			`${q(target.text)} is known to ${source.name} only through /etc/hosts (${target.origin === 'link' ? '--link' : '--add-host'}${target.addresses.length ? `: ${target.addresses.join(', ')}` : ''}): ping and getent resolve it, nslookup asks the DNS server and will not — expect them to disagree.`,
		);
		if (!target.container) return result({effectiveSource, nameResolvable: false});
	}
	if (target.kind === 'address') {
		const srcNets = networksOf(t, effectiveSource);
		if (!target.network) {
			add('address-outside', 'blocks', `${target.address} is not an address of any of this engine's networks: docknet probes only the engine's own containers.`);
			return result({effectiveSource});
		}
		add('address-unused', 'warns', `No running container holds ${target.address} on ${target.network.name}: nothing will answer there.`);
		if (!srcNets.some(n => n.id === target.network!.id)) {
			if (srcNets.length && srcNets.every(n => n.internal)) {
				add('internal-network', 'blocks', `${effectiveSource.name} is only on internal networks (${listNames(srcNets)}): they have no route out, by design.`);
			} else {
				add('no-shared-network', 'blocks', `${effectiveSource.name} is not on ${target.network.name} (it is on ${listNames(srcNets)}): docker isolates networks from each other.`, connectFix(target.network, effectiveSource, options));
			}
		}
		return result({effectiveSource});
	}

	const targetContainer = target.container!;
	if (targetContainer.id === effectiveSource.id || targetContainer.id === source.id) {
		add('same-container', 'ok', `${source.name} and ${targetContainer.name} are the same network stack: always reachable over loopback.`);
		return result({effectiveSource, effectiveTarget: targetContainer});
	}
	let effectiveTarget = targetContainer;
	if (targetContainer.networkMode.kind === 'container') {
		const {owner} = netnsOwner(t, targetContainer);
		if (owner) {
			add('target-container-mode', 'info', `${targetContainer.name} shares the network stack of ${owner.name} (--network container:${owner.name}): it has ${owner.name}'s addresses and is reached through ${owner.name}'s names.`);
			effectiveTarget = owner;
		}
	}
	if (effectiveTarget.state !== 'running') {
		const configured = indexOf(t).configuredByContainer.get(effectiveTarget.id) ?? [];
		add(
			'target-not-running',
			'blocks',
			`${effectiveTarget.name} is ${stateWord(effectiveTarget)}: it has no address now and its name does not resolve${configured.length ? ` (it will join ${configured.map(c => c.networkName).join(', ')} when started)` : ''}.`,
			startFix(effectiveTarget, options),
		);
		return result({effectiveSource, effectiveTarget});
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
		add('target-none-mode', 'blocks', `${effectiveTarget.name} has no network (--network none): nothing can reach it. Recreate it with --network NETWORK (docker network connect refuses containers in none mode).`);
		return result({effectiveSource, effectiveTarget});
	}

	const sourceNets = networksOf(t, effectiveSource);
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
				targetEndpoints.find(e => e.ipv4) ? `; it reaches ${effectiveTarget.name} through the host by IP (${targetEndpoints.find(e => e.ipv4)!.ipv4})` : ''
			}.`,
		);
		return result({effectiveSource, effectiveTarget, expectedAddresses: addressesOf(t, targetEndpoints), nameResolvable: isName ? inHosts : null});
	}

	if (shared.length === 0) {
		// Via an IP: name the network that address belongs to.
		const viaNet = target.kind === 'container' && target.via === 'ip' ? target.network : null;
		const fixNet = viaNet ?? pickNetworkFor(targetNets);
		add(
			'no-shared-network',
			'blocks',
			`${effectiveSource.name} and ${effectiveTarget.name} share no network: ${effectiveSource.name} is on ${listNames(sourceNets)}; ${effectiveTarget.name} is on ${listNames(targetNets)}. Docker isolates networks from each other.`,
			fixNet ? connectFix(fixNet, effectiveSource, options) : undefined,
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
		for (const e of targetEndpoints) if (userDefined.some(n => n.id === e.networkId)) for (const name of resolvableNames(t, e)) names.add(name);
		const bare = target.kind === 'container' && target.via === 'fqdn' ? target.text.slice(0, target.text.lastIndexOf('.')) : target.text;
		nameResolvable = names.has(bare) || inHosts;
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
				clashes.push({container: indexOf(t).containerById.get(e.containerId)?.name ?? e.containerId.slice(0, 12), network: network.name, address: e.ipv4});
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
			`Inter-container traffic is disabled on ${icc.map(n => n.name).join(', ')} (com.docker.network.bridge.enable_icc=false): containers there cannot talk to each other, by design${all ? '' : `; ${shared.filter(n => !iccDisabled(n)).map(n => n.name).join(', ')} still works`}. Published ports through the host still work.`,
		);
	}
	for (const n of shared.filter(n => n.internal)) {
		add('internal-network', 'info', `${n.name} is internal: ${effectiveSource.name} and ${effectiveTarget.name} talk over it, but nothing on it has a route out of the host (by design).`);
	}
	return result({effectiveSource, effectiveTarget, shared, expectedAddresses, nameResolvable});
}

/** Static reasons about one port of the target (added to a diagnosis). */
export function diagnosePort(t: Topology, diagnosis: Diagnosis, port: number): Reason[] {
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
const pingFailed = (stats: PingStats) =>
	!stats.cannotRun && (Boolean(stats.unresolved) || (stats.final && stats.received === 0) || (stats.transmitted > 0 && stats.received === 0 && stats.lost.length > 0));

export function describePing(target: string, stats: PingStats): string {
	if (stats.unresolved) return `ping ${target}: bad address (the name does not resolve)`;
	if (stats.cannotRun && !stats.received) return `ping ${target}: cannot run here (${stats.cannotRun})`;
	if (stats.received > 0) return `ping ${target}: ${stats.received}/${stats.transmitted} replies${stats.avgMs !== null ? `, avg ${stats.avgMs} ms` : ''}`;
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
	const pingEvidence = byTyped ? describePing(byTyped.target, byTyped.stats) : pings[0] ? describePing(pings[0].target, pings[0].stats) : undefined;
	const dnsEvidence = dns ? describeDns(dns.name, dns.result) : undefined;
	const mark = (reason: Reason, status: ReasonStatus, evidenceText: string | undefined) => {
		reason.status = status;
		if (evidenceText) reason.evidence = evidenceText;
	};

	for (const reason of reasons) {
		switch (reason.code) {
			case 'default-bridge-no-dns':
			case 'unknown-name':
			case 'alias-not-here':
				if (dns && dnsAnswers.length) mark(reason, 'refuted', dnsEvidence);
				else if (dnsNx || byTyped?.stats.unresolved) mark(reason, 'confirmed', dnsNx ? dnsEvidence : pingEvidence);
				else if (typedOk) mark(reason, 'refuted', pingEvidence);
				break;
			case 'no-shared-network':
			case 'target-not-running':
			case 'target-host-mode':
			case 'target-none-mode':
			case 'source-none-mode':
			case 'icc-disabled':
			case 'internal-network':
			case 'address-unused':
			case 'source-host-mode':
				if (reason.severity === 'blocks' || reason.severity === 'warns') {
					if (typedOk || (anyOk && reason.code !== 'source-host-mode')) mark(reason, 'refuted', pingEvidence);
					else if (typedFailed || (pings.length && !anyOk)) mark(reason, 'confirmed', pingEvidence);
				}
				break;
			case 'shared-network': {
				const answered = pings.find(p => pingOk(p.stats));
				if (answered) mark(reason, 'confirmed', describePing(answered.target, answered.stats));
				break;
			}
			case 'hosts-only':
				if (evidence.hosts?.addresses.length && (dnsNx || (dns && !dnsAnswers.length))) mark(reason, 'confirmed', `${dnsEvidence ?? 'DNS: no answer'}; /etc/hosts: ${evidence.hosts.addresses.join(', ')}`);
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
	if (dns && dns.result.error && !dnsAnswers.length) {
		add({code: 'dns-failed', severity: 'warns', text: `The DNS server ${dns.result.serverAddress ?? ''} did not answer for ${q(dns.name)}: ${dns.result.error}.`, evidence: dnsEvidence!});
	} else if (dns && dnsAnswers.length && !reasons.some(r => r.code === 'alias-clash' && r.status !== 'refuted')) {
		const named = describeDnsServer(dnsServerKind(t, diagnosis.source, dns.result.serverAddress));
		const embedded = named ? ` ${named}` : dns.result.serverAddress ? ` ${dns.result.serverAddress}` : '';
		add({code: 'dns-resolved', severity: 'ok', text: `${q(dns.name)} resolves through${embedded} to ${dnsAnswers.join(', ')}.`, evidence: dnsEvidence!});
	}

	for (const p of unusable.slice(0, 1)) {
		add({
			code: 'ping-unavailable',
			severity: 'info',
			text: `ping cannot run inside ${diagnosis.source.name} (${p.stats.cannotRun}): the container may not send ICMP — NET_RAW is dropped, as under Podman's default capabilities. Reachability was not tested by ping; use the port check (docknet port) instead.`,
			evidence: describePing(p.target, p.stats),
		});
	}
	// Ping results as their own lines, so the verdict is visible even without a static reason.
	for (const p of pings) {
		if (pingOk(p.stats)) add({code: 'reachable', severity: 'ok', text: `${p.target} answers ping from ${diagnosis.source.name}.`, evidence: describePing(p.target, p.stats)});
		else if (pingFailed(p.stats)) add({code: 'unreachable', severity: 'blocks', text: `${p.target} does not answer ping from ${diagnosis.source.name}.`, evidence: describePing(p.target, p.stats)});
	}

	// The port check.
	const port = evidence.port;
	if (port) {
		const where = `${port.host}:${port.port}`;
		const said = port.check.message ?? `nc ${where}: ${port.check.state}`;
		switch (port.check.state) {
			case 'open':
				add({code: 'port-open', severity: 'ok', text: `Something listens on ${where}: the connection was accepted.`, evidence: `nc ${where}: connected`});
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
				add({code: 'port-filtered', severity: 'blocks', text: `No answer from ${where} within ${port.timeoutSec} s: packets are dropped (inter-container traffic disabled, a firewall) or nothing holds that address.`, evidence: said});
				break;
			case 'unresolved':
				add({code: 'unknown-name', severity: 'blocks', text: `${port.host} does not resolve from ${diagnosis.source.name}.`, evidence: said});
				break;
			case 'unreachable':
				add({code: 'port-unreachable', severity: 'blocks', text: `${where} is unreachable from ${diagnosis.source.name} (no route).`, evidence: said});
				break;
			case 'error':
				add({code: 'port-unreachable', severity: 'warns', text: `The port check on ${where} failed: ${port.check.message ?? 'unknown error'}.`, evidence: said});
				break;
		}
	}

	let verdict = diagnosis.verdict;
	if (byTyped) verdict = typedOk ? 'yes' : typedFailed ? 'no' : 'unknown';
	else if (pings.length) verdict = anyOk ? 'yes' : pings.every(p => pingFailed(p.stats)) ? 'no' : 'unknown';
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
			for (const alias of e.aliases ?? []) out.push({text: alias, kind: 'alias', container: c.name, detail: `alias of ${c.name} on ${netName(e)}`, shared: sourceNets.has(e.networkId)});
		}
		for (const e of endpoints) {
			if (e.ipv4) out.push({text: e.ipv4, kind: 'ip', container: c.name, detail: `${c.name} on ${netName(e)}`, shared: sourceNets.has(e.networkId)});
		}
	}
	// Containers on a shared network first; each container's name, aliases and addresses together (stable sort).
	const rank = (x: TargetCandidate) => (out.some(y => y.container === x.container && y.kind === 'container' && y.shared) ? 0 : 1);
	return out.sort((a, b) => rank(a) - rank(b) || (a.container < b.container ? -1 : a.container > b.container ? 1 : 0));
}

// ------------------------------------------------------------------ network safety

/** Loopback stays inside the source container: always in scope. */
const isLoopback = (ip: string): boolean => /^127\./.test(ip) || ip === '::1';

/** Addresses that belong to none of the engine's networks (and are not loopback). */
export function outsideAddresses(t: Topology, addresses: string[]): string[] {
	return addresses.filter(a => !isLoopback(a) && !networkOfAddress(t, a) && !t.endpoints.some(e => e.ipv4 === a || e.ipv6 === a));
}

/**
 * Whether docknet may send traffic (ping, port checks) to this target: only the
 * engine's own containers, aliases and addresses. A name the topology does not know
 * needs a DNS answer first (`answers`): probed only if every address it resolves to
 * is the engine's.
 */
export function probeScope(t: Topology, target: Target, answers?: string[]): {ok: true} | {ok: false; reason: string} | {ok: 'needs-dns'} {
	const outside = (addresses: string[]) => {
		const out = outsideAddresses(t, addresses);
		return out.length
			? {ok: false as const, reason: `${target.text} resolves to ${out.join(', ')}, outside this engine's networks: docknet probes only the engine's own containers`}
			: {ok: true as const};
	};
	switch (target.kind) {
		case 'container':
			return {ok: true};
		case 'address':
			return target.network || isLoopback(target.address) ? {ok: true} : {ok: false, reason: `${target.address} is not an address of any of this engine's networks: docknet probes only the engine's own containers`};
		case 'hosts-name':
			return outside(target.addresses);
		case 'unknown':
			if (!answers) return {ok: 'needs-dns'};
			if (!answers.length) return {ok: false, reason: `${target.text} does not resolve: nothing to probe`};
			return outside(answers);
	}
}
