// Opens `docknet` (the explorer) in the benchmark's tmux pane and waits for its first
// full frame: the moment the pane shows the target's marker text (a network name that
// is only drawn once the topology has loaded).
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {docknetBin} from './paths.js';
import {plain, type Tmux} from './tmux.js';
import type {Context, Target} from './context.js';

export type Launch = {
	/** ms from respawn-pane to the output that completed the first full frame; NaN on timeout. */
	firstFrameMs: number;
	pid: number;
	/** The program is still running after its first frame (the explorer; the pre-explorer placeholder printed and exited). */
	alive: boolean;
	screen: string;
	/** Why the explorer is not running after its first frame, when it is not. */
	exitNote: string | null;
};

export async function launchExplorer(
	ctx: Context,
	tmux: Tmux,
	target: Target,
	options: {bin?: string; env?: Record<string, string>; timeoutMs?: number; marker?: string} = {},
): Promise<Launch> {
	const marker = options.marker ?? target.marker;
	const timeoutMs = options.timeoutMs ?? 20_000;
	// The bin is run the way a shell runs an installed docknet (through its #! line, with
	// `node` from PATH — this Node first), so whatever the bin file does before Node loads
	// the CLI is measured too.
	const base = ctx.env(target.dockerHost);
	const env = {...base, PATH: `${dirname(process.execPath)}:${base.PATH ?? ''}`, TERM: 'tmux-256color', ...options.env};
	const bin = options.bin ?? docknetBin;
	// --node-direct: as `node bin/docknet.js` runs it, without whatever the #! line adds.
	const startedAt = await tmux.run(ctx.options.nodeDirect ? [process.execPath, bin] : [bin], env);
	// History too: a program that prints and exits may have scrolled the marker away.
	const frame = await tmux.waitForScreen(screen => plain(screen).includes(marker), {timeoutMs, after: startedAt, history: true});
	const pid = await tmux.panePid();
	const alive = !(await tmux.paneDead());
	const screen = frame?.screen ?? (await tmux.capture(true));
	let exitNote: string | null = null;
	if (!alive) {
		const tail = plain(screen)
			.split('\n')
			.map(line => line.trim())
			.filter(line => line && !line.startsWith('Pane is dead'))
			.slice(-3)
			.join(' / ');
		exitNote = frame ? NOT_LIVE : `docknet exited without drawing the topology: ${tail.slice(0, 300)}`;
	} else if (!frame) exitNote = `no frame showing "${marker}" within ${timeoutMs} ms`;
	return {firstFrameMs: frame ? frame.at - startedAt : Number.NaN, pid, alive, screen, exitNote};
}

/**
 * Stops whatever runs in the pane: SIGTERM to its process (docknet restores the
 * terminal and exits), then, once the pane is dead, an idle command in its place.
 * (Killing a live full-screen program with `respawn-pane -k` crashed tmux 3.3a now
 * and then.)
 */
export async function stopPane(tmux: Tmux): Promise<void> {
	const pid = await tmux.panePid();
	if (!(await tmux.paneDead()) && pid > 1) {
		try {
			process.kill(pid, 'SIGTERM');
		} catch {
			// Already gone: the wait below sees the pane dead.
		}
		const deadline = Date.now() + 5000;
		while (!(await tmux.paneDead()) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 10));
	}
	await tmux.command(`respawn-pane -k -t ${tmux.target} 'exec sleep 86400'`);
}

export const NOT_LIVE =
	'docknet exited after printing (the explorer has not landed: source/explorer.tsx is the placeholder) — figures that need a running explorer are n/a';

/** lazydocker inspects every container before it lists them: at 600 containers on a loaded machine that took > 20 s. */
export const LAZYDOCKER_TIMEOUT_MS = 40_000;

/**
 * Opens the peer lazydocker (its README: an empty CONFIG_DIR and DOCKER_HOST) in the
 * pane, the same way and with the same clean environment as docknet. Its first screen
 * lists containers, so its first frame is the first output showing a container name
 * of the target. Each launch gets a fresh, empty config directory (removed by `done`).
 */
export async function launchLazydocker(ctx: Context, tmux: Tmux, target: Target, bin: string): Promise<Launch & {done: () => void}> {
	const config = mkdtempSync(join(tmpdir(), 'docknet-bench-lazydocker-'));
	const launch = await launchExplorer(ctx, tmux, target, {
		bin,
		marker: target.containerMarker,
		env: {CONFIG_DIR: config},
		timeoutMs: LAZYDOCKER_TIMEOUT_MS,
	});
	return {...launch, done: () => rmSync(config, {recursive: true, force: true})};
}
