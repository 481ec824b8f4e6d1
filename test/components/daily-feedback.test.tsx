// Issue 14 item 2: every key answers — refused in read-only mode, or not here (with
// what to do instead) — instead of doing nothing silently.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {renderApp} from '../helpers/render-app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';
import {keyFeedback} from '../../source/keys/feedback.js';
import {BINDINGS} from '../../source/keys/keymap.js';

const ENV = {LANG: 'C.UTF-8'};

function start(readOnly: boolean) {
	const engine = seedMemoryEngine();
	return renderApp(engine, {readOnly, env: ENV, size: {columns: 120, rows: 32}});
}

afterEach(() => cleanup());

describe('key feedback', () => {
	it('read-only: c n d D P each say they are disabled', async () => {
		const r = start(true);
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		for (const [key, word, pane] of [
			['c', 'connect', ''],
			['n', 'new net', ''],
			['D', 'rm', ''],
			['P', 'prune', ''],
			['d', 'disconnect', '3'],
		] as const) {
			if (pane) await press(r, pane);
			await press(r, key);
			await frameMatching(r, new RegExp(`read-only: ${word} is disabled`));
		}
	});

	it('p in Networks and M in Containers say what to do instead', async () => {
		const r = start(false);
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		await press(r, 'p');
		await frameMatching(r, /p probes FROM a container: select one in Containers \(2\)/);
		await press(r, '2', 'M');
		await frameMatching(r, /M is the matrix of a NETWORK: select one in Networks \(1\)/);
		await press(r, 'X');
		await frameMatching(r, /X: no such key here — \? lists every key/);
	});

	it('a key bound in every pane needs no notice; every unbound printable gets one', () => {
		assert.equal(keyFeedback('j', 'networks', false), null);
		assert.equal(keyFeedback('c', 'networks', false), null);
		assert.match(keyFeedback('c', 'networks', true)!, /read-only: connect/);
		assert.match(keyFeedback('d', 'containers', false)!, /Endpoints \(3\)/);
		for (const pane of ['networks', 'containers', 'endpoints', 'details'] as const)
			for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')
				if (
					!BINDINGS.some(
						b =>
							(b.keys as readonly string[]).includes(ch) &&
							b.contexts.some(c => c === pane || c === 'global' || (c === 'lists' && pane !== 'details')),
					)
				)
					assert.ok(keyFeedback(ch, pane, false), `${ch} in ${pane} says something`);
	});
});
