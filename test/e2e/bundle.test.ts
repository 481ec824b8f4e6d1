// The built CLI's loading structure (scripts/build.mjs): ssh2 is never loaded (ssh://
// goes through the system ssh client), and dockerode's image-build machinery (gRPC,
// protobuf) is not bundled. No network: the unix-socket engine is the benchmark's fake,
// the ssh:// run uses a stand-in ssh, and every TCP connect is refused by a preload.
import {execFile} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {startFakeEngine, type FakeEngine} from '../../bench/fake-engine.js';
import {repoRoot} from '../helpers/sandbox.js';

const bin = join(repoRoot, 'bin', 'docknet.js');
let dir = '';
let fake: FakeEngine;

function docknet(
	args: string[],
	env: Record<string, string>,
	nodeArgs: string[] = [],
): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(
			process.execPath,
			[...nodeArgs, bin, ...args],
			{env: {PATH: process.env.PATH ?? '', HOME: dir, ...env}, maxBuffer: 16 * 1024 * 1024},
			(error, stdout, stderr) => resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr}),
		);
	});
}

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'docknet-bundle-'));
	fake = await startFakeEngine({socketPath: join(dir, 'fake.sock'), containers: 20, networks: 5});
	writeFileSync(
		join(dir, 'block-net.mjs'),
		[
			"import net from 'node:net';",
			'net.Socket.prototype.connect = function () {',
			"\tprocess.nextTick(() => this.destroy(Object.assign(new Error('connect refused by the test preload'), {code: 'ECONNREFUSED'})));",
			'\treturn this;',
			'};',
		].join('\n'),
	);
});

after(async () => {
	await fake?.close();
	rmSync(dir, {recursive: true, force: true});
});

test('a unix-socket engine never loads ssh2', async () => {
	const result = await docknet(['--host', `unix://${fake.socketPath}`, 'ls', '--json'], {NODE_DEBUG: 'module'});
	assert.equal(result.code, 0, result.stderr.slice(-2000));
	assert.equal(JSON.parse(result.stdout).containers.length, 20);
	assert.doesNotMatch(result.stderr, /ssh2/, 'ssh2 was loaded for a unix:// host');
});

test('an ssh:// host runs the system ssh client (never ssh2) and names the failure', async () => {
	// A stand-in ssh: records its argv and fails the way OpenSSH does for a closed port.
	const fakeSsh = join(dir, 'fake-ssh');
	const argvFile = join(dir, 'ssh-argv');
	writeFileSync(
		fakeSsh,
		`#!/bin/sh\necho "$@" >> '${argvFile}'\necho 'ssh: connect to host 127.0.0.1 port 22: Connection refused' >&2\nexit 255\n`,
		{mode: 0o755},
	);
	const result = await docknet(['--host', 'ssh://bench@127.0.0.1:22', 'ls'], {NODE_DEBUG: 'module', DOCKNET_SSH: fakeSsh}, [
		'--import',
		join(dir, 'block-net.mjs'),
	]);
	assert.equal(result.code, 2);
	assert.doesNotMatch(result.stderr, /node_modules\/ssh2\//, 'ssh2 was loaded');
	assert.match(
		result.stderr,
		/docknet: ssh to ssh:\/\/bench@127\.0\.0\.1:22: host unreachable: connect to host 127\.0\.0\.1 port 22: Connection refused \[--host\]\n$/,
	);
	const argv = readFileSync(argvFile, 'utf8');
	assert.match(
		argv,
		/^-o ConnectTimeout=30 -T -o ControlMaster=auto -o ControlPath=\S+ -o ControlPersist=10 -l bench -p 22 -- 127\.0\.0\.1 docker system dial-stdio$/m,
	);
});

test('the bundle leaves out gRPC and protobuf; --version needs no engine', async () => {
	const files = readdirSync(join(repoRoot, 'dist'), {recursive: true, encoding: 'utf8'}).filter(f => f.endsWith('.js'));
	for (const file of files) {
		const text = readFileSync(join(repoRoot, 'dist', file), 'utf8');
		assert.doesNotMatch(text, /grpc-node\.max_session_memory|grpc\.keepalive_time_ms/, `${file} contains @grpc/grpc-js`);
		assert.doesNotMatch(text, /ReflectionObject|duplicate name/, `${file} contains protobufjs`);
	}
	const version = await docknet(['--version'], {DOCKER_HOST: 'unix:///nonexistent.sock'});
	assert.equal(version.code, 0);
	assert.match(version.stdout, /^docknet \d+\.\d+\.\d+/);
});
