// Runs the scenario catalogue (cases.ts) on the private default engine: every setup
// is built (several at once), `why` runs its real probes, the verdict and the reasons
// in order are checked, `why` must not contradict what its own probes saw, and each
// fix is applied — docknet's own operation path for connect/create, the printed
// docker line for what docknet has no operation for (start, unpause, rename) — after
// which the probe must flip to reachable. Prints the catalogue with timings.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {planCreate} from '../../source/commands/create.js';
import {executePlan} from '../../source/commands/execute.js';
import {fixSteps} from '../../source/commands/fix.js';
import {shellLine} from '../../source/format/shell-quote.js';
import {loadTopology} from '../../source/commands/load-topology.js';
import {runWhy, type WhyResult} from '../../source/commands/probe-why.js';
import {Prober} from '../../source/commands/probe.js';
import type {Fix} from '../../source/domain/diagnosis.js';
import {findContainer} from '../../source/domain/selectors.js';
import {RUN_ID, TEST_LABEL, cleanupTestResources, docker, requireSandbox, sandboxEngine, sandboxEnv, waitFor} from '../helpers/sandbox.js';
import {NotOnThisEngine, SCENARIOS as ALL, engineFamily, removeNetworks, removeScenario, type Expectation, type Scenario} from './cases.js';

// DOCKNET_SCENARIOS=id,id runs only those (while working on one).
const only = process.env.DOCKNET_SCENARIOS?.split(',').filter(Boolean);
const SCENARIOS = only?.length ? ALL.filter(s => only.includes(s.id)) : ALL;

const engine = sandboxEngine();
const prober = new Prober(engine, {
	helperImage: sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest',
	helperLabels: {'docknet.test': RUN_ID},
});
const createdByFixes: string[] = [];
const report: string[] = [];
const started = Date.now();

/** Setups, several at once (each scenario's own resources: no shared state between them). */
const ready = new Map<string, Promise<{target: string; port?: number}>>();
/**
 * Scenarios built and not yet removed, at most: a slot is held from a scenario's setup
 * to the end of its test (then its resources are removed), so the engine never holds
 * the whole catalogue — each why lists every container, and Podman inspects slowly.
 */
const SETUP_CONCURRENCY = 6;
let release: () => void = () => {};

/** Why the scenario does not apply on this engine (Podman: its case says), or null. */
function notApplicable(scenario: Scenario): string | null {
	const podman = scenario.podman;
	if (engineFamily() !== 'podman' || !podman || !('notApplicable' in podman)) return null;
	return !podman.kinds || podman.kinds.includes(process.env.DOCKNET_ENGINE_KIND ?? '') ? podman.notApplicable : null;
}

/** What this engine must show: the scenario's own expectation, or Podman's truth on Podman. */
function expectation(scenario: Scenario): Expectation {
	const own: Expectation = {
		verdict: scenario.verdict,
		reasons: scenario.reasons,
		fix: scenario.fix,
		...(scenario.observed ? {observed: scenario.observed} : {}),
		...(scenario.targetAfterFix ? {targetAfterFix: scenario.targetAfterFix} : {}),
	};
	const podman = scenario.podman;
	return engineFamily() === 'podman' && podman && 'expect' in podman ? {...own, ...podman.expect} : own;
}

before(async () => {
	await requireSandbox();
	report.push(`engine: ${engineFamily()} (${sandboxEnv().DOCKNET_ENGINE_KIND ?? 'default'})`);
	let next = 0;
	const gates: Array<() => void> = [];
	let active = 0;
	const slot = () =>
		active < SETUP_CONCURRENCY ? (active++, Promise.resolve()) : new Promise<void>(resolve => gates.push(() => (active++, resolve())));
	release = () => {
		active--;
		gates.shift()?.();
	};
	for (const scenario of SCENARIOS) {
		next++;
		const na = notApplicable(scenario);
		if (na) {
			ready.set(scenario.id, Promise.reject(new NotOnThisEngine(`not applicable on ${engineFamily()}: ${na}`)));
			ready.get(scenario.id)!.catch(() => {});
			continue;
		}
		const setup = slot().then(async () => {
			try {
				const got = await scenario.setup();
				return {
					target: typeof got === 'string' ? got : scenario.target,
					...(typeof got === 'object' && got ? {port: got.port} : scenario.port !== undefined ? {port: scenario.port} : {}),
				};
			} catch (error) {
				await removeScenario(scenario.id);
				release();
				throw error;
			}
		});
		setup.catch(() => {});
		ready.set(scenario.id, setup);
	}
	void next;
});

after(async () => {
	await prober.dispose().catch(() => {});
	await cleanupTestResources();
	await removeNetworks(createdByFixes);
	const na = report.filter(l => / not applicable on | not on this engine: /.test(l)).length;
	process.stdout.write(
		`\n# scenario catalogue: ${SCENARIOS.length} scenarios (${na} not applicable on this engine) in ${((Date.now() - started) / 1000).toFixed(1)} s\n${report.map(l => `# ${l}`).join('\n')}\n`,
	);
});

async function why(scenario: Scenario, target: string, port: number | undefined): Promise<WhyResult> {
	const t = await loadTopology(engine);
	const source = findContainer(t, scenario.source);
	assert.ok(source, `source ${scenario.source}`);
	return runWhy(prober, t, source, target, {timeoutSec: 1, ...(port !== undefined ? {port} : {})});
}

/** why must not contradict its own probes: a yes has no standing block; a no has a reason that is not refuted. */
function assertConsistent(result: WhyResult, label: string): void {
	const d = result.diagnosis;
	const standing = d.reasons.filter(r => r.severity === 'blocks' && r.status !== 'refuted');
	// A ping that could not run (no NET_RAW) saw nothing either way.
	const typed = result.evidence.pings?.find(p => p.target === d.target.text && !p.stats.cannotRun);
	if (d.verdict === 'yes')
		assert.deepEqual(
			standing.map(r => r.code),
			[],
			`${label}: REACHABLE with blocking reasons standing`,
		);
	if (d.verdict === 'no')
		assert.ok(
			standing.some(r => r.code !== 'unreachable'),
			`${label}: NOT REACHABLE without a reason: ${d.reasons.map(r => r.code)}`,
		);
	if (typed && typed.stats.received > 0 && !result.evidence.port)
		assert.equal(d.verdict, 'yes', `${label}: the ping by the typed target got replies`);
	if (typed && typed.stats.received === 0 && typed.stats.final)
		assert.notEqual(d.verdict, 'yes', `${label}: the ping by the typed target got none`);
}

/**
 * Applies fixes as the explorer's f does (commands/fix.ts: each step planned on the
 * topology as it is then, run through executePlan); a line docknet has no operation
 * for (rename, disconnect --force of a removed network) is run as printed.
 */
async function applyFixes(fixes: Fix[]): Promise<{docknet: number; manual: number}> {
	const count = {docknet: 0, manual: 0};
	for (const step of fixSteps(fixes)) {
		if (step.kind === 'manual') {
			const argv = fixes.flatMap(f => f.commands).find(c => shellLine(c) === step.line)!;
			assert.equal(argv[0], 'docker');
			await docker(argv.slice(1));
			count.manual++;
			continue;
		}
		const t = await loadTopology(engine);
		let plan = step.plan(t);
		assert.ok(plan.ok, `${step.line}: refused: ${!plan.ok ? plan.reason : ''}`);
		// Networks the fixes create carry the test label, so the run's clean-up finds them.
		if (plan.kind === 'create') {
			const labelled = planCreate(t, {name: plan.spec.name, labels: [TEST_LABEL]});
			assert.ok(labelled.ok);
			plan = labelled;
			createdByFixes.push(plan.spec.name);
		}
		const outcome = await executePlan(engine, plan, t);
		assert.ok(outcome.ok, `${step.line}: ${!outcome.ok ? outcome.failure.message : ''}`);
		count.docknet++;
	}
	return count;
}

describe('scenario catalogue', {concurrency: 4}, () => {
	for (const scenario of SCENARIOS) {
		it(`${scenario.id}: ${scenario.title}`, async t => {
			const t0 = Date.now();
			let got: {target: string; port?: number};
			try {
				got = await ready.get(scenario.id)!;
			} catch (error) {
				if (!(error instanceof NotOnThisEngine)) throw error;
				report.push(`${scenario.id}: ${error.message.startsWith('not applicable') ? '' : 'not on this engine: '}${error.message}`);
				return t.skip(error.message);
			}
			try {
				await check(scenario, got, t0);
			} finally {
				await removeScenario(scenario.id);
				release();
			}
		});
	}
});

/** One scenario, built: verdict, reasons in order, consistency, then the fix (or why none). */
async function check(scenario: Scenario, {target, port}: {target: string; port?: number}, t0: number): Promise<void> {
	const expected = expectation(scenario);
	let first: WhyResult;
	if (scenario.id === 'restart') {
		// Past a few restarts the engine's back-off (doubling from 100 ms) keeps it down for seconds
		// at a time, so the probes do not land in one of its few milliseconds up — on a loaded
		// machine they still may: then it was up while probed (RestartCount moved), and the
		// probes run again in its next time down.
		const state = async () => (await docker(['inspect', '-f', '{{.State.Status}} {{.RestartCount}}', scenario.target])).stdout.trim();
		first = await waitFor(
			async () => {
				const before = await state();
				const [status, count] = before.split(' ');
				if (status !== 'restarting' || Number(count) < 6) return null;
				const seen = await why(scenario, target, port);
				return (await state()) === before ? seen : null;
			},
			{timeout: 60_000, interval: 200, what: 'probes while restarting with a long back-off'},
		);
	} else first = await why(scenario, target, port);
	const d = first.diagnosis;
	const line = `${scenario.id}: ${d.verdict} [${first.static.reasons.map(r => r.code).join(', ')}]`;
	assert.deepEqual(
		first.static.reasons.map(r => r.code),
		expected.reasons,
		`${scenario.id}: the topology's reasons, in order`,
	);
	assert.equal(
		d.verdict,
		expected.verdict,
		`${scenario.id}: verdict (${d.reasons.map(r => `${r.code}/${r.status}: ${r.text}`).join(' | ')}; problems: ${first.problems.join('; ')})`,
	);
	assert.deepEqual(first.problems, [], `${scenario.id}: every probe ran`);
	assertConsistent(first, scenario.id);
	for (const code of expected.observed ?? [])
		assert.ok(
			d.reasons.some(r => r.code === code && r.status === 'observed'),
			`${scenario.id}: the probes add ${code}: ${d.reasons.map(r => r.code)}`,
		);
	let fixed = '';
	if (expected.fix === 'apply') {
		const fixes = d.reasons.filter(r => r.fix && r.status !== 'refuted' && r.severity !== 'ok' && r.severity !== 'info').map(r => r.fix!);
		assert.ok(fixes.length, `${scenario.id}: a fix is shown`);
		const applied = await applyFixes(fixes);
		// What the fix's own text asks for on this engine besides its commands (Podman: restart after a rename).
		for (const argv of expected.thenRun ?? []) await docker(argv);
		const after = expected.targetAfterFix ?? target;
		const flipped = await waitFor(
			async () => {
				const again = await why(scenario, after, port);
				return again.diagnosis.verdict === 'yes' ? again : null;
			},
			{
				timeout: 20_000,
				interval: 200,
				what: `${scenario.id}: reachable after ${fixes.map(f => f.commands.map(c => c.join(' ')).join(' && ')).join(' ; ')}`,
			},
		);
		assertConsistent(flipped, `${scenario.id} after the fix`);
		fixed = ` -> fixed (${fixes.map(f => f.summary).join('; ')}; ${applied.docknet} step(s) by docknet, ${applied.manual} as printed) -> yes`;
	} else {
		const texts = d.reasons.map(r => r.text).join(' | ');
		assert.match(texts, expected.fix.none, `${scenario.id}: says why no fix applies`);
		assert.ok(!d.reasons.some(r => r.fix?.action && r.status !== 'refuted'), `${scenario.id}: no docknet action offered`);
		fixed = ' (no fix: said why)';
	}
	const podman = scenario.podman;
	const differs = engineFamily() === 'podman' && podman && 'because' in podman ? ` [on podman: ${podman.because}]` : '';
	report.push(`${line}${fixed}${differs}  ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
