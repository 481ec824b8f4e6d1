// The one polling wait of the test helpers (no fixed sleeps: wait for a condition, with
// a deadline). Everything else that waits — frames of an Ink app, a tmux screen, engine
// state — is built on it.

export type WaitOptions = {
	/** Milliseconds before giving up (default 5000). */
	timeout?: number;
	/** Milliseconds between checks (default 25; 0 checks again at the next turn of the event loop). */
	interval?: number;
	/** What is awaited, for the error message. */
	what?: string | (() => string);
};

/**
 * Polls `check` until it returns a truthy value (returned) or the timeout passes (throws,
 * with the last error `check` threw, if any). A throwing check counts as "not yet".
 */
export async function waitFor<T>(check: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
	const timeout = options.timeout ?? 5000;
	const deadline = Date.now() + timeout;
	let last: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value) return value as NonNullable<T>;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline) {
			const what = typeof options.what === 'function' ? options.what() : (options.what ?? 'condition');
			throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? `: ${last}` : ''}`);
		}
		const interval = options.interval ?? 25;
		await new Promise(resolve => (interval > 0 ? setTimeout(resolve, interval) : setImmediate(resolve)));
	}
}
