// The benchmark topology on the private engine: ~100 containers on ~25 networks,
// every resource labelled docknet.bench=<spec version> so it can be found, reused by
// the next run (creating 100 containers takes ~45 s) and removed.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {mapBounded as mapLimit} from '../../source/commands/load-topology.js';
import {httpOk, socketOf} from './engine-http.js';

const run = promisify(execFile);

export const BENCH_LABEL_KEY = 'docknet.bench';
export const BENCH_LABEL_VALUE = 'v1';
export const BENCH_LABEL = `${BENCH_LABEL_KEY}=${BENCH_LABEL_VALUE}`;

export type RealSpec = {containers: number; networks: number};

// "zz-" sorts after every seed and test name, so the benchmark's resources never push
// what other tests look for off a 40-row screen while they exist.
export const networkName = (i: number): string => `zz-bench-net-${String(i).padStart(2, '0')}`;
export const containerName = (i: number): string => `zz-bench-c-${String(i).padStart(3, '0')}`;

/** Container i lives on network i % M (alias svc-i on even i); every 4th is also on a second one. */
export function layout(spec: RealSpec, i: number): {primary: number; aliases: string[]; second: number | null} {
	const primary = i % spec.networks;
	let second: number | null = null;
	if (spec.networks > 1 && i % 4 === 0) {
		second = (i * 7 + 3) % spec.networks;
		if (second === primary) second = (second + 1) % spec.networks;
	}
	return {primary, aliases: i % 2 === 0 ? [`svc-${i}`] : [], second};
}

export class RealEngine {
	constructor(
		readonly dockerHost: string,
		readonly dockerCli: string,
		readonly log: (line: string) => void,
	) {}

	get socketPath(): string {
		return socketOf(this.dockerHost);
	}

	async docker(args: string[]): Promise<string> {
		const env: NodeJS.ProcessEnv = {...process.env, DOCKER_HOST: this.dockerHost};
		delete env.DOCKER_CONTEXT;
		try {
			const {stdout} = await run(this.dockerCli, args, {env, maxBuffer: 256 * 1024 * 1024});
			return stdout;
		} catch (error) {
			const e = error as {stderr?: string};
			throw new Error(`docker ${args.slice(0, 4).join(' ')}…: ${(e.stderr ?? String(error)).trim()}`);
		}
	}

	async version(): Promise<{server: string; api: string}> {
		const v = (await httpOk(this.socketPath, 'GET', '/version')).json<{Version: string; ApiVersion: string}>();
		return {server: v.Version, api: v.ApiVersion};
	}

	async counts(): Promise<{containers: number; running: number; networks: number}> {
		const containers = (await httpOk(this.socketPath, 'GET', '/containers/json?all=1')).json<Array<{State: string}>>();
		const networks = (await httpOk(this.socketPath, 'GET', '/networks')).json<unknown[]>();
		return {containers: containers.length, running: containers.filter(c => c.State === 'running').length, networks: networks.length};
	}

	private async labelled(): Promise<{containers: Array<{name: string; state: string}>; networks: string[]}> {
		const filter = encodeURIComponent(JSON.stringify({label: [BENCH_LABEL_KEY]}));
		const containers = (await httpOk(this.socketPath, 'GET', `/containers/json?all=1&filters=${filter}`))
			.json<Array<{Names: string[]; State: string; Labels: Record<string, string>}>>()
			.map(c => ({name: c.Names[0]!.replace(/^\//, ''), state: c.State, version: c.Labels[BENCH_LABEL_KEY]}))
			.map(c => ({name: c.version === BENCH_LABEL_VALUE ? c.name : `stale:${c.name}`, state: c.state}));
		const networks = (await httpOk(this.socketPath, 'GET', `/networks?filters=${filter}`))
			.json<Array<{Name: string; Labels: Record<string, string>}>>()
			.map(n => (n.Labels[BENCH_LABEL_KEY] === BENCH_LABEL_VALUE ? n.Name : `stale:${n.Name}`));
		return {containers, networks};
	}

	/** Makes sure the benchmark topology exists (reusing it when complete). Returns whether it was created. */
	async ensure(spec: RealSpec, image: string): Promise<'reused' | 'created'> {
		const have = await this.labelled();
		const wantNets = Array.from({length: spec.networks}, (_, i) => networkName(i));
		const wantCtrs = Array.from({length: spec.containers}, (_, i) => containerName(i));
		const haveNames = new Set(have.containers.map(c => c.name));
		const complete =
			have.networks.length === wantNets.length &&
			wantNets.every(n => have.networks.includes(n)) &&
			have.containers.length === wantCtrs.length &&
			wantCtrs.every(n => haveNames.has(n));
		if (complete) {
			// A container that did not start (or was stopped) is started, not the whole topology
			// rebuilt: at 600 containers on a loaded machine a rebuild takes ~10 minutes.
			const stopped = have.containers.filter(c => c.state !== 'running').map(c => c.name);
			if (stopped.length) {
				await mapLimit(stopped, 8, name => this.docker(['start', name]));
				this.log(`started ${stopped.length} stopped benchmark container(s)`);
			}
			return 'reused';
		}
		if (have.networks.length || have.containers.length) await this.remove();
		const started = Date.now();
		this.log(`creating ${spec.containers} containers on ${spec.networks} networks (labelled ${BENCH_LABEL})…`);
		await mapLimit(wantNets, 8, name => this.docker(['network', 'create', '--label', BENCH_LABEL, name]));
		await mapLimit(
			Array.from({length: spec.containers}, (_, i) => i),
			8,
			async i => {
				const {primary, aliases} = layout(spec, i);
				await this.docker([
					'run',
					'-d',
					'--name',
					containerName(i),
					'--label',
					BENCH_LABEL,
					'--stop-timeout',
					'1',
					'--restart',
					'no',
					'--network',
					networkName(primary),
					...aliases.flatMap(a => ['--network-alias', a]),
					image,
					'sleep',
					'infinity',
				]);
			},
		);
		await mapLimit(
			Array.from({length: spec.containers}, (_, i) => i).filter(i => layout(spec, i).second !== null),
			8,
			i => this.docker(['network', 'connect', '--alias', `m-${i}`, networkName(layout(spec, i).second!), containerName(i)]),
		);
		this.log(`created in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return 'created';
	}

	/** Removes every resource labelled docknet.bench (any spec version). */
	async remove(): Promise<void> {
		const ids = (await this.docker(['ps', '-aq', '--filter', `label=${BENCH_LABEL_KEY}`])).split('\n').filter(Boolean);
		for (let i = 0; i < ids.length; i += 50) await this.docker(['rm', '-f', ...ids.slice(i, i + 50)]);
		const nets = (await this.docker(['network', 'ls', '-q', '--filter', `label=${BENCH_LABEL_KEY}`])).split('\n').filter(Boolean);
		if (nets.length) await this.docker(['network', 'rm', ...nets]);
		if (ids.length || nets.length) this.log(`removed ${ids.length} benchmark containers and ${nets.length} networks`);
	}

	/**
	 * A bounded stream of real network events: disconnects and reconnects the second
	 * network of multi-homed benchmark containers, through the Engine API (no CLI
	 * processes competing for the CPU). Stops after `count` events or when `signal` aborts.
	 */
	async churn(spec: RealSpec, count: number, intervalMs: number, signal: AbortSignal): Promise<number> {
		const movers = Array.from({length: spec.containers}, (_, i) => i).filter(i => layout(spec, i).second !== null);
		if (movers.length === 0) return 0;
		let sent = 0;
		let disconnected: number | null = null;
		const connect = (i: number) =>
			httpOk(this.socketPath, 'POST', `/networks/${networkName(layout(spec, i).second!)}/connect`, {
				Container: containerName(i),
				EndpointConfig: {Aliases: [`m-${i}`]},
			});
		for (let k = 0; k < count && !signal.aborted; k++) {
			const i = movers[Math.floor(k / 2) % movers.length]!;
			try {
				if (k % 2 === 0) {
					await httpOk(this.socketPath, 'POST', `/networks/${networkName(layout(spec, i).second!)}/disconnect`, {
						Container: containerName(i),
						Force: false,
					});
					disconnected = i;
				} else {
					await connect(i);
					disconnected = null;
				}
				sent++;
			} catch (error) {
				this.log(`churn: ${error instanceof Error ? error.message : error}`);
			}
			await new Promise(resolve => setTimeout(resolve, intervalMs));
		}
		// Leave every mover connected again.
		if (disconnected !== null) await connect(disconnected).catch(error => this.log(`churn: reconnect: ${error}`));
		return sent;
	}
}
