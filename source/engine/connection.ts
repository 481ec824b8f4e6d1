// Where is the engine? Resolved the way the docker CLI does it:
// -H/--host or --context flag (not both) > DOCKER_HOST > DOCKER_CONTEXT >
// currentContext in ~/.docker/config.json > the default unix socket.
// dockerode reads DOCKER_HOST itself but knows nothing of contexts, so we resolve
// everything here and hand the adapter explicit options.
import type * as Crypto from 'node:crypto';
import {createRequire} from 'node:module';
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';

/** TLS material; `verify: false` (DOCKER_TLS without _VERIFY, SkipTLSVerify) trusts any server certificate. */
export type TlsFiles = {ca?: string; cert?: string; key?: string; verify?: boolean};

export type EngineTarget =
	| {protocol: 'unix'; socketPath: string}
	| {protocol: 'http' | 'https'; host: string; port: number; tls?: TlsFiles}
	// Port and user only when the URL has them, so ~/.ssh/config decides otherwise.
	| {protocol: 'ssh'; host: string; port?: number; username?: string};

export type Connection = {
	/** What the user sees: the endpoint URL. */
	endpoint: string;
	/** Where it came from: "--host", "DOCKER_HOST", "context foo", "default". */
	source: string;
	target: EngineTarget;
};

export class ConnectionError extends Error {
	override name = 'ConnectionError';
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';

type Env = Record<string, string | undefined>;

export type ResolveInput = {
	host?: string | undefined;
	context?: string | undefined;
	env?: Env;
	/** Docker's config dir (DOCKER_CONFIG or ~/.docker). */
	configDir?: string;
};

const truthy = (value: string | undefined): boolean => Boolean(value) && value !== '0' && value !== 'false';

/** Parses a docker host URL (unix://, tcp://, http(s)://, ssh://). */
export function parseHost(url: string, env: Env = {}, tls?: TlsFiles): EngineTarget {
	if (url.startsWith('unix://')) {
		const socketPath = url.slice('unix://'.length);
		if (!socketPath) throw new ConnectionError(`invalid host "${url}": no socket path`);
		return {protocol: 'unix', socketPath};
	}
	if (url.startsWith('/')) return {protocol: 'unix', socketPath: url};
	let parsed: URL;
	try {
		parsed = new URL(url.includes('://') ? url : `tcp://${url}`);
	} catch {
		throw new ConnectionError(`invalid host "${url}": expected unix:///path, tcp://host:port or ssh://user@host`);
	}
	const scheme = parsed.protocol.replace(/:$/, '');
	const host = parsed.hostname.replace(/^\[|\]$/g, '');
	if (!host) throw new ConnectionError(`invalid host "${url}": no host name`);
	if (scheme === 'ssh') {
		return {
			protocol: 'ssh',
			host,
			...(parsed.port ? {port: Number(parsed.port)} : {}),
			...(parsed.username ? {username: decodeURIComponent(parsed.username)} : {}),
		};
	}
	if (scheme !== 'tcp' && scheme !== 'http' && scheme !== 'https') {
		throw new ConnectionError(`invalid host "${url}": unsupported scheme ${scheme}:// (use unix, tcp or ssh)`);
	}
	const useTls = scheme === 'https' || truthy(env.DOCKER_TLS_VERIFY) || truthy(env.DOCKER_TLS) || Boolean(tls);
	const port = parsed.port ? Number(parsed.port) : useTls ? 2376 : 2375;
	if (!useTls) return {protocol: 'http', host, port};
	// As the docker CLI: DOCKER_CERT_PATH, else the config dir (~/.docker/{ca,cert,key}.pem).
	const files: TlsFiles = tls ?? {
		...tlsFilesIn(env.DOCKER_CERT_PATH || configDirFrom(env)),
		verify: scheme === 'https' || truthy(env.DOCKER_TLS_VERIFY),
	};
	return {protocol: 'https', host, port, tls: files};
}

function tlsFilesIn(dir: string): TlsFiles {
	const files: TlsFiles = {};
	for (const name of ['ca', 'cert', 'key'] as const) {
		const path = join(dir, `${name}.pem`);
		if (existsSync(path)) files[name] = path;
	}
	return files;
}

export function configDirFrom(env: Env): string {
	return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/** Reads a context's docker endpoint from the CLI's context store. */
export function contextTarget(name: string, configDir: string, env: Env = {}): {endpoint: string; target: EngineTarget} {
	if (name === 'default') {
		const endpoint = `unix://${DEFAULT_SOCKET}`;
		return {endpoint, target: {protocol: 'unix', socketPath: DEFAULT_SOCKET}};
	}
	// node:crypto is loaded only here: importing it costs every start 7-17 ms.
	const {createHash} = createRequire(import.meta.url)('node:crypto') as typeof Crypto;
	const digest = createHash('sha256').update(name).digest('hex');
	const metaPath = join(configDir, 'contexts', 'meta', digest, 'meta.json');
	let meta: ContextMeta;
	try {
		meta = JSON.parse(readFileSync(metaPath, 'utf8'));
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : 'its metadata cannot be read';
		throw new ConnectionError(`docker context "${name}" cannot be used: ${reason} (${metaPath}). List contexts with: docker context ls`);
	}
	const host = meta.Endpoints?.docker?.Host;
	if (!host) throw new ConnectionError(`docker context "${name}" has no docker endpoint (${metaPath})`);
	const tlsDir = join(configDir, 'contexts', 'tls', digest, 'docker');
	const skipVerify = Boolean(meta.Endpoints?.docker?.SkipTLSVerify);
	const tls = existsSync(tlsDir) ? {...tlsFilesIn(tlsDir), verify: !skipVerify} : skipVerify ? {verify: false} : undefined;
	return {endpoint: host, target: parseHost(host, env, tls)};
}

type ContextMeta = {Name?: string; Metadata?: {Description?: string}; Endpoints?: {docker?: {Host?: string; SkipTLSVerify?: boolean}}};

export type ContextEntry = {name: string; endpoint: string; description: string};

/** The docker CLI's contexts ("default" first), as `docker context ls` lists them. */
export function listContexts(configDir: string, env: Env = {}): ContextEntry[] {
	const metaDir = join(configDir, 'contexts', 'meta');
	const found: ContextEntry[] = [];
	let dirs: string[] = [];
	try {
		dirs = readdirSync(metaDir);
	} catch {
		// No context store: only the default context.
	}
	for (const dir of dirs) {
		try {
			const meta = JSON.parse(readFileSync(join(metaDir, dir, 'meta.json'), 'utf8')) as ContextMeta;
			const host = meta.Endpoints?.docker?.Host;
			if (meta.Name && host) found.push({name: meta.Name, endpoint: host, description: meta.Metadata?.Description ?? ''});
		} catch {
			// An unreadable context is left out; using it by name says why.
		}
	}
	found.sort((a, b) => a.name.localeCompare(b.name));
	const defaultHost = env.DOCKER_HOST || `unix://${DEFAULT_SOCKET}`;
	return [{name: 'default', endpoint: defaultHost, description: 'Current DOCKER_HOST based configuration'}, ...found];
}

/** The context docker would use with no flags (DOCKER_CONTEXT, then config.json), or "default". */
export function activeContextName(env: Env, configDir: string): string {
	return env.DOCKER_CONTEXT || currentContext(configDir) || 'default';
}

function currentContext(configDir: string): string | null {
	try {
		const config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as {currentContext?: string};
		return config.currentContext || null;
	} catch {
		return null;
	}
}

export function resolveConnection(input: ResolveInput = {}): Connection {
	const env = input.env ?? process.env;
	const configDir = input.configDir ?? configDirFrom(env);
	if (input.host && input.context) {
		throw new ConnectionError('use either --host or --context, not both');
	}
	if (input.host) return {endpoint: input.host, source: '--host', target: parseHost(input.host, env)};
	if (input.context) return {...contextTarget(input.context, configDir, env), source: `context ${input.context}`};
	if (env.DOCKER_HOST) return {endpoint: env.DOCKER_HOST, source: 'DOCKER_HOST', target: parseHost(env.DOCKER_HOST, env)};
	if (env.DOCKER_CONTEXT) {
		return {...contextTarget(env.DOCKER_CONTEXT, configDir, env), source: `context ${env.DOCKER_CONTEXT} (DOCKER_CONTEXT)`};
	}
	const current = currentContext(configDir);
	if (current && current !== 'default') {
		return {...contextTarget(current, configDir, env), source: `context ${current} (current context)`};
	}
	return {endpoint: `unix://${DEFAULT_SOCKET}`, source: 'default', target: {protocol: 'unix', socketPath: DEFAULT_SOCKET}};
}

/** One clear sentence for "could not talk to the engine", with what to do about it. */
export function explainConnectionFailure(connection: Connection, code: string | undefined, detail: string): string {
	const where = `${connection.endpoint} (${connection.source})`;
	if (code === 'EACCES' || code === 'EPERM') {
		return (
			`Permission denied on the Docker socket ${where}. ` +
			'Add your user to the docker group (sudo usermod -aG docker $USER, then log in again) or run with sudo; ' +
			'for rootless Docker set DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock.'
		);
	}
	return (
		`Cannot reach the Docker engine at ${where}: ${detail}. ` +
		'Is dockerd running? Start it, or point docknet at another engine with --host/-H, --context or DOCKER_HOST.'
	);
}
