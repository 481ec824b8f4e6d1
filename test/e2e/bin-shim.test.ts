// bin/docknet.js is a plain `#!/usr/bin/env node` ES module, started three ways: through
// an npm-style bin link (a symlink run by its #! line), as `node bin/docknet.js` (what
// pnpm's and Yarn's shims and `npx` run), and — for the single executable — not at all
// (test/binary/). Each way must run the CLI and cap the young generation the same way.
// (The Node-too-old message is checked in test/engine/cli-errors.test.ts.)
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {repoRoot} from '../helpers/sandbox.js';

const bin = join(repoRoot, 'bin', 'docknet.js');
let dir = '';
let probe = '';

function run(file: string, args: string[], env: Record<string, string>): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(file, args, {env: {HOME: dir, ...env}}, (error, stdout, stderr) =>
			resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr}),
		);
	});
}

/** PATH with this Node first, as a user's shell would have it. */
const pathWithNode = () => `${dirname(process.execPath)}:/usr/bin:/bin`;

/**
 * NODE_OPTIONS preloading a probe that, when docknet exits, makes young garbage with many
 * survivors (what lets V8 grow the young generation) and prints the new space's size.
 */
const probeEnv = () => ({NODE_OPTIONS: `--import=${probe}`});
const newSpaceMiB = (stderr: string): number => {
	const match = /new-space-mib=(\d+(?:\.\d+)?)/.exec(stderr);
	assert.ok(match, `the probe printed nothing: ${stderr}`);
	return Number(match[1]);
};

before(() => {
	dir = mkdtempSync(join(tmpdir(), 'docknet-bin-'));
	// An npm-style bin link.
	mkdirSync(join(dir, 'links'));
	symlinkSync(bin, join(dir, 'links', 'docknet'));
	probe = join(dir, 'probe.mjs');
	writeFileSync(
		probe,
		[
			"import v8 from 'node:v8';",
			"process.on('exit', () => {",
			'\tlet keep = [];',
			"\tfor (let i = 0; i < 6e5; i++) { keep.push({i, s: 'x' + i}); if (keep.length > 5e4) keep = []; }",
			"\tconst space = v8.getHeapSpaceStatistics().find(s => s.space_name === 'new_space');",
			'\tprocess.stderr.write(`new-space-mib=${space.space_size / 1048576}\\n`);',
			'});',
		].join('\n') + '\n',
	);
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

test('each way caps the young generation (it grows far past 8 MiB without the launcher)', async () => {
	const viaLink = await run(join(dir, 'links', 'docknet'), ['--version'], {PATH: pathWithNode(), ...probeEnv()});
	const viaNode = await run(process.execPath, [bin, '--version'], {PATH: pathWithNode(), ...probeEnv()});
	// The same probe in a plain Node, to show it would grow (V8 sizes it from the host's memory).
	const plain = await run(process.execPath, ['-e', '0'], {PATH: pathWithNode(), ...probeEnv()});
	assert.ok(newSpaceMiB(plain.stderr) > 8, `plain Node grows its young generation: ${plain.stderr}`);
	assert.ok(newSpaceMiB(viaLink.stderr) <= 8, `bin link: ${viaLink.stderr}`);
	assert.ok(newSpaceMiB(viaNode.stderr) <= 8, `node bin/docknet.js: ${viaNode.stderr}`);
});
