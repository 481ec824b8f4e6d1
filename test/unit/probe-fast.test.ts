// The fast probe path on the in-memory engine: the probe commands inspect only the
// containers a diagnosis reads, and the diagnosis is exactly what a full load gives;
// the panel's ping starts before DNS and port checks (which wait for its first output).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {loadTopology} from '../../source/commands/load-topology.js';
import {PING_HEAD_START_MS, ProbeSession} from '../../source/commands/probe-session.js';
import {loadForProbe} from '../../source/commands/probe-topology.js';
import {staticWhy} from '../../source/commands/probe-why.js';
import {Prober} from '../../source/commands/probe.js';
import type {Diagnosis} from '../../source/domain/diagnosis.js';
import {findContainer} from '../../source/domain/selectors.js';
import type {Topology} from '../../source/domain/types.js';
import {seedMemoryEngine, type MemoryEngine, type MemoryExec} from '../helpers/memory-engine.js';
import {waitFor} from '../helpers/wait.js';

/** The seed plus the awkward cases: an alias clash, a container in another's network stack, a multi-homed alias. */
function trickyEngine(): MemoryEngine {
	const engine = seedMemoryEngine();
	engine.addContainer({name: 'clash', networks: [{name: 'app-net', aliases: ['db', 'shared']}]});
	const web = engine.containerByRef('web');
	engine.addContainer({name: 'sidecar', networkMode: `container:${web.id}`});
	engine.addContainer({name: 'far', networks: [{name: 'backend', aliases: ['shared', 'faraway']}]});
	engine.addContainer({name: 'stopped-far', state: 'exited', networks: ['backend']});
	return engine;
}

/** Everything a user sees of a diagnosis. */
const view = (d: Diagnosis) => ({
	verdict: d.verdict,
	target: {
		kind: d.target.kind,
		text: d.target.text,
		container: d.target.kind === 'container' ? d.target.container.name : null,
		via: d.target.kind === 'container' ? d.target.via : null,
	},
	effectiveTarget: d.effectiveTarget?.name ?? null,
	shared: d.shared.map(n => n.name),
	expected: d.expectedAddresses,
	nameResolvable: d.nameResolvable,
	reasons: d.reasons.map(r => ({code: r.code, severity: r.severity, text: r.text, fix: r.fix ?? null})),
});

const noSource = (ref: string) => new Error(`no such container: ${ref}`);
const inspects = (engine: MemoryEngine) => engine.calls.filter(c => c === 'inspectContainer').length;

describe('loadForProbe', () => {
	const pairs: Array<[string, string]> = [
		['web', 'db'],
		['web', 'mysql'],
		['web', 'shared'],
		['web', 'faraway'],
		['web', 'ledger'],
		['web', 'cache'],
		['web', 'batch'],
		['web', 'stopped-far'],
		['web', 'db.app-net'],
		['web', 'nosuchname'],
		['web', '10.10.0.2'],
		['web', '10.10.0.250'],
		['web', '192.0.2.1'],
		['sidecar', 'db'],
		['sidecar', 'mysql'],
		['db', 'sidecar'],
		['api-server', 'ledger'],
		['api-server', 'shared'],
		['legacy-a', 'legacy-b'],
		['hostbox', 'db'],
		['nonebox', 'db'],
		['batch', 'db'],
		['proxy', 'far'],
	];
	for (const [src, dst] of pairs) {
		it(`${src} -> ${dst}: the same diagnosis as a full load`, async () => {
			const engine = trickyEngine();
			const full = await loadTopology(engine);
			const expected = staticWhy(full, findContainer(full, src)!, dst, {port: 80});
			const load = await loadForProbe(engine, src, dst, noSource);
			const t: Topology = await load.topology;
			const got = staticWhy(t, findContainer(t, load.source.id)!, dst, {port: 80});
			assert.deepEqual(view(got), view(expected));
		});
	}

	it('an id prefix resolves as in a full load', async () => {
		const engine = trickyEngine();
		const full = await loadTopology(engine);
		const prefix = findContainer(full, 'cache')!.id.slice(0, 8);
		const load = await loadForProbe(engine, 'web', prefix, noSource);
		const t = await load.topology;
		assert.deepEqual(view(staticWhy(t, findContainer(t, 'web')!, prefix)), view(staticWhy(full, findContainer(full, 'web')!, prefix)));
	});

	it('inspects only the neighbourhood for a name the lists know, and starts early', async () => {
		const engine = trickyEngine();
		const before = inspects(engine);
		const load = await loadForProbe(engine, 'web', 'db', noSource);
		assert.ok(load.early, 'a container name: the lists settle the target');
		await load.topology;
		// web, db and clash are on app-net (batch is stopped there: no endpoint).
		assert.equal(inspects(engine) - before, 3);
	});

	it('an alias waits for the details; one elsewhere loads everything', async () => {
		const engine = trickyEngine();
		const all = (await engine.listContainers()).length;
		let before = inspects(engine);
		const mysql = await loadForProbe(engine, 'web', 'mysql', noSource);
		assert.equal(mysql.early, null);
		await mysql.topology;
		assert.equal(inspects(engine) - before, 3);
		before = inspects(engine);
		const ledger = await loadForProbe(engine, 'web', 'ledger', noSource);
		await ledger.topology;
		assert.equal(inspects(engine) - before, all);
	});

	it("an unknown source is the caller's error, before any inspect", async () => {
		const engine = trickyEngine();
		const before = inspects(engine);
		await assert.rejects(loadForProbe(engine, 'nope', 'db', noSource), /no such container: nope/);
		assert.equal(inspects(engine), before);
	});
});

// ------------------------------------------------------------------ panel order

/** busybox-like tools; records when each exec starts and when ping first prints. */
function orderedEngine(events: string[], options: {silentPing?: boolean} = {}): MemoryEngine {
	const engine = seedMemoryEngine();
	engine.execHandler = async (container, spec, exec: MemoryExec) => {
		const [cmd] = spec.argv;
		if (engine.answerKillExec(container.id, spec.argv)) return {exitCode: 0};
		events.push(`${cmd} start`);
		if (cmd === 'sh') {
			spec.onStdout?.('ping\nnslookup\nnc\ncat\ntr\n');
			return {exitCode: 0};
		}
		if (cmd === 'cat') return {exitCode: 0};
		if (cmd === 'nslookup') {
			spec.onStdout?.(`Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nName:\t${spec.argv[1]}\nAddress: 10.10.0.3\n`);
			return {exitCode: 0};
		}
		if (cmd === 'nc') return {exitCode: 0};
		if (cmd === 'ping') {
			await new Promise(resolve => setTimeout(resolve, 20));
			if (!options.silentPing) {
				spec.onStdout?.(`PING ${spec.argv.at(-1)} (10.10.0.3): 56 data bytes\n`);
				events.push('ping output');
			}
			for (let seq = 0; exec.running; seq++) {
				if (!options.silentPing) spec.onStdout?.(`64 bytes from 10.10.0.3: seq=${seq} ttl=64 time=0.1 ms\n`);
				await Promise.race([exec.done, new Promise(resolve => setTimeout(resolve, 5))]);
			}
			return {exitCode: null};
		}
		return {exitCode: 127};
	};
	return engine;
}

const waitUntil = (check: () => boolean) => waitFor(check, {interval: 2});

/** Lets promise chains and pending I/O run (mocked timers do not fire here); with `until`, until it holds. */
async function settle(until?: () => boolean, rounds = 100): Promise<void> {
	for (let i = 0; i < rounds && !until?.(); i++) await new Promise(resolve => setImmediate(resolve));
	if (until && !until()) throw new Error(`settle: not reached after ${rounds} rounds`);
}

describe('the panel probe order', () => {
	it('pings first; DNS and the port check start once ping prints', async () => {
		const events: string[] = [];
		const engine = orderedEngine(events);
		engine.containerByRef('db').ports.push({containerPort: 3306, protocol: 'tcp'});
		const t = await loadTopology(engine);
		const session = new ProbeSession(new Prober(engine));
		session.start(t, findContainer(t, 'web')!, 'db');
		await waitUntil(() => session.getState().dns.status === 'done' && session.getState().port.status === 'done');
		await session.cancel();
		assert.equal(events[0], 'ping start', `${events}`);
		const printed = events.indexOf('ping output');
		assert.ok(printed > 0, `${events}`);
		for (const cmd of ['nslookup', 'cat', 'nc'])
			assert.ok(events.indexOf(`${cmd} start`) > printed, `${cmd} after ping's first output: ${events}`);
	});

	it('a silent ping holds the others back for a bounded time only', async t => {
		// Mock timers: the hold-back is asserted on both sides of PING_HEAD_START_MS
		// without waiting for it (or racing a loaded machine).
		t.mock.timers.enable({apis: ['setTimeout']});
		const events: string[] = [];
		const engine = orderedEngine(events, {silentPing: true});
		const topology = await loadTopology(engine);
		const session = new ProbeSession(new Prober(engine));
		session.start(topology, findContainer(topology, 'web')!, 'db');
		try {
			await settle(() => events.includes('ping start'));
			t.mock.timers.tick(PING_HEAD_START_MS - 1);
			await settle();
			assert.deepEqual(events, ['ping start'], 'nothing else starts while the silent ping has its head start');
			t.mock.timers.tick(1);
			await settle(() => session.getState().dns.status === 'done');
			assert.ok(events.includes('nslookup start'), `${events}`);
		} finally {
			t.mock.timers.reset();
			await session.cancel();
		}
	});

	it('a name the topology does not know is pinged at once too (an outbound check), DNS after', async () => {
		const events: string[] = [];
		const engine = orderedEngine(events);
		const t = await loadTopology(engine);
		const session = new ProbeSession(new Prober(engine));
		session.start(t, findContainer(t, 'web')!, 'not-in-topology');
		await waitUntil(() => session.getState().dns.status === 'done');
		await session.cancel();
		assert.equal(events[0], 'ping start', `${events}`);
		assert.ok(events.includes('nslookup start'), `${events}`);
	});
});
