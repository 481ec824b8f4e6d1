// Helpers for tests against the private sandbox engine (scripts/sandbox-engine.sh).
// `npm test` starts the engine and seeds it before running the suite; a test that
// cannot reach it FAILS with the reason (no silent skips).
import {execFile, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {DockerodeEngine} from '../../source/engine/dockerode.js';
import {resolveConnection} from '../../source/engine/connection.js';
import {withFlavor} from '../../source/engine/flavored-engine.js';
import type {EnginePort} from '../../source/engine/port.js';
import {binaryPathEnv, docknetArgv} from './launch.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

let cachedEnv: Record<string, string> | null = null;

/** The environment lines `scripts/sandbox-engine.sh env` prints, parsed. */
export function sandboxEnv(): Record<string, string> {
	if (cachedEnv) return cachedEnv;
	const out = spawnSync('bash', [join(repoRoot, 'scripts', 'sandbox-engine.sh'), 'env'], {encoding: 'utf8'});
	if (out.status !== 0) throw new Error(`sandbox-engine.sh env failed: ${out.stderr}`);
	const env: Record<string, string> = {};
	for (const line of out.stdout.split('\n')) {
		const match = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
		if (match) env[match[1]!] = match[2]!.replace(/^['"]|['"]$/g, '');
	}
	if (!env.DOCKER_HOST) throw new Error('sandbox-engine.sh env printed no DOCKER_HOST');
	cachedEnv = env;
	return env;
}

/** process.env plus the sandbox's variables (DOCKER_HOST…): for child processes. */
/**
 * docknet's config and operation log (XDG dirs) go to this test process's own temp
 * directory: a test never reads the user's config nor writes to their state dir.
 */
let xdgRoot: string | null = null;
function testXdg(): {XDG_CONFIG_HOME: string; XDG_STATE_HOME: string} {
	if (!xdgRoot) {
		const root = mkdtempSync(join(tmpdir(), 'docknet-xdg-'));
		xdgRoot = root;
		process.once('exit', () => rmSync(root, {recursive: true, force: true}));
	}
	return {XDG_CONFIG_HOME: join(xdgRoot, 'config'), XDG_STATE_HOME: join(xdgRoot, 'state')};
}

export const childEnv = (): NodeJS.ProcessEnv => ({...process.env, ...sandboxEnv(), ...testXdg()});

/** The docker CLI to use against the sandbox (the engine is 20.10, API 1.41). */
export const dockerCli = (): string => sandboxEnv().DOCKNET_DOCKER_CLI || 'docker';

/** Runs the docker CLI against the sandbox; rejects with stderr on failure. */
export async function docker(args: string[], options: {allowFail?: boolean} = {}): Promise<{stdout: string; stderr: string; code: number}> {
	try {
		const {stdout, stderr} = await run(dockerCli(), args, {env: childEnv(), maxBuffer: 64 * 1024 * 1024});
		return {stdout, stderr, code: 0};
	} catch (error) {
		const e = error as {stdout?: string; stderr?: string; code?: number};
		if (options.allowFail) return {stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : 1};
		throw new Error(`docker ${args.join(' ')} failed: ${e.stderr ?? error}`);
	}
}

/** The sandbox dockerd's pid, checked to be a dockerd (never signal a recycled pid). */
export function sandboxDockerdPid(): number {
	const dir = sandboxEnv().DOCKNET_SANDBOX_DIR || '/var/tmp/docknet-sandbox';
	const pid = Number(readFileSync(join(dir, 'docker.pid'), 'utf8').trim());
	const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
	if (comm !== 'dockerd') throw new Error(`${dir}/docker.pid names ${pid} (${comm}), not a dockerd`);
	return pid;
}

/** Fails loudly (never skips) when the sandbox engine does not answer. */
export async function requireSandbox(): Promise<void> {
	const result = await docker(['version', '--format', '{{.Server.APIVersion}}'], {allowFail: true});
	if (result.code !== 0) {
		throw new Error(
			`the sandbox engine does not answer (${sandboxEnv().DOCKER_HOST}): ${result.stderr.trim()} — start it with: bash scripts/sandbox-engine.sh up`,
		);
	}
}

/** The engine as docknet builds it (adapter + flavour wrapper), on the sandbox or the engine DOCKER_HOST names. */
export function sandboxEngine(): EnginePort {
	return withFlavor(new DockerodeEngine(resolveConnection({env: sandboxEnv()})));
}

export const RUN_ID = randomBytes(3).toString('hex');
export const TEST_LABEL = `docknet.test=${RUN_ID}`;

/** A unique resource name for this test run. */
export const uniqueName = (prefix: string): string => `${prefix}-${RUN_ID}-${randomBytes(2).toString('hex')}`;

/** Removes every container and network this test run created (by label). */
export async function cleanupTestResources(): Promise<void> {
	const containers = (await docker(['ps', '-aq', '--filter', `label=${TEST_LABEL}`])).stdout.split('\n').filter(Boolean);
	if (containers.length) await docker(['rm', '-f', ...containers], {allowFail: true});
	const networks = (await docker(['network', 'ls', '-q', '--filter', `label=${TEST_LABEL}`])).stdout.split('\n').filter(Boolean);
	if (networks.length) await docker(['network', 'rm', ...networks], {allowFail: true});
}

/** The one polling wait (test/helpers/wait.ts), here too for the engine tests that import it from here. */
export {waitFor} from './wait.js';

/** Runs the built CLI (dist/, or DOCKNET_TEST_BINARY: test/helpers/launch.ts) with the sandbox environment. */
export async function docknet(
	args: string[],
	options: {env?: NodeJS.ProcessEnv; input?: string} = {},
): Promise<{stdout: string; stderr: string; code: number}> {
	try {
		const [command, ...rest] = docknetArgv(repoRoot, args);
		const {stdout, stderr} = await run(command!, rest, {
			env: {...childEnv(), ...binaryPathEnv(), ...options.env},
			maxBuffer: 64 * 1024 * 1024,
		});
		return {stdout, stderr, code: 0};
	} catch (error) {
		const e = error as {stdout?: string; stderr?: string; code?: number};
		return {stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : -1};
	}
}
