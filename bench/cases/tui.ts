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
import {launchExplorer, stopPane, type Launch} from '../lib/explorer.js';
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
		sent = stats.eventsSent;
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

export async function tuiTarget(ctx: Context, target: Target): Promise<void> {
	const runs = ctx.options.runs;
	const tmux = await Tmux.start();
	const out: Record<string, unknown> = {};
	const lines: string[][] = [['figure', 'value', 'how']];
	try {
		const frames: number[] = [];
		const pipeline: number[] = [];
		let last: Launch | null = null;
		// Warm-up of both (compile cache, engine caches), not counted.
		debug('warm-up');
		last = await launchExplorer(ctx, tmux, target);
		await stopPane(tmux);
		await pipelineInTerminal(ctx, tmux, target);
		debug('runs');
		// Strictly alternating (pipeline, explorer, pipeline, explorer…); the last
		// explorer stays open for the figures that need it running.
		for (let i = 0; i < runs; i++) {
			pipeline.push(await pipelineInTerminal(ctx, tmux, target));
			last = await launchExplorer(ctx, tmux, target);
			frames.push(last.firstFrameMs);
			if (i < runs - 1) await stopPane(tmux);
		}
		const frame = summarize(frames.filter(Number.isFinite));
		out.firstFrame = {...frame, timeouts: frames.filter(f => !Number.isFinite(f)).length};
		lines.push(['first full frame (median / p95)', `${ms(frame.median)} / ${ms(frame.p95)}`, `${frames.length} runs: respawn-pane → output showing "${target.marker}"`]);
		const launch = last!;
		if (!launch.alive || launch.exitNote) {
			out.note = launch.exitNote;
			lines.push(['keystrokes, memory, idle CPU', 'n/a', launch.exitNote ?? '']);
		} else {
			const pid = launch.pid;
			out.rssAtFirstFrame = rssOf(pid);
			debug('settle');
			await tmux.settle(1000, 60_000);
			debug('keys');
			out.rssAfterStart = rssOf(pid);
			lines.push(['RSS at first frame / after start settled', `${mib(out.rssAtFirstFrame as number)} / ${mib(out.rssAfterStart as number)}`, 'VmRSS of the docknet process; "settled" = 1 s without output']);
			const keys = await keystrokes(ctx, tmux, ctx.options.keys);
			out.keystroke = keys;
			lines.push([
				`keystroke → frame (median / p95)`,
				`${ms(keys.latency.median)} / ${ms(keys.latency.p95)}`,
				`${keys.latency.n} keys (${ctx.options.keySequence.join(',')}), ${keys.unchanged} without a change`,
			]);
			debug('idle');
			await tmux.settle(500, 10_000);
			const idle = await idleCpu(pid, ctx.options.idleSeconds);
			out.idleCpuPercent = idle;
			lines.push(['idle CPU', `${idle.toFixed(2)} %`, `utime+stime over ${ctx.options.idleSeconds} s with no input and no events`]);
			debug('soak');
			const s = await soak(ctx, tmux, target, pid);
			debug('done');
			out.soak = s;
			lines.push([
				`RSS after ${s.seconds} s of events`,
				`${mib(s.rssEnd as number)} (max ${mib(s.rssMax as number)})`,
				`${s.events} connect/disconnect events at ${s.rate}/s; CPU ${(s.cpuPercent as number).toFixed(1)} %; still drawn: ${s.stillDrawn}`,
			]);
			await stopPane(tmux);
		}
		const pipe = summarize(pipeline.filter(Number.isFinite));
		out.pipelineInTerminal = pipe;
		lines.splice(2, 0, [
			'docker network ls -q | xargs docker network inspect (median / p95)',
			`${ms(pipe.median)} / ${ms(pipe.p95)}`,
			`${pipeline.length} runs in the same pane, until its output is drawn; ratio first frame / pipeline ${ratio(frame.median, pipe.median)}`,
		]);
	} finally {
		await tmux.close();
	}
	record(ctx, 'tui', target.label, out);
	ctx.log(`\n## Explorer in tmux ${120}x${40} — ${target.label}`);
	ctx.log(table(lines));
}

export async function tuiCase(ctx: Context): Promise<void> {
	for (const target of [ctx.realTarget, ctx.fakeTarget]) if (target) await tuiTarget(ctx, target);
}
