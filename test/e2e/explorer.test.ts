// The explorer end to end: the built binary in a real terminal (tmux), against the
// private engine, driven by keys as a user would. CI=true is set on purpose: Ink must
// stay interactive on a TTY anyway.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {RUN_ID, TEST_LABEL, cleanupTestResources, docker, requireSandbox, uniqueName, waitFor} from '../helpers/sandbox.js';
import {TmuxSession, UTF8_ENV, openExplorer} from '../helpers/tmux.js';

const sessions: TmuxSession[] = [];

const open = (options: Parameters<typeof TmuxSession.start>[0] = {}) => openExplorer(sessions, options);

/** SGR parameters that set a colour (not the 39/49 resets, not bold/dim/inverse). */
function colourParams(screen: string): string[] {
	const found: string[] = [];
	for (const match of screen.matchAll(/\u001b\[([0-9;]*)m/g)) {
		for (const param of match[1]!.split(';')) {
			const n = Number(param);
			if ((n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107)) found.push(param);
		}
	}
	return found;
}

async function ipOf(container: string, network: string): Promise<string> {
	const {stdout} = await docker(['inspect', '-f', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, container]);
	return stdout.trim();
}

before(async () => {
	await requireSandbox();
});

after(async () => {
	for (const session of sessions) await session.kill();
	await cleanupTestResources();
});

describe('explorer in a terminal', () => {
	it("navigates the seed: db's alias mysql and its IP on app-net", async () => {
		const tmux = await open();
		const ip = await ipOf('db', 'app-net');
		assert.match(ip, /^10\.10\.0\.\d+$/);
		// app-net sorts first and is selected; its endpoints fill in the aliases shortly after.
		await tmux.sendKeys('1', '/', 'app-net', 'Enter');
		const screen = await tmux.waitForText(new RegExp(`db\\s+${ip.replace(/\./g, '\\.')}/24\\s+mysql`));
		assert.match(screen, /Endpoints on app-net/);
		assert.match(screen, /batch\s+stopped/, 'the stopped container configured on app-net is listed');
		// Drill into the endpoints and select db: the details show its aliases and DNS names.
		await tmux.sendKeys('Enter');
		await tmux.waitForText(/db @ app-net\s+endpoint/);
		const details = await tmux.waitForText(/DNS names\s+db, mysql/);
		assert.match(details, new RegExp(`IPv4\\s+${ip.replace(/\./g, '\\.')}/24`));
		await tmux.sendKeys('q');
		await tmux.assertRestored(0);
	});

	it('shows api-server on frontend and backend, from both sides', async () => {
		const tmux = await open();
		await tmux.sendKeys('2', '/', 'api-server', 'Enter');
		const screen = await tmux.waitForText(/Endpoints of api-server/);
		assert.match(screen, /frontend\s+10\.20\.0\.\d+\/24/);
		assert.match(screen, /backend\s+10\.30\.0\.\d+\/24/);
		assert.match(screen, /vault-net\s+10\.40\.0\.\d+\/24/);
		// Pivot: Enter on the backend endpoint jumps to the backend network.
		await tmux.sendKeys('Enter');
		await tmux.waitForText(/Endpoints of api-server[\s\S]*⏎ jump/);
		await tmux.sendKeys('Enter');
		const backend = await tmux.waitForText(/Endpoints on backend/);
		assert.match(backend, /api-server\s+10\.30\.0\.\d+/);
		assert.match(backend, /cache\s+10\.30\.0\.\d+/);
		assert.match(backend, /tier=data/, 'the details show the network label');
		await tmux.sendKeys('C-c');
		await tmux.assertRestored(0);
	});

	it('a docker network connect from outside appears live, without a key press', async () => {
		const net = uniqueName('e2e-live');
		const ctr = uniqueName('e2e-ctr');
		await docker(['network', 'create', '--label', TEST_LABEL, '--subnet', '10.61.0.0/24', net]);
		await docker(['run', '-d', '--name', ctr, '--label', TEST_LABEL, '--network', 'none', 'docknet-bare:latest', '/bin/sleep', '3600']);
		const tmux = await open({columns: 120, rows: 40});
		await tmux.sendKeys('2', '/', ctr, 'Enter');
		await tmux.waitForText(new RegExp(`Endpoints of ${ctr}`));
		await docker(['network', 'disconnect', 'none', ctr]);
		const started = Date.now();
		await docker(['network', 'connect', '--alias', `live-${RUN_ID}`, net, ctr]);
		const screen = await tmux.waitForText(new RegExp(`${net}\\s+10\\.61\\.0\\.\\d+/24`), 5000);
		const latency = Date.now() - started;
		assert.match(screen, new RegExp(`Endpoints of ${ctr}`), 'the selection stayed on the same container');
		// The alias arrives with the container inspect.
		await tmux.waitForText(new RegExp(`live-${RUN_ID}`));
		// The network pane shows the new network with one container.
		await tmux.sendKeys('1', '/', net, 'Enter');
		await tmux.waitForText(new RegExp(`${net}[^\\n]*10\\.61\\.0\\.0/24\\s+1`));
		process.stdout.write(`# live connect -> on screen in ${latency} ms\n`);
		await tmux.sendKeys('q');
		await tmux.assertRestored(0);
	});

	it('reflows on resize, says so below the minimum size, and comes back', async () => {
		const tmux = await open({columns: 80, rows: 24});
		let screen = await tmux.capture();
		assert.equal(screen.split('\n')[1]!.trimEnd().length, 80);
		await tmux.resize(120, 40);
		screen = await tmux.waitForText(/^┌─ Networks[^\n]{100,}┐$/m);
		assert.equal((await tmux.size()).columns, 120);
		assert.match(screen, /Containers/);
		await tmux.resize(50, 12);
		screen = await tmux.waitForText(/needs a bigger terminal/);
		assert.match(screen, /this is 50x12/);
		await tmux.resize(80, 24);
		screen = await tmux.waitForText(/Networks/);
		assert.doesNotMatch(screen, /bigger terminal/);
		await tmux.sendKeys('q');
		await tmux.assertRestored(0);
	});

	it('restores the terminal on SIGTERM and on SIGHUP (dropped SSH link)', async () => {
		for (const [signal, code] of [
			['SIGTERM', 143],
			['SIGHUP', 129],
		] as const) {
			const tmux = await open();
			const state = await tmux.terminalState();
			assert.equal(state.alternateScreen, true, 'runs in the alternate screen');
			assert.equal(state.cursorVisible, false);
			process.kill(await tmux.pid(), signal);
			await tmux.assertRestored(code);
		}
	});

	it('a hostile network name and label show as harmless text', async () => {
		const name = `evil-${RUN_ID}-\u001b[31mred\u001b]0;pwned\u0007`;
		await docker(['network', 'create', '--label', TEST_LABEL, '--label', `note=\u001b]8;;http://x\u0007click\u001b[2J`, name]);
		const tmux = await open({columns: 120, rows: 40});
		await tmux.sendKeys('1', '/');
		await tmux.waitForText(/filter networks/);
		await tmux.sendKeys(`evil-${RUN_ID}`, 'Enter');
		// The name is in the list from the start: wait for the filter to have selected it
		// (its details with the label), not for the name alone — on a loaded machine the
		// typed keys are still being handled when the unfiltered list already matches.
		// Enter closed the filter line (the negative lookahead) and the label is shown.
		const screen = await tmux.waitForText(/^(?![\s\S]*filter networks:)[\s\S]*note=\\x1b]8;;http:\/\/x\\x07click\\x1b\[2J/, 15000);
		assert.match(screen, new RegExp(`/evil-${RUN_ID} · 1/1 of \\d+`), 'the whole filter was typed and kept');
		assert.match(screen, /evil-[0-9a-f]+-\\x1b\[31mred/);
		// Nothing acted on the terminal: the title is unchanged and no colour came from the name.
		const {stdout: title} = await (await import('node:util')).promisify((await import('node:child_process')).execFile)('tmux', [
			'-L',
			tmux.socket,
			'display-message',
			'-p',
			'-t',
			tmux.target,
			'#{pane_title}',
		]);
		assert.doesNotMatch(title, /pwned/);
		await tmux.sendKeys('q');
		await tmux.assertRestored(0);
	});

	it('honours NO_COLOR and falls back to ASCII borders without a UTF-8 locale', async () => {
		const colour = await open();
		const styled = await colour.capture({escapes: true});
		assert.ok(colourParams(styled).length > 0, 'colours by default');
		await colour.sendKeys('q');
		await colour.assertRestored(0);

		const plain = await open({env: {NO_COLOR: '1'}});
		const unstyled = await plain.capture({escapes: true});
		assert.deepEqual(colourParams(unstyled), [], 'no colour at all with NO_COLOR');
		assert.match(unstyled, /\u001b\[[0-9;]*7m/, 'the selection still shows (inverse)');
		await plain.sendKeys('q');
		await plain.assertRestored(0);

		const ascii = await TmuxSession.start({env: {...UTF8_ENV, LANG: 'C'}});
		sessions.push(ascii);
		const screen = await ascii.waitForText(/\* connected/, 10000);
		assert.match(screen, /^\+- Networks/m);
		assert.doesNotMatch(screen, /[┌─│└┘┐▸●]/);
		await ascii.sendKeys('q');
		await ascii.assertRestored(0);
	});

	it('y copies the selected value with OSC 52', async () => {
		const tmux = await open();
		await tmux.sendKeys('1', '/', 'vault-net', 'Enter', 'y');
		await tmux.waitForText(/Copy to clipboard/);
		await tmux.sendKeys('Enter');
		await tmux.waitForText(/copied name "vault-net"/);
		await waitFor(async () => (await tmux.pasteBuffer()) === 'vault-net', {what: 'the OSC 52 copy in the tmux buffer'});
		await tmux.sendKeys('q');
		await tmux.assertRestored(0);
	});
});
