// Issue 14 item 1: dialog and form input survives a resize through the "too small" screen.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import {App} from '../../source/app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine, type MemoryEngine} from '../helpers/memory-engine.js';

const ENV = {LANG: 'C.UTF-8'};
const TAB = '\t';

function app(engine: MemoryEngine, columns: number, rows: number) {
	return (
		<App
			engine={engine}
			endpoint="memory://test"
			readOnly={false}
			env={ENV}
			size={{columns, rows}}
			writeRaw={() => {}}
			onQuit={() => {}}
			feedOptions={{batchMs: 5}}
		/>
	);
}

async function type(r: ReturnType<typeof render>, text: string) {
	for (const ch of text) await press(r, ch);
}

afterEach(() => cleanup());

describe('resize keeps dialog input', () => {
	it('connect dialog fields survive 40x12 and back', async () => {
		const engine = seedMemoryEngine();
		const r = render(app(engine, 100, 32));
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24\s+mysql/);
		await press(r, 'j', 'c');
		await frameMatching(r, /Connect a container to backend/);
		await type(r, 'web');
		await press(r, TAB);
		await type(r, 'web-b');
		await frameMatching(r, /--alias web-b backend web/);
		r.rerender(app(engine, 40, 12));
		await frameMatching(r, /bigger terminal/);
		r.rerender(app(engine, 100, 32));
		const frame = await frameMatching(r, /Connect a container to backend/);
		assert.match(frame, /Find\s+web/);
		assert.match(frame, /Aliases\s+web-b/);
		assert.match(frame, /\$ docker network connect --alias web-b backend web/);
		// Typing continues in the field that had the cursor.
		await type(r, 'x');
		await frameMatching(r, /--alias web-bx backend web/);
	});

	it('the n create form keeps its fields and toggles', async () => {
		const engine = seedMemoryEngine();
		const r = render(app(engine, 100, 32));
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		await press(r, 'n');
		await frameMatching(r, /Create a network/);
		await type(r, 'kept-net');
		await press(r, TAB, TAB);
		await type(r, '10.61.0.0/24');
		await frameMatching(r, /docker network create --subnet 10\.61\.0\.0\/24 kept-net/);
		r.rerender(app(engine, 40, 12));
		await frameMatching(r, /bigger terminal/);
		r.rerender(app(engine, 100, 32));
		const frame = await frameMatching(r, /Create a network/);
		assert.match(frame, /Name\s+kept-net/);
		assert.match(frame, /docker network create --subnet 10\.61\.0\.0\/24 kept-net/);
	});
});
