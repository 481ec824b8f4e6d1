// A terminal without bracketed paste (or tmux `paste-buffer` without -p) delivers pasted
// text as plain bytes: newlines would submit forms, tabs move focus, a `q` quit. Ink reads
// the terminal with stdin.read(); this wraps that read so a burst — one read holding more
// text than anyone types between two reads — is handed to Ink as a bracketed paste, and
// the keyboard router then treats it as text. Reads that follow a burst within a few
// milliseconds (a paste the pty split) belong to it — counted from when the burst has
// been handled (drawing 3000 pasted characters takes longer than the gap between reads).

const START = '\u001b[200~';
const END = '\u001b[201~';

/** Characters of text in one read, escape sequences (arrow keys…) not counted. */
const BURST_CHARS = 32;
const FOLLOW_MS = 30;

const ESCAPE_SEQUENCE = /\u001b(\[[0-9;?<>=]*[ -/]*[@-~]|O.|.)?/gs;

export function textLength(chunk: string): number {
	return chunk.replace(ESCAPE_SEQUENCE, '').length;
}

type Readable = {read(size?: number): string | Buffer | null};

/** A function that turns one read into what Ink should see (a burst wrapped as a bracketed paste). */
export function burstMarker(
	now: () => number = Date.now,
	afterHandled: (run: () => void) => void = setImmediate,
): (chunk: string) => string {
	let inPaste = false;
	let lastBurstAt = -Infinity;
	return chunk => {
		// A real bracketed paste, possibly spread over several reads, passes untouched.
		const start = chunk.lastIndexOf(START);
		const end = chunk.lastIndexOf(END);
		if (inPaste || start >= 0) {
			inPaste = start > end || (inPaste && end < 0);
			return chunk;
		}
		const at = now();
		if (textLength(chunk) >= BURST_CHARS || at - lastBurstAt < FOLLOW_MS) {
			lastBurstAt = at;
			afterHandled(() => (lastBurstAt = now()));
			return START + chunk + END;
		}
		return chunk;
	};
}

/** Wraps `stdin.read` (what Ink calls); returns the function that undoes it. */
export function markPasteBursts(stdin: Readable): () => void {
	const original = stdin.read;
	const mark = burstMarker();
	stdin.read = function (this: Readable, size?: number) {
		const chunk = original.call(this, size);
		if (chunk === null) return null;
		return typeof chunk === 'string' ? mark(chunk) : Buffer.from(mark(chunk.toString('utf8')), 'utf8');
	};
	return () => {
		stdin.read = original;
	};
}
