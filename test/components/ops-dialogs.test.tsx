// The operation dialogs in the explorer on the in-memory engine: each shows its docker
// line before Enter, refuses bad input without an engine write, runs the operation and
// the panes follow; engine errors are shown, never crash; read-only has none of it.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {renderApp} from '../helpers/render-app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {EngineError} from '../../source/engine/port.js';
import {sessionLog} from '../../source/state/operations.js';
import {MemoryEngine, seedMemoryEngine} from '../helpers/memory-engine.js';

const ENV = {LANG: 'C.UTF-8'};
type Rendered = ReturnType<typeof renderApp>;

function start(engine: MemoryEngine, options: {readOnly?: boolean; rows?: number} = {}): Rendered {
	return renderApp(engine, {readOnly: options.readOnly ?? false, env: ENV, size: {columns: 100, rows: options.rows ?? 32}});
}

/** Types text one character at a time (as a person would). */
async function type(r: Rendered, text: string): Promise<void> {
	for (const ch of text) await press(r, ch);
}

const DOWN = '\u001b[B';
const ESC = '\u001b';
const ENTER = '\r';
const TAB = '\t';
const writes = (engine: MemoryEngine) =>
	engine.calls.filter(c => /^(connectNetwork|disconnectNetwork|createNetwork|removeNetwork|pruneNetworks)$/.test(c));

/** Starts on the seed and waits until the aliases (container inspects) are in. */
async function ready(engine = seedMemoryEngine(), options: {readOnly?: boolean; rows?: number} = {}) {
	const r = start(engine, options);
	await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24\s+mysql/);
	return {r, engine};
}

afterEach(() => cleanup());

describe('operation dialogs', () => {
	it('connect web to backend with an alias: the docker line first, then live in the panes', async () => {
		const {r, engine} = await ready();
		await press(r, 'j'); // backend
		await frameMatching(r, /Endpoints on backend/);
		await press(r, 'c');
		await frameMatching(r, /Connect a container to backend/);
		await type(r, 'web');
		await press(r, TAB);
		await type(r, 'web-b');
		const frame = await frameMatching(r, /\$ docker network connect --alias web-b backend web/);
		assert.match(frame, /ready: Enter runs the command above/);
		assert.deepEqual(writes(engine), [], 'nothing written before Enter');
		await press(r, ENTER);
		const after = await frameMatching(r, /web\s+10\.30\.\d+\.\d+\/24\s+web-b/);
		assert.doesNotMatch(after, /Connect a container/, 'the dialog closed');
		assert.match(after, /connect web to backend \(alias web-b\)/, 'a notice says what was done');
		assert.deepEqual(writes(engine), ['connectNetwork']);
		assert.equal(sessionLog.snapshot()[0]!.lines[0], 'docker network connect --alias web-b backend web');
	});

	it('connect refuses a static IP outside the subnet before any engine call', async () => {
		const {r, engine} = await ready();
		await press(r, 'j', 'c');
		await frameMatching(r, /Connect a container to backend/);
		await type(r, 'legacy-a');
		await press(r, TAB, TAB);
		await type(r, '10.99.0.5');
		await frameMatching(r, /--ip: 10\.99\.0\.5 is outside "backend"'s subnet 10\.30\.0\.0\/24/);
		await press(r, ENTER);
		await frameMatching(r, /Connect a container to backend/);
		assert.deepEqual(writes(engine), []);
	});

	it('the connect picker stays on the same container when the list changes live', async () => {
		const {r, engine} = await ready();
		await press(r, 'j', 'c');
		await frameMatching(r, /Connect a container to backend/);
		await press(r, DOWN, DOWN, DOWN);
		const before = await frameMatching(r, /│ ▸ \S+/);
		const chosen = /│ ▸ (\S+)/.exec(before)?.[1];
		assert.ok(chosen, before);
		engine.addContainer({name: 'aaa-new', networks: ['app-net']});
		await frameMatching(r, /aaa-new/);
		const after = r.lastFrame()!;
		assert.match(after, new RegExp(`│ ▸ ${chosen}\\b`), `still on ${chosen}:\n${after}`);
		assert.match(after, new RegExp(`docker network connect backend ${chosen}`));
	});

	it('disconnect shows what is lost and the restore line; force needs a second confirmation', async () => {
		const engine = seedMemoryEngine();
		const forced: boolean[] = [];
		const original = engine.disconnectNetwork.bind(engine);
		engine.disconnectNetwork = (n, c, force) => {
			forced.push(force);
			return original(n, c, force);
		};
		const {r} = await ready(engine);
		await press(r, '3'); // endpoints of app-net: db first
		await press(r, 'd');
		let frame = await frameMatching(r, /Disconnect db from app-net/);
		assert.match(frame, /alias: mysql/);
		assert.match(frame, /\$ docker network disconnect app-net db/);
		assert.match(frame, /\$ docker network connect --alias mysql app-net db/);
		await press(r, 'f');
		frame = await frameMatching(r, /docker network disconnect --force app-net db/);
		assert.match(frame, /Press Enter to force it/);
		assert.deepEqual(forced, [], 'f alone does nothing');
		await press(r, ESC);
		await frameMatching(r, /⏎ disconnect/);
		await press(r, ENTER);
		await frameMatching(r, /disconnect db from app-net · to restore/);
		assert.deepEqual(forced, [false]);
	});

	it('create: overlapping subnet refused, then created with the form options', async () => {
		const {r, engine} = await ready();
		await press(r, 'n');
		await frameMatching(r, /Create a network/);
		await type(r, 'data-net');
		await press(r, TAB, TAB);
		await type(r, '10.10.0.0/16');
		await frameMatching(r, /overlaps 10\.10\.0\.0\/24 of network "app-net"/);
		await press(r, ENTER);
		assert.deepEqual(writes(engine), []);
		await press(r, '\u0015'); // Ctrl-U clears the field
		await type(r, '10.60.0.0/24');
		await press(r, TAB);
		await type(r, '10.60.0.1');
		await press(r, TAB, TAB, TAB, ' '); // internal
		// The line wraps inside the dialog: the command, then the name on the next row.
		await frameMatching(
			r,
			/\$ docker network create --subnet 10\.60\.0\.0\/24 --gateway 10\.60\.0\.1 --internal\s*│[^\n]*\n[^\n]*│\s+data-net\s/,
		);
		await press(r, ENTER);
		await frameMatching(r, /data-net\s+internal\s+10\.60\.0\.0\/24/);
		assert.deepEqual(writes(engine), ['createNetwork']);
	});

	it('remove: refused for bridge; in use offers disconnect all and remove', async () => {
		const {r, engine} = await ready();
		await press(r, 'j', 'j', 'D'); // bridge
		await frameMatching(r, /"bridge" is a predefined network/);
		await press(r, ENTER);
		await frameMatching(r, /Endpoints on bridge/);
		await press(r, 'g', 'D'); // app-net
		const frame = await frameMatching(r, /app-net is in use: 2 containers are attached/);
		assert.match(frame, /\$ docker network disconnect app-net db/);
		assert.match(frame, /\$ docker network rm app-net/);
		assert.match(frame, /stopped container "batch" is configured on "app-net"/);
		assert.match(frame, /⏎ disconnect all and remove/);
		// What is lost, with the line that puts it back (like d does).
		assert.match(frame, /db loses alias: mysql; IP 10\.10\.\d+\.\d+ \(assigned by the engine\) on app-net/);
		assert.match(frame, /restore: docker network connect --alias mysql app-net db/);
		// One Enter only asks for the confirmation of that list.
		await press(r, ENTER);
		await frameMatching(r, /Confirm: disconnect these 2 containers/);
		assert.deepEqual(writes(engine), []);
		await press(r, ENTER);
		await frameMatching(r, /disconnect 2 containers and remove network app-net/);
		assert.deepEqual(writes(engine), ['disconnectNetwork', 'disconnectNetwork', 'removeNetwork']);
	});

	it('prune: previews the unused networks and stopped members, removes exactly those, shows the result', async () => {
		const engine = seedMemoryEngine();
		engine.addNetwork({name: 'jobs', subnet: '10.70.0.0/24'});
		engine.addContainer({name: 'nightly', state: 'exited', networks: ['jobs']});
		const {r} = await ready(engine);
		await press(r, 'P');
		let frame = await frameMatching(r, /2 unused networks would be removed/);
		assert.match(frame, /jobs .*stopped: nightly/);
		assert.match(frame, /unused-net/);
		assert.match(frame, /stopped container "nightly" is configured on "jobs"/);
		assert.match(frame, /\$ docker network rm jobs unused-net/);
		await type(r, 'label=nope');
		await frameMatching(r, /Nothing to prune/);
		for (let i = 0; i < 'label=nope'.length; i++) await press(r, '\u007f');
		await frameMatching(r, /2 unused networks would be removed/);
		await press(r, ENTER);
		frame = await frameMatching(r, /Removed 2 networks/);
		assert.match(frame, /✓ jobs/);
		assert.match(frame, /✓ unused-net/);
		assert.equal(engine.calls.filter(c => c === 'pruneNetworks').length, 0, "never the engine's prune endpoint");
		assert.equal(engine.calls.filter(c => c === 'removeNetwork').length, 2);
	});

	it('an engine error is shown verbatim with an explanation, and the TUI keeps working', async () => {
		const engine = seedMemoryEngine();
		engine.connectNetwork = async () => {
			throw new EngineError(
				'invalid',
				'user specified IP address is supported only when connecting to networks with user configured subnets',
				400,
			);
		};
		const {r} = await ready(engine);
		await press(r, 'j', 'c');
		await frameMatching(r, /Connect a container to backend/);
		await type(r, 'legacy-a');
		await press(r, TAB, TAB);
		await type(r, '10.30.0.99');
		await frameMatching(r, /docker network connect --ip 10\.30\.0\.99 backend legacy-a/);
		await press(r, ENTER);
		const frame = await frameMatching(r, /engine: user specified IP address is supported only/);
		assert.match(
			frame,
			/static IP needs a network created with a\s+│?\s*│?\s*user-specified --subnet|static IP needs a network created with a user-specified/,
		);
		await press(r, ESC);
		await frameMatching(r, /Endpoints on backend/);
		await press(r, 'j');
		await frameMatching(r, /Endpoints on bridge/);
		assert.match(sessionLog.snapshot()[0]!.error ?? '', /user configured subnets — a static IP needs/);
	});

	it('L shows the session log', async () => {
		sessionLog.add({
			kind: 'create',
			summary: 'create bridge network logged-net',
			ok: true,
			lines: ['docker network create logged-net'],
			error: null,
			detail: 'id 0123456789ab',
		});
		const {r} = await ready();
		await press(r, 'L');
		const frame = await frameMatching(r, /Operations \(this run and earlier ones\)/);
		assert.match(frame, /✓ create bridge network logged-net/);
		assert.match(frame, /\$ docker network create logged-net/);
	});

	it('read-only: the operation keys do nothing and are not in the hints or help', async () => {
		const {r, engine} = await ready(seedMemoryEngine(), {readOnly: true});
		for (const key of ['c', 'n', 'D', 'P']) await press(r, key);
		await press(r, '3', 'd');
		const frame = r.lastFrame()!;
		assert.doesNotMatch(frame, /Connect|Create a network|Remove network|Prune|Disconnect/);
		assert.doesNotMatch(frame, /c connect|P prune/);
		assert.deepEqual(writes(engine), []);
		await press(r, '?');
		const help = await frameMatching(r, /Help — keys/);
		assert.doesNotMatch(help, /Connect: a container|Prune unused|New network/);
	});
});
