// Runs the built docknet in a real terminal (tmux) as a user would: a pane of a given
// size, keys sent with send-keys, the screen read with capture-pane. Each session uses
// its own tmux server (-L socket), so test files can run in parallel without clashing.
//
// The program runs under a small shell wrapper that, when docknet exits, prints
// "docknet exited N" and the terminal's line discipline (so a test can check that raw
// mode was left), and then waits: the pane stays readable after the program ends.
import {execFile, execFileSync} from 'node:child_process';
import {binaryPathEnv, docknetArgv} from './launch.js';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {childEnv, repoRoot} from './sandbox.js';
import {waitFor} from './wait.js';

const run = promisify(execFile);

export type TmuxOptions = {
	columns?: number;
	rows?: number;
	/** docknet arguments. */
	args?: string[];
	/** Extra environment for docknet (on top of the sandbox env). */
	env?: Record<string, string | undefined>;
	/** Command to run instead of docknet (argv). */
	command?: string[];
};

export type TerminalState = {
	alternateScreen: boolean;
	cursorVisible: boolean;
	exited: boolean;
	exitCode: number | null;
	canonical: boolean | null;
};

const EXIT_LINE = /docknet exited (\d+)/;

const quote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

export class TmuxSession {
	readonly socket: string;
	readonly target = 'docknet';
	private readonly dir: string;
	private killed = false;

	private constructor(socket: string, dir: string) {
		this.socket = socket;
		this.dir = dir;
	}

	/** Starts docknet (built bin/docknet.js on this Node, or DOCKNET_TEST_BINARY) in a fresh tmux server and pane. */
	static async start(options: TmuxOptions = {}): Promise<TmuxSession> {
		const socket = `docknet-test-${process.pid}-${randomBytes(3).toString('hex')}`;
		const dir = mkdtempSync(join(tmpdir(), 'docknet-tmux-'));
		const session = new TmuxSession(socket, dir);
		const conf = join(dir, 'tmux.conf');
		writeFileSync(
			conf,
			[
				'set -g status off',
				'set -g history-limit 2000',
				// OSC 52 from the application lands in a tmux paste buffer (checked by the copy test).
				'set -g set-clipboard on',
				'set -g escape-time 10',
				'set -g default-terminal screen-256color',
			].join('\n') + '\n',
		);
		const argv = options.command ?? docknetArgv(repoRoot, options.args ?? []);
		// The single executable runs with a PATH of only the docker CLI (the wrapper keeps its own).
		const {PATH: binaryPath} = options.command ? {} : binaryPathEnv();
		const script = join(dir, 'run.sh');
		writeFileSync(
			script,
			[
				'#!/bin/sh',
				`${binaryPath === undefined ? '' : `PATH=${quote(binaryPath)} `}${argv.map(quote).join(' ')}`,
				'code=$?',
				'echo "docknet exited $code"',
				// -icanon here would mean the program left the terminal in raw mode.
				'if stty -a | grep -q -- "-icanon"; then echo "tty: raw"; else echo "tty: canonical"; fi',
				'exec sleep 86400',
			].join('\n') + '\n',
			{mode: 0o755},
		);
		const env: NodeJS.ProcessEnv = {...childEnv(), ...options.env};
		for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
		delete env.TMUX;
		await run(
			'tmux',
			[
				'-L',
				socket,
				'-f',
				conf,
				'new-session',
				'-d',
				'-s',
				session.target,
				'-x',
				String(options.columns ?? 80),
				'-y',
				String(options.rows ?? 24),
				script,
			],
			{
				env,
				cwd: repoRoot,
			},
		);
		return session;
	}

	private tmux(args: string[]): Promise<{stdout: string}> {
		return run('tmux', ['-L', this.socket, ...args], {maxBuffer: 16 * 1024 * 1024});
	}

	/**
	 * Sends keys: tmux key names ('Enter', 'Tab', 'BTab', 'Down', 'PageDown', 'C-c', 'Escape')
	 * or literal text (sent with -l). Escape always goes on its own followed by a short
	 * pause, or the terminal would read Esc+next key as Alt+key.
	 */
	async sendKeys(...keys: string[]): Promise<void> {
		for (const key of keys) {
			if (key === 'Escape') {
				await this.tmux(['send-keys', '-t', this.target, 'Escape']);
				// Key separation, not a wait for a condition: Ink reads a lone Esc after ~20 ms.
				await new Promise(resolve => setTimeout(resolve, 120));
			} else if (/^([A-Z][A-Za-z]+\d*|[CM]-.|F\d+)$/.test(key)) {
				await this.tmux(['send-keys', '-t', this.target, key]);
			} else {
				await this.tmux(['send-keys', '-t', this.target, '-l', key]);
			}
		}
	}

	/** Types text literally. */
	type(text: string): Promise<void> {
		return this.tmux(['send-keys', '-t', this.target, '-l', text]).then(() => undefined);
	}

	/** The visible screen as text (with -e: with SGR escape sequences, for colours and dimming). */
	async capture(options: {escapes?: boolean} = {}): Promise<string> {
		const {stdout} = await this.tmux(['capture-pane', '-p', ...(options.escapes ? ['-e'] : []), '-t', this.target]);
		return stdout;
	}

	/** Polls the screen until `pattern` shows (or `timeout` ms pass: then throws with the screen). */
	async waitForText(pattern: RegExp | string, timeout = 5000, options: {escapes?: boolean} = {}): Promise<string> {
		const matches = (text: string) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
		const deadline = Date.now() + timeout;
		let screen = '';
		let previous: string | null = null;
		const found = await waitFor(
			async () => {
				screen = await this.capture(options);
				// On a loaded machine a capture can catch a frame half drawn: the pattern is
				// there but the rest of the screen is from the frame before. Return a screen
				// that two polls in a row saw (or, at the deadline, the match as it is).
				const stable = matches(screen) && (screen === previous || Date.now() > deadline);
				previous = matches(screen) ? screen : null;
				return stable ? {screen} : null;
			},
			{timeout, what: () => `${pattern}; screen:\n${screen}`},
		);
		return found.screen;
	}

	/** Polls until `pattern` is gone from the screen. */
	async waitForGone(pattern: RegExp | string, timeout = 5000): Promise<string> {
		let screen = '';
		const found = await waitFor(
			async () => {
				screen = await this.capture();
				return (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) ? null : {screen};
			},
			{timeout, what: () => `${pattern} to go; screen:\n${screen}`},
		);
		return found.screen;
	}

	async resize(columns: number, rows: number): Promise<void> {
		await this.tmux(['resize-window', '-t', this.target, '-x', String(columns), '-y', String(rows)]);
	}

	/** The pane's size as tmux sees it. */
	async size(): Promise<{columns: number; rows: number}> {
		const {stdout} = await this.tmux(['display-message', '-p', '-t', this.target, '#{pane_width} #{pane_height}']);
		const [columns, rows] = stdout.trim().split(' ').map(Number);
		return {columns: columns!, rows: rows!};
	}

	/** PID of docknet (the node process in the pane). */
	async pid(): Promise<number> {
		const {stdout} = await this.tmux(['display-message', '-p', '-t', this.target, '#{pane_pid}']);
		const shell = Number(stdout.trim());
		// The pane runs the wrapper shell; docknet is its child.
		const children = execFileSync('pgrep', ['-P', String(shell)], {encoding: 'utf8'})
			.trim()
			.split('\n')
			.filter(Boolean)
			.map(Number);
		const node = children.find(pid => {
			try {
				return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], {encoding: 'utf8'}).includes('docknet');
			} catch {
				return false;
			}
		});
		if (!node) throw new Error(`docknet is not running in the pane (children of ${shell}: ${children.join(',')})`);
		return node;
	}

	/** The tmux paste buffer (OSC 52 copies land there with set-clipboard on). */
	async pasteBuffer(): Promise<string> {
		const {stdout} = await this.tmux(['show-buffer']).catch(() => ({stdout: ''}));
		return stdout;
	}

	/** Terminal state now: alternate screen, cursor, and once docknet has exited its code and tty mode. */
	async terminalState(): Promise<TerminalState> {
		const {stdout} = await this.tmux(['display-message', '-p', '-t', this.target, '#{alternate_on} #{cursor_flag}']);
		const [alt, cursor] = stdout.trim().split(' ');
		const screen = await this.capture();
		const exit = EXIT_LINE.exec(screen);
		const tty = /tty: (raw|canonical)/.exec(screen);
		return {
			alternateScreen: alt === '1',
			cursorVisible: cursor === '1',
			exited: Boolean(exit),
			exitCode: exit ? Number(exit[1]) : null,
			canonical: tty ? tty[1] === 'canonical' : null,
		};
	}

	/** Waits for docknet to exit, then returns the terminal state. */
	async waitForExit(timeout = 5000): Promise<TerminalState> {
		await this.waitForText(/tty: (raw|canonical)/, timeout);
		return this.terminalState();
	}

	/** Throws unless the terminal is back to normal: main screen, cursor shown, canonical mode. */
	async assertRestored(expectedCode?: number): Promise<TerminalState> {
		const state = await this.waitForExit();
		const problems: string[] = [];
		if (state.alternateScreen) problems.push('still in the alternate screen');
		if (!state.cursorVisible) problems.push('cursor hidden');
		if (state.canonical === false) problems.push('terminal left in raw mode');
		if (expectedCode !== undefined && state.exitCode !== expectedCode)
			problems.push(`exit code ${state.exitCode}, expected ${expectedCode}`);
		if (problems.length) throw new Error(`terminal not restored: ${problems.join(', ')}\n${await this.capture()}`);
		return state;
	}

	async kill(): Promise<void> {
		if (this.killed) return;
		this.killed = true;
		await this.tmux(['kill-server']).catch(() => {});
		rmSync(this.dir, {recursive: true, force: true});
	}
}

/** The environment of an interactive user on a UTF-8 terminal (CI set: docknet must stay interactive). */
export const UTF8_ENV = {LANG: 'C.UTF-8', CI: 'true', NO_COLOR: undefined, LC_ALL: undefined, LC_CTYPE: undefined};

/** Starts docknet in tmux with UTF8_ENV (plus options.env), records it in `sessions`
 * for clean-up, and waits for the connected first frame. */
export async function openExplorer(sessions: TmuxSession[], options: Parameters<typeof TmuxSession.start>[0] = {}): Promise<TmuxSession> {
	const session = await TmuxSession.start({...options, env: {...UTF8_ENV, ...options.env}});
	sessions.push(session);
	await session.waitForText(/● connected/, 10000);
	return session;
}
