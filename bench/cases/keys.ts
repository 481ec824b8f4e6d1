// Keystroke → frame, docknet (and a --baseline build) against lazydocker, in one run:
// each program is started in the same tmux 120x40 pane in turn, in rounds (the order
// alternating between rounds), and takes the same keys measured both ways (see
// bench/lib/keys.ts: the control-mode client, and an external observer polling
// capture-pane). Two scenarios per program:
//
// - move: Down, Down, Up, Up in the first list (docknet: Networks; lazydocker: its first
//   screen, Containers — the comparable list);
// - filter: `/` opens the list's filter (not measured), then typing `n`, `e`, `t` and
//   three Backspaces, each measured; Escape closes it.
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {launchExplorer, stopPane} from '../lib/explorer.js';
import {emptyRun, measureKeys, METHODS, POLL_MS, sendUnmeasured, type KeyRun} from '../lib/keys.js';
import {ms, ratio, summarize, table} from '../lib/stats.js';
import {Tmux} from '../lib/tmux.js';
import {record, type Context, type Target} from '../lib/context.js';
import {repoRoot} from '../lib/paths.js';

/** The peer build: ../shared/peers/ next to the checkout (or a worktree's), see its README. */
export const LAZYDOCKER =
	process.env.DOCKNET_BENCH_LAZYDOCKER ??
	[join(repoRoot, '..', 'shared', 'peers', 'lazydocker'), join(repoRoot, '..', '..', 'shared', 'peers', 'lazydocker')].find(existsSync) ??
	join(repoRoot, '..', 'shared', 'peers', 'lazydocker');

type Program = {label: string; bin: string; env?: Record<string, string>};

const SCENARIOS = {
	move: {open: [] as string[], keys: ['Down', 'Down', 'Up', 'Up'], close: [] as string[]},
	filter: {open: ['/'], keys: ['n', 'e', 't', 'BSpace', 'BSpace', 'BSpace'], close: ['Escape']},
} as const;
type Scenario = keyof typeof SCENARIOS;

export async function keysTarget(ctx: Context, target: Target): Promise<void> {
	const configDir = mkdtempSync(join(tmpdir(), 'docknet-bench-lazydocker-'));
	const programs: Program[] = ctx.builds.map(b => ({label: b.label, bin: b.bin}));
	if (existsSync(LAZYDOCKER)) programs.push({label: 'lazydocker', bin: LAZYDOCKER, env: {CONFIG_DIR: configDir}});
	else ctx.log(`keys: no lazydocker at ${LAZYDOCKER} (set DOCKNET_BENCH_LAZYDOCKER)`);
	const rounds = ctx.options.smoke ? 1 : 4;
	const perRound = Math.max(2, Math.ceil(ctx.options.keys / rounds));
	const runs = new Map(programs.map(p => [p.label, {move: emptyRun(), filter: emptyRun()} as Record<Scenario, KeyRun>]));
	const notes = new Map<string, string>();
	const tmux = await Tmux.start();
	try {
		for (let round = 0; round < rounds; round++) {
			for (const program of round % 2 === 0 ? programs : [...programs].reverse()) {
				if (notes.has(program.label)) continue;
				const launch = await launchExplorer(ctx, tmux, target, {
					bin: program.bin,
					...(program.env ? {env: program.env} : {}),
					timeoutMs: 60_000,
				});
				if (!launch.alive || launch.exitNote) {
					notes.set(program.label, launch.exitNote ?? 'exited');
					await stopPane(tmux);
					continue;
				}
				// Let the details load (docknet) and the first refreshes pass (lazydocker).
				await tmux.settle(1000, 30_000);
				for (const name of Object.keys(SCENARIOS) as Scenario[]) {
					const scenario = SCENARIOS[name];
					if (scenario.open.length) await sendUnmeasured(tmux, ...scenario.open);
					await measureKeys(tmux, scenario.keys, perRound, runs.get(program.label)![name], round);
					if (scenario.close.length) await sendUnmeasured(tmux, ...scenario.close);
				}
				await stopPane(tmux);
			}
		}
	} finally {
		await tmux.close();
		rmSync(configDir, {recursive: true, force: true});
	}
	const out: Record<string, unknown> = {rounds, pollMs: POLL_MS};
	const lines: string[][] = [['program', 'keys', 'method', 'median / p95', 'n', 'vs lazydocker (median)']];
	for (const program of programs) {
		const note = notes.get(program.label);
		const figures: Record<string, unknown> = note ? {note} : {};
		for (const name of Object.keys(SCENARIOS) as Scenario[]) {
			for (const method of METHODS) {
				const run = runs.get(program.label)![name];
				const s = summarize(run.samples[method]);
				figures[`${name}.${method}`] = {...s, unchanged: run.unchanged[method]};
				const peer = summarize(runs.get('lazydocker')?.[name].samples[method] ?? []);
				lines.push([
					program.label,
					name,
					method,
					`${ms(s.median)} / ${ms(s.p95)}`,
					`${s.n}${run.unchanged[method] ? ` (${run.unchanged[method]} unchanged)` : ''}`,
					program.label === 'lazydocker' ? '' : ratio(s.median, peer.median),
				]);
			}
		}
		if (note) lines.push([program.label, 'n/a', '', note, '', '']);
		out[program.label] = figures;
	}
	record(ctx, 'keys', target.label, out);
	ctx.log(`\n## Keystroke → frame, ${rounds} interleaved rounds (poll every ${POLL_MS} ms) — ${target.label}`);
	ctx.log(table(lines));
}

export async function keysCase(ctx: Context): Promise<void> {
	for (const target of [ctx.realTarget, ctx.fakeTarget])
		if (target && (!ctx.options.tuiOn || ctx.options.tuiOn === target.kind)) await keysTarget(ctx, target);
}
