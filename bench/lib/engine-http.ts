// A tiny HTTP client over a unix socket: controls the fake engine and drives the
// bounded event loop on the real engine without spawning the docker CLI (whose own
// CPU use would disturb idle-CPU and memory figures).
import {request} from 'node:http';

export type Reply = {status: number; body: string; json: <T = unknown>() => T};

export function httpUnix(socketPath: string, method: string, path: string, body?: unknown): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const req = request(
			{
				socketPath,
				method,
				path,
				headers: payload === undefined ? {} : {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload)},
			},
			res => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', chunk => (text += chunk));
				res.on('end', () => resolve({status: res.statusCode ?? 0, body: text, json: <T>() => JSON.parse(text) as T}));
			},
		);
		req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
		req.on('error', reject);
		req.end(payload);
	});
}

/** Like httpUnix but rejects unless the status is 2xx. */
export async function httpOk(socketPath: string, method: string, path: string, body?: unknown): Promise<Reply> {
	const reply = await httpUnix(socketPath, method, path, body);
	if (reply.status < 200 || reply.status >= 300) throw new Error(`${method} ${path}: HTTP ${reply.status} ${reply.body.trim()}`);
	return reply;
}

export const socketOf = (dockerHost: string): string => {
	if (!dockerHost.startsWith('unix://')) throw new Error(`benchmarks talk only to unix sockets, not ${dockerHost}`);
	return dockerHost.slice('unix://'.length);
};
