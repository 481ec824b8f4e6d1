// The explorer app on the in-memory engine: navigation, drill-in, pivot, filter, live
// updates, selection by id, help from the keymap, hostile names, small terminals.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render, cleanup} from 'ink-testing-library';
import {App} from '../../source/app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine, MemoryEngine} from '../helpers/memory-engine.js';

const ENV = {LANG: 'C.UTF-8'};

type Rendered = ReturnType<typeof render> & {counts: {quits: number}; raw: string[]};

function start(
	engine: MemoryEngine,
	options: {columns?: number; rows?: number; env?: NodeJS.ProcessEnv; readOnly?: boolean} = {},
): Rendered {
	const size = {columns: options.columns ?? 100, rows: options.rows ?? 30};
	const out: string[] = [];
	const counts = {quits: 0};
	const r = render(
		<App
			engine={engine}
			endpoint="memory://test"
			readOnly={options.readOnly ?? false}
			env={options.env ?? ENV}
			size={size}
			writeRaw={text => out.push(text)}
			onQuit={() => counts.quits++}
			feedOptions={{batchMs: 5}}
		/>,
	);
	return Object.assign(r, {counts, raw: out});
}

const DOWN = '\u001b[B';
const ESC = '\u001b';
const ENTER = '\r';
const TAB = '\t';

/** The line of the frame holding `text`. */
const lineWith = (frame: string, text: string | RegExp): string =>
	frame.split('\n').find(l => (typeof text === 'string' ? l.includes(text) : text.test(l))) ?? '';

afterEach(() => cleanup());

describe('explorer', () => {
	it('draws the seed topology: networks, endpoints of the first network, details, status', async () => {
		const r = start(seedMemoryEngine());
		const frame = await frameMatching(r, /vault-net/);
		for (const name of ['app-net', 'backend', 'bridge', 'frontend', 'host', 'none', 'unused-net', 'vault-net'])
			assert.match(frame, new RegExp(name));
		assert.match(frame, /Endpoints on app-net/);
		assert.match(frame, /memory:\/\/test/);
		assert.match(frame, /API 1\.41/);
		assert.match(frame, /connected/);
		assert.match(lineWith(frame, 'vault-net'), /internal/);
		assert.match(lineWith(frame, /│. bridge/), /built-in/);
	});

	it("finds db's alias mysql and its IP once the inspects are in", async () => {
		const r = start(seedMemoryEngine());
		const frame = await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24\s+mysql/);
		assert.match(lineWith(frame, /batch/), /stopped/);
	});

	it('container-centric: api-server shows frontend, backend and vault-net', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		await press(r, TAB);
		const frame = await frameMatching(r, /Endpoints of api-server/);
		assert.match(frame, /backend\s+10\.30\./);
		assert.match(frame, /frontend\s+10\.20\./);
		assert.match(frame, /vault-net\s+10\.40\./);
		assert.match(frame, /api-server\s+container/);
	});

	it('Enter drills into endpoints, Enter on an endpoint jumps to its container, Esc goes back', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /mysql/);
		await press(r, ENTER);
		await frameMatching(r, /⏎ jump/);
		await press(r, ENTER);
		// db is the first endpoint on app-net: now focused in the containers pane, endpoints follow it.
		const frame = await frameMatching(r, /Endpoints of db/);
		assert.match(frame, /db\s+container/);
		await press(r, 'l', ESC);
		await frameMatching(r, /⏎ open/);
	});

	it('moves with j/k/G/g and keeps the endpoints pane on the selected network', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		await press(r, 'j');
		await frameMatching(r, /Endpoints on backend/);
		await press(r, 'G');
		await frameMatching(r, /Endpoints on vault-net/);
		await press(r, 'k', 'g');
		await frameMatching(r, /Endpoints on app-net/);
		await press(r, DOWN, DOWN);
		await frameMatching(r, /Endpoints on bridge/);
		const frame = await frameMatching(r, /legacy-a\s+172\.17\.[.0-9]+\/16\s+no DNS here/);
		assert.match(frame, /names and aliases do/);
		assert.match(frame, /NOT resolve here/);
	});

	it('keys that arrive together (one read) are each applied to the state the previous one left', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		r.stdin.write(DOWN + DOWN + DOWN);
		await frameMatching(r, /Endpoints on frontend/);
		r.stdin.write('jj');
		await frameMatching(r, /Endpoints on none/);
		r.stdin.write('2/mysql\r');
		await frameMatching(r, /Endpoints of db/);
	});

	it('/ filters the focused pane by IP or alias; Esc clears it', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /mysql/);
		await press(r, '2', '/', 'mysql');
		let frame = await frameMatching(r, /filter containers: mysql/);
		await press(r, ENTER);
		frame = await frameMatching(r, /\/mysql · 1\/1 of 11/);
		assert.match(frame, /Endpoints of db/);
		assert.doesNotMatch(frame, /legacy-a/);
		await press(r, ESC);
		frame = await frameMatching(r, /legacy-a/);
		await press(r, '1', '/', '10.40', ENTER);
		frame = await frameMatching(r, /\/10\.40 · 1\/1 of 8/);
		assert.match(frame, /Endpoints on vault-net/);
	});

	it('a filter that matches nothing says so', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		await press(r, '/', 'zzzz', ENTER);
		const frame = await frameMatching(r, /nothing matches "zzzz"/);
		assert.match(frame, /Esc clears/);
	});

	it('live: a connect from outside appears without a key press, selection stays on the same item', async () => {
		const engine = seedMemoryEngine();
		const r = start(engine);
		await frameMatching(r, /mysql/);
		await press(r, '2');
		await frameMatching(r, /Endpoints of api-server/);
		await press(r, 'j', 'j');
		await frameMatching(r, /Endpoints of cache/);
		// A new container sorts above cache: rows move, the selection stays on cache.
		engine.addContainer({name: 'aaa-first', networks: ['backend']});
		await frameMatching(r, /aaa-first/);
		await engine.connectNetwork('app-net', 'cache', {});
		const frame = await frameMatching(r, /Endpoints of cache[\s\S]*app-net\s+10\.10\./);
		assert.match(frame, /cache\s+container/);
	});

	it('when the selected item disappears, the neighbour takes over', async () => {
		const engine = seedMemoryEngine();
		const r = start(engine);
		await frameMatching(r, /mysql/);
		await press(r, '2', 'j', 'j');
		await frameMatching(r, /Endpoints of cache/);
		await engine.removeContainer('cache');
		await frameMatching(r, /Endpoints of db/);
	});

	it('? shows help generated from the keymap; Esc closes it', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		await press(r, '?');
		const frame = await frameMatching(r, /Help — keys/);
		assert.match(frame, /Moving around/);
		// The help is longer than a screen (its lines wrap): the next pages have the View keys.
		await press(r, ' ');
		const page2 = await frameMatching(r, /Filter this pane/);
		if (!/Group containers by compose project/.test(page2)) {
			await press(r, ' ');
			await frameMatching(r, /Group containers by compose project/);
		}
		await press(r, ESC);
		await frameMatching(r, /Networks/);
	});

	it('s sorts the focused pane and says how', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		await press(r, 's');
		const frame = await frameMatching(r, /networks sorted by subnet/);
		const order = ['app-net', 'frontend', 'backend', 'vault-net', 'unused-net'].map(n => frame.indexOf(` ${n} `));
		assert.deepEqual(
			[...order].sort((a, b) => a - b),
			order,
		);
	});

	it('C groups containers by compose project', async () => {
		const engine = seedMemoryEngine();
		engine.addContainer({
			name: 'shop-web',
			networks: ['app-net'],
			labels: {'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web'},
		});
		const r = start(engine);
		await frameMatching(r, /vault-net/);
		await press(r, '2', 'C');
		const frame = await frameMatching(r, /Containers by project/);
		assert.match(frame, /shop \(1\)/);
		assert.match(frame, /\(no compose project\) \(11\)/);
	});

	it('y copies via OSC 52: a picker when there are several values', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /mysql/);
		await press(r, '3', 'y');
		await frameMatching(r, /Copy to clipboard/);
		await press(r, ENTER);
		await frameMatching(r, /copied IPv4 "10\.10\./);
		const raw = r.raw;
		assert.equal(raw.length, 1);
		const payload = /^\u001b]52;c;([A-Za-z0-9+/=]+)\u0007$/.exec(raw[0]!);
		assert.ok(payload);
		assert.match(Buffer.from(payload[1]!, 'base64').toString(), /^10\.10\.\d+\.\d+$/);
	});

	it('q quits, and Ctrl-C quits even from an overlay', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		await press(r, 'q');
		assert.equal(r.counts.quits, 1);
		await press(r, '?');
		await frameMatching(r, /Help — keys/);
		await press(r, '\u0003');
		assert.equal(r.counts.quits, 2);
	});

	it('hostile names and labels show as harmless text', async () => {
		const engine = seedMemoryEngine();
		engine.addNetwork({
			name: 'aa\u001b[31mred\u001b]0;pwned\u0007',
			subnet: '10.77.0.0/24',
			labels: {'x\u001b]8;;http://evil\u0007': '\u001b[2J\u009b31m'},
		});
		const r = start(engine);
		const frame = await frameMatching(r, /aa\\x1b\[31mred/);
		// The only escape sequences left are Ink's own styling (SGR); nothing from the engine.
		const withoutSgr = frame.replace(/\u001b\[[0-9;]*m/g, '');
		assert.doesNotMatch(withoutSgr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
		assert.match(frame, /x\\x1b]8;;http:\/\/evil\\x07=\\x1b\[2J/);
	});

	it('CJK and emoji names are cut by display width and keep the borders aligned', async () => {
		const engine = seedMemoryEngine();
		engine.addNetwork({name: 'ネットワーク日本語テスト名前長い', subnet: '10.78.0.0/24'});
		engine.addNetwork({name: '🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀rocket', subnet: '10.79.0.0/24'});
		const r = start(engine, {columns: 80, rows: 24});
		const {default: stringWidth} = await import('string-width');
		let frame = await frameMatching(r, /🚀/);
		for (const line of frame.split('\n').slice(1, -1)) assert.equal(stringWidth(line), 80, `line is not 80 columns: ${line}`);
		await press(r, 'G');
		frame = await frameMatching(r, /Endpoints on ネット/);
		for (const line of frame.split('\n').slice(1, -1)) assert.equal(stringWidth(line), 80, `line is not 80 columns: ${line}`);
	});

	it('read-only mode says so in the status line', async () => {
		const r = start(seedMemoryEngine(), {readOnly: true});
		await frameMatching(r, /READ-ONLY/);
	});

	it('a terminal below the minimum size gets a clear message', async () => {
		const r = start(seedMemoryEngine(), {columns: 50, rows: 12});
		const frame = await frameMatching(r, /needs a bigger terminal/);
		assert.match(frame, /60x15 at least, this is 50x12/);
	});

	it('plain ASCII borders when the locale is not UTF-8', async () => {
		const r = start(seedMemoryEngine(), {env: {LANG: 'C'}});
		const frame = await frameMatching(r, /vault-net/);
		assert.match(frame, /\+- Networks /);
		assert.doesNotMatch(frame, /[┌─│└┘┐▸…●]/);
	});

	it('shows the engine going away: reconnecting, last topology kept', async () => {
		const engine = seedMemoryEngine();
		const r = start(engine);
		await frameMatching(r, /mysql/);
		engine.down = true;
		engine.dropStreams();
		const frame = await frameMatching(r, /reconnecting/);
		assert.match(frame, /vault-net/);
		engine.down = false;
		await frameMatching(r, /● connected/, 5000);
	});

	it('opens while the engine is unreachable and connects when it comes up', async () => {
		const engine = seedMemoryEngine();
		engine.down = true;
		const r = start(engine);
		const frame = await frameMatching(r, /reconnecting/);
		assert.match(frame, /engine unreachable — retrying/);
		engine.down = false;
		await frameMatching(r, /vault-net/, 5000);
	});

	it('only visible rows are rendered, whatever the list length', async () => {
		const engine = new MemoryEngine();
		for (let n = 0; n < 200; n++)
			engine.addNetwork({name: `net-${String(n).padStart(4, '0')}`, subnet: `10.${100 + Math.floor(n / 250)}.${n % 250}.0/24`});
		for (let n = 0; n < 1000; n++)
			engine.addContainer({name: `ctr-${String(n).padStart(5, '0')}`, networks: [`net-${String(n % 200).padStart(4, '0')}`]});
		const r = start(engine, {columns: 80, rows: 24});
		let frame = await frameMatching(r, /net-0000\s+10\./);
		assert.doesNotMatch(frame, /net-0030\s+10\./);
		await press(r, 'G');
		frame = await frameMatching(r, /net-0199\s+10\./);
		assert.doesNotMatch(frame, /net-0000\s+10\./);
		assert.equal(frame.split('\n').length, 24);
	});
});
