// Issue 14 item 8 (create form): on overlap the next free subnet is offered (no CLI
// hint inside the TUI), ←/→ move between the checkboxes, the new network is selected.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {renderApp} from '../helpers/render-app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';
import {nextFreeSubnet} from '../../source/domain/free-subnet.js';
import {loadTopology} from '../../source/commands/load-topology.js';

const ENV = {LANG: 'C.UTF-8'};
const TAB = '\t';
const RIGHT = '\u001b[C';

afterEach(() => cleanup());

describe('create form', () => {
	it('suggests a free subnet, ←/→ between checkboxes, selects the new network', async () => {
		const engine = seedMemoryEngine();
		const r = renderApp(engine, {env: ENV, size: {columns: 110, rows: 34}});
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		await press(r, 'n');
		await frameMatching(r, /Create a network/);
		for (const ch of 'mk-net') await press(r, ch);
		await press(r, TAB, TAB);
		for (const ch of '10.10.0.0/24') await press(r, ch);
		const refused = await frameMatching(r, /10\.10\.1\.0\/24 is free — Ctrl-N puts it in/);
		assert.doesNotMatch(refused, /docknet ls/);
		await press(r, '\u000e'); // Ctrl-N
		await frameMatching(r, /\$ docker network create --subnet 10\.10\.1\.0\/24 mk-net/);
		await press(r, TAB, TAB, TAB, TAB); // gateway, ip range, labels, internal
		await press(r, RIGHT, ' '); // attachable
		await frameMatching(r, /\$ docker network create --subnet 10\.10\.1\.0\/24 --attachable mk-net/);
		await press(r, '\r');
		const frame = await frameMatching(r, /Endpoints on mk-net/);
		assert.doesNotMatch(frame, /Create a network/);
		assert.match(frame, /▸ mk-net/);
	});

	it('nextFreeSubnet: same size, after the wanted one, skipping used blocks', async () => {
		const t = await loadTopology(seedMemoryEngine());
		assert.equal(nextFreeSubnet(t, '10.10.0.0/24'), '10.10.1.0/24');
		assert.equal(nextFreeSubnet(t, '172.17.0.0/16'), '172.18.0.0/16');
		assert.equal(nextFreeSubnet(t, 'fd00::/64'), null);
	});
});
