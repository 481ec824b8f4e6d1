// The probe panel's pure parts (sparkline, lines, target input, candidates) and the
// ProbeSession store on the in-memory engine: static reasons at once, streaming,
// another pair cancels the previous one, cancel stops the process.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {MatrixSession, ProbeSession, defaultPorts} from '../../source/commands/probe-session.js';
import {Prober} from '../../source/commands/probe.js';
import {loadTopology} from '../../source/commands/load-topology.js';
import {
	commonPrefix,
	matrixLines,
	parseTargetInput,
	pingSeries,
	probeLines,
	sparkline,
	wrapText,
} from '../../source/components/probe-panel.js';
import {targetCandidates} from '../../source/domain/diagnosis.js';
import {parsePingOutput} from '../../source/domain/probe-parsers.js';
import {findContainer} from '../../source/domain/selectors.js';
import {seedMemoryEngine, type MemoryEngine, type MemoryExec} from '../helpers/memory-engine.js';
import {waitFor} from '../helpers/wait.js';

function engineWithTools(): MemoryEngine {
	const engine = seedMemoryEngine();
	engine.execHandler = async (container, spec, exec: MemoryExec) => {
		const [cmd] = spec.argv;
		if (engine.answerKillExec(container.id, spec.argv)) return {exitCode: 0};
		if (cmd === 'sh') {
			spec.onStdout?.('ping\nnslookup\nnc\ncat\ntr\n');
			return {exitCode: 0};
		}
		if (cmd === 'cat') {
			spec.onStdout?.(spec.argv[1] === '/etc/resolv.conf' ? 'nameserver 127.0.0.11\n' : '127.0.0.1 localhost\n');
			return {exitCode: 0};
		}
		if (cmd === 'nslookup') {
			const name = spec.argv[1]!;
			const target = [...engine.containers.values()].find(c => c.name === name);
			const ip = target ? [...target.networks.values()][0]?.ipv4 : undefined;
			spec.onStdout?.(
				ip
					? `Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nName:\t${name}\nAddress: ${ip}\n`
					: `Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n** server can't find ${name}: NXDOMAIN\n`,
			);
			return {exitCode: ip ? 0 : 1};
		}
		if (cmd === 'nc') return {exitCode: spec.argv.at(-1) === '80' ? 0 : 1};
		if (cmd === 'ping') {
			const target = spec.argv.at(-1)!;
			// Names resolve only between containers that share a network (as docker's DNS does).
			const known = [...engine.containers.values()].find(
				c => c.name === target && [...c.networks.keys()].some(n => container.networks.has(n)),
			);
			if (!known) {
				spec.onStderr?.(`ping: bad address '${target}'\n`);
				return {exitCode: 1};
			}
			for (let seq = 0; exec.running; seq++) {
				spec.onStdout?.(`64 bytes from 10.10.0.4: seq=${seq} ttl=64 time=0.${seq + 1} ms\n`);
				await Promise.race([exec.done, new Promise(resolve => setTimeout(resolve, 5))]);
			}
			return {exitCode: null};
		}
		return {exitCode: 127};
	};
	return engine;
}

const running = (engine: MemoryEngine) => [...engine.execs.values()].filter(e => e.running);

describe('sparkline and lines', () => {
	it('draws RTTs from zero to the maximum, lost packets as crosses', () => {
		assert.equal(sparkline([1, 2, 4, 8, null, 8], 10), '▁▂▄█×█');
		assert.equal(sparkline([1, 2, 4, 8], 2), '▄█', 'the newest that fit');
		assert.equal(sparkline([1, null], 5, false), '@x');
		assert.equal(sparkline([], 5), '');
	});

	it('orders the series by sequence number', () => {
		const stats = parsePingOutput('64 bytes from 10.10.0.4: seq=0 ttl=64 time=0.1 ms\n64 bytes from 10.10.0.4: seq=2 ttl=64 time=0.3 ms\n');
		assert.deepEqual(pingSeries(stats), [0.1, null, 0.3]);
	});

	it('wraps text on words', () => {
		assert.deepEqual(wrapText('one two three four', 9, 2), ['one two', 'three fo…']);
		assert.deepEqual(wrapText('short', 9, 2), ['short']);
	});

	it('parses typed targets with an optional port', () => {
		assert.deepEqual(parseTargetInput('db'), {target: 'db'});
		assert.deepEqual(parseTargetInput('db:3306'), {target: 'db', port: 3306});
		assert.deepEqual(parseTargetInput('10.10.0.4 80'), {target: '10.10.0.4', port: 80});
		assert.deepEqual(parseTargetInput('fd00::3'), {target: 'fd00::3'});
		assert.ok('error' in parseTargetInput('db:70000'));
		assert.ok('error' in parseTargetInput(''));
	});

	it('lists targets: shared-network containers first, each with aliases and addresses', async () => {
		const t = await loadTopology(seedMemoryEngine());
		const list = targetCandidates(t, findContainer(t, 'web')!);
		assert.deepEqual(
			list.slice(0, 3).map(c => [c.text.replace(/\d+$/, 'N'), c.kind, c.shared]),
			[
				['db', 'container', true],
				['mysql', 'alias', true],
				['10.10.0.N', 'ip', true],
			],
		);
		assert.equal(list.find(c => c.text === 'cache')?.detail, 'no shared network (backend)');
		assert.equal(list.find(c => c.text === 'batch')?.detail, 'stopped');
		assert.ok(!list.some(c => c.text === 'web'));
	});
});

describe('ProbeSession', () => {
	it('shows the static reasons at once, streams, and stops the ping inside the container on cancel', async () => {
		const engine = engineWithTools();
		const t = await loadTopology(engine);
		const session = new ProbeSession(new Prober(engine), {hotkeys: {connect: 'f'}});
		const seen: number[] = [];
		session.subscribe(s => seen.push(s.ping.result?.received ?? 0));
		session.start(t, findContainer(t, 'web')!, 'db');
		assert.equal(session.getState().diagnosis?.verdict, 'yes', 'static verdict before any exec');
		await waitUntil(() => (session.getState().ping.result?.received ?? 0) >= 3);
		await waitUntil(() => session.getState().dns.status === 'done');
		assert.deepEqual(
			session.getState().dns.result?.result.answers.map(a => a.name),
			['db'],
		);
		const lines = probeLines(session.getState(), 100, {unicode: true}).map(l => l.map(s => s.text).join(''));
		assert.match(lines[0]!, /^web → db {2}REACHABLE ● live/);
		assert.match(lines[1]!, /^ping {2}\S+\s+\d+ sent \d+ recv 0% loss/);
		assert.match(lines.join('\n'), /\$ docker exec web ping db/);
		await session.cancel();
		assert.equal(running(engine).length, 0);
		assert.equal(session.getState().running, false);
		assert.equal(session.getState().ping.status, 'cancelled');
		assert.ok(seen.length > 3, 'streamed updates');
	});

	it('a new pair cancels the previous one before starting', async () => {
		const engine = engineWithTools();
		const t = await loadTopology(engine);
		const session = new ProbeSession(new Prober(engine));
		session.start(t, findContainer(t, 'web')!, 'db');
		await waitUntil(() => running(engine).some(e => e.argv[0] === 'ping'));
		session.start(t, findContainer(t, 'web')!, 'mysql');
		await waitUntil(() => running(engine).some(e => e.argv.at(-1) === 'mysql') || session.getState().ping.status !== 'running');
		await waitUntil(() => !running(engine).some(e => e.argv.at(-1) === 'db'));
		assert.equal(session.getState().targetText, 'mysql');
		await session.cancel();
		assert.equal(running(engine).length, 0);
	});

	it("explains a broken pair with the fix, and checks the target's own ports", async () => {
		const engine = engineWithTools();
		const t = await loadTopology(engine);
		const session = new ProbeSession(new Prober(engine), {hotkeys: {connect: 'f'}});
		session.start(t, findContainer(t, 'web')!, 'cache');
		await waitUntil(() => !session.getState().running);
		const text = probeLines(session.getState(), 200, {unicode: true})
			.map(l => l.map(s => s.text).join(''))
			.join('\n');
		assert.match(text, /web → cache {2}NOT REACHABLE/);
		assert.match(text, /bad address: "cache" does not resolve from web/);
		assert.match(text, /fix: docker network connect backend web {3}\(press f to review and run it\)/);
		// db -> web: web publishes 80, so the panel checks it.
		const web = session.getState();
		assert.deepEqual(defaultPorts({...web.diagnosis!, effectiveTarget: findContainer(t, 'web')}), [80]);
	});
});

describe('issue 12: the panel says what the verdict is about', () => {
	it('a port verdict names the port in the header; the DNS server is labelled as the server', async () => {
		const engine = engineWithTools();
		const t = await loadTopology(engine);
		const session = new ProbeSession(new Prober(engine));
		session.start(t, findContainer(t, 'web')!, 'db', {port: 3306});
		await waitUntil(() => session.getState().port.status === 'done' && session.getState().dns.status === 'done');
		await session.cancel();
		const text = probeLines(session.getState(), 200, {unicode: true})
			.map(l => l.map(s => s.text).join(''))
			.join('\n');
		assert.match(text, /web → db:3306 {2}NOT REACHABLE/);
		assert.match(text, /\(server 127\.0\.0\.11, docker DNS\)/);
		assert.doesNotMatch(text, /[^r] \(127\.0\.0\.11/);
	});

	it('a tool-less source: each row names its own missing tool (the dns row does not say "nc or bash")', async () => {
		const engine = engineWithTools();
		engine.execHandler = () => ({exitCode: 127});
		const t = await loadTopology(engine);
		const session = new ProbeSession(new Prober(engine, {helperImage: null}));
		session.start(t, findContainer(t, 'web')!, 'db', {port: 3306});
		await waitUntil(() => !session.getState().running);
		const state = session.getState();
		assert.match(state.dns.error ?? '', /has no nslookup;/);
		assert.match(state.ping.error ?? '', /has no ping;/);
		assert.match(state.port.error ?? '', /has no nc or bash;/);
	});

	it('a refuted reason says so first, so a narrow line never hides it', async () => {
		const engine = engineWithTools();
		const t = await loadTopology(engine);
		const session = new ProbeSession(new Prober(engine));
		// The fake pings batch although it is stopped: the probe refutes the static block.
		session.start(t, findContainer(t, 'web')!, 'batch');
		await waitUntil(() => (session.getState().ping.result?.received ?? 0) > 0);
		const lines = probeLines(session.getState(), 60, {unicode: true}).map(l => l.map(s => s.text).join(''));
		await session.cancel();
		assert.ok(
			lines.some(l => /^✗ refuted by the probe: batch is stopped/.test(l)),
			lines.join('\n'),
		);
	});

	it('the picker refuses an address form the tools would misread', () => {
		const typed = parseTargetInput('010.010.0.03');
		assert.ok('error' in typed);
		assert.match(typed.error, /would use 8\.8\.0\.3/);
		assert.deepEqual(parseTargetInput('[FD00::1]:80'), {target: 'fd00::1', port: 80});
	});
});

describe('ProbeSession network safety', () => {
	it('probes a name the topology does not know (an outbound check: DNS and ping both run)', async () => {
		const engine = engineWithTools();
		const t = await loadTopology(engine);
		const session = new ProbeSession(new Prober(engine));
		session.start(t, findContainer(t, 'web')!, 'nosuch-name');
		await waitUntil(() => !session.getState().running);
		assert.equal(session.getState().dns.result?.result.nxdomain, true);
		assert.ok(
			[...engine.execs.values()].some(e => e.argv[0] === 'ping'),
			'the ping ran',
		);
		assert.equal(session.getState().diagnosis!.verdict, 'no');
	});

	it('never gives a misread address form to the container', async () => {
		const engine = engineWithTools();
		const t = await loadTopology(engine);
		const session = new ProbeSession(new Prober(engine));
		session.start(t, findContainer(t, 'web')!, '010.010.010.010');
		await waitUntil(() => !session.getState().running);
		assert.ok(
			![...engine.execs.values()].some(e => e.argv.includes('010.010.010.010') || e.argv.includes('8.8.8.8')),
			'nothing was run with it',
		);
		assert.match(session.getState().diagnosis!.reasons[0]!.text, /would use 8\.8\.8\.8/);
	});
});

describe('ProbeSession and a changing topology', () => {
	it('reads the static reasons again when the topology changes, keeping the probe running', async () => {
		const engine = engineWithTools();
		const t = await loadTopology(engine);
		const session = new ProbeSession(new Prober(engine));
		session.start(t, findContainer(t, 'web')!, 'cache');
		assert.ok(session.getState().diagnosis!.reasons.some(r => r.code === 'no-shared-network'));
		await engine.connectNetwork('backend', 'web', {});
		const after = await loadTopology(engine);
		session.updateTopology(after);
		const codes = session.getState().staticDiagnosis!.reasons.map(r => r.code);
		assert.ok(codes.includes('shared-network') && !codes.includes('no-shared-network'), codes.join());
		assert.equal(session.getState().run, 1, 'the same run: nothing restarted');
		await session.cancel();
	});
});

describe('MatrixSession', () => {
	it('fills the grid and renders it', async () => {
		const engine = engineWithTools();
		// One packet per pair: the memory ping honours -c.
		const inner = engine.execHandler;
		engine.execHandler = (container, spec, exec) => {
			if (spec.argv[0] === 'ping' && spec.argv[1] === '-c') {
				spec.onStdout?.('64 bytes from 10.10.0.4: seq=0 ttl=64 time=0.2 ms\n\n1 packets transmitted, 1 packets received, 0% packet loss\n');
				return {exitCode: 0};
			}
			return inner(container, spec, exec);
		};
		const t = await loadTopology(engine);
		const session = new MatrixSession(new Prober(engine));
		session.start(t, 'app-net');
		await waitUntil(() => !session.getState().running);
		const plan = session.getState().plan!;
		assert.deepEqual(
			plan.cells.map(c => [c.from, c.to, c.state]),
			[
				['db', 'web', 'ok'],
				['web', 'db', 'ok'],
			],
		);
		const text = matrixLines(plan, 80, true).map(l => l.map(s => s.text).join(''));
		assert.match(text[1]!, /^db\s+·\s+✓0\.20/);
		session.start(t, 'host');
		assert.match(session.getState().error ?? '', /no addresses of their own/);
		// As the CLI: the stopped member is named, not probed.
		assert.ok(text.includes('not running (not probed): batch'), text.join('\n'));
	});

	it('folds a compose prefix, names the cursor pair in full, and follows the cursor across columns', () => {
		const members = [
			'shop-frontend-1',
			'shop-backend-1',
			'shop-worker-1',
			'shop-db-1',
			'shop-cache-1',
			'shop-queue-1',
			'shop-search-1',
			'shop-mail-1',
			'shop-admin-1',
			'shop-api-1',
		].map(name => ({id: name, name}));
		const cells = members.flatMap(from =>
			members
				.filter(to => to !== from)
				.map(to => ({
					from: from.name,
					to: to.name,
					target: to.name,
					state: from.name === 'shop-db-1' && to.name === 'shop-api-1' ? 'fail' : 'ok',
					rttMs: 0.1,
					reason: from.name === 'shop-db-1' ? 'no shared network' : null,
				})),
		);
		const plan = {network: {name: 'shop_default'}, members, byIp: false, cells, stopped: [], cli: []} as unknown as Parameters<
			typeof matrixLines
		>[0];
		assert.equal(commonPrefix(members.map(m => m.name)), 'shop-');
		const at = (cursor: {row: number; col: number}) => matrixLines(plan, 78, true, cursor).map(l => l.map(s => s.text).join(''));
		const text = at({row: 3, col: 9});
		assert.match(text[0]!, /common prefix "shop-"/);
		assert.match(text[1]!, /api-1/, 'the cursor column is in view');
		assert.doesNotMatch(text[1]!, /shop-/);
		assert.ok(
			text.some(l => /^▸ shop-db-1 → shop-api-1: not reachable: no shared network/.test(l)),
			text.join('\n'),
		);
		assert.ok(text.some(l => /columns \d+-10 of 10/.test(l)));
		assert.equal(commonPrefix(['web', 'db']), '');
	});
});

const waitUntil = (check: () => boolean, timeout = 3000) => waitFor(check, {timeout, interval: 5});
