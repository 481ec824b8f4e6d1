// Validation for network create: name, driver, subnets (CIDR syntax, host bits,
// overlap with each other and with every existing network), gateways and IP ranges
// (inside exactly one given subnet), IPv6, labels. Mirrors the docker CLI's pairing of
// repeated --subnet/--gateway/--ip-range: each gateway and range belongs to the subnet
// that contains it.
import type {NetworkCreateSpec} from '../engine/port.js';
import {
	broadcastOf,
	cidrContainsCidr,
	cidrContainsIp,
	cidrsOverlap,
	formatCidr,
	formatIp,
	hostBitsSet,
	networkAddressOf,
	parseCidr,
	parseIpStrict,
	sameIp,
	type Cidr,
} from './ip.js';
import type {Topology} from './types.js';
import {q, refuse, type Validated} from './validate.js';

export type CreateInput = {
	name: string;
	driver?: string | null;
	subnets?: readonly string[];
	gateways?: readonly string[];
	ipRanges?: readonly string[];
	internal?: boolean;
	attachable?: boolean;
	ipv6?: boolean;
	/** "key=value" (or "key", an empty value) each. */
	labels?: readonly string[];
};

/** Splits "k=v" label arguments; a later key wins, as in docker. */
export function parseLabels(items: readonly string[]): Validated<Record<string, string>> {
	const labels: Record<string, string> = {};
	for (const item of items) {
		const at = item.indexOf('=');
		const key = at < 0 ? item : item.slice(0, at);
		const value = at < 0 ? '' : item.slice(at + 1);
		if (key.trim() === '') return refuse(`label ${q(item)} has no key (expected key=value)`, {field: 'labels'});
		labels[key] = value;
	}
	return {ok: true, value: labels, notes: []};
}

/** Splits a free-text list ("a=1, b=2" or "a=1 b=2") as typed in a form field. */
export const splitList = (text: string): string[] =>
	text
		.split(/[,\s]+/)
		.map(s => s.trim())
		.filter(Boolean);

export function validateCreate(t: Topology, input: CreateInput): Validated<NetworkCreateSpec> {
	const notes: string[] = [];
	const name = input.name;
	if (!name || name.trim() === '') return refuse('the network needs a name', {field: 'name'});
	if (name !== name.trim()) return refuse(`the name ${q(name)} starts or ends with whitespace`, {field: 'name'});
	const existing = t.networks.find(n => n.name === name);
	if (existing)
		return refuse(`a network named ${q(name)} already exists (${existing.id.slice(0, 12)})`, {hint: 'pick another name', field: 'name'});

	const driver = input.driver?.trim() || 'bridge';
	if (driver === 'host' || driver === 'null') {
		return refuse(`the engine has exactly one ${driver === 'null' ? 'none' : 'host'} network and it exists already`, {
			hint: `run containers with --network ${driver === 'null' ? 'none' : 'host'} instead`,
			field: 'driver',
		});
	}

	const subnets: Cidr[] = [];
	for (const text of input.subnets ?? []) {
		const parsed = parseCidr(text.trim());
		if (!parsed.ok) return refuse(`--subnet: ${parsed.reason}`, {field: 'subnet'});
		const cidr = parsed.value;
		if (hostBitsSet(cidr)) {
			return refuse(`--subnet: ${text} has host bits set`, {hint: `did you mean ${formatCidr(cidr)}?`, field: 'subnet'});
		}
		if ((cidr.family === 4 && cidr.prefix > 30) || (cidr.family === 6 && cidr.prefix > 126)) {
			return refuse(`--subnet: ${text} is too small for a gateway and a container`, {
				hint: cidr.family === 4 ? 'use a /30 or larger' : 'use a /126 or larger',
				field: 'subnet',
			});
		}
		const twin = subnets.find(other => cidrsOverlap(other, cidr));
		if (twin) return refuse(`--subnet: ${formatCidr(cidr)} overlaps ${formatCidr(twin)}, also given`, {field: 'subnet'});
		for (const network of t.networks) {
			for (const config of network.ipam) {
				if (!config.subnet) continue;
				const theirs = parseCidr(config.subnet);
				if (theirs.ok && cidrsOverlap(theirs.value, cidr)) {
					return refuse(`--subnet: ${formatCidr(cidr)} overlaps ${config.subnet} of network ${q(network.name)}`, {
						hint: 'pick a free range (docknet ls shows the subnets in use)',
						field: 'subnet',
					});
				}
			}
		}
		subnets.push(cidr);
	}

	const gateways = new Map<Cidr, string>();
	for (const text of input.gateways ?? []) {
		if (subnets.length === 0) return refuse('--gateway needs a --subnet to belong to', {field: 'gateway'});
		const parsed = parseIpStrict(text.trim());
		if (!parsed.ok) return refuse(`--gateway: ${parsed.reason}`, {field: 'gateway'});
		const ip = parsed.value;
		const subnet = subnets.find(s => cidrContainsIp(s, ip));
		if (!subnet)
			return refuse(
				`--gateway: ${formatIp(ip)} is outside the subnet${subnets.length > 1 ? 's' : ''} ${subnets.map(formatCidr).join(', ')}`,
				{field: 'gateway'},
			);
		if (gateways.has(subnet))
			return refuse(`--gateway: ${formatCidr(subnet)} already has the gateway ${gateways.get(subnet)}`, {field: 'gateway'});
		if (sameIp(ip, networkAddressOf(subnet)))
			return refuse(`--gateway: ${formatIp(ip)} is the network address of ${formatCidr(subnet)}`, {
				hint: 'the first host address is usual',
				field: 'gateway',
			});
		const broadcast = broadcastOf(subnet);
		if (broadcast && sameIp(ip, broadcast))
			return refuse(`--gateway: ${formatIp(ip)} is the broadcast address of ${formatCidr(subnet)}`, {field: 'gateway'});
		gateways.set(subnet, formatIp(ip));
	}

	const ranges = new Map<Cidr, string>();
	for (const text of input.ipRanges ?? []) {
		if (subnets.length === 0) return refuse('--ip-range needs a --subnet to lie inside', {field: 'ipRange'});
		const parsed = parseCidr(text.trim());
		if (!parsed.ok) return refuse(`--ip-range: ${parsed.reason}`, {field: 'ipRange'});
		const range = parsed.value;
		if (hostBitsSet(range))
			return refuse(`--ip-range: ${text} has host bits set`, {hint: `did you mean ${formatCidr(range)}?`, field: 'ipRange'});
		const subnet = subnets.find(s => cidrContainsCidr(s, range));
		if (!subnet)
			return refuse(
				`--ip-range: ${formatCidr(range)} is not inside the subnet${subnets.length > 1 ? 's' : ''} ${subnets.map(formatCidr).join(', ')}`,
				{field: 'ipRange'},
			);
		if (ranges.has(subnet))
			return refuse(`--ip-range: ${formatCidr(subnet)} already has the range ${ranges.get(subnet)}`, {field: 'ipRange'});
		ranges.set(subnet, formatCidr(range));
	}

	const ipv6 = Boolean(input.ipv6);
	const v6 = subnets.find(s => s.family === 6);
	if (v6 && !ipv6) return refuse(`--subnet: ${formatCidr(v6)} is IPv6 but IPv6 is off`, {hint: 'add --ipv6', field: 'ipv6'});
	if (ipv6 && !v6)
		notes.push('no IPv6 --subnet: the engine must pick one from its default pools (docker 20.10 has none by default and refuses)');
	if (subnets.length === 0) notes.push('no --subnet: the engine picks a free one (a static --ip then needs a network with --subnet)');

	const labels = parseLabels(input.labels ?? []);
	if (!labels.ok) return labels;
	if (input.attachable && driver === 'bridge')
		notes.push('--attachable matters for swarm-scoped networks; on a local bridge network it only sets the flag');

	const spec: NetworkCreateSpec = {
		name,
		driver,
		internal: Boolean(input.internal),
		attachable: Boolean(input.attachable),
		enableIPv6: ipv6,
		ipam: subnets.map(s => ({
			subnet: formatCidr(s),
			...(gateways.has(s) ? {gateway: gateways.get(s)!} : {}),
			...(ranges.has(s) ? {ipRange: ranges.get(s)!} : {}),
		})),
		labels: labels.value,
	};
	return {ok: true, value: spec, notes};
}
