// The single executable (npm run build:binary) on a machine path without Node: its PATH
// holds only the docker CLI. scripts/test.sh builds the binary and runs this file and a
// subset of the CLI and tmux suites with DOCKNET_TEST_BINARY set (test/helpers/launch.ts).
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {binaryPathEnv, testBinary} from '../helpers/launch.js';
import {docker, repoRoot, requireSandbox, sandboxEnv} from '../helpers/sandbox.js';
import {TmuxSession, openExplorer} from '../helpers/tmux.js';

const binary = testBinary();
const sessions: TmuxSession[] = [];

/** Runs the binary with nothing but the sandbox's engine variables and a Node-free PATH. */
function runBare(args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
	const env = {...binaryPathEnv(), DOCKER_HOST: sandboxEnv().DOCKER_HOST!, HOME: '/nonexistent'};
	return new Promise(resolve => {
		execFile(binary!, args, {env, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) =>
			resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr}),
		);
	});
}

before(async () => {
	assert.ok(binary, 'DOCKNET_TEST_BINARY is not set: build with `npm run build:binary` and run through scripts/test.sh');
	assert.ok(existsSync(binary), `${binary} does not exist`);
	await requireSandbox();
});

after(async () => {
	for (const session of sessions) await session.kill();
});

describe('the single executable', () => {
	it('is one native executable, started with no Node anywhere on PATH', () => {
		assert.deepEqual([...readFileSync(binary!).subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46], 'an ELF file, not a script');
		const {PATH} = binaryPathEnv();
		assert.deepEqual(readdirSync(PATH!), ['docker']);
	});

	it('prints its version', async () => {
		const {version} = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {version: string};
		const result = await runBare(['--version']);
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, `docknet ${version}\n`);
		assert.equal(result.stderr, '', 'no experimental-feature warning or other noise');
	});

	it("is not changed by the user's NODE_OPTIONS (meant for their own Node programs)", async () => {
		const env = {...binaryPathEnv(), NODE_OPTIONS: '--require /nonexistent/preload.js'};
		const result = await new Promise<{code: number; stdout: string; stderr: string}>(resolve => {
			execFile(binary!, ['--version'], {env}, (error, stdout, stderr) => resolve({code: error ? 1 : 0, stdout, stderr}));
		});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^docknet /);
	});

	it('lists the engine as JSON, the same networks as the docker CLI', async () => {
		const result = await runBare(['ls', '--json']);
		assert.equal(result.code, 0, result.stderr);
		const doc = JSON.parse(result.stdout) as {networks: {name: string; containers: {name: string; aliases?: string[]}[]}[]};
		const expected = (await docker(['network', 'ls', '--format', '{{.Name}}'])).stdout.split('\n').filter(Boolean).sort();
		assert.deepEqual(doc.networks.map(n => n.name).sort(), expected);
		const appNet = doc.networks.find(n => n.name === 'app-net');
		assert.ok(appNet, 'the seed network app-net');
		assert.match(JSON.stringify(appNet), /"mysql"/, "db's alias on app-net");
	});

	it('explains a usage error in one line', async () => {
		const result = await runBare(['no-such-command']);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /^docknet: .*no-such-command.*\n$/);
	});

	it('opens the explorer in a terminal and leaves it restored', async () => {
		const tmux = await openExplorer(sessions);
		const screen = await tmux.waitForText(/app-net/, 10000);
		assert.match(screen, /Networks/);
		await tmux.sendKeys('q');
		await tmux.assertRestored(0);
	});
});
