// `connect --ip <gateway>` on a network created with --subnet only: the engine's
// inspect shows no gateway, but docker gave the network the subnet's first address.
// Docker 20.10 accepts the connect and keeps a stale entry that then blocks the
// container's restart, so docknet refuses it before any engine call.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {assertUnchanged} from '../helpers/ops-state.js';
import {testContainer, testNetwork} from '../helpers/ops-fixtures.js';
import {cleanupTestResources, docker, docknet, requireSandbox} from '../helpers/sandbox.js';

describe('the implicit gateway', () => {
	before(requireSandbox);
	after(cleanupTestResources);

	it('connect --ip <first address> on a --subnet-only network is refused, engine unchanged', async () => {
		const net = await testNetwork('gwimp');
		const ctr = await testContainer('gwimp');
		const ipam = JSON.parse((await docker(['network', 'inspect', net.name, '--format', '{{json .IPAM.Config}}'])).stdout) as Array<{
			Gateway?: string;
		}>;
		assert.ok(!ipam[0]!.Gateway, 'the engine shows no gateway for a --subnet-only network (the case under test)');
		const gateway = `${net.base}.1`;
		for (const args of [
			['connect', net.name, ctr.name, '--ip', gateway],
			['connect', net.name, ctr.name, '--ip', gateway, '--dry-run'],
		]) {
			const result = await assertUnchanged(() => docknet(args), args.join(' '));
			assert.equal(result.code, 1, result.stderr);
			assert.match(
				result.stderr.trim(),
				new RegExp(
					`^docknet: cannot connect: --ip: ${gateway.replaceAll('.', '\\.')} is the gateway of "${net.name}" \\(created without --gateway, the network's gateway is the first address of ${net.subnet.replaceAll('.', '\\.')}\\); pick another address$`,
				),
			);
		}
		// The next address is fine (dry run: plan only).
		const ok = await docknet(['connect', net.name, ctr.name, '--ip', `${net.base}.2`, '--dry-run']);
		assert.equal(ok.code, 0, ok.stderr);
	});
});
