// tcp+TLS end to end against a private dockerd started with --tlsverify (certificates
// made with openssl by the helper): DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, a context with
// TLS material (made by the docker CLI itself in a temp DOCKER_CONFIG) used through
// --context, DOCKER_CONTEXT and the current context; and one clear line each for a wrong
// CA, a missing client certificate and plain tcp to the TLS port.
import assert from 'node:assert/strict';
import {execFile, execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {dockerCli, repoRoot} from '../helpers/sandbox.js';
import {TLS_URL, startTlsEngine, type TlsEngine} from '../helpers/tls-engine.js';

type Result = {stdout: string; stderr: string; code: number};

/** Clean environment: no DOCKER_* from the sandbox, a home with no docker config. */
const BASE_ENV = (): NodeJS.ProcessEnv => {
	const env: NodeJS.ProcessEnv = {...process.env};
	for (const name of Object.keys(env)) if (name.startsWith('DOCKER_')) delete env[name];
	return env;
};

function docknetIn(tls: TlsEngine, args: string[], env: NodeJS.ProcessEnv): Promise<Result> {
	const [command, ...rest] = tls.inNetns([process.execPath, join(repoRoot, 'bin', 'docknet.js'), ...args]);
	return new Promise(resolve => {
		execFile(command!, rest, {env: {...BASE_ENV(), ...env}, timeout: 30000, maxBuffer: 32 * 1024 * 1024}, (error, stdout, stderr) => {
			resolve({
				stdout,
				stderr,
				code: error ? (typeof (error as {code?: unknown}).code === 'number' ? (error as {code: number}).code : -1) : 0,
			});
		});
	});
}

const networkNames = (r: Result): string[] => (JSON.parse(r.stdout) as {networks: Array<{name: string}>}).networks.map(n => n.name);

function oneLine(stderr: string): string {
	const lines = stderr.trim().split('\n');
	assert.equal(lines.length, 1, `one line, got:\n${stderr}`);
	return lines[0]!;
}

describe('tcp+TLS and contexts', {timeout: 180000}, () => {
	let tls: TlsEngine;
	let config: string;
	before(() => {
		tls = startTlsEngine();
		config = mkdtempSync(join(tmpdir(), 'docknet-docker-config-'));
		const ctx = (name: string, certs: string) =>
			execFileSync(
				dockerCli(),
				['context', 'create', name, '--docker', `host=${TLS_URL},ca=${certs}/ca.pem,cert=${certs}/cert.pem,key=${certs}/key.pem`],
				{
					env: {...BASE_ENV(), DOCKER_CONFIG: config},
					stdio: 'ignore',
				},
			);
		ctx('tls-remote', tls.client);
		ctx('tls-wrong-ca', tls.wrongCa);
	});
	after(() => rmSync(config, {recursive: true, force: true}));

	it('DOCKER_TLS_VERIFY + DOCKER_CERT_PATH', async () => {
		const r = await docknetIn(tls, ['ls', '--json'], {DOCKER_HOST: TLS_URL, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.client});
		assert.equal(r.code, 0, r.stderr);
		assert.ok(networkNames(r).includes('bridge'));
	});

	it('writes go over TLS too (dockerode shares the TLS agent): create, then rm', async () => {
		const env = {DOCKER_HOST: TLS_URL, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.client};
		const name = `tls-net-${process.pid}`;
		const created = await docknetIn(tls, ['create', name], env);
		assert.equal(created.code, 0, created.stderr);
		assert.ok(networkNames(await docknetIn(tls, ['ls', '--json'], env)).includes(name));
		const removed = await docknetIn(tls, ['rm', name], env);
		assert.equal(removed.code, 0, removed.stderr);
		assert.ok(!networkNames(await docknetIn(tls, ['ls', '--json'], env)).includes(name));
	});

	it('a TLS context via --context, DOCKER_CONTEXT and the current context', async () => {
		for (const [how, args, env] of [
			['--context', ['--context', 'tls-remote'], {}],
			['DOCKER_CONTEXT', [], {DOCKER_CONTEXT: 'tls-remote'}],
		] as const) {
			const r = await docknetIn(tls, [...args, 'ls', '--json'], {DOCKER_CONFIG: config, ...env});
			assert.equal(r.code, 0, `${how}: ${r.stderr}`);
			assert.ok(networkNames(r).includes('bridge'), how);
		}
		const current = mkdtempSync(join(tmpdir(), 'docknet-docker-config-'));
		try {
			execFileSync('cp', ['-r', join(config, 'contexts'), current]);
			writeFileSync(join(current, 'config.json'), JSON.stringify({currentContext: 'tls-remote'}));
			const r = await docknetIn(tls, ['ls', '--json'], {DOCKER_CONFIG: current});
			assert.equal(r.code, 0, r.stderr);
			assert.ok(networkNames(r).includes('bridge'));
		} finally {
			rmSync(current, {recursive: true, force: true});
		}
	});

	it('wrong CA: one line naming the CA', async () => {
		for (const env of [
			{DOCKER_HOST: TLS_URL, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.wrongCa},
			{DOCKER_CONFIG: config, DOCKER_CONTEXT: 'tls-wrong-ca'},
		]) {
			const r = await docknetIn(tls, ['ls'], env);
			assert.equal(r.code, 2);
			assert.match(
				oneLine(r.stderr),
				/^docknet: TLS to tcp:\/\/127\.0\.0\.1:2376: the engine's certificate is not signed by the CA you gave/,
			);
		}
	});

	it('missing client certificate: one line saying the engine wants one', async () => {
		const r = await docknetIn(tls, ['ls'], {DOCKER_HOST: TLS_URL, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.noClientCert});
		assert.equal(r.code, 2);
		assert.match(oneLine(r.stderr), /the engine refused the client: it requires a client certificate/);
		assert.doesNotMatch(r.stderr, /dockerd/);
	});

	it('plain tcp to the TLS port: one line saying it wants TLS', async () => {
		const r = await docknetIn(tls, ['ls', '--json'], {DOCKER_HOST: TLS_URL});
		assert.equal(r.code, 2);
		assert.equal(r.stdout, '');
		assert.match(oneLine(r.stderr), /^docknet: tcp:\/\/127\.0\.0\.1:2376 is a TLS port: the engine wants TLS; set DOCKER_TLS_VERIFY=1/);
	});
});
