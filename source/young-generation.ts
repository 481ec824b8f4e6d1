// Keeps V8's young generation small from inside the process, whatever started it (npm's
// bin, `node bin/docknet.js`, the single executable). V8 sizes it from physical memory
// (up to 2 x 64 MiB here, on 24 GiB), and the explorer's garbage per render and per
// event then stays resident: at 5000 containers, RSS after a minute of events 403 MiB
// instead of ~240. `--max-semi-space-size` is read only when the heap is set up, but the
// growth factor is read at every growth: at 1 the new space keeps its initial size.
// (Capping it at 2 x 4 MiB from a GC observer instead overshot: the observer runs only
// between tasks, and one synchronous burst — parsing a 5000-container list — grows the
// space several times before it.)
import {setFlagsFromString} from 'node:v8';

export function keepYoungGenerationSmall(): void {
	setFlagsFromString('--semi-space-growth-factor=1');
}
