// The watchdog of an interactive shell (probe-shell.ts): a /bin/sh process in its own
// session that reads a pipe docknet holds. docknet writes "done" when the shell ended
// normally; if the pipe closes without it — docknet exited on a signal, crashed, or was
// killed with SIGKILL (the kernel closes the pipe) — the watchdog ends what the shell
// left: the shell and its children inside the container (by their marker), or the
// shell's helper container, then the docker CLI. Commands are run as argv, never eval'd.
import {spawn} from 'node:child_process';

export type ShellCleanup =
	/** `docker exec` shell: kill everything carrying the marker inside `container` (argv of the kill script). */
	| {kind: 'exec'; container: string; kill: string[]}
	/** `docker run --rm -it … sh` helper: remove the container by name. */
	| {kind: 'helper'; name: string};

// $1 the docker CLI's pid, $2 the docker CLI, $3 exec|helper, $4 container, $5… the kill argv.
const SCRIPT = [
	'IFS= read -r line',
	'[ "$line" = done ] && exit 0',
	'pid=$1; cli=$2; kind=$3; target=$4; shift 4',
	'if [ "$kind" = exec ]; then "$cli" exec "$target" "$@"; else "$cli" rm -f "$target"; fi',
	'kill -TERM "$pid" 2>/dev/null',
	'exit 0',
].join('\n');

export type Watchdog = {
	/** The shell ended normally: nothing to clean up. */
	release(): void;
	/** End what the shell left now (as if docknet had died). */
	cleanUpNow(): void;
};

export function startWatchdog(dockerCli: string, env: NodeJS.ProcessEnv, cliPid: number, cleanup: ShellCleanup): Watchdog {
	const args = cleanup.kind === 'exec' ? ['exec', cleanup.container, ...cleanup.kill] : ['helper', cleanup.name];
	const child = spawn('/bin/sh', ['-c', SCRIPT, 'docknet-shell-watchdog', String(cliPid), dockerCli, ...args], {
		detached: true,
		stdio: ['pipe', 'ignore', 'ignore'],
		env,
	});
	child.on('error', () => {});
	child.stdin?.on('error', () => {});
	child.unref();
	let released = false;
	return {
		release() {
			if (released) return;
			released = true;
			child.stdin?.end('done\n');
		},
		cleanUpNow() {
			if (released) return;
			released = true;
			child.stdin?.end();
		},
	};
}
