// The only file that imports dockerode: implements EnginePort over the Engine API.
// dockerode (with docker-modem, ~25 ms to load) is imported on the first call that needs
// it — execs and writes; the reads and the event stream go straight through
// node:http(s) (json-get.ts), so `ls`, `inspect` and the explorer's first frame never
// load it. ssh:// engines go through the system ssh client (ssh-transport.ts): both
// paths share its keep-alive pool, so docker-modem's own ssh2 code is never used.
import {PassThrough} from 'node:stream';
import {readFileSync} from 'node:fs';
import type Docker from 'dockerode';
import {ConnectionError, type Connection} from './connection.js';
import {DIAL_PLACEHOLDER, ENGINE_TIMEOUT, JsonGetter, type Route} from './json-get.js';
import {pipelinedGet, type Answer, type RawTarget} from './pipelined-get.js';
import {SshDialer, type SshOptions} from './ssh-transport.js';
import {briefOf, classifyTlsError, isTransportCode} from './transport-errors.js';
import {
	EngineError,
	type EngineErrorKind,
	type EngineInfo,
	type EnginePort,
	type EventSubscription,
	type ExecResult,
	type ExecSpec,
	type ExecState,
	type HelperContainerSpec,
	type NetworkCreateSpec,
	type ConnectSpec,
	type RawContainerInspect,
	type RawContainerSummary,
	type RawEvent,
	type RawNetwork,
} from './port.js';

type DockerodeError = Error & {statusCode?: number; json?: {message?: string} | null; code?: string; reason?: string};

const CONNECTION_CODES = new Set([
	'ENOENT',
	'ECONNREFUSED',
	'ECONNRESET',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ETIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
]);

/** An ssh/TLS failure: the message is the cause (the status line names the engine);
 * `transportLine` is the whole one-line explanation for the CLI. */
function transportError(code: string, line: string): EngineError {
	return Object.assign(new EngineError('unreachable', briefOf(line)), {transportCode: code, transportLine: line});
}

/** Turns a dockerode/docker-modem error into an EngineError with the engine's own message. */
export function toEngineError(error: unknown, where = ''): EngineError {
	if (error instanceof EngineError) return error;
	const e = error as DockerodeError;
	// ssh and TLS failures: the code says which, the message is the whole line.
	if (isTransportCode(e?.code)) return transportError(e.code, e.message);
	if (e?.code === ENGINE_TIMEOUT)
		return transportError(
			ENGINE_TIMEOUT,
			`the engine${where ? ` at ${where}` : ''} stopped answering: ${e.message} (is dockerd stopped or overloaded? DOCKNET_TIMEOUT=SECONDS waits longer)`,
		);
	const tls = where ? classifyTlsError(where, e) : null;
	if (tls) return transportError(tls.code, tls.message);
	if (e?.code === 'EACCES' || e?.code === 'EPERM') return new EngineError('permission', e.message);
	if (e?.code && CONNECTION_CODES.has(e.code)) return new EngineError('unreachable', `${e.code}: ${e.message}`);
	const status = e?.statusCode;
	const message =
		(typeof e?.json === 'object' && e?.json?.message) ||
		(typeof e?.json === 'string' ? e.json : '') ||
		String(e?.message ?? error)
			.replace(/^\(HTTP code \d+\) [a-z ]+ - /, '')
			.trim();
	let kind: EngineErrorKind = 'server';
	if (status === 404) kind = 'not-found';
	else if (status === 409) kind = 'conflict';
	else if (status === 403) kind = /already exists/.test(message) ? 'conflict' : 'forbidden';
	else if (status === 400) kind = 'invalid';
	else if (status === undefined) kind = 'unreachable';
	return new EngineError(kind, String(message).trim(), status);
}

async function call<T>(promise: Promise<T>, where: string): Promise<T> {
	try {
		return await promise;
	} catch (error) {
		throw toEngineError(error, where);
	}
}

/** Reads a TLS file now, so a missing or unreadable one is one clear line up front. */
function readTls(path: string | undefined, what: string): Buffer | undefined {
	if (!path) return undefined;
	try {
		return readFileSync(path);
	} catch (error) {
		throw new ConnectionError(`cannot read the TLS ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
}

const abortError = (): Error => Object.assign(new Error('cancelled'), {name: 'AbortError'});

/** The call's result, or null as soon as `signal` aborts (the call itself is left to finish). */
async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, late?: (value: T) => void): Promise<T | null> {
	if (!signal) return promise;
	const abandon = () =>
		void promise.then(
			value => late?.(value),
			() => {},
		);
	if (signal.aborted) {
		abandon();
		return null;
	}
	let onAbort!: () => void;
	const aborted = new Promise<null>(resolve => {
		onAbort = () => resolve(null);
		signal.addEventListener('abort', onAbort, {once: true});
	});
	promise.catch(() => {});
	try {
		const result = await Promise.race([promise, aborted]);
		if (result === null) abandon();
		return result;
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

/** The environment variables docker-modem reads in its constructor, over our explicit options. */
const MODEM_ENV = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CLIENT_TIMEOUT', 'DOCKER_PATH_PREFIX'];

/** docker-modem reads DOCKER_HOST/DOCKER_CERT_PATH itself (and throws on a missing cert.pem):
 * the connection is already resolved, so it is built with those hidden. */
function withoutModemEnv<T>(make: () => T): T {
	const saved = MODEM_ENV.map(name => [name, process.env[name]] as const);
	for (const [name] of saved) delete process.env[name];
	try {
		return make();
	} finally {
		for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
	}
}

export type EngineOptions = {
	ssh?: SshOptions;
	/** Reads (lists, inspects, version) fail after this long without a byte from the engine; 0 waits. */
	readTimeoutMs?: number;
};

export class DockerodeEngine implements EnginePort {
	readonly endpoint: string;
	private readonly options: Docker.DockerOptions;
	private client: Promise<Docker> | null = null;
	/** Lists, inspects and the event stream (see json-get.ts). */
	private readonly reads: JsonGetter;
	private readonly dialer: SshDialer | null = null;
	/** Where pipelined GETs may go (unix and plain TCP only). */
	private readonly rawTarget: RawTarget | null = null;
	private readonly readTimeoutMs: number;

	constructor(connection: Connection, engineOptions: EngineOptions = {}) {
		this.endpoint = connection.endpoint;
		const target = connection.target;
		// Explicit keys (even undefined) so values docker-modem read from the environment do not win.
		const base = {host: undefined, port: undefined, socketPath: undefined, ca: undefined, cert: undefined, key: undefined} as Record<
			string,
			unknown
		>;
		let route: Route;
		if (target.protocol === 'unix') {
			route = {kind: 'unix', socketPath: target.socketPath};
			this.options = {...base, socketPath: target.socketPath} as Docker.DockerOptions;
		} else if (target.protocol === 'http') {
			route = {kind: 'http', host: target.host, port: target.port};
			this.options = {...base, protocol: 'http', host: target.host, port: target.port} as Docker.DockerOptions;
		} else if (target.protocol === 'https') {
			const tls = {
				ca: readTls(target.tls?.ca, 'CA certificate'),
				cert: readTls(target.tls?.cert, 'client certificate'),
				key: readTls(target.tls?.key, 'client key'),
				rejectUnauthorized: target.tls?.verify !== false,
			};
			route = {kind: 'https', host: target.host, port: target.port, tls};
			this.options = {...base, protocol: 'https', host: target.host, port: target.port, ...tls} as Docker.DockerOptions;
		} else {
			this.dialer = new SshDialer(target, connection.endpoint, engineOptions.ssh);
			route = {kind: 'dial', agent: this.dialer.agent(), connect: () => this.dialer!.connect()};
			this.options = {...base, socketPath: DIAL_PLACEHOLDER} as Docker.DockerOptions;
		}
		this.readTimeoutMs = engineOptions.readTimeoutMs ?? 0;
		this.reads = new JsonGetter(route, this.readTimeoutMs);
		if (route.kind === 'unix') this.rawTarget = {socketPath: route.socketPath};
		else if (route.kind === 'http') this.rawTarget = {host: route.host, port: route.port};
		// dockerode's writes and execs share the read pool (for ssh: the same ssh children).
		if (route.kind === 'https' || route.kind === 'dial') (this.options as {agent?: unknown}).agent = this.reads.agent;
	}

	private call<T>(promise: Promise<T>): Promise<T> {
		return call(promise, this.endpoint);
	}

	/** The dockerode client, loaded on first use. */
	private docker(): Promise<Docker> {
		this.client ??= import('dockerode').then(({default: Dockerode}) => withoutModemEnv(() => new Dockerode(this.options)));
		return this.client;
	}

	/** Ends the connections (for ssh: every ssh child); the adapter is not used after. */
	close(): void {
		this.dialer?.close();
		this.reads.agent.destroy();
	}

	async info(): Promise<EngineInfo> {
		const version = await this.call(this.reads.get<Docker.DockerVersion>('/version'));
		return {
			endpoint: this.endpoint,
			apiVersion: version.ApiVersion,
			serverVersion: version.Version,
			os: version.Os,
			components: (version as {Components?: EngineInfo['components']}).Components ?? null,
		};
	}

	async ping(signal: AbortSignal): Promise<void> {
		await this.call(this.reads.get<string>('/_ping', signal));
	}

	listNetworks(): Promise<RawNetwork[]> {
		return this.call(this.reads.get<RawNetwork[]>('/networks'));
	}

	listContainers(filter?: {network?: string[]}): Promise<RawContainerSummary[]> {
		const filters = filter?.network?.length ? `&filters=${encodeURIComponent(JSON.stringify({network: filter.network}))}` : '';
		return this.call(this.reads.get<RawContainerSummary[]>(`/containers/json?all=1${filters}`));
	}

	inspectNetwork(idOrName: string): Promise<RawNetwork> {
		return this.call(this.reads.get<RawNetwork>(`/networks/${encodeURIComponent(idOrName)}`));
	}

	inspectContainer(idOrName: string): Promise<RawContainerInspect> {
		return this.call(this.reads.get<RawContainerInspect>(`/containers/${encodeURIComponent(idOrName)}/json`));
	}

	async inspectContainerMany(ids: readonly string[]): Promise<Array<{value: RawContainerInspect} | {error: EngineError}>> {
		let answers: Array<Answer<RawContainerInspect>> = [];
		if (this.rawTarget && ids.length > 1) {
			const paths = ids.map(id => `/containers/${encodeURIComponent(id)}/json`);
			answers = await this.call(pipelinedGet<RawContainerInspect>(this.rawTarget, paths, this.readTimeoutMs));
		}
		const out: Array<{value: RawContainerInspect} | {error: EngineError}> = new Array(ids.length);
		const missing: number[] = [];
		for (const [i, answer] of answers.entries()) {
			if (answer && 'value' in answer) out[i] = answer;
			else if (answer) out[i] = {error: toEngineError(answer.error, this.endpoint)};
		}
		for (let i = 0; i < ids.length; i++) if (!out[i]) missing.push(i);
		// Never answered on a pipelined connection (or none was used: TLS, ssh): asked the
		// usual way, 32 at a time over the keep-alive pool.
		let next = 0;
		const worker = async () => {
			while (next < missing.length) {
				const i = missing[next++]!;
				try {
					out[i] = {value: await this.inspectContainer(ids[i]!)};
				} catch (error) {
					out[i] = {error: toEngineError(error, this.endpoint)};
				}
			}
		};
		await Promise.all(Array.from({length: Math.min(32, missing.length)}, worker));
		return out;
	}

	subscribeEvents(onEvent: (event: RawEvent) => void, signal: AbortSignal): EventSubscription {
		let markReady!: () => void;
		let failReady!: (error: unknown) => void;
		const ready = new Promise<void>((resolve, reject) => {
			markReady = resolve;
			failReady = reject;
		});
		const done = (async () => {
			try {
				const filters = {type: ['network', 'container']};
				const stream = await this.reads.stream(`/events?filters=${encodeURIComponent(JSON.stringify(filters))}`, signal);
				markReady();
				let buffer = '';
				for await (const chunk of stream as AsyncIterable<Buffer | string>) {
					buffer += chunk.toString();
					let newline: number;
					while ((newline = buffer.indexOf('\n')) >= 0) {
						const line = buffer.slice(0, newline).trim();
						buffer = buffer.slice(newline + 1);
						if (line) {
							try {
								onEvent(JSON.parse(line) as RawEvent);
							} catch {
								// A malformed line is skipped; the next snapshot corrects anything missed.
							}
						}
					}
				}
			} catch (error) {
				failReady(toEngineError(error, this.endpoint));
				if (signal.aborted) return;
				throw toEngineError(error);
			}
		})();
		ready.catch(() => {});
		return {ready, done, slowStart: this.dialer !== null};
	}

	async connectNetwork(network: string, container: string, spec: ConnectSpec): Promise<void> {
		const ipam: Record<string, string> = {};
		if (spec.ipv4) ipam.IPv4Address = spec.ipv4;
		if (spec.ipv6) ipam.IPv6Address = spec.ipv6;
		await this.call(
			(await this.docker()).getNetwork(network).connect({
				Container: container,
				EndpointConfig: {
					...(spec.aliases?.length ? {Aliases: spec.aliases} : {}),
					...(Object.keys(ipam).length ? {IPAMConfig: ipam} : {}),
				},
			}),
		);
	}

	async disconnectNetwork(network: string, container: string, force: boolean): Promise<void> {
		await this.call((await this.docker()).getNetwork(network).disconnect({Container: container, Force: force}));
	}

	async createNetwork(spec: NetworkCreateSpec): Promise<{id: string; warning?: string}> {
		const body = {
			Name: spec.name,
			CheckDuplicate: true,
			Driver: spec.driver ?? 'bridge',
			Internal: Boolean(spec.internal),
			Attachable: Boolean(spec.attachable),
			EnableIPv6: Boolean(spec.enableIPv6),
			IPAM: {
				Driver: 'default',
				Config: (spec.ipam ?? []).map(c => ({
					Subnet: c.subnet,
					...(c.gateway ? {Gateway: c.gateway} : {}),
					...(c.ipRange ? {IPRange: c.ipRange} : {}),
				})),
			},
			Labels: spec.labels ?? {},
			Options: spec.options ?? {},
		};
		// dockerode resolves to a Network object; the raw reply (Id, Warning) is on modem.dial.
		const docker = await this.call(this.docker());
		const reply = await this.call(
			new Promise<{Id: string; Warning?: string}>((resolve, reject) => {
				docker.modem.dial(
					{
						path: '/networks/create?',
						method: 'POST',
						options: body,
						statusCodes: {201: true, 400: 'bad parameter', 403: 'forbidden', 404: 'not found', 409: 'conflict', 500: 'server error'},
					},
					(error: unknown, data: unknown) => (error ? reject(error) : resolve(data as {Id: string; Warning?: string})),
				);
			}),
		);
		return {id: reply.Id, ...(reply.Warning ? {warning: reply.Warning} : {})};
	}

	async removeNetwork(idOrName: string): Promise<void> {
		await this.call((await this.docker()).getNetwork(idOrName).remove());
	}

	async pruneNetworks(filters?: Record<string, string[]>): Promise<string[]> {
		const reply = (await this.call((await this.docker()).pruneNetworks(filters ? {filters} : {}))) as {NetworksDeleted?: string[] | null};
		return reply.NetworksDeleted ?? [];
	}

	async exec(container: string, spec: ExecSpec): Promise<ExecResult> {
		const docker = await this.call(this.docker());
		// A stopped engine never answers the create or the start: the caller's abort must
		// not wait for it. Before the exec exists nothing runs, so that is an AbortError.
		const exec = await untilAborted(
			this.call(
				docker.getContainer(container).exec({
					Cmd: spec.argv,
					AttachStdout: true,
					AttachStderr: true,
					AttachStdin: false,
					Tty: false,
					...(spec.user ? {User: spec.user} : {}),
					...(spec.env ? {Env: spec.env} : {}),
				}),
			),
			spec.signal,
		);
		if (!exec) throw abortError();
		spec.onCreated?.(exec.id);
		// Once it exists, an abort returns like a cancelled stream: the caller stops the process.
		const stream = await untilAborted(this.call(exec.start({hijack: true, stdin: false})), spec.signal, late => late.destroy());
		if (!stream) return {exitCode: null};
		const stdout = new PassThrough();
		const stderr = new PassThrough();
		stdout.on('data', (chunk: Buffer) => spec.onStdout?.(chunk.toString()));
		stderr.on('data', (chunk: Buffer) => spec.onStderr?.(chunk.toString()));
		docker.modem.demuxStream(stream, stdout, stderr);
		await new Promise<void>(resolve => {
			const finish = () => {
				spec.signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			// Closing the stream does not stop the process in the container: callers
			// that cancel must also kill it (see commands/probe-runner.ts).
			const onAbort = () => {
				stream.destroy();
				finish();
			};
			if (spec.signal?.aborted) return onAbort();
			spec.signal?.addEventListener('abort', onAbort, {once: true});
			stream.on('end', finish);
			stream.on('close', finish);
			stream.on('error', finish);
		});
		if (spec.signal?.aborted) return {exitCode: null};
		const info = await this.call(exec.inspect());
		return {exitCode: info.ExitCode ?? null};
	}

	async inspectExec(execId: string): Promise<ExecState> {
		const info = await this.call((await this.docker()).getExec(execId).inspect());
		return {running: Boolean(info.Running), exitCode: info.Running ? null : (info.ExitCode ?? null), pid: info.Pid ? info.Pid : null};
	}

	async hasImage(ref: string): Promise<boolean> {
		try {
			await this.call((await this.docker()).getImage(ref).inspect());
			return true;
		} catch (error) {
			if (error instanceof EngineError && error.kind === 'not-found') return false;
			throw error;
		}
	}

	async runHelper(spec: HelperContainerSpec): Promise<{id: string}> {
		const docker = await this.call(this.docker());
		const container = await this.call(
			docker.createContainer({
				name: spec.name,
				Image: spec.image,
				Cmd: spec.argv,
				Labels: spec.labels ?? {},
				// The leash: stdin open and attached once (StdinOnce: the engine closes it when we detach).
				...(spec.leash ? {OpenStdin: true, StdinOnce: true, AttachStdin: true} : {}),
				HostConfig: {NetworkMode: spec.networkMode, ...(spec.pidMode ? {PidMode: spec.pidMode} : {}), AutoRemove: Boolean(spec.autoRemove)},
			}),
		);
		if (spec.leash) {
			// Attached before the start, so the command never sees a stdin nobody holds.
			const stream = (await this.call(
				container.attach({stream: true, stdin: true, stdout: false, stderr: false, hijack: true}),
			)) as NodeJS.ReadWriteStream & {destroy?: () => void};
			stream.on('error', () => {});
			// The socket must not keep a finished docknet alive: it only has to close when we go.
			(stream as unknown as {unref?: () => void}).unref?.();
			this.leashes.set(container.id, stream);
		}
		try {
			await this.call(container.start());
		} catch (error) {
			this.dropLeash(container.id);
			throw error;
		}
		return {id: container.id};
	}

	private readonly leashes = new Map<string, {destroy?: () => void}>();

	private dropLeash(id: string): void {
		for (const [key, stream] of this.leashes) {
			if (key === id || key.startsWith(id)) {
				stream.destroy?.();
				this.leashes.delete(key);
			}
		}
	}

	async removeContainer(idOrName: string, force: boolean): Promise<void> {
		try {
			await this.call((await this.docker()).getContainer(idOrName).remove({force}));
		} finally {
			this.dropLeash(idOrName);
		}
	}

	async startContainer(idOrName: string): Promise<void> {
		await this.call((await this.docker()).getContainer(idOrName).start());
	}

	async unpauseContainer(idOrName: string): Promise<void> {
		await this.call((await this.docker()).getContainer(idOrName).unpause());
	}

	async top(container: string): Promise<Array<{pid: string; command: string}>> {
		const reply = (await this.call((await this.docker()).getContainer(container).top({ps_args: '-eo pid,args'}))) as {
			Titles?: string[];
			Processes?: string[][];
		};
		const titles = reply.Titles ?? [];
		const pidAt = Math.max(0, titles.indexOf('PID'));
		const cmdAt = titles.findIndex(t => t === 'COMMAND' || t === 'CMD' || t === 'ARGS');
		return (reply.Processes ?? []).map(row => ({
			pid: row[pidAt] ?? '',
			command: row[cmdAt >= 0 ? cmdAt : row.length - 1] ?? '',
		}));
	}
}
