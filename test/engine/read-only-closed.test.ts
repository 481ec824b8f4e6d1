// Read-only fails closed: any DOCKNET_READ_ONLY value but empty/0/false/no means
// read-only (a typo or "on" never gives a read-write session), and read-only also
// refuses the interactive shell (E), which could change anything inside a container.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {readOnlyFromEnv} from '../../source/cli/context.js';
import {Prober} from '../../source/commands/probe.js';
import {planShell} from '../../source/commands/probe-shell.js';
import {loadTopology} from '../../source/commands/load-topology.js';
import {findContainer} from '../../source/domain/selectors.js';
import {networkExists} from '../helpers/ops-fixtures.js';
import {TEST_LABEL, cleanupTestResources, docknet, requireSandbox, sandboxEngine, uniqueName} from '../helpers/sandbox.js';

describe('read-only fails closed', () => {
	before(requireSandbox);
	after(cleanupTestResources);

	it('only empty, 0, false and no mean read-write', () => {
		for (const v of [undefined, '', '0', 'false', 'FALSE', 'no', ' No ']) assert.equal(readOnlyFromEnv(v), false, `${JSON.stringify(v)}`);
		for (const v of ['1', ' 1', 'on', 'true', 'yes', 'y', 'enable', 'ture', '2'])
			assert.equal(readOnlyFromEnv(v), true, `${JSON.stringify(v)}`);
	});

	it('DOCKNET_READ_ONLY=on or " 1" refuses a create on the real engine', async () => {
		for (const value of ['on', ' 1', 'Yes please']) {
			const name = uniqueName('ro');
			const result = await docknet(['create', name, '--label', TEST_LABEL], {env: {DOCKNET_READ_ONLY: value}});
			assert.equal(result.code, 1, `DOCKNET_READ_ONLY=${JSON.stringify(value)}: ${result.stderr}`);
			assert.match(result.stderr, /read-only mode: "create" would change the engine, refused/);
			assert.equal(await networkExists(name), false, `network ${name} must not exist`);
		}
	});

	it('read-only refuses a shell in a container that has one (E)', async () => {
		const engine = sandboxEngine();
		const web = findContainer(await loadTopology(engine), 'web');
		assert.ok(web, 'seed container web');
		const prober = new Prober(engine, {helperImage: null, readOnly: true});
		await assert.rejects(planShell(engine, prober.tools, web, {helperImage: null, readOnly: true}), /read-only mode: no shell in web/);
		// Read-write, the same container gets its shell.
		const plan = await planShell(engine, new Prober(engine, {helperImage: null, readOnly: false}).tools, web, {
			helperImage: null,
			readOnly: false,
		});
		assert.deepEqual([...plan.argv.slice(1, 4), plan.argv[5]], ['exec', '-it', '-e', 'web']);
	});
});
