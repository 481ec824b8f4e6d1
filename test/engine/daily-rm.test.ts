// Issue 14 item 6: rm --disconnect-all says what each container loses and how to put
// it back, in human output (also --dry-run) and in --json, like disconnect does.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {testContainer, testNetwork} from '../helpers/ops-fixtures.js';
import {cleanupTestResources, docknet, requireSandbox} from '../helpers/sandbox.js';

before(async () => {
	await requireSandbox();
});

after(async () => {
	await cleanupTestResources();
});

describe('rm --disconnect-all: what is lost', () => {
	it('dry run and --json name the alias and the restore line; the run prints them too', async () => {
		const net = await testNetwork('oplost');
		const c = await testContainer('oplost', net.name, ['--network-alias', 'ledger-x']);
		const dry = await docknet(['rm', net.name, '--disconnect-all', '--dry-run']);
		assert.equal(dry.code, 0, dry.stderr);
		assert.match(dry.stdout, new RegExp(`${c.name} loses alias: ledger-x; IP [\\d.]+ \\(assigned by the engine\\) on ${net.name}`));
		assert.match(
			dry.stdout,
			new RegExp(`to restore \\(once ${net.name} exists again\\): docker network connect --alias ledger-x ${net.name} ${c.name}`),
		);

		const json = await docknet(['rm', net.name, '--disconnect-all', '--dry-run', '--json']);
		assert.equal(json.code, 0, json.stderr);
		const doc = JSON.parse(json.stdout) as {lost: Array<{network: string; container: string; lost: string[]; restore: string}>};
		assert.equal(doc.lost.length, 1);
		assert.equal(doc.lost[0]!.container, c.name);
		assert.ok(doc.lost[0]!.lost.includes('alias: ledger-x'));
		assert.equal(doc.lost[0]!.restore, `docker network connect --alias ledger-x ${net.name} ${c.name}`);

		const real = await docknet(['rm', net.name, '--disconnect-all']);
		assert.equal(real.code, 0, real.stderr);
		assert.match(real.stdout, new RegExp(`disconnected ${c.name} from ${net.name} \\(lost alias: ledger-x; IP`));
		assert.match(
			real.stdout,
			new RegExp(`to restore \\(once ${net.name} exists again\\): docker network connect --alias ledger-x ${net.name} ${c.name}`),
		);
	});
});
