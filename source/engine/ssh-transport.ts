// ssh:// the way the docker CLI does it: the system `ssh` client runs
// `docker system dial-stdio` on the remote host, and HTTP flows over the child's
// stdin/stdout. So ~/.ssh/config (HostName, Port, User, IdentityFile, ProxyJump,
// ControlMaster), ssh-agent, known_hosts and hardware keys behave exactly as for
// `docker -H ssh://…`. Each HTTP connection is one ssh child; the pooled agent keeps
// them alive and reuses them, so a run needs one for reads and writes, one for the
// event stream, and one per running exec. Every child is killed when the connection
// is dropped, when the dialer is closed, and when the process exits.
import type {ChildProcess} from 'node:child_process';
import type * as Http from 'node:http';
import {createRequire} from 'node:module';
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

/** The argv after the binary: `-o ConnectTimeout=… -T [-l user] [-p port] -- host docker system dial-stdio`. */
export function sshArgs(target: SshTarget, options: SshOptions = {}): string[] {
	const args = ['-o', `ConnectTimeout=${options.connectTimeout ?? 30}`, '-T'];
	if (options.batchMode) args.push('-o', 'BatchMode=yes');
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
	});
}

/** How many ssh children are alive now (tests and the debug view). */
export const liveSshChildren = (): number => live.size;

const STDERR_LIMIT = 16 * 1024;

/** One ssh child as a socket-like duplex for node:http. */
class SshStream extends Duplex {
	private readonly child: ChildProcess;
	private received = false;
	private stderr = '';
	/** What came before the first "HTTP/": a login shell's chatter instead of dial-stdio. */
	private garbage: Buffer | null = Buffer.alloc(0);

	constructor(command: string, args: string[], env: NodeJS.ProcessEnv, where: string) {
		super({allowHalfOpen: false});
		const {spawn} = require('node:child_process') as typeof import('node:child_process');
		this.child = spawn(command, args, {stdio: ['pipe', 'pipe', 'pipe'], env});
		track(this.child);
		const {stdin, stdout, stderr} = this.child;
		stdout!.on('data', (chunk: Buffer) => {
			if (this.garbage) {
				// Until the reply starts with "HTTP/", hold it back: if the remote account's
				// shell printed something else (nologin, a .bashrc echo), say so at exit.
				const seen = Buffer.concat([this.garbage, chunk]);
				if (seen.length < 5) return void (this.garbage = seen);
				if (!seen.subarray(0, 5).equals(Buffer.from('HTTP/'))) {
					this.garbage = seen.subarray(0, 4096);
					if (seen.length >= 4096 || seen.includes(10)) this.child.stdin?.end();
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
		this.child.once('error', (error: NodeJS.ErrnoException) => {
			const message =
				error.code === 'ENOENT' ? `ssh to ${where}: the ssh client "${command}" is not installed (apt-get install openssh-client)` : `ssh to ${where}: ${error.message}`;
			this.destroy(new TransportError('SSH_FAILED', message));
		});
		this.child.once('close', (code, signal) => {
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
		this.child.stdout?.resume();
	}

	override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		const stdin = this.child.stdin;
		if (!stdin || stdin.destroyed) return callback();
		stdin.write(chunk, () => callback());
	}

	override _final(callback: (error?: Error | null) => void): void {
		this.child.stdin?.end();
		callback();
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
		this.child.stdin?.destroy();
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
		this.child.unref();
		for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as {_handle?: {unref?: () => void}})?._handle?.unref?.();
		return this;
	}
	ref(): this {
		this.child.ref();
		for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as {_handle?: {ref?: () => void}})?._handle?.ref?.();
		return this;
	}
}

export class SshDialer {
	readonly where: string;
	private readonly command: string;
	private readonly args: string[];
	private readonly env: NodeJS.ProcessEnv;
	private readonly streams = new Set<SshStream>();
	private pooled: Http.Agent | null = null;
	private closed = false;

	constructor(target: SshTarget, where: string, options: SshOptions = {}) {
		this.where = where;
		const env = options.env ?? process.env;
		this.command = options.ssh ?? (env.DOCKNET_SSH || 'ssh');
		this.args = sshArgs(target, options);
		this.env = env;
	}

	/** A new ssh child speaking to the remote engine. */
	connect(): Duplex {
		if (this.closed) {
			const dead = new Duplex({read() {}});
			queueMicrotask(() => dead.destroy(new TransportError('SSH_FAILED', `ssh to ${this.where}: the connection was closed`)));
			return dead;
		}
		const stream = new SshStream(this.command, this.args, this.env, this.where);
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
		this.pooled = new SshAgent({keepAlive: true, maxSockets: 2, maxFreeSockets: 2});
		return this.pooled;
	}

	/** Ends every ssh child of this dialer (switching engines, shutting down). */
	close(): void {
		this.closed = true;
		this.pooled?.destroy();
		for (const stream of this.streams) stream.destroy();
	}
}
