// The probe panel end to end: the built binary in tmux against the private engine.
// A probe streams live, Esc stops it inside the container (docker top), picking another
// pair replaces it, quitting stops everything; the matrix fills in.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {
	TEST_LABEL,
	cleanupTestResources,
	requireSandbox,
	sandboxEngine,
	sandboxEnv,
	uniqueName,
	waitFor,
	docker,
} from '../helpers/sandbox.js';
import {TmuxSession, openExplorer} from '../helpers/tmux.js';

const sessions: TmuxSession[] = [];
const engine = sandboxEngine();

const open = () => openExplorer(sessions, {columns: 120, rows: 36});

let baseline = new Set<string>();

/**
 * Probe processes (ping/nslookup/nc started by docknet) running in a container, from
 * docker top, leaving out those already there when the test began (another run's, if
 * any: they end by themselves within a ping chunk).
 */
async function probesIn(container: string): Promise<string[]> {
	return (await engine.top(container))
		.filter(p => /^(ping -w |ping -c |nslookup |nc -w )/.test(p.command) && !baseline.has(p.pid))
		.map(p => p.command);
}

// A container on a network of its own: web cannot reach it (other runs may touch the seed).
const isoNet = uniqueName('panel-iso-net');
const iso = uniqueName('panel-iso');

/** Focuses a pane and filters it to `text`, one step at a time (each step shown before the next key). */
async function filterTo(tmux: TmuxSession, paneKey: string, pane: string, text: string): Promise<void> {
	await tmux.sendKeys(paneKey, '/');
	await tmux.waitForText(new RegExp(`/ filter ${pane}:`));
	await tmux.sendKeys(text);
	await tmux.waitForText(new RegExp(`/ filter ${pane}: ${text}`));
	await tmux.sendKeys('Enter');
	await tmux.waitForGone(new RegExp(`/ filter ${pane}:`));
}

const sentCount = (screen: string): number => Number(/ping\s+\S*\s+(\d+) sent/.exec(screen)?.[1] ?? -1);

before(async () => {
	await requireSandbox();
	await docker(['network', 'create', '--label', TEST_LABEL, isoNet]);
	await docker([
		'run',
		'-d',
		'--label',
		TEST_LABEL,
		'--name',
		iso,
		'--network',
		isoNet,
		sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest',
		'sleep',
		'600',
	]);
	await waitFor(
		async () => {
			const names = (await docker(['ps', '--filter', 'label=docknet.seed=1', '--format', '{{.Names}}'])).stdout.split('\n');
			return ['web', 'db', 'cache'].every(n => names.includes(n));
		},
		{timeout: 60_000, interval: 250, what: 'the seed'},
	);
});

after(async () => {
	for (const s of sessions) await s.kill().catch(() => {});
	await cleanupTestResources();
});

describe('probe panel', () => {
	it('streams a live ping, Esc stops it inside the container, another pair replaces it, q stops all', {timeout: 90_000}, async () => {
		baseline = new Set((await engine.top('web')).map(p => p.pid));
		const tmux = await open();
		await filterTo(tmux, '2', 'containers', 'web');
		await tmux.waitForText(/Endpoints of web/);
		await tmux.sendKeys('p');
		await tmux.waitForText(/Probe from web/);
		await tmux.waitForText(/▸ db\s+app-net 10\.10\.0\.\d+/);
		await tmux.sendKeys('db', 'Enter');
		const first = await tmux.waitForText(/Probe web → db[\s\S]*REACHABLE ● live[\s\S]*ping\s+\S+\s+\d+ sent/, 8000);
		await tmux.waitForText(/dns\s+db → 10\.10\.0\.\d+\s+\(server 127\.0\.0\.11, docker DNS\)\s+✓ matches/, 5000);
		assert.match(first, /\$ docker exec web ping db/);
		// Streaming: the count goes up while we watch.
		const before = sentCount(first);
		const later = await tmux.waitForText(new RegExp(`ping\\s+\\S+\\s+(?!${before} sent)\\d+ sent`), 5000);
		assert.ok(sentCount(later) > before, `${sentCount(later)} > ${before}`);
		assert.deepEqual(await probesIn('web'), ['ping -w 30 db']);

		// Esc stops the probe (results stay) and the process inside web is gone.
		await tmux.sendKeys('Escape');
		await tmux.waitForText(/web → db\s+REACHABLE\s+stopped/);
		await waitFor(async () => (await probesIn('web')).length === 0, {what: 'no ping left in web'});

		// A pair that cannot work: the reason and the exact fix.
		await tmux.sendKeys('p');
		await tmux.waitForText(/Probe from web/);
		await tmux.sendKeys(iso, 'Enter');
		const broken = await tmux.waitForText(
			new RegExp(`web → ${iso}\\s+NOT REACHABLE[\\s\\S]*fix: docker network connect ${isoNet} web`),
			8000,
		);
		assert.match(broken, new RegExp(`✗ web and ${iso} share no network: web is on app-net[^;]*;`));
		// The reasons show at once; the probe confirms them a moment later.
		await tmux.waitForText(new RegExp(`bad address: "${iso}" does not resolve from web`), 8000);

		// Choosing another pair cancels the previous probe.
		await tmux.sendKeys('p', 'db', 'Enter');
		await tmux.waitForText(/Probe web → db[\s\S]*REACHABLE ● live/, 8000);
		await waitFor(async () => (await probesIn('web')).join() === 'ping -w 30 db', {what: 'the db ping running'});
		await tmux.sendKeys('p');
		await tmux.waitForText(/Probe from web/);
		await tmux.sendKeys('mysql', 'Enter');
		await tmux.waitForText(/Probe web → mysql[\s\S]*REACHABLE ● live/, 8000);
		await waitFor(async () => (await probesIn('web')).join() === 'ping -w 30 mysql', {what: 'only the mysql ping left'});

		// Quitting stops everything inside the containers before the process exits.
		await tmux.sendKeys('q');
		const state = await tmux.waitForExit(10000);
		assert.equal(state.exitCode, 0);
		assert.deepEqual(await probesIn('web'), []);
	});

	it('a dropped SSH link (SIGHUP) still stops the running probe inside the container', {timeout: 60_000}, async () => {
		baseline = new Set((await engine.top('web')).map(p => p.pid));
		const tmux = await open();
		await filterTo(tmux, '2', 'containers', 'web');
		await tmux.sendKeys('p');
		await tmux.waitForText(/Probe from web/);
		await tmux.sendKeys('db', 'Enter');
		await tmux.waitForText(/Probe web → db[\s\S]*REACHABLE ● live/, 8000);
		await waitFor(async () => (await probesIn('web')).join() === 'ping -w 30 db', {what: 'the db ping running'});
		process.kill(await tmux.pid(), 'SIGHUP');
		assert.equal((await tmux.waitForExit(10000)).exitCode, 129);
		assert.deepEqual(await probesIn('web'), [], 'no ping left running in web');
	});

	it('the matrix of app-net fills in', {timeout: 60_000}, async () => {
		const tmux = await open();
		await filterTo(tmux, '1', 'networks', 'app-net');
		await tmux.waitForText(/Endpoints on app-net/);
		await tmux.sendKeys('M');
		const screen = await tmux.waitForText(/Matrix app-net[\s\S]*2\/2 · 2 ok/, 10000);
		assert.match(screen, /db\s+·\s+✓[\d.]+/);
		assert.match(screen, /web\s+✓[\d.]+\s+·/);
		await tmux.sendKeys('q');
		assert.equal((await tmux.waitForExit(10000)).exitCode, 0);
	});
});
