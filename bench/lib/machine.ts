// What the figures were measured on: printed with every report.
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {cpus, loadavg, totalmem, release} from 'node:os';
import {repoRoot} from './paths.js';

export type Machine = {
	date: string;
	cpu: string;
	nproc: number;
	memoryGiB: number;
	kernel: string;
	node: string;
	tmux: string;
	dockerCli: string;
	engine: string;
	commit: string;
	dirty: boolean;
	/** 1-minute load average when the run started (other work on the machine skews figures). */
	loadAverage: number;
};

const tryRun = (file: string, args: string[], env?: NodeJS.ProcessEnv): string => {
	try {
		return execFileSync(file, args, {encoding: 'utf8', env: env ?? process.env, stdio: ['ignore', 'pipe', 'ignore']}).trim();
	} catch {
		return 'unknown';
	}
};

export function machine(engine: string, dockerCli: string): Machine {
	let cpu = cpus()[0]?.model ?? 'unknown';
	try {
		cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
	} catch {
		// No /proc (not Linux): os.cpus()'s model stands.
	}
	const status = tryRun('git', ['-C', repoRoot, 'status', '--porcelain', '--', 'source', 'scripts/build.mjs', 'bin', 'package.json']);
	return {
		date: new Date().toISOString(),
		cpu,
		nproc: cpus().length,
		memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
		kernel: release(),
		node: process.version,
		tmux: tryRun('tmux', ['-V']),
		dockerCli: tryRun(dockerCli, ['--version']),
		engine,
		commit: tryRun('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD']),
		dirty: status !== '' && status !== 'unknown',
		loadAverage: Math.round(loadavg()[0]! * 100) / 100,
	};
}
