// Friendlier CLI errors: "did you mean" for a mistyped command or flag, and a one-line
// message instead of node's parseArgs text (which ends with an unbalanced quote).
import type {OptionSpec} from './options.js';

/** Edit distance (insert, delete, substitute, swap two neighbours). */
export function distance(a: string, b: string): number {
	const d: number[][] = Array.from({length: a.length + 1}, (_, i) =>
		Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
	);
	for (let i = 1; i <= a.length; i++)
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
		}
	return d[a.length]![b.length]!;
}

/** The closest candidates to `word` (at most 2 edits, or a prefix of one), best first. */
export function suggestions(word: string, candidates: readonly string[]): string[] {
	const w = word.toLowerCase();
	const limit = w.length <= 3 ? 1 : 2;
	return candidates
		.map(c => ({c, d: c.startsWith(w) && w.length >= 2 ? 0.5 : distance(w, c.toLowerCase())}))
		.filter(x => x.d <= limit)
		.sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
		.map(x => x.c);
}

const didYouMean = (found: string[]): string => (found.length ? `; did you mean ${found.slice(0, 3).join(' or ')}?` : '');

export function unknownCommandMessage(name: string, commands: readonly string[]): string {
	return `unknown command "${name}"${didYouMean(suggestions(name, [...commands, 'help']).map(s => `"${s}"`))} (docknet help lists them)`;
}

/** Rewrites a parseArgs error into one clear line; null when it is not one we know. */
export function parseErrorMessage(
	error: {code?: unknown; message: string},
	command: string | undefined,
	options: OptionSpec,
): string | null {
	const help = command ? `docknet help ${command}` : 'docknet help';
	const where = command ? ` for "${command}"` : '';
	const flags = Object.entries(options).flatMap(([long, spec]) => [`--${long}`, ...(spec.short ? [`-${spec.short}`] : [])]);
	if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
		const flag = /'(-[^']*)'/.exec(error.message)?.[1] ?? '';
		const bare = flag.split('=')[0]!;
		return `unknown option ${bare}${where}${didYouMean(suggestions(bare, flags))} (${help})`;
	}
	if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
		const flag = /Option '([^']*)'/.exec(error.message)?.[1]?.split(' ')[0] ?? 'an option';
		return /argument missing/.test(error.message) ? `${flag} needs a value (${help})` : `${flag} takes no value (${help})`;
	}
	if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument${where} (${help})`;
	return null;
}
