// IPv4/IPv6 addresses and CIDR blocks as the engine understands them: parsing (strict,
// with a reason when it fails), containment, overlap, canonical text. Pure; addresses
// are bigints so both families share one set of functions.

export type Family = 4 | 6;
export type Ip = {family: Family; value: bigint};
export type Cidr = {
	family: Family;
	/** The address as written (host bits possibly set). */
	address: bigint;
	prefix: number;
	/** First address of the block (host bits cleared). */
	network: bigint;
	/** Last address of the block. */
	last: bigint;
};

export type Parsed<T> = {ok: true; value: T} | {ok: false; reason: string};

const bits = (family: Family): number => (family === 4 ? 32 : 128);
const mask = (family: Family, prefix: number): bigint => {
	const width = BigInt(bits(family));
	const all = (1n << width) - 1n;
	return prefix === 0 ? 0n : (all >> (width - BigInt(prefix))) << (width - BigInt(prefix));
};

function parseIpv4(text: string): bigint | null {
	const parts = text.split('.');
	if (parts.length !== 4) return null;
	let value = 0n;
	for (const part of parts) {
		// Decimal only, no leading zeros (Go's net.ParseIP, which the engine uses, rejects them).
		if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
		const n = Number(part);
		if (n > 255) return null;
		value = (value << 8n) | BigInt(n);
	}
	return value;
}

function parseIpv6(text: string): bigint | null {
	if (!/^[0-9A-Fa-f:.]+$/.test(text)) return null;
	// An embedded IPv4 address stands for the last two groups (::ffff:10.0.0.1).
	if (text.includes('.')) {
		const lastColon = text.lastIndexOf(':');
		const v4 = parseIpv4(text.slice(lastColon + 1));
		if (v4 === null || lastColon < 0) return null;
		return parseIpv6(`${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`);
	}
	const halves = text.split('::');
	if (halves.length > 2) return null;
	const side = (s: string): bigint[] | null => {
		if (s === '') return [];
		const out: bigint[] = [];
		for (const g of s.split(':')) {
			if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
			out.push(BigInt(`0x${g}`));
		}
		return out;
	};
	const left = side(halves[0]!);
	const right = halves.length === 2 ? side(halves[1]!) : [];
	if (!left || !right) return null;
	let all: bigint[];
	if (halves.length === 2) {
		const missing = 8 - left.length - right.length;
		if (missing < 1) return null;
		all = [...left, ...Array<bigint>(missing).fill(0n), ...right];
	} else {
		if (left.length !== 8) return null;
		all = left;
	}
	return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses an IPv4 or IPv6 address (no prefix, no zone). Null when it is neither. */
export function parseIp(text: string): Ip | null {
	const trimmed = text.trim();
	if (trimmed !== text || text === '') return null;
	if (text.includes(':')) {
		const value = parseIpv6(text);
		return value === null ? null : {family: 6, value};
	}
	const value = parseIpv4(text);
	return value === null ? null : {family: 4, value};
}

/** Parses an address and says why it is not one. `family` restricts the family. */
export function parseIpStrict(text: string, family?: Family): Parsed<Ip> {
	if (text.includes('/')) return {ok: false, reason: `"${text}" is a CIDR block; give a single address without /prefix`};
	const ip = parseIp(text);
	if (!ip) return {ok: false, reason: `"${text}" is not an IP address`};
	if (family && ip.family !== family) {
		return {ok: false, reason: `"${text}" is an IPv${ip.family} address; an IPv${family} address is needed here`};
	}
	return {ok: true, value: ip};
}

/**
 * Parses a CIDR block ("10.10.0.0/24", "fd00::/64"). Host bits may be set here (the
 * caller decides whether that is acceptable; see `hostBitsSet`).
 */
export function parseCidr(text: string): Parsed<Cidr> {
	const slash = text.indexOf('/');
	if (slash < 0) return {ok: false, reason: `"${text}" is not a CIDR block (expected ADDRESS/PREFIX, e.g. 10.60.0.0/24)`};
	const ip = parseIp(text.slice(0, slash));
	if (!ip) return {ok: false, reason: `"${text}" is not a CIDR block: "${text.slice(0, slash)}" is not an IP address`};
	const prefixText = text.slice(slash + 1);
	const max = bits(ip.family);
	if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > max) {
		return {ok: false, reason: `"${text}" is not a CIDR block: the prefix must be a number from 0 to ${max}`};
	}
	const prefix = Number(prefixText);
	const m = mask(ip.family, prefix);
	const network = ip.value & m;
	const last = network | (((1n << BigInt(max)) - 1n) ^ m);
	return {ok: true, value: {family: ip.family, address: ip.value, prefix, network, last}};
}

export const hostBitsSet = (c: Cidr): boolean => c.address !== c.network;

export const cidrContainsIp = (c: Cidr, ip: Ip): boolean => c.family === ip.family && ip.value >= c.network && ip.value <= c.last;

/** True when `inner` lies entirely inside `outer`. */
export const cidrContainsCidr = (outer: Cidr, inner: Cidr): boolean =>
	outer.family === inner.family && inner.network >= outer.network && inner.last <= outer.last;

export const cidrsOverlap = (a: Cidr, b: Cidr): boolean => a.family === b.family && a.network <= b.last && b.network <= a.last;

/** Number of addresses in the block. */
export const cidrSize = (c: Cidr): bigint => c.last - c.network + 1n;

export function formatIp(ip: Ip): string {
	if (ip.family === 4) {
		const v = ip.value;
		return [24n, 16n, 8n, 0n].map(shift => String((v >> shift) & 0xffn)).join('.');
	}
	// RFC 5952: lower case, no leading zeros, the longest run (>= 2) of zero groups as ::.
	const groups = Array.from({length: 8}, (_, i) => Number((ip.value >> BigInt((7 - i) * 16)) & 0xffffn));
	let bestAt = -1;
	let bestLen = 0;
	for (let i = 0; i < 8;) {
		if (groups[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && groups[j] === 0) j++;
		if (j - i > bestLen && j - i >= 2) {
			bestAt = i;
			bestLen = j - i;
		}
		i = j;
	}
	const hex = (list: number[]) => list.map(g => g.toString(16)).join(':');
	if (bestAt < 0) return hex(groups);
	return `${hex(groups.slice(0, bestAt))}::${hex(groups.slice(bestAt + bestLen))}`;
}

/** The block in canonical form, host bits cleared ("10.10.0.0/24"). */
export const formatCidr = (c: Cidr): string => `${formatIp({family: c.family, value: c.network})}/${c.prefix}`;

export const networkAddressOf = (c: Cidr): Ip => ({family: c.family, value: c.network});
/** IPv4 broadcast address (null for IPv6 and for /31, /32, which have none). */
export const broadcastOf = (c: Cidr): Ip | null => (c.family === 4 && c.prefix < 31 ? {family: 4, value: c.last} : null);

export const sameIp = (a: Ip, b: Ip): boolean => a.family === b.family && a.value === b.value;
