// Start-up trace for measuring the first frame: with DOCKNET_TRACE_START=FILE, each
// mark appends "WALL CPU label" to FILE: ms since the process started (performance.now()
// counts from there) and ms of CPU used so far, then the GC pauses so far. Off by
// default: one variable read then.
import {appendFileSync} from 'node:fs';

const file = process.env.DOCKNET_TRACE_START;
/** Garbage collection pauses so far (ms), observed only while tracing. */
let gcMs = 0;
// node:perf_hooks only when tracing: loading it costs every start a few ms.
if (file) {
	const {PerformanceObserver} = process.getBuiltinModule('node:perf_hooks');
	new PerformanceObserver(list => list.getEntries().forEach(entry => (gcMs += entry.duration))).observe({entryTypes: ['gc']});
}

export function traceStart(label: string): void {
	if (!file) return;
	try {
		const cpu = process.cpuUsage();
		appendFileSync(
			file,
			`${performance.now().toFixed(1)} ${((cpu.user + cpu.system) / 1000).toFixed(1)} ${label} (gc ${gcMs.toFixed(1)})\n`,
		);
	} catch {
		// A trace that cannot be written is no reason to fail the start.
	}
}
