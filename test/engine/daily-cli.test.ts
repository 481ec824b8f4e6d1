// Issue 14 items 9-10 (CLI): `docknet help [COMMAND]`, did-you-mean for unknown commands
// and flags, one clear line for a bad flag, no static-address note after it worked.
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {testContainer, testNetwork} from '../helpers/ops-fixtures.js';
import {cleanupTestResources, docknet, requireSandbox} from '../helpers/sandbox.js';
import {distance, suggestions} from '../../source/cli/suggest.js';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** A temp XDG_CONFIG_HOME holding `config` as docknet/config.json. */
function withConfig(config: string): {env: NodeJS.ProcessEnv; path: string; done: () => void} {
	const root = mkdtempSync(join(tmpdir(), 'docknet-cfg-'));
	mkdirSync(join(root, 'docknet'));
	const path = join(root, 'docknet', 'config.json');
	writeFileSync(path, config);
	return {env: {XDG_CONFIG_HOME: root}, path, done: () => rmSync(root, {recursive: true, force: true})};
}

after(async () => {
	await cleanupTestResources();
});

describe('CLI help and suggestions', () => {
	it('docknet help and docknet help COMMAND', async () => {
		const all = await docknet(['help']);
		assert.equal(all.code, 0);
		assert.match(all.stdout, /Usage:/);
		assert.match(all.stdout, /docknet rm NETWORK/);
		const one = await docknet(['help', 'create']);
		assert.equal(one.code, 0);
		assert.match(one.stdout, /^Usage: docknet create/);
		assert.match(one.stdout, /--subnet VALUE \(repeatable\)/);
		const bad = await docknet(['help', 'lss']);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /unknown command "lss"; did you mean "ls"\?/);
	});

	it('an unknown command or flag gets a suggestion, in one line without a stray quote', async () => {
		const lss = await docknet(['lss']);
		assert.equal(lss.code, 2);
		assert.equal(lss.stderr, 'docknet: unknown command "lss"; did you mean "ls"? (docknet help lists them)\n');
		const bogus = await docknet(['create', '--bogus', 'x']);
		assert.equal(bogus.code, 2);
		assert.equal(bogus.stderr, 'docknet: unknown option --bogus for "create" (docknet help create)\n');
		const typo = await docknet(['create', '--subnt', '10.0.0.0/24', 'x']);
		assert.equal(typo.stderr, 'docknet: unknown option --subnt for "create"; did you mean --subnet? (docknet help create)\n');
		const missing = await docknet(['create', 'x', '--subnet']);
		assert.equal(missing.stderr, 'docknet: --subnet needs a value (docknet help create)\n');
	});

	it('suggestions: close words only', () => {
		assert.equal(distance('lss', 'ls'), 1);
		assert.deepEqual(suggestions('conect', ['connect', 'disconnect', 'create']), ['connect']);
		assert.deepEqual(suggestions('xyz', ['connect', 'ls']), []);
	});

	it('connect --ip: no "static address works only…" note once it worked', async () => {
		await requireSandbox();
		const net = await testNetwork('opstatic');
		const c = await testContainer('opstatic');
		const result = await docknet(['connect', net.name, c.name, '--ip', `${net.base}.77`]);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, new RegExp(`connected ${c.name} to ${net.name}: ${net.base.replaceAll('.', '\\.')}\\.77`));
		assert.doesNotMatch(result.stderr, /static address works only/);
	});

	it('a bad config file: one clear line, exit 2, nothing done', async () => {
		const cfg = withConfig('{"theme": "pink"}');
		try {
			const result = await docknet(['ls'], {env: cfg.env});
			assert.equal(result.code, 2);
			assert.equal(result.stderr, `docknet: config ${cfg.path}: theme must be one of "dark", "light", "no-color", not "pink"\n`);
			assert.equal(result.stdout, '');
		} finally {
			cfg.done();
		}
	});

	it('readOnly: true in the config makes read-only the default', async () => {
		const cfg = withConfig('{"readOnly": true}');
		try {
			const result = await docknet(['create', 'never-made-x', '--subnet', '10.199.0.0/24'], {env: cfg.env});
			assert.equal(result.code, 1);
			assert.match(result.stderr, /read-only mode: "create" would change the engine, refused/);
		} finally {
			cfg.done();
		}
	});
});
