// Runs one CLI subcommand in-process, as source/cli.tsx does after resolving the engine
// (gh's iostreams pattern): the subcommand table's own options and run(), the same
// read-only refusal and error-to-exit-code mapping, sanitizing streams over buffers, and
// any EnginePort — usually the MemoryEngine, whose `calls` then show what it was asked.
// Not covered here (the CLI end-to-end tests run bin/docknet.js for those): engine
// resolution (-H/--context), prefs files, --help, negative-number gluing.
import {Writable} from 'node:stream';
import {parseArgs} from 'node:util';
import {EXIT, UsageError, describeFailure, readOnlyFromEnv, type CliContext} from '../../source/cli/context.js';
import type {OptionSpec} from '../../source/cli/options.js';
import {safeStream} from '../../source/cli/safe-stream.js';
import {SUBCOMMANDS, readOnlyRefusal} from '../../source/cli/subcommands.js';
import {parseErrorMessage, unknownCommandMessage} from '../../source/cli/suggest.js';
import type {Connection} from '../../source/engine/connection.js';
import {withFlavor} from '../../source/engine/flavored-engine.js';
import type {EnginePort} from '../../source/engine/port.js';

export type CliRun = {stdout: string; stderr: string; code: number};

const GLOBAL: OptionSpec = {'read-only': {type: 'boolean'}, json: {type: 'boolean'}, 'helper-image': {type: 'string'}};

/** A writable that keeps what it is given; `isTTY` as asked (a pipe by default). */
class Buffered extends Writable {
	text = '';
	constructor(readonly isTTY = false) {
		super();
	}
	override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
		this.text += String(chunk);
		done();
	}
}

const MEMORY_CONNECTION: Connection = {
	endpoint: 'unix:///memory.sock',
	source: 'test',
	target: {protocol: 'unix', socketPath: '/memory.sock'},
};

/** `docknet ARGV…` for a subcommand, in-process against `engine`. Never throws: a failure is an exit code and a stderr line. */
export async function runCli(engine: EnginePort, argv: string[], options: {env?: NodeJS.ProcessEnv; tty?: boolean} = {}): Promise<CliRun> {
	const env = options.env ?? {};
	const out = new Buffered(options.tty);
	const err = new Buffered(options.tty);
	const stderr = safeStream(err, 'text');
	const [name = '', ...rest] = argv;
	const sub = SUBCOMMANDS[name];
	let code: number;
	try {
		if (!sub) throw new UsageError(unknownCommandMessage(name, Object.keys(SUBCOMMANDS)));
		const spec: OptionSpec = {...sub.options, ...GLOBAL};
		let parsed: ReturnType<typeof parseArgs<{options: OptionSpec; allowPositionals: true; strict: true}>>;
		try {
			parsed = parseArgs({args: rest, options: spec, allowPositionals: true, strict: true});
		} catch (error) {
			const e = error as Error & {code?: unknown};
			throw new UsageError(parseErrorMessage(e, name, spec) ?? `${e.message.split('\n')[0]!} (docknet help)`);
		}
		const {values, positionals} = parsed;
		const json = Boolean(values.json);
		const readOnly = Boolean(values['read-only']) || readOnlyFromEnv(env.DOCKNET_READ_ONLY);
		const refusal = readOnlyRefusal(name, sub, readOnly, values);
		if (refusal) {
			stderr.write(`docknet: ${refusal}\n`);
			code = EXIT.refused;
		} else {
			const ctx: CliContext = {
				options: {readOnly, json},
				connection: MEMORY_CONNECTION,
				engine: withFlavor(engine),
				stdout: safeStream(out, json ? 'json' : 'text'),
				stderr,
				env,
			};
			code = await sub.run(ctx, positionals, values);
		}
	} catch (error) {
		const failure = describeFailure(error, MEMORY_CONNECTION);
		stderr.write(`docknet: ${failure.message}\n`);
		code = failure.code;
	}
	return {stdout: out.text, stderr: err.text, code};
}

/** The calls that change an engine (MemoryEngine.calls names), for "no write call" assertions. */
export const WRITE_CALLS = new Set([
	'connectNetwork',
	'disconnectNetwork',
	'createNetwork',
	'removeNetwork',
	'pruneNetworks',
	'runHelper',
	'startContainer',
	'unpauseContainer',
	'removeContainer',
	'exec',
]);
