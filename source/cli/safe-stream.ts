// The CLI's stdout and stderr as subcommands see them: everything written passes the
// sanitiser (format/sanitize.ts, sanitizeOutput) on its way to the terminal or pipe —
// human text keeps only its newlines, a --json document gets \u escapes — so no
// engine- or user-supplied control reaches the terminal, whichever path printed it.
import {sanitizeOutput} from '../format/sanitize.js';

export type Output = {
	write(text: string, done?: () => void): boolean;
	readonly isTTY: boolean;
	/** The terminal's width when it is one. */
	readonly columns?: number;
	/** docknet's own terminal control (a progress line's \r, erase line): never for engine text. */
	control(sequence: string): void;
};

export function safeStream(target: NodeJS.WritableStream & {isTTY?: boolean; columns?: number}, mode: 'text' | 'json'): Output {
	return {
		write: (text, done) => target.write(sanitizeOutput(String(text), mode), done),
		get isTTY() {
			return Boolean(target.isTTY);
		},
		get columns() {
			return target.columns;
		},
		control: sequence => void target.write(sequence),
	};
}
