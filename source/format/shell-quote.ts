// Quotes argv for display as a copy-pasteable POSIX shell line. Plain words stay
// bare; anything else is single-quoted; a word with any character the sanitiser calls
// unsafe (controls, C1, DEL, bidi, zero-width…) uses $'…' so the line shows only inert
// characters and, pasted into bash/zsh, gives back exactly the same string: \xNN for
// ASCII controls, \uNNNN (\UNNNNNNNN) for every code point above 0x7f — `\x9b` would be
// the byte 0x9B, not U+009B (UTF-8 C2 9B), and name another network.
import {hasUnsafe} from './sanitize.js';

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');

function dollarQuoted(arg: string): string {
	let body = '';
	for (const ch of arg) {
		const code = ch.codePointAt(0)!;
		if (ch === "'" || ch === '\\') body += `\\${ch}`;
		else if (code < 0x20 || code === 0x7f) body += `\\x${hex(code, 2)}`;
		else if (code >= 0x80 && hasUnsafe(ch)) body += `\\u${hex(code, 4)}`;
		// A lone surrogate has no UTF-8 form; shown as its code unit so nothing raw gets through.
		else if (code >= 0xd800 && code <= 0xdfff) body += `\\u${hex(code, 4)}`;
		else body += ch;
	}
	return `$'${body}'`;
}

export function quoteArg(arg: string): string {
	if (arg === '') return "''";
	if (PLAIN.test(arg)) return arg;
	if (hasUnsafe(arg) || /[\ud800-\udfff]/u.test(arg)) return dollarQuoted(arg);
	return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export const shellLine = (argv: readonly string[]): string => argv.map(quoteArg).join(' ');
