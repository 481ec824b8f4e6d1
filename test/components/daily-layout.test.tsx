// Issue 14 item 7: layout by priority at 80x24 — subnets and addresses whole (KIND goes
// first), the hint bar keeps the actions, help and long notices wrap, help scrolls.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {renderApp} from '../helpers/render-app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';

const ENV = {LANG: 'C.UTF-8'};

function start(columns: number, rows: number) {
	const engine = seedMemoryEngine();
	engine.addNetwork({name: 'wide-net', subnet: '10.128.14.0/24', gateway: '10.128.14.1'});
	return renderApp(engine, {env: ENV, size: {columns, rows}});
}

afterEach(() => cleanup());

describe('layout by priority', () => {
	it('80x24: subnets and addresses are whole; KIND is what gave way', async () => {
		const r = start(80, 24);
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		await press(r, 'G');
		const frame = await frameMatching(r, /Endpoints on wide-net/);
		assert.match(frame, /wide-net\s+10\.128\.14\.0\/24/);
		assert.doesNotMatch(frame, /10\.128\.14\.0\/…|10\.128\.1…/);
		assert.doesNotMatch(frame, /KIND/);
		await press(r, 'g', 'j', 'j');
		const bridge = await frameMatching(r, /Endpoints on bridge/);
		assert.match(bridge, /legacy-a\s+172\.17\.\d+\.\d+\/16/);
	});

	it('120x40: KIND is there, with the word help uses', async () => {
		const r = start(120, 40);
		const frame = await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		assert.match(frame, /KIND/);
		assert.match(frame, /bridge\s+built-in/);
		await press(r, '?');
		const help = await frameMatching(r, /Help — keys/);
		assert.doesNotMatch(help, /\bsys\b/);
	});

	it('80x24 hint bar: the actions come first', async () => {
		const r = start(80, 24);
		const networks = await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		const bar = networks.trimEnd().split('\n').at(-1)!;
		for (const hint of ['c connect', 'n new net', 'D rm', 'P prune', '? help', 'q quit'])
			assert.ok(bar.includes(hint), `${hint} in "${bar}"`);
		await press(r, '2');
		const containers = await frameMatching(r, /Endpoints of/);
		const bar2 = containers.trimEnd().split('\n').at(-1)!;
		for (const hint of ['c connect', 'n new net', 'P prune', 'E shell', 'p probe']) assert.ok(bar2.includes(hint), `${hint} in "${bar2}"`);
		assert.ok(!bar2.includes('C group') || bar2.indexOf('C group') > bar2.indexOf('p probe'));
	});

	it('help wraps its lines and G / g / End / PgUp move through it', async () => {
		const r = start(80, 24);
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		await press(r, '?');
		const top = await frameMatching(r, /Help — keys/);
		assert.doesNotMatch(top, /…/, 'nothing cut');
		await press(r, 'G');
		const end = await frameMatching(r, /jumps to the other side/);
		assert.match(end, /Reading the panes/);
		await press(r, 'g');
		await frameMatching(r, /Moving around/);
		await press(r, '\u001b[F'); // End
		await frameMatching(r, /jumps to the other side/);
		await press(r, '\u001b[5~'); // PgUp
		const up = await frameMatching(r, /Help — keys/);
		assert.doesNotMatch(up, /jumps to the other side/);
	});

	it('a long notice wraps instead of being cut', async () => {
		const r = start(80, 24);
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		await press(r, 'p');
		const frame = await frameMatching(r, /p probes FROM a container/);
		assert.match(frame, /then p\s*$/m);
		assert.equal(frame.split('\n').length, 24, 'the screen keeps its height');
	});
});
