// rm and prune ask the engine again right before removing, and never remove a network in
// use — also on an engine that would let them (Podman removes by id without checking).
// A network whose users cannot be determined is removed only when confirmed.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {PassThrough} from 'node:stream';
import {executeRemove, planRemove} from '../../source/commands/remove.js';
import {executePrune, planPrune} from '../../source/commands/prune.js';
import {loadTopology} from '../../source/commands/load-topology.js';
import {runRm} from '../../source/cli/rm.js';
import {runPrune} from '../../source/cli/prune.js';
import {runDisconnect} from '../../source/cli/disconnect.js';
import type {CliContext} from '../../source/cli/context.js';
import {detectFlavor} from '../../source/engine/flavor.js';
import {EngineError, type EngineInfo, type RawContainerSummary} from '../../source/engine/port.js';
import {MemoryEngine, seedMemoryEngine} from '../helpers/memory-engine.js';

/** Like Podman by id: removes a network whatever uses it. */
class CarelessEngine extends MemoryEngine {
	override async removeNetwork(idOrName: string): Promise<void> {
		this.calls.push('removeNetwork');
		const network = [...this.networks.values()].find(n => n.Id === idOrName || n.Name === idOrName);
		if (!network) throw new EngineError('not-found', `network ${idOrName} not found`, 404);
		this.networks.delete(network.Id);
	}
}

const removes = (engine: MemoryEngine) => engine.calls.filter(c => c === 'removeNetwork').length;
const netId = (engine: MemoryEngine, name: string) => [...engine.networks.values()].find(n => n.Name === name)!.Id;
const ctrId = (engine: MemoryEngine, name: string) => [...engine.containers.values()].find(c => c.name === name)!.id;

describe('rm checks use again right before removing', () => {
	it('refuses when a container joined after the plan was made, and removes nothing', async () => {
		const engine = seedMemoryEngine(new CarelessEngine());
		const stale = await loadTopology(engine, {details: false});
		const plan = planRemove(stale, {networks: ['unused-net']});
		assert.ok(plan.ok);
		await engine.connectNetwork(netId(engine, 'unused-net'), ctrId(engine, 'web'), {});
		const outcome = await executeRemove(engine, plan, stale);
		assert.equal(outcome.ok, false);
		assert.ok(!outcome.ok && outcome.failure.kind === 'conflict');
		assert.match(!outcome.ok ? outcome.failure.message : '', /unused-net is in use right now by web/);
		assert.equal(removes(engine), 0);
		assert.ok(engine.networks.has(netId(engine, 'unused-net')));
	});

	it('removes an unused network', async () => {
		const engine = seedMemoryEngine(new CarelessEngine());
		const t = await loadTopology(engine, {details: false});
		const plan = planRemove(t, {networks: ['unused-net']});
		assert.ok(plan.ok);
		const outcome = await executeRemove(engine, plan, t);
		assert.equal(outcome.ok, true);
		assert.equal(removes(engine), 1);
	});

	it('keeps a network whose users the engine does not show unless confirmed', async () => {
		const engine = seedMemoryEngine(new CarelessEngine());
		const list = engine.listContainers.bind(engine);
		// A running container on a user network whose networks the engine leaves out.
		const inspect = engine.inspectContainer.bind(engine);
		engine.listContainers = async () =>
			(await list()).map((c): RawContainerSummary => (c.Names?.[0] === '/web' ? {...c, NetworkSettings: {Networks: null}} : c));
		engine.inspectContainer = async (ref: string) => {
			const raw = await inspect(ref);
			return raw.Name === '/web' ? {...raw, NetworkSettings: {...raw.NetworkSettings, Networks: {}}} : raw;
		};
		const t = await loadTopology(engine, {details: false});
		const plan = planRemove(t, {networks: ['unused-net']});
		assert.ok(plan.ok);
		const refused = await executeRemove(engine, plan, t);
		assert.match(
			!refused.ok ? refused.failure.message : '',
			/who uses unused-net cannot be determined: the engine does not say which networks web uses/,
		);
		assert.equal(removes(engine), 0);
		const asked: string[] = [];
		const confirmed = await executeRemove(engine, plan, t, undefined, {
			confirmUnknown: async (n, reason) => (asked.push(`${n.name}: ${reason}`), true),
		});
		assert.equal(confirmed.ok, true);
		assert.equal(asked.length, 1);
		assert.equal(removes(engine), 1);
	});
});

describe('fresh use on Podman-like answers', () => {
	it('inspects running containers listed without networks before calling a use unknown', async () => {
		const engine = seedMemoryEngine(new CarelessEngine());
		const list = engine.listContainers.bind(engine);
		// Podman lists host/none-mode containers with Networks null and no HostConfig; their inspect says host/none.
		engine.listContainers = async () =>
			(await list()).map((c): RawContainerSummary =>
				['/hostbox', '/nonebox'].includes(c.Names?.[0] ?? '') ? {...c, HostConfig: undefined, NetworkSettings: {Networks: null}} : c,
			);
		const t = await loadTopology(engine, {details: false});
		const plan = planPrune(t);
		assert.ok(plan.ok);
		const outcome = await executePrune(engine, plan);
		assert.deepEqual(outcome.result!.kept, []);
		assert.deepEqual(
			outcome.result!.removed.map(n => n.name),
			['unused-net'],
		);
	});

	it('counts a stopped container in the network inspect (Podman lists them) as stopped, not running', async () => {
		const engine = seedMemoryEngine(new CarelessEngine());
		const net = engine.addNetwork({name: 'only-stopped', subnet: '10.52.0.0/24'});
		const old = engine.addContainer({name: 'old', state: 'exited', networks: ['only-stopped']});
		net.Containers = {[old.id]: {Name: 'old', EndpointID: '', MacAddress: '0a:00:00:00:00:09', IPv4Address: '10.52.0.2/24'}};
		const t = await loadTopology(engine, {details: false});
		const plan = planRemove(t, {networks: ['only-stopped']});
		assert.ok(plan.ok);
		const outcome = await executeRemove(engine, plan, t);
		assert.equal(outcome.ok, true, !outcome.ok ? outcome.failure.message : '');
	});
});

describe('prune checks use again right before each removal', () => {
	it('keeps a network that became used, removes the others', async () => {
		const engine = seedMemoryEngine(new CarelessEngine());
		engine.addNetwork({name: 'spare-net', subnet: '10.51.0.0/24'});
		const stale = await loadTopology(engine, {details: false});
		const plan = planPrune(stale);
		assert.ok(plan.ok);
		assert.deepEqual(plan.candidates.map(c => c.network.name).sort(), ['spare-net', 'unused-net']);
		await engine.connectNetwork(netId(engine, 'unused-net'), ctrId(engine, 'cache'), {});
		const outcome = await executePrune(engine, plan);
		assert.equal(outcome.ok, true);
		assert.deepEqual(
			outcome.result!.removed.map(n => n.name),
			['spare-net'],
		);
		assert.deepEqual(
			outcome.result!.kept.map(n => [n.name, n.reason]),
			[['unused-net', 'in use right now by cache']],
		);
		assert.equal(removes(engine), 1);
	});
});

// ---------------------------------------------------------------- CLI: unproven engines

function cli(engine: MemoryEngine, json = false) {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', c => (out += c));
	stderr.on('data', c => (err += c));
	const ctx = {
		options: {readOnly: false, json},
		connection: {endpoint: engine.endpoint},
		engine,
		stdout,
		stderr,
		env: {},
	} as unknown as CliContext;
	return {ctx, out: () => out, err: () => err};
}

/** An engine reporting a flavour the conformance suite has not proven (Podman 4.9). */
function unproven(engine = seedMemoryEngine()): MemoryEngine {
	const info = engine.info.bind(engine);
	const flavor = detectFlavor({Version: '4.9.3', ApiVersion: '1.41', Components: [{Name: 'Podman Engine', Version: '4.9.3'}]});
	engine.info = async (): Promise<EngineInfo> => ({...(await info()), flavor});
	return engine;
}

const never = async () => null;

describe('destructive writes on an unproven engine ask once more', () => {
	it('rm refuses without a terminal or --yes-unproven-engine, and changes nothing', async () => {
		const engine = unproven();
		const io = cli(engine);
		const code = await runRm(io.ctx, ['unused-net'], {}, never);
		assert.equal(code, 1);
		assert.match(io.err(), /Podman 4\.9\.3 is not proven by docknet's conformance suite.*--yes-unproven-engine/);
		assert.equal(removes(engine), 0);
	});

	it('rm goes ahead with the flag, or with y on the terminal', async () => {
		const a = unproven();
		assert.equal(await runRm(cli(a).ctx, ['unused-net'], {'yes-unproven-engine': true}, never), 0);
		assert.equal(removes(a), 1);
		const b = unproven();
		const questions: string[] = [];
		assert.equal(await runRm(cli(b).ctx, ['unused-net'], {}, async q => (questions.push(q), 'y')), 0);
		assert.match(questions[0] ?? '', /Really remove networks on it\?/);
		assert.equal(removes(b), 1);
	});

	it('prune -f and disconnect --force refuse too; a plain disconnect does not ask', async () => {
		const engine = unproven();
		const io = cli(engine, true);
		assert.equal(await runPrune(io.ctx, [], {force: true}, never), 1);
		assert.equal(removes(engine), 0);
		assert.match(JSON.parse(io.out()).refused.reason, /not proven/);
		assert.equal(await runDisconnect(cli(engine).ctx, ['app-net', 'web'], {force: true}, never), 1);
		assert.equal(engine.calls.filter(c => c === 'disconnectNetwork').length, 0);
		assert.equal(await runDisconnect(cli(engine).ctx, ['app-net', 'web'], {}, never), 0);
	});

	it('a proven engine is not asked', async () => {
		const engine = seedMemoryEngine();
		const info = engine.info.bind(engine);
		engine.info = async () => ({
			...(await info()),
			flavor: detectFlavor({Version: '26.1.5', ApiVersion: '1.45', Components: [{Name: 'Engine', Version: '26.1.5'}]}),
		});
		assert.equal(await runRm(cli(engine).ctx, ['unused-net'], {}, never), 0);
	});
});
