// The explorer on a hung in-memory engine: the status line says "not answering" and
// keeps the picture, comes back by itself, and q still quits at once.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render, cleanup} from 'ink-testing-library';
import {App} from '../../source/app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';
import {waitFor} from '../helpers/wait.js';

afterEach(() => cleanup());

describe('explorer liveness', () => {
	it('shows a hung engine as not answering, keeps the topology, recovers, and q still quits', async () => {
		const engine = seedMemoryEngine();
		let quits = 0;
		const r = render(
			<App
				engine={engine}
				endpoint="memory://test"
				readOnly={false}
				env={{LANG: 'C.UTF-8'}}
				size={{columns: 120, rows: 30}}
				onQuit={() => quits++}
				feedOptions={{batchMs: 5, checkIntervalMs: 0, liveness: {intervalMs: 20, timeoutMs: 100, giveUpMs: 400}}}
			/>,
		);
		await frameMatching(r, /● connected/);
		engine.hang();
		const hung = await frameMatching(r, /● not answering \(showing last topology\)/);
		assert.match(hung, /app-net/, 'the last picture stays');
		engine.resume();
		await frameMatching(r, /● connected/);
		engine.hang();
		await frameMatching(r, /● not answering/);
		await press(r, 'q');
		await waitFor(() => quits > 0, {timeout: 2000, interval: 10, what: 'q to quit while the engine hangs'});
		assert.equal(quits, 1, 'q quits while the engine hangs');
		engine.resume();
	});
});
