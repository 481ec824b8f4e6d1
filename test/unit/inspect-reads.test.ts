// `docknet inspect NAME` reads only what it shows (commands/inspect-topology.ts): the
// output equals what the full load gives, for every network and container of the seed
// plus the awkward cases, with a handful of calls instead of one inspect per container.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {renderContainer, renderNetwork} from '../../source/cli/inspect.js';
import {inspectOne} from '../../source/commands/inspect-topology.js';
import {loadTopology} from '../../source/commands/load-topology.js';
import {containerJson, networkJson} from '../../source/domain/json.js';
import {findContainer, findNetwork} from '../../source/domain/selectors.js';
import {seedMemoryEngine, type MemoryEngine} from '../helpers/memory-engine.js';

function engineWithExtras(): MemoryEngine {
	const engine = seedMemoryEngine();
	engine.addContainer({name: 'clash', networks: [{name: 'app-net', aliases: ['db', 'shared']}]});
	engine.addContainer({name: 'stopped-far', state: 'exited', networks: ['backend', 'app-net']});
	for (let i = 0; i < 30; i++) engine.addContainer({name: `filler-${i}`, networks: ['frontend']});
	return engine;
}

describe('inspect NAME reads only what it shows', () => {
	it('gives the full load’s output for every network and container, by name and by id', async () => {
		const engine = engineWithExtras();
		const full = await loadTopology(engine);
		// A prefix only where it is unique (the engine refuses ambiguous ones; this fake takes the first).
		const prefix = (id: string, all: Array<{id: string}>) => {
			for (let n = 4; n < id.length; n++) if (all.filter(x => x.id.startsWith(id.slice(0, n))).length === 1) return [id.slice(0, n)];
			return [];
		};
		for (const n of full.networks) {
			for (const ref of [n.name, n.id, ...prefix(n.id, [...full.networks, ...full.containers])]) {
				engine.calls.length = 0;
				const item = await inspectOne(engine, ref, undefined);
				assert.ok(item && item.kind === 'network', `${ref} is a network`);
				assert.equal(renderNetwork(item.topology, item.network), renderNetwork(full, findNetwork(full, n.id)!), ref);
				assert.deepEqual(networkJson(item.topology, item.network), networkJson(full, findNetwork(full, n.id)!), ref);
				assert.ok(!engine.calls.includes('listNetworks'), `${ref}: no network list`);
				const inspects = engine.calls.filter(c => c === 'inspectContainer').length;
				// Its members (live and configured) plus the container look-up of the name.
				const members = new Set([...full.endpoints, ...full.configured].filter(e => e.networkId === n.id).map(e => e.containerId));
				assert.equal(inspects, members.size + 1, `${ref}: inspects`);
			}
		}
		for (const c of full.containers) {
			for (const ref of [c.name, c.id, ...prefix(c.id, [...full.networks, ...full.containers])]) {
				engine.calls.length = 0;
				const item = await inspectOne(engine, ref, undefined);
				assert.ok(item && item.kind === 'container', `${ref} is a container`);
				assert.equal(renderContainer(item.topology, item.container), renderContainer(full, findContainer(full, c.id)!), ref);
				assert.deepEqual(containerJson(item.topology, item.container), containerJson(full, findContainer(full, c.id)!), ref);
				assert.deepEqual(
					engine.calls.filter(x => x === 'listNetworks' || x === 'listContainers'),
					[],
					`${ref}: no list call`,
				);
				assert.equal(engine.calls.filter(x => x === 'inspectContainer').length, 1, `${ref}: one container inspect`);
			}
		}
	});

	it('leaves to the lists what the engine does not settle, and reports a name that is both', async () => {
		const engine = engineWithExtras();
		assert.equal(await inspectOne(engine, 'nosuch', undefined), null);
		assert.equal(await inspectOne(engine, '', undefined), null);
		assert.equal(await inspectOne(engine, 'a/b', undefined), null);
		assert.equal(await inspectOne(engine, 'web', 'network'), null);
		engine.addNetwork({name: 'web'});
		assert.deepEqual(await inspectOne(engine, 'web', undefined), {kind: 'both'});
		assert.equal((await inspectOne(engine, 'web', 'network'))?.kind, 'network');
		assert.equal((await inspectOne(engine, 'web', 'container'))?.kind, 'container');
	});
});
