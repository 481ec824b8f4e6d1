// ssh:// figures: docknet through the system ssh client against `docker -H ssh://…`
// doing the same work, in one run, interleaved, over a private sshd on 127.0.0.1 whose
// account's docker reaches the sandbox engine (test/helpers/sshd.ts). Both sides run
// with the same temp home (ssh config alias `dockerhost`), so the ssh cost is equal.
//   - first frame: the explorer drawing the seed topology over ssh, against
//     `docker -H ssh://dockerhost network ls` (the docker CLI's nearest "show me"),
//     the two interleaved run by run (and a --baseline build's frame with them).
//   - ls --json: against `docker network ls -q | xargs docker network inspect`.
//   - probe: `docknet ping -c 1 web db` against `docker exec web ping -c 1 <db's IP>`.
// Standalone: node --import tsx bench/cases/ssh.ts [--runs N] [--baseline OTHER/bin/docknet.js]
import {dirname, resolve} from 'node:path';
import {parseArgs} from 'node:util';
import {startSshd, type Sshd} from '../../test/helpers/sshd.js';
import {childEnv, dockerCli, requireSandbox, sandboxEnv} from '../../test/helpers/sandbox.js';
import type {Build} from '../lib/context.js';
import {docknetBin} from '../lib/paths.js';
import {timeCommand} from '../lib/proc.js';
import {ms, ratio, summarize, table, type Summary} from '../lib/stats.js';
import {plain, Tmux} from '../lib/tmux.js';

type Log = (line: string) => void;
type Command = {name: string; argv: string[]; shell?: boolean};

async function series(
	sshd: Sshd,
	runs: number,
	env: NodeJS.ProcessEnv,
	commands: Command[],
): Promise<Record<string, Summary & {errors: string[]}>> {
	const samples: Record<string, number[]> = {};
	const errors: Record<string, string[]> = {};
	const once = (c: Command) => {
		const argv = sshd.wrap(c.shell ? ['sh', '-c', c.argv.join(' ')] : c.argv);
		return timeCommand(argv[0]!, argv.slice(1), {env});
	};
	for (const c of commands) {
		samples[c.name] = [];
		errors[c.name] = [];
		const warm = await once(c);
		if (warm.code !== 0) errors[c.name]!.push(`exit ${warm.code}: ${warm.stderr.trim().slice(0, 300)}`);
	}
	for (let i = 0; i < runs; i++) {
		for (const c of i % 2 === 0 ? commands : [...commands].reverse()) {
			const run = await once(c);
			if (run.code === 0) samples[c.name]!.push(run.ms);
			else if (errors[c.name]!.length < 3) errors[c.name]!.push(`exit ${run.code}: ${run.stderr.trim().slice(0, 300)}`);
		}
	}
	return Object.fromEntries(commands.map(c => [c.name, {...summarize(samples[c.name]!), errors: errors[c.name]!}]));
}

const buildArgv = (build: Build, args: string[]): string[] => [process.execPath, build.bin, ...args];

type Frames = Record<string, Summary & {errors: string[]}>;

/**
 * The explorer's first frame over `host` for each build, and (when given) the docker CLI's
 * command, interleaved run by run so that the machine's load falls on all of them alike.
 */
async function firstFrames(
	sshd: Sshd,
	runs: number,
	env: Record<string, string>,
	host: string,
	builds: Build[],
	docker?: Command,
): Promise<Frames> {
	const tmux = await Tmux.start({cols: 120, rows: 40});
	const samples: Record<string, number[]> = {};
	const errors: Record<string, string[]> = {};
	const names = [...builds.map(b => b.label), ...(docker ? [docker.name] : [])];
	for (const name of names) {
		samples[name] = [];
		errors[name] = [];
	}
	const paneEnv = {...env, TERM: 'tmux-256color', PATH: `${dirname(process.execPath)}:${env.PATH ?? ''}`};
	const frame = async (build: Build, keep: boolean) => {
		const startedAt = await tmux.run(sshd.wrap(buildArgv(build, ['-H', host])), paneEnv);
		const shown = await tmux.waitForScreen(screen => /app-net/.test(plain(screen)), {timeoutMs: 20_000, after: startedAt});
		if (!shown) errors[build.label]!.push(`no frame: ${plain(await tmux.capture()).slice(0, 200)}`);
		else if (keep) samples[build.label]!.push(shown.at - startedAt);
		const pid = await tmux.panePid();
		process.kill(pid, 'SIGTERM');
		for (let w = 0; w < 100 && !(await tmux.paneDead()); w++) await new Promise(resolve => setTimeout(resolve, 20));
	};
	const command = async (c: Command, keep: boolean) => {
		const argv = sshd.wrap(c.argv);
		const run = await timeCommand(argv[0]!, argv.slice(1), {env});
		if (run.code !== 0) errors[c.name]!.push(`exit ${run.code}: ${run.stderr.trim().slice(0, 300)}`);
		else if (keep) samples[c.name]!.push(run.ms);
	};
	try {
		// Run 0 warms caches and is not counted.
		for (let i = 0; i <= runs; i++) {
			const order: Array<() => Promise<void>> = [
				...builds.map(b => () => frame(b, i > 0)),
				...(docker ? [() => command(docker, i > 0)] : []),
			];
			for (const step of i % 2 === 0 ? order : order.reverse()) await step();
		}
	} finally {
		await tmux.close();
	}
	return Object.fromEntries(names.map(n => [n, {...summarize(samples[n]!), errors: errors[n]!.slice(0, 3)}]));
}

export async function sshBench(
	runs: number,
	log: Log,
	builds: Build[] = [{label: 'docknet', bin: docknetBin}],
): Promise<Record<string, unknown>> {
	const [self] = builds;
	await requireSandbox();
	const sshd = await startSshd();
	try {
		const env: Record<string, string> = {};
		for (const [k, v] of Object.entries(childEnv())) if (v !== undefined && !k.startsWith('DOCKER_') && k !== 'CI') env[k] = v;
		const docker = dockerCli();
		const H = ['-H', 'ssh://dockerhost'];
		// db's address on app-net, for the docker side of the probe (docknet resolves it itself).
		const inspect = sshd.wrap([docker, ...H, 'inspect', '-f', '{{(index .NetworkSettings.Networks "app-net").IPAddress}}', 'db']);
		const dbIp = (await timeCommand(inspect[0]!, inspect.slice(1), {env, keep: true})).stdout.trim();
		const lsDockerName = 'docker -H ssh:// network ls -q | xargs … inspect';
		const ls = await series(sshd, runs, env, [
			...builds.map(b => ({name: `${b.label} -H ssh:// ls --json`, argv: buildArgv(b, [...H, 'ls', '--json'])})),
			{
				name: lsDockerName,
				argv: [docker, ...H, 'network', 'ls', '-q', '|', 'xargs', docker, ...H, 'network', 'inspect'],
				shell: true,
			},
		]);
		const probe = await series(sshd, runs, env, [
			{name: 'docknet -H ssh:// ping -c 1 web db', argv: buildArgv(self!, [...H, 'ping', '-c', '1', 'web', 'db'])},
			{name: `docker -H ssh:// exec web ping -c 1 ${dbIp}`, argv: [docker, ...H, 'exec', 'web', 'ping', '-c', '1', dbIp]},
		]);
		const dockerLs: Command = {name: 'docker -H ssh:// network ls', argv: [docker, ...H, 'network', 'ls']};
		const frames = await firstFrames(sshd, runs, env, 'ssh://dockerhost', builds, dockerLs);
		// The same explorer on the engine's local socket: what the ssh link itself adds.
		const localFrames = await firstFrames(sshd, runs, env, sandboxEnv().DOCKER_HOST!, [self!]);
		const localFrame = localFrames[self!.label]!;
		const rows: string[][] = [['work', 'docknet median (p95)', 'docker -H ssh:// median (p95)', 'ratio']];
		const pair = (what: string, a: Summary, b: Summary) =>
			rows.push([what, `${ms(a.median)} (${ms(a.p95)})`, `${ms(b.median)} (${ms(b.p95)})`, ratio(a.median, b.median)]);
		const dockerFrame = frames[dockerLs.name]!;
		for (const b of builds) pair(`first frame vs network ls${builds.length > 1 ? ` (${b.label})` : ''}`, frames[b.label]!, dockerFrame);
		const lsDocker = ls[lsDockerName]!;
		for (const b of builds)
			pair(`ls --json vs ls|inspect${builds.length > 1 ? ` (${b.label})` : ''}`, ls[`${b.label} -H ssh:// ls --json`]!, lsDocker);
		const [prD, prP] = Object.values(probe);
		pair('probe (one ping)', prD!, prP!);
		rows.push(['first frame on the local socket (no ssh)', `${ms(localFrame.median)} (${ms(localFrame.p95)})`, '', '']);
		log(`\n## ssh:// — docknet vs docker -H ssh:// (${runs} runs each, interleaved, sshd on 127.0.0.1)`);
		log(table(rows));
		const errors = [
			...Object.entries({...ls, ...probe, ...frames}).flatMap(([name, s]) => s.errors.map(e => `${name}: ${e}`)),
			...localFrame.errors.map(e => `local first frame: ${e}`),
		];
		for (const e of errors) log(`  error: ${e}`);
		return {firstFrame: frames, localFirstFrame: localFrame, ls, probe};
	} finally {
		await sshd.stop();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const {values} = parseArgs({options: {runs: {type: 'string'}, baseline: {type: 'string'}}});
	const builds: Build[] = [{label: 'docknet', bin: docknetBin}];
	if (values.baseline) builds.push({label: 'baseline', bin: resolve(values.baseline)});
	await sshBench(Number(values.runs ?? 5), line => console.log(line), builds);
}
