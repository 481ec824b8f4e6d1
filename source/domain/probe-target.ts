// What the user typed as a probe target, parsed once, here, to the one form that
// is passed to the container. Tools inside containers read addresses their own
// way: busybox and glibc (inet_aton) take 010 as octal 8, 0x0a as hex, "10.1" as
// 10.0.0.1 and "167772161" as 10.0.0.1, while the engine (Go) and docknet read
// only dotted decimal. So an address is accepted only in the form every reader
// agrees on (IPv6 is normalised to RFC 5952), and the forms they disagree on are
// refused with a sentence naming what each would read. Pure.
import {formatIp, parseIp, type Ip} from './ip.js';

export type ProbeTarget =
	{ok: true; kind: 'address'; text: string; ip: Ip} | {ok: true; kind: 'name'; text: string} | {ok: false; reason: string};

/** DNS limits (RFC 1035): a label is at most 63 bytes, a name at most 253. */
export const DNS_LABEL_MAX = 63;
export const DNS_NAME_MAX = 253;

/** What inet_aton (busybox, glibc ping/nc) makes of a numbers-and-dots text, or null if it rejects it. */
export function inetAton(text: string): string | null {
	const parts = text.split('.');
	if (parts.length < 1 || parts.length > 4) return null;
	const values: number[] = [];
	for (const part of parts) {
		let n: number;
		if (/^0x[0-9a-f]+$/i.test(part)) n = parseInt(part.slice(2), 16);
		else if (/^0[0-7]*$/.test(part)) n = part.length > 1 ? parseInt(part.slice(1), 8) : 0;
		else if (/^[1-9][0-9]*$/.test(part)) n = Number(part);
		else return null;
		values.push(n);
	}
	const last = values.pop()!;
	if (values.some(v => v > 255)) return null;
	const lastMax = 2 ** (8 * (4 - values.length)) - 1;
	if (last > lastMax) return null;
	let value = 0;
	values.forEach((v, i) => (value += v * 2 ** (8 * (3 - i))));
	value += last;
	return [24, 16, 8, 0].map(shift => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Looks like an IPv4 address in some form (digits, dots, hex) rather than a name. */
const numericLooking = (text: string): boolean => /^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]*|[0-9]*))*$/i.test(text);

/**
 * Parses a typed probe target. An address comes back canonical; a form that tools
 * read differently is refused (one line saying why and what to type instead).
 */
export function parseProbeTarget(typed: string): ProbeTarget {
	const text = typed.trim();
	if (!text) return {ok: false, reason: 'the target is empty: give a container, alias, name or IP address'};
	if (/[\s\u0000-\u001f\u007f-\u009f]/.test(text))
		return {ok: false, reason: 'the target has spaces or control characters: give one name or address'};
	// [fd00::1] as written in URLs.
	const bare = /^\[([^\]]+)\]$/.exec(text)?.[1] ?? text;
	if (bare.includes(':')) {
		if (bare.includes('%'))
			return {
				ok: false,
				reason: `"${text}" has a zone (%…): a zone names an interface of the machine, not of the container; give the address alone`,
			};
		const ip = parseIp(bare);
		if (!ip) return {ok: false, reason: `"${text}" is not an IPv6 address (and a name cannot contain ":")`};
		return {ok: true, kind: 'address', text: formatIp(ip), ip};
	}
	if (bare.startsWith('-')) return {ok: false, reason: `"${text}" starts with "-": it would be read as an option by the tools`};
	if (numericLooking(bare)) {
		const ip = parseIp(bare);
		if (ip) return {ok: true, kind: 'address', text: formatIp(ip), ip};
		const read = inetAton(bare);
		if (!read) return {ok: false, reason: `"${text}" is not an IPv4 address (four numbers 0-255 separated by dots)`};
		const why = /(^|\.)0[0-9]/.test(bare)
			? 'a leading zero makes the tools in the container read that part as octal'
			: /0x/i.test(bare)
				? 'hexadecimal parts are read only by some tools'
				: bare.split('.').length < 4
					? 'a shortened address is filled in by the tools in a way that is easy to misread'
					: 'the form is read differently by different tools';
		// With leading zeros the user most likely meant decimal: offer both readings.
		const decimal = /(^|\.)0[0-9]/.test(bare)
			? bare
					.split('.')
					.map(p => String(Number(p)))
					.join('.')
			: null;
		const meant = decimal && decimal !== read && parseIp(decimal) ? `${decimal} (decimal) or ${read}` : read;
		return {
			ok: false,
			reason: `"${text}" is ambiguous: ${why} (ping, nc and nslookup there would use ${read}); type the address in dotted decimal without leading zeros: ${meant}`,
		};
	}
	if (bare.length > DNS_NAME_MAX)
		return {ok: false, reason: `"${text.slice(0, 40)}…" is ${bare.length} characters: a DNS name has at most ${DNS_NAME_MAX}`};
	return {ok: true, kind: 'name', text: bare};
}

/** The labels of a name longer than DNS allows (they cannot be looked up). */
export const longLabels = (name: string): string[] => name.split('.').filter(l => l.length > DNS_LABEL_MAX);
