// Display-width aware text helpers: CJK and emoji take two columns, so names are
// cut and padded by what the terminal shows, not by string length.
import stringWidth from 'string-width';

export const displayWidth = (text: string): number => stringWidth(text);

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** Cuts `text` to at most `width` columns, ending with "…" when cut. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	if (width === 1) return '…';
	let out = '';
	let used = 0;
	for (const {segment} of segmenter.segment(text)) {
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
