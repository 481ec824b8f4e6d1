// The engine dies during a write: a step whose answer was lost may have been done
// (here it was), so docknet says "unknown — check with docknet ls", never "nothing
// was changed by this step"; steps after it, refused by a dead endpoint, did nothing.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {networkExists} from '../helpers/ops-fixtures.js';
import {cuttingProxy} from '../helpers/cutting-proxy.js';
import {TEST_LABEL, cleanupTestResources, docker, docknet, requireSandbox, sandboxEnv, uniqueName} from '../helpers/sandbox.js';

describe('a write cut short by a dying engine', () => {
	before(requireSandbox);
	after(cleanupTestResources);

	it('prune -f: the step whose answer was lost is "unknown", not "nothing was changed"', async () => {
		// Unused networks of this run only (the filter keeps prune off everyone else's).
		const mark = `docknet.cut=${uniqueName('c')}`;
		const names = [uniqueName('cut'), uniqueName('cut'), uniqueName('cut')];
		for (const name of names) await docker(['network', 'create', '--label', TEST_LABEL, '--label', mark, name]);
		const proxy = await cuttingProxy(sandboxEnv().DOCKER_HOST!.replace(/^unix:\/\//, ''), /^DELETE \/(v[\d.]+\/)?networks\//, 2);
		try {
			const result = await docknet(['prune', '-f', '--filter', `label=${mark}`], {env: {DOCKER_HOST: proxy.host}});
			const cutLine = await proxy.cut;
			const cutId = /networks\/([0-9a-f]+)/.exec(cutLine)![1]!;
			const present = await Promise.all(names.map(networkExists));
			const cutName = (
				await Promise.all(
					names.map(async n =>
						(await docker(['network', 'inspect', '--format', '{{.Id}}', n], {allowFail: true})).stdout.trim() === cutId ? n : null,
					),
				)
			).find(Boolean);
			// The engine did the cut step (the network is gone) although its answer was lost.
			assert.equal(present.filter(p => !p).length >= 2, true, `two networks removed, got ${JSON.stringify(present)}`);
			assert.equal(cutName ?? null, null, 'the step whose answer was lost was done by the engine');
			assert.equal(result.code, 2, `engine failure exit code; stderr: ${result.stderr}`);
			const all = result.stdout + result.stderr;
			assert.match(all, /unknown whether removed: cut-/, all);
			assert.match(result.stderr, /whether the engine did it is unknown — check with `docknet ls`/);
			// The step refused by a dead endpoint really did nothing, and says so; the lost one never does.
			for (const line of all.split('\n').filter(l => /nothing was changed by this step/.test(l)))
				assert.match(line, /^not removed: /, line);
			assert.equal(present.filter(Boolean).length, 1, 'the network after the cut was left alone');
		} finally {
			await proxy.close();
		}
	});
});
