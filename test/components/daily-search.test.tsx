// Issue 14 items 3-4: one search over every name and address (: / Ctrl-F), the Networks
// filter finds a network by an address in its subnet, and Esc walks back through jumps.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {renderApp} from '../helpers/render-app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';
import {searchTopology} from '../../source/domain/search.js';
import {loadTopology} from '../../source/commands/load-topology.js';

const ENV = {LANG: 'C.UTF-8'};
const ESC = '\u001b';
const ENTER = '\r';

async function ready() {
	const engine = seedMemoryEngine();
	const r = renderApp(engine, {env: ENV, size: {columns: 120, rows: 34}});
	await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24\s+mysql/);
	return {r, engine};
}

async function type(r: ReturnType<typeof renderApp>, text: string) {
	for (const ch of text) await press(r, ch);
}

afterEach(() => cleanup());

describe('jump to anything', () => {
	it('finds an alias, lists where it lives, Enter goes there and Esc comes back', async () => {
		const {r} = await ready();
		await frameMatching(r, /Endpoints on app-net/);
		await press(r, ':');
		await frameMatching(r, /Find anything/);
		await type(r, 'ledger');
		const frame = await frameMatching(r, /ledger\s+alias\s+store on vault-net/);
		assert.match(frame, /1\/1/);
		await press(r, ENTER);
		const there = await frameMatching(r, /Endpoints on vault-net/);
		assert.doesNotMatch(there, /Find anything/);
		assert.match(there, /❯?\s*store\s+10\.40\./);
		// Esc leaves Endpoints (up to vault-net in Networks), the next one walks back the jump.
		await press(r, ESC);
		await frameMatching(r, /⏎ open/);
		assert.match(r.lastFrame()!, /Endpoints on vault-net/);
		await press(r, ESC);
		await frameMatching(r, /Endpoints on app-net/);
	});

	it('Ctrl-F finds a network by an address inside its subnet, and containers by name', async () => {
		const {r} = await ready();
		await press(r, '\u0006');
		await frameMatching(r, /Find anything/);
		await type(r, '10.40.0.250');
		await frameMatching(r, /10\.40\.0\.0\/24\s+in subnet\s+network vault-net/);
		await press(r, '\u0015'); // Ctrl-U clears the query
		await type(r, 'cache');
		await frameMatching(r, /cache\s+container\s+container, running/);
		await press(r, ENTER);
		await frameMatching(r, /Endpoints of cache/);
	});

	it('the search lists IPv4, MAC and id hits with their place', async () => {
		const engine = seedMemoryEngine();
		const t = await loadTopology(engine);
		const store = t.endpoints.find(e => t.containers.find(c => c.id === e.containerId)?.name === 'store')!;
		const byIp = searchTopology(t, store.ipv4!.split('/')[0]!);
		assert.equal(byIp[0]!.field, 'IPv4');
		assert.equal(byIp[0]!.where, 'store on vault-net');
		if (store.mac) assert.ok(searchTopology(t, store.mac).some(h => h.field === 'MAC' && h.where === 'store on vault-net'));
		const net = t.networks.find(n => n.name === 'backend')!;
		assert.ok(searchTopology(t, net.id.slice(0, 10)).some(h => h.field === 'network id' && h.where === 'network backend'));
		assert.deepEqual(searchTopology(t, '   '), []);
	});

	it('/10.40.0.2 in Networks finds vault-net by its subnet, as help says', async () => {
		const {r} = await ready();
		await press(r, '/');
		await type(r, '10.40.0.2');
		await press(r, ENTER);
		const frame = await frameMatching(r, /\/10\.40\.0\.2 · 1\/1 of \d+/);
		assert.match(frame, /vault-net/);
		assert.doesNotMatch(frame, /unused-net/);
		// A member's alias finds its network too.
		await press(r, ESC, '/');
		await type(r, 'mysql');
		await press(r, ENTER);
		await frameMatching(r, /\/mysql · 1\/1 of \d+/);
	});

	it('Esc after Enter on an endpoint returns to the endpoint, then to its network', async () => {
		const {r} = await ready();
		await press(r, '3');
		await press(r, ENTER);
		await frameMatching(r, /Endpoints of db/);
		await press(r, ESC);
		await frameMatching(r, /Endpoints on app-net/);
		// Focus is back on the endpoint: Enter jumps to db again.
		await press(r, ENTER);
		await frameMatching(r, /Endpoints of db/);
		await press(r, '\u007f'); // Backspace walks back the same way
		await frameMatching(r, /Endpoints on app-net/);
	});
});
