// The topology map in the explorer (m): drawn at 80x24 from the selection, moves with
// the same keys, Enter opens a node in the panes, the path of a marked pair (or why
// there is none), live updates without losing the cursor, ASCII/NO_COLOR, hostile
// names, 600 containers on 120 networks, and the write key.
import assert from 'node:assert/strict';
import {existsSync, readFileSync, rmSync} from 'node:fs';
import {afterEach, describe, it} from 'node:test';
import {render, cleanup} from 'ink-testing-library';
import {App} from '../../source/app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine, MemoryEngine} from '../helpers/memory-engine.js';
import {displayWidth} from '../../source/format/width.js';
import {MapView} from '../../source/components/map-view.js';
import {buildKeymap} from '../../source/keys/keymap.js';
import {buildTopology} from '../../source/domain/topology.js';
import {resolveFoci} from '../../source/domain/graph.js';
import {matrixMarks} from '../../source/hooks/use-map.js';
import {seedFixture} from '../helpers/fixtures.js';
import type {MatrixPlan} from '../../source/commands/matrix.js';

const ENV = {LANG: 'C.UTF-8'};
const DOWN = '\u001b[B';
const UP = '\u001b[A';
const RIGHT = '\u001b[C';
const ESC = '\u001b';
const ENTER = '\r';
const TAB = '\t';
const plain = (frame: string) => frame.replace(/\u001b\[[0-9;]*m/g, '');
/** The frame's text with the pane borders' line breaks removed, so a wrapped info line reads as one. */
const flat = (frame: string) => plain(frame).replace(/\s*│\n│/g, ' ');
const lineWith = (frame: string, text: string | RegExp): string =>
	plain(frame)
		.split('\n')
		.find(l => (typeof text === 'string' ? l.includes(text) : text.test(l))) ?? '';

function start(engine: MemoryEngine, options: {columns?: number; rows?: number; env?: NodeJS.ProcessEnv} = {}) {
	const size = {columns: options.columns ?? 80, rows: options.rows ?? 24};
	const raw: string[] = [];
	const counts = {quits: 0};
	const r = render(
		<App
			engine={engine}
			endpoint="memory://test"
			readOnly={false}
			env={options.env ?? ENV}
			size={size}
			writeRaw={text => raw.push(text)}
			onQuit={() => counts.quits++}
			feedOptions={{batchMs: 5}}
		/>,
	);
	return Object.assign(r, {raw, counts});
}

afterEach(() => cleanup());

describe('topology map', () => {
	it('m draws the whole seed at 80x24: columns, bridges, predefined apart, legend', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		await press(r, 'm');
		const frame = await frameMatching(r, /Map.*whole engine: 8 networks, 11 containers/);
		const text = plain(frame);
		assert.match(lineWith(frame, /^│networks/), /app-net\s+backend\s+frontend\s+unused-net\s+vault-net\s+┊ bridge\s+host\s+none/);
		assert.match(lineWith(frame, 'api-server'), /api-server\s+·\s+●─+●─+●\s+┊/);
		assert.match(lineWith(frame, 'batch'), /batch\s+○/);
		assert.match(lineWith(frame, 'internal'), /internal\s+┊ default\s+host\s+none/);
		assert.match(text, /attached.*stopped/);
		for (const line of text.split('\n')) assert.ok(displayWidth(line) <= 80, `too wide: ${line}`);
		assert.equal(text.split('\n').length, 24);
		// The hint bar shows the map's keys.
		assert.match(lineWith(frame, 'zoom'), /path from/);
	});

	it('follows the selection, moves with j/k/l, and Enter opens a container in the panes', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		await press(r, 'm');
		// The networks pane had app-net: the cursor is on its column.
		let frame = await frameMatching(r, /app-net · bridge · 10\.10\.0\.0\/24/);
		await press(r, 'j');
		frame = await frameMatching(r, /batch is exited/);
		await press(r, 'j', 'j', 'j');
		frame = await frameMatching(r, /api-server talks to: cache via backend; proxy via frontend; store/);
		await press(r, ENTER);
		frame = await frameMatching(r, /Endpoints of api-server/);
		assert.doesNotMatch(frame, /whole engine/);
	});

	it('opens on the selected container and shows who it talks to', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		await press(r, '2');
		await frameMatching(r, /Endpoints of api-server/);
		await press(r, 'm');
		const frame = await frameMatching(r, /api-server talks to/);
		assert.match(flat(frame), /api-server talks to: cache via backend; proxy via frontend; store via vault-net \(internal\)/);
	});

	it('space marks a pair: the shared network, or the reason there is none', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		await press(r, '2');
		await frameMatching(r, /Endpoints of api-server/);
		await press(r, 'm', ' ');
		await frameMatching(r, /path from api-server/);
		await press(r, 'j'); // cache (rows: batch db web api-server cache …)
		await frameMatching(r, /api-server → cache: via backend/);
		await press(r, 'k', 'k'); // web
		const frame = await frameMatching(r, /api-server → web: /);
		assert.match(lineWith(frame, 'api-server → web'), /share no network|no shared|not on|network/);
	});

	it('redraws a live connect without moving the cursor', async () => {
		const engine = seedMemoryEngine();
		const r = start(engine);
		await frameMatching(r, /vault-net/);
		await press(r, '2', 'm');
		await frameMatching(r, /api-server talks to/);
		await engine.connectNetwork('frontend', 'web', {});
		const frame = await frameMatching(r, /web via\s*(│\s*│\s*)?frontend/);
		assert.match(
			flat(frame),
			/api-server talks to: cache via backend; proxy via frontend; store via vault-net \(internal\); web via frontend/,
		);
		assert.match(lineWith(frame, /^│web/), /web\s+●─+·?─*●/);
	});

	it('ASCII without colours: no box drawing, no colour codes', async () => {
		const r = start(seedMemoryEngine(), {env: {NO_COLOR: '1'}});
		await frameMatching(r, /vault-net/);
		await press(r, 'm');
		const frame = await frameMatching(r, /whole engine/);
		assert.match(lineWith(frame, 'api-server'), /api-server\s+\*-+\*-+\*\s+:/);
		assert.doesNotMatch(frame, /[●○┊─│]/);
		assert.doesNotMatch(frame, /\u001b\[3\dm/);
	});

	it('hostile and CJK names are shown sanitized and width-correct', async () => {
		const engine = seedMemoryEngine();
		engine.addNetwork({name: 'ネット\u001b[31mred', subnet: '10.60.0.0/24', gateway: '10.60.0.1'});
		engine.addContainer({name: 'evil\u001b]0;x\u0007', networks: ['ネット\u001b[31mred', 'app-net']});
		const r = start(engine);
		await frameMatching(r, /vault-net/);
		await press(r, 'm');
		const frame = await frameMatching(r, /Map/);
		assert.doesNotMatch(frame, /\u001b\]0;x|\u0007|\u001b\[31mred/);
		assert.match(plain(frame), /evil\\x1b/);
		for (const line of plain(frame).split('\n')) assert.ok(displayWidth(line) <= 80, `too wide: ${line}`);
	});

	it('600 containers on 120 networks: the neighbourhood of the selection, and what is hidden', async () => {
		const engine = new MemoryEngine();
		for (let n = 0; n < 120; n++)
			engine.addNetwork({name: `net-${String(n).padStart(3, '0')}`, subnet: `10.${100 + Math.floor(n / 2)}.${(n % 2) * 128}.0/25`});
		for (let c = 0; c < 600; c++)
			engine.addContainer({
				name: `ctr-${String(c).padStart(3, '0')}`,
				networks: [`net-${String(c % 120).padStart(3, '0')}`, ...(c % 7 === 0 ? [`net-${String((c + 1) % 120).padStart(3, '0')}`] : [])],
			});
		// ink-testing-library's stdout is 100 columns wide.
		const r = start(engine, {columns: 100, rows: 40});
		await frameMatching(r, /net-000/, 8000);
		await press(r, '2');
		await frameMatching(r, /Endpoints of ctr-000/, 8000);
		// How fast it opens and moves is measured in bench/ (map-render), never asserted here.
		await press(r, 'm');
		let frame = await frameMatching(r, /around ctr-000: 2\/123 networks, 11\/600 containers/, 8000);
		await press(r, 'z');
		frame = await frameMatching(r, /whole engine: 123 networks, 600 containers · rows 1-\d+ of 600/);
		assert.match(lineWith(frame, /net-000 +net-001/), /▸\s*│$/);
		assert.match(lineWith(frame, /\+\d+▸/), /\+1\d\d▸/);
		assert.match(frame, /networks 1-\d+ of 123/);
		for (let i = 0; i < 10; i++) await press(r, 'j');
		await frameMatching(r, /ctr-/);
		await press(r, RIGHT, RIGHT, UP);
	});

	it('w writes the view to a file and copies it with OSC 52', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		await press(r, 'm', 'w');
		const frame = await frameMatching(r, /map written to \S+docknet-map-\S+\.txt and copied/);
		const path = /map written to (\S+\.txt)/.exec(plain(frame))![1]!;
		assert.ok(existsSync(path));
		const text = readFileSync(path, 'utf8');
		assert.match(text, /^docknet map — whole engine/);
		assert.match(text, /api-server\s+·\s+●─+●─+●/);
		assert.ok(r.raw.some(raw => raw.startsWith('\u001b]52;c;') && Buffer.from(raw.slice(7, -1), 'base64').toString() === text));
		rmSync(path);
	});

	it('Esc closes the map, q quits from it', async () => {
		const r = start(seedMemoryEngine());
		await frameMatching(r, /vault-net/);
		await press(r, 'm');
		await frameMatching(r, /whole engine/);
		await press(r, ESC);
		await frameMatching(r, /Endpoints on app-net/);
		await press(r, 'm', 'q');
		assert.equal(r.counts.quits, 1);
		void TAB;
		void DOWN;
	});

	it('matrix results colour the edges, with a legend', async () => {
		const t = buildTopology(seedFixture());
		const [backend, api, cache] = resolveFoci(t, ['backend', 'api-server', 'cache']).map(f => f.id);
		const byId = new Map(t.containers.map(c => [c.id, c]));
		const plan = {
			network: t.networks.find(n => n.id === backend)!,
			members: [byId.get(api!)!, byId.get(cache!)!],
			byIp: false,
			stopped: [],
			cli: [],
			cells: [
				{from: 'api-server', to: 'cache', target: 'cache', state: 'ok', rttMs: 0.1, reason: null},
				{from: 'cache', to: 'api-server', target: 'api-server', state: 'fail', rttMs: null, reason: 'x'},
			],
		} as MatrixPlan;
		const marks = matrixMarks(plan);
		// api-server answered cache but cache could not reach api-server: both edges are marked unreachable.
		assert.deepEqual([marks.get(`${backend}|${api}`), marks.get(`${backend}|${cache}`)], ['bad', 'bad']);
		plan.cells[1]!.state = 'ok';
		const ok = matrixMarks(plan);
		plan.cells[1]!.state = 'running';
		const running = matrixMarks(plan);
		assert.deepEqual([ok.get(`${backend}|${api}`), running.get(`${backend}|${api}`)], ['ok', 'pending']);
		const r = render(
			<MapView
				topology={t}
				width={80}
				height={22}
				initial={{kind: 'container', id: api!}}
				keymap={buildKeymap(false)}
				matrix={{
					networkId: backend!,
					marks: new Map([
						[`${backend}|${api}`, 'ok'],
						[`${backend}|${cache}`, 'bad'],
					]),
					note: 'matrix backend: 1/2 pairs reachable',
				}}
				onOpen={() => {}}
				onClose={() => {}}
				onMatrix={() => {}}
				onWrite={() => {}}
				onQuit={() => {}}
			/>,
		);
		const frame = await frameMatching(r, /matrix backend/);
		assert.match(lineWith(frame, /^│api-server/), /api-server\s+·\s+✓─+●/);
		assert.match(lineWith(frame, /^│cache/), /cache\s+·\s+✗/);
		assert.match(lineWith(frame, 'matrix backend'), /1\/2 pairs reachable: ✓ reachable {2}✗ unreachable/);
	});
});
