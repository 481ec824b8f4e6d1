// A unix-socket proxy in front of the real engine that "kills the engine" at a chosen
// moment: the nth request matching `cutAfter` is passed on and the engine does it, but
// its answer is never delivered — the client's connection is dropped — and from then on
// the proxy refuses every connection, as a dead engine would. Deterministic, unlike
// killing a daemon mid-call, and the shared engine keeps running.
import {mkdtempSync} from 'node:fs';
import {createConnection, createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export type CuttingProxy = {host: string; cut: Promise<string>; close(): Promise<void>};

export async function cuttingProxy(engineSocket: string, cutAfter: RegExp, nth = 1): Promise<CuttingProxy> {
	const path = join(mkdtempSync(join(tmpdir(), 'docknet-cut-')), 'engine.sock');
	let seen = 0;
	let dead = false;
	let markCut!: (line: string) => void;
	const cut = new Promise<string>(resolve => (markCut = resolve));
	const sockets = new Set<Socket>();
	const server: Server = createServer(client => {
		if (dead) return client.destroy();
		sockets.add(client);
		const engine = createConnection(engineSocket);
		sockets.add(engine);
		let cutting: string | null = null;
		client.on('data', chunk => {
			const head = /^[A-Z]+ \S+/m.exec(chunk.toString('latin1'));
			if (head && cutAfter.test(head[0]) && ++seen === nth) cutting = head[0];
			engine.write(chunk);
		});
		engine.on('data', chunk => {
			if (cutting) {
				// The engine has done it and answers: the answer is lost, the engine "dies".
				dead = true;
				markCut(cutting);
				for (const s of sockets) s.destroy();
				server.close();
				return;
			}
			client.write(chunk);
		});
		const end = () => {
			client.destroy();
			engine.destroy();
		};
		client.on('error', end);
		engine.on('error', end);
		client.on('close', end);
		engine.on('close', end);
	});
	await new Promise<void>(resolve => server.listen(path, resolve));
	return {
		host: `unix://${path}`,
		cut,
		close: () =>
			new Promise<void>(resolve => {
				for (const s of sockets) s.destroy();
				if (server.listening) server.close(() => resolve());
				else resolve();
			}),
	};
}
