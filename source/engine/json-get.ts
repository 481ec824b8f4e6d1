// The read path of the dockerode adapter: list and inspect calls are plain GETs that
// return JSON, made here straight on node:http(s) with a keep-alive agent. docker-modem
// does the same work with much more per request (it formats every request with
// util.inspect for its debug log even when the log is off, wraps each call in a
// redirect follower, re-parses URLs): at 5000 containers that was half the CPU of a
// full load. Hijacked exec sessions and writes stay on dockerode (over the same agent).
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import {createRequire} from 'node:module';
import type {Duplex} from 'node:stream';

// require, not import: on Node 24 the ESM facade of node:http reads every export,
// including the lazy WebSocket getters, which loads undici (~60 ms of CPU).
const require = createRequire(import.meta.url);

/** The error shape docker-modem produces, so the adapter maps both the same way. */
export type HttpError = Error & {statusCode?: number; json?: {message?: string} | string | null; code?: string};

/** The socket path of requests whose connections a dialer makes (see Route 'dial'). */
export const DIAL_PLACEHOLDER = '/nonexistent/docknet-dialer.sock';

/** How to reach the engine over HTTP: unix socket, plain TCP, TLS, or a dialer (ssh). */
export type Route =
	| {kind: 'unix'; socketPath: string}
	| {kind: 'http'; host: string; port: number}
	| {kind: 'https'; host: string; port: number; tls: Https.AgentOptions}
	| {kind: 'dial'; agent: Http.Agent; connect: () => Duplex};

/** A GET that got no byte from the engine for the getter's timeout (a stopped or wedged engine). */
export const ENGINE_TIMEOUT = 'DOCKNET_ENGINE_TIMEOUT';

export class JsonGetter {
	/** The keep-alive pool for GETs (shared with dockerode for writes and execs). */
	readonly agent: Http.Agent;
	private readonly base: Http.RequestOptions;
	private readonly streamBase: Http.RequestOptions;
	private readonly request: typeof Http.request;

	/** `timeoutMs`: a GET whose connection stays silent that long fails with code ENGINE_TIMEOUT
	 * (the CLI's reads; the explorer has its own liveness ping instead). */
	constructor(
		route: Route,
		private readonly timeoutMs = 0,
	) {
		if (route.kind === 'https') {
			const https = require('node:https') as typeof Https;
			// Idle keep-alive sockets are unref'd by the agent: they never hold the process open.
			this.agent = new https.Agent({...route.tls, keepAlive: true, maxSockets: 32});
			this.request = https.request as typeof Http.request;
			this.base = {host: route.host, port: route.port};
			this.streamBase = {...this.base, agent: new https.Agent(route.tls)};
			return;
		}
		const http = require('node:http') as typeof Http;
		this.request = http.request;
		if (route.kind === 'dial') {
			this.agent = route.agent;
			// Every connection comes from the dialer; a socket path that cannot exist means a
			// request that somehow bypassed it fails here instead of reaching any network.
			this.base = {socketPath: DIAL_PLACEHOLDER};
			// The event stream holds its connection for good: its own ssh child, not a pool slot.
			// (agent undefined, not false: with false node:http ignores createConnection.)
			this.streamBase = {
				...this.base,
				agent: undefined,
				createConnection: route.connect as unknown as Http.RequestOptions['createConnection'],
			};
			return;
		}
		this.agent = new http.Agent({keepAlive: true, maxSockets: 32});
		this.base = route.kind === 'unix' ? {socketPath: route.socketPath} : {host: route.host, port: route.port};
		this.streamBase = {...this.base, agent: false};
	}

	/** A streaming GET (the event stream): resolves with the open response once the
	 * engine answers 2xx; aborting the signal ends it. */
	stream(path: string, signal: AbortSignal): Promise<Http.IncomingMessage> {
		return new Promise((resolve, reject) => {
			const req = this.request({...this.streamBase, method: 'GET', path, signal}, res => {
				const status = res.statusCode ?? 0;
				if (status >= 200 && status < 300) return resolve(res);
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => reject(httpError(status, Buffer.concat(chunks).toString('utf8'))));
			});
			req.on('error', reject);
			req.end();
		});
	}

	get<T>(path: string, signal?: AbortSignal): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			// Our own timer, reset by every byte of the answer: an ssh dialer's stream is no
			// net.Socket, so node:http's req.setTimeout would throw there.
			let timer: NodeJS.Timeout | undefined;
			const idle = () => {
				if (!(this.timeoutMs > 0)) return;
				clearTimeout(timer);
				timer = setTimeout(
					() =>
						req.destroy(
							Object.assign(new Error(`no answer to GET ${path.split('?')[0]} in ${this.timeoutMs / 1000} s`), {code: ENGINE_TIMEOUT}),
						),
					this.timeoutMs,
				);
			};
			const settle = () => clearTimeout(timer);
			const req = this.request(
				{...this.base, agent: this.agent, method: 'GET', path, headers: {Accept: 'application/json'}, ...(signal ? {signal} : {})},
				res => {
					idle();
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => {
						idle();
						chunks.push(chunk);
					});
					res.on('error', error => {
						settle();
						reject(error);
					});
					res.on('end', () => {
						settle();
						const text = Buffer.concat(chunks).toString('utf8');
						const status = res.statusCode ?? 0;
						if (status < 200 || status >= 300) return reject(httpError(status, text));
						try {
							resolve((text ? JSON.parse(text) : null) as T);
						} catch {
							resolve(text as T);
						}
					});
				},
			);
			idle();
			req.on('error', error => {
				settle();
				reject(error);
			});
			req.end();
		});
	}
}

export function httpError(status: number, text: string): HttpError {
	let body: unknown = null;
	try {
		body = text ? JSON.parse(text) : null;
	} catch {
		body = text;
	}
	const message =
		(body && typeof body === 'object' && 'message' in body ? String((body as {message: unknown}).message) : text.trim()) ||
		`HTTP ${status}`;
	return Object.assign(new Error(`(HTTP code ${status}) - ${message}`), {statusCode: status, json: body as HttpError['json']});
}
