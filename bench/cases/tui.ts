// The explorer in a real terminal (tmux 120x40): first full frame vs the docker CLI
// pipeline drawn in the same terminal, keystroke-to-frame latency, memory after start
// and after a bounded stream of connect/disconnect events, idle CPU.
//
// Keystroke method: the harness reads the screen (capture-pane -e, so a moved
// highlight counts as a change), notes the time, sends one key with send-keys, and
// takes the time of the first pane output after which the screen differs. Output
// times come from tmux control-mode %output notifications, so there is no polling
// delay in the figure. Keys are paced like a fast typist: the next key goes when the
// pane has been quiet for 40 ms and at least 60 ms after the previous key.
import {cpuMsOf, rssOf} from '../lib/proc.js';
import {mib, ms, ratio, sleep, summarize, table, type Summary} from '../lib/stats.js';
import {now, plain, Tmux} from '../lib/tmux.js';
import {LAZYDOCKER_TIMEOUT_MS, launchExplorer, launchLazydocker, stopPane, type Launch} from '../lib/explorer.js';
import {record, type Context, type Target} from '../lib/context.js';

const DONE = 'DOCKNET-BENCH-DONE';

async function pipelineInTerminal(ctx: Context, tmux: Tmux, target: Target): Promise<number> {
	const env = {...ctx.env(target.dockerHost), TERM: 'tmux-256color', DOCKNET_BENCH_DOCKER: ctx.dockerCli};
	// The shell stays alive after the marker: tmux may drop what a pane wrote just
	// before its process exited.
	const script = `"$DOCKNET_BENCH_DOCKER" network ls -q | xargs "$DOCKNET_BENCH_DOCKER" network inspect; echo; echo ${DONE.slice(0, 8)}''${DONE.slice(8)}; exec sleep 86400`;
	const started = await tmux.run(['sh', '-c', script], env);
	const done = await tmux.waitForScreen(screen => plain(screen).includes(DONE), {timeoutMs: 60_000, after: started});
	return done ? done.at - started : Number.NaN;
}

async function keystrokes(ctx: Context, tmux: Tmux, count: number): Promise<{latency: Summary; unchanged: number}> {
	const latencies: number[] = [];
	let unchanged = 0;
	let lastKey = 0;
	await tmux.settle(200, 10_000);
	for (let i = 0; i < count && unchanged < 5; i++) {
		const key = ctx.options.keySequence[i % ctx.options.keySequence.length]!;
		await tmux.settle(40);
		const gap = now() - lastKey;
		if (gap < 60) await sleep(60 - gap);
		const before = await tmux.capture();
		const sentAt = now();
		lastKey = sentAt;
		await tmux.sendKeys(key);
		const changed = await tmux.waitForScreen(screen => screen !== before, {timeoutMs: 2000, after: sentAt});
		if (changed) latencies.push(changed.at - sentAt);
		else unchanged++;
	}
	return {latency: summarize(latencies), unchanged};
}

async function idleCpu(pid: number, seconds: number): Promise<number> {
	const cpu0 = cpuMsOf(pid);
	const t0 = now();
	await sleep(seconds * 1000);
	return ((cpuMsOf(pid) - cpu0) / (now() - t0)) * 100;
}

async function soak(ctx: Context, tmux: Tmux, target: Target, pid: number): Promise<Record<string, unknown>> {
	const seconds = ctx.options.soakSeconds;
	const rate = ctx.options.soakRate;
	const count = Math.max(1, Math.round(seconds * rate));
	const interval = 1000 / rate;
	const samples: Array<{t: number; rss: number}> = [];
	const cpu0 = cpuMsOf(pid);
	const t0 = now();
	const abort = new AbortController();
	let sent = 0;
	const sentBefore = target.kind === 'fake' ? (await ctx.fake!.stats()).eventsSent : 0;
	const stream =
		target.kind === 'fake'
			? ctx.fake!.events(count, interval)
			: ctx.real!.churn(ctx.options.real, count, interval, abort.signal).then(n => void (sent = n));
	const deadline = t0 + seconds * 1000 + 2000;
	const every = Math.min(5000, Math.max(500, (seconds * 1000) / 20));
	while (now() < deadline) {
		samples.push({t: Math.round(now() - t0), rss: rssOf(pid)});
		await sleep(Math.min(every, Math.max(0, deadline - now())));
	}
	abort.abort();
	await stream;
	if (target.kind === 'fake') {
		const stats = await ctx.fake!.quiesce(500, 30_000);
		sent = stats.eventsSent - sentBefore;
	}
	await tmux.settle(500, 10_000);
	samples.push({t: Math.round(now() - t0), rss: rssOf(pid)});
	const cpuPercent = ((cpuMsOf(pid) - cpu0) / (now() - t0)) * 100;
	const screen = plain(await tmux.capture());
	return {
		seconds,
		events: sent,
		rate,
		rssStart: samples[0]!.rss,
		rssEnd: samples.at(-1)!.rss,
		rssMax: Math.max(...samples.map(s => s.rss)),
		cpuPercent,
		stillDrawn: screen.includes(target.marker),
		samples,
	};
}

const debug = process.env.DOCKNET_BENCH_DEBUG ? (what: string) => process.stderr.write(`[tui ${Math.round(now())}] ${what}\n`) : () => {};

/** Keystrokes, memory, idle CPU and the event soak on a running explorer. */
async function liveFigures(
	ctx: Context,
	tmux: Tmux,
	target: Target,
	launch: Launch,
	prefix: string,
	lines: string[][],
): Promise<Record<string, unknown>> {
	const out: Record<string, unknown> = {};
	if (!launch.alive || launch.exitNote) {
		out.note = launch.exitNote;
		lines.push([`${prefix}keystrokes, memory, idle CPU`, 'n/a', launch.exitNote ?? '']);
		return out;
	}
	const pid = launch.pid;
	out.rssAtFirstFrame = rssOf(pid);
	debug('settle');
	await tmux.settle(1000, 60_000);
	out.rssAfterStart = rssOf(pid);
	lines.push([
		`${prefix}RSS at first frame / after start settled`,
		`${mib(out.rssAtFirstFrame as number)} / ${mib(out.rssAfterStart as number)}`,
		'VmRSS of the docknet process; "settled" = 1 s without output',
	]);
	if (ctx.options.startOnly) return out;
	debug('keys');
	const keys = await keystrokes(ctx, tmux, ctx.options.keys);
	out.keystroke = keys;
	lines.push([
		`${prefix}keystroke → frame (median / p95)`,
		`${ms(keys.latency.median)} / ${ms(keys.latency.p95)}`,
		`${keys.latency.n} keys (${ctx.options.keySequence.join(',')}), ${keys.unchanged} without a change`,
	]);
	debug('idle');
	await tmux.settle(500, 10_000);
	const idle = await idleCpu(pid, ctx.options.idleSeconds);
	out.idleCpuPercent = idle;
	lines.push([`${prefix}idle CPU`, `${idle.toFixed(2)} %`, `utime+stime over ${ctx.options.idleSeconds} s with no input and no events`]);
	debug('soak');
	const s = await soak(ctx, tmux, target, pid);
	out.soak = s;
	lines.push([
		`${prefix}RSS after ${s.seconds} s of events`,
		`${mib(s.rssEnd as number)} (max ${mib(s.rssMax as number)})`,
		`${s.events} connect/disconnect events at ${s.rate}/s; CPU ${(s.cpuPercent as number).toFixed(1)} %; still drawn: ${s.stillDrawn}`,
	]);
	return out;
}

type Runner = {label: string; launch: () => Promise<Launch & {done?: () => void}>};

/** Starts lazydocker, notes its RSS once its first screen is drawn and once it has settled, and its idle CPU. */
async function peerFigures(ctx: Context, tmux: Tmux, runner: Runner, lines: string[][]): Promise<Record<string, unknown>> {
	const launch = await runner.launch();
	try {
		if (!launch.alive || launch.exitNote) {
			lines.push([`${runner.label}: RSS, idle CPU`, 'n/a', launch.exitNote ?? '']);
			return {note: launch.exitNote};
		}
		const rssAtFirstFrame = rssOf(launch.pid);
		// Bounded: a program that redraws on a timer never stays quiet for a second.
		await tmux.settle(1000, 15_000);
		const rssAfterStart = rssOf(launch.pid);
		lines.push([
			`${runner.label}: RSS at first frame / after start settled`,
			`${mib(rssAtFirstFrame)} / ${mib(rssAfterStart)}`,
			'same method as docknet (settled: 1 s without output, at most 15 s)',
		]);
		const idle = await idleCpu(launch.pid, ctx.options.idleSeconds);
		lines.push([`${runner.label}: idle CPU`, `${idle.toFixed(2)} %`, `utime+stime over ${ctx.options.idleSeconds} s with no input`]);
		return {rssAtFirstFrame, rssAfterStart, idleCpuPercent: idle};
	} finally {
		await stopPane(tmux);
		launch.done?.();
	}
}

export async function tuiTarget(ctx: Context, target: Target): Promise<void> {
	const runs = ctx.options.runs;
	const tmux = await Tmux.start();
	const out: Record<string, unknown> = {};
	const lines: string[][] = [['figure', 'value', 'how']];
	const lazydocker = ctx.options.lazydocker;
	const runners: Runner[] = [
		...ctx.builds.map(b => ({label: b.label, launch: () => launchExplorer(ctx, tmux, target, {bin: b.bin})})),
		...(lazydocker ? [{label: 'lazydocker', launch: () => launchLazydocker(ctx, tmux, target, lazydocker)}] : []),
	];
	try {
		const frames = new Map(runners.map(r => [r.label, [] as number[]]));
		const rssAtFrame = new Map(runners.map(r => [r.label, [] as number[]]));
		const pipeline: number[] = [];
		// Warm-up (compile cache, engine caches, page cache), not counted.
		debug('warm-up');
		for (const r of runners) {
			const launch = await r.launch();
			await stopPane(tmux);
			launch.done?.();
		}
		await pipelineInTerminal(ctx, tmux, target);
		debug('runs');
		// Strictly alternating: pipeline, explorer (, baseline explorer, lazydocker), pipeline, …
		for (let i = 0; i < runs; i++) {
			pipeline.push(await pipelineInTerminal(ctx, tmux, target));
			for (const r of i % 2 === 0 ? runners : [...runners].reverse()) {
				const launch = await r.launch();
				frames.get(r.label)!.push(launch.firstFrameMs);
				if (Number.isFinite(launch.firstFrameMs) && launch.alive) rssAtFrame.get(r.label)!.push(rssOf(launch.pid));
				await stopPane(tmux);
				launch.done?.();
			}
		}
		const pipe = summarize(pipeline.filter(Number.isFinite));
		out.pipelineInTerminal = pipe;
		const frameOf = (label: string) => {
			const all = frames.get(label)!;
			return {...summarize(all.filter(Number.isFinite)), timeouts: all.filter(f => !Number.isFinite(f)).length};
		};
		const frame = frameOf('docknet');
		out.firstFrame = frame;
		out.rssAtFirstFrameRuns = summarize(rssAtFrame.get('docknet')!);
		lines.push([
			'first full frame (median / p95)',
			`${ms(frame.median)} / ${ms(frame.p95)}`,
			`${runs} runs: respawn-pane → output showing "${target.marker}"${frame.timeouts ? `; ${frame.timeouts} timed out` : ''}`,
		]);
		const baseline = ctx.builds.find(b => b.label === 'baseline');
		if (baseline) {
			const b = frameOf('baseline');
			out.baseline = {firstFrame: b, rssAtFirstFrameRuns: summarize(rssAtFrame.get('baseline')!)};
			lines.push([
				'baseline: first full frame (median / p95)',
				`${ms(b.median)} / ${ms(b.p95)}`,
				`same runs, interleaved; ratio docknet / baseline ${ratio(frame.median, b.median)}`,
			]);
		}
		if (lazydocker) {
			const l = frameOf('lazydocker');
			out.lazydocker = {firstFrame: l, rssAtFirstFrameRuns: summarize(rssAtFrame.get('lazydocker')!)};
			// Timed-out runs are slower than any figure: when they are half the runs, the median is past the timeout.
			const pastTimeout = l.timeouts * 2 >= runs;
			lines.push([
				'lazydocker: first frame (median / p95)',
				pastTimeout
					? `> ${ms(LAZYDOCKER_TIMEOUT_MS, 0)} (${l.n} of ${runs} runs drew it: ${ms(l.median)} median of those)`
					: `${ms(l.median)} / ${ms(l.p95)}`,
				`same runs, interleaved: output showing container "${target.containerMarker}"${l.timeouts ? `; ${l.timeouts} timed out` : ''}; ratio docknet / lazydocker ${pastTimeout ? `< ${ratio(frame.median, LAZYDOCKER_TIMEOUT_MS)}` : ratio(frame.median, l.median)}${baseline ? `, baseline / lazydocker ${pastTimeout ? `< ${ratio(frameOf('baseline').median, LAZYDOCKER_TIMEOUT_MS)}` : ratio(frameOf('baseline').median, l.median)}` : ''}`,
			]);
		}
		lines.push([
			'RSS at first frame, median over the runs',
			runners.map(r => `${r.label} ${mib(summarize(rssAtFrame.get(r.label)!).median)}`).join(', '),
			"VmRSS read right after each run's first frame",
		]);
		lines.push([
			'docker network ls -q | xargs docker network inspect (median / p95)',
			`${ms(pipe.median)} / ${ms(pipe.p95)}`,
			`${pipeline.length} runs in the same pane, until its output is drawn; ratio first frame / pipeline ${ratio(frame.median, pipe.median)}`,
		]);
		for (const b of ctx.builds) {
			const launch = await launchExplorer(ctx, tmux, target, {bin: b.bin});
			const figures = await liveFigures(ctx, tmux, target, launch, b.label === 'docknet' ? '' : `${b.label}: `, lines);
			if (b.label === 'docknet') Object.assign(out, figures);
			else Object.assign(out.baseline as object, figures);
			await stopPane(tmux);
		}
		const peer = runners.find(r => r.label === 'lazydocker');
		if (peer) Object.assign(out.lazydocker as object, await peerFigures(ctx, tmux, peer, lines));
		debug('done');
	} finally {
		await tmux.close();
	}
	record(ctx, 'tui', target.label, out);
	ctx.log(`\n## Explorer in tmux ${120}x${40} — ${target.label}`);
	ctx.log(table(lines));
}

export async function tuiCase(ctx: Context): Promise<void> {
	for (const target of [ctx.realTarget, ctx.fakeTarget])
		if (target && (!ctx.options.tuiOn || ctx.options.tuiOn === target.kind)) await tuiTarget(ctx, target);
}
