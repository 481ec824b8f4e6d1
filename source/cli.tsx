// Entry point: parses argv, resolves the engine, then runs a subcommand or opens the
// explorer. The explorer (Ink + React) is imported lazily so scripting commands start fast.
import {parseArgs} from 'node:util';
import type {Connection} from './engine/connection.js';
import {EXIT, UsageError, connect, describeFailure, type GlobalOptions} from './cli/context.js';
import {SUBCOMMANDS, type OptionSpec} from './cli/subcommands.js';
import {VERSION} from './version.js';

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
		'      --read-only      refuse every change to the engine (also DOCKNET_READ_ONLY=1)',
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

function findSubcommand(argv: string[]): string | undefined {
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') return argv[i + 1];
		if (TAKES_VALUE.has(arg)) i++;
		else if (!arg.startsWith('-')) return arg;
	}
	return undefined;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
	let connection: Connection | null = null;
	try {
		const name = findSubcommand(argv);
		const sub = name ? SUBCOMMANDS[name] : undefined;
		if (name && !sub) throw new UsageError(`unknown command "${name}" (docknet --help lists them)`);
		const {values, positionals} = parseArgs({
			args: argv,
			// A subcommand's own short flags win (ping -c is the count; --context still works).
			options: {...(sub?.options ?? {}), ...GLOBAL_OPTIONS},
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
		const options: GlobalOptions = {
			host: values.host as string | undefined,
			context: values.context as string | undefined,
			readOnly: Boolean(values['read-only']) || ['1', 'true', 'yes'].includes(String(env.DOCKNET_READ_ONLY ?? '').toLowerCase()),
			json: Boolean(values.json),
		};
		// Loaded only now: --version, --help and usage errors never pay for dockerode.
		const {DockerodeEngine} = await import('./engine/dockerode.js');
		// The one place adapters are built (the explorer's engine switcher gets this factory).
		// The explorer owns the terminal: ssh must never prompt there (BatchMode).
		const makeEngine = (c: Connection) => new DockerodeEngine(c, {ssh: {batchMode: !sub, env}});
		const made = connect(options, env, makeEngine);
		connection = made.connection;
		if (!sub) {
			const [{runExplorer}, {createSwitcher}] = await Promise.all([import('./explorer.js'), import('./engine/switcher.js')]);
			const helperImage = values['helper-image'] as string | undefined;
			const explorerEnv = helperImage ? {...env, DOCKNET_HELPER_IMAGE: helperImage} : env;
			const switcher = createSwitcher(env, makeEngine, made.connection);
			return await runExplorer({engine: made.engine, connection: made.connection, readOnly: options.readOnly, env: explorerEnv, switcher});
		}
		// A dry run only plans (reads), so it stays available in read-only mode.
		if (sub.writes && options.readOnly && !values['dry-run']) {
			process.stderr.write(`docknet: read-only mode: "${name}" would change the engine, refused\n`);
			return EXIT.refused;
		}
		const ctx = {options, connection: made.connection, engine: made.engine, stdout: process.stdout, stderr: process.stderr, env};
		return await sub.run(ctx, positionals.slice(1), values);
	} catch (error) {
		if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
			process.stderr.write(`docknet: ${error.message} (docknet --help)\n`);
			return EXIT.error;
		}
		const {message, code} = describeFailure(error, connection);
		process.stderr.write(`docknet: ${message}\n`);
		return code;
	}
}

// Flush output before exiting: scripts pipe large --json documents, and once a pipe is
// full, stdout is asynchronous — process.exit() would cut the document short. An empty
// write's callback runs after every earlier write has reached the pipe.
function exitAfterFlush(code: number): void {
	let pending = 2;
	const done = () => {
		if (--pending === 0) process.exit(code);
	};
	process.stdout.write('', done);
	process.stderr.write('', done);
}

main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
		if (!process.env.DOCKNET_KEEP_ALIVE) exitAfterFlush(code);
	},
	error => {
		process.stderr.write(`docknet: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(EXIT.error);
	},
);
