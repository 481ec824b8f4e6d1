// What every subcommand gets: the resolved connection, the engine, output streams,
// and the exit-code conventions (0 ok, 1 not found / refused, 2 usage or engine error).
import {ConnectionError, explainConnectionFailure, resolveConnection, type Connection} from '../engine/connection.js';
import {EngineError, type EnginePort} from '../engine/port.js';
import {sanitizeLines} from '../format/sanitize.js';
import type {Output} from './safe-stream.js';
import {withFlavor} from '../engine/flavored-engine.js';

export const EXIT = {ok: 0, refused: 1, error: 2} as const;

export class UsageError extends Error {
	override name = 'UsageError';
}

/** A refusal the user should read (exit 1): not found, invalid input, already connected… */
export class RefusedError extends Error {
	override name = 'RefusedError';
}

/**
 * DOCKNET_READ_ONLY fails closed: only an empty value, 0, false or no (any case, spaces
 * ignored) leaves the session read-write; any other value (on, 1, " 1", yes, a typo…)
 * means read-only.
 */
export function readOnlyFromEnv(value: string | undefined): boolean {
	const v = (value ?? '').trim().toLowerCase();
	return !['', '0', 'false', 'no'].includes(v);
}

export type GlobalOptions = {host?: string; context?: string; readOnly: boolean; json: boolean};

export type CliContext = {
	options: GlobalOptions;
	connection: Connection;
	engine: EnginePort;
	/** Sanitizing streams (cli/safe-stream.ts): stdout in --json mode escapes as JSON. */
	stdout: Output;
	stderr: Output;
	env: NodeJS.ProcessEnv;
};

export function connect(options: GlobalOptions, env: NodeJS.ProcessEnv, makeEngine: (c: Connection) => EnginePort) {
	const connection = resolveConnection({host: options.host, context: options.context, env});
	// Every engine goes through the flavour wrapper: Podman's answers in Docker's shapes.
	return {connection, engine: withFlavor(makeEngine(connection))};
}

/** Maps any error to a one-line message and an exit code. */
export function describeFailure(error: unknown, connection: Connection | null): {message: string; code: number} {
	if (error instanceof UsageError) return {message: error.message, code: EXIT.error};
	if (error instanceof RefusedError) return {message: error.message, code: EXIT.refused};
	if (error instanceof ConnectionError) return {message: error.message, code: EXIT.error};
	if (error instanceof EngineError) {
		// ssh and TLS failures (engine/transport-errors.ts) already name their cause in one line.
		const line = (error as EngineError & {transportLine?: string}).transportLine;
		if (line) return {message: `${line}${connection ? ` [${connection.source}]` : ''}`, code: EXIT.error};
		if ((error.kind === 'unreachable' || error.kind === 'permission') && connection) {
			const code = error.kind === 'permission' ? 'EACCES' : error.message.split(':')[0];
			return {message: sanitizeLines(explainConnectionFailure(connection, code, error.message)), code: EXIT.error};
		}
		if (error.kind === 'not-found' || error.kind === 'conflict' || error.kind === 'forbidden' || error.kind === 'invalid') {
			return {message: `the engine refused: ${sanitizeLines(error.message)}`, code: EXIT.refused};
		}
		return {message: `engine error: ${sanitizeLines(error.message)}`, code: EXIT.error};
	}
	const message = error instanceof Error ? error.message : String(error);
	return {message: `unexpected error: ${sanitizeLines(message)}`, code: EXIT.error};
}
