// Bad input changes nothing, through the built CLI against the real engine: exit 1, one
// clear line on stderr, and the engine state (docker network ls / network inspect /
// inspect JSON) identical before and after. Every refusal is covered in-process against
// the memory engine ("no write call": test/unit/cli-refusals.test.ts); this file keeps a
// few representative ones end to end, and the refusal only the engine itself can make.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {assertUnchanged} from '../helpers/ops-state.js';
import {freeSubnet, testContainer, testNetwork, testNetworkAuto} from '../helpers/ops-fixtures.js';
import {TEST_LABEL, cleanupTestResources, docker, docknet, requireSandbox, uniqueName} from '../helpers/sandbox.js';

type Run = {stdout: string; stderr: string; code: number};

function refusedWith(result: Run, pattern: RegExp, code = 1): void {
	assert.equal(result.code, code, `exit ${code} expected; stderr: ${result.stderr}`);
	const lines = result.stderr.trim().split('\n');
	assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
	assert.match(lines[0]!, pattern);
	assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

/** Runs docknet and asserts the engine did not change. */
const unchanged = (args: string[], env?: NodeJS.ProcessEnv): Promise<Run> =>
	assertUnchanged(() => docknet(args, env ? {env} : {}), `docknet ${args.join(' ')}`);

describe('bad input changes nothing', () => {
	let net: {name: string; subnet: string; base: string};
	let auto: {name: string};
	let ctr: {name: string};

	before(async () => {
		await requireSandbox();
		net = await testNetwork();
		auto = await testNetworkAuto();
		ctr = await testContainer('opref', net.name);
	});
	after(cleanupTestResources);

	it("create: invalid CIDR, a subnet overlapping this run's own network", async () => {
		refusedWith(
			await unchanged(['create', uniqueName('x'), '--subnet', '10.999.0.0/24']),
			/^docknet: cannot create: --subnet: "10\.999\.0\.0\/24" is not a CIDR block/,
		);
		refusedWith(
			await unchanged(['create', uniqueName('x'), '--subnet', `${net.base}.128/25`]),
			new RegExp(`overlaps ${net.subnet.replaceAll('.', '\\.')} of network "${net.name}"`),
		);
	});

	it('connect: already connected; rm: a predefined network', async () => {
		refusedWith(await unchanged(['connect', net.name, ctr.name]), /already connected/);
		refusedWith(await unchanged(['rm', 'bridge']), /"bridge" is a predefined network/);
	});

	it('read-only mode (DOCKNET_READ_ONLY=1) refuses an operation', async () => {
		refusedWith(
			await unchanged(['prune', '--force'], {DOCKNET_READ_ONLY: '1'}),
			/read-only mode: "prune" would change the engine, refused/,
		);
	});

	it('connect: static IP on a network whose subnet the engine chose — the engine refuses, docknet explains', async () => {
		const subnet = (await docker(['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', auto.name])).stdout.trim();
		const ip = subnet.replace(/\.0\/\d+$/, '.77');
		assert.match(ip, /^\d+\.\d+\.\d+\.77$/, `subnet ${subnet}`);
		// The API shows an engine-chosen subnet exactly like a user-specified one, so only
		// the engine can tell: its message verbatim, then what it means. Exit 1 (refused).
		refusedWith(
			await unchanged(['connect', auto.name, ctr.name, '--ip', ip]),
			/^docknet: connect failed at: docker network connect --ip \S+ \S+ \S+: user specified IP address is supported only when connecting to networks with user configured subnets — a static IP needs a network created with a user-specified --subnet/,
		);
	});

	it('the state comparison notices a change (so the tests above can fail)', async () => {
		const name = uniqueName('opdetect');
		const {subnet} = await freeSubnet();
		await assert.rejects(
			assertUnchanged(() => docker(['network', 'create', '--label', TEST_LABEL, '--subnet', subnet, name])),
			/docker network ls changed/,
		);
	});
});
