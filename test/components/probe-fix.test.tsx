// The probe panel's f and y in the explorer (in-memory engine): f opens the same kind
// of confirmation as c (docker line shown, nothing written before Enter), Enter runs
// it through the normal write path (in the log L) and probes again; read-only refuses
// with a message; an engine failure is shown and the explorer stays; y copies the fix,
// the docker exec line or the verdict.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import {App} from '../../source/app.js';
import {EngineError} from '../../source/engine/port.js';
import {sessionLog} from '../../source/state/operations.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine, type MemoryEngine, type MemoryExec} from '../helpers/memory-engine.js';

const ENV = {LANG: 'C.UTF-8'};
const ESC = '\u001b';
const ENTER = '\r';
type Rendered = ReturnType<typeof render>;

/** Containers with probe tools: names resolve (and answer ping) only between containers sharing a network. */
function engineWithTools(): MemoryEngine {
	const engine = seedMemoryEngine();
	engine.execHandler = async (container, spec, exec: MemoryExec) => {
		const [cmd] = spec.argv;
		if (engine.answerKillExec(container.id, spec.argv)) return {exitCode: 0};
		if (cmd === 'sh') {
			spec.onStdout?.('ping\nnslookup\nnc\ncat\ntr\n');
			return {exitCode: 0};
		}
		if (cmd === 'cat') return {exitCode: 0};
		const target = spec.argv.at(cmd === 'nc' ? -2 : -1)!;
		// As docker: not on the default bridge.
		const bridge = [...engine.networks.values()].find(n => n.Name === 'bridge')?.Id;
		const known = [...engine.containers.values()].find(
			c => c.name === target && c.state === 'running' && [...c.networks.keys()].some(n => n !== bridge && container.networks.has(n)),
		);
		if (cmd === 'nslookup') {
			spec.onStdout?.(`Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n** server can't find ${target}: NXDOMAIN\n`);
			return {exitCode: 1};
		}
		if (cmd === 'nc') return {exitCode: 1};
		if (cmd === 'ping') {
			if (!known) {
				spec.onStderr?.(`ping: bad address '${target}'\n`);
				return {exitCode: 1};
			}
			if (spec.argv[1] === '-c') {
				spec.onStdout?.(
					`PING ${target} (10.10.0.9): 56 data bytes\n64 bytes from 10.10.0.9: seq=0 ttl=64 time=0.2 ms\n\n1 packets transmitted, 1 packets received, 0% packet loss\n`,
				);
				return {exitCode: 0};
			}
			spec.onStdout?.(`PING ${target} (10.30.0.9): 56 data bytes\n`);
			for (let seq = 0; exec.running; seq++) {
				spec.onStdout?.(`64 bytes from 10.30.0.9: seq=${seq} ttl=64 time=0.1 ms\n`);
				await Promise.race([exec.done, new Promise(resolve => setTimeout(resolve, 20))]);
			}
			return {exitCode: null};
		}
		return {exitCode: 127};
	};
	return engine;
}

const copies: string[] = [];
function start(engine: MemoryEngine, options: {readOnly?: boolean; columns?: number; rows?: number} = {}): Rendered {
	return render(
		<App
			engine={engine}
			endpoint="memory://test"
			readOnly={options.readOnly ?? false}
			env={ENV}
			size={{columns: options.columns ?? 100, rows: options.rows ?? 32}}
			writeRaw={text => copies.push(Buffer.from(/52;c;([^\u0007]*)/.exec(text)?.[1] ?? '', 'base64').toString())}
			onQuit={() => {}}
			feedOptions={{batchMs: 5}}
		/>,
	);
}

/** web -> cache: no shared network; the panel shows the connect fix. */
async function probeWebToCache(r: Rendered): Promise<string> {
	await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24\s+mysql/);
	await press(r, '2', '/');
	await frameMatching(r, /filter containers:/);
	for (const ch of 'web') await press(r, ch);
	await press(r, ENTER);
	await frameMatching(r, /Endpoints of web/);
	await press(r, 'p');
	await frameMatching(r, /Probe from web/);
	for (const ch of 'cache') await press(r, ch);
	await press(r, ENTER);
	return frameMatching(r, /web → cache\s+NOT REACHABLE[\s\S]*fix: docker network connect backend web/, 5000);
}

const writes = (engine: MemoryEngine) =>
	engine.calls.filter(c => /^(connectNetwork|disconnectNetwork|createNetwork|removeNetwork|pruneNetworks)$/.test(c));

afterEach(() => cleanup());

describe('probe panel: f goes through the confirmed write path', () => {
	it('f shows the docker line first; Enter runs it, logs it (L) and probes again', async () => {
		const engine = engineWithTools();
		const r = start(engine);
		await probeWebToCache(r);
		sessionLog.clear();
		await press(r, 'f');
		const dialog = await frameMatching(r, /Fix web -> cache[\s\S]*\$ docker network connect backend web[\s\S]*ready: Enter runs/);
		assert.match(dialog, /connect web to backend/);
		assert.deepEqual(writes(engine), [], 'nothing written before Enter');
		copies.length = 0;
		await press(r, 'y');
		await frameMatching(r, /copied fix/);
		assert.deepEqual(copies, ['docker network connect backend web'], 'y in the dialog copies its lines');
		await press(r, ENTER);
		// The ping line names the address the name resolved to inside web.
		await frameMatching(r, /web → cache\s+REACHABLE[\s\S]*ping .*recv.* → 10\.30\.0\.9/, 5000);
		assert.deepEqual(writes(engine), ['connectNetwork']);
		assert.equal(sessionLog.snapshot()[0]!.lines[0], 'docker network connect backend web');
		await press(r, ESC, ESC, 'L');
		await frameMatching(r, /docker network connect backend web/);
	});

	it('a stopped target: f starts it through the same confirmed path (docker start, logged)', async () => {
		const engine = engineWithTools();
		const r = start(engine);
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24\s+mysql/);
		await press(r, '2', '/');
		await frameMatching(r, /filter containers:/);
		for (const ch of 'web') await press(r, ch);
		await press(r, ENTER);
		await frameMatching(r, /Endpoints of web/);
		await press(r, 'p');
		await frameMatching(r, /Probe from web/);
		for (const ch of 'batch') await press(r, ch);
		await press(r, ENTER);
		await frameMatching(r, /web → batch\s+NOT REACHABLE[\s\S]*fix: docker start batch/, 5000);
		sessionLog.clear();
		await press(r, 'f');
		await frameMatching(r, /Fix web -> batch[\s\S]*\$ docker start batch[\s\S]*ready: Enter runs/);
		assert.ok(!engine.calls.includes('startContainer'), 'nothing before Enter');
		await press(r, ENTER);
		await frameMatching(r, /docker start batch: done/);
		assert.ok(engine.calls.includes('startContainer'));
		assert.equal(sessionLog.snapshot()[0]!.lines[0], 'docker start batch');
	});

	it('Esc in the fix dialog changes nothing', async () => {
		const engine = engineWithTools();
		const r = start(engine);
		await probeWebToCache(r);
		await press(r, 'f');
		await frameMatching(r, /Fix web -> cache/);
		await press(r, ESC);
		await frameMatching(r, /web → cache\s+NOT REACHABLE/);
		assert.deepEqual(writes(engine), []);
	});

	it('read-only mode refuses f with a message', async () => {
		const engine = engineWithTools();
		const r = start(engine, {readOnly: true});
		await probeWebToCache(r).catch(() => frameMatching(r, /web → cache\s+NOT REACHABLE/));
		await press(r, 'f');
		await frameMatching(r, /read-only mode: docknet does not change the engine/);
		assert.deepEqual(writes(engine), []);
	});

	it('an engine failure is shown in the dialog; the explorer stays', async () => {
		const engine = engineWithTools();
		const r = start(engine);
		await probeWebToCache(r);
		engine.connectNetwork = async () => {
			throw new EngineError('unreachable', 'connection reset by peer (simulated)');
		};
		await press(r, 'f');
		await frameMatching(r, /Fix web -> cache/);
		await press(r, ENTER);
		await frameMatching(r, /engine: .*connection reset by peer \(simulated\)/);
		await press(r, ESC);
		await frameMatching(r, /web → cache\s+NOT REACHABLE/);
	});

	it('y copies the fix line, the docker exec line or the verdict', async () => {
		const engine = engineWithTools();
		const r = start(engine);
		await probeWebToCache(r);
		copies.length = 0;
		await press(r, 'y');
		await frameMatching(r, /fix[\s\S]*docker exec[\s\S]*verdict/);
		await press(r, ENTER);
		await frameMatching(r, /copied fix/);
		assert.deepEqual(copies, ['docker network connect backend web']);
	});

	it('at 80 columns a long fix wraps instead of being cut', async () => {
		const engine = engineWithTools();
		const r = start(engine, {columns: 80, rows: 40});
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		await press(r, '2', '/');
		await frameMatching(r, /filter containers:/);
		for (const ch of 'legacy-a') await press(r, ch);
		await press(r, ENTER);
		await frameMatching(r, /Endpoints of legacy-a/);
		await press(r, 'p');
		await frameMatching(r, /Probe from legacy-a/);
		for (const ch of 'legacy-b') await press(r, ch);
		await press(r, ENTER);
		const frame = await frameMatching(
			r,
			/fix: docker network create legacy-a-legacy-b && docker network connect\s*│\n│\s+legacy-a-legacy-b legacy-a && docker network connect legacy-a-legacy-b\s*│\n│\s+legacy-b\s+│/,
			5000,
		);
		assert.doesNotMatch(frame, /fix: [^\n]*…/, 'not cut with an ellipsis');
		await press(r, 'f');
		await frameMatching(
			r,
			/\$ docker network create legacy-a-legacy-b[\s\S]*\$ docker network connect legacy-a-legacy-b legacy-a[\s\S]*\$ docker network connect legacy-a-legacy-b legacy-b/,
		);
	});
});

describe('matrix drill-down', () => {
	it('a cursor over the cells; Enter opens the probe panel for that pair; stopped members are named', async () => {
		const engine = engineWithTools();
		const r = start(engine, {columns: 80, rows: 24});
		await frameMatching(r, /app-net/);
		await press(r, '1', 'M');
		const grid = await frameMatching(r, /▸ db → web: reachable/, 5000);
		assert.match(grid, /not running \(not probed\): batch/);
		await press(r, 'j');
		await frameMatching(r, /▸ web → web: the same container/);
		await press(r, 'h');
		await frameMatching(r, /▸ web → db: reachable/);
		await press(r, ENTER);
		await frameMatching(r, /Probe web → db[\s\S]*web → db\s+REACHABLE/, 5000);
	});
});
