// The live topology follows changes made from outside (docker CLI) without a reload.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {TopologyFeed} from '../../source/hooks/topology-feed.js';
import {endpointsOfContainer, findContainer, findNetwork} from '../../source/domain/selectors.js';
import {TEST_LABEL, cleanupTestResources, docker, requireSandbox, sandboxEngine, uniqueName, waitFor} from '../helpers/sandbox.js';

describe('TopologyFeed on the real engine', () => {
	const feed = new TopologyFeed(sandboxEngine());
	const net = uniqueName('events-net');
	const ctr = uniqueName('events-ctr');

	before(async () => {
		await requireSandbox();
		await feed.start();
		assert.equal(feed.state.status, 'connected', feed.state.error ?? '');
	});
	after(async () => {
		feed.stop();
		await cleanupTestResources();
	});

	const topology = () => feed.state.topology!;

	it('draws the seed from the snapshot, then fills aliases in from inspects', async () => {
		assert.ok(findNetwork(topology(), 'app-net'));
		const db = await waitFor(
			() => {
				const c = findContainer(topology(), 'db');
				const e = c && endpointsOfContainer(topology(), c.id)[0];
				return e?.aliases ? e : null;
			},
			{what: 'db aliases'},
		);
		assert.deepEqual(db.aliases, ['mysql']);
		await waitFor(() => feed.state.pendingDetails === 0, {what: 'all details'});
	});

	it('sees create, run, connect, disconnect, stop and removal made from outside', async () => {
		await docker(['network', 'create', '--label', TEST_LABEL, net]);
		await waitFor(() => findNetwork(topology(), net), {what: `network ${net} to appear`});

		await docker(['run', '-d', '--name', ctr, '--label', TEST_LABEL, 'docknet-busybox:latest', 'sleep', '600']);
		await waitFor(() => findContainer(topology(), ctr)?.state === 'running', {what: 'container running'});

		await docker(['network', 'connect', '--alias', 'evt-alias', net, ctr]);
		const endpoint = await waitFor(
			() => {
				const c = findContainer(topology(), ctr);
				return c && endpointsOfContainer(topology(), c.id).find(e => e.networkName === net);
			},
			{what: 'connect to show'},
		);
		assert.deepEqual(endpoint.aliases, ['evt-alias'], 'aliases come with the event (re-read by inspect)');
		assert.ok(endpoint.ipv4);

		await docker(['network', 'disconnect', net, ctr]);
		await waitFor(
			() => {
				const c = findContainer(topology(), ctr);
				return c && !endpointsOfContainer(topology(), c.id).some(e => e.networkName === net);
			},
			{what: 'disconnect to show'},
		);

		await docker(['rename', ctr, `${ctr}-renamed`]);
		await waitFor(() => findContainer(topology(), `${ctr}-renamed`), {what: 'rename to show'});

		await docker(['rm', '-f', `${ctr}-renamed`]);
		await waitFor(() => !findContainer(topology(), `${ctr}-renamed`), {what: 'container removal to show'});

		await docker(['network', 'rm', net]);
		await waitFor(() => !findNetwork(topology(), net), {what: 'network removal to show'});
	});
});
