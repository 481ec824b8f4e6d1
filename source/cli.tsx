// Entry point: parses argv, resolves the engine, then runs a subcommand or opens the
// explorer. The explorer (Ink + React) is imported lazily so scripting commands start fast.
import {parseArgs} from 'node:util';
import type {Connection} from './engine/connection.js';
import {withFlavor} from './engine/flavored-engine.js';
import {EXIT, UsageError, connect, describeFailure, readOnlyFromEnv, type GlobalOptions} from './cli/context.js';
import {SUBCOMMANDS, readOnlyRefusal} from './cli/subcommands.js';
import type {OptionSpec} from './cli/options.js';
import {sanitizeLines} from './format/sanitize.js';
import {safeStream} from './cli/safe-stream.js';
import {parseErrorMessage, unknownCommandMessage} from './cli/suggest.js';
import {loadPrefs} from './prefs/config.js';
import {VERSION} from './version.js';
import {traceStart} from './startup-trace.js';

traceStart('cli loaded');

const GLOBAL_OPTIONS: OptionSpec = {
	host: {type: 'string', short: 'H'},
	context: {type: 'string', short: 'c'},
	'read-only': {type: 'boolean'},
	'helper-image': {type: 'string'},
	json: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
};
const TAKES_VALUE = new Set(['-H', '--host', '-c', '--context']);

export function helpText(): string {
	return [
		`docknet ${VERSION} — see and fix Docker networking from a terminal`,
		'',
		'Usage:',
		'  docknet [global options]',
		'      open the explorer (keyboard TUI; press ? inside for the keys)',
		...Object.values(SUBCOMMANDS).flatMap(s => [`  ${s.usage}`, `      ${s.summary}`]),
		'',
		'Global options:',
		'  -H, --host URL       engine to use: unix:///path, tcp://host:2376, ssh://user@host',
		'  -c, --context NAME   docker context to use (as in docker --context)',
		'      --read-only      refuse every change to the engine and shells (also DOCKNET_READ_ONLY=1)',
		'      --helper-image IMAGE  local image for probe helpers when a container has no tools',
		'                       (also DOCKNET_HELPER_IMAGE; never pulled)',
		'      --json           machine-readable output (schema in README.md)',
		'  -h, --help           this help;  -v, --version  the version',
		'',
		'Engine: --host/--context > DOCKER_HOST > DOCKER_CONTEXT > current docker context > /var/run/docker.sock.',
		'Exit codes: 0 ok, 1 not found / refused / unreachable target, 2 usage or engine error.',
		'',
	].join('\n');
}

/** `docknet help [COMMAND]`: the whole help, or one command's usage and options. */
function commandHelp(command: string | undefined): number {
	if (!command) {
		process.stdout.write(helpText());
		return EXIT.ok;
	}
	const sub = SUBCOMMANDS[command];
	if (!sub) {
		process.stderr.write(`docknet: ${unknownCommandMessage(command, Object.keys(SUBCOMMANDS))}\n`);
		return EXIT.error;
	}
	const flags = Object.entries(sub.options).map(
		([long, spec]) =>
			`  --${long}${spec.short ? `, -${spec.short}` : ''}${spec.type === 'string' ? ' VALUE' : ''}${spec.multiple ? ' (repeatable)' : ''}`,
	);
	process.stdout.write(
		[
			`Usage: ${sub.usage}`,
			`  ${sub.summary}`,
			...(flags.length ? ['', 'Options:', ...flags] : []),
			'',
			'Global options: docknet help',
			'',
		].join('\n'),
	);
	return EXIT.ok;
}

function findSubcommand(argv: string[]): string | undefined {
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') return argv[i + 1];
		if (TAKES_VALUE.has(arg)) i++;
		else if (!arg.startsWith('-')) return arg;
	}
	return undefined;
}

/**
 * `-c -1` makes parseArgs take "-1" for an option and fail with three lines of advice:
 * a value that looks like a negative number is glued to its option (`--count=-1`), so
 * the option's own check answers in one line.
 */
export function glueNegativeValues(argv: string[], options: OptionSpec): string[] {
	const longName = new Map<string, string>();
	for (const [name, spec] of Object.entries(options)) {
		if (spec.type !== 'string') continue;
		longName.set(`--${name}`, name);
		// The first spec with a short flag wins, as in parseArgs (the subcommand's come first).
		if (spec.short && !longName.has(`-${spec.short}`)) longName.set(`-${spec.short}`, name);
	}
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') {
			out.push(...argv.slice(i));
			break;
		}
		const name = longName.get(arg);
		const next = argv[i + 1];
		if (name && next !== undefined && /^-[0-9.]/.test(next)) {
			out.push(`--${name}=${next}`);
			i++;
		} else out.push(arg);
	}
	return out;
}

/** DOCKNET_TIMEOUT: seconds a command waits for an engine that sends nothing (default 10). */
export function engineTimeoutMs(value: string | undefined): number {
	if (value === undefined || value.trim() === '') return 10_000;
	const text = value.trim();
	const seconds = /^[0-9]*\.?[0-9]+$/.test(text) ? Number(text) : Number.NaN;
	if (!(seconds > 0 && seconds <= 86_400))
		throw new UsageError(`DOCKNET_TIMEOUT must be a number of seconds greater than 0 (at most 86400), not "${sanitizeLines(value)}"`);
	return seconds * 1000;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
	let connection: Connection | null = null;
	// Every line docknet prints to stderr passes the sanitiser, usage errors included.
	const stderr = safeStream(process.stderr, 'text');
	try {
		const name = findSubcommand(argv);
		// `docknet help [COMMAND]`, as git and docker have it.
		if (name === 'help') return commandHelp(argv.slice(argv.indexOf('help') + 1).find(a => !a.startsWith('-')));
		const sub = name ? SUBCOMMANDS[name] : undefined;
		if (name && !sub) throw new UsageError(unknownCommandMessage(name, Object.keys(SUBCOMMANDS)));
		// A subcommand's own short flags win (ping -c is the count; --context still works).
		const optionSpec: OptionSpec = {...(sub?.options ?? {}), ...GLOBAL_OPTIONS};
		const {values, positionals} = parseArgs({
			args: glueNegativeValues(argv, optionSpec),
			options: optionSpec,
			allowPositionals: true,
			strict: true,
		});
		if (values.version) {
			process.stdout.write(`docknet ${VERSION}\n`);
			return EXIT.ok;
		}
		if (values.help) {
			process.stdout.write(sub ? `Usage: ${sub.usage}\n  ${sub.summary}\n` : helpText());
			return EXIT.ok;
		}
		// An empty -H/--context is a mistake (an unset variable in a script), not "use the default".
		if (values.host === '') throw new UsageError('-H/--host needs an engine URL (unix://…, tcp://…, ssh://…), got an empty value');
		if (values.context === '') throw new UsageError('--context needs a context name, got an empty value');
		// Preferences (prefs/config.ts): a bad file is refused in one line, nothing of it used.
		const loaded = loadPrefs(env);
		if (!loaded.ok) {
			stderr.write(`docknet: config ${loaded.path}: ${loaded.message}\n`);
			return EXIT.error;
		}
		const options: GlobalOptions = {
			host: values.host as string | undefined,
			context: values.context as string | undefined,
			readOnly: Boolean(values['read-only']) || Boolean(loaded.prefs.readOnly) || readOnlyFromEnv(env.DOCKNET_READ_ONLY),
			json: Boolean(values.json),
		};
		// Loaded only now: --version, --help and usage errors never pay for dockerode.
		const {DockerodeEngine} = await import('./engine/dockerode.js');
		traceStart('dockerode loaded');
		// The one place adapters are built (the explorer's engine switcher gets this factory).
		// The explorer owns the terminal: ssh must never prompt there (BatchMode).
		// A command's reads give up on an engine that stops answering (the explorer shows that instead).
		const readTimeoutMs = sub ? engineTimeoutMs(env.DOCKNET_TIMEOUT) : 0;
		const makeEngine = (c: Connection) => new DockerodeEngine(c, {ssh: {batchMode: !sub, env}, readTimeoutMs});
		const made = connect(options, env, makeEngine);
		connection = made.connection;
		if (!sub) {
			explorerRan = true;
			// Over ssh, logging in is most of the wait for the first frame: start it now (with
			// the flavour detection the explorer needs first), while the explorer loads.
			if (made.connection.target.protocol === 'ssh') void made.engine.info().catch(() => {});
			const [{runExplorer}, {createSwitcher}, {lastEngineMemory}] = await Promise.all([
				import('./explorer.js'),
				import('./engine/switcher.js'),
				import('./prefs/last-engine.js'),
			]);
			traceStart('explorer module loaded');
			const helperImage = values['helper-image'] as string | undefined;
			const explorerEnv = helperImage ? {...env, DOCKNET_HELPER_IMAGE: helperImage} : env;
			const switcher = createSwitcher(env, c => withFlavor(makeEngine(c)), made.connection, undefined, lastEngineMemory(env));
			return await runExplorer({
				engine: made.engine,
				connection: made.connection,
				readOnly: options.readOnly,
				env: explorerEnv,
				prefs: loaded.prefs,
				switcher,
			});
		}
		const refusal = readOnlyRefusal(name!, sub, options.readOnly, values);
		if (refusal) {
			stderr.write(`docknet: ${refusal}\n`);
			return EXIT.refused;
		}
		const ctx = {
			options,
			connection: made.connection,
			engine: made.engine,
			stdout: safeStream(process.stdout, options.json ? 'json' : 'text'),
			stderr,
			env,
		};
		try {
			return await sub.run(ctx, positionals.slice(1), values);
		} finally {
			// Its connections (keep-alive sockets, ssh children) must not hold the process open.
			(made.engine as {close?: () => void}).close?.();
		}
	} catch (error) {
		if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
			// parseArgs's messages may run over several lines of advice: the first says it.
			const name = findSubcommand(argv);
			const options = {...(name ? (SUBCOMMANDS[name]?.options ?? {}) : {}), ...GLOBAL_OPTIONS};
			const message =
				parseErrorMessage(error, name && SUBCOMMANDS[name] ? name : undefined, options) ??
				`${error.message.split('\n')[0]!} (docknet help)`;
			stderr.write(`docknet: ${message}\n`);
			return EXIT.error;
		}
		const {message, code} = describeFailure(error, connection);
		stderr.write(`docknet: ${message}\n`);
		return code;
	}
}

/** Set once the explorer ran: it ends with process.exit (its terminal, timers and streams). */
let explorerRan = false;

/**
 * A command ends by letting Node stop on its own, never with process.exit(). Node's exit
 * path (process.exit → DisposePlatform) joins V8's worker threads without disposing the
 * isolate; a concurrent Maglev/TurboFan job that is waiting for a main-thread GC then
 * waits forever and so does the join (nodejs/node#54918): `ls --json > file` at 5000
 * containers hung 3 times in ~50 runs after writing all its output. Ending naturally
 * disposes the isolate first, which releases such a job. Pending output to a pipe keeps
 * the loop alive until written, so nothing is cut short either. The engine's
 * connections are closed by the command's runner; a handle something else left open
 * must not keep a finished command alive, hence the unref'd last resort.
 */
function finish(code: number): void {
	process.exitCode = code;
	if (process.env.DOCKNET_KEEP_ALIVE) return;
	if (explorerRan) return exitAfterFlush(code);
	// The outcome is decided and written: an error that closing connections raise later
	// (an ssh stream torn down under a request still in flight) must not change the exit
	// code or print a stack trace — process.exit() used to end before they surfaced.
	process.on('uncaughtException', () => {});
	process.on('unhandledRejection', () => {});
	setTimeout(() => exitAfterFlush(code), 2000).unref();
}

// The explorer's way out (and the last resort): once stdout/stderr have flushed — scripts
// pipe large documents, and process.exit() right after a write to a full pipe cuts them.
function exitAfterFlush(code: number): void {
	let pending = 2;
	const done = () => {
		if (--pending === 0) process.exit(code);
	};
	process.stdout.write('', done);
	process.stderr.write('', done);
}

main(process.argv.slice(2)).then(finish, error => {
	safeStream(process.stderr, 'text').write(`docknet: ${sanitizeLines(error instanceof Error ? error.message : String(error))}\n`);
	process.exit(EXIT.error);
});
