// CLI figures: `docknet ls --json` against `docker network ls -q | xargs docker
// network inspect` in the same run (interleaved, so both see the same machine state),
// and start-up times of the scripting CLI.
import {timeCommand, type Timed} from '../lib/proc.js';
import {ms, ratio, summarize, table, type Summary} from '../lib/stats.js';
import {record, type Context, type Target} from '../lib/context.js';

const PIPELINE = '"$DOCKNET_BENCH_DOCKER" network ls -q | xargs "$DOCKNET_BENCH_DOCKER" network inspect';

type Check = (run: Timed) => string | null;

async function series(
	runs: number,
	commands: Array<{name: string; file: string; args: string[]; env: Record<string, string>; check?: Check}>,
): Promise<Record<string, Summary & {errors: string[]}>> {
	const samples: Record<string, number[]> = {};
	const errors: Record<string, string[]> = {};
	for (const c of commands) {
		samples[c.name] = [];
		errors[c.name] = [];
		// Warm-up: page cache, compile cache, engine caches.
		const warm = await timeCommand(c.file, c.args, {env: c.env, keep: Boolean(c.check)});
		const problem = warm.code !== 0 ? `exit ${warm.code}: ${warm.stderr.trim().slice(0, 300)}` : (c.check?.(warm) ?? null);
		if (problem) errors[c.name]!.push(problem);
	}
	for (let i = 0; i < runs; i++) {
		// Alternate the order so neither side always runs right after the other.
		const order = i % 2 === 0 ? commands : [...commands].reverse();
		for (const c of order) {
			const run = await timeCommand(c.file, c.args, {env: c.env});
			// A failed run is not a figure (e.g. dist/ being rebuilt by a parallel build).
			if (run.code === 0) samples[c.name]!.push(run.ms);
			else if (errors[c.name]!.length < 3) errors[c.name]!.push(`exit ${run.code}: ${run.stderr.trim().slice(0, 300)}`);
		}
	}
	return Object.fromEntries(commands.map(c => [c.name, {...summarize(samples[c.name]!), errors: errors[c.name]!}]));
}

/** docknet's --json document must be complete and describe every network. */
const lsJsonCheck =
	(target: Target): Check =>
	run => {
		try {
			const doc = JSON.parse(run.stdout) as {networks: unknown[]; containers: unknown[]};
			if (doc.containers.length < target.containers)
				return `--json lists ${doc.containers.length} containers, the engine has ${target.containers}`;
			return null;
		} catch (error) {
			return `--json output is not a complete JSON document (${run.bytes} bytes: ${(error as Error).message})`;
		}
	};

const pipelineCheck: Check = run => {
	try {
		JSON.parse(run.stdout);
		return null;
	} catch (error) {
		return `pipeline output is not JSON: ${(error as Error).message}`;
	}
};

export async function lsVersusPipeline(ctx: Context, target: Target): Promise<void> {
	const env = ctx.env(target.dockerHost);
	const pipelineName = 'docker network ls -q | xargs docker network inspect';
	const result = await series(ctx.options.runs, [
		...ctx.builds.map(b => ({
			name: `${b.label} ls --json`,
			file: process.execPath,
			args: [b.bin, 'ls', '--json'],
			env,
			check: lsJsonCheck(target),
		})),
		{name: pipelineName, file: 'sh', args: ['-c', PIPELINE], env: {...env, DOCKNET_BENCH_DOCKER: ctx.dockerCli}, check: pipelineCheck},
	]);
	const d = result['docknet ls --json']!;
	const p = result[pipelineName]!;
	const base = result['baseline ls --json'];
	record(ctx, 'ls', target.label, {docknet: d, pipeline: p, ratio: d.median / p.median, ...(base ? {baseline: base} : {})});
	ctx.log(`\n## ls --json vs docker CLI pipeline — ${target.label} (${ctx.options.runs} runs each, interleaved)`);
	ctx.log(
		table([
			['command', 'median', 'p95', 'min'],
			...Object.entries(result).map(([name, s]) => [name, ms(s.median), ms(s.p95), ms(s.min)]),
			['ratio docknet / pipeline (median)', ratio(d.median, p.median), '', ''],
			...(base ? [['ratio docknet / baseline (median)', ratio(d.median, base.median), '', '']] : []),
		]),
	);
	for (const [name, s] of Object.entries(result)) for (const e of s.errors) ctx.log(`  ! ${name}: ${e}`);
}

/** What to read on each target: a network, two running containers on it (seed names on the
 * real engine; on the fake, container i is on network i mod M and stopped when i mod 20 is 1). */
function readsOf(target: Target): {network: string; a: string; b: string} {
	if (target.kind === 'real') return {network: 'app-net', a: 'web', b: 'db'};
	const networks = Math.max(1, target.networks - 3); // the fake's count includes bridge, host, none
	const b = [2 + networks, 2 + 2 * networks, 2 + 3 * networks].find(i => i < target.containers && i % 20 !== 1) ?? 2;
	return {network: 'fnet-0002', a: 'fc-00002', b: `fc-${String(b).padStart(5, '0')}`};
}

/** `inspect NAME` and `why A B --static` against the docker commands that answer the same. */
export async function readsVersusDocker(ctx: Context, target: Target): Promise<void> {
	const env = ctx.env(target.dockerHost);
	const r = readsOf(target);
	const docker = (args: string[]) => ({file: ctx.dockerCli, args, env});
	const result = await series(ctx.options.runs, [
		...ctx.builds.flatMap(b => [
			{name: `${b.label} inspect NETWORK --json`, file: process.execPath, args: [b.bin, 'inspect', r.network, '--json'], env},
			{name: `${b.label} inspect CONTAINER --json`, file: process.execPath, args: [b.bin, 'inspect', r.a, '--json'], env},
			{name: `${b.label} why A B --static`, file: process.execPath, args: [b.bin, 'why', r.a, r.b, '--static'], env},
		]),
		{name: 'docker network inspect NETWORK', ...docker(['network', 'inspect', r.network])},
		{name: 'docker inspect CONTAINER', ...docker(['inspect', r.a])},
		{name: 'docker inspect A B', ...docker(['inspect', r.a, r.b])},
	]);
	// why exits 1 for "not reachable": a verdict, not a failure (series counts exit 0 only).
	const ratioOf = (mine: string, theirs: string) => {
		const m = result[mine];
		const t = result[theirs];
		return m && t && m.n && t.n ? ratio(m.median, t.median) : 'n/a';
	};
	record(ctx, 'reads', target.label, result);
	ctx.log(`\n## inspect / why --static vs docker — ${target.label} (${ctx.options.runs} runs each, interleaved)`);
	ctx.log(
		table([
			['command', 'median', 'p95', 'min'],
			...Object.entries(result).map(([name, s]) => [name, ms(s.median), ms(s.p95), ms(s.min)]),
			...ctx.builds.flatMap(b => [
				[
					`ratio ${b.label} inspect NETWORK / docker network inspect`,
					ratioOf(`${b.label} inspect NETWORK --json`, 'docker network inspect NETWORK'),
					'',
					'',
				],
				[
					`ratio ${b.label} inspect CONTAINER / docker inspect`,
					ratioOf(`${b.label} inspect CONTAINER --json`, 'docker inspect CONTAINER'),
					'',
					'',
				],
				[`ratio ${b.label} why --static / docker inspect A B`, ratioOf(`${b.label} why A B --static`, 'docker inspect A B'), '', ''],
			]),
		]),
	);
	for (const [name, s] of Object.entries(result)) for (const e of s.errors) ctx.log(`  ! ${name}: ${e}`);
}

export async function startup(ctx: Context, target: Target): Promise<void> {
	const env = ctx.env(target.dockerHost);
	const cold = {...env, NODE_DISABLE_COMPILE_CACHE: '1'};
	const result = await series(ctx.options.runs, [
		{name: 'node -e 0 (floor)', file: process.execPath, args: ['-e', '0'], env},
		...ctx.builds.flatMap(b => [
			{name: `${b.label} --version`, file: process.execPath, args: [b.bin, '--version'], env},
			{name: `${b.label} --version (no compile cache)`, file: process.execPath, args: [b.bin, '--version'], env: cold},
			{name: `${b.label} ls`, file: process.execPath, args: [b.bin, 'ls'], env},
			{name: `${b.label} ls (no compile cache)`, file: process.execPath, args: [b.bin, 'ls'], env: cold},
		]),
	]);
	record(ctx, 'startup', target.label, result);
	ctx.log(`\n## CLI start-up — ${target.label} (${ctx.options.runs} runs each, wall clock from spawn to exit)`);
	ctx.log(
		table([['command', 'median', 'p95', 'min'], ...Object.entries(result).map(([name, s]) => [name, ms(s.median), ms(s.p95), ms(s.min)])]),
	);
	for (const [name, s] of Object.entries(result)) for (const e of s.errors) ctx.log(`  ! ${name}: ${e}`);
}

export async function cliCase(ctx: Context): Promise<void> {
	for (const target of [ctx.realTarget, ctx.fakeTarget]) {
		if (!target) continue;
		await lsVersusPipeline(ctx, target);
		await readsVersusDocker(ctx, target);
	}
	const target = ctx.realTarget ?? ctx.fakeTarget;
	if (target) await startup(ctx, target);
}
