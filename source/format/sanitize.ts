// Engine-provided strings (names, labels, aliases…) may hold control characters and
// escape sequences: docker accepts them. This file is docknet's one sanitiser: the TUI
// and every piece of CLI text pass through `sanitize`, and the CLI's output streams pass
// everything they write through `sanitizeOutput` once more (cli/safe-stream.ts), so a
// path that forgot to sanitize still cannot reach the terminal with a live control.
// Each unsafe character becomes visible text (\x1b, \u202e), so a hostile name shows
// what it is instead of acting on the terminal.

// C0 controls, DEL, C1 controls, bidi overrides/isolates/marks, zero-width characters,
// line/paragraph separators, word joiner and invisible operators, BOM.
const UNSAFE_CLASS = '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff';
const UNSAFE = new RegExp(`[${UNSAFE_CLASS}]`, 'g');
/** The same, but a newline stays: for whole lines of output that docknet laid out itself. */
const UNSAFE_BUT_NEWLINE = new RegExp(`[${UNSAFE_CLASS.replace('\\u0000-\\u001f', '\\u0000-\\u0009\\u000b-\\u001f')}]`, 'g');

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');

function escapeChar(char: string): string {
	const code = char.codePointAt(0)!;
	return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

/** JSON's own escape: the parsed string value stays the same. */
const jsonEscape = (char: string): string => `\\u${hex(char.codePointAt(0)!, 4)}`;

export function sanitize(text: string | null | undefined): string {
	if (!text) return '';
	return text.replace(UNSAFE, escapeChar);
}

/**
 * A message that may span lines (an engine's error text): each line sanitized, the
 * lines kept apart (a newline is shown as a new line, not as `\x0a`), blank lines dropped.
 */
export function sanitizeLines(text: string | null | undefined, indent = '  '): string {
	if (!text) return '';
	const lines = text
		.split(/\r?\n|\r/)
		.map(line => line.trimEnd())
		.filter(Boolean);
	return lines.map((line, i) => (i === 0 ? '' : indent) + sanitize(line)).join('\n');
}

/**
 * The last guard on a CLI output stream. `text`: what docknet writes for people —
 * every unsafe character but the newline shown as \xNN/\uNNNN text. `json`: a JSON
 * document (JSON.stringify leaves C1, DEL, bidi and separator characters raw) — each
 * becomes a \uNNNN escape, so the parsed value is unchanged and the bytes are inert.
 */
export function sanitizeOutput(text: string, mode: 'text' | 'json'): string {
	UNSAFE_BUT_NEWLINE.lastIndex = 0;
	if (!UNSAFE_BUT_NEWLINE.test(text)) return text;
	return text.replace(UNSAFE_BUT_NEWLINE, mode === 'json' ? jsonEscape : escapeChar);
}

export const hasUnsafe = (text: string): boolean => {
	UNSAFE.lastIndex = 0;
	return UNSAFE.test(text);
};
