// Engine-provided strings (names, labels, aliases…) may hold control characters and
// escape sequences: docker accepts them. Nothing from the engine reaches the terminal
// without passing through here. Each unsafe character becomes visible text (\x1b, \u202e),
// so a hostile name shows what it is instead of acting on the terminal.

// C0 controls, DEL, C1 controls, bidi overrides/isolates, zero-width and line/paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

function escapeChar(char: string): string {
	const code = char.codePointAt(0)!;
	return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function sanitize(text: string | null | undefined): string {
	if (!text) return '';
	return text.replace(UNSAFE, escapeChar);
}

export const hasUnsafe = (text: string): boolean => {
	UNSAFE.lastIndex = 0;
	return UNSAFE.test(text);
};
