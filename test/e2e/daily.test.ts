// Issue 14 (explorer daily use) in a real terminal: keys typed before the first frame,
// and every key of the hint bar at 80x24 is visible and answers.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {requireSandbox} from '../helpers/sandbox.js';
import {TmuxSession, UTF8_ENV, openExplorer} from '../helpers/tmux.js';

const sessions: TmuxSession[] = [];

before(async () => {
	await requireSandbox();
});

after(async () => {
	for (const session of sessions) await session.kill();
});

/** The hint bar (last line) as [key, label] pairs: "c connect  n new net  …". */
function hintsOf(screen: string): Array<[string, string]> {
	const bar = screen.trimEnd().split('\n').at(-1)!;
	return [...bar.matchAll(/(\S+) ([a-z][a-z ]*?)(?= {2}|\s*$)/g)].map(m => [m[1]!, m[2]!]);
}

const TMUX_KEY: Record<string, string> = {'⏎': 'Enter', '↑↓': 'Down', Tab: 'Tab', Esc: 'Escape'};

/** Back to the panes with `pane` focused, whatever the last key opened. */
async function reset(session: TmuxSession, pane: '1' | '2'): Promise<void> {
	await session.sendKeys('Escape', 'Escape', 'Escape');
	await session.sendKeys(pane);
	await session.waitForText(/┌─ (Networks|Containers)/, 5000);
}

async function everyHintAnswers(session: TmuxSession, pane: '1' | '2'): Promise<string[]> {
	await reset(session, pane);
	// Wait for the notice of the Escapes to fade and the hints to be back.
	const screen = await session.waitForText(/\? help\s*$/, 8000);
	const hints = hintsOf(screen);
	assert.ok(hints.length >= 6, `hints parsed from: ${screen.trimEnd().split('\n').at(-1)}`);
	const seen: string[] = [];
	for (const [key, label] of hints) {
		if (key === 'q') continue; // quitting is checked last
		await reset(session, pane);
		const before = await session.capture();
		await session.sendKeys(TMUX_KEY[key] ?? key);
		if (key === 'E') {
			// A shell in the container: leave it again.
			await session.waitForGone(/┌─ Networks/, 8000);
			await session.type('exit\r');
			await session.waitForText(/┌─ Networks/, 8000);
			seen.push(`${key} ${label}`);
			continue;
		}
		const deadline = Date.now() + 8000;
		let after = await session.capture();
		while (after === before && Date.now() < deadline) after = await session.capture();
		assert.notEqual(after, before, `${key} (${label}) changed nothing on the screen`);
		seen.push(`${key} ${label}`);
	}
	return seen;
}

describe('explorer daily use in a terminal', () => {
	it('80x24: every key in the hint bar is visible and does something', async () => {
		const session = await openExplorer(sessions, {columns: 80, rows: 24});
		const networks = await everyHintAnswers(session, '1');
		for (const hint of ['c connect', 'n new net', 'D rm', 'P prune'])
			assert.ok(networks.includes(hint), `${hint} in ${networks.join(', ')}`);
		const containers = await everyHintAnswers(session, '2');
		for (const hint of ['p probe', 'E shell']) assert.ok(containers.includes(hint), `${hint} in ${containers.join(', ')}`);
		await reset(session, '1');
		await session.sendKeys('q');
		await session.assertRestored(0);
	});

	it('a key typed before the first frame is queued, not drawn on the status line', async () => {
		const session = await TmuxSession.start({columns: 100, rows: 30, env: {...UTF8_ENV}});
		sessions.push(session);
		// At once: node has not even loaded docknet yet.
		await session.type('jj');
		const screen = await session.waitForText(/● connected/, 10000);
		const top = screen.split('\n')[0]!;
		assert.match(top, /^ docknet {2}/, `status line intact: ${top}`);
		assert.doesNotMatch(top, /^ docknet {2}\S*j/, 'no echoed key on the status line');
		// The keys were not lost either: they moved the Networks cursor to the third row.
		await session.waitForText(/Networks ─+ 3\/\d+/, 5000);
	});
});
