// Issue 14 item 9: the config file (round trip, bad values in one clear line, key
// overrides checked for clashes) and the operation log kept across runs.
// Every test uses its own temp XDG_CONFIG_HOME / XDG_STATE_HOME, never the real home.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, describe, it} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import {App} from '../../source/app.js';
import {renderApp} from '../helpers/render-app.js';
import {frameMatching, press} from '../helpers/ink.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';
import {configPath, loadPrefs, parsePrefs, type Prefs} from '../../source/prefs/config.js';
import {attachAuditLog, auditLogPath, readAuditLog} from '../../source/prefs/audit-log.js';
import {OperationLog, sessionLog} from '../../source/state/operations.js';
import {makeTheme} from '../../source/components/theme.js';

const ENV = {LANG: 'C.UTF-8'};
const dirs: string[] = [];
function tempHome(): NodeJS.ProcessEnv {
	const dir = mkdtempSync(join(tmpdir(), 'docknet-prefs-'));
	dirs.push(dir);
	return {XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state'), HOME: join(dir, 'home')};
}
function writeConfig(env: NodeJS.ProcessEnv, text: string): void {
	mkdirSync(join(env.XDG_CONFIG_HOME!, 'docknet'), {recursive: true});
	writeFileSync(configPath(env), text);
}

afterEach(() => cleanup());
after(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

describe('config file', () => {
	it('round trip: what is written is what is loaded; no file means the defaults', () => {
		const env = tempHome();
		assert.equal(configPath(env), join(env.XDG_CONFIG_HOME!, 'docknet', 'config.json'));
		const none = loadPrefs(env);
		assert.ok(none.ok && !none.found);
		const prefs = {
			sort: {networks: 'subnet', endpoints: 'ip'},
			groupByProject: true,
			theme: 'light',
			keys: {'search.open': ['ctrl+g', ':']},
			readOnly: true,
		};
		writeConfig(env, JSON.stringify(prefs, null, 2));
		const loaded = loadPrefs(env);
		assert.ok(loaded.ok && loaded.found);
		assert.deepEqual(loaded.ok && loaded.prefs, prefs);
	});

	it('a bad file: one clear line naming the setting and what is allowed', () => {
		const env = tempHome();
		for (const [text, message] of [
			['{"theme": "pink"}', /^theme must be one of "dark", "light", "no-color", not "pink"$/],
			['{"sort": {"networks": "size"}}', /^sort\.networks must be one of "name", "subnet", "count", not "size"$/],
			['{"readOnly": "yes"}', /^readOnly must be true or false/],
			['{"colour": "dark"}', /^unknown setting "colour"/],
			['{"keys": {"search.open": ["j"]}}', /^keys: "j" in (networks|containers|endpoints|details): move\.down vs search\.open/],
			['{"keys": {"no.such": ["x"]}}', /^keys\.no\.such: no such command/],
			['{"theme": "dark",}', /^not valid JSON/],
		] as const) {
			writeConfig(env, text);
			const loaded = loadPrefs(env);
			assert.ok(!loaded.ok, text);
			assert.match(loaded.ok ? '' : loaded.message, message, text);
			assert.doesNotMatch(loaded.ok ? '' : loaded.message, /\n/);
		}
	});

	it('themes: light has no yellow, no-color has no colour', () => {
		assert.equal(makeTheme({color: true, unicode: true, light: true}).c('warn'), 'magenta');
		assert.equal(makeTheme({color: true, unicode: true}).c('warn'), 'yellow');
		const parsed = parsePrefs({theme: 'no-color'});
		assert.ok(parsed.ok && parsed.prefs.theme === 'no-color');
	});

	it('the explorer starts with the configured sort, grouping and keys', async () => {
		const parsed = parsePrefs({sort: {networks: 'subnet'}, groupByProject: true, keys: {'search.open': ['ctrl+g']}});
		assert.ok(parsed.ok);
		const prefs = parsed.prefs as Prefs;
		const r = render(
			<App
				engine={seedMemoryEngine()}
				endpoint="memory://test"
				readOnly={false}
				env={ENV}
				size={{columns: 110, rows: 32}}
				writeRaw={() => {}}
				onQuit={() => {}}
				feedOptions={{batchMs: 5}}
				prefs={prefs}
			/>,
		);
		const frame = await frameMatching(r, /Networks ─+ by subnet/);
		assert.match(frame, /Containers by project/);
		await press(r, ':');
		await frameMatching(r, /: \(find\) works in|:: no such key/);
		await press(r, '\u0007');
		await frameMatching(r, /Find anything/);
	});
});

describe('operation log across runs', () => {
	it('appends time, engine, docker line, outcome, restore; a later run reads them back', () => {
		const env = tempHome();
		const path = auditLogPath(env);
		assert.equal(path, join(env.XDG_STATE_HOME!, 'docknet', 'log.jsonl'));
		const first = new OperationLog();
		const detach = attachAuditLog(first, path, 'unix:///run/test.sock');
		first.add({
			kind: 'disconnect',
			summary: 'disconnect db from app-net',
			ok: true,
			lines: ['docker network disconnect app-net db'],
			error: null,
			detail: 'restore: docker network connect --alias mysql app-net db',
		});
		first.add({kind: 'create', summary: 'create x', ok: false, lines: [], error: 'engine: conflict', detail: null});
		detach();
		const records = readFileSync(path, 'utf8')
			.trim()
			.split('\n')
			.map(l => JSON.parse(l));
		assert.equal(records.length, 2);
		assert.deepEqual(Object.keys(records[0]).sort(), ['docker', 'engine', 'error', 'kind', 'outcome', 'restore', 'summary', 'time']);
		assert.equal(records[0].engine, 'unix:///run/test.sock');
		assert.equal(records[0].docker, 'docker network disconnect app-net db');
		assert.equal(records[0].outcome, 'ok');
		assert.equal(records[0].restore, 'docker network connect --alias mysql app-net db');
		assert.equal(records[1].outcome, 'failed');
		// A torn last line (crash mid-write) is skipped, the rest read.
		writeFileSync(path, readFileSync(path, 'utf8') + '{"time": "2026-');
		assert.equal(readAuditLog(path).length, 2);
		const second = new OperationLog();
		attachAuditLog(second, path, 'unix:///run/test.sock')();
		assert.equal(second.snapshot().length, 2);
		assert.match(second.snapshot()[1]!.summary, /earlier run · unix:\/\/\/run\/test\.sock\] disconnect db from app-net/);
		// Loading does not append the old entries again.
		assert.equal(readAuditLog(path).length, 2);
	});

	it('L shows the operations of an earlier run', async () => {
		const env = tempHome();
		const path = auditLogPath(env);
		mkdirSync(join(env.XDG_STATE_HOME!, 'docknet'), {recursive: true});
		writeFileSync(
			path,
			JSON.stringify({
				time: '2026-11-20T10:00:00.000Z',
				engine: 'memory://old',
				kind: 'create',
				summary: 'create network olden',
				docker: 'docker network create olden',
				outcome: 'ok',
				error: null,
				restore: null,
			}) + '\n',
		);
		sessionLog.clear();
		const detach = attachAuditLog(sessionLog, path, 'memory://test');
		const r = renderApp(seedMemoryEngine(), {env: ENV, size: {columns: 110, rows: 32}});
		await frameMatching(r, /db\s+10\.10\.\d+\.\d+\/24/);
		await press(r, 'L');
		const frame = await frameMatching(r, /Operations \(this run and earlier ones\)/);
		assert.match(frame, /2026-11-20 earlier run · memory:\/\/old\] create network olden/);
		assert.match(frame, /docker network create olden/);
		detach();
		sessionLog.clear();
	});
});
