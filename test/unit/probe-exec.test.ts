// The probe runner on the in-memory engine: a cancelled exec keeps running there too
// (as on the real engine) until the kill-by-marker exec ends it.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {KILL_SCRIPT, Limiter, MARKER_VAR, isAbortError, runProbe} from '../../source/commands/probe-exec.js';
import {Prober} from '../../source/commands/probe.js';
import {loadTopology} from '../../source/commands/load-topology.js';
import {findContainer} from '../../source/domain/selectors.js';
import {EngineError} from '../../source/engine/port.js';
import {MemoryEngine, seedMemoryEngine, type MemoryExec} from '../helpers/memory-engine.js';
import {waitFor} from '../helpers/wait.js';

/** A memory engine whose containers have busybox-like tools; ping replies every 5 ms until stopped. */
function engineWithTools(): MemoryEngine {
	const engine = seedMemoryEngine();
	engine.execHandler = async (container, spec, exec: MemoryExec) => {
		const [cmd] = spec.argv;
		if (engine.answerKillExec(container.id, spec.argv)) return {exitCode: 0};
		if (cmd === 'sh') {
			spec.onStdout?.('ping\nnslookup\nnc\ncat\ntr\n');
			return {exitCode: 0};
		}
		if (cmd === 'ping') {
			const count = spec.argv[1] === '-c' ? Number(spec.argv[2]) : Infinity;
			spec.onStdout?.(`PING ${spec.argv.at(-1)} (10.10.0.4): 56 data bytes\n`);
			for (let seq = 0; seq < count && exec.running; seq++) {
				spec.onStdout?.(`64 bytes from 10.10.0.4: seq=${seq} ttl=64 time=0.${seq + 1} ms\n`);
				await Promise.race([exec.done, new Promise(resolve => setTimeout(resolve, 5))]);
			}
			if (exec.running)
				spec.onStdout?.(`\n--- x ping statistics ---\n${count} packets transmitted, ${count} packets received, 0% packet loss\n`);
			return {exitCode: exec.running ? 0 : null};
		}
		return {exitCode: 127};
	};
	return engine;
}

const runningExecs = (engine: MemoryEngine) => [...engine.execs.values()].filter(e => e.running && e.argv[0] !== 'sh');

describe('runProbe', () => {
	it('stops the process in the container on cancel, by its marker', async () => {
		const engine = engineWithTools();
		const web = engine.containerByRef('web');
		const controller = new AbortController();
		let replies = 0;
		const done = runProbe(engine, web.id, ['ping', 'db'], {
			signal: controller.signal,
			killer: async () => ({container: web.id, reader: 'tr'}),
			onStdout: chunk => (replies += chunk.split('\n').filter(l => l.includes('seq=')).length),
		});
		await waitFor(() => replies >= 3, {interval: 2, what: '3 ping replies'});
		assert.equal(runningExecs(engine).length, 1);
		assert.ok(runningExecs(engine)[0]!.env[0]!.startsWith(`${MARKER_VAR}=`));
		controller.abort();
		const result = await done;
		assert.equal(result.cancelled, true);
		assert.equal(result.stop, 'gone');
		assert.equal(runningExecs(engine).length, 0);
		assert.deepEqual(await engine.top(web.id), []);
		const kill = [...engine.execs.values()].find(e => e.argv[2] === KILL_SCRIPT)!;
		assert.deepEqual(
			kill.argv.slice(3),
			['docknet-kill', runningMarker(kill), 'TERM', 'tr'],
			'marker passed as an argument, never as shell text',
		);
	});

	it('says when it cannot stop a process (no killer): the probe must end by itself', async () => {
		const engine = engineWithTools();
		const web = engine.containerByRef('web');
		const controller = new AbortController();
		const done = runProbe(engine, web.id, ['ping', 'db'], {signal: controller.signal, killer: async () => null});
		// Cancel once the process runs (not after a guessed sleep).
		await waitFor(() => runningExecs(engine).length === 1, {interval: 0, what: 'the ping exec to run'});
		controller.abort();
		assert.equal((await done).stop, 'left-running');
		assert.equal(runningExecs(engine).length, 1);
		for (const e of runningExecs(engine)) e.finish(null);
	});

	it('times out a probe and stops it', async () => {
		const engine = engineWithTools();
		const web = engine.containerByRef('web');
		const result = await runProbe(engine, web.id, ['ping', 'db'], {
			timeoutMs: 30,
			killer: async () => ({container: web.id, reader: 'cat'}),
		});
		assert.equal(result.timedOut, true);
		assert.equal(result.cancelled, false);
		assert.equal(result.stop, 'gone');
		assert.equal(runningExecs(engine).length, 0);
	});
});

function runningMarker(kill: MemoryExec): string {
	return kill.argv[4]!;
}

describe('Limiter', () => {
	it('runs at most max at once, in order, and lets waiters give up', async () => {
		const limiter = new Limiter(2);
		const a = await limiter.acquire();
		const b = await limiter.acquire();
		const order: string[] = [];
		const c = limiter.acquire().then(release => (order.push('c'), release));
		const controller = new AbortController();
		const d = limiter.acquire(controller.signal);
		const e = limiter.acquire().then(release => (order.push('e'), release));
		assert.equal(limiter.running, 2);
		assert.equal(limiter.waiting, 3);
		controller.abort();
		await assert.rejects(d, (error: unknown) => isAbortError(error));
		assert.equal(limiter.waiting, 2);
		a();
		a(); // releasing twice is harmless
		(await c)();
		b();
		(await e)();
		assert.deepEqual(order, ['c', 'e']);
		assert.equal(limiter.running, 0);
	});
});

describe('Prober on the memory engine', () => {
	it('pings with a count, streaming replies, and shows the docker CLI line', async () => {
		const engine = engineWithTools();
		const t = await loadTopology(engine);
		const prober = new Prober(engine);
		const seqs: number[] = [];
		const result = await prober.ping(findContainer(t, 'web')!, 'db', {count: 3, onReply: r => seqs.push(r.seq)});
		assert.deepEqual(seqs, [0, 1, 2]);
		assert.equal(result.stats.received, 3);
		assert.equal(result.stats.final, true);
		assert.deepEqual(result.where.cli, [['docker', 'exec', 'web', 'ping', '-c', '3', '-W', '1', '-w', '5', 'db']]);
	});

	it('refuses a stopped source with the fix', async () => {
		const engine = engineWithTools();
		const t = await loadTopology(engine);
		await assert.rejects(
			new Prober(engine).ping(findContainer(t, 'batch')!, 'db'),
			/batch is not running \(exited\): probes run inside it\. Start it first: docker start batch/,
		);
	});

	it('pings at once without detecting tools; detects them once per image when a cancel needs them', async () => {
		const engine = engineWithTools();
		const t = await loadTopology(engine);
		const prober = new Prober(engine);
		const detections = () => [...engine.execs.values()].filter(e => e.argv[0] === 'sh' && e.argv[2] !== KILL_SCRIPT).length;
		await prober.ping(findContainer(t, 'web')!, 'db', {count: 1});
		assert.equal(detections(), 0, 'ping ran in web at once (a trial): no detection exec before it');
		// Stopping a cancelled ping needs a shell: the tools are detected then, once per image.
		for (const name of ['web', 'db']) {
			const controller = new AbortController();
			const result = await prober.ping(findContainer(t, name)!, name === 'web' ? 'db' : 'web', {
				signal: controller.signal,
				onReply: () => controller.abort(),
			});
			assert.equal(result.cancelled, true);
			assert.equal(result.stop, 'gone');
		}
		assert.equal(detections(), 1, 'web and db share an image');
		assert.equal(runningExecs(engine).length, 0);
	});

	it('announces where the ping runs before its first reply; a missing ping (exit 127) goes the long way to a helper', async () => {
		const engine = engineWithTools();
		const bare = engine.addContainer({name: 'bare', image: 'docknet-bare:latest', networks: ['app-net']});
		const inner = engine.execHandler;
		const missing =
			'OCI runtime exec failed: exec failed: container_linux.go:380: starting container process caused: exec: "ping": executable file not found in $PATH: unknown\r\n';
		engine.execHandler = (container, spec, exec) => {
			if (container.id !== bare.id) return inner(container, spec, exec);
			spec.onStdout?.(missing);
			return {exitCode: 126};
		};
		const t = await loadTopology(engine);
		const events: string[] = [];
		const prober = new Prober(engine, {helperImage: 'docknet-busybox:latest'});
		const onStart = (where: {via: string}) => events.push(`start ${where.via}`);
		const onReply = (r: {seq: number}) => events.push(`reply ${r.seq}`);
		const self = await prober.ping(findContainer(t, 'web')!, 'db', {count: 1, onStart, onReply});
		assert.deepEqual(events, ['start self', 'reply 0']);
		assert.equal(self.where.via, 'self');
		events.length = 0;
		const viaHelper = await prober.ping(findContainer(t, 'bare')!, 'db', {count: 1, onStart, onReply});
		assert.deepEqual(events, ['start helper', 'reply 0'], 'the failed trial is not announced, and its output is not ping output');
		assert.equal(viaHelper.where.via, 'helper');
		assert.deepEqual(viaHelper.stats.errors, []);
		assert.equal(viaHelper.stats.received, 1);
		await prober.dispose();
	});

	it('a missing tool reported as an engine error (newer engines) also falls back', async () => {
		const engine = engineWithTools();
		const bare = engine.addContainer({name: 'bare', image: 'docknet-bare:latest', networks: ['app-net']});
		const inner = engine.execHandler;
		engine.execHandler = (container, spec, exec) => {
			if (container.id !== bare.id) return inner(container, spec, exec);
			throw new EngineError(
				'server',
				'OCI runtime exec failed: exec failed: unable to start container process: exec: "nslookup": executable file not found in $PATH: unknown',
				500,
			);
		};
		const t = await loadTopology(engine);
		await assert.rejects(
			new Prober(engine, {readOnly: true, helperImage: 'docknet-busybox:latest'}).dns(findContainer(t, 'bare')!, 'db'),
			/refused in read-only mode/,
		);
	});

	it('needs a helper for an image without tools, refused in read-only mode without touching the engine', async () => {
		const engine = engineWithTools();
		const bare = engine.addContainer({name: 'bare', image: 'docknet-bare:latest', networks: ['app-net']});
		const inner = engine.execHandler;
		engine.execHandler = (container, spec, exec) => (container.id === bare.id ? {exitCode: 126} : inner(container, spec, exec));
		const t = await loadTopology(engine);
		const before = engine.calls.filter(c => c === 'runHelper').length;
		await assert.rejects(
			new Prober(engine, {readOnly: true, helperImage: 'docknet-busybox:latest'}).ping(findContainer(t, 'bare')!, 'db'),
			/refused in read-only mode/,
		);
		assert.equal(engine.calls.filter(c => c === 'runHelper').length, before);
	});
});
