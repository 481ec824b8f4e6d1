// The operations doing their work on the real engine, through the built CLI (and the
// command functions where a race needs staging): connect with aliases and static
// IPv4/IPv6, disconnect and its restore line, create with every option, rm (also
// --disconnect-all), prune removing exactly what it previewed, hostile names.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {promisify} from 'node:util';
import {after, before, describe, it} from 'node:test';
import {executePrune, planPrune} from '../../source/commands/prune.js';
import {executeRemove, planRemove} from '../../source/commands/remove.js';
import {loadTopology} from '../../source/commands/load-topology.js';
import {toFailure} from '../../source/commands/operation.js';
import {assertUnchanged} from '../helpers/ops-state.js';
import {endpointOf, freeSubnet, freeSubnet6, networkExists, stoppedContainer, testContainer, testNetwork} from '../helpers/ops-fixtures.js';
import {
	RUN_ID,
	TEST_LABEL,
	childEnv,
	cleanupTestResources,
	docker,
	dockerCli,
	docknet,
	requireSandbox,
	sandboxEngine,
	uniqueName,
} from '../helpers/sandbox.js';

const run = promisify(execFile);

/** Runs a docker line docknet printed, through a real shell, as a user pasting it would. */
async function paste(line: string): Promise<void> {
	assert.match(line, /^docker /);
	await run('sh', ['-c', `"$DOCKER_BIN" ${line.slice('docker '.length)}`], {env: {...childEnv(), DOCKER_BIN: dockerCli()}});
}

function ok(result: {code: number; stderr: string}): void {
	assert.equal(result.code, 0, `exit 0 expected; stderr: ${result.stderr}`);
}

describe('operations on the real engine', () => {
	before(requireSandbox);
	after(cleanupTestResources);

	it('connect: aliases and a static IPv4, with the docker line and --json', async () => {
		const net = await testNetwork();
		const ctr = await testContainer();
		const ip = `${net.base}.77`;
		const result = await docknet(['connect', net.name, ctr.name, '--alias', 'api', '--alias', 'api.v2', '--ip', ip, '--json']);
		ok(result);
		const doc = JSON.parse(result.stdout);
		assert.equal(doc.operation, 'connect');
		assert.equal(doc.ok, true);
		assert.deepEqual(doc.commands, [`docker network connect --alias api --alias api.v2 --ip ${ip} ${net.name} ${ctr.name}`]);
		assert.equal(doc.result.ipv4, ip);
		const ep = await endpointOf(ctr.name, net.name);
		assert.deepEqual(ep?.aliases.sort(), ['api', 'api.v2']);
		assert.equal(ep?.ipv4, ip);
		assert.equal(ep?.staticIpv4, ip);
	});

	it('connect web to backend with an alias (seed, restored), then disconnect it', async () => {
		try {
			const result = await docknet(['connect', 'backend', 'web', '--alias', 'web-b']);
			ok(result);
			assert.match(
				result.stdout,
				/^\$ docker network connect --alias web-b backend web\nconnected web to backend: 10\.30\.0\.\d+, aliases: web-b\n$/,
			);
			assert.deepEqual((await endpointOf('web', 'backend'))?.aliases, ['web-b']);
			const off = await docknet(['disconnect', 'backend', 'web']);
			ok(off);
			assert.match(
				off.stdout,
				/^\$ docker network disconnect backend web\ndisconnected web from backend \(lost alias: web-b; IP 10\.30\.0\.\d+ \(assigned by the engine\)\)\nto restore: docker network connect --alias web-b backend web\n$/,
			);
			assert.equal(await endpointOf('web', 'backend'), null);
		} finally {
			await docker(['network', 'disconnect', 'backend', 'web'], {allowFail: true});
		}
	});

	it('disconnect: shows what is lost, and its restore line brings back the aliases and static IP', async () => {
		const net = await testNetwork();
		const ip = `${net.base}.42`;
		const ctr = await testContainer('oprestore', net.name, ['--network-alias', 'ledger', '--network-alias', 'books', '--ip', ip]);
		const dry = await assertUnchanged(() => docknet(['disconnect', net.name, ctr.name, '--dry-run', '--json']));
		ok(dry);
		const plan = JSON.parse(dry.stdout);
		assert.equal(plan.dryRun, true);
		assert.deepEqual(plan.lost, ['aliases: ledger, books', `static IP ${ip}`]);
		assert.equal(plan.restore, `docker network connect --alias ledger --alias books --ip ${ip} ${net.name} ${ctr.name}`);
		ok(await docknet(['disconnect', net.name, ctr.name]));
		assert.equal(await endpointOf(ctr.name, net.name), null);
		await paste(plan.restore);
		const back = await endpointOf(ctr.name, net.name);
		assert.deepEqual(back?.aliases.sort(), ['books', 'ledger']);
		assert.equal(back?.staticIpv4, ip);
		assert.equal(back?.ipv4, ip);
	});

	it('disconnect --force', async () => {
		const net = await testNetwork();
		const ctr = await testContainer('opforce', net.name);
		const result = await docknet(['disconnect', '--force', net.name, ctr.name]);
		ok(result);
		assert.match(result.stdout, new RegExp(`^\\$ docker network disconnect --force ${net.name} ${ctr.name}\\n`));
		assert.equal(await endpointOf(ctr.name, net.name), null);
	});

	it('create with every option, then connect with a static IPv6', async () => {
		const name = uniqueName('opcreate');
		const v4 = await freeSubnet();
		const v6 = freeSubnet6();
		const result = await docknet([
			'create',
			name,
			'--subnet',
			v4.subnet,
			'--gateway',
			`${v4.prefix}.254`,
			'--ip-range',
			`${v4.prefix}.128/25`,
			'--subnet',
			v6.subnet,
			'--gateway',
			`${v6.prefix}:1`,
			'--ipv6',
			'--internal',
			'--attachable',
			'--label',
			TEST_LABEL,
			'--label',
			'purpose=ops test',
		]);
		ok(result);
		assert.equal(
			result.stdout.split('\n')[0],
			`$ docker network create --subnet ${v4.subnet} --gateway ${v4.prefix}.254 --ip-range ${v4.prefix}.128/25 --subnet ${v6.subnet} --gateway ${v6.prefix}:1 --internal --attachable --ipv6 --label ${TEST_LABEL} --label 'purpose=ops test' ${name}`,
		);
		const [raw] = JSON.parse((await docker(['network', 'inspect', name])).stdout);
		assert.equal(raw.Driver, 'bridge');
		assert.equal(raw.Internal, true);
		assert.equal(raw.Attachable, true);
		assert.equal(raw.EnableIPv6, true);
		assert.deepEqual(raw.Labels, {'docknet.test': RUN_ID, purpose: 'ops test'});
		assert.deepEqual(raw.IPAM.Config, [
			{Subnet: v4.subnet, IPRange: `${v4.prefix}.128/25`, Gateway: `${v4.prefix}.254`},
			{Subnet: v6.subnet, Gateway: `${v6.prefix}:1`},
		]);
		const ctr = await testContainer();
		const connected = await docknet(['connect', name, ctr.name, '--ip6', `${v6.prefix}:abcd`, '--json']);
		ok(connected);
		assert.equal(JSON.parse(connected.stdout).result.ipv6, `${v6.prefix}:abcd`);
		const ep = await endpointOf(ctr.name, name);
		assert.equal(ep?.ipv6, `${v6.prefix}:abcd`);
		assert.equal(ep?.staticIpv6, `${v6.prefix}:abcd`);
		assert.match(
			ep?.ipv4 ?? '',
			new RegExp(`^${v4.prefix.replaceAll('.', '\\.')}\\.(12[89]|1[3-9]\\d|2\\d\\d)$`),
			'a dynamic IPv4 from the range',
		);
	});

	it('rm: one, several, and --disconnect-all (naming the stopped container that will break)', async () => {
		const a = await testNetwork('oprm');
		const b = await testNetwork('oprm');
		const one = await docknet(['rm', a.name, b.name]);
		ok(one);
		assert.equal(one.stdout, `$ docker network rm ${a.name} ${b.name}\nremoved ${a.name}, ${b.name}\n`);
		assert.equal(await networkExists(a.name), false);
		assert.equal(await networkExists(b.name), false);

		const busy = await testNetwork('opbusy');
		const c1 = await testContainer('opbusy', busy.name);
		const c2 = await testContainer('opbusy', busy.name);
		const stopped = await stoppedContainer(busy.name);
		const result = await docknet(['rm', busy.name, '--disconnect-all']);
		ok(result);
		const out = result.stdout.split('\n');
		assert.deepEqual(
			out.slice(0, 2).sort(),
			[`$ docker network disconnect ${busy.name} ${c1.name}`, `$ docker network disconnect ${busy.name} ${c2.name}`].sort(),
		);
		assert.equal(out[2], `$ docker network rm ${busy.name}`);
		assert.match(
			result.stderr,
			new RegExp(`note: stopped container "${stopped.name}" is configured on "${busy.name}" and will fail to start once it is removed`),
		);
		assert.equal(await networkExists(busy.name), false);
		// The containers are still there and running, just off that network.
		assert.equal((await docker(['inspect', '--format', '{{.State.Running}}', c1.name])).stdout.trim(), 'true');
		assert.equal(await endpointOf(c1.name, busy.name), null);
	});

	it('prune: previews exactly the unused networks (naming stopped members), removes exactly those', async () => {
		const filter = `label=${TEST_LABEL}`;
		const unusedA = await testNetwork('opprune');
		const unusedB = await testNetwork('opprune');
		const used = await testNetwork('opprune');
		await testContainer('opprune', used.name);
		const stopped = await stoppedContainer(unusedB.name);

		const preview = await assertUnchanged(() => docknet(['prune', '--filter', filter, '--dry-run', '--json']));
		ok(preview);
		const doc = JSON.parse(preview.stdout);
		const names = doc.networks.map((n: {name: string}) => n.name);
		assert.ok(names.includes(unusedA.name) && names.includes(unusedB.name), names.join());
		assert.ok(!names.includes(used.name));
		assert.ok(!names.includes('unused-net'), 'the filter keeps the seed out');
		assert.deepEqual(doc.networks.find((n: {name: string}) => n.name === unusedB.name).stoppedContainers, [stopped.name]);
		assert.ok(doc.notes.some((n: string) => n.includes(`stopped container "${stopped.name}" is configured on "${unusedB.name}"`)));

		const human = await assertUnchanged(() => docknet(['prune', '--filter', filter, '--dry-run']));
		assert.match(human.stdout, new RegExp(`${unusedB.name} .*stopped containers on it: ${stopped.name}`));

		const result = await docknet(['prune', '--force', '--filter', filter, '--json']);
		ok(result);
		const done = JSON.parse(result.stdout);
		assert.deepEqual(done.result.removed.map((n: {name: string}) => n.name).sort(), names.sort());
		assert.deepEqual(done.result.failed, []);
		assert.equal(await networkExists(unusedA.name), false);
		assert.equal(await networkExists(unusedB.name), false);
		assert.equal(await networkExists(used.name), true);
		assert.equal(await networkExists('unused-net'), true, 'the seed network is untouched');
	});

	it('prune removes exactly the previewed networks by id, not ones that became unused later', async () => {
		const engine = sandboxEngine();
		const first = await testNetwork('opexact');
		const plan = planPrune(await loadTopology(engine, {details: false}), {filters: [`label=${TEST_LABEL}`, 'label=opexact']});
		assert.ok(plan.ok);
		assert.equal(plan.candidates.length, 0, 'label=opexact matches nothing yet');
		const labelled = await testNetwork('opexact', ['--label', 'opexact']);
		const plan2 = planPrune(await loadTopology(engine, {details: false}), {filters: [`label=${TEST_LABEL}`, 'label=opexact']});
		assert.ok(plan2.ok);
		assert.deepEqual(
			plan2.candidates.map(c => c.network.name),
			[labelled.name],
		);
		const later = await testNetwork('opexact', ['--label', 'opexact']);
		const outcome = await executePrune(engine, plan2);
		assert.ok(outcome.ok);
		assert.deepEqual(
			outcome.result.removed.map(n => n.name),
			[labelled.name],
		);
		assert.equal(await networkExists(later.name), true, 'created after the preview: kept');
		assert.equal(await networkExists(first.name), true);
	});

	it('a network that became used after planning is found by the check right before rm, and kept', async () => {
		const engine = sandboxEngine();
		const net = await testNetwork('oprace');
		const plan = planRemove(await loadTopology(engine, {details: false}), {networks: [net.name]});
		assert.ok(plan.ok);
		const container = await testContainer('oprace', net.name);
		const outcome = await executeRemove(engine, plan);
		assert.equal(outcome.ok, false);
		assert.ok(!outcome.ok);
		assert.equal(outcome.failure.kind, 'conflict');
		assert.match(
			outcome.failure.message,
			new RegExp(`^${net.name} is in use right now by ${container.name} \\(checked again just before removing it\\); nothing removed$`),
		);
		assert.match(outcome.failure.explanation, /containers joined it since the plan was made/);
		assert.equal(await networkExists(net.name), true);
	});

	it("the engine's own refusal is still reported verbatim and explained", async () => {
		const engine = sandboxEngine();
		const net = await testNetwork('oprace2');
		await testContainer('oprace2', net.name);
		const failure = await engine.removeNetwork(net.id).then(
			() => null,
			error => toFailure(error),
		);
		assert.ok(failure);
		assert.equal(failure.kind, 'forbidden');
		assert.equal(failure.statusCode, 403);
		assert.match(failure.message, /^error while removing network: network .* has active endpoints$/);
		assert.match(failure.explanation, /containers are still attached/);
		assert.equal(await networkExists(net.name), true);
	});

	it('hostile names: the docker lines are shell-quoted, so pasting them is harmless', async () => {
		const marker = `/tmp/docknet-pwned-${RUN_ID}`;
		const name = `evil $(touch ${marker}) \`touch ${marker}\`; touch ${marker} '"`;
		const {subnet} = await freeSubnet();
		const created = await docknet(['create', name, '--subnet', subnet, '--label', TEST_LABEL]);
		ok(created);
		assert.ok(await networkExists(name));
		const dry = await docknet(['rm', name, '--dry-run', '--json']);
		ok(dry);
		const [line] = JSON.parse(dry.stdout).commands as string[];
		await paste(line!);
		assert.equal(await networkExists(name), false, 'the pasted line removed exactly that network');
		assert.equal(existsSync(marker), false, 'nothing in the name ran');
	});
});
