// Time to the first ping reply: `docknet ping -c 1 web db` against
// `docker exec web ping -c 1 db` on the seed topology of the private engine (both
// containers are the engine's own; nothing outside is ever pinged). With -c 1 both
// commands end right after the first reply, so wall time from spawn to exit is the
// time to the first reply as a user sees it.
//
// TODO(bench): the ping in the explorer's probe panel needs its key sequence and a
// frame marker for "first reply drawn"; measure it here once the panel's keys are
// settled (send the keys with tmux, wait for the reply line, as in cases/tui.ts).
import {docknetBin} from '../lib/paths.js';
import {timeCommand} from '../lib/proc.js';
import {ms, ratio, summarize, table} from '../lib/stats.js';
import {record, type Context} from '../lib/context.js';

export async function pingCase(ctx: Context): Promise<void> {
	if (!ctx.real) {
		ctx.log('\n## ping: skipped (needs the private engine; --no-real was given)');
		return;
	}
	const env = ctx.env(ctx.real.dockerHost);
	const help = await timeCommand(process.execPath, [docknetBin, 'ping', '--help'], {env, keep: true});
	if (help.code !== 0) {
		record(ctx, 'ping', 'note', 'TODO: docknet ping is not available in this build');
		ctx.log('\n## ping: TODO — `docknet ping` is not available in this build (no figure recorded)');
		return;
	}
	const [src, dst] = ['web', 'db'];
	const commands = [
		{name: `docknet ping -c 1 ${src} ${dst}`, file: process.execPath, args: [docknetBin, 'ping', '-c', '1', src, dst]},
		{name: `docker exec ${src} ping -c 1 ${dst}`, file: ctx.dockerCli, args: ['exec', src, 'ping', '-c', '1', dst]},
	];
	const samples: Record<string, number[]> = {};
	const errors: string[] = [];
	for (const c of commands) {
		samples[c.name] = [];
		const warm = await timeCommand(c.file, c.args, {env, keep: true});
		if (warm.code !== 0) errors.push(`${c.name}: exit ${warm.code}: ${(warm.stderr || warm.stdout).trim().slice(0, 300)}`);
	}
	for (let i = 0; i < ctx.options.runs; i++) {
		for (const c of i % 2 === 0 ? commands : [...commands].reverse()) {
			const run = await timeCommand(c.file, c.args, {env});
			if (run.code === 0) samples[c.name]!.push(run.ms);
			else if (errors.length < 6) errors.push(`${c.name}: exit ${run.code}: ${run.stderr.trim().slice(0, 200)}`);
		}
	}
	const d = summarize(samples[commands[0]!.name]!);
	const p = summarize(samples[commands[1]!.name]!);
	record(ctx, 'ping', 'cli', {docknet: d, dockerExec: p, ratio: d.median / p.median, errors});
	ctx.log(`\n## Time to first ping reply — private engine seed (${ctx.options.runs} runs each, interleaved; spawn → exit with -c 1)`);
	ctx.log(
		table([
			['command', 'median', 'p95'],
			[commands[0]!.name, ms(d.median), ms(d.p95)],
			[commands[1]!.name, ms(p.median), ms(p.p95)],
			['ratio docknet / docker exec (median)', ratio(d.median, p.median), ''],
			['in the explorer panel', 'TODO', 'not measured yet (see bench/cases/ping.ts)'],
		]),
	);
	for (const e of errors) ctx.log(`  ! ${e}`);
}
