// Keystroke → frame latency, taken two ways on the same pane:
//
// - control: the harness's own tmux control-mode client. The screen is read, one key
//   is sent, and the figure is the arrival of the first %output notification after
//   which the screen differs. No polling delay: tmux reports output as it reads it.
// - poll: what an external observer sees. `tmux send-keys` and `tmux capture-pane -p -e`
//   run as separate processes (as a test tool or a person's script would), the screen
//   is captured every POLL_MS from the moment the key was sent, and the figure is the
//   end of the first capture that differs. It includes process spawns and the poll
//   interval (half of it on average), and it competes for the CPU with the program
//   measured, like any observer on a 2-core machine does.
import {execFile} from 'node:child_process';
import {now, type Tmux} from './tmux.js';
import {sleep} from './stats.js';

export type Method = 'control' | 'poll';
export const METHODS: readonly Method[] = ['control', 'poll'];

/** Interval between the polling observer's captures. */
export const POLL_MS = 10;
const TIMEOUT_MS = 2000;

function tmuxCli(tmux: Tmux, args: string[]): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile('tmux', ['-L', tmux.socketName, ...args], {encoding: 'utf8'}, (error, stdout) => (error ? reject(error) : resolve(stdout)));
	});
}

const captureCli = (tmux: Tmux): Promise<string> => tmuxCli(tmux, ['capture-pane', '-p', '-e', '-t', tmux.target]);

/** One key through the control client: ms to the first output that changed the screen, or null. */
async function controlKey(tmux: Tmux, key: string): Promise<number | null> {
	const before = await tmux.capture();
	const sentAt = now();
	await tmux.sendKeys(key);
	const changed = await tmux.waitForScreen(screen => screen !== before, {timeoutMs: TIMEOUT_MS, after: sentAt});
	return changed ? changed.at - sentAt : null;
}

/** One key the way an external polling tool sends and observes it. */
async function polledKey(tmux: Tmux, key: string): Promise<number | null> {
	const before = await captureCli(tmux);
	const sentAt = now();
	await tmuxCli(tmux, ['send-keys', '-t', tmux.target, key]);
	for (let tick = 0; now() - sentAt < TIMEOUT_MS; tick++) {
		// Captures on a fixed grid from the send; a capture that overran its slot is
		// followed at once by the next one.
		const wait = sentAt + tick * POLL_MS - now();
		if (wait > 0) await sleep(wait);
		const screen = await captureCli(tmux);
		if (screen !== before) return now() - sentAt;
	}
	return null;
}

export type KeyRun = {samples: Record<Method, number[]>; unchanged: Record<Method, number>};

export const emptyRun = (): KeyRun => ({samples: {control: [], poll: []}, unchanged: {control: 0, poll: 0}});

/**
 * Sends `count` keys of `sequence` (cycled), alternating the two methods key by key, and
 * adds the latencies to `into`. Paced like a fast typist: the next key goes when the pane
 * has been quiet for 40 ms and at least 60 ms after the previous key.
 */
export async function measureKeys(tmux: Tmux, sequence: readonly string[], count: number, into: KeyRun, offset = 0): Promise<void> {
	let lastKey = 0;
	let misses = 0;
	for (let i = 0; i < count && misses < 5; i++) {
		const key = sequence[i % sequence.length]!;
		const method = METHODS[(i + offset) % METHODS.length]!;
		await tmux.settle(40);
		const gap = now() - lastKey;
		if (gap < 60) await sleep(60 - gap);
		lastKey = now();
		const latency = method === 'control' ? await controlKey(tmux, key) : await polledKey(tmux, key);
		if (latency === null) {
			into.unchanged[method]++;
			misses++;
		} else into.samples[method].push(latency);
	}
}

/** Sends keys without measuring them (opening or closing a filter), then lets the pane settle. */
export async function sendUnmeasured(tmux: Tmux, ...keys: string[]): Promise<void> {
	for (const key of keys) {
		await tmux.settle(40);
		await tmux.sendKeys(key);
		await tmux.nextOutput(1000);
	}
	await tmux.settle(100, 5000);
}
