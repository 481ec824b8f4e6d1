// Quotes argv for display as a copy-pasteable POSIX shell line. Plain words stay
// bare; anything else is single-quoted; control characters use $'…' so a hostile
// name pasted into a shell cannot run anything or act on the terminal.
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteArg(arg: string): string {
	if (arg === '') return "''";
	if (PLAIN.test(arg)) return arg;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f-\u009f]/.test(arg)) {
		const body = [...arg]
			.map(ch => {
				const code = ch.codePointAt(0)!;
				if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `\\x${code.toString(16).padStart(2, '0')}`;
				if (ch === "'" || ch === '\\') return `\\${ch}`;
				return ch;
			})
			.join('');
		return `$'${body}'`;
	}
	return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export const shellLine = (argv: readonly string[]): string => argv.map(quoteArg).join(' ');
