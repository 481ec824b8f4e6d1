// Pasting in a real terminal (tmux load-buffer + paste-buffer, against the real engine):
// with -p tmux brackets the paste because docknet asked for bracketed paste mode; without
// -p the bytes come as a fast unbracketed burst. Either way a pasted newline never
// submits, a tab never moves focus, 3000 random bytes pasted into `/` neither quit nor
// act, and bracketed paste mode is switched off again when docknet exits (q or SIGTERM).
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {after, before, describe, it} from 'node:test';
import {networkExists} from '../helpers/ops-fixtures.js';
import {RUN_ID, cleanupTestResources, docker, requireSandbox, waitFor} from '../helpers/sandbox.js';
import {TmuxSession, openExplorer} from '../helpers/tmux.js';

const run = promisify(execFile);
const sessions: TmuxSession[] = [];
const dir = mkdtempSync(join(tmpdir(), 'docknet-paste-'));

/** Pastes `data` into the pane as a terminal would: bracketed (if the app asked for it) with -p. */
async function paste(tmux: TmuxSession, data: Buffer | string, bracketed: boolean): Promise<void> {
	const file = join(dir, `buffer-${randomBytes(3).toString('hex')}`);
	writeFileSync(file, data);
	await run('tmux', ['-L', tmux.socket, 'load-buffer', '-b', 'docknet-paste', file]);
	// -r: line feeds stay line feeds (tmux would turn them into carriage returns otherwise; both are Enter).
	await run('tmux', ['-L', tmux.socket, 'paste-buffer', '-b', 'docknet-paste', '-d', ...(bracketed ? ['-p'] : []), '-t', tmux.target]);
}

/** 3000 random bytes, without the two bracketed paste markers (they would end the paste early). */
function randomPaste(): Buffer {
	for (;;) {
		const bytes = randomBytes(3000);
		if (!bytes.includes('\u001b[200~') && !bytes.includes('\u001b[201~')) return bytes;
	}
}

const networkNames = async () => (await docker(['network', 'ls', '--format', '{{.Name}}'])).stdout.split('\n').filter(Boolean).sort();

/** After docknet exited: a bracketed paste shows as plain text (mode switched off), no ^[[200~ echoed. */
async function assertBracketedPasteOff(tmux: TmuxSession): Promise<void> {
	const marker = `after-exit-${RUN_ID}`;
	await paste(tmux, marker, true);
	const screen = await tmux.waitForText(marker);
	assert.doesNotMatch(screen, /\[200~/, `bracketed paste mode left on:\n${screen}`);
}

before(requireSandbox);
after(async () => {
	for (const session of sessions) await session.kill();
	await cleanupTestResources();
	// A paste run as keys (the bug) creates its network through the dialog, without the test label.
	const made = (await networkNames()).filter(n => n.startsWith(`pasted-${RUN_ID}-`));
	if (made.length) await docker(['network', 'rm', ...made], {allowFail: true});
});

describe('paste is text', () => {
	for (const bracketed of [true, false]) {
		it(`a pasted newline and tab never submit or move focus (${bracketed ? 'bracketed' : 'unbracketed burst'})`, async () => {
			const tmux = await openExplorer(sessions, {columns: 100, rows: 30});
			const name = `pasted-${RUN_ID}-${bracketed ? 'b' : 'u'}`;
			await tmux.sendKeys('n');
			await tmux.waitForText(/Name\s+required/);
			// Unbracketed, only a burst is recognised as a paste: pad the name to a burst's size.
			const text = bracketed ? `${name}\n` : `${name}-${'x'.repeat(16)}\n`;
			await paste(tmux, text, bracketed);
			const typed = text.trim();
			await tmux.waitForText(new RegExp(`Name\\s+${typed}`));
			const more = bracketed ? 'z' : 'z'.repeat(31);
			await paste(tmux, `\t${more}\t`, bracketed);
			const screen = await tmux.waitForText(new RegExp(`Name\\s+${typed}${more}`));
			assert.match(screen, /Subnet\s+optional CIDR/, 'the tab did not move to the next field');
			assert.equal(await networkExists(typed), false, 'the newline did not create the network');
			assert.equal(await networkExists(`${typed}${more}`), false);
			await tmux.sendKeys('Escape');
			await tmux.waitForGone(/Name\s+pasted-/);
			assert.equal((await tmux.terminalState()).exited, false);
		});
	}

	it('3000 random bytes pasted into / neither quit nor act; bracketed paste is off after q', async () => {
		const tmux = await openExplorer(sessions, {columns: 100, rows: 30});
		const before = await networkNames();
		await tmux.sendKeys('/');
		await tmux.waitForText(/\/ filter networks:/);
		for (const bracketed of [false, true, false, true, false]) {
			await paste(tmux, randomPaste(), bracketed);
			await tmux.waitForText(/\/ filter networks: \S/);
			assert.equal((await tmux.terminalState()).exited, false, `docknet quit on a ${bracketed ? 'bracketed' : 'unbracketed'} paste`);
			await tmux.sendKeys('C-u');
			await tmux.waitForText(/\/ filter networks:\s+ {2}/);
		}
		await tmux.sendKeys('Escape');
		await tmux.waitForGone(/\/ filter networks:/);
		assert.deepEqual(await networkNames(), before, 'no network was created or removed');
		assert.equal((await tmux.terminalState()).exited, false);
		await tmux.sendKeys('q');
		await waitFor(async () => (await tmux.terminalState()).exited, {timeout: 5000, what: 'docknet to exit'});
		assert.equal((await tmux.terminalState()).exitCode, 0);
		await assertBracketedPasteOff(tmux);
	});

	it('bracketed paste is off after SIGTERM too', async () => {
		const tmux = await openExplorer(sessions, {columns: 100, rows: 30});
		process.kill(await tmux.pid(), 'SIGTERM');
		await waitFor(async () => (await tmux.terminalState()).exited, {timeout: 5000, what: 'docknet to exit'});
		await assertBracketedPasteOff(tmux);
	});
});
