// The next free subnet when a wanted one overlaps: the same size, scanning forward from
// the wanted block inside its private range, then through the engine's default address
// pools (Docker's defaults: 172.17.0.0/16 … 172.31.0.0/16, then 192.168.0.0/16 in /20s).
import {cidrsOverlap, formatCidr, parseCidr, type Cidr} from './ip.js';
import type {Topology} from './types.js';

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
const DEFAULT_POOLS = ['172.17.0.0/16', '172.18.0.0/15', '172.20.0.0/14', '172.24.0.0/13', '192.168.0.0/16'];

function used(t: Topology): Cidr[] {
	const out: Cidr[] = [];
	for (const n of t.networks)
		for (const c of n.ipam) {
			const parsed = c.subnet ? parseCidr(c.subnet) : null;
			if (parsed?.ok) out.push(parsed.value);
		}
	return out;
}

/** The first block of `prefix` bits from `start` up to `end` that overlaps nothing in `taken`; at most `limit` tries. */
function scan(start: bigint, end: bigint, prefix: number, taken: readonly Cidr[], limit = 65536): Cidr | null {
	const size = 1n << BigInt(32 - prefix);
	let at = (start / size) * size;
	for (let tries = 0; at + size - 1n <= end && tries < limit; tries++, at += size) {
		const block: Cidr = {family: 4, address: at, prefix, network: at, last: at + size - 1n};
		const clash = taken.find(c => cidrsOverlap(c, block));
		if (!clash) return block;
		// Jump past the block in the way.
		if (clash.last >= at + size) at = ((clash.last + 1n) / size) * size - size;
	}
	return null;
}

/** A free IPv4 subnet as large as `wanted` (CIDR text), or null (IPv6 or nothing free). */
export function nextFreeSubnet(t: Topology, wanted: string): string | null {
	const parsed = parseCidr(wanted.trim());
	if (!parsed.ok || parsed.value.family !== 4) return null;
	const want = parsed.value;
	const taken = used(t);
	const ranges = [...PRIVATE, ...DEFAULT_POOLS].map(r => (parseCidr(r) as {ok: true; value: Cidr}).value);
	const home = ranges.find(r => want.network >= r.network && want.last <= r.last);
	const found =
		(home ? scan(want.network, home.last, want.prefix, taken) : null) ??
		DEFAULT_POOLS.map(p => (parseCidr(p) as {ok: true; value: Cidr}).value)
			.filter(p => p.prefix <= want.prefix)
			.map(p => scan(p.network, p.last, want.prefix, taken))
			.find(Boolean) ??
		null;
	return found ? formatCidr(found) : null;
}
