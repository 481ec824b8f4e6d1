// `docknet ls --json` against `docker network inspect`, field by field, for every
// network of the seed topology and for hostile names (spaces, CJK, escape sequences).
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {TEST_LABEL, cleanupTestResources, docker, docknet, requireSandbox, uniqueName} from '../helpers/sandbox.js';

type InspectNetwork = {
	Name: string;
	Id: string;
	Created: string;
	Scope: string;
	Driver: string;
	EnableIPv6: boolean;
	IPAM: {
		Driver: string;
		Options: Record<string, string> | null;
		Config: Array<{Subnet?: string; Gateway?: string; IPRange?: string}> | null;
	};
	Internal: boolean;
	Attachable: boolean;
	Ingress: boolean;
	ConfigFrom: {Network: string};
	ConfigOnly: boolean;
	Containers: Record<string, {Name: string; EndpointID: string; MacAddress: string; IPv4Address: string; IPv6Address: string}>;
	Options: Record<string, string> | null;
	Labels: Record<string, string> | null;
};

const ESC = '\x1b';
const hostileNet = uniqueName(`evil ${ESC}[31mred${ESC}[0m`);
const cjkNet = uniqueName('ネットワーク 🐳 space');
const hostileLabel = `${ESC}]52;c;cHduZWQ=${ESC}\\ and ${ESC}]0;title\x07`;
const hostileAlias = `al${ESC}[2Jias`;
const member = uniqueName('member');

async function inspectAll(): Promise<InspectNetwork[]> {
	const ids = (await docker(['network', 'ls', '-q', '--no-trunc'])).stdout.split('\n').filter(Boolean);
	return JSON.parse((await docker(['network', 'inspect', ...ids])).stdout) as InspectNetwork[];
}

describe('docknet ls --json matches docker network inspect', () => {
	before(async () => {
		await requireSandbox();
		await docker(['network', 'create', '--label', TEST_LABEL, '--label', `note=${hostileLabel}`, hostileNet]);
		await docker([
			'network',
			'create',
			'--label',
			TEST_LABEL,
			'--subnet',
			'10.77.0.0/24',
			'--ip-range',
			'10.77.0.128/25',
			'--gateway',
			'10.77.0.1',
			'--attachable',
			'-o',
			'com.docker.network.bridge.enable_icc=true',
			cjkNet,
		]);
		await docker([
			'run',
			'-d',
			'--name',
			member,
			'--label',
			TEST_LABEL,
			'--network',
			hostileNet,
			'--network-alias',
			hostileAlias,
			'docknet-busybox:latest',
			'sleep',
			'600',
		]);
		await docker(['network', 'connect', '--ip', '10.77.0.200', '--alias', '静的', cjkNet, member]);
	});
	after(cleanupTestResources);

	it('has every network with every field, and every endpoint', async () => {
		const result = await docknet(['ls', '--json']);
		assert.equal(result.code, 0, result.stderr);
		const doc = JSON.parse(result.stdout);
		assert.equal(doc.schemaVersion, 1);
		assert.match(doc.engine.apiVersion, /^1\.\d+$/);
		const inspected = await inspectAll();
		assert.equal(doc.networks.length, inspected.length);
		for (const want of inspected) {
			const got = doc.networks.find((n: {id: string}) => n.id === want.Id);
			assert.ok(got, `network ${JSON.stringify(want.Name)} missing from ls --json`);
			const label = JSON.stringify(want.Name);
			assert.equal(got.name, want.Name, label);
			assert.equal(got.driver, want.Driver, label);
			assert.equal(got.scope, want.Scope, label);
			assert.equal(got.created, want.Created, label);
			assert.equal(got.internal, want.Internal, label);
			assert.equal(got.attachable, want.Attachable, label);
			assert.equal(got.ingress, want.Ingress, label);
			assert.equal(got.enableIPv6, want.EnableIPv6, label);
			assert.equal(got.configOnly, want.ConfigOnly, label);
			assert.equal(got.configFrom, want.ConfigFrom?.Network || null, label);
			assert.equal(got.ipam.driver, want.IPAM.Driver, label);
			assert.deepEqual(got.ipam.options, want.IPAM.Options ?? {}, label);
			assert.deepEqual(
				got.ipam.config.map((c: {subnet: string | null; gateway: string | null; ipRange: string | null}) => [
					c.subnet,
					c.gateway,
					c.ipRange,
				]),
				(want.IPAM.Config ?? []).map(c => [c.Subnet ?? null, c.Gateway ?? null, c.IPRange ?? null]),
				label,
			);
			assert.deepEqual(got.options, want.Options ?? {}, label);
			assert.deepEqual(got.labels, want.Labels ?? {}, label);
			const ids = Object.keys(want.Containers ?? {}).sort();
			assert.deepEqual(got.endpoints.map((e: {containerId: string}) => e.containerId).sort(), ids, `endpoints of ${label}`);
			for (const [containerId, c] of Object.entries(want.Containers ?? {})) {
				const e = got.endpoints.find((x: {containerId: string}) => x.containerId === containerId);
				assert.equal(e.containerName, c.Name, label);
				assert.equal(e.endpointId, c.EndpointID, label);
				assert.equal(e.macAddress ?? '', c.MacAddress, label);
				assert.equal(e.ipv4Address ?? '', c.IPv4Address, label);
				assert.equal(e.ipv6Address ?? '', c.IPv6Address, label);
			}
		}
	});

	it('carries hostile strings raw in JSON and aliases without the short id', async () => {
		const doc = JSON.parse((await docknet(['ls', '--json'])).stdout);
		const evil = doc.networks.find((n: {name: string}) => n.name === hostileNet);
		assert.ok(evil, 'hostile network present with its raw name');
		assert.equal(evil.labels.note, hostileLabel);
		const endpoint = evil.endpoints[0];
		assert.deepEqual(endpoint.aliases, [hostileAlias]);
		const cjk = doc.networks.find((n: {name: string}) => n.name === cjkNet);
		const onCjk = cjk.endpoints[0];
		assert.equal(onCjk.staticIpv4, '10.77.0.200');
		assert.equal(onCjk.ipv4, '10.77.0.200');
		assert.deepEqual(onCjk.aliases, ['静的']);
		const container = doc.containers.find((c: {name: string}) => c.name === member);
		assert.deepEqual(container.endpoints.map((e: {networkName: string}) => e.networkName).sort(), [cjkNet, hostileNet].sort());
	});

	it('prints hostile names as harmless text in the human view', async () => {
		const result = await docknet(['ls']);
		assert.equal(result.code, 0, result.stderr);
		assert.doesNotMatch(result.stdout, /\x1b/, 'no raw ESC reaches the terminal');
		assert.match(result.stdout, /evil \\x1b\[31mred/);
		assert.match(result.stdout, /aliases: al\\x1b\[2Jias/);
		assert.match(result.stdout, /ネットワーク 🐳/);
	});

	it('inspects a network and a container by name, with the same data', async () => {
		const net = await docknet(['inspect', '--json', 'app-net']);
		assert.equal(net.code, 0, net.stderr);
		const doc = JSON.parse(net.stdout);
		assert.equal(doc.kind, 'network');
		assert.equal(doc.schemaVersion, 1);
		const db = doc.network.endpoints.find((e: {containerName: string}) => e.containerName === 'db');
		assert.deepEqual(db.aliases, ['mysql']);
		const ctr = await docknet(['inspect', 'api-server']);
		assert.equal(ctr.code, 0, ctr.stderr);
		for (const network of ['frontend', 'backend', 'vault-net']) assert.match(ctr.stdout, new RegExp(`^  ${network}$`, 'm'));
		const missing = await docknet(['inspect', 'no-such-thing-here']);
		assert.equal(missing.code, 1);
		assert.match(missing.stderr, /no such network or container: no-such-thing-here/);
	});
});
