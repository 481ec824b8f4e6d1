// The read path of the dockerode adapter: list and inspect calls are plain GETs that
// return JSON, made here straight on node:http with a keep-alive agent. docker-modem
// does the same work with much more per request (it formats every request with
// util.inspect for its debug log even when the log is off, wraps each call in a
// redirect follower, re-parses URLs): at 5000 containers that was half the CPU of a
// full load. Streams, hijacked exec sessions, writes, TLS and ssh:// stay on dockerode.
import type * as Http from 'node:http';
import {createRequire} from 'node:module';
import type {EngineTarget} from './connection.js';

// require, not import: on Node 24 the ESM facade of node:http reads every export,
// including the lazy WebSocket getters, which loads undici (~60 ms of CPU).
const {Agent, request} = createRequire(import.meta.url)('node:http') as typeof Http;

/** The error shape docker-modem produces, so the adapter maps both the same way. */
export type HttpError = Error & {statusCode?: number; json?: {message?: string} | string | null; code?: string};

type Plain = {protocol: 'unix'; socketPath: string} | {protocol: 'http'; host: string; port: number};

export class JsonGetter {
	private readonly agent: Http.Agent;
	private readonly base: {socketPath: string} | {host: string; port: number};

	constructor(target: Plain) {
		// Idle keep-alive sockets are unref'd by the agent: they never hold the process open.
		this.agent = new Agent({keepAlive: true, maxSockets: 16});
		this.base = target.protocol === 'unix' ? {socketPath: target.socketPath} : {host: target.host, port: target.port};
	}

	static supports(target: EngineTarget): target is EngineTarget & Plain {
		return target.protocol === 'unix' || target.protocol === 'http';
	}

	/** A streaming GET (the event stream): resolves with the open response once the
	 * engine answers 2xx; aborting the signal ends it. */
	stream(path: string, signal: AbortSignal): Promise<Http.IncomingMessage> {
		return new Promise((resolve, reject) => {
			const req = request({...this.base, agent: false, method: 'GET', path, signal}, res => {
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
			const req = request({...this.base, agent: this.agent, method: 'GET', path, headers: {Accept: 'application/json'}, ...(signal ? {signal} : {})}, res => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					const status = res.statusCode ?? 0;
					if (status < 200 || status >= 300) return reject(httpError(status, text));
					try {
						resolve((text ? JSON.parse(text) : null) as T);
					} catch {
						resolve(text as T);
					}
				});
			});
			req.on('error', reject);
			req.end();
		});
	}
}

function httpError(status: number, text: string): HttpError {
	let body: unknown = null;
	try {
		body = text ? JSON.parse(text) : null;
	} catch {
		body = text;
	}
	const message = (body && typeof body === 'object' && 'message' in body ? String((body as {message: unknown}).message) : text.trim()) || `HTTP ${status}`;
	return Object.assign(new Error(`(HTTP code ${status}) - ${message}`), {statusCode: status, json: body as HttpError['json']});
}
