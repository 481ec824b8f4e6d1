// Pasted text is text: a pasted newline or tab never submits a form or moves focus,
// control bytes in a paste are dropped, never run as keys, and 3000 random bytes pasted
// into the filter (bracketed, or as an unbracketed burst) neither quit nor act.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import {App} from '../../source/app.js';
import {burstMarker, markPasteBursts, textLength} from '../../source/paste-bursts.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine, type MemoryEngine} from '../helpers/memory-engine.js';

const START = '\u001b[200~';
const END = '\u001b[201~';
const writes = (engine: MemoryEngine) =>
	engine.calls.filter(c => /^(connectNetwork|disconnectNetwork|createNetwork|removeNetwork|pruneNetworks|runHelper|exec)/.test(c));

/** Deterministic "random" bytes (a fixed-seed xorshift), decoded as a terminal would hand them over. */
function randomText(length: number, seed: number): string {
	const bytes = Buffer.alloc(length);
	let x = seed;
	for (let i = 0; i < length; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		bytes[i] = x & 0xff;
	}
	return bytes.toString('utf8').replaceAll(END, '').replaceAll(START, '');
}

/** Resolves once the frame has stayed the same for 150 ms (the burst is drawn and over). */
async function settled(r: {lastFrame(): string | undefined}, timeout = 15_000): Promise<void> {
	const deadline = Date.now() + timeout;
	let last = r.lastFrame();
	let since = Date.now();
	while (Date.now() - since < 150) {
		if (Date.now() > deadline) throw new Error('the frame never settled');
		await new Promise(resolve => setTimeout(resolve, 10));
		const now = r.lastFrame();
		if (now !== last) [last, since] = [now, Date.now()];
	}
}

async function ready() {
	const engine = seedMemoryEngine();
	let quit = 0;
	const r = render(
		<App
			engine={engine}
			endpoint="memory://test"
			readOnly={false}
			env={{LANG: 'C.UTF-8'}}
			size={{columns: 100, rows: 32}}
			writeRaw={() => {}}
			onQuit={() => quit++}
			feedOptions={{batchMs: 5}}
		/>,
	);
	await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24\s+mysql/);
	return {r, engine, quits: () => quit};
}

afterEach(() => cleanup());

describe('paste bursts (unbracketed) become one paste', () => {
	it('wraps a long read, follows it for a moment, leaves typing and arrow keys alone', () => {
		let now = 1000;
		const handled: Array<() => void> = [];
		const mark = burstMarker(
			() => now,
			run => handled.push(run),
		);
		assert.equal(mark('jjj'), 'jjj');
		assert.equal(mark('\u001b[B'.repeat(40)), '\u001b[B'.repeat(40), 'held-down arrows are keys');
		assert.equal(textLength('\u001b[B'.repeat(40)), 0);
		const burst = 'x'.repeat(40) + '\rq';
		assert.equal(mark(burst), START + burst + END);
		// Drawing the burst took a while; the gap counts from when it was handled.
		now += 200;
		for (const run of handled.splice(0)) run();
		now += 5;
		assert.equal(mark('q\r'), `${START}q\r${END}`, 'the tail of a split paste belongs to it');
		for (const run of handled.splice(0)) run();
		now += 100;
		assert.equal(mark('q'), 'q', 'later typing is typing');
		// A real bracketed paste over several reads passes untouched.
		assert.equal(mark(`${START}${'a'.repeat(50)}`), `${START}${'a'.repeat(50)}`);
		assert.equal(mark('b'.repeat(50)), 'b'.repeat(50));
		assert.equal(mark(`c${END}`), `c${END}`);
		assert.equal(mark('d'.repeat(40)), START + 'd'.repeat(40) + END);
	});
});

describe('pasting in the explorer', () => {
	it('a pasted newline does not submit the create dialog; a pasted tab does not move focus', async () => {
		const {r, engine} = await ready();
		await press(r, 'n');
		await frameMatching(r, /Name\s+required/);
		await press(r, `${START}pasted-net\n${END}`);
		let frame = await frameMatching(r, /Name\s+pasted-net/);
		await press(r, `${START}\tx\t${END}`);
		frame = await frameMatching(r, /Name\s+pasted-netx/);
		assert.match(frame, /Subnet\s+optional CIDR/, 'focus stayed on the name: nothing went to the subnet');
		assert.match(frame, /Create a network|New network|create/i);
		assert.deepEqual(writes(engine), [], 'nothing was created');
		// Escape sequences and C1 in a paste are dropped, not run (no Esc closing the dialog).
		await press(r, `${START}\u001b\u001b[A\u009b-y${END}`);
		frame = await frameMatching(r, /Name\s+pasted-netx\[A-y/);
		assert.deepEqual(writes(engine), []);
	});

	it('a paste into the panes does nothing (no hotkeys run)', async () => {
		const {r, engine, quits} = await ready();
		const before = r.lastFrame();
		await press(r, `${START}nDPq\r${END}`);
		await press(r, 'j');
		await frameMatching(r, /▸ backend/);
		assert.equal(quits(), 0);
		assert.deepEqual(writes(engine), []);
		assert.ok(before);
	});

	for (const bracketed of [true, false]) {
		it(`3000 random bytes pasted into / (${bracketed ? 'bracketed' : 'an unbracketed burst'}) neither quit nor act`, async () => {
			const {r, engine, quits} = await ready();
			if (!bracketed) markPasteBursts(r.stdin as unknown as Parameters<typeof markPasteBursts>[0]);
			await press(r, '/');
			await frameMatching(r, /\/ filter networks:/);
			for (const seed of [1, 7, 42]) {
				const text = randomText(3000, seed);
				r.stdin.write(bracketed ? START + text + END : text);
				// 3000 bytes through the key router take a while on a loaded machine.
				await frameMatching(r, /\/ filter networks: \S/, 15_000);
			}
			assert.equal(quits(), 0, 'docknet did not quit');
			assert.deepEqual(writes(engine), [], 'nothing was changed');
			// Still a working filter line: Ctrl-U clears it, Esc leaves it. A read that comes
			// within a few ms of a burst belongs to it (a split paste): type once it has settled.
			await settled(r);
			await press(r, '\u0015');
			await frameMatching(r, /\/ filter networks:\s+ /, 15_000);
			assert.equal(quits(), 0);
		});
	}
});
