// Runs bench/fake-engine.ts in its own process (so it never shares the harness's event
// loop) and controls it over its socket.
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {FakeStats} from '../fake-engine.js';
import {httpOk} from './engine-http.js';
import {sleep} from './stats.js';
import {repoRoot} from './paths.js';

export class FakeEngineProcess {
	private constructor(
		readonly socketPath: string,
		readonly containers: number,
		readonly networks: number,
		private readonly child: ChildProcess,
		private readonly dir: string,
	) {}

	get dockerHost(): string {
		return `unix://${this.socketPath}`;
	}

	get pid(): number {
		return this.child.pid!;
	}

	static async start(containers: number, networks: number): Promise<FakeEngineProcess> {
		const dir = mkdtempSync(join(tmpdir(), 'docknet-bench-'));
		const socketPath = join(dir, 'fake.sock');
		const child = spawn(
			process.execPath,
			[
				'--import',
				'tsx',
				join(repoRoot, 'bench', 'fake-engine.ts'),
				'--socket',
				socketPath,
				'--containers',
				String(containers),
				'--networks',
				String(networks),
			],
			{cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit']},
		);
		const ready = await new Promise<boolean>(resolve => {
			let out = '';
			const timer = setTimeout(() => resolve(false), 30_000);
			child.stdout!.on('data', (chunk: Buffer) => {
				out += chunk.toString();
				if (out.includes('ready ')) {
					clearTimeout(timer);
					resolve(true);
				}
			});
			child.on('exit', () => resolve(false));
		});
		if (!ready) {
			child.kill('SIGKILL');
			rmSync(dir, {recursive: true, force: true});
			throw new Error('the fake engine did not start');
		}
		return new FakeEngineProcess(socketPath, containers, networks, child, dir);
	}

	async stats(): Promise<FakeStats> {
		return (await httpOk(this.socketPath, 'GET', '/_bench/stats')).json<FakeStats>();
	}

	async reset(): Promise<void> {
		await httpOk(this.socketPath, 'POST', '/_bench/reset');
	}

	async events(count: number, intervalMs: number): Promise<void> {
		await httpOk(this.socketPath, 'POST', '/_bench/events', {count, intervalMs});
	}

	async stopEvents(): Promise<void> {
		await httpOk(this.socketPath, 'POST', '/_bench/events/stop');
	}

	/** Waits until no API call has arrived for `quietMs` (bounded by `timeoutMs`). The
	 * explorer's liveness ping (GET /_ping every 2 s) does not count as activity. */
	async quiesce(quietMs = 500, timeoutMs = 60_000): Promise<FakeStats> {
		const deadline = Date.now() + timeoutMs;
		const busy = (s: FakeStats) => s.total - (s.calls['GET /_ping'] ?? 0);
		let last = await this.stats();
		let since = Date.now();
		for (;;) {
			await sleep(Math.min(100, quietMs / 2));
			const now = await this.stats();
			if (busy(now) !== busy(last) || now.eventsPending > 0) {
				last = now;
				since = Date.now();
			} else if (Date.now() - since >= quietMs) return now;
			if (Date.now() > deadline) return now;
		}
	}

	async stop(): Promise<void> {
		if (this.child.exitCode === null) {
			this.child.kill('SIGTERM');
			await new Promise(resolve => {
				const timer = setTimeout(() => {
					this.child.kill('SIGKILL');
					resolve(null);
				}, 3000);
				this.child.once('exit', () => {
					clearTimeout(timer);
					resolve(null);
				});
			});
		}
		rmSync(this.dir, {recursive: true, force: true});
	}
}
