// Validation for connect and disconnect: is the network/container known, is the
// container already attached, are the aliases and static addresses acceptable on this
// network — all against the current topology, before any engine call.
import {
	broadcastOf,
	cidrContainsIp,
	formatCidr,
	formatIp,
	networkAddressOf,
	parseCidr,
	parseIp,
	parseIpStrict,
	sameIp,
	type Cidr,
	type Family,
	type Ip,
} from './ip.js';
import {configuredOfContainer, endpointsOfContainer, endpointsOfNetwork, indexOf} from './selectors.js';
import type {ConfiguredAttachment, Container, Endpoint, Network, Topology} from './types.js';
import {isRefusal, q, refuse, resolveContainer, resolveNetwork, type Refusal, type Validated} from './validate.js';

export type ConnectInput = {
	network: string;
	container: string;
	aliases?: readonly string[];
	ipv4?: string | null;
	ipv6?: string | null;
};

export type ConnectTarget = {
	network: Network;
	container: Container;
	aliases: string[];
	ipv4: string | null;
	ipv6: string | null;
};

/** The network's subnets of one family, parsed (unparseable entries are skipped). */
export function subnetsOf(network: Network, family: Family): Cidr[] {
	const out: Cidr[] = [];
	for (const config of network.ipam) {
		if (!config.subnet) continue;
		const parsed = parseCidr(config.subnet);
		if (parsed.ok && parsed.value.family === family) out.push(parsed.value);
	}
	return out;
}

/** Why a container cannot join or leave user networks because of its network mode, or null. */
function networkModeRefusal(container: Container, verb: 'connected' | 'disconnected'): Refusal | null {
	const mode = container.networkMode;
	if (mode.kind === 'host') {
		return refuse(
			`${q(container.name)} runs with --network host (the host's own network stack) and cannot be ${verb} ${verb === 'connected' ? 'to' : 'from'} other networks`,
			{
				hint: 'recreate it with docker run --network NETWORK instead',
				field: 'container',
			},
		);
	}
	if (mode.kind === 'container') {
		return refuse(
			`${q(container.name)} shares the network stack of container ${q(mode.target)} (--network container:…) and cannot join networks itself`,
			{
				hint: `connect ${q(mode.target)} instead`,
				field: 'container',
			},
		);
	}
	if (mode.kind === 'none' && verb === 'connected') {
		return refuse(`${q(container.name)} runs with --network none (no networking) and cannot be connected to other networks`, {
			hint: 'recreate it with docker run --network NETWORK instead',
			field: 'container',
		});
	}
	return null;
}

/** The gateway docker gives a subnet created without --gateway: its first address. */
function implicitGateway(subnet: string | null): Ip | null {
	const parsed = subnet ? parseCidr(subnet) : null;
	if (!parsed?.ok || parsed.value.network + 1n > parsed.value.last) return null;
	return {family: parsed.value.family, value: parsed.value.network + 1n};
}

function validateStaticIp(t: Topology, network: Network, container: Container, text: string, family: Family): Validated<string> {
	const field = family === 4 ? 'ipv4' : 'ipv6';
	const flag = family === 4 ? '--ip' : '--ip6';
	const parsed = parseIpStrict(text, family);
	if (!parsed.ok) return refuse(`${flag}: ${parsed.reason}`, {field});
	const ip = parsed.value;
	if (network.predefined) {
		return refuse(`${flag}: a static address is possible only on user-defined networks, not on the default ${q(network.name)}`, {
			hint: 'create a network with --subnet and connect to that',
			field,
		});
	}
	if (family === 6 && !network.enableIPv6) {
		return refuse(`${flag}: network ${q(network.name)} has IPv6 disabled`, {
			hint: 'use a network created with --ipv6 --subnet <IPv6 CIDR>',
			field,
		});
	}
	const subnets = subnetsOf(network, family);
	if (subnets.length === 0) {
		return refuse(`${flag}: network ${q(network.name)} has no IPv${family} subnet`, {
			hint: `a static address needs a network created with an IPv${family} --subnet`,
			field,
		});
	}
	const subnet = subnets.find(s => cidrContainsIp(s, ip));
	if (!subnet) {
		return refuse(
			`${flag}: ${formatIp(ip)} is outside ${q(network.name)}'s subnet${subnets.length > 1 ? 's' : ''} ${subnets.map(formatCidr).join(', ')}`,
			{
				hint: 'pick an address inside the subnet',
				field,
			},
		);
	}
	if (sameIp(ip, networkAddressOf(subnet))) {
		return refuse(`${flag}: ${formatIp(ip)} is the network address of ${formatCidr(subnet)}, not usable by a container`, {field});
	}
	const broadcast = broadcastOf(subnet);
	if (broadcast && sameIp(ip, broadcast)) {
		return refuse(`${flag}: ${formatIp(ip)} is the broadcast address of ${formatCidr(subnet)}, not usable by a container`, {field});
	}
	for (const config of network.ipam) {
		const gateway = config.gateway ? parseIp(config.gateway) : implicitGateway(config.subnet);
		if (gateway && sameIp(gateway, ip)) {
			// Docker 20.10 takes such an address anyway and keeps a stale entry that blocks the container's restart.
			const implicit = config.gateway ? '' : ` (created without --gateway, the network's gateway is the first address of ${config.subnet})`;
			return refuse(`${flag}: ${formatIp(ip)} is the gateway of ${q(network.name)}${implicit}`, {hint: 'pick another address', field});
		}
		for (const [name, aux] of Object.entries(config.auxAddresses)) {
			const reserved = parseIp(aux);
			if (reserved && sameIp(reserved, ip))
				return refuse(`${flag}: ${formatIp(ip)} is reserved on ${q(network.name)} (auxiliary address ${q(name)})`, {field});
		}
	}
	const index = indexOf(t);
	for (const endpoint of endpointsOfNetwork(t, network.id)) {
		const used = (family === 4 ? endpoint.ipv4 : endpoint.ipv6) ?? '';
		const other = parseIp(used);
		if (other && sameIp(other, ip)) {
			const owner = index.containerById.get(endpoint.containerId)?.name ?? endpoint.containerId.slice(0, 12);
			return refuse(`${flag}: ${formatIp(ip)} is already used on ${q(network.name)} by ${q(owner)}`, {hint: 'pick a free address', field});
		}
	}
	for (const attachment of configuredOfNetworkAll(t, network)) {
		if (attachment.containerId === container.id) continue;
		const reserved = parseIp((family === 4 ? attachment.staticIpv4 : attachment.staticIpv6) ?? '');
		if (reserved && sameIp(reserved, ip)) {
			const owner = index.containerById.get(attachment.containerId)?.name ?? attachment.containerId.slice(0, 12);
			return refuse(
				`${flag}: ${formatIp(ip)} is the static address of the stopped container ${q(owner)} on ${q(network.name)}; it could not start again`,
				{
					hint: 'pick another address',
					field,
				},
			);
		}
	}
	return {ok: true, value: formatIp(ip), notes: []};
}

function configuredOfNetworkAll(t: Topology, network: Network): ConfiguredAttachment[] {
	return t.configured.filter(a => a.networkId === network.id || (!a.networkId && a.networkName === network.name));
}

export function validateConnect(t: Topology, input: ConnectInput): Validated<ConnectTarget> {
	const network = resolveNetwork(t, input.network);
	if (isRefusal(network)) return network;
	const container = resolveContainer(t, input.container);
	if (isRefusal(container)) return container;
	const notes: string[] = [];

	if (network.driver === 'host' || network.driver === 'null' || network.predefined === 'host' || network.predefined === 'none') {
		return refuse(`network ${q(network.name)} (${network.driver} driver) cannot be joined by connecting`, {
			hint: `a container uses it only when started with docker run --network ${network.name}`,
			field: 'network',
		});
	}
	const modeRefusal = networkModeRefusal(container, 'connected');
	if (modeRefusal) return modeRefusal;

	const live = endpointsOfContainer(t, container.id).find(e => e.networkId === network.id);
	if (live) {
		return refuse(`${q(container.name)} is already connected to ${q(network.name)}${live.ipv4 ? ` (${live.ipv4})` : ''}`, {
			hint: 'disconnect it first to change aliases or addresses',
		});
	}
	const configured = configuredOfContainer(t, container.id).find(
		a => a.networkId === network.id || (!a.networkId && a.networkName === network.name),
	);
	if (configured) {
		return refuse(`${q(container.name)} (${container.state}) is already configured on ${q(network.name)}; it attaches when it starts`, {
			hint: 'disconnect it first to change aliases or addresses',
		});
	}

	const aliases: string[] = [];
	for (const alias of input.aliases ?? []) {
		if (alias.trim() === '') return refuse('an alias cannot be empty', {field: 'aliases'});
		if (/\s/.test(alias)) return refuse(`alias ${q(alias)} contains whitespace, which no DNS name can`, {field: 'aliases'});
		if (!aliases.includes(alias)) aliases.push(alias);
	}
	if (aliases.length && network.predefined === 'bridge') {
		return refuse(`aliases work only on user-defined networks; the default ${q(network.name)} network resolves no names at all`, {
			hint: 'connect to a user-defined network (docker network create …) to use --alias',
			field: 'aliases',
		});
	}
	for (const alias of aliases) {
		const clash = endpointsOfNetwork(t, network.id).find(
			e => e.aliases?.includes(alias) || indexOf(t).containerById.get(e.containerId)?.name === alias,
		);
		if (clash) {
			const owner = indexOf(t).containerById.get(clash.containerId)?.name ?? clash.containerId.slice(0, 12);
			notes.push(`${q(owner)} also answers to ${q(alias)} on ${q(network.name)}: the name will resolve to both (DNS round robin)`);
		}
	}

	let ipv4: string | null = null;
	let ipv6: string | null = null;
	if (input.ipv4) {
		const checked = validateStaticIp(t, network, container, input.ipv4, 4);
		if (!checked.ok) return checked;
		ipv4 = checked.value;
	}
	if (input.ipv6) {
		const checked = validateStaticIp(t, network, container, input.ipv6, 6);
		if (!checked.ok) return checked;
		ipv6 = checked.value;
	}
	if (ipv4 || ipv6) notes.push(STATIC_ADDRESS_NOTE);
	if (container.state !== 'running')
		notes.push(`${q(container.name)} is ${container.state}: it gets an address on ${q(network.name)} when it starts`);
	if (network.internal) notes.push(`${q(network.name)} is internal: no route out of it, only its own members are reachable`);
	return {ok: true, value: {network, container, aliases, ipv4, ipv6}, notes};
}

/** A warning for before the run (a dry run, the dialog): after a successful connect it is moot. */
export const STATIC_ADDRESS_NOTE =
	'a static address works only on a network created with --subnet: the engine refuses it on one whose subnet it chose itself';

export type DisconnectInput = {network: string; container: string; force?: boolean};

export type DisconnectTarget = {
	network: Network;
	container: Container;
	/** The live endpoint, or null when the container is stopped and only configured. */
	endpoint: Endpoint | null;
	configured: ConfiguredAttachment | null;
	/** What the container loses on this network. */
	lost: {
		/** User-set aliases; null when not known yet (details still loading). */
		aliases: string[] | null;
		staticIpv4: string | null;
		staticIpv6: string | null;
		/** Addresses the engine assigned (they may differ after reconnecting). */
		dynamicIpv4: string | null;
		dynamicIpv6: string | null;
		/** The engine does not show static addresses: the "dynamic" ones may have been static. */
		staticUnknown: boolean;
		links: string[];
	};
	force: boolean;
};

export function validateDisconnect(t: Topology, input: DisconnectInput): Validated<DisconnectTarget> {
	const network = resolveNetwork(t, input.network);
	if (isRefusal(network)) return network;
	const container = resolveContainer(t, input.container);
	if (isRefusal(container)) return container;
	if (network.driver === 'host' || network.predefined === 'host') {
		return refuse(`${q(container.name)} cannot be disconnected from the host network`, {
			hint: 'recreate the container with another --network',
		});
	}
	const modeRefusal = networkModeRefusal(container, 'disconnected');
	if (modeRefusal) return modeRefusal;
	const endpoint = endpointsOfContainer(t, container.id).find(e => e.networkId === network.id) ?? null;
	const configured = endpoint
		? null
		: (configuredOfContainer(t, container.id).find(a => a.networkId === network.id || (!a.networkId && a.networkName === network.name)) ??
			null);
	if (!endpoint && !configured) {
		return refuse(`${q(container.name)} is not connected to ${q(network.name)}`, {
			hint: `docknet inspect ${container.name} shows its networks`,
		});
	}
	const notes: string[] = [];
	const aliases = endpoint ? endpoint.aliases : configured!.aliases;
	const staticIpv4 = endpoint ? endpoint.staticIpv4 : configured!.staticIpv4;
	const staticIpv6 = endpoint ? endpoint.staticIpv6 : configured!.staticIpv6;
	const lost = {
		aliases: aliases ? [...aliases] : null,
		staticIpv4,
		staticIpv6,
		dynamicIpv4: endpoint?.ipv4 && endpoint.ipv4 !== staticIpv4 ? endpoint.ipv4 : null,
		dynamicIpv6: endpoint?.ipv6 && endpoint.ipv6 !== staticIpv6 ? endpoint.ipv6 : null,
		staticUnknown: Boolean((endpoint ?? configured)?.staticUnknown),
		links: endpoint ? [...endpoint.links] : [],
	};
	const remaining = endpointsOfContainer(t, container.id).filter(e => e.networkId !== network.id);
	if (endpoint && remaining.length === 0) notes.push(`${q(container.name)} will have no network left (not even the default bridge)`);
	if (!endpoint)
		notes.push(
			`${q(container.name)} is ${container.state}: this removes its configured attachment, so it will not join ${q(network.name)} when it starts`,
		);
	if (lost.staticUnknown) {
		notes.push(
			`this engine does not show static addresses: if ${q(container.name)} was given --ip/--ip6 on ${q(network.name)}, add them to the restore line`,
		);
	} else if (lost.dynamicIpv4 || lost.dynamicIpv6) notes.push('the engine chose its address; reconnecting may give a different one');
	if (aliases === null) notes.push('its aliases are not known yet (details still loading)');
	return {ok: true, value: {network, container, endpoint, configured, lost, force: Boolean(input.force)}, notes};
}
