// A private dockerd that speaks TLS with client verification (--tlsverify) on
// tcp://127.0.0.1:2376 inside its own network namespace (docknet-tls), with a CA, a
// server and a client certificate made here with openssl, plus a second CA that signed
// nothing the engine trusts. Clients reach it by running under
// `nsenter --net=/var/run/netns/docknet-tls`: nothing listens outside that namespace.
import {execFileSync, spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {repoRoot} from './sandbox.js';

export const TLS_DIR = '/var/tmp/docknet-tls';
export const TLS_NETNS = 'docknet-tls';
export const TLS_URL = 'tcp://127.0.0.1:2376';

export type TlsEngine = {
	/** ca.pem + cert.pem + key.pem for the client (DOCKER_CERT_PATH layout). */
	client: string;
	/** The right client cert and key, but another CA's ca.pem. */
	wrongCa: string;
	/** Only ca.pem: no client certificate. */
	noClientCert: string;
	/** argv prefix entering the engine's network namespace. */
	inNetns: (argv: string[]) => string[];
};

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, {cwd, stdio: ['ignore', 'ignore', 'pipe']});

function makeCa(dir: string, name: string): void {
	openssl(
		[
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:P-256',
			'-nodes',
			'-days',
			'30',
			'-subj',
			`/CN=${name}`,
			'-keyout',
			`${name}-key.pem`,
			'-out',
			`${name}.pem`,
		],
		dir,
	);
}

function makeCert(dir: string, ca: string, name: string, ext: string): void {
	openssl(
		[
			'req',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:P-256',
			'-nodes',
			'-subj',
			`/CN=${name}`,
			'-keyout',
			`${name}-key.pem`,
			'-out',
			`${name}.csr`,
		],
		dir,
	);
	writeFileSync(join(dir, `${name}.ext`), ext);
	openssl(
		[
			'x509',
			'-req',
			'-in',
			`${name}.csr`,
			'-CA',
			`${ca}.pem`,
			'-CAkey',
			`${ca}-key.pem`,
			'-CAcreateserial',
			'-days',
			'30',
			'-extfile',
			`${name}.ext`,
			'-out',
			`${name}.pem`,
		],
		dir,
	);
}

/** Makes the certificates (once) and brings the TLS engine up (idempotent). */
export function startTlsEngine(): TlsEngine {
	const certs = join(TLS_DIR, 'certs');
	// The certificates last 30 days: make new ones (and restart the engine) well before.
	const done = join(certs, 'done');
	const fresh = !existsSync(done) || Date.now() - statSync(done).mtimeMs > 20 * 24 * 3600 * 1000;
	if (fresh) {
		rmSync(certs, {recursive: true, force: true});
		mkdirSync(certs, {recursive: true});
		makeCa(certs, 'ca');
		makeCa(certs, 'other-ca');
		makeCert(certs, 'ca', 'server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
		makeCert(certs, 'ca', 'client', 'extendedKeyUsage=clientAuth\n');
		const layout = (dir: string, files: Record<string, string>) => {
			mkdirSync(join(certs, dir), {recursive: true});
			for (const [to, from] of Object.entries(files)) copyFileSync(join(certs, from), join(certs, dir, to));
		};
		layout('client', {'ca.pem': 'ca.pem', 'cert.pem': 'client.pem', 'key.pem': 'client-key.pem'});
		layout('wrong-ca', {'ca.pem': 'other-ca.pem', 'cert.pem': 'client.pem', 'key.pem': 'client-key.pem'});
		layout('no-client-cert', {'ca.pem': 'ca.pem'});
		mkdirSync(TLS_DIR, {recursive: true});
		writeFileSync(
			join(TLS_DIR, 'daemon.json'),
			JSON.stringify({
				tlsverify: true,
				tlscacert: join(certs, 'ca.pem'),
				tlscert: join(certs, 'server.pem'),
				tlskey: join(certs, 'server-key.pem'),
			}),
		);
		writeFileSync(join(certs, 'done'), '');
	}
	const env = {...process.env, DOCKNET_SANDBOX_DIR: TLS_DIR, DOCKNET_SANDBOX_NETNS: TLS_NETNS, DOCKNET_DOCKERD_ARGS: `-H ${TLS_URL}`};
	const script = join(repoRoot, 'scripts', 'sandbox-engine.sh');
	// New certificates: a running engine still has the old ones.
	if (fresh) spawnSync('bash', [script, 'down'], {env, stdio: 'ignore'});
	const up = spawnSync('bash', [script, 'up'], {env, encoding: 'utf8'});
	if (up.status !== 0) throw new Error(`TLS engine did not start: ${up.stderr.slice(-2000)}`);
	return {
		client: join(certs, 'client'),
		wrongCa: join(certs, 'wrong-ca'),
		noClientCert: join(certs, 'no-client-cert'),
		inNetns: argv => ['nsenter', `--net=/var/run/netns/${TLS_NETNS}`, ...argv],
	};
}
