// Small statistics and formatting helpers for the benchmark report.

export type Summary = {n: number; median: number; p95: number; min: number; max: number; mean: number};

/** Nearest-rank percentile (p in 0..100) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(samples: readonly number[]): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(samples: readonly number[]): Summary {
	return {
		n: samples.length,
		median: median(samples),
		p95: percentile(samples, 95),
		min: samples.length ? Math.min(...samples) : Number.NaN,
		max: samples.length ? Math.max(...samples) : Number.NaN,
		mean: samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : Number.NaN,
	};
}

export const ms = (value: number, digits = 1): string => (Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a');
export const mib = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : 'n/a');
export const ratio = (a: number, b: number): string =>
	Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a';

/** A plain text table: first row is the header. */
export function table(rows: string[][]): string {
	const widths = rows[0]!.map((_, col) => Math.max(...rows.map(row => (row[col] ?? '').length)));
	return rows.map(row => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ')).join('\n');
}

export const sleep = (msec: number): Promise<void> => new Promise(resolve => setTimeout(resolve, msec));
