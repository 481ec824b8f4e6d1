// The probe panel end to end: the built binary in tmux against the private engine.
// A probe streams live, Esc stops it inside the container (docker top), picking another
// pair replaces it, quitting stops everything; the matrix fills in.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {cleanupTestResources, requireSandbox, sandboxEngine, waitFor, docker} from '../helpers/sandbox.js';
import {TmuxSession} from '../helpers/tmux.js';

const UTF8 = {LANG: 'C.UTF-8', CI: 'true', NO_COLOR: undefined, LC_ALL: undefined, LC_CTYPE: undefined};
const sessions: TmuxSession[] = [];
const engine = sandboxEngine();

async function open(): Promise<TmuxSession> {
	const session = await TmuxSession.start({columns: 120, rows: 36, env: UTF8});
	sessions.push(session);
	await session.waitForText(/● connected/, 10000);
	return session;
}

let baseline: string[] = [];

/**
 * Probe processes (ping/nslookup/nc started by docknet) running in a container, from
 * docker top, minus those already there when the test began (another run's, if any:
 * they end by themselves within a ping chunk).
 */
async function probesIn(container: string): Promise<string[]> {
	const now = (await engine.top(container)).map(p => p.command).filter(c => /^(ping -w |ping -c |nslookup |nc -w )/.test(c));
	const left = [...baseline];
	return now.filter(c => {
		const at = left.indexOf(c);
		if (at < 0) return true;
		left.splice(at, 1);
		return false;
	});
}

const sentCount = (screen: string): number => Number(/ping\s+\S*\s+(\d+) sent/.exec(screen)?.[1] ?? -1);

before(async () => {
	await requireSandbox();
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
		baseline = (await engine.top('web')).map(p => p.command);
		const tmux = await open();
		await tmux.sendKeys('2', '/', 'web', 'Enter');
		await tmux.waitForText(/Endpoints of web/);
		await tmux.sendKeys('p');
		await tmux.waitForText(/Probe from web/);
		await tmux.waitForText(/▸ db\s+app-net 10\.10\.0\.\d+/);
		await tmux.sendKeys('db', 'Enter');
		const first = await tmux.waitForText(/Probe web → db[\s\S]*REACHABLE ● live[\s\S]*ping\s+\S+\s+\d+ sent/, 8000);
		await tmux.waitForText(/dns\s+db → 10\.10\.0\.\d+ \(127\.0\.0\.11, docker DNS\)\s+✓ matches/, 5000);
		assert.match(first, /\$ docker exec web ping db/);
		// Streaming: the count goes up while we watch.
		const before = sentCount(first);
		const later = await tmux.waitForText(new RegExp(`ping\\s+\\S+\\s+(?!${before} sent)\\d+ sent`), 5000);
		assert.ok(sentCount(later) > before, `${sentCount(later)} > ${before}`);
		assert.deepEqual(await probesIn('web'), ['ping -w 60 db']);

		// Esc stops the probe (results stay) and the process inside web is gone.
		await tmux.sendKeys('Escape');
		await tmux.waitForText(/web → db\s+REACHABLE\s+stopped/);
		await waitFor(async () => (await probesIn('web')).length === 0, {what: 'no ping left in web'});

		// A pair that cannot work: the reason and the exact fix.
		await tmux.sendKeys('p');
		await tmux.waitForText(/Probe from web/);
		await tmux.sendKeys('cache', 'Enter');
		const broken = await tmux.waitForText(/web → cache\s+NOT REACHABLE[\s\S]*fix: docker network connect backend web/, 8000);
		assert.match(broken, /✗ web and cache share no network: web is on app-net; cache is on backend\./);
		assert.match(broken, /bad address: "cache" does not resolve from web/);

		// Choosing another pair cancels the previous probe.
		await tmux.sendKeys('p', 'db', 'Enter');
		await tmux.waitForText(/Probe web → db[\s\S]*REACHABLE ● live/, 8000);
		await waitFor(async () => (await probesIn('web')).join() === 'ping -w 60 db', {what: 'the db ping running'});
		await tmux.sendKeys('p');
		await tmux.waitForText(/Probe from web/);
		await tmux.sendKeys('mysql', 'Enter');
		await tmux.waitForText(/Probe web → mysql[\s\S]*REACHABLE ● live/, 8000);
		await waitFor(async () => (await probesIn('web')).join() === 'ping -w 60 mysql', {what: 'only the mysql ping left'});

		// Quitting stops everything inside the containers before the process exits.
		await tmux.sendKeys('q');
		const state = await tmux.waitForExit(10000);
		assert.equal(state.exitCode, 0);
		assert.deepEqual(await probesIn('web'), []);
	});

	it('the matrix of app-net fills in', {timeout: 60_000}, async () => {
		const tmux = await open();
		await tmux.sendKeys('1', '/', 'app-net', 'Enter');
		await tmux.sendKeys('M');
		const screen = await tmux.waitForText(/Matrix app-net[\s\S]*2\/2 · 2 ok/, 10000);
		assert.match(screen, /db\s+·\s+✓[\d.]+/);
		assert.match(screen, /web\s+✓[\d.]+\s+·/);
		await tmux.sendKeys('q');
		assert.equal((await tmux.waitForExit(10000)).exitCode, 0);
	});
});
