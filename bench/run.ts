// npm run bench — docknet's benchmarks (see BENCHMARKS.md for what each figure means
// and how it is taken). Prints figures and ratios measured side by side in one run;
// never fails because a figure is slow (exit 1 only when the harness itself breaks).
//
//   npm run bench                      everything, everyday durations (~5 min)
//   npm run bench -- --soak 600        the full 10-minute memory soak
//   npm run bench -- --only tui --tui-on real --soak 600   … on one target only
//   npm run bench -- --only cli,api    some cases: cli api feed tui keys ping churn ssh
//   npm run bench -- --only churn --churn 75 --real 0x0 --fake 100x25
//                                      the feed under a 75 s event storm (off unless --churn)
//   npm run bench -- --keep            leave the real benchmark topology for the next run
//   npm run bench -- --cleanup         only remove the real benchmark topology
//   npm run bench -- --smoke           tiny sizes and counts (what npm test runs)
//   npm run bench -- --runs 20 --keys 400 --fake 10000x2000 --real 100x25 --idle 30
//   npm run bench -- --out FILE        write the JSON results there (default bench/results/)
//   npm run bench -- --node-direct       start the explorer as `node bin/docknet.js` (no launcher flags)
//   npm run bench -- --baseline ../old/bin/docknet.js --only cli,tui
//                                      before/after: another build measured in the same run
//   npm run bench -- --only tui --lazydocker ../shared/peers/lazydocker
//                                      lazydocker's first frame and RSS in the same runs
//   npm run bench -- --only tui --start-only    the explorer's start-up figures only (no keys, soak)
//
// Targets: the private engine (scripts/sandbox-engine.sh; DOCKER_HOST must be its
// unix socket) with ~100 containers on ~25 networks that the run creates (labelled
// docknet.bench, reused by the next run, removed at the end unless --keep), and an
// Engine-API fake on a unix socket with 5000 containers on 1000 networks.
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {loadavg} from 'node:os';
import {join, resolve} from 'node:path';
import {parseArgs} from 'node:util';
import {apiCase} from './cases/api.js';
import {cliCase} from './cases/cli.js';
import {feedCase} from './cases/feed.js';
import {pingCase} from './cases/ping.js';
import {sshBench} from './cases/ssh.js';
import {tuiCase} from './cases/tui.js';
import {keysCase} from './cases/keys.js';
import {churnCase} from './cases/churn.js';
import type {Context, Options, Target} from './lib/context.js';
import {FakeEngineProcess} from './lib/fake-process.js';
import {machine} from './lib/machine.js';
import {docknetBin, repoRoot} from './lib/paths.js';
import {RealEngine} from './lib/real-topology.js';
import {table} from './lib/stats.js';

const CASES = ['cli', 'api', 'feed', 'tui', 'keys', 'ping', 'churn', 'ssh'] as const;

function parseOptions(argv: string[]): Options & {cleanup: boolean} {
	const {values} = parseArgs({
		args: argv,
		options: {
			runs: {type: 'string'},
			keys: {type: 'string'},
			'key-sequence': {type: 'string'},
			soak: {type: 'string'},
			'soak-rate': {type: 'string'},
			idle: {type: 'string'},
			fake: {type: 'string'},
			real: {type: 'string'},
			'no-real': {type: 'boolean'},
			keep: {type: 'boolean'},
			cleanup: {type: 'boolean'},
			only: {type: 'string'},
			'tui-on': {type: 'string'},
			smoke: {type: 'boolean'},
			'no-save': {type: 'boolean'},
			out: {type: 'string'},
			baseline: {type: 'string'},
			lazydocker: {type: 'string'},
			'start-only': {type: 'boolean'},
			churn: {type: 'string'},
			'node-direct': {type: 'boolean'},
		},
	});
	const smoke = Boolean(values.smoke);
	const int = (text: string | undefined, fallback: number, name: string): number => {
		if (text === undefined) return fallback;
		const n = Number(text);
		if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number, got "${text}"`);
		return n;
	};
	const size = (text: string | undefined, fallback: {containers: number; networks: number}, name: string) => {
		if (!text) return fallback;
		const m = /^(\d+)x(\d+)$/.exec(text);
		if (!m) throw new Error(`--${name} is CONTAINERSxNETWORKS, e.g. 5000x1000`);
		return {containers: Math.min(Number(m[1]), 20_000), networks: Math.min(Number(m[2]), 4000)};
	};
	const only = values.only ? new Set(values.only.split(',').map(s => s.trim())) : null;
	for (const name of only ?? [])
		if (!(CASES as readonly string[]).includes(name)) throw new Error(`--only: unknown case "${name}" (${CASES.join(', ')})`);
	const tuiOn = values['tui-on'] ?? null;
	if (tuiOn !== null && tuiOn !== 'real' && tuiOn !== 'fake') throw new Error(`--tui-on: real or fake, got "${tuiOn}"`);
	return {
		tuiOn,
		runs: Math.max(1, int(values.runs, smoke ? 1 : 10, 'runs')),
		keys: int(values.keys, smoke ? 6 : 200, 'keys'),
		keySequence: (values['key-sequence'] ?? 'j,j,k,k').split(',').filter(Boolean),
		soakSeconds: int(values.soak, smoke ? 1 : 30, 'soak'),
		soakRate: Math.max(0.1, int(values['soak-rate'], 5, 'soak-rate')),
		idleSeconds: int(values.idle, smoke ? 0.5 : 10, 'idle'),
		fake: size(values.fake, smoke ? {containers: 100, networks: 25} : {containers: 5000, networks: 1000}, 'fake'),
		// Real: smoke runs create nothing (they use the seed topology as it is).
		real: size(values.real, smoke ? {containers: 0, networks: 0} : {containers: 100, networks: 25}, 'real'),
		useReal: !values['no-real'],
		keep: Boolean(values.keep),
		cleanup: Boolean(values.cleanup),
		only,
		smoke,
		save: !values['no-save'],
		out: values.out ?? null,
		baseline: values.baseline ? resolve(values.baseline) : null,
		lazydocker: values.lazydocker ? resolve(values.lazydocker) : null,
		startOnly: Boolean(values['start-only']),
		churnSeconds: int(values.churn, 0, 'churn'),
		nodeDirect: Boolean(values['node-direct']),
	};
}

function cleanEnv(dockerHost: string): Record<string, string> {
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
		HOME: process.env.HOME ?? '/root',
		LANG: 'C.UTF-8',
		DOCKER_HOST: dockerHost,
	};
	for (const key of ['TMPDIR', 'DOCKNET_HELPER_IMAGE', 'DOCKNET_BARE_IMAGE', 'DOCKNET_DOCKER_CLI'])
		if (process.env[key]) env[key] = process.env[key]!;
	return env;
}

async function main(): Promise<number> {
	const options = parseOptions(process.argv.slice(2));
	const log = (line: string) => process.stdout.write(line + '\n');
	const dockerCli = process.env.DOCKNET_DOCKER_CLI || 'docker';
	const realHost = process.env.DOCKER_HOST ?? '';
	let real: RealEngine | null = null;
	if (options.useReal) {
		if (!realHost.startsWith('unix://')) {
			throw new Error(
				'DOCKER_HOST must point at the private engine\'s unix socket (eval "$(bash scripts/sandbox-engine.sh env)"), or pass --no-real',
			);
		}
		real = new RealEngine(realHost, dockerCli, log);
	}
	if (options.cleanup) {
		if (!real) throw new Error('--cleanup needs the private engine');
		await real.remove();
		return 0;
	}
	if (options.baseline && !existsSync(options.baseline))
		throw new Error(`--baseline: no such file ${options.baseline} (give another checkout's bin/docknet.js)`);
	if (options.lazydocker && !existsSync(options.lazydocker)) throw new Error(`--lazydocker: no such file ${options.lazydocker}`);
	const builds = [{label: 'docknet', bin: docknetBin}, ...(options.baseline ? [{label: 'baseline', bin: options.baseline}] : [])];
	const ctx: Context = {options, builds, dockerCli, real, realTarget: null, fake: null, fakeTarget: null, results: {}, log, env: cleanEnv};
	let engineVersion = 'no real engine';
	const stopping = new AbortController();
	const onSignal = () => {
		log('\nstopping after the current case and cleaning up (press Ctrl-C again to abort at once)');
		stopping.abort();
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	const cleanup = async () => {
		await ctx.fake?.stop().catch(() => {});
		if (real && !options.keep && options.real.containers > 0) await real.remove().catch(error => log(`cleanup: ${error}`));
	};
	try {
		if (real) {
			const v = await real.version();
			engineVersion = `dockerd ${v.server} (API ${v.api})`;
			if (options.real.containers > 0) {
				const image = process.env.DOCKNET_BARE_IMAGE || 'docknet-bare:latest';
				const how = await real.ensure(options.real, image);
				log(`real engine: benchmark topology ${how}`);
			}
			const counts = await real.counts();
			ctx.realTarget = {
				kind: 'real',
				label: `private engine, ${counts.containers} containers (${counts.running} running) on ${counts.networks} networks`,
				dockerHost: realHost,
				containers: counts.containers,
				networks: counts.networks,
				// A seed network: the explorer draws every network of the snapshot at once.
				marker: 'app-net',
				// The first seed container by name: lazydocker lists running containers by name.
				containerMarker: 'api-server',
			};
		}
		ctx.fake = await FakeEngineProcess.start(options.fake.containers, options.fake.networks);
		const fakeTarget: Target = {
			kind: 'fake',
			label: `fake engine, ${options.fake.containers} containers on ${options.fake.networks} networks`,
			dockerHost: ctx.fake.dockerHost,
			containers: options.fake.containers,
			networks: options.fake.networks + 3,
			marker: 'fnet-0000',
			containerMarker: 'fc-00000',
		};
		ctx.fakeTarget = fakeTarget;
		const m = machine(engineVersion, dockerCli);
		ctx.results.machine = m as unknown as Record<string, unknown>;
		ctx.results.options = {...options, only: options.only ? [...options.only] : null} as unknown as Record<string, unknown>;
		log('# docknet benchmarks');
		log(
			table([
				['machine', `${m.cpu}, ${m.nproc} CPUs, ${m.memoryGiB} GiB, Linux ${m.kernel}; load average ${m.loadAverage} at start`],
				['software', `Node ${m.node}, ${m.tmux}, ${m.dockerCli}, ${m.engine}`],
				['docknet', `${m.commit}${m.dirty ? ' (uncommitted changes)' : ''}${options.baseline ? `; baseline: ${options.baseline}` : ''}`],
				['targets', [ctx.realTarget?.label, ctx.fakeTarget.label].filter(Boolean).join('; ')],
			]),
		);
		const runCase = async (name: (typeof CASES)[number], fn: (c: Context) => Promise<void>) => {
			if (stopping.signal.aborted) return;
			if (options.only && !options.only.has(name)) return;
			const started = Date.now();
			try {
				await fn(ctx);
			} catch (error) {
				(ctx.results.errors ??= {})[name] = String(error instanceof Error ? (error.stack ?? error.message) : error);
				log(`\n!! ${name}: the harness failed: ${error instanceof Error ? error.message : error}`);
			}
			(ctx.results.durations ??= {})[name] = Date.now() - started;
		};
		await runCase('cli', cliCase);
		await runCase('api', apiCase);
		await runCase('feed', feedCase);
		await runCase('tui', tuiCase);
		await runCase('keys', keysCase);
		await runCase('ping', pingCase);
		await runCase('churn', c => churnCase(c, options.churnSeconds));
		// ssh:// against docker -H ssh:// through a private sshd on 127.0.0.1 (sandbox engine).
		await runCase(
			'ssh',
			async c => void (c.results.ssh = await sshBench(c.options.smoke ? 1 : Math.min(c.options.runs, 10), c.log, c.builds)),
		);
		ctx.results.loadAverageAtEnd = {value: Math.round(loadavg()[0]! * 100) / 100};
		const durations = (ctx.results.durations ?? {}) as Record<string, number>;
		log(`\nload average at the end: ${(ctx.results.loadAverageAtEnd as {value: number}).value}`);
		log(
			`\ncases took: ${Object.entries(durations)
				.map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
				.join(', ')}`,
		);
		if (options.save) {
			const dir = join(repoRoot, 'bench', 'results');
			mkdirSync(dir, {recursive: true});
			const file = options.out ?? join(dir, `${m.date.replace(/[:.]/g, '-')}${options.smoke ? '-smoke' : ''}.json`);
			writeFileSync(file, JSON.stringify(ctx.results, null, 2) + '\n');
			log(`\nresults: ${file}`);
		}
		return ctx.results.errors ? 1 : 0;
	} finally {
		await cleanup();
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
}

main().then(
	code => process.exit(code),
	error => {
		process.stderr.write(`bench: ${error instanceof Error ? error.message : error}\n`);
		process.exit(1);
	},
);
