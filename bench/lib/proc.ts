// Child processes and /proc readings for the benchmarks.
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';

export type Timed = {ms: number; code: number | null; bytes: number; stdout: string; stderr: string};

/**
 * Runs a command to completion and times it from spawn to exit (wall clock), with its
 * stdout drained through a pipe as a script would read it. `keep` keeps stdout text.
 */
export function timeCommand(
	file: string,
	args: readonly string[],
	options: {env?: NodeJS.ProcessEnv; cwd?: string; keep?: boolean; timeoutMs?: number} = {},
): Promise<Timed> {
	return new Promise((resolve, reject) => {
		const started = process.hrtime.bigint();
		const child = spawn(file, args, {env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe']});
		let bytes = 0;
		const out: Buffer[] = [];
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			bytes += chunk.length;
			if (options.keep) out.push(chunk);
		});
		child.stderr.on('data', (chunk: Buffer) => {
			if (stderr.length < 8192) stderr += chunk.toString();
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
		child.on('error', error => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', code => {
			clearTimeout(timer);
			const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
			resolve({ms: elapsed, code, bytes, stdout: options.keep ? Buffer.concat(out).toString() : '', stderr});
		});
	});
}

/** Resident set size of a live process, in bytes (VmRSS). NaN when it is gone. */
export function rssOf(pid: number): number {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
		return match ? Number(match[1]) * 1024 : Number.NaN;
	} catch {
		return Number.NaN;
	}
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU time (user + system) a process has used so far, in ms. NaN when it is gone. */
export function cpuMsOf(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command (which may contain spaces) start after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const utime = Number(fields[11]);
		const stime = Number(fields[12]);
		return ((utime + stime) * 1000) / CLOCK_TICKS;
	} catch {
		return Number.NaN;
	}
}

export function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
