// Display-width aware text helpers: CJK and emoji take two columns, so names are
// cut and padded by what the terminal shows, not by string length.
//
// string-width is loaded on first use of a non-ASCII string, not when this module
// loads: evaluating it (Intl.Segmenter, Unicode property regexes) costs ~40 ms of CPU,
// which `ls --json` and plain-ASCII output never need. In the bundle the free
// `require` below is esbuild's (string-width becomes a lazily initialised module,
// shared with Ink's copy); under tsx (tests) it is Node's own require.
import {createRequire} from 'node:module';

declare const require: NodeJS.Require | undefined;
type StringWidth = (text: string) => number;
let stringWidth: StringWidth | undefined;
const loadStringWidth = (): StringWidth =>
	(stringWidth ??= (
		(typeof require === 'function' ? require('string-width') : createRequire(import.meta.url)('string-width')) as {default: StringWidth}
	).default);

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export const displayWidth = (text: string): number => (PRINTABLE_ASCII.test(text) ? text.length : loadStringWidth()(text));

let graphemes: Intl.Segmenter | undefined;

/** Cuts `text` to at most `width` columns, ending with "…" when cut. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	if (width === 1) return '…';
	let out = '';
	let used = 0;
	graphemes ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	for (const {segment} of graphemes.segment(text)) {
		const w = displayWidth(segment);
		if (used + w > width - 1) break;
		out += segment;
		used += w;
	}
	return out + '…';
}

/** Cuts or pads to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	const pad = ' '.repeat(Math.max(0, width - displayWidth(cut)));
	return align === 'left' ? cut + pad : pad + cut;
}
