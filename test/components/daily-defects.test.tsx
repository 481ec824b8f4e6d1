// Issue 14 item 10: the smaller defects — a removed container named by its name in the
// disconnect dialog, Ctrl-C closing a dialog before it quits, ls sorted like the explorer.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {renderApp} from '../helpers/render-app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {MemoryEngine, seedMemoryEngine} from '../helpers/memory-engine.js';
import {loadTopology} from '../../source/commands/load-topology.js';
import {renderLs} from '../../source/cli/ls.js';
import {waitFor} from '../helpers/wait.js';

const ENV = {LANG: 'C.UTF-8'};

function start(engine: MemoryEngine, onQuit: () => void = () => {}) {
	return renderApp(engine, {env: ENV, size: {columns: 110, rows: 32}, onQuit});
}

afterEach(() => cleanup());

describe('smaller defects', () => {
	it('the disconnect dialog of a container removed meanwhile names it, not its 64-char id', async () => {
		const engine = seedMemoryEngine();
		const r = start(engine);
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24\s+mysql/);
		await press(r, '3', 'd');
		await frameMatching(r, /Disconnect db from app-net/);
		await engine.removeContainer('db');
		const frame = await frameMatching(r, /db is gone \(removed meanwhile\)/);
		assert.doesNotMatch(frame, /[0-9a-f]{40,}/);
	});

	it('Ctrl-C in a half-filled dialog closes it; the next Ctrl-C quits', async () => {
		let quits = 0;
		const r = start(seedMemoryEngine(), () => quits++);
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		await press(r, 'n');
		await frameMatching(r, /Create a network/);
		for (const ch of 'half') await press(r, ch);
		await press(r, '\u0003');
		const frame = await frameMatching(r, /Ctrl-C again quits/);
		assert.doesNotMatch(frame, /Create a network/);
		assert.equal(quits, 0);
		await press(r, '\u0003');
		await waitFor(() => quits > 0, {timeout: 3000, interval: 10, what: 'Ctrl-C to quit'});
		assert.equal(quits, 1);
	});

	it('ls lists networks and endpoints in the explorer order (by name)', async () => {
		const engine = new MemoryEngine();
		engine.addNetwork({name: 'zz-net', subnet: '10.91.0.0/24'});
		engine.addNetwork({name: 'aa-net', subnet: '10.90.0.0/24'});
		for (const name of ['web10', 'zeta', 'alpha', 'web2']) engine.addContainer({name, networks: ['aa-net']});
		const text = renderLs(await loadTopology(engine));
		const at = (s: string) => text.indexOf(`  ${s} `);
		assert.ok(text.indexOf('aa-net') < text.indexOf('zz-net'));
		assert.deepEqual(
			['alpha', 'web2', 'web10', 'zeta'].map(at).every((v, i, all) => v >= 0 && (i === 0 || v > all[i - 1]!)),
			true,
			text,
		);
	});
});
