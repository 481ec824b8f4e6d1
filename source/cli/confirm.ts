// The extra confirmations of destructive subcommands (rm, prune, disconnect --force):
// on an engine the conformance suite has not proven, and for a network whose users the
// engine does not show. On a terminal they ask (y/N); otherwise a flag must say yes.
import {createInterface} from 'node:readline/promises';
import {unprovenNotice} from '../domain/engine-flavor.js';
import type {Refusal} from '../domain/validate.js';
import {sanitize} from '../format/sanitize.js';
import type {CliContext} from './context.js';
import type {ParsedValues} from './options.js';

/** Asks `question` (after `before()` printed the context); null when it cannot ask. */
export type Ask = (question: string, before: () => void) => Promise<string | null>;

/** Asks on the terminal; null when stdin is not a terminal. */
export const askOnTty: Ask = async (question, before) => {
	if (!process.stdin.isTTY) return null;
	before();
	const rl = createInterface({input: process.stdin, output: process.stderr});
	try {
		return await rl.question(question);
	} finally {
		rl.close();
	}
};

export const UNPROVEN_FLAG = 'yes-unproven-engine';
export const UNKNOWN_USE_FLAG = 'yes-unknown-use';

export const isYes = (answer: string | null): boolean => answer !== null && /^\s*y(es)?\s*$/i.test(answer);

/**
 * On an unproven engine: null when the user agreed (flag or y on the terminal), else the
 * refusal to report. `what` completes "really … on it?".
 */
export async function confirmUnprovenEngine(
	ctx: CliContext,
	values: ParsedValues,
	what: string,
	ask: Ask = askOnTty,
): Promise<Refusal | null> {
	// The flavour wrapper sets it on every engine the CLI builds (an unknown kind is unproven too).
	const flavor = (await ctx.engine.info()).flavor;
	const notice = flavor ? unprovenNotice(flavor) : null;
	if (!notice || values[UNPROVEN_FLAG]) return null;
	const answer = await ask(`Really ${what} on it? [y/N] `, () => ctx.stderr.write(`docknet: ${sanitize(notice)}\n`));
	if (isYes(answer)) return null;
	return {
		ok: false,
		reason: answer === null ? `${notice} (not on a terminal: nothing changed)` : `${notice}; not confirmed, nothing changed`,
		hint: `add --${UNPROVEN_FLAG} to ${what} anyway`,
		field: null,
	};
}

/** For rm's confirmUnknown: the flag, or y on the terminal. */
export function confirmUnknownUse(ctx: CliContext, values: ParsedValues, ask: Ask = askOnTty) {
	return async (network: {name: string}, reason: string): Promise<boolean> => {
		if (values[UNKNOWN_USE_FLAG]) return true;
		const answer = await ask(`Remove ${sanitize(network.name)} anyway? [y/N] `, () =>
			ctx.stderr.write(`docknet: who uses ${sanitize(network.name)} cannot be determined: ${sanitize(reason)}\n`),
		);
		return isYes(answer);
	};
}
