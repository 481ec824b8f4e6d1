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

describe('explorer daily use in a terminal', () => {
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
