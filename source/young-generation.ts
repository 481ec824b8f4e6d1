// Caps V8's young generation from inside the process, whatever started it (npm's bin,
// `node bin/docknet.js`, the single executable). V8 sizes the young generation from
// physical memory (up to 64 MiB per semi-space on a 24 GiB host) and the explorer's
// garbage per render and per event then stays resident: RSS at 5000 containers after a
// few minutes of events ~350 MiB instead of ~170. `--max-semi-space-size` is read only
// when the heap is set up, but the growth factor is read at each growth: once the new
// space has reached the cap, growth stops (and resumes should V8 shrink it below).
import {PerformanceObserver} from 'node:perf_hooks';
import {getHeapSpaceStatistics, setFlagsFromString} from 'node:v8';

/** Both semi-spaces together: 2 x 4 MiB, what `--max-semi-space-size=4` gives. */
export const YOUNG_GENERATION_CAP = 8 * 1024 * 1024;

/** Starts capping; returns the function that stops (tests). */
export function capYoungGeneration(cap = YOUNG_GENERATION_CAP): () => void {
	let growing = true;
	const check = () => {
		const space = getHeapSpaceStatistics().find(s => s.space_name === 'new_space');
		if (!space) return;
		const grow = space.space_size < cap;
		if (grow === growing) return;
		growing = grow;
		setFlagsFromString(`--semi-space-growth-factor=${grow ? 2 : 1}`);
	};
	const observer = new PerformanceObserver(check);
	observer.observe({entryTypes: ['gc']});
	check();
	return () => {
		observer.disconnect();
		if (!growing) setFlagsFromString('--semi-space-growth-factor=2');
	};
}
