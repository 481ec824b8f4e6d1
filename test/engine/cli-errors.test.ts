// When no engine answers, or the socket refuses access: one clear message naming the
// endpoint and the fix, a non-zero exit code, and no stack trace.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {chmodSync, cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {describe, it} from 'node:test';
import {promisify} from 'node:util';
import {docknet, repoRoot, requireSandbox, sandboxEnv} from '../helpers/sandbox.js';

const run = promisify(execFile);

function assertOneClearLine(stderr: string): void {
	const lines = stderr.trim().split('\n');
	assert.equal(lines.length, 1, `one line, got:\n${stderr}`);
	assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
}

/** bin/, dist/ and the pinned node binary copied under a fresh mode-0755 directory. */
function readableCopyOfDocknet(): {root: string; node: string; bin: string; home: string} {
	const root = mkdtempSync(join(tmpdir(), 'docknet-copy-'));
	chmodSync(root, 0o755);
	cpSync(join(repoRoot, 'bin'), join(root, 'bin'), {recursive: true});
	cpSync(join(repoRoot, 'dist'), join(root, 'dist'), {recursive: true});
	mkdirSync(join(root, 'node'));
	const node = join(root, 'node', 'node');
	cpSync(realpathSync(join(repoRoot, 'node_modules', '.bin', 'node')), node);
	const home = join(root, 'home');
	mkdirSync(home);
	chmodSync(home, 0o777);
	return {root, node, bin: join(root, 'bin', 'docknet.js'), home};
}

describe('clear failures', () => {
	it('names the missing socket and how to fix it', async () => {
		const result = await docknet(['ls'], {env: {DOCKER_HOST: 'unix:///var/tmp/docknet-no-such.sock'}});
		assert.equal(result.code, 2);
		assert.match(result.stderr, /Cannot reach the Docker engine at unix:\/\/\/var\/tmp\/docknet-no-such\.sock \(DOCKER_HOST\)/);
		assert.match(result.stderr, /Is dockerd running\?/);
		assertOneClearLine(result.stderr);
	});

	it('reports a refused TCP port the same way', async () => {
		// A port on loopback that we bound and closed ourselves: nothing listens there.
		const server = createServer();
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as {port: number}).port;
		await new Promise<void>(resolve => server.close(() => resolve()));
		const result = await docknet(['ls', '--json', '-H', `tcp://127.0.0.1:${port}`]);
		assert.equal(result.code, 2);
		assert.match(result.stderr, new RegExp(`Cannot reach the Docker engine at tcp://127\\.0\\.0\\.1:${port} \\(--host\\)`));
		assert.equal(result.stdout, '', 'no partial JSON');
		assertOneClearLine(result.stderr);
	});

	it('explains EACCES on the socket (a user outside the docker group)', async () => {
		await requireSandbox();
		// uid 65534 must be able to read what it runs wherever the checkout lives (a clone
		// under /root or any mode-0700 directory is not readable by it): run a copy of the
		// node binary, the bin shim and the bundle from a world-readable temp directory.
		const copy = readableCopyOfDocknet();
		try {
			const result = await run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', copy.node, copy.bin, 'ls'], {
				env: {PATH: `${dirname(copy.node)}:/usr/bin:/bin`, HOME: copy.home, DOCKER_HOST: sandboxEnv().DOCKER_HOST},
			}).then(
				r => ({code: 0, stderr: r.stderr}),
				(e: {code: number; stderr: string}) => ({code: e.code, stderr: e.stderr}),
			);
			assert.equal(result.code, 2, result.stderr);
			assert.match(result.stderr, /Permission denied on the Docker socket unix:\/\/\/var\/tmp\/docknet-sandbox\/docker\.sock/);
			assert.match(result.stderr, /docker group/);
			assertOneClearLine(result.stderr);
		} finally {
			rmSync(copy.root, {recursive: true, force: true});
		}
	});

	it('rejects --host together with --context, and unknown commands, as usage errors', async () => {
		const both = await docknet(['ls', '-H', 'unix:///x', '--context', 'y']);
		assert.equal(both.code, 2);
		assert.match(both.stderr, /either --host or --context/);
		const unknown = await docknet(['frobnicate']);
		assert.equal(unknown.code, 2);
		assert.match(unknown.stderr, /unknown command "frobnicate"/);
		const badFlag = await docknet(['ls', '--nope']);
		assert.equal(badFlag.code, 2);
		assert.match(badFlag.stderr, /--nope/);
	});

	it('prints help and version without an engine', async () => {
		const help = await docknet(['--help'], {env: {DOCKER_HOST: 'unix:///nowhere.sock'}});
		assert.equal(help.code, 0);
		assert.match(help.stdout, /docknet ls \[--json\]/);
		const version = await docknet(['--version']);
		assert.match(version.stdout, /^docknet \d+\.\d+\.\d+/);
	});

	it('refuses to run on Node older than 22 with one clear line', async () => {
		const oldNode = '/usr/bin/node';
		const {stdout: v} = await run(oldNode, ['--version']).catch(() => ({stdout: ''}));
		assert.ok(v.startsWith('v20') || v.startsWith('v18'), `this check needs an old system node (found ${v.trim() || 'none'})`);
		const result = await run(oldNode, [join(repoRoot, 'bin', 'docknet.js'), 'ls']).catch((e: {code: number; stderr: string}) => e);
		assert.equal((result as {code: number}).code, 2);
		assert.match((result as {stderr: string}).stderr, /docknet needs Node\.js 22 or newer; this is Node 20/);
	});
});
