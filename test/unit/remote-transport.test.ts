// The pure parts of remote engines: the ssh argv (as the docker CLI builds it), the
// one-line causes from ssh / dial-stdio / TLS failures (texts as OpenSSH 9.2, docker
// 20.10 and Node print them), and the engine switcher's list.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {sshArgs} from '../../source/engine/ssh-transport.js';
import {classifySshExit, classifyTlsError} from '../../source/engine/transport-errors.js';
import {createSwitcher, engineLabel} from '../../source/engine/switcher.js';
import type {Connection} from '../../source/engine/connection.js';
import {lastEngineMemory, lastEnginePath} from '../../source/prefs/last-engine.js';
import type {EnginePort} from '../../source/engine/port.js';

describe('sshArgs', () => {
	it('passes user and port only when the URL has them, so ~/.ssh/config decides', () => {
		assert.deepEqual(sshArgs({host: 'dockerhost'}), [
			'-o',
			'ConnectTimeout=30',
			'-T',
			'--',
			'dockerhost',
			'docker',
			'system',
			'dial-stdio',
		]);
		assert.deepEqual(sshArgs({host: '127.0.0.1', port: 2222, username: 'ops'}, {batchMode: true, connectTimeout: 5}), [
			'-o',
			'ConnectTimeout=5',
			'-T',
			'-o',
			'BatchMode=yes',
			'-l',
			'ops',
			'-p',
			'2222',
			'--',
			'127.0.0.1',
			'docker',
			'system',
			'dial-stdio',
		]);
	});
	it('puts a hostile host after --, never as an option', () => {
		const args = sshArgs({host: '-oProxyCommand=touch /tmp/x'});
		assert.equal(args[args.indexOf('--') + 1], '-oProxyCommand=touch /tmp/x');
	});
});

describe('classifySshExit', () => {
	const w = 'ssh://h';
	const cases: Array<[string, number, string, string]> = [
		['unknown host key', 255, 'Host key verification failed.\r\n', 'SSH_HOSTKEY_UNKNOWN'],
		[
			'unknown host key (strict)',
			255,
			'No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\nHost key verification failed.\n',
			'SSH_HOSTKEY_UNKNOWN',
		],
		[
			'changed host key',
			255,
			'@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@\nHost key for [127.0.0.1]:2222 has changed and you have requested strict checking.\nHost key verification failed.\n',
			'SSH_HOSTKEY_CHANGED',
		],
		['auth', 255, 'root@127.0.0.1: Permission denied (publickey).\r\n', 'SSH_AUTH'],
		['refused', 255, 'ssh: connect to host 127.0.0.1 port 2222: Connection refused\r\n', 'SSH_UNREACHABLE'],
		['no route', 255, 'ssh: connect to host 10.9.9.9 port 22: No route to host\r\n', 'SSH_UNREACHABLE'],
		['no docker', 127, 'bash: line 1: docker: command not found\n', 'SSH_NO_DOCKER'],
		[
			'engine down',
			1,
			'failed to open the raw stream connection: dial unix /var/run/docker.sock: connect: no such file or directory\n',
			'SSH_ENGINE_DOWN',
		],
		[
			'engine refused',
			1,
			'failed to open the raw stream connection: dial unix /var/run/docker.sock: connect: connection refused\n',
			'SSH_ENGINE_DOWN',
		],
		[
			'socket permission',
			1,
			'failed to open the raw stream connection: dial unix /var/run/docker.sock: connect: permission denied\n',
			'SSH_SOCKET_PERMISSION',
		],
	];
	for (const [what, code, stderr, expected] of cases) {
		it(what, () => {
			const failure = classifySshExit(w, code, null, stderr);
			assert.equal(failure.code, expected);
			assert.doesNotMatch(failure.message, /\n/);
			if (expected !== 'SSH_ENGINE_DOWN') assert.doesNotMatch(failure.message, /dockerd/);
		});
	}
});

describe('classifyTlsError', () => {
	const w = 'tcp://e:2376';
	it('tells wrong CA, missing client cert, plain HTTP to TLS and TLS to plain apart', () => {
		assert.equal(
			classifyTlsError(w, Object.assign(new Error('unable to verify the first certificate'), {code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'}))
				?.code,
			'TLS_UNTRUSTED',
		);
		assert.equal(
			classifyTlsError(
				w,
				Object.assign(new Error('tlsv13 alert certificate required'), {code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'}),
			)?.code,
			'TLS_CLIENT_CERT',
		);
		assert.equal(
			classifyTlsError(
				w,
				Object.assign(new Error('(HTTP code 400)'), {statusCode: 400, json: 'Client sent an HTTP request to an HTTPS server.\n'}),
			)?.code,
			'TLS_REQUIRED',
		);
		assert.equal(
			classifyTlsError(w, Object.assign(new Error('wrong version number'), {code: 'ERR_SSL_WRONG_VERSION_NUMBER'}))?.code,
			'TLS_NOT_TLS',
		);
		assert.equal(classifyTlsError(w, Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'})), null);
	});
});

describe('engine switcher', () => {
	const config = mkdtempSync(join(tmpdir(), 'docknet-switch-'));
	const addContext = (name: string, host: string) => {
		const dir = join(config, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
		mkdirSync(dir, {recursive: true});
		writeFileSync(
			join(dir, 'meta.json'),
			JSON.stringify({Name: name, Metadata: {Description: `${name} box`}, Endpoints: {docker: {Host: host}}}),
		);
	};
	addContext('remote', 'ssh://dockerhost');
	addContext('tls', 'tcp://127.0.0.1:2376');
	const made: Connection[] = [];
	const fake = (c: Connection) => (made.push(c), {endpoint: c.endpoint} as EnginePort);
	const started: Connection = {
		endpoint: 'unix:///run/x.sock',
		source: 'DOCKER_HOST',
		target: {protocol: 'unix', socketPath: '/run/x.sock'},
	};
	const switcher = createSwitcher({DOCKER_HOST: 'unix:///run/x.sock'}, fake, started, config);

	it('lists the engine in use and every context, marking the one shown', () => {
		const choices = switcher.choices(started);
		assert.deepEqual(
			choices.map(c => [c.context, c.endpoint, c.current]),
			[
				[null, 'unix:///run/x.sock', true],
				['default', 'unix:///run/x.sock', false],
				['remote', 'ssh://dockerhost', false],
				['tls', 'tcp://127.0.0.1:2376', false],
			],
		);
	});
	it('opens a context through the factory and names it on the status line', () => {
		const opened = switcher.open(switcher.choices(started).find(c => c.context === 'remote')!);
		assert.equal(made.at(-1)!.target.protocol, 'ssh');
		assert.equal(engineLabel(opened.connection), 'remote · ssh://dockerhost');
		assert.deepEqual(
			switcher
				.choices(opened.connection)
				.filter(c => c.current)
				.map(c => c.context),
			['remote'],
		);
		assert.equal(engineLabel(started), 'unix:///run/x.sock (DOCKER_HOST)');
	});
	it('remembers the engine last switched to across runs and offers it first', () => {
		const env = {DOCKER_HOST: 'unix:///run/x.sock', XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'docknet-state-'))};
		const first = createSwitcher(env, fake, started, config, lastEngineMemory(env));
		assert.deepEqual(
			first.choices(started).filter(c => c.lastUsed),
			[],
			'nothing remembered on a first run',
		);
		first.open(first.choices(started).find(c => c.context === 'tls')!);
		// A later run (a new switcher, same state dir) starts on DOCKER_HOST as before…
		const later = createSwitcher(env, fake, started, config, lastEngineMemory(env));
		const choices = later.choices(started);
		assert.deepEqual(
			choices.filter(c => c.current).map(c => c.context),
			[null],
		);
		// …and marks the tls context as the one last used.
		assert.deepEqual(
			choices.filter(c => c.lastUsed).map(c => [c.context, c.note]),
			[['tls', 'tls box · last used']],
		);
		// A broken state file means nothing is remembered, never a failure.
		writeFileSync(lastEnginePath(env), '{not json');
		assert.deepEqual(
			later.choices(started).filter(c => c.lastUsed),
			[],
		);
	});
});

describe('remote text in messages', () => {
	it('strips control characters a hostile remote could print', () => {
		const failure = classifySshExit(
			'ssh://h',
			1,
			null,
			'failed: \u001b]52;c;ZXZpbA==\u0007dial unix /x: connect: \u001b[2Jno such file or directory\n',
		);
		assert.doesNotMatch(failure.message, /[\u0000-\u001f\u007f-\u009f]/);
		assert.equal(failure.code, 'SSH_ENGINE_DOWN');
	});
});
