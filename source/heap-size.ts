// Keeps V8's heap small from inside the process, whatever started it (npm's bin, `node
// bin/docknet.js`, the single executable): the explorer lives for hours and allocates per
// render and per event, and V8's defaults size the heap from physical memory, so its
// garbage stayed resident (at 5000 containers, RSS after a minute of events: 403 MiB).
// Flags that size the heap (`--max-semi-space-size`) are read only when it is set up;
// these two are read each time V8 decides, so they work when set at run time:
// - the young generation's growth factor 1: it keeps its initial 2 x 1 MiB (a GC
//   observer capping it at 2 x 4 MiB overshot: it runs between tasks, and one
//   synchronous burst — parsing a 5000-container list — grew it several times first);
// - the old generation may grow to 1.5x what survived the last full GC before the next
//   one (V8 picks 1.1-4x from its GC speed; with a fast GC, 4x).
// At 5000 containers, RSS after 60 s of events: 403 MiB (defaults) -> 224 (the first)
// -> 170 MiB (both), CPU for 5 events/s within noise.
import {setFlagsFromString} from 'node:v8';

export function keepHeapSmall(): void {
	setFlagsFromString('--semi-space-growth-factor=1');
	setFlagsFromString('--heap-growing-percent=50');
}
