// bin/docknet.js is both a shell script and an ES module: run as a program (an npm bin
// link, a shell's PATH) its shell line starts `node` with a capped young generation on
// the same file; run by Node (`node bin/docknet.js`) that line is a string and a comment.
import {execFile} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
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

before(() => {
	dir = mkdtempSync(join(tmpdir(), 'docknet-bin-'));
	// A stand-in `node` that reports how it was called.
	mkdirSync(join(dir, 'fake'));
	writeFileSync(join(dir, 'fake', 'node'), '#!/bin/sh\nprintf "%s\\n" "$@"\n');
	chmodSync(join(dir, 'fake', 'node'), 0o755);
	// An npm-style bin link.
	mkdirSync(join(dir, 'links'));
	symlinkSync(bin, join(dir, 'links', 'docknet'));
});

after(() => rmSync(dir, {recursive: true, force: true}));

test('as a program, it starts node on itself with the semi-space cap and passes every argument through', async () => {
	const result = await run(join(dir, 'links', 'docknet'), ['ls', '--json', 'a b'], {PATH: `${join(dir, 'fake')}:/usr/bin:/bin`});
	assert.equal(result.code, 0, result.stderr);
	assert.deepEqual(result.stdout.trimEnd().split('\n'), ['--max-semi-space-size=4', join(dir, 'links', 'docknet'), 'ls', '--json', 'a b']);
});

test('through a bin link with this Node on PATH, it runs the CLI', async () => {
	const result = await run(join(dir, 'links', 'docknet'), ['--version'], {PATH: `${dirname(process.execPath)}:/usr/bin:/bin`});
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /^docknet \d+\.\d+\.\d+/);
});

test('run by Node directly, the shell line is inert', async () => {
	const result = await run(process.execPath, [bin, '--version'], {PATH: '/usr/bin:/bin'});
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /^docknet \d+\.\d+\.\d+/);
	assert.match(readFileSync(bin, 'utf8').split('\n')[0]!, /^#!\/bin\/sh$/);
});
