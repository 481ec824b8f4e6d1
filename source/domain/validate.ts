// Shared shapes for validating an operation against the current topology before any
// engine call: either a normalized value (plus notes worth showing before the user
// confirms) or a refusal with a reason a person can act on.
import {ambiguityText, findContainer, findNetwork} from './selectors.js';
import type {Container, Network, Topology} from './types.js';

export type Refusal = {
	ok: false;
	/** One sentence: what is wrong. */
	reason: string;
	/** What to do instead, or null. */
	hint: string | null;
	/** The input field the refusal is about (for forms), or null. */
	field: string | null;
};

export type Valid<T> = {ok: true; value: T; notes: string[]};
export type Validated<T> = Valid<T> | Refusal;

export const refuse = (reason: string, options: {hint?: string | null; field?: string | null} = {}): Refusal => ({
	ok: false,
	reason,
	hint: options.hint ?? null,
	field: options.field ?? null,
});

/** One line: the reason and the hint. */
export const refusalLine = (r: Refusal): string => (r.hint ? `${r.reason}; ${r.hint}` : r.reason);

/** Quotes a name for a message (the engine's strings are sanitized later, at display). */
export const q = (name: string): string => `"${name}"`;

export function resolveNetwork(t: Topology, ref: string, field = 'network'): Network | Refusal {
	if (!ref) return refuse('no network given', {field});
	const network = findNetwork(t, ref);
	if (network) return network;
	const ambiguous = ambiguityText(t.networks, ref, 'networks');
	if (ambiguous) return refuse(ambiguous, {hint: 'give more of the id, or the name', field});
	return refuse(`no network ${q(ref)} on this engine`, {hint: 'docknet ls lists the networks', field});
}

export function resolveContainer(t: Topology, ref: string, field = 'container'): Container | Refusal {
	if (!ref) return refuse('no container given', {field});
	const container = findContainer(t, ref);
	if (container) return container;
	const ambiguous = ambiguityText(t.containers, ref, 'containers');
	if (ambiguous) return refuse(ambiguous, {hint: 'give more of the id, or the name', field});
	return refuse(`no container ${q(ref)} on this engine`, {hint: 'docker ps -a lists the containers', field});
}

export const isRefusal = (value: unknown): value is Refusal =>
	typeof value === 'object' &&
	value !== null &&
	(value as {ok?: unknown}).ok === false &&
	typeof (value as {reason?: unknown}).reason === 'string';

/**
 * How to name a network in a docker CLI line: its name, unless several networks share
 * it (docker allows that), then its id.
 */
export function networkRef(t: Topology, network: Network): string {
	return t.networks.filter(n => n.name === network.name).length > 1 ? network.id : network.name;
}
