// CLI subcommands in-process (test/helpers/run-cli.ts) on the memory engine: what they
// print, their exit codes, and exactly which engine calls they make — in milliseconds,
// without building or spawning the bundle. The bundle's own start (engine resolution,
// flags before the subcommand, the process exit) stays in test/engine and test/e2e.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {seedMemoryEngine} from '../helpers/memory-engine.js';
import {WRITE_CALLS, runCli} from '../helpers/run-cli.js';

const writes = (calls: string[]) => calls.filter(call => WRITE_CALLS.has(call));

describe('CLI subcommands in-process', () => {
	it('ls --json: the schema, every seed network, and only reads', async () => {
		const engine = seedMemoryEngine();
		const result = await runCli(engine, ['ls', '--json']);
		assert.equal(result.code, 0, result.stderr);
		const doc = JSON.parse(result.stdout);
		assert.equal(doc.schemaVersion, 1);
		assert.equal(doc.engine.endpoint, 'unix:///memory.sock');
		const names = JSON.stringify(doc);
		for (const name of ['app-net', 'frontend', 'backend', 'vault-net', 'unused-net']) assert.ok(names.includes(`"${name}"`), name);
		assert.deepEqual(writes(engine.calls), []);
	});

	it('connect: one write call, the docker line, and the engine changed', async () => {
		const engine = seedMemoryEngine();
		const result = await runCli(engine, ['connect', 'backend', 'web', '--alias', 'w']);
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stderr, '');
		assert.match(result.stdout, /^\$ docker network connect --alias w backend web\n/);
		assert.match(result.stdout, /connected web to backend: 10\.30\.\d+\.\d+, aliases: w/);
		assert.deepEqual(writes(engine.calls), ['connectNetwork']);
		const backend = engine.networkByRef('backend');
		assert.ok(engine.containerByRef('web').networks.has(backend.Id));
	});

	it('--dry-run plans without a write call', async () => {
		const engine = seedMemoryEngine();
		const result = await runCli(engine, ['connect', 'backend', 'web', '--dry-run']);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /docker network connect backend web/);
		assert.deepEqual(writes(engine.calls), []);
	});

	it('engine text reaches the output sanitized', async () => {
		const engine = seedMemoryEngine();
		engine.addContainer({name: 'evil\u001b[31mred', networks: ['app-net']});
		const result = await runCli(engine, ['ls']);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /evil.*red/, 'the container is listed');
		assert.ok(!result.stdout.includes('\u001b'), 'no raw escape from an engine name');
	});

	it('an engine that is gone: exit 2 and one line', async () => {
		const engine = seedMemoryEngine();
		engine.down = true;
		const result = await runCli(engine, ['ls']);
		assert.equal(result.code, 2);
		assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
		assert.match(result.stderr, /^docknet: /);
	});
});
