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
	/**
	 * Drop this cell (width 0) at this priority, on the same scale as `shrink`: with
	 * shrink 2 on one cell and drop 3 on another, the second goes before the first shrinks.
	 * Cells without one are dropped last, from the right. The first cell always stays.
	 */
	drop?: number;
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
	if (over > 0) {
		shrinkToFit(specs, widths, total, used);
		over = used() - total;
	}
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
	return widths;
}

/** Shrinks and drops cells in priority order until the row fits `total` (see ColumnSpec). */
function shrinkToFit(specs: readonly ColumnSpec[], widths: number[], total: number, used: () => number): void {
	type Step = {i: number; priority: number; drop: boolean};
	const steps: Step[] = [];
	specs.forEach((s, i) => {
		if (s.shrink) steps.push({i, priority: s.shrink, drop: false});
		if (s.drop !== undefined && i > 0) steps.push({i, priority: s.drop, drop: true});
	});
	// Higher priority first; at equal priority a shrink comes before a drop.
	steps.sort((a, b) => b.priority - a.priority || Number(a.drop) - Number(b.drop));
	for (const step of steps) {
		const over = used() - total;
		if (over <= 0) return;
		if (step.drop) widths[step.i] = 0;
		else if (widths[step.i]! > 0) widths[step.i]! -= Math.max(0, Math.min(over, widths[step.i]! - (specs[step.i]!.min ?? 1)));
	}
	for (let i = specs.length - 1; i > 0 && used() > total; i--) widths[i] = 0;
	if (used() > total) widths[0] = Math.max(0, total);
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
