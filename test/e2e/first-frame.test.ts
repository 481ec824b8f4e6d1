// What the explorer does before its first frame, end to end: the built bin in tmux
// against the benchmark's fake engine (a unix socket; no real engine needed).
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, it} from 'node:test';
import {startFakeEngine, type FakeEngine} from '../../bench/fake-engine.js';
import {waitFor} from '../helpers/sandbox.js';
import {TmuxSession, UTF8_ENV} from '../helpers/tmux.js';

let dir: string;
let fake: FakeEngine;
const sessions: TmuxSession[] = [];

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'docknet-first-frame-'));
	// Big enough that one container list takes a while to answer.
	fake = await startFakeEngine({socketPath: join(dir, 'fake.sock'), containers: 3000, networks: 600});
});

after(async () => {
	for (const session of sessions) await session.kill();
	await fake?.close();
	rmSync(dir, {recursive: true, force: true});
});

it('lists the containers once before the first frame: leftover helpers are looked for after it', async () => {
	const session = await TmuxSession.start({
		columns: 120,
		rows: 40,
		args: ['--host', `unix://${fake.socketPath}`],
		env: {...UTF8_ENV, HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config')},
	});
	sessions.push(session);
	await session.waitForText('fnet-0000', 20_000);
	// The search for leftover helpers (a second full container list) does run.
	await waitFor(() => (fake.stats().calls['GET /containers/json'] ?? 0) >= 2, {timeout: 20_000, what: 'the second container list'});
	assert.equal(fake.stats().overlappingContainerLists, 0, 'a second container list was requested while the snapshot was loading');
});
