// Conformance: changes made from outside (the docker CLI) reach a TopologyFeed on this
// engine — network create, container run, connect with an alias, disconnect, removal.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {TopologyFeed} from '../../source/hooks/topology-feed.js';
import {endpointsOfContainer, findContainer, findNetwork} from '../../source/domain/selectors.js';
import {TEST_LABEL, cleanupTestResources, docker, sandboxEngine, sandboxEnv, uniqueName, waitFor} from '../helpers/sandbox.js';
import {requireEngine, seedTopology} from './engine-kind.js';

describe(`conformance ${process.env.DOCKNET_ENGINE_KIND}: live updates from the engine's events`, () => {
	const feed = new TopologyFeed(sandboxEngine());
	const net = uniqueName('cf-ev-net');
	const ctr = uniqueName('cf-ev-ctr');
	const topology = () => feed.state.topology!;
	// events arrive within a second on every engine; a resync-based fallback would be slower
	const soon = {timeout: 10_000};

	before(async () => {
		await requireEngine();
		await seedTopology();
		await feed.start();
		assert.equal(feed.state.status, 'connected', feed.state.error ?? '');
	});
	after(async () => {
		feed.stop();
		await cleanupTestResources();
	});

	it("starts from the seed, with db's alias mysql", async () => {
		assert.ok(findNetwork(topology(), 'app-net'));
		const db = await waitFor(
			() => {
				const c = findContainer(topology(), 'db');
				return c && endpointsOfContainer(topology(), c.id).find(e => e.aliases?.includes('mysql'));
			},
			{...soon, what: 'db with alias mysql'},
		);
		assert.ok(db.ipv4);
	});

	it('sees network create, run, connect, disconnect, container removal and network removal', async () => {
		await docker(['network', 'create', '--label', TEST_LABEL, net]);
		await waitFor(() => findNetwork(topology(), net), {...soon, what: `network ${net} to appear`});

		await docker([
			'run',
			'-d',
			'--name',
			ctr,
			'--label',
			TEST_LABEL,
			sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest',
			'sleep',
			'600',
		]);
		await waitFor(() => findContainer(topology(), ctr)?.state === 'running', {...soon, what: 'container running'});

		await docker(['network', 'connect', '--alias', 'cf-ev-alias', net, ctr]);
		const endpoint = await waitFor(
			() => {
				const c = findContainer(topology(), ctr);
				const n = findNetwork(topology(), net);
				return c && n && endpointsOfContainer(topology(), c.id).find(e => e.networkId === n.id && e.aliases?.includes('cf-ev-alias'));
			},
			{...soon, what: 'the connect (with its alias) to show'},
		);
		assert.ok(endpoint.ipv4, 'the new endpoint has an address');

		await docker(['network', 'disconnect', net, ctr]);
		await waitFor(
			() => {
				const c = findContainer(topology(), ctr);
				const n = findNetwork(topology(), net);
				return c && n && !endpointsOfContainer(topology(), c.id).some(e => e.networkId === n.id);
			},
			{...soon, what: 'the disconnect to show'},
		);

		await docker(['rm', '-f', ctr]);
		await waitFor(() => !findContainer(topology(), ctr), {...soon, what: 'container removal to show'});

		await docker(['network', 'rm', net]);
		await waitFor(() => !findNetwork(topology(), net), {...soon, what: 'network removal to show'});
	});
});
