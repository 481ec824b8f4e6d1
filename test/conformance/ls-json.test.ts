// Conformance: `docknet ls --json` against this engine's own inspect output, field by
// field, on the seed topology (which must be there: an empty engine fails).
import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import {docker, docknet} from '../helpers/sandbox.js';
import {SEED_NETWORKS, SEED_RUNNING, engineKind, isPodman, requireEngine, seedTopology} from './engine-kind.js';

type RawNet = {
	Id: string;
	Name: string;
	Driver: string;
	Internal: boolean;
	EnableIPv6: boolean;
	IPAM: {Config: Array<{Subnet?: string; Gateway?: string; IPRange?: string}> | null};
	Labels: Record<string, string> | null;
	Containers: Record<string, {Name: string; EndpointID: string; MacAddress: string; IPv4Address: string}> | null;
};
type RawEndpoint = {
	NetworkID: string;
	EndpointID: string;
	IPAddress: string;
	IPPrefixLen: number;
	MacAddress: string;
	Gateway: string;
	Aliases: string[] | null;
};
type RawContainer = {
	Id: string;
	Name: string;
	State: {Running: boolean};
	HostConfig: {NetworkMode: string};
	NetworkSettings: {
		Networks: Record<string, RawEndpoint> | null;
		Ports: Record<string, Array<{HostIp: string; HostPort: string}> | null> | null;
	};
};
type JsonEndpoint = {
	networkId: string;
	networkName: string;
	containerId: string;
	containerName: string;
	endpointId: string;
	macAddress: string | null;
	ipv4: string | null;
	ipv4Address: string | null;
	gateway: string | null;
	aliases: string[] | null;
};
type JsonNetwork = {
	id: string;
	name: string;
	driver: string;
	internal: boolean;
	enableIPv6: boolean;
	ipam: {config: Array<{subnet: string | null; gateway: string | null}>};
	labels: Record<string, string>;
	endpoints: JsonEndpoint[];
	configured: Array<{containerId: string}>;
};
type JsonContainer = {
	id: string;
	name: string;
	state: string;
	networkMode: string;
	ports: Array<{containerPort: number; protocol: string; hostPort: number | null}>;
	endpoints: JsonEndpoint[];
	configured: Array<{networkId: string}>;
};

const lines = (s: string) => s.split('\n').filter(Boolean);

async function snapshot() {
	const listed = lines((await docker(['network', 'ls', '--no-trunc', '--format', '{{.ID}} {{.Name}}'])).stdout).map(
		l => l.split(' ') as [string, string],
	);
	const nets = JSON.parse((await docker(['network', 'inspect', ...listed.map(([id]) => id)])).stdout) as RawNet[];
	const seedIds = lines((await docker(['ps', '-aq', '--no-trunc', '--filter', 'label=docknet.seed=1'])).stdout);
	const ctrs = JSON.parse((await docker(['inspect', ...seedIds])).stdout) as RawContainer[];
	const doc = JSON.parse((await docknet(['ls', '--json'])).stdout) as {
		engine: {apiVersion: string; serverVersion: string};
		networks: JsonNetwork[];
		containers: JsonContainer[];
	};
	return {listed: new Map(listed), nets, ctrs, doc};
}

/** The network a container's NetworkSettings key names: by id, else by name (Podman 4.3 puts the name in NetworkID). */
function networkOf(nets: RawNet[], key: string, ep: RawEndpoint): RawNet {
	const found = nets.find(n => n.Id === ep.NetworkID) ?? nets.find(n => n.Name === key) ?? nets.find(n => n.Name === ep.NetworkID);
	assert.ok(found, `the network of endpoint ${key} (NetworkID ${ep.NetworkID}) is in the network list`);
	return found;
}

describe(`conformance ${process.env.DOCKNET_ENGINE_KIND}: ls --json equals the engine's inspect output`, () => {
	let s: Awaited<ReturnType<typeof snapshot>>;
	before(async () => {
		await requireEngine();
		await seedTopology();
		s = await snapshot();
	});

	it('is not looking at an empty engine: the seed networks and containers are there', () => {
		for (const name of SEED_NETWORKS) {
			assert.ok(
				s.nets.some(n => n.Name === name),
				`engine has ${name}`,
			);
			assert.ok(
				s.doc.networks.some(n => n.name === name),
				`ls --json has ${name}`,
			);
		}
		assert.ok(s.ctrs.length >= 11, `11 seed containers, engine has ${s.ctrs.length}`);
		for (const name of [...SEED_RUNNING, 'batch'])
			assert.ok(
				s.doc.containers.some(c => c.name === name),
				`ls --json has ${name}`,
			);
		assert.match(s.doc.engine.apiVersion, /^1\.\d+$/);
	});

	it('every network: name, driver, internal, IPv6, subnets, gateways, labels', () => {
		assert.equal(s.doc.networks.length, s.nets.length, 'as many networks as the engine lists');
		for (const want of s.nets) {
			const got = s.doc.networks.find(n => n.id === want.Id);
			const label = `${engineKind()} network ${want.Name}`;
			assert.ok(got, `${label} missing from ls --json`);
			// Podman lists its default network as "bridge" and inspects it as "podman": either is the engine's own name.
			assert.ok([want.Name, s.listed.get(want.Id)].includes(got.name), `${label}: name ${got.name}`);
			assert.equal(got.driver, want.Driver, label);
			assert.equal(got.internal, want.Internal, label);
			assert.equal(got.enableIPv6, want.EnableIPv6, label);
			const gw = (g: string | undefined) => (g && g !== '<nil>' ? g : null);
			assert.deepEqual(
				got.ipam.config.map(c => [c.subnet, c.gateway]).sort(),
				(want.IPAM.Config ?? []).map(c => [c.Subnet ?? null, gw(c.Gateway)]).sort(),
				label,
			);
			assert.deepEqual(got.labels, want.Labels ?? {}, label);
		}
	});

	it('every running seed container: one endpoint per network, with its address, MAC, gateway and aliases', () => {
		for (const raw of s.ctrs.filter(c => c.State.Running)) {
			const name = raw.Name.replace(/^\//, '');
			const got = s.doc.containers.find(c => c.id === raw.Id);
			assert.ok(got, `${name} in ls --json`);
			assert.equal(got.state, 'running', name);
			// (Docker lists host-mode containers on its "host" network, with an endpoint but no address)
			// (Podman 5 keys host/none-mode containers under "host"/"none" with NetworkID "host"/"none"
			// but lists no such networks: nothing to attach to there)
			const listedNet = (key: string, ep: RawEndpoint) =>
				s.nets.some(n => n.Id === ep.NetworkID || n.Name === key || n.Name === ep.NetworkID);
			const rawEndpoints = Object.entries(raw.NetworkSettings.Networks ?? {}).filter(
				([key, ep]) => !(isPodman() && (key === 'host' || key === 'none') && ep.NetworkID === key && !listedNet(key, ep)),
			);
			assert.equal(got.endpoints.length, rawEndpoints.length, `${name}: endpoints ${got.endpoints.map(e => e.networkName).join()}`);
			for (const [key, ep] of rawEndpoints) {
				const net = networkOf(s.nets, key, ep);
				const e: JsonEndpoint | undefined = got.endpoints.find(x => x.networkId === net.Id);
				assert.ok(e, `${name} has a live endpoint on ${key}`);
				assert.equal(e.ipv4 ?? '', ep.IPAddress, `${name} on ${key}: address`);
				assert.equal(e.ipv4Address, ep.IPAddress ? `${ep.IPAddress}/${ep.IPPrefixLen}` : null, `${name} on ${key}`);
				assert.equal(e.macAddress ?? '', ep.MacAddress, `${name} on ${key}: MAC`);
				assert.equal(e.gateway ?? '', ep.Gateway === '<nil>' ? '' : ep.Gateway, `${name} on ${key}: gateway`);
				if (ep.EndpointID) assert.equal(e.endpointId, ep.EndpointID, `${name} on ${key}: endpoint id`);
				const userAliases = (ep.Aliases ?? []).filter(a => a !== raw.Id.slice(0, 12)).sort();
				assert.deepEqual([...(e.aliases ?? [])].sort(), userAliases, `${name} on ${key}: aliases`);
				// and the network lists the same endpoint
				const onNet = s.doc.networks.find(n => n.id === net.Id)!.endpoints.find(x => x.containerId === raw.Id);
				assert.ok(onNet, `network ${net.Name} lists ${name}`);
			}
		}
	});

	it('the seed pairs: db has alias mysql, store alias ledger, api-server is on three networks', () => {
		const c = (n: string) => s.doc.containers.find(x => x.name === n)!;
		const on = (ctr: string, net: string) =>
			c(ctr).endpoints.find(e => e.networkName === net || s.doc.networks.find(n => n.id === e.networkId)?.name === net);
		assert.deepEqual(on('db', 'app-net')?.aliases, ['mysql']);
		assert.deepEqual(on('store', 'vault-net')?.aliases, ['ledger']);
		assert.deepEqual(
			c('api-server')
				.endpoints.map(e => s.doc.networks.find(n => n.id === e.networkId)!.name)
				.sort(),
			['backend', 'frontend', 'vault-net'],
		);
		const appNet = s.doc.networks.find(n => n.name === 'app-net')!;
		assert.deepEqual(appNet.endpoints.map(e => e.containerName).sort(), ['db', 'web']);
		assert.equal(s.doc.networks.find(n => n.name === 'unused-net')!.endpoints.length, 0);
		assert.equal(s.doc.networks.find(n => n.name === 'vault-net')!.internal, true);
	});

	it('the stopped batch: no live endpoint, configured on app-net', () => {
		const batch = s.doc.containers.find(c => c.name === 'batch')!;
		assert.notEqual(batch.state, 'running');
		assert.deepEqual(batch.endpoints, [], 'a stopped container has no live endpoint');
		const appNet = s.doc.networks.find(n => n.name === 'app-net')!;
		assert.deepEqual(
			batch.configured.map(a => a.networkId),
			[appNet.id],
		);
	});

	it('network modes and published ports', () => {
		const c = (n: string) => s.doc.containers.find(x => x.name === n)!;
		const raw = (n: string) => s.ctrs.find(x => x.Name === `/${n}`)!;
		assert.equal(c('hostbox').networkMode, 'host');
		assert.equal(c('nonebox').networkMode, 'none');
		// no addresses of their own (Docker lists them on its host/none networks, Podman does not)
		for (const n of ['hostbox', 'nonebox'])
			assert.deepEqual(
				c(n).endpoints.filter(e => e.ipv4),
				[],
				n,
			);
		assert.equal(raw('hostbox').HostConfig.NetworkMode, 'host');
		const web = c('web').ports.find(p => p.containerPort === 80);
		assert.ok(web, 'web publishes 80');
		assert.equal(web.hostPort, 8080);
		assert.equal(web.protocol, 'tcp');
		assert.equal(raw('web').NetworkSettings.Ports?.['80/tcp']?.[0]?.HostPort, '8080');
	});

	it('says which engine this is', () => {
		assert.match(s.doc.engine.serverVersion, isPodman() ? /^[45]\./ : /^(20|26|28)\./);
	});
});
