// A node:test reporter for scripts/test.sh: one line per test file, "MILLISECONDS<TAB>FILE",
// the sum of the file's top-level tests and suites (hooks included, module loading not).
// test.sh runs it next to the spec reporter (whose "ℹ tests … ℹ fail 0" summary CI reads)
// and prints the slowest files of every run at the end. DOCKNET_REPORT_LABEL (e.g. the
// engine kind or the Node version) is appended to each file name.
import {relative} from 'node:path';

export default async function* slowestFiles(source) {
	const perFile = new Map();
	for await (const event of source) {
		if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
		const {file, nesting, details} = event.data;
		if (!file || nesting !== 0) continue;
		perFile.set(file, (perFile.get(file) ?? 0) + (details?.duration_ms ?? 0));
	}
	const label = process.env.DOCKNET_REPORT_LABEL ? ` (${process.env.DOCKNET_REPORT_LABEL})` : '';
	for (const [file, ms] of perFile) yield `${Math.round(ms)}\t${relative(process.cwd(), file)}${label}\n`;
}
