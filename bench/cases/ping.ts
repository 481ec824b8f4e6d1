// Time to the first ping reply, on the seed topology of the private engine (web and db
// are the engine's own containers; nothing outside is ever pinged or resolved).
//
// CLI: `docknet ping -c 1 web db` against `docker exec web ping -c 1 db`. With -c 1 both
// commands end right after the first reply, so wall time from spawn to exit is the
// time to the first reply as a script sees it. Interleaved, with --baseline too.
//
// Probe panel: the explorer in the benchmark's tmux pane (bench/lib/tmux.ts, control
// mode: output times are when the bytes reach the terminal). Per run: a fresh explorer,
// the containers pane filtered to web, `p` opens the target picker, `db` is typed and
// shown, then the clock starts at the Enter that starts the probe and stops at the
// first pane output after which the ping line counts a received reply ("1 recv … ms").
// "cold" is that first probe of the session (the image's tools unknown); "warm" is a
// second probe of the same pair in the same explorer after Esc stopped the first.
// Interleaved with `docker exec web ping -c 1 db` run in the same pane, timed from
// respawn to the output that shows its reply line.
import {docknetBin} from '../lib/paths.js';
import {timeCommand} from '../lib/proc.js';
import {ms, ratio, summarize, table, type Summary} from '../lib/stats.js';
import {now, plain, Tmux} from '../lib/tmux.js';
import {launchExplorer, stopPane} from '../lib/explorer.js';
import {record, type Build, type Context, type Target} from '../lib/context.js';

const [SRC, DST] = ['web', 'db'];
/** The panel's ping line once a reply is in: "ping  ▁  1 sent 1 recv 0% loss  0.09/0.09/0.09 ms". */
const PANEL_REPLY = /ping\s+\S*\s*\d+ sent [1-9]\d* recv \d+% loss\s+[\d.]+\/[\d.]+\/[\d.]+ ms/;
const LIVE = new RegExp(`${SRC} → ${DST}\\s+\\S+ ● live`);
/** busybox ping's reply line. */
const EXEC_REPLY = /\d+ bytes from [\d.]+: seq=0/;

const debug = process.env.DOCKNET_BENCH_DEBUG ? (what: string) => process.stderr.write(`[ping ${Math.round(now())}] ${what}\n`) : () => {};

async function cliFigures(ctx: Context): Promise<{lines: string[][]; errors: string[]}> {
	const env = ctx.env(ctx.real!.dockerHost);
	const commands = [
		...ctx.builds.map(b => ({
			name: `${b.label === 'docknet' ? '' : `${b.label}: `}docknet ping -c 1 ${SRC} ${DST}`,
			label: b.label,
			file: process.execPath,
			args: [b.bin, 'ping', '-c', '1', SRC, DST],
		})),
		{name: `docker exec ${SRC} ping -c 1 ${DST}`, label: 'docker', file: ctx.dockerCli, args: ['exec', SRC, 'ping', '-c', '1', DST]},
	];
	const samples = new Map(commands.map(c => [c.name, [] as number[]]));
	const errors: string[] = [];
	for (const c of commands) {
		const warm = await timeCommand(c.file, c.args, {env, keep: true});
		if (warm.code !== 0) errors.push(`${c.name}: exit ${warm.code}: ${(warm.stderr || warm.stdout).trim().slice(0, 300)}`);
	}
	for (let i = 0; i < ctx.options.runs; i++) {
		for (const c of i % 2 === 0 ? commands : [...commands].reverse()) {
			const run = await timeCommand(c.file, c.args, {env});
			if (run.code === 0) samples.get(c.name)!.push(run.ms);
			else if (errors.length < 6) errors.push(`${c.name}: exit ${run.code}: ${run.stderr.trim().slice(0, 200)}`);
		}
	}
	const exec = summarize(samples.get(commands.at(-1)!.name)!);
	const out: Record<string, unknown> = {dockerExec: exec, errors};
	const lines: string[][] = [];
	for (const c of commands.slice(0, -1)) {
		const s = summarize(samples.get(c.name)!);
		out[c.label === 'docknet' ? 'docknet' : c.label] = {...s, ratio: s.median / exec.median};
		lines.push([c.name, ms(s.median), ms(s.p95), `${ratio(s.median, exec.median)} docker exec (median), n=${s.n}`]);
	}
	lines.push([commands.at(-1)!.name, ms(exec.median), ms(exec.p95), `n=${exec.n}; spawn → exit`]);
	record(ctx, 'ping', 'cli', out);
	return {lines, errors};
}

/** docker exec web ping -c 1 db in the pane: respawn → the output that shows the reply. */
async function execInPane(ctx: Context, tmux: Tmux, target: Target): Promise<number> {
	const env = {...ctx.env(target.dockerHost), TERM: 'tmux-256color', DOCKNET_BENCH_DOCKER: ctx.dockerCli};
	// The shell stays alive after the reply: tmux may drop what a pane wrote just before its process exited.
	const started = await tmux.run(['sh', '-c', `"$DOCKNET_BENCH_DOCKER" exec ${SRC} ping -c 1 ${DST}; exec sleep 86400`], env);
	const done = await tmux.waitForScreen(screen => EXEC_REPLY.test(plain(screen)), {timeoutMs: 10_000, after: started});
	await stopPane(tmux);
	return done ? done.at - started : Number.NaN;
}

async function waitText(tmux: Tmux, re: RegExp, what: string, timeoutMs = 8000): Promise<void> {
	const seen = await tmux.waitForScreen(screen => re.test(plain(screen)), {timeoutMs});
	if (!seen)
		throw new Error(
			`probe panel: no "${what}" within ${timeoutMs} ms; screen:\n${plain(await tmux.capture())
				.trim()
				.split('\n')
				.slice(-12)
				.join('\n')}`,
		);
}

/** Opens the target picker from web and types db; resolves once the typed text is drawn. */
async function pickDb(tmux: Tmux): Promise<void> {
	await tmux.sendKeys('p');
	await waitText(tmux, new RegExp(`Probe from ${SRC}`), 'Probe from web');
	await waitText(tmux, new RegExp(`▸ ${DST}\\s`), `the ${DST} candidate`);
	await tmux.sendKeys(DST);
	await tmux.settle(60, 2000);
}

/** Enter → the first frame that shows a reply; NaN on timeout. */
async function enterToReply(tmux: Tmux): Promise<number> {
	const sentAt = now();
	await tmux.sendKeys('Enter');
	// "● live": this run's reply, not the stopped previous probe's line still on screen.
	const reply = await tmux.waitForScreen(screen => LIVE.test(plain(screen)) && PANEL_REPLY.test(plain(screen)), {
		timeoutMs: 10_000,
		after: sentAt,
	});
	return reply ? reply.at - sentAt : Number.NaN;
}

/** One explorer session: the first probe (cold), Esc, the same pair again (warm). */
async function panelRun(ctx: Context, tmux: Tmux, target: Target, build: Build): Promise<{cold: number; warm: number}> {
	const launch = await launchExplorer(ctx, tmux, target, {bin: build.bin});
	if (!launch.alive || launch.exitNote) throw new Error(`probe panel: ${launch.exitNote ?? 'the explorer is not running'}`);
	try {
		// Containers pane, filtered to web (each step drawn before the next key).
		await tmux.sendKeys('2', '/');
		await waitText(tmux, /\/ filter containers:/, 'the containers filter');
		await tmux.sendKeys(SRC);
		await waitText(tmux, new RegExp(`/ filter containers: ${SRC}`), 'the typed filter');
		await tmux.sendKeys('Enter');
		await waitText(tmux, new RegExp(`Endpoints of ${SRC}`), `web selected`);
		await tmux.settle(100, 3000);
		await pickDb(tmux);
		debug(`${build.label}: cold`);
		const cold = await enterToReply(tmux);
		await tmux.sendKeys('Escape');
		await waitText(tmux, new RegExp(`${SRC} → ${DST}\\s+\\S+.*stopped`), 'the probe stopped');
		await tmux.settle(100, 3000);
		await pickDb(tmux);
		debug(`${build.label}: warm`);
		const warm = await enterToReply(tmux);
		await tmux.sendKeys('Escape');
		await waitText(tmux, new RegExp(`${SRC} → ${DST}\\s+\\S+.*stopped`), 'the probe stopped');
		return {cold, warm};
	} finally {
		await stopPane(tmux);
	}
}

async function panelFigures(ctx: Context, target: Target): Promise<string[][]> {
	const tmux = await Tmux.start();
	const cold = new Map(ctx.builds.map(b => [b.label, [] as number[]]));
	const warm = new Map(ctx.builds.map(b => [b.label, [] as number[]]));
	const exec: number[] = [];
	const errors: string[] = [];
	try {
		// Warm-up (compile cache, engine caches), not counted.
		for (const b of ctx.builds)
			await panelRun(ctx, tmux, target, b).catch(error =>
				errors.push(`${b.label} warm-up: ${error instanceof Error ? error.message : error}`),
			);
		await execInPane(ctx, tmux, target);
		for (let i = 0; i < ctx.options.runs; i++) {
			exec.push(await execInPane(ctx, tmux, target));
			for (const b of i % 2 === 0 ? ctx.builds : [...ctx.builds].reverse()) {
				try {
					const run = await panelRun(ctx, tmux, target, b);
					cold.get(b.label)!.push(run.cold);
					warm.get(b.label)!.push(run.warm);
				} catch (error) {
					if (errors.length < 6) errors.push(`${b.label}: ${error instanceof Error ? error.message : error}`);
				}
			}
		}
	} finally {
		await tmux.close();
	}
	const finite = (xs: number[]) => xs.filter(Number.isFinite);
	const e = summarize(finite(exec));
	const out: Record<string, unknown> = {dockerExecInPane: e, errors};
	const lines: string[][] = [];
	for (const b of ctx.builds) {
		const prefix = b.label === 'docknet' ? '' : `${b.label}: `;
		const c: Summary = summarize(finite(cold.get(b.label)!));
		const w: Summary = summarize(finite(warm.get(b.label)!));
		out[b.label] = {
			cold: {...c, ratio: c.median / e.median},
			warm: {...w, ratio: w.median / e.median},
			timeouts: cold.get(b.label)!.length - c.n + warm.get(b.label)!.length - w.n,
		};
		lines.push([
			`${prefix}explorer panel, first probe of the session: Enter → reply drawn`,
			ms(c.median),
			ms(c.p95),
			`${ratio(c.median, e.median)} docker exec in the pane (median), n=${c.n}`,
		]);
		lines.push([
			`${prefix}explorer panel, same pair again (tools known)`,
			ms(w.median),
			ms(w.p95),
			`${ratio(w.median, e.median)} docker exec in the pane (median), n=${w.n}`,
		]);
	}
	lines.push([`docker exec ${SRC} ping -c 1 ${DST} in the same pane`, ms(e.median), ms(e.p95), `n=${e.n}; respawn → reply line drawn`]);
	for (const error of errors) lines.push(['  !', '', '', error.split('\n').join(' / ').slice(0, 400)]);
	record(ctx, 'ping', 'panel', out);
	return lines;
}

export async function pingCase(ctx: Context): Promise<void> {
	if (!ctx.real || !ctx.realTarget) {
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
	debug('cli');
	const cli = await cliFigures(ctx);
	debug('panel');
	const panel = await panelFigures(ctx, ctx.realTarget);
	ctx.log(`\n## Time to first ping reply — private engine seed, ${SRC} → ${DST} (${ctx.options.runs} runs each, interleaved)`);
	ctx.log(table([['', 'median', 'p95', ''], ...cli.lines, ...panel]));
	for (const e of cli.errors) ctx.log(`  ! ${e}`);
}
