// What every network operation shares: the docker CLI steps it stands for, the plan
// (validated against the topology, no engine call yet) and the outcome (what the engine
// did, or its error verbatim with a plain-language explanation).
import {EngineError, type EngineErrorKind} from '../engine/port.js';
import {shellLine} from '../format/shell-quote.js';

export type OperationKind = 'connect' | 'disconnect' | 'create' | 'remove' | 'prune' | 'start';

/** One docker CLI command: argv after `docker`, and the shell-quoted line. */
export type Step = {argv: string[]; line: string};

export const step = (...argv: string[]): Step => ({argv, line: shellLine(['docker', ...argv])});

export type PlanBase<K extends OperationKind> = {
	/** Distinguishes a plan from a Refusal. */
	ok: true;
	kind: K;
	/** A short sentence: what will happen. */
	summary: string;
	/** The docker CLI commands this operation performs, in order. */
	steps: Step[];
	/** Things to know before confirming. */
	notes: string[];
};

export type FailureKind = EngineErrorKind | 'aborted' | 'unexpected';

export type EngineFailure = {
	kind: FailureKind;
	/** The engine's message, verbatim. */
	message: string;
	/** The same in plain language, with what to do. */
	explanation: string;
	statusCode: number | null;
};

export type Outcome<K extends OperationKind, R> =
	| {ok: true; kind: K; summary: string; steps: Step[]; result: R}
	| {
			ok: false;
			kind: K;
			summary: string;
			/** Steps the engine completed before the failure. */
			completed: Step[];
			/** The step that failed, if any. */
			failedStep: Step | null;
			failure: EngineFailure;
			/** What was done anyway (e.g. the networks a prune did remove). */
			result: R | null;
	  };

type Explanation = {test: RegExp; explain: (match: RegExpExecArray) => string};

// The engine's common refusals, in words an operator can act on. First match wins.
const EXPLANATIONS: Explanation[] = [
	{
		test: /is in use right now by .*checked again just before/,
		explain: () => 'containers joined it since the plan was made; disconnect them first (docknet rm --disconnect-all does both)',
	},
	{test: /cannot be determined: /, explain: () => 'docknet removes a network whose users it cannot see only when you name it and confirm'},
	{
		test: /has active endpoints/,
		explain: () => 'containers are still attached to this network; disconnect them first (docknet rm --disconnect-all does both)',
	},
	{test: /pre-defined network/, explain: () => 'bridge, host and none are created by the engine itself and cannot be removed'},
	{test: /endpoint with name .* already exists in network/, explain: () => 'that container is already connected to this network'},
	{test: /is already connected to network/, explain: () => 'that container is already connected to this network'},
	{test: /network with name .* already exists/, explain: () => 'a network with that name exists already; pick another name'},
	{test: /already exists/, explain: () => 'something with that name exists already'},
	{test: /[Pp]ool overlaps/, explain: () => "the subnet overlaps another network's subnet on this engine; pick a free range"},
	{test: /(invalid CIDR|Invalid subnet)/, explain: () => 'the subnet is not valid CIDR notation (e.g. 10.60.0.0/24)'},
	{
		test: /no matching subnet for (gateway|range)/,
		explain: m => `the ${m[1] === 'gateway' ? 'gateway' : 'IP range'} must lie inside the subnet`,
	},
	{
		test: /user specified IP address is supported only when connecting to networks with user configured subnets/,
		explain: () =>
			'a static IP needs a network created with a user-specified --subnet; this network got its subnet from the engine. Connect without --ip, or create a network with --subnet',
	},
	{
		test: /user specified IP address is supported on user defined networks only/,
		explain: () => 'a static IP is possible only on user-defined networks, not the default bridge',
	},
	{test: /does not belong to any of this network's subnets/, explain: () => "the address is outside this network's subnet"},
	{
		test: /[Aa]ddress already in use/,
		explain: () => 'that address is taken on this network (by another container, the gateway or the network address); pick another',
	},
	{test: /is not connected to( the)? network/, explain: () => 'that container is not attached to this network (any more)'},
	{test: /No such container/, explain: () => 'the container does not exist (any more)'},
	{test: /network .* not found/, explain: () => 'the network does not exist (any more)'},
	{
		test: /could not find an available, non-overlapping (IPv6 )?(IPv4 )?address pool/,
		explain: () =>
			'the engine has no free subnet left in its default pools (and docker 20.10 has no IPv6 pool at all); give --subnet explicitly',
	},
	{test: /network-scoped alias is supported only/, explain: () => 'aliases work only on user-defined networks, not the default bridge'},
	{
		test: /container sharing network namespace/,
		explain: () => 'the container uses another network stack (--network host or container:…) and cannot join networks itself',
	},
	{test: /private \(none\) mode/, explain: () => 'the container runs with --network none and cannot join other networks'},
	{
		test: /disconnected from host network or connected to host network/,
		explain: () => 'containers join or leave the host network only when created (docker run --network host)',
	},
	{test: /only one instance of "(host|null)" network/, explain: () => 'the engine has exactly one host and one none network'},
	{
		test: /plugin "?([^" ]+)"? not found/,
		explain: m => `the engine has no network driver "${m[1]}" (bridge, macvlan, ipvlan, overlay are the usual ones)`,
	},
	{
		test: /[Cc]onflicting options|cannot be used with|not supported/,
		explain: () => 'the engine does not accept this combination of options',
	},
	{test: /[Cc]ontainer .* is not running/, explain: () => 'the container is not running'},
	{test: /This node is not a swarm manager/, explain: () => 'overlay networks need a swarm (docker swarm init)'},
];

const BY_KIND: Record<FailureKind, string> = {
	unreachable: 'the Docker engine did not answer; nothing was changed by this step',
	permission: 'this user may not use the Docker socket',
	'not-found': 'the engine does not know that network or container (it may have just been removed)',
	conflict: 'it conflicts with what exists on the engine now',
	forbidden: 'the engine refused the operation',
	invalid: 'the engine rejected the parameters',
	server: 'the engine failed while doing it',
	aborted: 'cancelled before it finished',
	unexpected: 'an unexpected error',
};

// Connection errors that mean the request never reached the engine: the step did nothing.
// Any other lost connection (reset, hang-up, timeout) may come after the engine acted.
const NEVER_SENT = /^(ENOENT|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EACCES|EPERM):/;

export const UNKNOWN_OUTCOME =
	'the connection to the engine dropped during this step: whether the engine did it is unknown — check with `docknet ls`';

/** True when the engine may or may not have done the step (the connection dropped mid-call). */
export const outcomeUnknown = (f: EngineFailure): boolean => f.kind === 'unreachable' && !NEVER_SENT.test(f.message);

/** Plain-language explanation of an engine message (null when none of the common ones). */
export function explainMessage(message: string): string | null {
	for (const entry of EXPLANATIONS) {
		const match = entry.test.exec(message);
		if (match) return entry.explain(match);
	}
	return null;
}

export function toFailure(error: unknown): EngineFailure {
	if (error instanceof EngineError) {
		const failure = {
			kind: error.kind,
			message: error.message,
			explanation: explainMessage(error.message) ?? BY_KIND[error.kind],
			statusCode: error.statusCode ?? null,
		};
		return outcomeUnknown(failure) ? {...failure, explanation: UNKNOWN_OUTCOME} : failure;
	}
	if (error instanceof Error && error.name === 'AbortError') {
		return {kind: 'aborted', message: error.message, explanation: BY_KIND.aborted, statusCode: null};
	}
	const message = error instanceof Error ? error.message : String(error);
	return {kind: 'unexpected', message, explanation: explainMessage(message) ?? BY_KIND.unexpected, statusCode: null};
}

/** "engine message — explanation" in one line. */
export const failureLine = (f: EngineFailure): string => `${f.message.trimEnd()} — ${f.explanation}`;

/** True for failures that are a refusal by the engine (bad input, state changed meanwhile) rather than a broken engine. */
export const isEngineRefusal = (f: EngineFailure): boolean =>
	f.kind === 'not-found' || f.kind === 'conflict' || f.kind === 'forbidden' || f.kind === 'invalid';

export function throwIfAborted(signal?: AbortSignal): void {
	if (signal?.aborted) {
		const error = new Error('the operation was cancelled');
		error.name = 'AbortError';
		throw error;
	}
}
