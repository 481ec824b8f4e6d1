// The engine switcher on in-memory engines: e lists the contexts plus the engine in
// use with the shown one marked; Enter switches without restarting; the status line
// names the new context; writes go to the engine on screen; a context that cannot be
// used says why and leaves the screen as it was.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render, cleanup} from 'ink-testing-library';
import {App} from '../../source/app.js';
import {ConnectionError, type Connection} from '../../source/engine/connection.js';
import type {EngineChoice, EngineSwitcher} from '../../source/engine/switcher.js';
import {contextOf} from '../../source/engine/switcher.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine, MemoryEngine} from '../helpers/memory-engine.js';
import {waitFor} from '../helpers/wait.js';

const DOWN = '\u001b[B';
const ENTER = '\r';

afterEach(() => cleanup());

function setup() {
	const local = seedMemoryEngine();
	const remote = new MemoryEngine();
	remote.addNetwork({name: 'remote-only-net', driver: 'bridge', subnet: '10.99.0.0/24', gateway: '10.99.0.1'});
	remote.addContainer({name: 'far-box', networks: ['remote-only-net']});
	const closed: MemoryEngine[] = [];
	const started: Connection = {
		endpoint: 'unix:///run/local.sock',
		source: 'DOCKER_HOST',
		target: {protocol: 'unix', socketPath: '/run/local.sock'},
	};
	const remoteConnection: Connection = {
		endpoint: 'ssh://dockerhost',
		source: 'context remote',
		target: {protocol: 'ssh', host: 'dockerhost'},
	};
	const switcher: EngineSwitcher = {
		choices: inUse => [
			{context: null, endpoint: started.endpoint, note: 'from DOCKER_HOST', current: contextOf(inUse) === null},
			{context: 'broken', endpoint: 'tcp://nowhere:2376', note: '', current: false},
			{context: 'remote', endpoint: 'ssh://dockerhost', note: 'build box', current: contextOf(inUse) === 'remote'},
		],
		open: (choice: EngineChoice) => {
			if (choice.context === 'broken') throw new ConnectionError('docker context "broken" cannot be used: it does not exist');
			return choice.context === 'remote' ? {engine: remote, connection: remoteConnection} : {engine: local, connection: started};
		},
		close: engine => void closed.push(engine as MemoryEngine),
	};
	const r = render(
		<App
			engine={local}
			endpoint={started.endpoint}
			connection={started}
			switcher={switcher}
			readOnly={false}
			env={{LANG: 'C.UTF-8'}}
			size={{columns: 110, rows: 30}}
			feedOptions={{batchMs: 5}}
		/>,
	);
	return {r, local, remote, closed};
}

describe('engine switcher', () => {
	it('lists the engines with the shown one marked, switches, and names the new one', async () => {
		const {r, local, remote, closed} = setup();
		await frameMatching(r, /vault-net/);
		assert.match(r.lastFrame()!, /unix:\/\/\/run\/local\.sock \(DOCKER_HOST\)/);
		await press(r, 'e');
		const list = await frameMatching(r, /Engines/);
		assert.match(list, /● \(no context\)\s+unix:\/\/\/run\/local\.sock/);
		assert.match(list, /remote\s+ssh:\/\/dockerhost\s+build box/);
		await press(r, DOWN, DOWN, ENTER);
		const after = await frameMatching(r, /remote-only-net/);
		assert.doesNotMatch(after, /vault-net/);
		assert.match(after, /remote · ssh:\/\/dockerhost/);
		// The old engine is closed once its probes are stopped.
		await waitFor(() => closed.includes(local), {timeout: 1000, interval: 10, what: 'the old engine closed'});
		assert.deepEqual(closed, [local]);
		// Writes go to the engine shown: create a network from the explorer.
		await press(r, 'n');
		await frameMatching(r, /Create a network/);
		await press(r, ...'made-here');
		await frameMatching(r, /docker network create[\s\S]*made-here/);
		await press(r, ENTER);
		await frameMatching(r, /│\s+made-here\s/, 5000);
		assert.ok(remote.calls.includes('createNetwork'), 'created on the shown engine');
		assert.ok(!local.calls.includes('createNetwork'), 'never on the other');
		// The switcher marks the new one.
		await press(r, '\u001b');
		await press(r, 'e');
		assert.match(await frameMatching(r, /Engines/), /● remote/);
	});

	it('a context that cannot be used says why and keeps the screen', async () => {
		const {r} = setup();
		await frameMatching(r, /vault-net/);
		await press(r, 'e', DOWN, ENTER);
		const frame = await frameMatching(r, /cannot switch: docker context "broken" cannot be used/);
		assert.match(frame, /vault-net/);
	});
});
