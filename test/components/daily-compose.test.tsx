// Issue 14 item 8 (compose groups): the grouped view folds and unfolds a project, and
// its rows drop the repeated project prefix.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {renderApp} from '../helpers/render-app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';

const ENV = {LANG: 'C.UTF-8'};
const compose = (service: string) => ({'com.docker.compose.project': 'shop', 'com.docker.compose.service': service});

afterEach(() => cleanup());

describe('compose groups', () => {
	it('fold / unfold with z, Z unfolds all; rows without the project prefix', async () => {
		const engine = seedMemoryEngine();
		engine.addContainer({name: 'shop-web-1', networks: ['frontend'], labels: compose('web')});
		engine.addContainer({name: 'shop-db-1', networks: ['backend'], labels: compose('db')});
		engine.addContainer({name: 'shop-cache-1', networks: ['backend'], labels: compose('cache')});
		const r = renderApp(engine, {env: ENV, size: {columns: 110, rows: 40}});
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		await press(r, '2', 'C');
		const grouped = await frameMatching(r, /▼ shop \(3\)/);
		assert.match(grouped, /│. cache-1\s+running/);
		assert.doesNotMatch(grouped, /shop-web-1/);
		await press(r, 'g');
		await frameMatching(r, /Endpoints of shop-cache-1/);
		await press(r, 'z');
		const folded = await frameMatching(r, /▶ shop \(1 of 3 shown, z unfolds\)/);
		assert.doesNotMatch(folded, /│. web-1/);
		assert.match(folded, /│. cache-1/);
		await press(r, 'z');
		await frameMatching(r, /▼ shop \(3\)[\s\S]*web-1/);
		await press(r, 'z', 'Z');
		await frameMatching(r, /every compose project unfolded/);
		assert.match(r.lastFrame()!, /▼ shop \(3\)/);
	});
});
