// An in-memory EnginePort for component and unit tests: raw Engine API shapes in,
// events out, the same refusals as the real engine for the common mistakes.
import {KILL_SCRIPT, MARKER_VAR} from '../../source/commands/probe-exec.js';
import {
	EngineError,
	type ConnectSpec,
	type EngineInfo,
	type EnginePort,
	type EventSubscription,
	type ExecResult,
	type ExecSpec,
	type ExecState,
	type HelperContainerSpec,
	type NetworkCreateSpec,
	type RawContainerInspect,
	type RawContainerSummary,
	type RawEvent,
	type RawNetwork,
} from '../../source/engine/port.js';

let counter = 0;
export const fakeId = (seed: string): string => {
	counter++;
	let hex = '';
	for (const ch of `${seed}:${counter}`) hex += ch.charCodeAt(0).toString(16);
	return (hex + '0'.repeat(64)).slice(0, 64);
};

export type MemoryContainer = {
	id: string;
	name: string;
	image: string;
	state: 'running' | 'exited' | 'created';
	networkMode: string;
	labels: Record<string, string>;
	ports: Array<{containerPort: number; protocol: string; hostPort?: number; hostIp?: string}>;
	/** network id -> endpoint config */
	networks: Map<string, {aliases: string[]; ipv4: string; prefix: number; mac: string; endpointId: string; staticIpv4?: string}>;
};

/** One exec process: like the real engine, it keeps running when its stream is aborted. */
export type MemoryExec = {
	id: string;
	containerId: string;
	argv: string[];
	env: string[];
	running: boolean;
	exitCode: number | null;
	/** Ends the process (exit code, or null when killed by a signal). */
	finish(exitCode: number | null): void;
	/** Resolves when the process ends. */
	done: Promise<number | null>;
};

export type ExecHandler = (container: MemoryContainer, spec: ExecSpec, exec: MemoryExec) => Promise<ExecResult> | ExecResult;

export class MemoryEngine implements EnginePort {
	readonly endpoint = 'memory://test';
	readonly networks = new Map<string, RawNetwork>();
	readonly containers = new Map<string, MemoryContainer>();
	/** Every call, for tests that count API calls. */
	readonly calls: string[] = [];
	execHandler: ExecHandler = () => ({exitCode: 127});
	/** Every exec ever started, by id (running ones included). */
	readonly execs = new Map<string, MemoryExec>();
	/** When set, every call fails as if the engine were gone. */
	down = false;
	/** While set, ping() and exec() never answer (a stopped dockerd); resume() releases them. */
	hung = false;
	private readonly hungWaiters = new Set<() => void>();
	/** Pings answered (not in `calls`: the liveness ping runs on a clock). */
	pings = 0;
	apiVersion = '1.41';
	private readonly subscribers = new Set<(event: RawEvent) => void>();
	private readonly streams = new Set<{end: () => void}>();
	private nextIp = 2;

	constructor() {
		this.addNetwork({name: 'bridge', driver: 'bridge', subnet: '172.17.0.0/16', gateway: '172.17.0.1'});
		this.addNetwork({name: 'host', driver: 'host'});
		this.addNetwork({name: 'none', driver: 'null'});
	}

	private touch(call: string): void {
		this.calls.push(call);
		if (this.down) throw new EngineError('unreachable', 'ECONNREFUSED: connect ECONNREFUSED memory://test');
	}

	emit(event: RawEvent): void {
		for (const subscriber of this.subscribers) subscriber(event);
	}

	/** Ends every open event stream, as a restarting engine would. */
	dropStreams(): void {
		for (const stream of this.streams) stream.end();
	}

	addNetwork(spec: {
		name: string;
		driver?: string;
		subnet?: string;
		gateway?: string;
		internal?: boolean;
		labels?: Record<string, string>;
		options?: Record<string, string>;
		attachable?: boolean;
		ipv6?: boolean;
	}): RawNetwork {
		const raw: RawNetwork = {
			Name: spec.name,
			Id: fakeId(`net-${spec.name}`),
			Created: '2026-11-23T10:00:00.000000000Z',
			Scope: 'local',
			Driver: spec.driver ?? 'bridge',
			EnableIPv6: Boolean(spec.ipv6),
			IPAM: {
				Driver: 'default',
				Options: null,
				Config: spec.subnet ? [{Subnet: spec.subnet, ...(spec.gateway ? {Gateway: spec.gateway} : {})}] : [],
			},
			Internal: Boolean(spec.internal),
			Attachable: Boolean(spec.attachable),
			Ingress: false,
			ConfigFrom: {Network: ''},
			ConfigOnly: false,
			Containers: {},
			Options: spec.options ?? {},
			Labels: spec.labels ?? {},
		};
		this.networks.set(raw.Id, raw);
		this.emit({Type: 'network', Action: 'create', Actor: {ID: raw.Id, Attributes: {name: raw.Name, type: raw.Driver ?? 'bridge'}}});
		return raw;
	}

	addContainer(spec: {
		name: string;
		image?: string;
		state?: MemoryContainer['state'];
		networks?: Array<string | {name: string; aliases?: string[]; ip?: string}>;
		networkMode?: string;
		labels?: Record<string, string>;
		ports?: MemoryContainer['ports'];
	}): MemoryContainer {
		const container: MemoryContainer = {
			id: fakeId(`ctr-${spec.name}`),
			name: spec.name,
			image: spec.image ?? 'docknet-busybox:latest',
			state: spec.state ?? 'running',
			networkMode: spec.networkMode ?? (typeof spec.networks?.[0] === 'string' ? spec.networks[0] : spec.networks?.[0]?.name) ?? 'default',
			labels: spec.labels ?? {},
			ports: spec.ports ?? [],
			networks: new Map(),
		};
		this.containers.set(container.id, container);
		for (const entry of spec.networks ?? (spec.networkMode ? [] : ['bridge'])) {
			const item = typeof entry === 'string' ? {name: entry} : entry;
			const network = this.networkByRef(item.name);
			this.attach(container, network, item.aliases ?? [], item.ip);
		}
		this.emit({Type: 'container', Action: 'create', Actor: {ID: container.id, Attributes: {name: container.name}}});
		return container;
	}

	private attach(container: MemoryContainer, network: RawNetwork, aliases: string[], ip?: string): void {
		const subnet = network.IPAM?.Config?.[0]?.Subnet ?? '10.99.0.0/16';
		const [base, prefix] = subnet.split('/');
		const parts = base!.split('.');
		const n = this.nextIp++;
		// host and none networks give an endpoint but no address.
		const addressless = network.Driver === 'host' || network.Driver === 'null';
		const ipv4 = addressless ? '' : (ip ?? `${parts[0]}.${parts[1]}.${Math.floor(n / 250)}.${(n % 250) + 2}`);
		container.networks.set(network.Id, {
			aliases,
			ipv4,
			prefix: Number(prefix ?? 16),
			mac: `02:42:0a:00:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`,
			endpointId: fakeId(`ep-${container.name}-${network.Name}`),
			...(ip ? {staticIpv4: ip} : {}),
		});
	}

	networkByRef(ref: string): RawNetwork {
		const network = this.networks.get(ref) ?? [...this.networks.values()].find(n => n.Name === ref || n.Id.startsWith(ref));
		if (!network) throw new EngineError('not-found', `network ${ref} not found`, 404);
		return network;
	}

	containerByRef(ref: string): MemoryContainer {
		const container = this.containers.get(ref) ?? [...this.containers.values()].find(c => c.name === ref || c.id.startsWith(ref));
		if (!container) throw new EngineError('not-found', `No such container: ${ref}`, 404);
		return container;
	}

	private endpointSettings(c: MemoryContainer, withAliases: boolean) {
		const out: Record<string, NonNullable<NonNullable<RawContainerSummary['NetworkSettings']>['Networks']>[string]> = {};
		for (const [networkId, ep] of c.networks) {
			const network = this.networks.get(networkId);
			if (!network) continue;
			const live = c.state === 'running';
			const predefined = network.Name === 'bridge';
			out[network.Name] = {
				IPAMConfig: ep.staticIpv4 ? {IPv4Address: ep.staticIpv4} : null,
				Links: null,
				Aliases: withAliases && !predefined ? [...ep.aliases, c.id.slice(0, 12)] : null,
				NetworkID: networkId,
				EndpointID: live ? ep.endpointId : '',
				Gateway: live ? (network.IPAM?.Config?.[0]?.Gateway ?? '') : '',
				IPAddress: live ? ep.ipv4 : '',
				IPPrefixLen: live && ep.ipv4 ? ep.prefix : 0,
				IPv6Gateway: '',
				GlobalIPv6Address: '',
				GlobalIPv6PrefixLen: 0,
				MacAddress: live ? ep.mac : '',
			};
		}
		return out;
	}

	// --- EnginePort ---

	/** Waits while the engine is hung; an abort rejects as a dropped request would. */
	private async whileHung(signal?: AbortSignal): Promise<void> {
		while (this.hung) {
			if (signal?.aborted) throw Object.assign(new Error('The operation was aborted'), {name: 'AbortError'});
			await new Promise<void>(resolve => {
				const go = () => {
					this.hungWaiters.delete(go);
					signal?.removeEventListener('abort', go);
					resolve();
				};
				this.hungWaiters.add(go);
				signal?.addEventListener('abort', go, {once: true});
			});
		}
	}

	hang(): void {
		this.hung = true;
	}

	resume(): void {
		this.hung = false;
		for (const go of [...this.hungWaiters]) go();
	}

	async ping(signal: AbortSignal): Promise<void> {
		await this.whileHung(signal);
		if (this.down) throw new EngineError('unreachable', 'ECONNREFUSED: connect ECONNREFUSED memory://test');
		this.pings++;
	}

	async info(): Promise<EngineInfo> {
		this.touch('info');
		return {endpoint: this.endpoint, apiVersion: this.apiVersion, serverVersion: '20.10.24', os: 'linux'};
	}

	async listNetworks(): Promise<RawNetwork[]> {
		this.touch('listNetworks');
		return [...this.networks.values()].map(n => ({...n, Containers: {}}));
	}

	async listContainers(): Promise<RawContainerSummary[]> {
		this.touch('listContainers');
		return [...this.containers.values()].map(c => ({
			Id: c.id,
			Names: [`/${c.name}`],
			Image: c.image,
			ImageID: 'sha256:' + '0'.repeat(64),
			Command: 'sleep 3600',
			Created: 1_790_000_000,
			Ports: c.ports.map(p => ({
				IP: p.hostIp ?? (p.hostPort ? '0.0.0.0' : undefined),
				PrivatePort: p.containerPort,
				PublicPort: p.hostPort,
				Type: p.protocol,
			})),
			Labels: c.labels,
			State: c.state,
			Status: c.state === 'running' ? 'Up 5 minutes' : 'Exited (0) 1 minute ago',
			HostConfig: {NetworkMode: c.networkMode},
			NetworkSettings: {Networks: this.endpointSettings(c, false)},
		}));
	}

	async inspectNetwork(idOrName: string): Promise<RawNetwork> {
		this.touch('inspectNetwork');
		const network = this.networkByRef(idOrName);
		const containers: NonNullable<RawNetwork['Containers']> = {};
		for (const c of this.containers.values()) {
			const ep = c.networks.get(network.Id);
			if (ep && c.state === 'running')
				containers[c.id] = {
					Name: c.name,
					EndpointID: ep.endpointId,
					MacAddress: ep.mac,
					IPv4Address: `${ep.ipv4}/${ep.prefix}`,
					IPv6Address: '',
				};
		}
		return {...network, Containers: containers};
	}

	async inspectContainer(idOrName: string): Promise<RawContainerInspect> {
		this.touch('inspectContainer');
		const c = this.containerByRef(idOrName);
		const bindings: Record<string, Array<{HostIp?: string; HostPort?: string}> | null> = {};
		for (const p of c.ports)
			bindings[`${p.containerPort}/${p.protocol}`] = p.hostPort ? [{HostIp: p.hostIp ?? '0.0.0.0', HostPort: String(p.hostPort)}] : null;
		return {
			Id: c.id,
			Name: `/${c.name}`,
			Created: '2026-11-23T10:00:00.000000000Z',
			Image: 'sha256:' + '0'.repeat(64),
			State: {
				Status: c.state,
				Running: c.state === 'running',
				Paused: false,
				Restarting: false,
				Pid: c.state === 'running' ? 4242 : 0,
				ExitCode: 0,
			},
			Config: {
				Image: c.image,
				Hostname: c.id.slice(0, 12),
				Labels: c.labels,
				ExposedPorts: Object.fromEntries(c.ports.map(p => [`${p.containerPort}/${p.protocol}`, {}])),
				Cmd: ['sleep', '3600'],
			},
			HostConfig: {NetworkMode: c.networkMode, Links: null, ExtraHosts: null, Dns: []},
			NetworkSettings: {Ports: c.state === 'running' ? bindings : {}, Networks: this.endpointSettings(c, true)},
		};
	}

	subscribeEvents(onEvent: (event: RawEvent) => void, signal: AbortSignal): EventSubscription {
		let end!: () => void;
		const done = new Promise<void>((resolve, reject) => {
			if (this.down) return reject(new EngineError('unreachable', 'ECONNREFUSED: engine down'));
			const stream = {end: () => reject(new EngineError('unreachable', 'event stream ended'))};
			end = () => {
				this.subscribers.delete(onEvent);
				this.streams.delete(stream);
			};
			this.subscribers.add(onEvent);
			this.streams.add(stream);
			signal.addEventListener('abort', () => {
				end();
				resolve();
			});
		});
		const ready = this.down ? Promise.reject(new EngineError('unreachable', 'ECONNREFUSED: engine down')) : Promise.resolve();
		ready.catch(() => {});
		done.catch(() => {}).finally(() => end?.());
		return {ready, done};
	}

	async connectNetwork(networkRef: string, containerRef: string, spec: ConnectSpec): Promise<void> {
		this.touch('connectNetwork');
		const network = this.networkByRef(networkRef);
		const container = this.containerByRef(containerRef);
		if (container.networks.has(network.Id)) {
			throw new EngineError('conflict', `endpoint with name ${container.name} already exists in network ${network.Name}`, 403);
		}
		if (spec.ipv4 && !network.IPAM?.Config?.length) {
			throw new EngineError(
				'invalid',
				'user specified IP address is supported only when connecting to networks with user configured subnets',
				400,
			);
		}
		this.attach(container, network, spec.aliases ?? [], spec.ipv4);
		this.emit({
			Type: 'network',
			Action: 'connect',
			Actor: {ID: network.Id, Attributes: {name: network.Name, type: network.Driver ?? 'bridge', container: container.id}},
		});
	}

	async disconnectNetwork(networkRef: string, containerRef: string, _force: boolean): Promise<void> {
		this.touch('disconnectNetwork');
		const network = this.networkByRef(networkRef);
		const container = this.containerByRef(containerRef);
		if (!container.networks.delete(network.Id)) {
			throw new EngineError('forbidden', `container ${container.id} is not connected to network ${network.Name}`, 403);
		}
		this.emit({
			Type: 'network',
			Action: 'disconnect',
			Actor: {ID: network.Id, Attributes: {name: network.Name, type: network.Driver ?? 'bridge', container: container.id}},
		});
	}

	async createNetwork(spec: NetworkCreateSpec): Promise<{id: string}> {
		this.touch('createNetwork');
		if ([...this.networks.values()].some(n => n.Name === spec.name)) {
			throw new EngineError('conflict', `network with name ${spec.name} already exists`, 409);
		}
		const first = spec.ipam?.[0];
		const raw = this.addNetwork({
			name: spec.name,
			...(spec.driver ? {driver: spec.driver} : {}),
			...(first?.subnet ? {subnet: first.subnet} : {}),
			...(first?.gateway ? {gateway: first.gateway} : {}),
			internal: Boolean(spec.internal),
			attachable: Boolean(spec.attachable),
			ipv6: Boolean(spec.enableIPv6),
			labels: spec.labels ?? {},
			options: spec.options ?? {},
		});
		return {id: raw.Id};
	}

	async removeNetwork(idOrName: string): Promise<void> {
		this.touch('removeNetwork');
		const network = this.networkByRef(idOrName);
		if (['bridge', 'host', 'none'].includes(network.Name)) {
			throw new EngineError('forbidden', `${network.Name} is a pre-defined network and cannot be removed`, 403);
		}
		const active = [...this.containers.values()].filter(c => c.state === 'running' && c.networks.has(network.Id));
		if (active.length)
			throw new EngineError(
				'forbidden',
				`error while removing network: network ${network.Name} id ${network.Id} has active endpoints`,
				403,
			);
		this.networks.delete(network.Id);
		for (const c of this.containers.values()) c.networks.delete(network.Id);
		this.emit({
			Type: 'network',
			Action: 'destroy',
			Actor: {ID: network.Id, Attributes: {name: network.Name, type: network.Driver ?? 'bridge'}},
		});
	}

	async pruneNetworks(): Promise<string[]> {
		this.touch('pruneNetworks');
		const removed: string[] = [];
		for (const network of [...this.networks.values()]) {
			if (['bridge', 'host', 'none'].includes(network.Name)) continue;
			const active = [...this.containers.values()].some(c => c.state === 'running' && c.networks.has(network.Id));
			if (!active) {
				await this.removeNetwork(network.Id);
				removed.push(network.Name);
			}
		}
		return removed;
	}

	async exec(containerRef: string, spec: ExecSpec): Promise<ExecResult> {
		this.touch('exec');
		await this.whileHung(spec.signal);
		const container = this.containerByRef(containerRef);
		if (container.state !== 'running') throw new EngineError('conflict', `Container ${container.id} is not running`, 409);
		let finish!: (code: number | null) => void;
		const done = new Promise<number | null>(resolve => (finish = resolve));
		const exec: MemoryExec = {
			id: fakeId('exec'),
			containerId: container.id,
			argv: [...spec.argv],
			env: [...(spec.env ?? [])],
			running: true,
			exitCode: null,
			finish: code => {
				if (!exec.running) return;
				exec.running = false;
				exec.exitCode = code;
				finish(code);
			},
			done,
		};
		this.execs.set(exec.id, exec);
		spec.onCreated?.(exec.id);
		// The handler's result ends the process unless it was already finished (killed).
		const ran = Promise.resolve(this.execHandler(container, spec, exec)).then(result => {
			exec.finish(result.exitCode);
			return result;
		});
		if (!spec.signal) return ran;
		// Aborting closes the stream only: the process keeps running, as in the real engine.
		return Promise.race([
			ran,
			new Promise<ExecResult>(resolve => {
				if (spec.signal!.aborted) return resolve({exitCode: null});
				spec.signal!.addEventListener('abort', () => resolve({exitCode: null}), {once: true});
			}),
		]);
	}

	async inspectExec(execId: string): Promise<ExecState> {
		this.touch('inspectExec');
		const exec = this.execs.get(execId);
		if (!exec) throw new EngineError('not-found', `No such exec instance: ${execId}`, 404);
		return {running: exec.running, exitCode: exec.exitCode, pid: exec.running ? 4000 + this.execs.size : null};
	}

	/** Ends every running exec in a container whose environment holds `entry` (what a kill by marker does). */
	/** Answers the probe runner's kill-by-marker exec (commands/probe-exec.ts) as the real
	 * script does; true when argv was that exec. */
	answerKillExec(containerRef: string, argv: readonly string[]): boolean {
		if (argv[0] !== 'sh' || argv[2] !== KILL_SCRIPT) return false;
		this.killByEnv(containerRef, `${MARKER_VAR}=${argv[4]}`);
		return true;
	}

	killByEnv(containerRef: string, entry: string): number {
		const container = this.containerByRef(containerRef);
		let killed = 0;
		for (const exec of this.execs.values()) {
			if (exec.running && exec.containerId === container.id && exec.env.includes(entry)) {
				exec.finish(null);
				killed++;
			}
		}
		return killed;
	}

	async hasImage(ref: string): Promise<boolean> {
		this.touch('hasImage');
		return ref.startsWith('docknet-busybox');
	}

	async runHelper(spec: HelperContainerSpec): Promise<{id: string}> {
		this.touch('runHelper');
		const c = this.addContainer({name: spec.name, image: spec.image, networkMode: spec.networkMode, labels: spec.labels ?? {}});
		return {id: c.id};
	}

	async startContainer(idOrName: string): Promise<void> {
		this.touch('startContainer');
		const c = this.containerByRef(idOrName);
		c.state = 'running';
		this.emit({Type: 'container', Action: 'start', Actor: {ID: c.id, Attributes: {name: c.name}}});
	}

	async unpauseContainer(idOrName: string): Promise<void> {
		this.touch('unpauseContainer');
		const c = this.containerByRef(idOrName);
		this.emit({Type: 'container', Action: 'unpause', Actor: {ID: c.id, Attributes: {name: c.name}}});
	}

	async removeContainer(idOrName: string): Promise<void> {
		this.touch('removeContainer');
		const c = this.containerByRef(idOrName);
		this.containers.delete(c.id);
		this.emit({Type: 'container', Action: 'destroy', Actor: {ID: c.id, Attributes: {name: c.name}}});
	}

	async top(containerRef: string): Promise<Array<{pid: string; command: string}>> {
		this.touch('top');
		const container = this.containerByRef(containerRef);
		return [...this.execs.values()]
			.filter(e => e.running && e.containerId === container.id)
			.map((e, i) => ({pid: String(5000 + i), command: e.argv.join(' ')}));
	}
}

/** The seed topology of scripts/sandbox-engine.sh, in memory. */
export function seedMemoryEngine(engine = new MemoryEngine()): MemoryEngine {
	engine.addNetwork({name: 'app-net', subnet: '10.10.0.0/24', gateway: '10.10.0.1', labels: {'docknet.seed': '1'}});
	engine.addNetwork({name: 'frontend', subnet: '10.20.0.0/24', gateway: '10.20.0.1', labels: {'docknet.seed': '1'}});
	engine.addNetwork({name: 'backend', subnet: '10.30.0.0/24', gateway: '10.30.0.1', labels: {'docknet.seed': '1', tier: 'data'}});
	engine.addNetwork({name: 'vault-net', subnet: '10.40.0.0/24', gateway: '10.40.0.1', internal: true, labels: {'docknet.seed': '1'}});
	engine.addNetwork({name: 'unused-net', subnet: '10.50.0.0/24', gateway: '10.50.0.1', labels: {'docknet.seed': '1'}});
	engine.addContainer({
		name: 'web',
		networks: ['app-net'],
		ports: [{containerPort: 80, protocol: 'tcp', hostPort: 8080, hostIp: '0.0.0.0'}],
	});
	engine.addContainer({name: 'db', networks: [{name: 'app-net', aliases: ['mysql']}]});
	engine.addContainer({name: 'proxy', networks: ['frontend']});
	engine.addContainer({name: 'cache', networks: ['backend']});
	engine.addContainer({name: 'api-server', networks: ['frontend', 'backend', 'vault-net']});
	engine.addContainer({name: 'store', networks: [{name: 'vault-net', aliases: ['ledger']}]});
	engine.addContainer({name: 'legacy-a', networks: ['bridge'], networkMode: 'default'});
	engine.addContainer({name: 'legacy-b', networks: ['bridge'], networkMode: 'default'});
	engine.addContainer({name: 'hostbox', networks: ['host'], networkMode: 'host'});
	engine.addContainer({name: 'nonebox', networks: ['none'], networkMode: 'none'});
	engine.addContainer({name: 'batch', state: 'exited', networks: ['app-net']});
	return engine;
}
