import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {TopologyFeed} from '../../source/hooks/topology-feed.js';
import {endpointsOfContainer, findContainer, findNetwork} from '../../source/domain/selectors.js';
import {seedMemoryEngine, type MemoryEngine} from '../helpers/memory-engine.js';
import {EngineError, type RawContainerInspect, type RawEvent} from '../../source/engine/port.js';
import {waitFor} from '../helpers/sandbox.js';

/** Makes `engine` hold its answers to inspects of container `name` until released, as a
 * busy engine does; `answer` may change what it finally says. */
function holdInspects(engine: MemoryEngine, name: string, answer = (a: RawContainerInspect) => a) {
	let open!: () => void;
	const gate = new Promise<void>(resolve => (open = resolve));
	const hold = {held: 0, release: () => open()};
	const inspect = engine.inspectContainer.bind(engine);
	engine.inspectContainer = async (ref: string): Promise<RawContainerInspect> => {
		const read = await inspect(ref);
		if (read.Name !== `/${name}`) return read;
		hold.held++;
		await gate;
		return answer(read);
	};
	return hold;
}

describe('TopologyFeed', () => {
	it('re-reads only what an event touched', async () => {
		const engine = seedMemoryEngine();
		const feed = new TopologyFeed(engine, {batchMs: 5});
		await feed.start();
		await waitFor(() => feed.state.pendingDetails === 0);
		const before = engine.calls.length;
		const web = engine.containerByRef('web');
		await engine.connectNetwork('backend', 'web', {aliases: ['www']});
		await waitFor(() =>
			endpointsOfContainer(feed.state.topology!, web.id).some(e => e.networkName === 'backend' && e.aliases?.includes('www')),
		);
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
		// (Synchronously, so no new event stream can see it: only a fresh snapshot can.)
		engine.down = false;
		engine.addNetwork({name: 'while-away'});
		await waitFor(() => feed.state.status === 'connected', {what: 'reconnected'});
		await waitFor(() => findNetwork(feed.state.topology!, 'while-away'), {what: 'fresh snapshot'});
		feed.stop();
	});

	it('draws early lists while a slow event stream opens, then the snapshot replaces them', async () => {
		const engine = seedMemoryEngine();
		// An ssh-like stream: it opens only when released, and no event flows before it does.
		let open!: () => void;
		const opened = new Promise<void>(resolve => (open = resolve));
		const subscribe = engine.subscribeEvents.bind(engine);
		engine.subscribeEvents = (onEvent: (event: RawEvent) => void, signal: AbortSignal) => {
			const inner = opened.then(() => subscribe(onEvent, signal));
			return {ready: inner.then(s => s.ready), done: inner.then(s => s.done), slowStart: true};
		};
		const feed = new TopologyFeed(engine, {batchMs: 5, checkIntervalMs: 0, liveness: false});
		void feed.start();
		await waitFor(() => feed.state.topology !== null, {what: 'a first picture before the stream is open'});
		assert.ok(findNetwork(feed.state.topology!, 'app-net'));
		assert.equal(feed.state.status, 'connecting', 'not live yet');
		// Created while the stream was still opening: its event is never seen, the snapshot shows it.
		engine.addNetwork({name: 'while-opening'});
		open();
		await waitFor(() => feed.state.status === 'connected', {what: 'connected'});
		assert.ok(findNetwork(feed.state.topology!, 'while-opening'), 'the snapshot after the stream opened');
		assert.equal(engine.calls.filter(c => c === 'listNetworks').length, 2);
		feed.stop();
	});

	it('takes the lists once when the event stream opens quickly', async () => {
		const engine = seedMemoryEngine();
		const feed = new TopologyFeed(engine, {batchMs: 5, checkIntervalMs: 0, liveness: false});
		await feed.start();
		assert.equal(feed.state.status, 'connected');
		assert.equal(engine.calls.filter(c => c === 'listNetworks').length, 1);
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

	it('drops an inspect answer that is older than a later event for the same container', async () => {
		const engine = seedMemoryEngine();
		const feed = new TopologyFeed(engine, {batchMs: 5, checkIntervalMs: 0, liveness: false});
		await feed.start();
		await waitFor(() => feed.state.pendingDetails === 0);
		const victim = engine.addContainer({name: 'victim', networks: ['app-net']});
		await waitFor(() => findContainer(feed.state.topology!, 'victim'), {what: 'victim shown'});
		// The next inspect of `victim` reads the engine at once but answers only when
		// released, as a busy engine does: by then the container has been removed.
		const hold = holdInspects(engine, 'victim', answer => ({...answer, State: {...answer.State, Status: 'removing'}}));
		await engine.connectNetwork('backend', victim.id, {});
		await waitFor(() => hold.held === 1, {what: 'the inspect under way'});
		let emits = 0;
		feed.subscribe(() => emits++);
		await engine.removeContainer(victim.id);
		// The destroy is applied (it needs no read)…
		await waitFor(() => emits > 0, {what: 'destroy applied'});
		assert.equal(findContainer(feed.state.topology!, 'victim'), null);
		hold.release();
		// …and the late answer must not bring it back.
		await waitFor(() => feed.stats?.staleDropped >= 1 || findContainer(feed.state.topology!, 'victim'), {what: 'the late answer handled'});
		assert.equal(findContainer(feed.state.topology!, 'victim'), null, 'no phantom');
		assert.equal(feed.stats.staleDropped, 1);
		feed.stop();
	});

	it('reads again what the engine failed to answer, instead of waiting for the check', async () => {
		const engine = seedMemoryEngine();
		const feed = new TopologyFeed(engine, {batchMs: 5, checkIntervalMs: 0, liveness: false});
		await feed.start();
		await waitFor(() => feed.state.pendingDetails === 0);
		// A busy engine answers the first two reads of the new container with an error.
		let failures = 0;
		const inspect = engine.inspectContainer.bind(engine);
		engine.inspectContainer = async (ref: string): Promise<RawContainerInspect> => {
			const answer = await inspect(ref);
			if (answer.Name === '/late' && failures < 2) {
				failures++;
				throw new EngineError('server', 'Error response from daemon: request timed out', 500);
			}
			return answer;
		};
		engine.addContainer({name: 'late', networks: ['app-net']});
		await waitFor(() => findContainer(feed.state.topology!, 'late'), {what: 'late shown through its event alone'});
		assert.equal(failures, 2);
		assert.equal(feed.stats.readRetries, 2);
		assert.equal(feed.stats.driftRepairs, 0);
		feed.stop();
	});

	it("a check while an event's read is still under way counts no drift", async () => {
		const engine = seedMemoryEngine();
		const feed = new TopologyFeed(engine, {
			batchMs: 5,
			checkIntervalMs: 0,
			liveness: false,
			createGraceMs: 0,
			checkSettleMs: 1,
			checkConfirmMs: 1,
		});
		await feed.start();
		await waitFor(() => feed.state.pendingDetails === 0);
		// A loaded engine answers the new container's read only when released.
		const hold = holdInspects(engine, 'slow');
		engine.addContainer({name: 'slow', networks: ['app-net']});
		await waitFor(() => hold.held === 1, {what: 'the read under way'});
		assert.equal(await feed.checkNow(), 0, 'the pending read is not drift');
		assert.equal(feed.stats.driftRepairs, 0);
		hold.release();
		await waitFor(() => findContainer(feed.state.topology!, 'slow'), {what: 'slow shown by its own read'});
		feed.stop();
	});

	it('applies batches one at a time, in event order', async () => {
		const engine = seedMemoryEngine();
		const feed = new TopologyFeed(engine, {batchMs: 1, checkIntervalMs: 0, liveness: false});
		await feed.start();
		let inFlight = 0;
		let most = 0;
		const inspect = engine.inspectContainer.bind(engine);
		engine.inspectContainer = async (ref: string) => {
			inFlight++;
			most = Math.max(most, inFlight);
			await new Promise(resolve => setTimeout(resolve, 5));
			inFlight--;
			return inspect(ref);
		};
		await waitFor(() => feed.state.pendingDetails === 0);
		most = 0;
		for (let i = 0; i < 30; i++) {
			const c = engine.addContainer({name: `burst-${i}`, networks: ['app-net']});
			if (i % 2) await engine.removeContainer(c.id);
			await new Promise(resolve => setTimeout(resolve, 2));
		}
		await waitFor(() => feed.state.topology!.containers.filter(c => c.name.startsWith('burst-')).length === 15, {
			what: 'the even ones only',
		});
		assert.ok(most <= 8, `at most one batch's inspects at once (${most})`);
		feed.stop();
	});

	it('the consistency check repairs and counts what no event reported', async () => {
		const engine = seedMemoryEngine();
		// An engine that sends no network create/remove events (Podman 4.3) and loses a destroy.
		const subscribe = engine.subscribeEvents.bind(engine);
		engine.subscribeEvents = (onEvent: (event: RawEvent) => void, signal: AbortSignal) =>
			subscribe(event => {
				if (event.Type === 'network' && (event.Action === 'create' || event.Action === 'destroy')) return;
				if (event.Type === 'container' && event.Action === 'destroy') return;
				onEvent(event);
			}, signal);
		const feed = new TopologyFeed(engine, {
			batchMs: 5,
			checkIntervalMs: 0,
			checkSettleMs: 5,
			createGraceMs: 0,
			checkConfirmMs: 5,
			liveness: false,
		});
		await feed.start();
		await waitFor(() => feed.state.pendingDetails === 0);
		assert.equal(await feed.checkNow(), 0, 'nothing to repair at first');
		engine.addNetwork({name: 'silent-net'});
		await engine.removeNetwork('unused-net');
		await engine.removeContainer('batch');
		assert.equal(await feed.checkNow(), 3);
		const t = feed.state.topology!;
		assert.ok(findNetwork(t, 'silent-net'));
		assert.equal(findNetwork(t, 'unused-net'), null);
		assert.equal(findContainer(t, 'batch'), null);
		assert.equal(feed.stats.driftRepairs, 3);
		assert.equal(feed.stats.checks, 2);
		assert.equal(await feed.checkNow(), 0, 'repaired for good');
		feed.stop();
	});

	it('does not count as drift a change whose event is still on its way', async () => {
		const engine = seedMemoryEngine();
		const subscribe = engine.subscribeEvents.bind(engine);
		const late: RawEvent[] = [];
		let deliver: ((event: RawEvent) => void) | null = null;
		engine.subscribeEvents = (onEvent: (event: RawEvent) => void, signal: AbortSignal) => {
			deliver = onEvent;
			return subscribe(event => void late.push(event), signal);
		};
		const flush = () => late.splice(0).forEach(event => deliver!(event));
		const feed = new TopologyFeed(engine, {
			batchMs: 5,
			checkIntervalMs: 0,
			checkSettleMs: 5,
			checkConfirmMs: 100,
			createGraceMs: 0,
			liveness: false,
		});
		await feed.start();
		flush();
		await waitFor(() => feed.state.pendingDetails === 0);
		// The engine has connected web, the lists show it, the event comes 50 ms later.
		await engine.connectNetwork('backend', 'web', {aliases: ['slow']});
		const check = feed.checkNow();
		setTimeout(flush, 50);
		assert.equal(await check, 0);
		assert.equal(feed.stats.driftRepairs, 0);
		const web = engine.containerByRef('web');
		await waitFor(
			() =>
				endpointsOfContainer(feed.state.topology!, web.id)
					.find(e => e.networkName === 'backend')
					?.aliases?.includes('slow'),
			{what: 'the event applied'},
		);
		feed.stop();
	});

	it('a repaired container is read again, so its aliases come back', async () => {
		const engine = seedMemoryEngine();
		const subscribe = engine.subscribeEvents.bind(engine);
		let mute = false;
		engine.subscribeEvents = (onEvent: (event: RawEvent) => void, signal: AbortSignal) =>
			subscribe(event => void (mute || onEvent(event)), signal);
		const feed = new TopologyFeed(engine, {
			batchMs: 5,
			checkIntervalMs: 0,
			checkSettleMs: 5,
			createGraceMs: 0,
			checkConfirmMs: 5,
			liveness: false,
		});
		await feed.start();
		await waitFor(() => feed.state.pendingDetails === 0);
		mute = true;
		await engine.connectNetwork('backend', 'web', {aliases: ['quiet']});
		mute = false;
		assert.equal(await feed.checkNow(), 1);
		const web = engine.containerByRef('web');
		await waitFor(
			() =>
				endpointsOfContainer(feed.state.topology!, web.id)
					.find(e => e.networkName === 'backend')
					?.aliases?.includes('quiet'),
			{what: 'aliases re-read'},
		);
		feed.stop();
	});

	it('shows a hung engine as not answering, keeps the topology, and recovers by itself', async () => {
		const engine: MemoryEngine = seedMemoryEngine();
		// Liveness pings started (answered or not), to wait for the one after an abandoned ping.
		let pingsStarted = 0;
		const ping = engine.ping.bind(engine);
		engine.ping = signal => (pingsStarted++, ping(signal));
		const feed = new TopologyFeed(engine, {
			batchMs: 5,
			checkIntervalMs: 0,
			checkSettleMs: 5,
			liveness: {intervalMs: 10, timeoutMs: 50, giveUpMs: 200},
		});
		await feed.start();
		assert.equal(feed.state.answering, true);
		engine.hang();
		const hungAt = Date.now();
		await waitFor(() => !feed.state.answering, {what: 'not answering'});
		assert.ok(Date.now() - hungAt < 1000);
		assert.ok(findContainer(feed.state.topology!, 'web'), 'last topology kept');
		assert.equal(feed.state.status, 'connected');
		// Still hung after the first ping was abandoned (giveUpMs) and the next one started: stays "not answering".
		const pingsWhenHung = pingsStarted;
		await waitFor(() => pingsStarted >= pingsWhenHung + 1, {what: 'a ping after the abandoned one'});
		assert.equal(feed.state.answering, false);
		engine.resume();
		await waitFor(() => feed.state.answering, {what: 'answering again'});
		assert.equal(feed.stats.hangs, 1);
		feed.stop();
	});
});
