// Engine API calls, counted at the fake engine: per `docknet ls`, per explorer start
// (before the first frame and in total), and per event — at two topology sizes, so
// "independent of topology size" can be read off the table.
import {docknetBin} from '../lib/paths.js';
import {FakeEngineProcess} from '../lib/fake-process.js';
import {timeCommand} from '../lib/proc.js';
import {table} from '../lib/stats.js';
import {Tmux} from '../lib/tmux.js';
import {launchExplorer, stopPane} from '../lib/explorer.js';
import {record, type Context, type Target} from '../lib/context.js';

const CLOCK_PATHS = ['GET /_ping', 'GET /networks', 'GET /containers/json'];
const SNAPSHOT_PATHS = ['GET /version', 'GET /networks', 'GET /containers/json', 'GET /events', 'HEAD /_ping', 'GET /_ping'];

const sum = (calls: Record<string, number>, keep: (path: string) => boolean): number =>
	Object.entries(calls)
		.filter(([path]) => keep(path))
		.reduce((a, [, n]) => a + n, 0);

const describe = (calls: Record<string, number>): string =>
	Object.entries(calls)
		.map(([path, n]) => `${path} ×${Number.isInteger(n) ? n : n.toFixed(2)}`)
		.join(', ');

function fakeTarget(fake: FakeEngineProcess): Target {
	return {
		kind: 'fake',
		label: `fake ${fake.containers}x${fake.networks}`,
		dockerHost: fake.dockerHost,
		containers: fake.containers,
		networks: fake.networks,
		marker: 'fnet-0000',
		containerMarker: 'fc-00000',
	};
}

export async function apiCase(ctx: Context): Promise<void> {
	const events = ctx.options.smoke ? 4 : 20;
	// Two sizes, so "independent of topology size" can be read off the table.
	const small = ctx.fake && ctx.fake.containers <= 100 ? null : await FakeEngineProcess.start(100, 25);
	const fakes = [...(small ? [small] : []), ...(ctx.fake ? [ctx.fake] : [])];
	const quiet = ctx.options.smoke ? 400 : 1000;
	const tmux = await Tmux.start();
	const rows: string[][] = [['fake engine', 'what', 'calls', 'by path']];
	try {
		for (const fake of fakes) {
			const target = fakeTarget(fake);
			const size = `${fake.containers}x${fake.networks}`;
			await fake.reset();
			const ls = await timeCommand(process.execPath, [docknetBin, 'ls', '--json'], {env: ctx.env(fake.dockerHost)});
			const lsStats = await fake.quiesce(200);
			record(ctx, 'api', `ls ${size}`, {calls: lsStats.calls, total: lsStats.total, exit: ls.code});
			rows.push([
				size,
				'docknet ls --json',
				String(lsStats.total),
				ls.code === 0 ? describe(lsStats.calls) : `failed (exit ${ls.code}): ${ls.stderr.trim().slice(0, 200)}`,
			]);

			await fake.reset();
			const launch = await launchExplorer(ctx, tmux, target);
			if (!launch.alive || launch.exitNote) {
				record(ctx, 'api', `explorer ${size}`, {note: launch.exitNote});
				rows.push([size, 'explorer start', 'n/a', launch.exitNote ?? '']);
				await stopPane(tmux);
				continue;
			}
			// Start-up is over when every container's details have been read (one inspect
			// each), or — for an explorer that reads fewer — after a longer silence.
			let start = await fake.quiesce(quiet);
			const deadline = Date.now() + 120_000;
			while ((start.calls['GET /containers/{id}/json'] ?? 0) < fake.containers && Date.now() < deadline) {
				const before = start.total;
				start = await fake.quiesce(5000, 120_000);
				if (start.total === before) break;
			}
			const snapshot = sum(start.calls, p => SNAPSHOT_PATHS.includes(p));
			record(ctx, 'api', `explorer start ${size}`, {calls: start.calls, total: start.total, snapshot});
			rows.push([
				size,
				'explorer start: snapshot',
				String(snapshot),
				describe(Object.fromEntries(Object.entries(start.calls).filter(([p]) => SNAPSHOT_PATHS.includes(p)))),
			]);
			rows.push([size, 'explorer start: in total (details)', String(start.total), describe(start.calls)]);

			await fake.reset();
			await fake.events(events, 150);
			const after = await fake.quiesce(quiet, 60_000);
			const perEvent = Object.fromEntries(Object.entries(after.calls).map(([p, n]) => [p, n / Math.max(1, after.eventsSent)]));
			// The liveness ping and the consistency check's lists run on a clock, not per event.
			const eventCalls = sum(after.calls, p => !CLOCK_PATHS.includes(p));
			record(ctx, 'api', `explorer per event ${size}`, {
				events: after.eventsSent,
				calls: after.calls,
				perEvent: eventCalls / Math.max(1, after.eventsSent),
			});
			rows.push([
				size,
				`explorer per event (${after.eventsSent} events)`,
				(eventCalls / Math.max(1, after.eventsSent)).toFixed(2),
				describe(perEvent),
			]);
			await stopPane(tmux);
		}
	} finally {
		await tmux.close();
		await small?.stop();
	}
	ctx.log(
		'\n## Engine API calls, counted at the fake engine (per-event figures from the explorer; TopologyFeed in-process is in the next table)',
	);
	ctx.log(table(rows));
}
