// Driving an Ink app rendered with ink-testing-library: wait for a frame, press keys.
import type {render} from 'ink-testing-library';
import {waitFor} from './wait.js';

export type Rendered = ReturnType<typeof render>;

export const tick = () => new Promise(resolve => setTimeout(resolve, 5));

/** Polls the last frame until it matches. */
export async function frameMatching(r: Rendered, pattern: RegExp, timeout = 3000): Promise<string> {
	return waitFor(() => pattern.exec(r.lastFrame() ?? '') && (r.lastFrame() ?? ''), {
		timeout,
		interval: 5,
		what: () => `a frame matching ${pattern}; last frame:\n${r.lastFrame() ?? ''}`,
	});
}

/** Writes keys one at a time, giving each a frame (a lone Esc is delivered after Ink's short wait). */
export async function press(r: Rendered, ...keys: string[]): Promise<void> {
	for (const key of keys) {
		r.stdin.write(key);
		await new Promise(resolve => setTimeout(resolve, key === '\u001b' ? 60 : 20));
	}
}
