// ssh:// the way the docker CLI does it: the system `ssh` client runs
// `docker system dial-stdio` on the remote host, and HTTP flows over the child's
// stdin/stdout. So ~/.ssh/config (HostName, Port, User, IdentityFile, ProxyJump,
// ControlMaster), ssh-agent, known_hosts and hardware keys behave exactly as for
// `docker -H ssh://…`. Each HTTP connection is one ssh child; the pooled agent keeps
// them alive and reuses them (one or two for reads and writes, one for the event
// stream, one per running exec). Only the first ssh does the key exchange and
// authentication: it is a ControlMaster on a socket in a private directory, and every
// HTTP connection after it is a cheap session multiplexed over it (a key exchange costs
// ~100 ms of CPU, seconds on a loaded machine; with a hardware key, a touch each).
// Every child is killed when its connection is dropped, when the dialer is closed,
// and when the process exits.
import type {ChildProcess} from 'node:child_process';
import type * as Http from 'node:http';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Duplex} from 'node:stream';
import {TransportError, classifySshExit, cleanRemoteText} from './transport-errors.js';

const require = createRequire(import.meta.url);

export type SshTarget = {host: string; port?: number | undefined; username?: string | undefined};

export type SshOptions = {
	/** Never prompt (passphrase, unknown host key): the explorer owns the terminal. */
	batchMode?: boolean;
	/** Seconds for ssh's ConnectTimeout (the docker CLI uses 30). */
	connectTimeout?: number;
	/** The ssh binary (DOCKNET_SSH, default `ssh` on the PATH). */
	ssh?: string;
	env?: NodeJS.ProcessEnv;
};

/** The argv after the binary: `-o ConnectTimeout=… -T [-l user] [-p port] -- host docker system dial-stdio`
 * (`mux`: extra -o options placed before the destination, for the shared connection). */
export function sshArgs(target: SshTarget, options: SshOptions = {}, mux: string[] = []): string[] {
	const args = ['-o', `ConnectTimeout=${options.connectTimeout ?? 30}`, '-T'];
	if (options.batchMode) args.push('-o', 'BatchMode=yes');
	args.push(...mux);
	if (target.username) args.push('-l', target.username);
	if (target.port) args.push('-p', String(target.port));
	args.push('--', target.host, 'docker', 'system', 'dial-stdio');
	return args;
}

/** Every live ssh child of this process, killed on exit whatever the way out. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
	live.add(child);
	child.once('close', () => live.delete(child));
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const c of live) c.kill('SIGTERM');
		for (const [dir, exitMaster] of controlDirs) {
			exitMaster();
			rmSync(dir, {recursive: true, force: true});
		}
	});
}

/** Private directories holding ControlMaster sockets, with how to end their master: done on exit. */
const controlDirs = new Map<string, () => void>();

/** How many ssh children are alive now (tests and the debug view). */
export const liveSshChildren = (): number => live.size;

const STDERR_LIMIT = 16 * 1024;

/** One ssh child as a socket-like duplex for node:http. */
class SshStream extends Duplex {
	private child: ChildProcess | null = null;
	private received = false;
	private stderr = '';
	/** What came before the first "HTTP/": a login shell's chatter instead of dial-stdio. */
	private garbage: Buffer | null = Buffer.alloc(0);
	/** Writes made before the child exists (it waits for the shared connection). */
	private pending: Array<() => void> = [];
	private unrefd = false;

	/** `when`: the child starts once it resolves (the ControlMaster is up); a rejection is the error. */
	constructor(command: string, args: string[], env: NodeJS.ProcessEnv, where: string, when: Promise<void>) {
		super({allowHalfOpen: false});
		when.then(
			() => {
				if (this.destroyed) return;
				this.start(command, args, env, where);
				for (const run of this.pending.splice(0)) run();
			},
			(error: Error) => this.destroy(error),
		);
	}

	private start(command: string, args: string[], env: NodeJS.ProcessEnv, where: string): void {
		const {spawn} = require('node:child_process') as typeof import('node:child_process');
		const child = spawn(command, args, {stdio: ['pipe', 'pipe', 'pipe'], env});
		this.child = child;
		track(child);
		if (this.unrefd) this.unref();
		const {stdin, stdout, stderr} = child;
		stdout!.on('data', (chunk: Buffer) => {
			if (this.garbage) {
				// Until the reply starts with "HTTP/", hold it back: if the remote account's
				// shell printed something else (nologin, a .bashrc echo), say so at exit.
				const seen = Buffer.concat([this.garbage, chunk]);
				if (seen.length < 5) return void (this.garbage = seen);
				if (!seen.subarray(0, 5).equals(Buffer.from('HTTP/'))) {
					this.garbage = seen.subarray(0, 4096);
					if (seen.length >= 4096 || seen.includes(10)) child.stdin?.end();
					return;
				}
				chunk = seen;
				this.garbage = null;
			}
			if (!this.received) {
				this.received = true;
				this.emit('answered');
			}
			if (!this.push(chunk)) stdout!.pause();
		});
		stderr!.on('data', (chunk: Buffer) => {
			if (this.stderr.length < STDERR_LIMIT) this.stderr += chunk.toString('utf8');
		});
		// EPIPE when ssh died first: the exit below says why.
		stdin!.on('error', () => {});
		child.once('error', (error: NodeJS.ErrnoException) => {
			const message =
				error.code === 'ENOENT'
					? `ssh to ${where}: the ssh client "${command}" is not installed (apt-get install openssh-client)`
					: `ssh to ${where}: ${error.message}`;
			this.destroy(new TransportError('SSH_FAILED', message));
		});
		child.once('close', (code, signal) => {
			if (this.destroyed) return;
			if (this.garbage?.length) {
				const said = cleanRemoteText(this.garbage.toString('utf8').trim().split(/\r?\n/)[0]!);
				const message = `ssh to ${where} works, but the remote account did not run \`docker system dial-stdio\`; it printed: ${said}`;
				return void this.destroy(new TransportError('SSH_DIAL_FAILED', message));
			}
			// Killed by us, or a clean end after the engine spoke: the HTTP layer sees EOF.
			if (code === 0 || (this.received && code !== 255)) return void this.push(null);
			const failure = classifySshExit(where, code, signal, this.stderr);
			this.destroy(new TransportError(failure.code, failure.message));
		});
	}

	override _read(): void {
		this.child?.stdout?.resume();
	}

	override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		if (!this.child) return void this.pending.push(() => this._write(chunk, _encoding, callback));
		const stdin = this.child.stdin;
		if (!stdin || stdin.destroyed) return callback();
		stdin.write(chunk, () => callback());
	}

	override _final(callback: (error?: Error | null) => void): void {
		if (!this.child) return void this.pending.push(() => this._final(callback));
		this.child.stdin?.end();
		callback();
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		const child = this.child;
		if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		child?.stdin?.destroy();
		this.pending = [];
		callback(error);
	}

	// What node:http and its Agent call on a net.Socket.
	setKeepAlive(): this {
		return this;
	}
	setNoDelay(): this {
		return this;
	}
	setTimeout(): this {
		return this;
	}
	/** An idle pooled connection must not hold the process open. */
	unref(): this {
		this.unrefd = true;
		if (this.child) refHandles(this.child, false);
		return this;
	}
	ref(): this {
		this.unrefd = false;
		if (this.child) refHandles(this.child, true);
		return this;
	}
}

function refHandles(child: ChildProcess, ref: boolean): void {
	if (ref) child.ref();
	else child.unref();
	for (const s of [child.stdin, child.stdout, child.stderr]) {
		const handle = (s as unknown as {_handle?: {ref?: () => void; unref?: () => void}} | null)?._handle;
		if (ref) handle?.ref?.();
		else handle?.unref?.();
	}
}

/** Seconds the shared connection outlives its last session (so a SIGKILLed docknet leaves nothing for long). */
const CONTROL_PERSIST = 10;

export class SshDialer {
	readonly where: string;
	private readonly command: string;
	private readonly target: SshTarget;
	private readonly options: SshOptions;
	private readonly env: NodeJS.ProcessEnv;
	private readonly streams = new Set<SshStream>();
	private pooled: Http.Agent | null = null;
	private closed = false;
	private controlPath: string | null = null;
	/** The connection logging in for the others: settles when its shared socket exists or it ended. */
	private leader: {done: boolean; promise: Promise<void>} | null = null;

	constructor(target: SshTarget, where: string, options: SshOptions = {}) {
		this.where = where;
		const env = options.env ?? process.env;
		this.command = options.ssh ?? (env.DOCKNET_SSH || 'ssh');
		this.target = target;
		this.options = options;
		this.env = env;
	}

	/**
	 * The first connection authenticates and becomes the ControlMaster (ControlPersist
	 * puts the master in the background and keeps our child a plain session); the
	 * connections made while it logs in wait for its socket, then are sessions over it.
	 * If the master is gone (link dropped), `auto` makes the next connection the master.
	 */
	private sharedArgs(): string[] {
		if (!this.controlPath) {
			const dir = mkdtempSync(join(tmpdir(), 'docknet-ssh-'));
			controlDirs.set(dir, () => this.exitMaster(true));
			this.controlPath = join(dir, 'cm');
		}
		return sshArgs(this.target, this.options, [
			'-o',
			'ControlMaster=auto',
			'-o',
			`ControlPath=${this.controlPath}`,
			'-o',
			`ControlPersist=${CONTROL_PERSIST}`,
		]);
	}

	/** Ends the background master now (it would linger CONTROL_PERSIST seconds). */
	private exitMaster(sync: boolean): void {
		if (!this.controlPath || !existsSync(this.controlPath)) return;
		const {spawn, spawnSync} = require('node:child_process') as typeof import('node:child_process');
		const args = ['-O', 'exit', '-o', `ControlPath=${this.controlPath}`, '--', this.target.host];
		if (sync) spawnSync(this.command, args, {stdio: 'ignore', env: this.env, timeout: 1000});
		else spawn(this.command, args, {stdio: 'ignore', env: this.env}).on('error', () => {});
	}

	/** A new ssh child speaking to the remote engine. */
	connect(): Duplex {
		if (this.closed) {
			const dead = new Duplex({read() {}});
			queueMicrotask(() => dead.destroy(new TransportError('SSH_FAILED', `ssh to ${this.where}: the connection was closed`)));
			return dead;
		}
		const args = this.sharedArgs();
		const path = this.controlPath!;
		const leading = this.leader && !this.leader.done;
		const shared = !leading && existsSync(path);
		// While the first connection logs in and its remote `docker system dial-stdio`
		// starts, the others wait: for the shared socket, and so that a second remote
		// docker CLI does not start alongside the first and slow down its first answer.
		const waiting = leading ? this.leader!.promise : Promise.resolve();
		const stream = new SshStream(this.command, args, this.env, this.where, waiting);
		if (!leading && !shared) {
			// This one leads (first connection, or the master is gone): done when the engine
			// answered through it or it ended (then the next connection leads again).
			const leader = {done: false, promise: Promise.resolve()};
			leader.promise = new Promise<void>(resolve => {
				const finish = () => {
					leader.done = true;
					resolve();
				};
				stream.once('answered', finish);
				stream.once('close', finish);
			});
			this.leader = leader;
		}
		this.streams.add(stream);
		stream.once('close', () => this.streams.delete(stream));
		return stream;
	}

	/** The keep-alive pool for requests (reads, writes, exec): at most two ssh children. */
	agent(): Http.Agent {
		if (this.pooled) return this.pooled;
		const {Agent} = require('node:http') as typeof Http;
		const connect = (): Duplex => this.connect();
		class SshAgent extends Agent {
			override createConnection(): Duplex {
				return connect();
			}
		}
		// Agent's typings omit createConnection on the prototype; the subclass is what node:http calls.
		this.pooled = new SshAgent({keepAlive: true, maxSockets: 1, maxFreeSockets: 1});
		return this.pooled;
	}

	/** Ends every ssh child of this dialer (switching engines, shutting down). */
	close(): void {
		this.closed = true;
		this.pooled?.destroy();
		for (const stream of this.streams) stream.destroy();
		this.exitMaster(false);
		if (this.controlPath) {
			const dir = join(this.controlPath, '..');
			controlDirs.delete(dir);
			// After the exit request has been read: ssh -O exit connects to the socket.
			setTimeout(() => rmSync(dir, {recursive: true, force: true}), 1000).unref();
		}
	}
}
