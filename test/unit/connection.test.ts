import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {ConnectionError, explainConnectionFailure, parseHost, resolveConnection} from '../../source/engine/connection.js';

function configWithContexts(contexts: Record<string, string>, current?: string, tlsFor?: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'docknet-config-'));
	for (const [name, host] of Object.entries(contexts)) {
		const digest = createHash('sha256').update(name).digest('hex');
		mkdirSync(join(dir, 'contexts', 'meta', digest), {recursive: true});
		writeFileSync(
			join(dir, 'contexts', 'meta', digest, 'meta.json'),
			JSON.stringify({Name: name, Metadata: {}, Endpoints: {docker: {Host: host, SkipTLSVerify: false}}}),
		);
		if (name === tlsFor) {
			const tls = join(dir, 'contexts', 'tls', digest, 'docker');
			mkdirSync(tls, {recursive: true});
			for (const file of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(tls, file), 'x');
		}
	}
	if (current) writeFileSync(join(dir, 'config.json'), JSON.stringify({currentContext: current}));
	return dir;
}

describe('parseHost', () => {
	it('reads unix, tcp, https and ssh URLs', () => {
		assert.deepEqual(parseHost('unix:///run/docker.sock'), {protocol: 'unix', socketPath: '/run/docker.sock'});
		assert.deepEqual(parseHost('tcp://10.0.0.5:2375'), {protocol: 'http', host: '10.0.0.5', port: 2375});
		assert.deepEqual(parseHost('ssh://ops@build-box:2222'), {protocol: 'ssh', host: 'build-box', port: 2222, username: 'ops'});
		// No port or user unless the URL has them: ~/.ssh/config decides (Port, User).
		assert.deepEqual(parseHost('ssh://build-box'), {protocol: 'ssh', host: 'build-box'});
	});
	it('uses TLS when DOCKER_TLS_VERIFY is set, with certs from DOCKER_CERT_PATH', () => {
		const certs = mkdtempSync(join(tmpdir(), 'docknet-certs-'));
		for (const file of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(certs, file), 'x');
		const target = parseHost('tcp://engine:2376', {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs});
		assert.equal(target.protocol, 'https');
		assert.equal(target.protocol === 'https' && target.tls?.ca, join(certs, 'ca.pem'));
		assert.equal(parseHost('tcp://engine').protocol, 'http');
		assert.equal(
			parseHost('tcp://engine', {DOCKER_TLS_VERIFY: '1'}).protocol === 'https' &&
				(parseHost('tcp://engine', {DOCKER_TLS_VERIFY: '1'}) as {port: number}).port,
			2376,
		);
	});
	it('refuses what it cannot use', () => {
		assert.throws(() => parseHost('ftp://x'), ConnectionError);
		assert.throws(() => parseHost('unix://'), ConnectionError);
	});
});

describe('resolveConnection follows docker precedence', () => {
	const configDir = configWithContexts(
		{remote: 'tcp://remote:2375', other: 'unix:///other.sock', secure: 'tcp://secure:2376'},
		'other',
		'secure',
	);

	it('--host wins over everything', () => {
		const c = resolveConnection({host: 'unix:///flag.sock', env: {DOCKER_HOST: 'unix:///env.sock', DOCKER_CONTEXT: 'remote'}, configDir});
		assert.equal(c.endpoint, 'unix:///flag.sock');
		assert.equal(c.source, '--host');
	});
	it('--context wins over DOCKER_HOST', () => {
		const c = resolveConnection({context: 'remote', env: {DOCKER_HOST: 'unix:///env.sock'}, configDir});
		assert.deepEqual(c.target, {protocol: 'http', host: 'remote', port: 2375});
	});
	it('refuses --host with --context', () => {
		assert.throws(() => resolveConnection({host: 'unix:///a', context: 'remote', env: {}, configDir}), /either --host or --context/);
	});
	it('DOCKER_HOST beats DOCKER_CONTEXT, which beats the current context', () => {
		assert.equal(
			resolveConnection({env: {DOCKER_HOST: 'unix:///env.sock', DOCKER_CONTEXT: 'remote'}, configDir}).endpoint,
			'unix:///env.sock',
		);
		assert.equal(resolveConnection({env: {DOCKER_CONTEXT: 'remote'}, configDir}).endpoint, 'tcp://remote:2375');
		assert.equal(resolveConnection({env: {}, configDir}).endpoint, 'unix:///other.sock');
	});
	it("picks up a context's TLS material", () => {
		const c = resolveConnection({context: 'secure', env: {}, configDir});
		assert.equal(c.target.protocol, 'https');
	});
	it('falls back to the default socket', () => {
		const empty = mkdtempSync(join(tmpdir(), 'docknet-config-'));
		assert.equal(resolveConnection({env: {}, configDir: empty}).endpoint, 'unix:///var/run/docker.sock');
		assert.equal(resolveConnection({env: {DOCKER_CONTEXT: 'default'}, configDir: empty}).endpoint, 'unix:///var/run/docker.sock');
	});
	it('names an unknown context clearly', () => {
		assert.throws(
			() => resolveConnection({context: 'nope', env: {}, configDir}),
			/docker context "nope" cannot be used: it does not exist/,
		);
	});
});

describe('explainConnectionFailure', () => {
	const c = resolveConnection({host: 'unix:///x.sock', env: {}});
	it('explains permission problems with the fix', () => {
		assert.match(explainConnectionFailure(c, 'EACCES', 'denied'), /Permission denied.*unix:\/\/\/x\.sock.*docker group/);
	});
	it('names the endpoint and where it came from when nothing answers', () => {
		assert.match(
			explainConnectionFailure(c, 'ENOENT', 'connect ENOENT'),
			/Cannot reach the Docker engine at unix:\/\/\/x\.sock \(--host\)/,
		);
	});
});
