// Issue 14 item 5: docknet's helper containers (docknet.helper=1) stay out of the
// Containers pane, the connect picker and the search.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {renderApp} from '../helpers/render-app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';
import {HELPER_LABEL} from '../../source/commands/probe-host.js';
import {HELPER_LABEL_KEY} from '../../source/domain/helpers.js';

const ENV = {LANG: 'C.UTF-8'};

afterEach(() => cleanup());

describe('helper containers', () => {
	it('the label is the one the probe helpers get', () => assert.equal(HELPER_LABEL_KEY, HELPER_LABEL));

	it('are hidden from the Containers pane, the connect picker and the search', async () => {
		const engine = seedMemoryEngine();
		engine.addContainer({name: 'docknet-helper-web-0a1b2c', networkMode: 'container:web', labels: {[HELPER_LABEL]: '1'}});
		engine.addContainer({name: 'plainbox-zz', networks: ['bridge'], networkMode: 'default'});
		const r = renderApp(engine, {env: ENV, size: {columns: 120, rows: 40}});
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24\s+mysql/);
		await press(r, '2', 'G');
		const list = await frameMatching(r, /Endpoints of web/);
		assert.doesNotMatch(list, /docknet-helper/);
		await press(r, '1', 'c');
		await frameMatching(r, /Connect a container to app-net/);
		for (const ch of 'zz') await press(r, ch);
		await frameMatching(r, /plainbox-zz/);
		await press(r, '\u0015');
		for (const ch of 'helper') await press(r, ch);
		await frameMatching(r, /nothing matches "helper"/);
		await press(r, '\u001b', ':');
		for (const ch of 'docknet-helper') await press(r, ch);
		await frameMatching(r, /nothing matches "docknet-helper"/);
	});
});
