// A real terminal for the benchmarks: a private tmux server (its own -L socket), one
// 120x40 pane, driven through a tmux *control mode* client. Control mode streams a
// `%output` notification the moment the pane writes anything, so frame times are
// taken when the bytes reach the terminal, not at the next poll; `capture-pane`
// (sent over the same client, no process spawn) then checks what the screen shows.
import {spawn, spawnSync, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {sleep} from './stats.js';

export const now = (): number => performance.now();

let instances = 0;

type Pending = {resolve: (lines: string[]) => void; reject: (error: Error) => void; done?: (outputAt: number) => void};

export type TmuxOptions = {cols?: number; rows?: number};

/** Strips SGR and other CSI escapes (for matching text in a `capture-pane -e` screen). */
export const plain = (screen: string): string => screen.replace(/\x1b\[[0-9;:?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][0-9A-Za-z]/g, '');

export class Tmux {
	readonly socketName = `docknet-bench-${process.pid}-${++instances}`;
	readonly target = 'bench:0.0';
	/** Time (performance.now) and count of the pane's latest output. */
	lastOutputAt = 0;
	outputCount = 0;
	private client: ChildProcessWithoutNullStreams | null = null;
	private buffer = '';
	private readonly queue: Pending[] = [];
	private block: {lines: string[]; ours: boolean} | null = null;
	private paneId = '';
	private readonly outputWaiters = new Set<() => void>();
	private readonly dir = mkdtempSync(join(tmpdir(), 'docknet-bench-tmux-'));
	private readonly launcher = join(this.dir, 'launch.sh');

	private constructor(
		readonly cols: number,
		readonly rows: number,
	) {}

	static async start(options: TmuxOptions = {}): Promise<Tmux> {
		const tmux = new Tmux(options.cols ?? 120, options.rows ?? 40);
		await tmux.boot();
		return tmux;
	}

	private tmuxSync(args: string[]): string {
		const out = spawnSync('tmux', ['-L', this.socketName, ...args], {encoding: 'utf8'});
		if (out.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${out.stderr.trim()}`);
		return out.stdout;
	}

	private async boot(): Promise<void> {
		// -f /dev/null: no user config. A pane of exactly cols x rows: no status line,
		// window size fixed so the control client does not resize it.
		this.tmuxSync(['-f', '/dev/null', 'new-session', '-d', '-s', 'bench', '-x', String(this.cols), '-y', String(this.rows), 'sleep 86400']);
		this.tmuxSync(['set', '-g', 'status', 'off']);
		this.tmuxSync(['set', '-g', 'window-size', 'manual']);
		this.tmuxSync(['set', '-g', 'remain-on-exit', 'on']);
		this.tmuxSync(['set', '-g', 'history-limit', '5000']);
		this.tmuxSync(['set', '-g', 'default-terminal', 'tmux-256color']);
		this.tmuxSync(['resize-window', '-t', 'bench', '-x', String(this.cols), '-y', String(this.rows)]);
		this.paneId = this.tmuxSync(['display', '-p', '-t', this.target, '#{pane_id}']).trim();
		const client = spawn('tmux', ['-L', this.socketName, '-C', 'attach', '-t', 'bench'], {stdio: ['pipe', 'pipe', 'pipe']});
		this.client = client;
		client.stdout.setEncoding('utf8');
		client.stdout.on('data', (chunk: string) => this.onData(chunk));
		let stderr = '';
		client.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		client.on('exit', (code, signal) => {
			const why = `tmux control client exited (${signal ?? `code ${code}`})${stderr.trim() ? `: ${stderr.trim()}` : ''}; last lines: ${this.recent.join(' | ')}`;
			for (const p of this.queue.splice(0)) p.reject(new Error(why));
		});
		// A first round trip proves the client is attached.
		await this.command('display -p "#{window_width}x#{window_height}"');
	}

	private onData(chunk: string): void {
		const at = now();
		this.buffer += chunk;
		let newline: number;
		while ((newline = this.buffer.indexOf('\n')) >= 0) {
			const line = this.buffer.slice(0, newline).replace(/\r$/, '');
			this.buffer = this.buffer.slice(newline + 1);
			this.onLine(line, at);
		}
	}

	/** The last few protocol lines, for error messages. */
	private readonly recent: string[] = [];

	private onLine(line: string, at: number): void {
		if (!line.startsWith('%output ')) {
			this.recent.push(line.slice(0, 200));
			if (this.recent.length > 6) this.recent.shift();
		}
		if (this.block) {
			if (line.startsWith('%end ') || line.startsWith('%error ')) {
				const {lines, ours} = this.block;
				this.block = null;
				if (ours) {
					const pending = this.queue.shift();
					if (line.startsWith('%error ')) pending?.reject(new Error(`tmux: ${lines.join(' ')}`));
					else {
						// Output notifications arrive in stream order: everything the reply
						// reflects was announced before its %end.
						pending?.done?.(this.lastOutputAt);
						pending?.resolve(lines);
					}
				}
				return;
			}
			this.block.lines.push(line);
			return;
		}
		if (line.startsWith('%begin ')) {
			// The third field is 1 for commands this client sent.
			this.block = {lines: [], ours: line.trim().split(' ')[3] === '1'};
			return;
		}
		if (line.startsWith('%output ')) {
			const pane = line.slice(8, line.indexOf(' ', 8));
			if (pane === this.paneId) {
				this.lastOutputAt = at;
				this.outputCount++;
				for (const wake of [...this.outputWaiters]) wake();
			}
		}
	}

	/** Sends one tmux command over the control client; resolves with its output lines. */
	command(text: string, done?: (outputAt: number) => void): Promise<string[]> {
		if (!this.client) return Promise.reject(new Error('tmux is not running'));
		return new Promise((resolve, reject) => {
			this.queue.push({resolve, reject, ...(done ? {done} : {})});
			this.client!.stdin.write(text.replace(/\n/g, ' ') + '\n');
		});
	}

	/** Starts `argv` in the pane (replacing whatever ran there) with exactly `env`. */
	async run(argv: string[], env: Record<string, string>): Promise<number> {
		await this.command(`clear-history -t ${this.target}`);
		// The command goes through a launcher file so that only a plain path passes
		// tmux's command parser. exec env -i: a clean, reproducible environment, and the
		// pane's pid is the program's own.
		const envArgs = Object.entries(env).map(([k, v]) => quote(`${k}=${v}`));
		writeFileSync(this.launcher, `exec env -i ${envArgs.join(' ')} ${argv.map(quote).join(' ')}\n`);
		const started = now();
		await this.command(`respawn-pane -k -t ${this.target} "exec sh ${this.launcher}"`);
		return started;
	}

	async capture(history = false): Promise<string> {
		return (await this.captureTimed(history)).screen;
	}

	/** The screen and the time of the latest pane output it reflects. */
	async captureTimed(history = false): Promise<{screen: string; outputAt: number}> {
		let outputAt = 0;
		const lines = await this.command(`capture-pane -p -e -t ${this.target}${history ? ' -S -' : ''}`, at => (outputAt = at));
		return {screen: lines.join('\n'), outputAt};
	}

	async panePid(): Promise<number> {
		return Number((await this.command(`display -p -t ${this.target} "#{pane_pid}"`))[0]);
	}

	async paneDead(): Promise<boolean> {
		return (await this.command(`display -p -t ${this.target} "#{pane_dead}"`))[0] === '1';
	}

	/** Keys as tmux names them (j, Down, Escape, C-c…). */
	async sendKeys(...keys: string[]): Promise<void> {
		await this.command(`send-keys -t ${this.target} ${keys.map(quote).join(' ')}`);
	}

	/** Resolves at the next pane output, or after `timeoutMs`. */
	nextOutput(timeoutMs: number): Promise<boolean> {
		return new Promise(resolve => {
			const wake = () => {
				clearTimeout(timer);
				this.outputWaiters.delete(wake);
				resolve(true);
			};
			const timer = setTimeout(() => {
				this.outputWaiters.delete(wake);
				resolve(false);
			}, timeoutMs);
			this.outputWaiters.add(wake);
		});
	}

	/**
	 * Waits until the screen satisfies `check`. Returns the time of the pane output that
	 * produced the matching screen (or of the check, if the screen already matched), or
	 * null on timeout. Screens are captured after each burst of output.
	 */
	async waitForScreen(
		check: (screen: string) => boolean,
		options: {timeoutMs: number; after?: number; history?: boolean},
	): Promise<{at: number; screen: string} | null> {
		const deadline = now() + options.timeoutMs;
		for (;;) {
			const {screen, outputAt} = await this.captureTimed(options.history);
			if (check(screen)) {
				const at = outputAt > (options.after ?? -Infinity) ? outputAt : now();
				return {at, screen};
			}
			const left = deadline - now();
			if (left <= 0) return null;
			// Re-check at the next output, and at least every 250 ms.
			if (this.lastOutputAt === outputAt) await this.nextOutput(Math.min(250, left));
		}
	}

	/** Waits until the pane has been silent for `quietMs` (bounded). */
	async settle(quietMs: number, timeoutMs = 5000): Promise<void> {
		const deadline = now() + timeoutMs;
		while (now() < deadline) {
			const since = now() - this.lastOutputAt;
			if (since >= quietMs) return;
			await sleep(quietMs - since);
		}
	}

	async close(): Promise<void> {
		try {
			this.client?.stdin.end();
		} catch {
			// The client already exited; killing the server below is what matters.
		}
		spawnSync('tmux', ['-L', this.socketName, 'kill-server']);
		this.client = null;
		rmSync(this.dir, {recursive: true, force: true});
	}
}

/** Single-quotes a word for sh. */
export function quote(word: string): string {
	return /^[A-Za-z0-9_\-./:=,@%+]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
