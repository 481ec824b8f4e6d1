// The topology map end to end: the built binary in tmux against the sandbox engine.
// A `docker network connect` done from outside shows on the open map (the container's
// row becomes a bridge, "talks to" names the new peers) without losing the cursor.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {TEST_LABEL, cleanupTestResources, docker, requireSandbox, uniqueName} from '../helpers/sandbox.js';
import {TmuxSession, openExplorer} from '../helpers/tmux.js';

const sessions: TmuxSession[] = [];

/** A pattern for words that may wrap onto the next line inside the map's frame. */
const loose = (text: string): RegExp =>
	new RegExp(
		text
			.split(' ')
			.map(w => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
			.join('(?:\\s|│\\n│)+'),
	);
const network = uniqueName('mapnet');
const member = uniqueName('mapc');

before(async () => {
	await requireSandbox();
	await docker(['network', 'create', '--label', TEST_LABEL, network]);
	await docker(['run', '-d', '--name', member, '--label', TEST_LABEL, '--network', network, 'docknet-busybox:latest', 'sleep', '600']);
});

after(async () => {
	for (const session of sessions) await session.kill();
	await cleanupTestResources();
});

describe('map in a terminal', () => {
	for (const [columns, rows] of [
		[80, 24],
		[120, 40],
	] as const) {
		it(`shows a live docker network connect at ${columns}x${rows}`, async () => {
			const tmux = await openExplorer(sessions, {columns, rows});
			await tmux.sendKeys('2', '/', member, 'Enter');
			await tmux.waitForText(new RegExp(`Endpoints of ${member}`));
			await tmux.sendKeys('m');
			let screen = await tmux.waitForText(loose(`${member} shares no network with a running container`));
			assert.match(screen, /┌─ Map /);
			await docker(['network', 'connect', 'app-net', member]);
			try {
				screen = await tmux.waitForText(loose(`${member} talks to: db via app-net`), 10000);
				// Its row now joins two networks: a bridge drawn with ─ between two ●.
				const row = screen.split('\n').find(line => line.startsWith(`│${member}`)) ?? '';
				assert.match(row, /●─+.*●/, `row of ${member}: ${row}`);
				for (const line of screen.split('\n')) assert.ok([...line].length <= columns, `wider than the terminal: ${line}`);
			} finally {
				await docker(['network', 'disconnect', 'app-net', member], {allowFail: true});
			}
			await tmux.waitForText(loose(`${member} shares no network with a running container`), 10000);
			await tmux.sendKeys('q');
			await tmux.assertRestored(0);
		});
	}
});
