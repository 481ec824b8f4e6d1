// Cancelling a probe stops the process inside the container, not just the stream:
// after 100 start/cancel cycles (cancelled at different moments, some before the exec
// has even started) `docker top` shows no probe process in any container.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {loadTopology} from '../../source/commands/load-topology.js';
import {Prober} from '../../source/commands/probe.js';
import {mapBounded} from '../../source/commands/load-topology.js';
import {findContainer} from '../../source/domain/selectors.js';
import type {Container, Topology} from '../../source/domain/types.js';
import {
	RUN_ID,
	TEST_LABEL,
	cleanupTestResources,
	docker,
	requireSandbox,
	sandboxEngine,
	sandboxEnv,
	uniqueName,
	waitFor,
} from '../helpers/sandbox.js';

const engine = sandboxEngine();
const bare = uniqueName('cancel-bare');
const net = uniqueName('cancel-net');
const peer = uniqueName('cancel-peer');

// What our probes look like in `docker top` (host ps args): ping -w 600 TARGET, nslookup NAME, nc -w N HOST PORT.
const PROBE_PROCESS = /^(ping -w \d+ |ping -c \d+ |nslookup |nc -w \d+ )/;

/** Probe processes that were already running before this file started (another run's, ending by themselves). */
const baseline = new Set<string>();

async function probeProcesses(): Promise<string[]> {
	const running = (await docker(['ps', '-q'])).stdout.split('\n').filter(Boolean);
	const left: string[] = [];
	await Promise.all(
		running.map(async id => {
			try {
				for (const p of await engine.top(id))
					if (PROBE_PROCESS.test(p.command) && !baseline.has(p.pid)) left.push(`${id.slice(0, 12)}: ${p.command}`);
			} catch {
				// a container that stopped meanwhile has no processes
			}
		}),
	);
	return left;
}

before(async () => {
	await requireSandbox();
	for (const id of (await docker(['ps', '-q'])).stdout.split('\n').filter(Boolean)) {
		for (const p of await engine.top(id).catch(() => [])) if (PROBE_PROCESS.test(p.command)) baseline.add(p.pid);
	}
	const L = ['--label', TEST_LABEL];
	await docker(['network', 'create', ...L, net]);
	await docker(['run', '-d', ...L, '--name', bare, '--network', net, sandboxEnv().DOCKNET_BARE_IMAGE || 'docknet-bare:latest']);
	await docker([
		'run',
		'-d',
		...L,
		'--name',
		peer,
		'--network',
		net,
		sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest',
		'sleep',
		'600',
	]);
});

after(async () => {
	await cleanupTestResources();
});

describe('cancellation', () => {
	it('100 start/cancel cycles leave no probe process in any container', {timeout: 240_000}, async () => {
		const t: Topology = await waitFor(
			async () => {
				const x = await loadTopology(engine);
				return ['web', 'db'].every(n => findContainer(x, n)?.state === 'running') && findContainer(x, bare)?.state === 'running' ? x : null;
			},
			{timeout: 60_000, interval: 250, what: 'web, db and the test containers'},
		);
		const web = findContainer(t, 'web') as Container;
		const bareC = findContainer(t, bare) as Container;
		const dbIp = t.endpoints.find(e => e.containerId === findContainer(t, 'db')!.id)!.ipv4!;
		// An address on web's own network that nobody holds: nc waits there until stopped.
		const silent = dbIp.replace(/\.\d+$/, '.250');
		const prober = new Prober(engine, {
			helperImage: sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest',
			helperLabels: {'docknet.test': RUN_ID},
			maxConcurrent: 6,
		});
		const outcomes = {cancelled: 0, finished: 0, gone: 0, left: 0};
		const started = Date.now();
		try {
			await mapBounded(
				Array.from({length: 100}, (_, i) => i),
				4,
				async i => {
					const controller = new AbortController();
					// Cancel at different moments: at once (before the exec starts), mid-start, after replies.
					const delay = [0, 5, 20, 60, 150, 400][i % 6]!;
					const timer = setTimeout(() => controller.abort(), delay);
					const signal = controller.signal;
					let result: {cancelled: boolean; stop?: string};
					if (i % 10 === 3) result = await prober.port(web, silent, 80, {signal, timeoutSec: 30});
					else if (i % 10 === 7) result = await prober.dns(web, 'db', {signal});
					else if (i % 10 === 9)
						result = await prober.ping(bareC, peer, {signal}); // through the helper
					else result = await prober.ping(web, 'db', {signal});
					clearTimeout(timer);
					if (result.cancelled) outcomes.cancelled++;
					else outcomes.finished++;
					if (result.stop === 'gone') outcomes.gone++;
					if (result.stop === 'left-running') outcomes.left++;
				},
			);
			const seconds = (Date.now() - started) / 1000;
			process.stdout.write(`# 100 cycles in ${seconds.toFixed(1)} s: ${JSON.stringify(outcomes)}\n`);
			assert.equal(outcomes.left, 0);
			assert.ok(outcomes.cancelled >= 80, `most cycles were cancelled mid-probe: ${JSON.stringify(outcomes)}`);
			assert.equal(prober.limiter.running, 0);
			// Checked right away: stopProbe waits for the engine to report each process gone.
			assert.deepEqual(await probeProcesses(), []);
		} finally {
			await prober.dispose();
		}
		assert.deepEqual(await probeProcesses(), []);
	});

	it('never runs more probe processes than the limit', {timeout: 60_000}, async () => {
		const t = await loadTopology(engine);
		const web = findContainer(t, 'web')!;
		const prober = new Prober(engine, {maxConcurrent: 3});
		let peak = 0;
		const controller = new AbortController();
		const pings = Array.from({length: 9}, () =>
			prober.ping(web, 'db', {
				signal: controller.signal,
				onReply: () => {
					peak = Math.max(peak, prober.limiter.running);
				},
			}),
		);
		try {
			await waitFor(() => prober.limiter.running === 3 && prober.limiter.waiting === 6, {what: '3 running, 6 waiting'});
			// The engine starts an exec's process just after answering the attach: poll.
			const ours = async () => (await engine.top(web.id)).filter(p => PROBE_PROCESS.test(p.command) && !baseline.has(p.pid)).length;
			await waitFor(async () => (await ours()) === 3, {what: '3 ping processes in web'});
			await new Promise(resolve => setTimeout(resolve, 300));
			assert.equal(await ours(), 3, 'still 3, not more');
		} finally {
			controller.abort();
		}
		const results = await Promise.all(pings);
		assert.equal(results.filter(r => r.cancelled).length, 9);
		assert.equal(results.filter(r => r.stop === 'gone').length, 3, 'three were running and were stopped; six never started');
		assert.ok(peak <= 3);
		assert.deepEqual(await probeProcesses(), []);
		await prober.dispose();
	});
});
