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
import {TransportError, classifySshExit} from './transport-errors.js';

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
		for (const dir of controlDirs) rmSync(dir, {recursive: true, force: true});
	});
}

/** Private directories holding ControlMaster sockets, removed on exit. */
const controlDirs = new Set<string>();

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
			this.received = true;
			if (!this.push(chunk)) stdout!.pause();
		});
		stderr!.on('data', (chunk: Buffer) => {
			if (this.stderr.length < STDERR_LIMIT) this.stderr += chunk.toString('utf8');
		});
		// EPIPE when ssh died first: the exit below says why.
		stdin!.on('error', () => {});
		child.once('error', (error: NodeJS.ErrnoException) => {
			const message =
				error.code === 'ENOENT' ? `ssh to ${where}: the ssh client "${command}" is not installed (apt-get install openssh-client)` : `ssh to ${where}: ${error.message}`;
			this.destroy(new TransportError('SSH_FAILED', message));
		});
		child.once('close', (code, signal) => {
			if (this.destroyed) return;
			if (this.garbage?.length) {
				const said = this.garbage.toString('utf8').trim().split(/\r?\n/)[0]!.slice(0, 200);
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

type Master = {child: ChildProcess; ready: Promise<void>};

export class SshDialer {
	readonly where: string;
	private readonly command: string;
	private readonly target: SshTarget;
	private readonly options: SshOptions;
	private readonly env: NodeJS.ProcessEnv;
	private readonly streams = new Set<SshStream>();
	private pooled: Http.Agent | null = null;
	private closed = false;
	private master: Master | null = null;
	private controlPath: string | null = null;

	constructor(target: SshTarget, where: string, options: SshOptions = {}) {
		this.where = where;
		const env = options.env ?? process.env;
		this.command = options.ssh ?? (env.DOCKNET_SSH || 'ssh');
		this.target = target;
		this.options = options;
		this.env = env;
	}

	/**
	 * The shared connection: an ssh ControlMaster whose own session is a `docker system
	 * dial-stdio` we never write to. Its stdin is our pipe, so if docknet dies by any
	 * means (even SIGKILL) the session ends and the master exits once its multiplexed
	 * sessions, which die with us too, are gone. Resolves once its socket exists;
	 * rejects with the classified reason when it exits before that.
	 */
	private ensureMaster(): Promise<void> {
		const current = this.master;
		if (current && current.child.exitCode === null && current.child.signalCode === null) return current.ready;
		if (!this.controlPath) {
			const dir = mkdtempSync(join(tmpdir(), 'docknet-ssh-'));
			controlDirs.add(dir);
			this.controlPath = join(dir, 'cm');
		}
		const path = this.controlPath;
		rmSync(path, {force: true});
		const {spawn} = require('node:child_process') as typeof import('node:child_process');
		const args = sshArgs(this.target, this.options, ['-o', 'ControlMaster=yes', '-o', `ControlPath=${path}`, '-o', 'ControlPersist=no']);
		const child = spawn(this.command, args, {stdio: ['pipe', 'pipe', 'pipe'], env: this.env});
		track(child);
		child.stdin!.on('error', () => {});
		// dial-stdio says nothing until asked: anything here is a login shell's chatter.
		let stdout = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			if (stdout.length < 4096) stdout += chunk.toString('utf8');
		});
		let stderr = '';
		child.stderr!.on('data', (chunk: Buffer) => {
			if (stderr.length < STDERR_LIMIT) stderr += chunk.toString('utf8');
		});
		const ready = new Promise<void>((resolve, reject) => {
			let settled = false;
			const poll = setInterval(() => {
				if (!existsSync(path)) return;
				settled = true;
				clearInterval(poll);
				resolve();
			}, 5);
			child.once('error', (error: NodeJS.ErrnoException) => {
				clearInterval(poll);
				const message =
					error.code === 'ENOENT'
						? `ssh to ${this.where}: the ssh client "${this.command}" is not installed (apt-get install openssh-client)`
						: `ssh to ${this.where}: ${error.message}`;
				if (!settled) reject(new TransportError('SSH_FAILED', message));
			});
			child.once('close', (code, signal) => {
				clearInterval(poll);
				if (settled) return;
				const said = stdout.trim().split(/\r?\n/)[0]?.slice(0, 200);
				if (said && code !== 255) {
					const message = `ssh to ${this.where} works, but the remote account did not run \`docker system dial-stdio\`; it printed: ${said}`;
					return reject(new TransportError('SSH_DIAL_FAILED', message));
				}
				const failure = classifySshExit(this.where, code, signal, stderr);
				reject(new TransportError(failure.code, failure.message));
			});
		});
		ready.catch(() => {});
		this.master = {child, ready};
		// The master must not keep an idle CLI run alive; the explorer keeps itself alive.
		refHandles(child, false);
		return ready;
	}

	/** A new ssh child speaking to the remote engine. */
	connect(): Duplex {
		if (this.closed) {
			const dead = new Duplex({read() {}});
			queueMicrotask(() => dead.destroy(new TransportError('SSH_FAILED', `ssh to ${this.where}: the connection was closed`)));
			return dead;
		}
		const ready = this.ensureMaster();
		// ControlMaster=no: use the shared connection when its socket is there, else connect
		// on our own (the user's own ControlMaster settings are overridden either way).
		const args = sshArgs(this.target, this.options, ['-o', 'ControlMaster=no', '-o', `ControlPath=${this.controlPath}`]);
		const stream = new SshStream(this.command, args, this.env, this.where, ready);
		this.streams.add(stream);
		stream.once('close', () => this.streams.delete(stream));
		return stream;
	}

	/** The keep-alive pool for requests (reads, writes, exec): at most two ssh children. */
	agent(): Http.Agent {
		if (this.pooled) return this.pooled;
		const {Agent} = require('node:http') as typeof Http;
		const dialer = this;
		class SshAgent extends Agent {
			override createConnection(): Duplex {
				return dialer.connect();
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
		this.master?.child.kill('SIGTERM');
		if (this.controlPath) {
			const dir = join(this.controlPath, '..');
			rmSync(dir, {recursive: true, force: true});
			controlDirs.delete(dir);
		}
	}
}
