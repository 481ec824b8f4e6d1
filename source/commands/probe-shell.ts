// An interactive shell in a container — or, when its image has no shell, in a helper
// container sharing its network and PID namespaces — run by the docker CLI with the
// terminal handed over (the explorer suspends itself meanwhile). The plan is the exact
// docker command line; the helper needs a local image and is refused in read-only mode.
//
// Nothing of a shell outlives docknet: a small watchdog (shell-watchdog.ts), started
// with the shell in its own session, holds a pipe from docknet; when docknet ends
// without saying the shell is over — a signal, a crash, SIGKILL — it kills the shell
// inside the container (found by its marker) or removes the shell's helper container,
// and stops the docker CLI.
import {spawn} from 'node:child_process';
import type {EnginePort} from '../engine/port.js';
import type {Container} from '../domain/types.js';
import {MARKER_VAR, killArgv, randomHex} from './probe-exec.js';
import {
	HELPER_LABEL,
	HELPER_OWNER_LABEL,
	HELPER_SOURCE_LABEL,
	ProbeRefused,
	helperRefusal,
	ownerLabel,
	type ToolCache,
} from './probe-host.js';
import {startWatchdog, type ShellCleanup} from './shell-watchdog.js';

export type ShellPlan = {argv: string[]; via: 'self' | 'helper'; note: string; cleanup: ShellCleanup};

export async function planShell(
	engine: EnginePort,
	tools: ToolCache,
	container: Container,
	settings: {helperImage: string | null; readOnly: boolean; dockerCli?: string},
): Promise<ShellPlan> {
	const cli = settings.dockerCli || 'docker';
	// An interactive shell can change anything inside the container: not in read-only mode.
	if (settings.readOnly)
		throw new ProbeRefused(
			'read-only',
			`read-only mode: no shell in ${container.name} (an interactive shell can change anything inside the container)`,
		);
	if (container.state !== 'running')
		throw new ProbeRefused(
			'not-running',
			`${container.name} is not running (${container.state}): start it first (docker start ${container.name})`,
		);
	const own = await tools.get(container);
	if (own.has('sh') || own.has('bash')) {
		const shell = own.has('bash') ? 'bash' : 'sh';
		// The marker finds the shell and everything started from it, to end them with docknet.
		const marker = randomHex(12);
		return {
			argv: [cli, 'exec', '-it', '-e', `${MARKER_VAR}=${marker}`, container.name, shell],
			via: 'self',
			note: `${shell} in ${container.name}`,
			cleanup: {kind: 'exec', container: container.id, kill: killArgv(marker, 'KILL', own.has('tr') ? 'tr' : 'cat')},
		};
	}
	const why = `${container.name}'s image (${container.image}) has no shell`;
	const refusal = await helperRefusal(engine, {image: settings.helperImage, readOnly: settings.readOnly}, container, why);
	if (refusal) throw refusal;
	const name = `docknet-shell-${randomHex(8)}`;
	return {
		argv: [
			cli,
			'run',
			'--rm',
			'-it',
			'--name',
			name,
			'--pull',
			'never',
			'--network',
			`container:${container.id}`,
			'--pid',
			`container:${container.id}`,
			'--label',
			`${HELPER_LABEL}=1`,
			'--label',
			`${HELPER_SOURCE_LABEL}=${container.id}`,
			'--label',
			`${HELPER_OWNER_LABEL}=${ownerLabel()}`,
			settings.helperImage!,
			'sh',
		],
		via: 'helper',
		note: `a shell in a helper container sharing ${container.name}'s network and processes`,
		cleanup: {kind: 'helper', name},
	};
}

/** The environment for the docker CLI so it talks to the same engine as docknet. */
export function dockerCliEnv(endpoint: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const out = {...env};
	if (/^(unix|tcp|ssh|https?):\/\//.test(endpoint)) {
		out.DOCKER_HOST = endpoint.replace(/^https?:\/\//, 'tcp://');
		delete out.DOCKER_CONTEXT;
	}
	return out;
}

type TtyHandle = {readStop?: () => number; readStart?: () => number; reading?: boolean};

/**
 * Stops this process reading the terminal while `run` hands it to a child. Ink's
 * suspend turns raw mode off but its 'readable' listener keeps reading: keys typed
 * into the shell would be split between the shell and the explorer. So the listeners
 * are detached and the tty handle stops reading until the child is done.
 */
export async function withStdinReleased<T>(stdin: NodeJS.ReadStream, run: () => Promise<T>): Promise<T> {
	const readable = stdin.listeners('readable') as Array<(...args: unknown[]) => void>;
	const data = stdin.listeners('data') as Array<(...args: unknown[]) => void>;
	for (const listener of readable) stdin.removeListener('readable', listener);
	for (const listener of data) stdin.removeListener('data', listener);
	stdin.pause();
	const handle = (stdin as unknown as {_handle?: TtyHandle})._handle;
	if (handle?.readStop) {
		handle.readStop();
		handle.reading = false;
	}
	try {
		return await run();
	} finally {
		for (const listener of readable) stdin.addListener('readable', listener);
		for (const listener of data) stdin.addListener('data', listener);
		if (handle?.readStart && !handle.reading) {
			handle.reading = true;
			handle.readStart();
		}
	}
}

/** Runs the plan on the real terminal and resolves with its exit code. */
export function runShell(plan: ShellPlan, env: NodeJS.ProcessEnv, stdin: NodeJS.ReadStream = process.stdin): Promise<number> {
	return withStdinReleased(
		stdin,
		() =>
			new Promise<number>(resolve => {
				const child = spawn(plan.argv[0]!, plan.argv.slice(1), {stdio: 'inherit', env});
				const watchdog = child.pid ? startWatchdog(plan.argv[0]!, env, child.pid, plan.cleanup) : null;
				// -1: the docker CLI could not be started at all.
				child.on('error', () => {
					watchdog?.release();
					resolve(-1);
				});
				child.on('exit', (code, signal) => {
					// The docker CLI killed by a signal: the shell it started may still run in the container.
					if (signal) watchdog?.cleanUpNow();
					else watchdog?.release();
					resolve(code ?? 1);
				});
			}),
	);
}
