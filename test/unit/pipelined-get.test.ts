// Pipelined GETs (engine/pipelined-get.ts) against a local HTTP server on a unix socket:
// answers in order whether sized or chunked, errors per answer, and a connection that
// ends early leaves the unanswered ones undefined (the adapter then asks them one by one).
import assert from 'node:assert/strict';
import {createServer, type Server} from 'node:http';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {pipelinedGet} from '../../source/engine/pipelined-get.js';

let server: Server;
let dir: string;
let socketPath: string;
let served = 0;
/** After this many answers on a connection the server closes it (0: never). */
let closeAfter = 0;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'docknet-pipe-'));
	socketPath = join(dir, 's.sock');
	server = createServer((req, res) => {
		served++;
		const n = Number(/\/item\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
		const perSocket = ((req.socket as unknown as {answered?: number}).answered =
			((req.socket as unknown as {answered?: number}).answered ?? 0) + 1);
		// The last answer on the connection says so (as a server that is going away does).
		if (closeAfter && perSocket >= closeAfter) res.setHeader('Connection', 'close');
		if (n < 0 || n % 7 === 6) {
			res.writeHead(404, {'Content-Type': 'application/json'});
			return void res.end(JSON.stringify({message: `No such item: ${n}`}));
		}
		const body = JSON.stringify({n, pad: 'x'.repeat((n % 5) * 3000), text: 'é ✓'});
		if (n % 2) {
			// Chunked, in pieces (as Go's server sends large JSON).
			res.writeHead(200, {'Content-Type': 'application/json'});
			for (let i = 0; i < body.length; i += 1000) res.write(body.slice(i, i + 1000));
			res.end();
		} else {
			res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body)});
			res.end(body);
		}
	});
	await new Promise<void>(resolve => server.listen(socketPath, resolve));
});

after(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
	rmSync(dir, {recursive: true, force: true});
});

const paths = (count: number) => Array.from({length: count}, (_, i) => `/item/${i}`);

describe('pipelinedGet', () => {
	it('answers every path in order: values, and HTTP errors per path', async () => {
		closeAfter = 0;
		served = 0;
		const answers = await pipelinedGet<{n: number; text: string}>({socketPath}, paths(300), 0, 3);
		assert.equal(answers.length, 300);
		for (const [i, answer] of answers.entries()) {
			assert.ok(answer, `answer ${i}`);
			if (i % 7 === 6) {
				assert.ok('error' in answer && answer.error.statusCode === 404, `404 for ${i}`);
				assert.match((answer as {error: Error}).error.message, new RegExp(`No such item: ${i}`));
			} else {
				assert.ok('value' in answer, `value for ${i}`);
				assert.equal(answer.value.n, i);
				assert.equal(answer.value.text, 'é ✓');
			}
		}
		assert.equal(served, 300);
	});

	it('leaves what a closing connection never answered undefined', async () => {
		closeAfter = 10;
		const answers = await pipelinedGet<{n: number}>({socketPath}, paths(50), 0, 2);
		closeAfter = 0;
		assert.equal(answers.length, 50);
		const answered = answers.filter(Boolean).length;
		assert.equal(answered, 20, 'ten per connection, then nothing');
		assert.ok(answers.slice(0, 10).every(Boolean) && answers.slice(25, 35).every(Boolean));
		assert.ok(answers.slice(10, 25).every(a => a === undefined));
	});

	it('gives up on a silent engine after the timeout', async () => {
		const silent = createServer(() => {});
		const quiet = join(dir, 'quiet.sock');
		await new Promise<void>(resolve => silent.listen(quiet, resolve));
		try {
			await assert.rejects(pipelinedGet({socketPath: quiet}, paths(5), 300, 1), (e: Error & {code?: string}) => {
				assert.equal(e.code, 'DOCKNET_ENGINE_TIMEOUT');
				assert.match(e.message, /no answer to GET \/item\/0 in 0\.3 s/);
				return true;
			});
		} finally {
			silent.closeAllConnections();
			await new Promise(resolve => silent.close(resolve));
		}
	});
});
