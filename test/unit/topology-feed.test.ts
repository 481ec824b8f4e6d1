import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {TopologyFeed} from '../../source/hooks/topology-feed.js';
import {endpointsOfContainer, findContainer, findNetwork} from '../../source/domain/selectors.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';
import {waitFor} from '../helpers/sandbox.js';

describe('TopologyFeed', () => {
	it('re-reads only what an event touched', async () => {
		const engine = seedMemoryEngine();
		const feed = new TopologyFeed(engine, {batchMs: 5});
		await feed.start();
		await waitFor(() => feed.state.pendingDetails === 0);
		const before = engine.calls.length;
		const web = engine.containerByRef('web');
		await engine.connectNetwork('backend', 'web', {aliases: ['www']});
		await waitFor(() => endpointsOfContainer(feed.state.topology!, web.id).some(e => e.networkName === 'backend' && e.aliases?.includes('www')));
		const calls = engine.calls.slice(before).filter(c => c !== 'connectNetwork');
		assert.deepEqual(calls, ['inspectContainer']);
		feed.stop();
	});

	it('keeps the last topology while the engine is gone and reconnects with a fresh snapshot', async () => {
		const engine = seedMemoryEngine();
		const feed = new TopologyFeed(engine, {batchMs: 5, backoffMs: {initial: 10, max: 40}});
		await feed.start();
		engine.down = true;
		engine.dropStreams();
		await waitFor(() => feed.state.status === 'reconnecting', {what: 'reconnecting'});
		assert.ok(findContainer(feed.state.topology!, 'web'), 'last topology kept');
		assert.match(feed.state.error ?? '', /ended|ECONNREFUSED/);
		// While down, something changes; the fresh snapshot must show it.
		engine.down = false;
		engine.addNetwork({name: 'while-away'});
		engine.down = true;
		await new Promise(resolve => setTimeout(resolve, 30));
		engine.down = false;
		await waitFor(() => feed.state.status === 'connected', {what: 'reconnected'});
		await waitFor(() => findNetwork(feed.state.topology!, 'while-away'), {what: 'fresh snapshot'});
		feed.stop();
	});

	it('drops containers and networks on destroy', async () => {
		const engine = seedMemoryEngine();
		const feed = new TopologyFeed(engine, {batchMs: 5});
		await feed.start();
		await engine.removeContainer('batch');
		await engine.removeNetwork('unused-net');
		await waitFor(() => !findContainer(feed.state.topology!, 'batch') && !findNetwork(feed.state.topology!, 'unused-net'));
		feed.stop();
	});
});
