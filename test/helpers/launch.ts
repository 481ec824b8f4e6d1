// How the tests start docknet: the built bundle on this Node (bin/docknet.js), or, when
// DOCKNET_TEST_BINARY names a single executable (npm run build:binary), that file with a
// PATH holding only the docker CLI — the machine-without-Node case the binary is for.
import {mkdtempSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {isAbsolute, join, resolve} from 'node:path';
import {dockerCli} from './sandbox.js';

const binary = process.env.DOCKNET_TEST_BINARY ? resolve(process.env.DOCKNET_TEST_BINARY) : undefined;

/** The single executable under test, or undefined when the tests run the npm bundle. */
export const testBinary = (): string | undefined => binary;

/** argv that runs docknet with `args` (the binary, or this Node on bin/docknet.js). */
export function docknetArgv(repoRoot: string, args: string[]): string[] {
	return binary ? [binary, ...args] : [process.execPath, join(repoRoot, 'bin', 'docknet.js'), ...args];
}

let pathDir: string | null = null;

/**
 * For the binary: a PATH of one directory holding only a `docker` link to the CLI the
 * sandbox uses (/usr/bin holds a Node too, so it cannot be on PATH). Empty otherwise.
 */
export function binaryPathEnv(): {PATH?: string} {
	if (!binary) return {};
	if (!pathDir) {
		const dir = mkdtempSync(join(tmpdir(), 'docknet-nonode-'));
		pathDir = dir;
		const cli = dockerCli();
		if (isAbsolute(cli)) symlinkSync(cli, join(dir, 'docker'));
		process.once('exit', () => rmSync(dir, {recursive: true, force: true}));
	}
	return {PATH: pathDir};
}
