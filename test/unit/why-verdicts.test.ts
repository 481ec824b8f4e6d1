// The wrong verdicts of issue 12, each pinned (every test here failed before its fix),
// and the canonical probe target of issue 11 item 5.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {diagnose, reconcile, resolveTarget, type Diagnosis, type ReasonCode} from '../../source/domain/diagnosis.js';
import {parseNslookup, parsePingOutput} from '../../source/domain/probe-parsers.js';
import {inetAton, parseProbeTarget} from '../../source/domain/probe-target.js';
import {findContainer} from '../../source/domain/selectors.js';
import {buildTopology} from '../../source/domain/topology.js';
import type {Topology} from '../../source/domain/types.js';
import {canonicalTarget} from '../../source/commands/probe-why.js';
import {ProbeRefused} from '../../source/commands/probe-host.js';
import {seedFixture} from '../helpers/fixtures.js';

const seed = buildTopology(seedFixture());

function why(t: Topology, source: string, target: string): Diagnosis {
	const src = findContainer(t, source)!;
	return diagnose(t, src, resolveTarget(t, src, target), {hotkeys: {connect: 'c', start: 's'}});
}
const codes = (d: Diagnosis): ReasonCode[] => d.reasons.map(r => r.code);
const reason = (d: Diagnosis, code: ReasonCode) => d.reasons.find(r => r.code === code);

describe('issue 12: verdicts that were wrong', () => {
	it('a stopped target no longer hides that the two share no network; reasons in fixing order', () => {
		const d = why(seed, 'api-server', 'batch');
		assert.equal(d.verdict, 'no');
		assert.deepEqual(codes(d), ['no-shared-network', 'target-not-running']);
		assert.deepEqual(reason(d, 'no-shared-network')!.fix!.commands, [['docker', 'network', 'connect', 'app-net', 'api-server']]);
		assert.match(reason(d, 'no-shared-network')!.text, /batch is on app-net \(configured; it joins them when started\)/);
		assert.deepEqual(reason(d, 'target-not-running')!.fix!.commands, [['docker', 'start', 'batch']]);
	});

	it('a stopped source is on the networks it is configured on: no connect fix docknet would refuse', () => {
		const d = why(seed, 'batch', 'web');
		assert.equal(d.verdict, 'no');
		assert.deepEqual(codes(d), ['shared-network', 'source-not-running']);
		assert.ok(!d.reasons.some(r => /on no network/.test(r.text)));
		assert.ok(!d.reasons.some(r => r.fix?.action?.kind === 'connect'));
		assert.deepEqual(reason(d, 'source-not-running')!.fix!.commands, [['docker', 'start', 'batch']]);
	});

	it('a container in none mode reaches itself', () => {
		const d = why(seed, 'nonebox', 'nonebox');
		assert.equal(d.verdict, 'yes');
		assert.deepEqual(codes(d), ['same-container']);
	});

	it('a gateway address is the engine host, not an unused address', () => {
		const d = why(seed, 'web', '10.10.0.1');
		assert.equal(d.verdict, 'yes');
		assert.deepEqual(codes(d), ['gateway']);
		assert.match(d.reasons[0]!.text, /10\.10\.0\.1 is app-net's gateway/);
		const other = why(seed, 'web', '10.20.0.1');
		assert.deepEqual(codes(other), ['gateway'], "another network's gateway is also the host");
	});

	it('a name over 63 characters: the DNS label limit, not an empty server name', () => {
		const long = 'x'.repeat(88);
		const fixture = structuredClone(seedFixture());
		const db = fixture.containers.find(c => c.Names?.includes('/db'))!;
		const inspect = fixture.details.get(db.Id)!;
		db.Names = [`/${long}`];
		inspect.Name = `/${long}`;
		const t = buildTopology(fixture);
		const d = why(t, 'web', long);
		assert.equal(d.verdict, 'no');
		const r = reason(d, 'name-too-long')!;
		assert.equal(r.severity, 'blocks');
		assert.match(r.text, /label of 88 characters: DNS allows at most 63/);
		assert.equal(r.fix!.commands[0]![1], 'rename');
		// nslookup's refusal (no server line) is explained, never "The DNS server  did not answer".
		const seen = reconcile(t, d, {dns: {name: long, result: {...parseNslookup(''), error: 'timed out'}}});
		const failed = reason(seen, 'dns-failed')!;
		assert.doesNotMatch(failed.text, /server {2}/);
		assert.match(failed.text, /longer than DNS allows \(63\)/);
		assert.equal(reason(seen, 'name-too-long')!.status, 'confirmed');
	});
});

describe('outbound checks', () => {
	it('an outside address is probed and labelled; internal-only sources are told why not', () => {
		const d = why(seed, 'web', '203.0.113.10');
		assert.equal(d.verdict, 'yes');
		assert.equal(reason(d, 'address-outside')!.severity, 'info');
		assert.match(reason(d, 'address-outside')!.text, /outside this engine's networks: an outbound check/);
		const internal = why(seed, 'store', '203.0.113.10');
		assert.equal(internal.verdict, 'no');
		assert.match(reason(internal, 'internal-network')!.text, /only on internal networks \(vault-net\)/);
	});

	it('a source without a gateway has no default route', () => {
		const fixture = structuredClone(seedFixture());
		const web = fixture.containers.find(c => c.Names?.includes('/web'))!;
		for (const ep of Object.values(web.NetworkSettings!.Networks!)) ep.Gateway = '';
		const inspect = fixture.details.get(web.Id)!;
		for (const ep of Object.values(inspect.NetworkSettings!.Networks!)) ep.Gateway = '';
		const d = why(buildTopology(fixture), 'web', '203.0.113.10');
		assert.equal(reason(d, 'no-default-route')?.severity, 'blocks');
	});

	it('a name the engine does not know goes upstream: unknown until DNS answers, then labelled outside', () => {
		const d = why(seed, 'web', 'outside.docknet.test');
		assert.equal(d.verdict, 'unknown');
		assert.equal(reason(d, 'unknown-name')!.severity, 'warns');
		const answered = reconcile(seed, d, {
			dns: {
				name: 'outside.docknet.test',
				result: parseNslookup('Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nName:\toutside.docknet.test\nAddress: 203.0.113.10\n'),
			},
			pings: [
				{
					target: 'outside.docknet.test',
					stats: parsePingOutput(
						'PING outside.docknet.test (203.0.113.10): 56 data bytes\n64 bytes from 203.0.113.10: seq=0 ttl=63 time=0.2 ms\n\n--- outside.docknet.test ping statistics ---\n1 packets transmitted, 1 packets received, 0% packet loss\nround-trip min/avg/max = 0.2/0.2/0.2 ms\n',
					),
				},
			],
		});
		assert.equal(answered.verdict, 'yes');
		assert.match(reason(answered, 'outside-resolved')!.text, /resolved in web to 203\.0\.113\.10, outside this engine's networks/);
		const nx = reconcile(seed, d, {
			dns: {
				name: 'outside.docknet.test',
				result: parseNslookup("Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n** server can't find outside.docknet.test: NXDOMAIN\n"),
			},
		});
		assert.equal(reason(nx, 'unknown-name')!.severity, 'blocks');
	});

	it('a ping by name that went elsewhere (an /etc/hosts line) is said, with the address', () => {
		const d = why(seed, 'web', 'db');
		const seen = reconcile(seed, d, {
			pings: [
				{
					target: 'db',
					stats: parsePingOutput(
						'PING db (10.20.0.9): 56 data bytes\n64 bytes from 10.20.0.9: seq=0 ttl=64 time=0.1 ms\n\n--- db ping statistics ---\n1 packets transmitted, 1 packets received, 0% packet loss\n',
					),
				},
			],
		});
		assert.match(
			seen.reasons.find(r => r.status === 'observed' && r.code === 'alias-clash')!.text,
			/went to 10\.20\.0\.9, not to db \(10\.10\.0\.4\)/,
		);
	});
});

describe('canonical probe targets (issue 11 item 5)', () => {
	it('reads numbers-and-dots as the tools in containers do', () => {
		assert.equal(inetAton('010.010.0.03'), '8.8.0.3');
		assert.equal(inetAton('010.010.010.010'), '8.8.8.8');
		assert.equal(inetAton('10.1'), '10.0.0.1');
		assert.equal(inetAton('167772161'), '10.0.0.1');
		assert.equal(inetAton('0x0a.0.0.1'), '10.0.0.1');
		assert.equal(inetAton('1.2.3.256'), null);
	});

	it('refuses the forms tools read differently, naming what they would read', () => {
		for (const [typed, read] of [
			['010.010.0.03', '8.8.0.3'],
			['10.1', '10.0.0.1'],
			['167772161', '10.0.0.1'],
			['0x0a.0.0.1', '10.0.0.1'],
			['10.010.0.3', '10.8.0.3'],
		]) {
			const p = parseProbeTarget(typed!);
			assert.equal(p.ok, false, typed);
			assert.match((p as {reason: string}).reason, new RegExp(`would use ${read!.replaceAll('.', '\\.')}`), typed);
		}
		assert.match(
			(parseProbeTarget('010.010.0.03') as {reason: string}).reason,
			/without leading zeros: 10\.10\.0\.3 \(decimal\) or 8\.8\.0\.3/,
		);
		assert.equal(parseProbeTarget('').ok, false);
		assert.equal(parseProbeTarget('-c').ok, false);
		assert.equal(parseProbeTarget('a b').ok, false);
		assert.equal(parseProbeTarget('fe80::1%eth0').ok, false);
	});

	it('normalises IPv6 and keeps names and canonical IPv4 as typed', () => {
		assert.deepEqual(pick(parseProbeTarget('FD00:0:0:0::0001')), {kind: 'address', text: 'fd00::1'});
		assert.deepEqual(pick(parseProbeTarget('[fd00::1]')), {kind: 'address', text: 'fd00::1'});
		assert.deepEqual(pick(parseProbeTarget(' 10.10.0.3 ')), {kind: 'address', text: '10.10.0.3'});
		assert.deepEqual(pick(parseProbeTarget('outside.docknet.test')), {kind: 'name', text: 'outside.docknet.test'});
		assert.deepEqual(pick(parseProbeTarget('web1')), {kind: 'name', text: 'web1'});
	});

	it('the target a probe is given is the canonical one; a misread form never reaches the container', () => {
		const web = findContainer(seed, 'web')!;
		assert.equal(canonicalTarget(seed, web, 'FD00::0001').text, 'fd00::1');
		assert.equal(canonicalTarget(seed, web, '10.10.0.4').target.kind, 'container');
		assert.throws(
			() => canonicalTarget(seed, web, '010.010.010.010'),
			(e: unknown) => e instanceof ProbeRefused && /8\.8\.8\.8/.test(e.message),
		);
		assert.equal(resolveTarget(seed, web, '010.010.0.03').kind, 'invalid');
		assert.deepEqual(codes(why(seed, 'web', '010.010.0.03')), ['invalid-target']);
	});
});

function pick(p: ReturnType<typeof parseProbeTarget>) {
	return p.ok ? {kind: p.kind, text: p.text} : p;
}

describe('fix steps (what f and the catalogue run)', () => {
	it('connect, create, start and unpause go through docknet operations; other lines are left to the user', async () => {
		const {fixSteps} = await import('../../source/commands/fix.js');
		const {planStart} = await import('../../source/commands/start.js');
		const steps = fixSteps([
			{
				summary: 'a',
				commands: [
					['docker', 'network', 'create', 'n1'],
					['docker', 'network', 'connect', 'n1', 'web'],
				],
			},
			{summary: 'b', commands: [['docker', 'start', 'batch']]},
			{summary: 'c', commands: [['docker', 'rename', 'x', 'y']]},
		]);
		assert.deepEqual(
			steps.map(s => [s.kind, s.line]),
			[
				['plan', 'docker network create n1'],
				['plan', 'docker network connect n1 web'],
				['plan', 'docker start batch'],
				['manual', 'docker rename x y'],
			],
		);
		const start = steps[2]!.kind === 'plan' ? steps[2]!.plan(seed) : null;
		assert.equal(start?.ok && start.steps[0]!.line, 'docker start batch');
		const running = planStart(seed, {container: 'web', action: 'start'});
		assert.equal(running.ok, false);
		assert.match((running as {reason: string}).reason, /already running/);
		assert.equal(planStart(seed, {container: 'web', action: 'unpause'}).ok, false);
		assert.equal(planStart(seed, {container: 'nosuch', action: 'start'}).ok, false);
	});
});
