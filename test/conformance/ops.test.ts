// Conformance: every operation and refusal through the built CLI on this engine, and
// rm/prune never touching a network that is in use (checked against the engine itself,
// not docknet's model of it).
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {assertUnchanged} from '../helpers/ops-state.js';
import {freeSubnet, networkExists, testContainer, testNetwork} from '../helpers/ops-fixtures.js';
import {TEST_LABEL, cleanupTestResources, docker, docknet, uniqueName} from '../helpers/sandbox.js';
import {engineKind, requireEngine, seedTopology} from './engine-kind.js';

type Attached = {ip: string; aliases: string[]};

/** Where the engine itself says the container is attached on a network (null: not attached). */
async function attached(container: string, network: string): Promise<Attached | null> {
	const [c] = JSON.parse((await docker(['inspect', container])).stdout) as Array<{
		Id: string;
		NetworkSettings: {Networks: Record<string, {IPAddress: string; Aliases: string[] | null}> | null};
	}>;
	const ep = c!.NetworkSettings.Networks?.[network];
	return ep ? {ip: ep.IPAddress, aliases: (ep.Aliases ?? []).filter(a => a !== c!.Id.slice(0, 12))} : null;
}

/** Names of the containers the engine runs on a network, from the containers' side. */
async function runningOn(network: string): Promise<string[]> {
	const ids = (await docker(['ps', '-q', '--no-trunc', '--filter', `network=${network}`])).stdout.split('\n').filter(Boolean);
	return ids.length
		? (await docker(['inspect', '--format', '{{.Name}}', ...ids])).stdout
				.split('\n')
				.filter(Boolean)
				.map(n => n.replace(/^\//, ''))
				.sort()
		: [];
}

const refused = (r: {code: number; stderr: string}, pattern: RegExp) => {
	assert.notEqual(r.code, 0, 'refused with a non-zero exit');
	assert.match(r.stderr, pattern);
};
const ok = (r: {code: number; stderr: string}) => assert.equal(r.code, 0, `exit 0 expected; stderr: ${r.stderr}`);

describe(`conformance ${process.env.DOCKNET_ENGINE_KIND}: operations and refusals`, () => {
	before(async () => {
		await requireEngine();
		await seedTopology();
	});
	after(cleanupTestResources);

	it('create with a subnet and label, then connect with an alias and a static IP, disconnect', async () => {
		const name = uniqueName('cf-create');
		const {subnet, prefix} = await freeSubnet();
		ok(await docknet(['create', name, '--subnet', subnet, '--gateway', `${prefix}.1`, '--label', TEST_LABEL]));
		assert.equal(await networkExists(name), true);
		const [net] = JSON.parse((await docker(['network', 'inspect', name])).stdout) as Array<{
			IPAM: {Config: Array<{Subnet: string}>};
			Labels: Record<string, string>;
		}>;
		assert.equal(net!.IPAM.Config[0]!.Subnet, subnet);
		assert.equal(net!.Labels['docknet.test'], TEST_LABEL.split('=')[1]);

		const ctr = await testContainer('cf-ctr');
		const ip = `${prefix}.77`;
		const result = await docknet(['connect', name, ctr.name, '--alias', 'cf-alias', '--ip', ip, '--json']);
		ok(result);
		assert.equal(JSON.parse(result.stdout).ok, true);
		assert.deepEqual(await attached(ctr.name, name), {ip, aliases: ['cf-alias']});

		refused(await assertUnchanged(() => docknet(['connect', name, ctr.name])), /already connected/);

		ok(await docknet(['disconnect', name, ctr.name]));
		assert.equal(await attached(ctr.name, name), null);
		refused(await assertUnchanged(() => docknet(['disconnect', name, ctr.name])), /not connected/);
	});

	it('refuses unknown names, a static IP outside the subnet, and bad CIDRs, changing nothing', async () => {
		const net = await testNetwork('cf-ref');
		const ctr = await testContainer('cf-ref', net.name);
		refused(await assertUnchanged(() => docknet(['connect', 'no-such-net-cf', ctr.name])), /no-such-net-cf/);
		refused(await assertUnchanged(() => docknet(['connect', net.name, 'no-such-ctr-cf'])), /no-such-ctr-cf/);
		refused(await assertUnchanged(() => docknet(['connect', 'app-net', ctr.name, '--ip', '10.99.99.99'])), /10\.99\.99\.99/);
		refused(await assertUnchanged(() => docknet(['create', uniqueName('cf-bad'), '--subnet', '10.300.0.0/24'])), /10\.300\.0\.0\/24/);
	});

	it('rm of a network with running containers is refused and the network and its containers stay', async () => {
		const before = await runningOn('app-net');
		assert.deepEqual(before, ['db', 'web'], 'the seed runs db and web on app-net');
		const result = await assertUnchanged(() => docknet(['rm', 'app-net']));
		refused(result, /app-net/);
		assert.equal(await networkExists('app-net'), true);
		assert.deepEqual(await runningOn('app-net'), before);

		const net = await testNetwork('cf-used');
		const ctr = await testContainer('cf-used', net.name);
		refused(await assertUnchanged(() => docknet(['rm', net.name])), new RegExp(`${ctr.name}`));
		refused(await assertUnchanged(() => docknet(['rm', net.id])), /attached|in use|use/);
		assert.equal(await networkExists(net.name), true);
		assert.ok(await attached(ctr.name, net.name), 'still attached');
	});

	it('rm of an unused network of our own removes exactly it', async () => {
		const net = await testNetwork('cf-rm');
		ok(await docknet(['rm', net.name]));
		assert.equal(await networkExists(net.name), false);
		assert.equal(await networkExists('unused-net'), true);
	});

	it('prune --dry-run lists only the unused networks; prune -f removes those and leaves used ones', async () => {
		const filter = `label=${TEST_LABEL}`;
		const unused = await testNetwork('cf-prune');
		const used = await testNetwork('cf-prune');
		const user = await testContainer('cf-prune', used.name);

		const preview = await assertUnchanged(() => docknet(['prune', '--filter', filter, '--dry-run', '--json']));
		ok(preview);
		const names = (JSON.parse(preview.stdout).networks as Array<{name: string}>).map(n => n.name);
		assert.ok(names.includes(unused.name), `preview names ${unused.name}: ${names.join()}`);
		assert.ok(!names.includes(used.name), `preview must not name the used ${used.name}`);

		const result = await docknet(['prune', '--force', '--filter', filter, '--json']);
		ok(result);
		assert.equal(await networkExists(unused.name), false);
		assert.equal(await networkExists(used.name), true, 'the used network stays');
		assert.ok(await attached(user.name, used.name), 'its container stays attached');
	});

	it('prune -f over the whole engine leaves every used seed network (and their containers) alone', async () => {
		const seedUsed = ['app-net', 'frontend', 'backend', 'vault-net'];
		const members = await Promise.all(seedUsed.map(runningOn));
		const preview = await docknet(['prune', '--dry-run', '--json']);
		ok(preview);
		const names = (JSON.parse(preview.stdout).networks as Array<{name: string}>).map(n => n.name);
		for (const n of seedUsed) assert.ok(!names.includes(n), `${engineKind()}: prune preview names the used ${n}`);
		for (const n of ['bridge', 'podman', 'host', 'none']) assert.ok(!names.includes(n), `prune preview names the predefined ${n}`);
		// The real prune, limited to this run's label so other sessions' networks and the
		// seed's unused-net stay; the used seed networks are what must survive it.
		const used = await testNetwork('cf-prune2');
		await testContainer('cf-prune2', used.name);
		ok(await docknet(['prune', '--force', '--filter', `label=${TEST_LABEL}`]));
		assert.equal(await networkExists(used.name), true);
		for (const [i, n] of seedUsed.entries()) {
			assert.equal(await networkExists(n), true, n);
			assert.deepEqual(await runningOn(n), members[i], `${n} keeps its containers`);
		}
	});
});
