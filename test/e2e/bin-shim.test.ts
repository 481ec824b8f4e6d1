// bin/docknet.js is a plain `#!/usr/bin/env node` ES module, started three ways: through
// an npm-style bin link (a symlink run by its #! line), as `node bin/docknet.js` (what
// pnpm's and Yarn's shims and `npx` run), and — for the single executable — not at all
// (test/binary/). Each way must run the CLI alike, with no V8 flag from the launcher
// (the explorer caps its young generation itself). The Node-too-old message is checked
// in test/engine/cli-errors.test.ts.
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {repoRoot} from '../helpers/sandbox.js';

const bin = join(repoRoot, 'bin', 'docknet.js');
let dir = '';

function run(file: string, args: string[], env: Record<string, string>): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(file, args, {env: {HOME: dir, ...env}}, (error, stdout, stderr) =>
			resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr}),
		);
	});
}

/** PATH with this Node first, as a user's shell would have it. */
const pathWithNode = () => `${dirname(process.execPath)}:/usr/bin:/bin`;

before(() => {
	dir = mkdtempSync(join(tmpdir(), 'docknet-bin-'));
	// An npm-style bin link.
	mkdirSync(join(dir, 'links'));
	symlinkSync(bin, join(dir, 'links', 'docknet'));
});

after(() => rmSync(dir, {recursive: true, force: true}));

test('the file is plain JavaScript started by `env node`, with no shell line', () => {
	const lines = readFileSync(bin, 'utf8').split('\n');
	assert.equal(lines[0], '#!/usr/bin/env node');
	assert.doesNotMatch(lines.slice(1).join('\n'), /exec node|\/bin\/sh/);
});

test('through an npm-style bin link, it runs the CLI and passes every argument through', async () => {
	const result = await run(join(dir, 'links', 'docknet'), ['--version'], {PATH: pathWithNode()});
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /^docknet \d+\.\d+\.\d+\n$/);
	const usage = await run(join(dir, 'links', 'docknet'), ['help', 'no such command'], {PATH: pathWithNode()});
	assert.equal(usage.code, 2);
	assert.match(usage.stderr, /no such command/, 'an argument with a space arrives whole');
});

test('as `node bin/docknet.js` (pnpm and Yarn shims, npx), it runs the CLI', async () => {
	const result = await run(process.execPath, [bin, '--version'], {PATH: '/usr/bin:/bin'});
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /^docknet \d+\.\d+\.\d+\n$/);
});
