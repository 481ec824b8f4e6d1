// On an engine the conformance suite has not proven, the explorer's destructive writes
// (remove, prune, forced disconnect) need a second Enter after a notice; so does removing
// a network whose users the engine does not show.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {detectFlavor} from '../../source/engine/flavor.js';
import type {EngineInfo, RawContainerSummary} from '../../source/engine/port.js';
import {frameMatching, press} from '../helpers/ink.js';
import {MemoryEngine, seedMemoryEngine} from '../helpers/memory-engine.js';
import {renderApp} from '../helpers/render-app.js';

afterEach(() => cleanup());

const ENTER = '\r';

function engineReporting(version: string): MemoryEngine {
	const engine = seedMemoryEngine();
	const info = engine.info.bind(engine);
	const flavor = detectFlavor({Version: version, ApiVersion: '1.41', Components: [{Name: 'Podman Engine', Version: version}]});
	engine.info = async (): Promise<EngineInfo> => ({...(await info()), flavor});
	return engine;
}

async function open(engine: MemoryEngine) {
	const r = renderApp(engine);
	await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24\s+mysql/);
	return r;
}

const removes = (engine: MemoryEngine) => engine.calls.filter(c => c === 'removeNetwork').length;

describe('second confirmation on an unproven engine', () => {
	it('prune: the first Enter shows the notice, the second removes', async () => {
		const engine = engineReporting('4.9.3');
		const r = await open(engine);
		await frameMatching(r, /UNPROVEN ENGINE/);
		await press(r, 'P');
		await frameMatching(r, /1 unused network would be removed/);
		await press(r, ENTER);
		await frameMatching(r, /Podman 4\.9\.3 is not proven.*\n?[\s\S]*Press Enter again/);
		assert.equal(removes(engine), 0);
		await press(r, ENTER);
		await frameMatching(r, /Removed 1 network/);
		assert.equal(removes(engine), 1);
	});

	it('a proven engine removes on the first Enter', async () => {
		const engine = engineReporting('5.4.2');
		const r = await open(engine);
		await press(r, 'P');
		await frameMatching(r, /1 unused network would be removed/);
		await press(r, ENTER);
		await frameMatching(r, /Removed 1 network/);
		assert.equal(removes(engine), 1);
	});
});

describe('a network whose users the engine does not show', () => {
	it('remove: refused first, removed after one more Enter', async () => {
		const engine = seedMemoryEngine();
		const list = engine.listContainers.bind(engine);
		const inspect = engine.inspectContainer.bind(engine);
		engine.listContainers = async () =>
			(await list()).map((c): RawContainerSummary => (c.Names?.[0] === '/web' ? {...c, NetworkSettings: {Networks: null}} : c));
		engine.inspectContainer = async (ref: string) => {
			const raw = await inspect(ref);
			return raw.Name === '/web' ? {...raw, NetworkSettings: {...raw.NetworkSettings, Networks: {}}} : raw;
		};
		const r = renderApp(engine);
		await frameMatching(r, /unused-net/);
		for (let i = 0; i < 8; i++) {
			if (/▸ unused-net/.test(r.lastFrame() ?? '')) break;
			await press(r, 'j');
		}
		await frameMatching(r, /▸ unused-net/);
		await press(r, 'D');
		await frameMatching(r, /unused-net has no containers attached/);
		await press(r, ENTER);
		await frameMatching(r, /cannot be determined[\s\S]*Press Enter again to remove unused-net anyway/);
		assert.equal(removes(engine), 0);
		await press(r, ENTER);
		await frameMatching(r, /remove network unused-net/);
		assert.equal(removes(engine), 1);
	});
});
