import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	diagnose,
	diagnosePort,
	hostsEntriesOf,
	inSubnet,
	mainReason,
	probeScope,
	reconcile,
	resolveTarget,
	type Diagnosis,
	type ReasonCode,
} from '../../source/domain/diagnosis.js';
import {parseNslookup, parsePingOutput} from '../../source/domain/probe-parsers.js';
import {findContainer} from '../../source/domain/selectors.js';
import {buildTopology} from '../../source/domain/topology.js';
import type {RawContainerInspect, RawContainerSummary, RawNetwork} from '../../source/engine/port.js';
import type {Topology} from '../../source/domain/types.js';
import {seedFixture} from '../helpers/fixtures.js';

type Raw = {networks: RawNetwork[]; containers: RawContainerSummary[]; details: Map<string, RawContainerInspect>};

/** The seed fixture, optionally changed first (a deep copy: the fixture itself stays as captured). */
function topology(
	change?: (raw: Raw, byName: (name: string) => {summary: RawContainerSummary; inspect: RawContainerInspect}) => void,
): Topology {
	const fixture = seedFixture();
	const raw: Raw = structuredClone({networks: fixture.networks, containers: fixture.containers, details: fixture.details});
	const byName = (name: string) => {
		const summary = raw.containers.find(c => c.Names?.includes(`/${name}`))!;
		return {summary, inspect: raw.details.get(summary.Id)!};
	};
	change?.(raw, byName);
	return buildTopology(raw);
}

const seed = topology();

function why(t: Topology, source: string, target: string): Diagnosis {
	const src = findContainer(t, source)!;
	return diagnose(t, src, resolveTarget(t, src, target), {hotkeys: {connect: 'c', start: 's'}});
}

const codes = (d: Diagnosis): ReasonCode[] => d.reasons.map(r => r.code);
const reason = (d: Diagnosis, code: ReasonCode) => d.reasons.find(r => r.code === code);

describe('target resolution', () => {
	it('finds containers by name, alias, IP and name.network', () => {
		const web = findContainer(seed, 'web')!;
		assert.deepEqual(pick(resolveTarget(seed, web, 'db')), {kind: 'container', via: 'name', name: 'db'});
		assert.deepEqual(pick(resolveTarget(seed, web, 'mysql')), {kind: 'container', via: 'alias', name: 'db'});
		assert.deepEqual(pick(resolveTarget(seed, web, '10.10.0.4')), {kind: 'container', via: 'ip', name: 'db'});
		assert.deepEqual(pick(resolveTarget(seed, web, 'db.app-net')), {kind: 'container', via: 'fqdn', name: 'db'});
		const ledger = resolveTarget(seed, web, 'ledger');
		assert.equal(ledger.kind === 'container' && ledger.container.name, 'store');
	});

	it('tells an unused engine address from an outside one, and unknown names', () => {
		const web = findContainer(seed, 'web')!;
		const unused = resolveTarget(seed, web, '10.10.0.200');
		assert.equal(unused.kind, 'address');
		assert.equal(unused.kind === 'address' && unused.network?.name, 'app-net');
		const outside = resolveTarget(seed, web, '192.0.2.1');
		assert.equal(outside.kind === 'address' && outside.network, null);
		assert.equal(resolveTarget(seed, web, 'nosuch').kind, 'unknown');
	});

	it('checks IPv4 subnets', () => {
		assert.equal(inSubnet('10.10.0.4', '10.10.0.0/24'), true);
		assert.equal(inSubnet('10.10.1.4', '10.10.0.0/24'), false);
		assert.equal(inSubnet('172.17.5.5', '172.17.0.0/16'), true);
		assert.equal(inSubnet('bad', '10.0.0.0/8'), false);
	});
});

function pick(t: ReturnType<typeof resolveTarget>) {
	return t.kind === 'container' ? {kind: t.kind, via: t.via, name: t.container.name} : {kind: t.kind};
}

describe('static diagnosis on the seed topology', () => {
	it('web -> db and web -> mysql: shared app-net, reachable', () => {
		for (const target of ['db', 'mysql']) {
			const d = why(seed, 'web', target);
			assert.equal(d.verdict, 'yes', target);
			assert.deepEqual(
				d.shared.map(n => n.name),
				['app-net'],
			);
			assert.deepEqual(d.expectedAddresses, [{network: 'app-net', address: '10.10.0.4'}]);
			assert.equal(d.nameResolvable, true);
			assert.match(reason(d, 'shared-network')!.text, /web and db share app-net \(db is 10\.10\.0\.4 there\)/);
		}
	});

	it('legacy-a -> legacy-b by name: the default bridge has no name resolution', () => {
		const d = why(seed, 'legacy-a', 'legacy-b');
		assert.equal(d.verdict, 'no');
		const r = reason(d, 'default-bridge-no-dns')!;
		assert.equal(r.severity, 'blocks');
		assert.match(r.text, /default bridge, which has no name resolution/);
		assert.match(r.text, /Use the IP 172\.17\.0\.2/);
		assert.deepEqual(r.fix!.commands[1], ['docker', 'network', 'connect', 'legacy-a-legacy-b', 'legacy-a']);
	});

	it('legacy-a -> legacy-b by IP: fine', () => {
		const d = why(seed, 'legacy-a', '172.17.0.2');
		assert.equal(d.verdict, 'yes');
		assert.equal(reason(d, 'default-bridge-no-dns'), undefined);
	});

	it('web -> cache: no shared network, with the exact connect fix and its key', () => {
		const d = why(seed, 'web', 'cache');
		assert.equal(d.verdict, 'no');
		const r = reason(d, 'no-shared-network')!;
		assert.equal(
			r.text,
			'web and cache share no network: web is on app-net; cache is on backend. Docker isolates networks from each other.',
		);
		assert.deepEqual(r.fix!.commands, [['docker', 'network', 'connect', 'backend', 'web']]);
		assert.deepEqual(r.fix!.action, {kind: 'connect', network: 'backend', container: 'web'});
		assert.equal(r.fix!.hotkey, 'c');
	});

	it('proxy -> store: the fix avoids the internal network when another one exists, else uses it', () => {
		const d = why(seed, 'proxy', 'store');
		assert.deepEqual(reason(d, 'no-shared-network')!.fix!.commands, [['docker', 'network', 'connect', 'vault-net', 'proxy']]);
		const viaIp = why(seed, 'web', '10.30.0.3'); // api-server on backend
		assert.deepEqual(reason(viaIp, 'no-shared-network')!.fix!.commands, [['docker', 'network', 'connect', 'backend', 'web']]);
	});

	it('web -> batch: the target is stopped', () => {
		const d = why(seed, 'web', 'batch');
		assert.equal(d.verdict, 'no');
		const r = reason(d, 'target-not-running')!;
		assert.match(
			r.text,
			/batch is stopped \(exited\): it has no address now and its name does not resolve \(it will join app-net when started\)/,
		);
		assert.deepEqual(r.fix!.commands, [['docker', 'start', 'batch']]);
	});

	it('host and none mode targets and sources', () => {
		const host = why(seed, 'web', 'hostbox');
		assert.equal(reason(host, 'target-host-mode')?.severity, 'blocks');
		assert.match(reason(host, 'target-host-mode')!.text, /at 10\.10\.0\.1 \(web's gateway\)/);
		assert.equal(reason(why(seed, 'web', 'nonebox'), 'target-none-mode')?.severity, 'blocks');
		assert.equal(reason(why(seed, 'nonebox', 'web'), 'source-none-mode')?.severity, 'blocks');
		const fromHost = why(seed, 'hostbox', 'db');
		assert.equal(reason(fromHost, 'source-host-mode')?.severity, 'blocks');
		assert.match(reason(fromHost, 'source-host-mode')!.text, /by IP \(10\.10\.0\.4\)/);
		assert.equal(why(seed, 'hostbox', '10.10.0.4').verdict, 'yes');
	});

	it('api-server -> store: reachable over the internal vault-net, which has no route out by design', () => {
		const d = why(seed, 'api-server', 'ledger');
		assert.equal(d.verdict, 'yes');
		assert.match(
			reason(d, 'internal-network')!.text,
			/vault-net is internal: api-server and store talk over it, but nothing on it has a route out of the host \(by design\)/,
		);
		assert.equal(reason(d, 'internal-network')!.severity, 'info');
	});

	it('store -> an address of another network: internal only, no route out', () => {
		const d = why(seed, 'store', '10.10.0.200');
		assert.equal(reason(d, 'internal-network')?.severity, 'blocks');
		// An outside address is an outbound check now, labelled, not a refusal.
		assert.equal(reason(why(seed, 'web', '192.0.2.1'), 'address-outside')?.severity, 'info');
		assert.equal(reason(why(seed, 'store', '192.0.2.1'), 'internal-network')?.severity, 'blocks');
	});

	it('an alias set on another network does not resolve here', () => {
		// ledger is store's alias on vault-net; give proxy a way to store via frontend.
		const t = topology((raw, byName) => {
			const store = byName('store');
			const frontend = raw.networks.find(n => n.Name === 'frontend')!;
			const ep = {
				NetworkID: frontend.Id,
				EndpointID: 'e'.repeat(64),
				IPAddress: '10.20.0.9',
				IPPrefixLen: 24,
				Gateway: '10.20.0.1',
				Aliases: [store.summary.Id.slice(0, 12)],
			};
			store.inspect.NetworkSettings!.Networks!.frontend = ep;
			store.summary.NetworkSettings!.Networks!.frontend = ep;
		});
		const d = why(t, 'proxy', 'ledger');
		const r = reason(d, 'alias-not-here')!;
		assert.match(r.text, /"ledger" is store's alias on vault-net only, and proxy is not on it/);
		assert.deepEqual(r.fix!.commands, [['docker', 'network', 'connect', 'vault-net', 'proxy']]);
		assert.equal(why(t, 'proxy', 'store').verdict, 'yes');
	});

	it('unknown names', () => {
		const d = why(seed, 'web', 'nosuch');
		assert.deepEqual(codes(d), ['unknown-name']);
		assert.match(d.reasons[0]!.text, /No container, alias or \/etc\/hosts entry named "nosuch" is known on web's networks \(app-net\)/);
	});

	it('same container', () => {
		assert.deepEqual(codes(why(seed, 'web', 'web')), ['same-container']);
	});
});

describe('static diagnosis on changed topologies', () => {
	it('inter-container traffic disabled', () => {
		const t = topology(raw => {
			const net = raw.networks.find(n => n.Name === 'app-net')!;
			net.Options = {'com.docker.network.bridge.enable_icc': 'false'};
		});
		const d = why(t, 'web', 'db');
		assert.equal(d.verdict, 'no');
		assert.match(
			reason(d, 'icc-disabled')!.text,
			/Inter-container traffic is disabled on app-net \(com\.docker\.network\.bridge\.enable_icc=false\)/,
		);
	});

	it('a --link name known only through /etc/hosts', () => {
		const t = topology((_raw, byName) => {
			byName('legacy-a').inspect.HostConfig!.Links = ['/legacy-b:/legacy-a/lb'];
		});
		const a = findContainer(t, 'legacy-a')!;
		assert.deepEqual(
			hostsEntriesOf(t, a).map(h => [h.name, h.addresses]),
			[
				['lb', ['172.17.0.2']],
				['legacy-b', ['172.17.0.2']],
			],
		);
		const byAlias = why(t, 'legacy-a', 'lb');
		assert.equal(byAlias.target.kind, 'hosts-name');
		assert.match(
			reason(byAlias, 'hosts-only')!.text,
			/"lb" is known to legacy-a only through \/etc\/hosts \(--link: 172\.17\.0\.2\): ping and getent resolve it, nslookup asks the DNS server and will not/,
		);
		assert.equal(byAlias.verdict, 'yes');
		// By the container's own name: /etc/hosts has it too, so the default-bridge block does not apply.
		assert.equal(reason(why(t, 'legacy-a', 'legacy-b'), 'default-bridge-no-dns'), undefined);
	});

	it('an --add-host name', () => {
		const t = topology((_raw, byName) => {
			byName('web').inspect.HostConfig!.ExtraHosts = ['database:10.10.0.4'];
		});
		const d = why(t, 'web', 'database');
		assert.equal(d.target.kind, 'hosts-name');
		assert.match(reason(d, 'hosts-only')!.text, /--add-host: 10\.10\.0\.4/);
	});

	it('an alias clash: the name belongs to another container on one of the source networks', () => {
		const t = topology((_raw, byName) => {
			const cache = byName('cache');
			cache.inspect.NetworkSettings!.Networks!.backend!.Aliases = ['proxy'];
		});
		const d = why(t, 'api-server', 'proxy');
		const r = reason(d, 'alias-clash')!;
		assert.equal(r.severity, 'warns');
		assert.match(r.text, /The name "proxy" also belongs to cache on backend \(10\.30\.0\.2\)/);
	});

	it('a source in container:X mode is diagnosed as X', () => {
		const t = topology((_raw, byName) => {
			const proxy = byName('proxy');
			proxy.inspect.HostConfig!.NetworkMode = 'container:web';
			proxy.summary.HostConfig!.NetworkMode = 'container:web';
			proxy.inspect.NetworkSettings!.Networks = {};
			proxy.summary.NetworkSettings!.Networks = {};
		});
		const d = why(t, 'proxy', 'db');
		assert.equal(d.effectiveSource.name, 'web');
		assert.match(
			reason(d, 'source-container-mode')!.text,
			/proxy shares the network stack of web \(--network container:web\): it reaches exactly what web reaches/,
		);
		assert.equal(d.verdict, 'yes');
		assert.deepEqual(reason(why(t, 'proxy', 'cache'), 'no-shared-network')!.fix!.commands, [
			['docker', 'network', 'connect', 'backend', 'web'],
		]);
	});
});

describe('ports', () => {
	it('warns about a host port used between containers and an unexposed port', () => {
		const d = why(seed, 'db', 'web');
		const host = diagnosePort(d, 8080);
		assert.match(host[0]!.text, /8080 is web's port on the host \(8080->80\/tcp\); between containers use the container port 80/);
		assert.deepEqual(diagnosePort(d, 80), []);
		assert.equal(diagnosePort(d, 3307)[0]?.code, 'port-not-exposed');
	});
});

describe('reconciling with probe results', () => {
	const nx = parseNslookup("Server:\t\t172.17.0.1\nAddress:\t172.17.0.1:53\n\n** server can't find legacy-b: NXDOMAIN\n");
	const badAddress = parsePingOutput("ping: bad address 'legacy-b'\n");
	const ok = (ip: string) =>
		parsePingOutput(
			`PING x (${ip}): 56 data bytes\n64 bytes from ${ip}: seq=0 ttl=64 time=0.1 ms\n\n--- x ping statistics ---\n1 packets transmitted, 1 packets received, 0% packet loss\n`,
		);
	const silent = parsePingOutput(
		'PING x (10.10.0.4): 56 data bytes\n\n--- x ping statistics ---\n1 packets transmitted, 0 packets received, 100% packet loss\n',
	);

	it('confirms the default-bridge reason with NXDOMAIN and a bad address; the IP answers', () => {
		const d = reconcile(seed, why(seed, 'legacy-a', 'legacy-b'), {
			dns: {name: 'legacy-b', result: nx},
			pings: [
				{target: 'legacy-b', stats: badAddress},
				{target: '172.17.0.2', stats: ok('172.17.0.2')},
			],
		});
		const r = reason(d, 'default-bridge-no-dns')!;
		assert.equal(r.status, 'confirmed');
		assert.match(r.evidence!, /NXDOMAIN/);
		assert.equal(d.verdict, 'no', 'the typed name does not work');
		assert.ok(d.reasons.some(x => x.code === 'reachable' && /172\.17\.0\.2 answers ping/.test(x.text)));
	});

	it('no shared network: the failed name decides, even when an address answers (an engine not isolating)', () => {
		const d = reconcile(seed, why(seed, 'web', 'cache'), {
			dns: {name: 'cache', result: nx},
			pings: [
				{target: 'cache', stats: badAddress},
				{target: '10.30.0.3', stats: ok('10.30.0.3')},
			],
		});
		assert.equal(d.verdict, 'no', 'the typed name does not work');
		assert.equal(reason(d, 'no-shared-network')!.status, 'confirmed', 'the reason still explains it, not refuted');
	});

	it('refutes a static block when ping gets replies', () => {
		const t = topology(raw => {
			raw.networks.find(n => n.Name === 'app-net')!.Options = {'com.docker.network.bridge.enable_icc': 'false'};
		});
		const d = reconcile(t, why(t, 'web', 'db'), {pings: [{target: 'db', stats: ok('10.10.0.4')}]});
		assert.equal(reason(d, 'icc-disabled')!.status, 'refuted');
		assert.equal(d.verdict, 'yes');
		const confirmed = reconcile(t, why(t, 'web', 'db'), {pings: [{target: 'db', stats: silent}]});
		assert.equal(reason(confirmed, 'icc-disabled')!.status, 'confirmed');
		assert.equal(confirmed.verdict, 'no');
	});

	it('a ping that cannot run (no NET_RAW) proves nothing: a yes of the topology becomes unknown, a block stays', () => {
		const denied = parsePingOutput('ping: permission denied (are you root?)\n');
		assert.ok(denied.cannotRun);
		const shared = reconcile(seed, why(seed, 'web', 'db'), {
			pings: [
				{target: 'db', stats: denied},
				{target: '10.10.0.4', stats: denied},
			],
		});
		assert.equal(why(seed, 'web', 'db').verdict, 'yes');
		assert.equal(shared.verdict, 'unknown', 'nothing answered: not REACHABLE');
		assert.match(reason(shared, 'ping-unavailable')!.text, /stays unknown/);
		const open = reconcile(seed, why(seed, 'web', 'db'), {
			pings: [{target: 'db', stats: denied}],
			port: {host: 'db', port: 3306, check: {state: 'open', message: null}, timeoutSec: 1},
		});
		assert.equal(open.verdict, 'yes', 'the port check decides');
		const apart = reconcile(seed, why(seed, 'web', 'store'), {pings: [{target: 'store', stats: denied}]});
		assert.equal(apart.verdict, 'no', 'no shared network: a block by design');
	});

	it("an NXDOMAIN from an internal network's DNS is not the upstream's answer", () => {
		const nxOutside = parseNslookup(
			"Server:\t\t10.20.0.1\nAddress:\t10.20.0.1:53\n\n** server can't find outside.docknet.test: NXDOMAIN\n",
		);
		const internal = reconcile(seed, why(seed, 'store', 'outside.docknet.test'), {dns: {name: 'outside.docknet.test', result: nxOutside}});
		const r = reason(internal, 'unknown-name')!;
		assert.equal(r.severity, 'blocks');
		assert.match(r.text, /does not always forward outside names for internal networks/);
		assert.doesNotMatch(r.text, /does not know the name either/);
		const open = reconcile(seed, why(seed, 'web', 'outside.docknet.test'), {dns: {name: 'outside.docknet.test', result: nxOutside}});
		assert.match(reason(open, 'unknown-name')!.text, /does not know the name either/);
	});

	it('flags DNS answers that belong to another container', () => {
		const answer = parseNslookup(
			'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tdb\nAddress: 10.10.0.2\n',
		);
		const d = reconcile(seed, why(seed, 'web', 'db'), {dns: {name: 'db', result: answer}});
		const r = reason(d, 'alias-clash')!;
		assert.equal(r.status, 'observed');
		assert.match(r.text, /"db" resolves to web \(10\.10\.0\.2\), not only to db \(10\.10\.0\.4\)/);
	});

	it('says where the name resolves when all is well', () => {
		const answer = parseNslookup(
			'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tmysql\nAddress: 10.10.0.4\n',
		);
		const d = reconcile(seed, why(seed, 'web', 'mysql'), {
			dns: {name: 'mysql', result: answer},
			pings: [{target: 'mysql', stats: ok('10.10.0.4')}],
		});
		assert.match(reason(d, 'dns-resolved')!.text, /"mysql" resolves through docker's embedded DNS to 10\.10\.0\.4/);
		assert.equal(reason(d, 'shared-network')!.status, 'confirmed');
		assert.equal(d.verdict, 'yes');
	});

	it('notices nslookup and /etc/hosts disagreeing', () => {
		const d = reconcile(seed, why(seed, 'legacy-a', 'legacy-b'), {
			dns: {name: 'legacy-b', result: nx},
			hosts: {name: 'legacy-b', addresses: ['172.17.0.2']},
		});
		assert.match(reason(d, 'hosts-only')!.text, /"legacy-b" is in legacy-a's \/etc\/hosts \(172\.17\.0\.2\) but DNS does not know it/);
	});

	it('explains port results', () => {
		const base = why(seed, 'web', 'db');
		const refused = reconcile(seed, base, {
			port: {
				host: 'db',
				port: 3307,
				timeoutSec: 2,
				check: {state: 'refused', message: "nc: can't connect to remote host (10.10.0.4): Connection refused"},
			},
		});
		assert.match(reason(refused, 'not-listening')!.text, /Nothing listens on db:3307 \(connection refused\)/);
		assert.equal(refused.verdict, 'no');
		assert.equal(mainReason(refused)?.code, 'not-listening');
		const open = reconcile(seed, base, {port: {host: 'db', port: 3306, timeoutSec: 2, check: {state: 'open', message: null}}});
		assert.equal(open.verdict, 'yes');
		const filtered = reconcile(seed, base, {
			port: {host: 'db', port: 3306, timeoutSec: 2, check: {state: 'timeout', message: 'nc: timed out'}},
		});
		assert.match(reason(filtered, 'port-filtered')!.text, /No answer from db:3306 within 2 s/);
	});

	it('the main reason skips refuted ones', () => {
		const d = reconcile(seed, why(seed, 'web', 'cache'), {pings: [{target: 'cache', stats: badAddress}]});
		assert.equal(mainReason(d)?.code, 'no-shared-network');
		assert.equal(mainReason(d)?.status, 'confirmed');
	});
});

describe('probe scope: what is probed, and what is outside the engine', () => {
	const web = findContainer(seed, 'web')!;
	it("the engine's containers, aliases and addresses, and loopback, are inside", () => {
		for (const target of ['db', 'mysql', '10.30.0.2', '10.10.0.200', '127.0.0.1', '10.10.0.1'])
			assert.deepEqual(probeScope(seed, resolveTarget(seed, web, target)), {ok: true, outside: []}, target);
	});

	it('outside addresses and names are probed and labelled; misread forms are refused', () => {
		assert.deepEqual(probeScope(seed, resolveTarget(seed, web, '203.0.113.10')), {ok: true, outside: ['203.0.113.10']});
		const name = resolveTarget(seed, web, 'outside.docknet.test');
		assert.deepEqual(probeScope(seed, name), {ok: true, outside: []});
		assert.deepEqual(probeScope(seed, name, ['203.0.113.10']), {ok: true, outside: ['203.0.113.10']});
		assert.deepEqual(probeScope(seed, name, ['10.10.0.4']), {ok: true, outside: []});
		const bad = probeScope(seed, resolveTarget(seed, web, '010.010.0.03'));
		assert.equal(bad.ok, false);
	});

	it('checks --add-host addresses too', () => {
		const t = topology((_raw, byName) => {
			byName('web').inspect.HostConfig!.ExtraHosts = ['far:203.0.113.10', 'near:10.10.0.4'];
		});
		const w = findContainer(t, 'web')!;
		assert.deepEqual(probeScope(t, resolveTarget(t, w, 'far')), {ok: true, outside: ['203.0.113.10']});
		assert.deepEqual(probeScope(t, resolveTarget(t, w, 'near')), {ok: true, outside: []});
	});
});

describe('dual-stack and IPv6-only targets', () => {
	/** db gets an IPv6 address on app-net (dual-stack), or only that (IPv6-only). */
	const withIpv6 = (ipv4: boolean) =>
		topology((_raw, byName) => {
			for (const settings of [
				byName('db').summary.NetworkSettings!.Networks!['app-net']!,
				byName('db').inspect.NetworkSettings!.Networks!['app-net']!,
			]) {
				settings.GlobalIPv6Address = 'fd00:10::4';
				settings.GlobalIPv6PrefixLen = 64;
				if (!ipv4) {
					settings.IPAddress = '';
					settings.IPPrefixLen = 0;
				}
			}
		});
	const dualAnswer = parseNslookup(
		'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tdb\nAddress: 10.10.0.4\nName:\tdb\nAddress: fd00:10::4\n',
	);

	it("expects the target's IPv6 address too: its AAAA answer is no alias clash", () => {
		const t = withIpv6(true);
		const d = why(t, 'web', 'db');
		assert.deepEqual(
			d.expectedAddresses.map(a => a.address),
			['10.10.0.4', 'fd00:10::4'],
		);
		const reconciled = reconcile(t, d, {dns: {name: 'db', result: dualAnswer}});
		assert.equal(reason(reconciled, 'alias-clash'), undefined);
	});

	it('expects the IPv6 address of an IPv6-only target', () => {
		const t = withIpv6(false);
		assert.deepEqual(why(t, 'web', 'db').expectedAddresses, [{network: 'app-net', address: 'fd00:10::4'}]);
	});
});

describe('a ping that cannot run (no NET_RAW)', () => {
	const denied = parsePingOutput('PING db (10.10.0.4): 56 data bytes\nping: permission denied (are you root?)\n');

	it('confirms no blocking reason and leaves the verdict to what is known', () => {
		const t = topology(raw => {
			// db leaves app-net: web and db share no network, a blocking reason.
			const db = raw.containers.find(c => c.Names?.includes('/db'))!;
			delete db.NetworkSettings!.Networks!['app-net'];
			raw.details.get(db.Id)!.NetworkSettings!.Networks = {};
		});
		const d = reconcile(t, why(t, 'web', 'db'), {pings: [{target: 'db', stats: {...denied, final: true, transmitted: 1}}]});
		assert.equal(reason(d, 'no-shared-network')!.status, 'static', 'not confirmed by a ping that never ran');
		assert.equal(reason(d, 'unreachable'), undefined);
		assert.match(reason(d, 'ping-unavailable')!.text, /ping cannot run inside web .*NET_RAW/);
	});
});

describe('DNS server kinds', () => {
	it("names Podman's aardvark-dns on the network gateway, never 127.0.0.11", async () => {
		const {dnsServerKind} = await import('../../source/domain/dns-server.js');
		const web = findContainer(seed, 'web')!;
		assert.deepEqual(dnsServerKind(seed, web, '10.10.0.1'), {kind: 'gateway', network: 'app-net'});
		assert.deepEqual(dnsServerKind(seed, web, '127.0.0.11'), {kind: 'embedded'});
		assert.deepEqual(dnsServerKind(seed, web, '192.0.2.53'), {kind: 'other'});
		const answer = parseNslookup(
			'Server:\t\t10.10.0.1\nAddress:\t10.10.0.1:53\n\nNon-authoritative answer:\nName:\tdb.dns.podman\nAddress: 10.10.0.4\n',
		);
		const d = reconcile(seed, why(seed, 'web', 'db'), {dns: {name: 'db', result: answer}});
		const text = reason(d, 'dns-resolved')!.text;
		assert.match(text, /through the DNS server on app-net's gateway \(Podman's aardvark-dns\)/);
		assert.doesNotMatch(text, /embedded|127\.0\.0\.11/);
	});
});
