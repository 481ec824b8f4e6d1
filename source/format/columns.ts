// Column layout for fixed-width rows: each cell is cut and padded by display width
// (CJK and emoji count two columns), so rows line up whatever the names hold.
import {displayWidth, fit, truncate} from './width.js';

export type ColumnSpec = {
	/** Columns the cell wants. */
	width: number;
	/** Cells that may shrink (down to `min`) when the row is too narrow; highest first. */
	shrink?: number;
	min?: number;
	/** Takes what is left over (shared with the other growing cells, up to `max`). */
	grow?: boolean;
	max?: number;
	align?: 'left' | 'right';
};

/**
 * Widths for `specs` in `total` columns with `gap` between cells. Growing cells take
 * the leftover; when short, shrinkable cells give up columns down to their minimum,
 * then cells are dropped from the right (width 0).
 */
export function layoutColumns(specs: readonly ColumnSpec[], total: number, gap = 1): number[] {
	const widths = specs.map(s => s.width);
	const used = () => widths.reduce((sum, w) => sum + w, 0) + gap * Math.max(0, widths.filter(w => w > 0).length - 1);
	let over = used() - total;
	if (over < 0) {
		// Share the spare columns among the growing cells; a cell at its max passes the rest on.
		let extra = -over;
		let growers = specs.map((s, i) => (s.grow ? i : -1)).filter(i => i >= 0);
		while (extra > 0 && growers.length) {
			const share = Math.floor(extra / growers.length);
			let rest = extra % growers.length;
			let given = 0;
			for (const i of growers) {
				const want = share + (rest > 0 ? 1 : 0);
				if (rest > 0) rest--;
				const room = (specs[i]!.max ?? Infinity) - widths[i]!;
				const take = Math.min(want, room);
				widths[i]! += take;
				given += take;
			}
			extra -= given;
			growers = growers.filter(i => widths[i]! < (specs[i]!.max ?? Infinity));
			if (given === 0) break;
		}
		return widths;
	}
	const order = specs.map((s, i) => ({i, s})).filter(x => x.s.shrink).sort((a, b) => (b.s.shrink ?? 0) - (a.s.shrink ?? 0));
	for (const {i, s} of order) {
		if (over <= 0) break;
		const give = Math.min(over, widths[i]! - (s.min ?? 1));
		if (give > 0) {
			widths[i]! -= give;
			over -= give;
		}
	}
	for (let i = specs.length - 1; i > 0 && used() > total; i--) widths[i] = 0;
	if (used() > total) widths[0] = Math.max(0, total);
	return widths;
}

/** Cuts/pads to `width`; the cut mark is `ellipsis` (one column: "…", or "~" in ASCII mode). */
export function cell(text: string, width: number, align: 'left' | 'right' = 'left', ellipsis = '…'): string {
	if (width <= 0) return '';
	if (ellipsis === '…' || displayWidth(text) <= width) return fit(text, width, align);
	const cut = truncate(text, width).replace(/…$/, ellipsis);
	const pad = ' '.repeat(Math.max(0, width - displayWidth(cut)));
	return align === 'left' ? cut + pad : pad + cut;
}

/** Cuts to at most `width` columns without padding. */
export function clip(text: string, width: number, ellipsis = '…'): string {
	if (displayWidth(text) <= width) return text;
	return cell(text, width, 'left', ellipsis).trimEnd();
}
