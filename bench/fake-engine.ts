// An Engine-API-compatible fake Docker engine on a unix socket, for benchmarks.
//
// It generates N containers on M networks deterministically (same options → same
// ids, names, addresses), answers the calls docknet and the docker CLI make
// (GET /_ping, /version, /networks, /networks/{id}, /containers/json,
// /containers/{id}/json, /events), counts every call per path, and can push a
// bounded stream of network connect/disconnect events that really change its state
// (a disconnect removes the endpoint, the following connect restores it), so clients
// that re-read what an event touched see the change.
//
// Nothing is checked in: payloads are built from a template sized like a real
// API 1.41 response (a container inspect is ~4.5 KB, as on the sandbox engine).
//
// In-process: `const fake = await startFakeEngine({socketPath, containers, networks})`.
// As a process (what bench/run.ts does, so the fake never shares a CPU with the
// harness's event loop): `node --import tsx bench/fake-engine.ts --socket P
// --containers N --networks M`; it prints `ready <socket>` and is controlled over the
// same socket: GET /_bench/stats, POST /_bench/reset, POST /_bench/events
// {"count":N,"intervalMs":T}, POST /_bench/events/stop. Those paths are not counted.
import {createHash} from 'node:crypto';
import {existsSync, rmSync} from 'node:fs';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {parseArgs} from 'node:util';
import {fileURLToPath} from 'node:url';

export type FakeEngineOptions = {
	socketPath: string;
	containers: number;
	networks: number;
	/** Engine API version the fake claims (default 1.41, like the sandbox). */
	apiVersion?: string;
};

export type EventStreamSpec = {count: number; intervalMs: number};

export type FakeStats = {
	calls: Record<string, number>;
	total: number;
	eventsSent: number;
	eventsPending: number;
	openEventStreams: number;
	containers: number;
	networks: number;
	/** Container lists requested while another container list was still being answered. */
	overlappingContainerLists: number;
};

type Attachment = {
	networkIdx: number; // -1 = default bridge
	ip: string;
	mac: string;
	endpointId: string;
	aliases: string[];
	attached: boolean;
};

type FakeContainer = {
	idx: number;
	id: string;
	name: string;
	running: boolean;
	created: number;
	labels: Record<string, string>;
	networkMode: string;
	attachments: Attachment[];
	ports: Array<{PrivatePort: number; PublicPort?: number; IP?: string; Type: string}>;
};

type FakeNetwork = {
	idx: number;
	id: string;
	name: string;
	subnet: string;
	gateway: string;
	created: string;
	labels: Record<string, string>;
};

const hex64 = (seed: string): string => createHash('sha256').update(seed).digest('hex');
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const IMAGE_ID = `sha256:${hex64('image:docknet-busybox')}`;
const BASE_TIME = Date.UTC(2026, 0, 1) / 1000;
const BRIDGE_IDX = -1;

/** Deterministic topology: ids are hashes of names, layout is arithmetic on the index. */
export class FakeTopology {
	readonly networks: FakeNetwork[] = [];
	readonly containers: FakeContainer[] = [];
	readonly bridge: FakeNetwork;
	readonly host: FakeNetwork;
	readonly none: FakeNetwork;
	private readonly byId = new Map<string, FakeContainer | FakeNetwork>();
	private readonly nextHost = new Map<number, number>();

	constructor(containerCount: number, networkCount: number) {
		const special = (name: string, subnet: string, gateway: string): FakeNetwork => ({
			idx: BRIDGE_IDX,
			id: hex64(`net:${name}`),
			name,
			subnet,
			gateway,
			created: new Date(BASE_TIME * 1000).toISOString(),
			labels: {},
		});
		this.bridge = special('bridge', '172.17.0.0/16', '172.17.0.1');
		this.host = special('host', '', '');
		this.none = special('none', '', '');
		for (let i = 0; i < networkCount; i++) {
			const name = `fnet-${pad(i, 4)}`;
			const third = i & 255;
			const second = 100 + (i >> 8);
			this.networks.push({
				idx: i,
				id: hex64(`net:${name}`),
				name,
				subnet: `10.${second}.${third}.0/24`,
				gateway: `10.${second}.${third}.1`,
				created: new Date((BASE_TIME + i) * 1000).toISOString(),
				labels: {'docknet.bench': 'fake', ...(i % 10 === 0 ? {tier: 'data'} : {})},
			});
		}
		for (const n of [this.bridge, this.host, this.none, ...this.networks]) this.index(n);
		for (let i = 0; i < containerCount; i++) {
			const name = `fc-${pad(i, 5)}`;
			const id = hex64(`ctr:${name}`);
			const running = i % 20 !== 1;
			const onBridge = networkCount === 0 || i % 50 === 0;
			const primary = onBridge ? BRIDGE_IDX : i % networkCount;
			const project = onBridge ? null : `proj-${pad(primary, 4)}`;
			const c: FakeContainer = {
				idx: i,
				id,
				name,
				running,
				created: BASE_TIME + 10_000 + i,
				labels: {
					'docknet.bench': 'fake',
					...(project ? {'com.docker.compose.project': project, 'com.docker.compose.service': `svc-${i % 7}`} : {}),
				},
				networkMode: onBridge ? 'default' : this.networks[primary]!.name,
				attachments: [],
				ports: i % 9 === 0 ? [{PrivatePort: 80, Type: 'tcp'}] : [],
			};
			c.attachments.push(this.attach(c, primary, i % 3 === 0 ? [`a-${name}`] : []));
			if (!onBridge && networkCount > 1 && i % 4 === 0) {
				let second = (i * 7 + 3) % networkCount;
				if (second === primary) second = (second + 1) % networkCount;
				c.attachments.push(this.attach(c, second, []));
			}
			this.containers.push(c);
			this.index(c);
		}
	}

	private index(item: FakeContainer | FakeNetwork): void {
		this.byId.set(item.id, item);
		this.byId.set(item.id.slice(0, 12), item);
		this.byId.set(item.name, item);
	}

	private attach(c: FakeContainer, networkIdx: number, aliases: string[]): Attachment {
		const host = (this.nextHost.get(networkIdx) ?? 1) + 1;
		this.nextHost.set(networkIdx, host);
		const net = networkIdx === BRIDGE_IDX ? this.bridge : this.networks[networkIdx]!;
		const base = net.gateway.split('.').slice(0, 3).join('.');
		const ip = networkIdx === BRIDGE_IDX ? `172.17.${(host >> 8) & 255}.${host & 255}` : `${base}.${host}`;
		const mac = `02:42:${ip
			.split('.')
			.map(o => Number(o).toString(16).padStart(2, '0'))
			.join(':')}`;
		return {
			networkIdx,
			ip,
			mac,
			endpointId: hex64(`ep:${c.id}:${networkIdx}`),
			aliases: networkIdx === BRIDGE_IDX ? [] : [...aliases, c.id.slice(0, 12)],
			attached: c.running,
		};
	}

	network(idx: number): FakeNetwork {
		return idx === BRIDGE_IDX ? this.bridge : this.networks[idx]!;
	}

	findNetwork(key: string): FakeNetwork | undefined {
		const hit = this.byId.get(key) ?? this.prefix(key);
		return hit && !('attachments' in hit) ? hit : undefined;
	}

	findContainer(key: string): FakeContainer | undefined {
		const hit = this.byId.get(key.replace(/^\//, '')) ?? this.prefix(key);
		return hit && 'attachments' in hit ? hit : undefined;
	}

	private prefix(key: string): FakeContainer | FakeNetwork | undefined {
		if (key.length < 12 && /^[0-9a-f]+$/.test(key)) {
			for (const [k, v] of this.byId) if (k.length === 64 && k.startsWith(key)) return v;
		}
		return undefined;
	}

	allNetworks(): FakeNetwork[] {
		return [this.bridge, this.host, this.none, ...this.networks];
	}

	// ---- Engine API shapes -------------------------------------------------

	networkJson(n: FakeNetwork, withContainers: boolean): object {
		const driver = n.name === 'host' ? 'host' : n.name === 'none' ? 'null' : 'bridge';
		const containers: Record<string, object> = {};
		if (withContainers && driver === 'bridge') {
			for (const c of this.containers) {
				for (const a of c.attachments) {
					if (a.attached && this.network(a.networkIdx) === n) {
						containers[c.id] = {
							Name: c.name,
							EndpointID: a.endpointId,
							MacAddress: a.mac,
							IPv4Address: `${a.ip}/${a.networkIdx === BRIDGE_IDX ? 16 : 24}`,
							IPv6Address: '',
						};
					}
				}
			}
		}
		return {
			Name: n.name,
			Id: n.id,
			Created: n.created,
			Scope: 'local',
			Driver: driver,
			EnableIPv6: false,
			IPAM: {Driver: 'default', Options: n.name === 'bridge' ? null : {}, Config: n.subnet ? [{Subnet: n.subnet, Gateway: n.gateway}] : []},
			Internal: false,
			Attachable: false,
			Ingress: false,
			ConfigFrom: {Network: ''},
			ConfigOnly: false,
			Containers: containers,
			Options:
				n.name === 'bridge'
					? {
							'com.docker.network.bridge.default_bridge': 'true',
							'com.docker.network.bridge.enable_icc': 'true',
							'com.docker.network.bridge.enable_ip_masquerade': 'true',
							'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
							'com.docker.network.bridge.name': 'docker0',
							'com.docker.network.driver.mtu': '1500',
						}
					: {},
			Labels: n.labels,
		};
	}

	private endpointJson(a: Attachment, inspect: boolean): object {
		const live = a.attached;
		const net = this.network(a.networkIdx);
		return {
			IPAMConfig: null,
			Links: null,
			Aliases: inspect && a.networkIdx !== BRIDGE_IDX ? a.aliases : null,
			NetworkID: net.id,
			EndpointID: live ? a.endpointId : '',
			Gateway: live ? net.gateway : '',
			IPAddress: live ? a.ip : '',
			IPPrefixLen: live ? (a.networkIdx === BRIDGE_IDX ? 16 : 24) : 0,
			IPv6Gateway: '',
			GlobalIPv6Address: '',
			GlobalIPv6PrefixLen: 0,
			MacAddress: live ? a.mac : '',
			DriverOpts: null,
		};
	}

	private endpoints(c: FakeContainer, inspect: boolean): Record<string, object> {
		const out: Record<string, object> = {};
		for (const a of c.attachments) {
			// A running container that was disconnected has no entry at all; a stopped
			// one keeps its configured networks with empty endpoint fields.
			if (c.running && !a.attached) continue;
			out[this.network(a.networkIdx).name] = this.endpointJson(a, inspect);
		}
		return out;
	}

	summaryJson(c: FakeContainer): object {
		return {
			Id: c.id,
			Names: [`/${c.name}`],
			Image: 'docknet-busybox:latest',
			ImageID: IMAGE_ID,
			Command: 'sh -c \'trap "exit 0" TERM INT; sleep infinity & wait\'',
			Created: c.created,
			Ports: c.ports,
			Labels: c.labels,
			State: c.running ? 'running' : 'exited',
			Status: c.running ? 'Up 2 hours' : 'Exited (0) 2 hours ago',
			HostConfig: {NetworkMode: c.networkMode},
			NetworkSettings: {Networks: this.endpoints(c, false)},
			Mounts: [],
		};
	}

	inspectJson(c: FakeContainer): object {
		const dir = `/var/lib/docker/containers/${c.id}`;
		const layer = hex64(`layer:${c.id}`);
		return {
			Id: c.id,
			Created: new Date(c.created * 1000).toISOString(),
			Path: 'sh',
			Args: ['-c', 'trap "exit 0" TERM INT; sleep infinity & wait'],
			State: {
				Status: c.running ? 'running' : 'exited',
				Running: c.running,
				Paused: false,
				Restarting: false,
				OOMKilled: false,
				Dead: false,
				Pid: c.running ? 10_000 + c.idx : 0,
				ExitCode: 0,
				Error: '',
				StartedAt: new Date(c.created * 1000 + 500).toISOString(),
				FinishedAt: c.running ? '0001-01-01T00:00:00Z' : new Date(c.created * 1000 + 900).toISOString(),
			},
			Image: IMAGE_ID,
			ResolvConfPath: `${dir}/resolv.conf`,
			HostnamePath: `${dir}/hostname`,
			HostsPath: `${dir}/hosts`,
			LogPath: `${dir}/${c.id}-json.log`,
			Name: `/${c.name}`,
			RestartCount: 0,
			Driver: 'overlay2',
			Platform: 'linux',
			MountLabel: '',
			ProcessLabel: '',
			AppArmorProfile: '',
			ExecIDs: null,
			HostConfig: {
				Binds: null,
				ContainerIDFile: '',
				LogConfig: {Type: 'json-file', Config: {}},
				NetworkMode: c.networkMode,
				PortBindings: {},
				RestartPolicy: {Name: 'no', MaximumRetryCount: 0},
				AutoRemove: false,
				VolumeDriver: '',
				VolumesFrom: null,
				CapAdd: null,
				CapDrop: null,
				CgroupnsMode: 'host',
				Dns: [],
				DnsOptions: [],
				DnsSearch: [],
				ExtraHosts: null,
				GroupAdd: null,
				IpcMode: 'private',
				Cgroup: '',
				Links: null,
				OomScoreAdj: 0,
				PidMode: '',
				Privileged: false,
				PublishAllPorts: false,
				ReadonlyRootfs: false,
				SecurityOpt: null,
				UTSMode: '',
				UsernsMode: '',
				ShmSize: 67108864,
				Runtime: 'runc',
				ConsoleSize: [0, 0],
				Isolation: '',
				CpuShares: 0,
				Memory: 0,
				NanoCpus: 0,
				CgroupParent: '',
				BlkioWeight: 0,
				BlkioWeightDevice: [],
				BlkioDeviceReadBps: null,
				BlkioDeviceWriteBps: null,
				BlkioDeviceReadIOps: null,
				BlkioDeviceWriteIOps: null,
				CpuPeriod: 0,
				CpuQuota: 0,
				CpuRealtimePeriod: 0,
				CpuRealtimeRuntime: 0,
				CpusetCpus: '',
				CpusetMems: '',
				Devices: [],
				DeviceCgroupRules: null,
				DeviceRequests: null,
				KernelMemory: 0,
				KernelMemoryTCP: 0,
				MemoryReservation: 0,
				MemorySwap: 0,
				MemorySwappiness: null,
				OomKillDisable: false,
				PidsLimit: null,
				Ulimits: null,
				CpuCount: 0,
				CpuPercent: 0,
				IOMaximumIOps: 0,
				IOMaximumBandwidth: 0,
				MaskedPaths: [
					'/proc/asound',
					'/proc/acpi',
					'/proc/kcore',
					'/proc/keys',
					'/proc/latency_stats',
					'/proc/timer_list',
					'/proc/timer_stats',
					'/proc/sched_debug',
					'/proc/scsi',
					'/sys/firmware',
				],
				ReadonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
			},
			GraphDriver: {
				Data: {
					LowerDir: `/var/lib/docker/overlay2/${layer}-init/diff:/var/lib/docker/overlay2/${hex64('base')}/diff`,
					MergedDir: `/var/lib/docker/overlay2/${layer}/merged`,
					UpperDir: `/var/lib/docker/overlay2/${layer}/diff`,
					WorkDir: `/var/lib/docker/overlay2/${layer}/work`,
				},
				Name: 'overlay2',
			},
			Mounts: [],
			Config: {
				Hostname: c.id.slice(0, 12),
				Domainname: '',
				User: '',
				AttachStdin: false,
				AttachStdout: false,
				AttachStderr: false,
				ExposedPorts: c.ports.length ? {'80/tcp': {}} : undefined,
				Tty: false,
				OpenStdin: false,
				StdinOnce: false,
				Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
				Cmd: ['sh', '-c', 'trap "exit 0" TERM INT; sleep infinity & wait'],
				Image: 'docknet-busybox:latest',
				Volumes: null,
				WorkingDir: '',
				Entrypoint: null,
				OnBuild: null,
				Labels: c.labels,
				StopTimeout: 1,
			},
			NetworkSettings: {
				Bridge: '',
				SandboxID: hex64(`sandbox:${c.id}`),
				HairpinMode: false,
				LinkLocalIPv6Address: '',
				LinkLocalIPv6PrefixLen: 0,
				Ports: c.ports.length ? {'80/tcp': null} : {},
				SandboxKey: `/var/run/docker/netns/${hex64(`sandbox:${c.id}`).slice(0, 12)}`,
				SecondaryIPAddresses: null,
				SecondaryIPv6Addresses: null,
				EndpointID: '',
				Gateway: '',
				GlobalIPv6Address: '',
				GlobalIPv6PrefixLen: 0,
				IPAddress: '',
				IPPrefixLen: 0,
				IPv6Gateway: '',
				MacAddress: '',
				Networks: this.endpoints(c, true),
			},
		};
	}

	/** The k-th event of the bounded stream: even k disconnects, odd k reconnects the same endpoint. */
	toggle(k: number): object | null {
		const running = this.containers.filter(c => c.running && c.attachments.some(a => a.networkIdx !== BRIDGE_IDX));
		if (running.length === 0) return null;
		const c = running[(Math.floor(k / 2) * 7919) % running.length]!;
		const a = c.attachments.find(x => x.networkIdx !== BRIDGE_IDX)!;
		const connect = k % 2 === 1 || !a.attached;
		a.attached = connect;
		const net = this.network(a.networkIdx);
		const nowMs = Date.now();
		return {
			Type: 'network',
			Action: connect ? 'connect' : 'disconnect',
			Actor: {ID: net.id, Attributes: {container: c.id, name: net.name, type: 'bridge'}},
			scope: 'local',
			time: Math.floor(nowMs / 1000),
			timeNano: nowMs * 1_000_000,
		};
	}
}

/** The path with ids replaced, so counts group by endpoint: "GET /containers/{id}/json". */
export function normalizePath(method: string, rawPath: string): string {
	const path = rawPath.replace(/^\/v\d+\.\d+(?=\/)/, '');
	const parts = path.split('/');
	if (parts[1] === 'networks' && parts[2] && !['create', 'prune'].includes(parts[2])) parts[2] = '{id}';
	if (parts[1] === 'containers' && parts[2] && !['json', 'create', 'prune'].includes(parts[2])) parts[2] = '{id}';
	if (parts[1] === 'exec' && parts[2]) parts[2] = '{id}';
	return `${method} ${parts.join('/')}`;
}

export class FakeEngine {
	readonly topology: FakeTopology;
	readonly socketPath: string;
	private readonly apiVersion: string;
	private readonly calls = new Map<string, number>();
	private readonly streams = new Set<ServerResponse>();
	private server: Server | null = null;
	private eventTimer: NodeJS.Timeout | null = null;
	private eventsSent = 0;
	private containerListsInFlight = 0;
	private overlappingContainerLists = 0;
	private eventsPending = 0;
	private eventCounter = 0;
	private listCache: string | null = null;

	constructor(options: FakeEngineOptions) {
		this.socketPath = options.socketPath;
		this.apiVersion = options.apiVersion ?? '1.41';
		this.topology = new FakeTopology(options.containers, options.networks);
	}

	async start(): Promise<void> {
		if (existsSync(this.socketPath)) rmSync(this.socketPath);
		this.server = createServer((req, res) => this.handle(req, res));
		// Keep-alive connections stay open as long as the client wants (like dockerd).
		this.server.keepAliveTimeout = 60_000;
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(this.socketPath, () => resolve());
		});
	}

	async close(): Promise<void> {
		this.stopEvents();
		for (const res of this.streams) res.end();
		this.streams.clear();
		const server = this.server;
		this.server = null;
		if (server) {
			server.closeAllConnections();
			await new Promise<void>(resolve => server.close(() => resolve()));
		}
		if (existsSync(this.socketPath)) rmSync(this.socketPath, {force: true});
	}

	stats(): FakeStats {
		const calls = Object.fromEntries([...this.calls].sort((a, b) => a[0].localeCompare(b[0])));
		return {
			calls,
			total: [...this.calls.values()].reduce((a, b) => a + b, 0),
			eventsSent: this.eventsSent,
			eventsPending: this.eventsPending,
			openEventStreams: this.streams.size,
			containers: this.topology.containers.length,
			networks: this.topology.networks.length + 3,
			overlappingContainerLists: this.overlappingContainerLists,
		};
	}

	resetCalls(): void {
		this.calls.clear();
		this.eventsSent = 0;
		this.overlappingContainerLists = 0;
	}

	/** Starts a bounded stream of connect/disconnect events (replaces a running one). */
	startEvents(spec: EventStreamSpec): void {
		this.stopEvents();
		const count = Math.max(0, Math.min(Math.floor(spec.count), 10_000_000));
		const interval = Math.max(1, spec.intervalMs);
		this.eventsPending = count;
		if (count === 0) return;
		const tick = () => {
			this.eventTimer = null;
			if (this.eventsPending <= 0) return;
			this.emitEvent();
			this.eventsPending--;
			if (this.eventsPending > 0) this.eventTimer = setTimeout(tick, interval);
		};
		tick();
	}

	stopEvents(): void {
		if (this.eventTimer) clearTimeout(this.eventTimer);
		this.eventTimer = null;
		this.eventsPending = 0;
	}

	/** Sends one event to every open /events stream (and changes the state it describes). */
	emitEvent(): void {
		const event = this.topology.toggle(this.eventCounter++);
		this.listCache = null;
		if (!event) return;
		const line = JSON.stringify(event) + '\n';
		for (const res of this.streams) res.write(line);
		this.eventsSent++;
	}

	private count(key: string): void {
		this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
	}

	private handle(req: IncomingMessage, res: ServerResponse): void {
		const url = new URL(req.url ?? '/', 'http://fake');
		const method = req.method ?? 'GET';
		const path = url.pathname.replace(/^\/v\d+\.\d+(?=\/)/, '');
		if (path.startsWith('/_bench/')) return void this.control(method, path, req, res);
		this.count(normalizePath(method, url.pathname));
		res.setHeader('Api-Version', this.apiVersion);
		res.setHeader('Docker-Experimental', 'false');
		res.setHeader('Ostype', 'linux');
		res.setHeader('Server', 'Docker/20.10.24+dfsg1 (linux)');
		const json = (status: number, body: unknown) => {
			const text = typeof body === 'string' ? body : JSON.stringify(body);
			res.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text)});
			res.end(text);
		};
		const notFound = (what: string) => json(404, {message: what});
		const parts = path.split('/').filter(Boolean);
		if (path === '/_ping') {
			res.writeHead(200, {
				'Content-Type': 'text/plain; charset=utf-8',
				'Content-Length': 2,
				'Cache-Control': 'no-cache, no-store, must-revalidate',
				Pragma: 'no-cache',
			});
			return void res.end(method === 'HEAD' ? undefined : 'OK');
		}
		if (method !== 'GET') return json(501, {message: `the benchmark fake engine does not implement ${method} ${path}`});
		if (path === '/version') {
			return json(200, {
				Platform: {Name: ''},
				Version: '20.10.24+dfsg1',
				ApiVersion: this.apiVersion,
				MinAPIVersion: '1.12',
				GitCommit: 'fake',
				GoVersion: 'go1.19.8',
				Os: 'linux',
				Arch: 'amd64',
				KernelVersion: 'fake',
				BuildTime: '2023-01-01T00:00:00.000000000+00:00',
			});
		}
		if (path === '/info')
			return json(200, {
				ID: 'fake',
				Containers: this.topology.containers.length,
				ServerVersion: '20.10.24+dfsg1',
				OSType: 'linux',
				Name: 'docknet-bench-fake',
			});
		if (path === '/networks')
			return json(
				200,
				this.topology.allNetworks().map(n => this.topology.networkJson(n, false)),
			);
		if (parts[0] === 'networks' && parts.length === 2) {
			const n = this.topology.findNetwork(decodeURIComponent(parts[1]!));
			return n ? json(200, this.topology.networkJson(n, true)) : notFound(`network ${parts[1]} not found`);
		}
		if (path === '/containers/json') {
			// Until the client has read the whole answer (big at thousands of containers).
			if (this.containerListsInFlight++ > 0) this.overlappingContainerLists++;
			res.once('close', () => this.containerListsInFlight--);
			const all = ['1', 'true', 'True'].includes(url.searchParams.get('all') ?? '');
			if (all) {
				this.listCache ??= JSON.stringify(this.topology.containers.map(c => this.topology.summaryJson(c)));
				return json(200, this.listCache);
			}
			return json(
				200,
				this.topology.containers.filter(c => c.running).map(c => this.topology.summaryJson(c)),
			);
		}
		if (parts[0] === 'containers' && parts.length === 3 && parts[2] === 'json') {
			const c = this.topology.findContainer(decodeURIComponent(parts[1]!));
			return c ? json(200, this.topology.inspectJson(c)) : notFound(`No such container: ${parts[1]}`);
		}
		if (path === '/events') {
			// `until` in the past: the stream ends at once, as dockerd does.
			const until = Number(url.searchParams.get('until') ?? NaN);
			res.writeHead(200, {'Content-Type': 'application/json'});
			res.flushHeaders();
			if (Number.isFinite(until) && until * 1000 <= Date.now()) return void res.end();
			this.streams.add(res);
			const drop = () => this.streams.delete(res);
			res.on('close', drop);
			req.on('close', drop);
			return;
		}
		return notFound('page not found');
	}

	private control(method: string, path: string, req: IncomingMessage, res: ServerResponse): void {
		const reply = (body: unknown) => {
			const text = JSON.stringify(body);
			res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text)});
			res.end(text);
		};
		if (method === 'GET' && path === '/_bench/stats') return reply(this.stats());
		if (method === 'POST' && path === '/_bench/reset') {
			this.resetCalls();
			return reply(this.stats());
		}
		if (method === 'POST' && path === '/_bench/events/stop') {
			this.stopEvents();
			return reply(this.stats());
		}
		if (method === 'POST' && path === '/_bench/events') {
			let body = '';
			req.on('data', chunk => (body += chunk));
			req.on('end', () => {
				try {
					const spec = JSON.parse(body || '{}') as Partial<EventStreamSpec>;
					this.startEvents({count: Number(spec.count ?? 0), intervalMs: Number(spec.intervalMs ?? 100)});
					reply(this.stats());
				} catch (error) {
					res.writeHead(400).end(String(error));
				}
			});
			return;
		}
		res.writeHead(404).end('unknown control path');
	}
}

export async function startFakeEngine(options: FakeEngineOptions): Promise<FakeEngine> {
	const fake = new FakeEngine(options);
	await fake.start();
	return fake;
}

// Run as a process: bench/run.ts starts it this way.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const {values} = parseArgs({
		options: {socket: {type: 'string'}, containers: {type: 'string', default: '5000'}, networks: {type: 'string', default: '1000'}},
	});
	if (!values.socket) {
		process.stderr.write('usage: fake-engine.ts --socket PATH [--containers N] [--networks M]\n');
		process.exit(2);
	}
	const fake = await startFakeEngine({socketPath: values.socket, containers: Number(values.containers), networks: Number(values.networks)});
	const shutdown = () => void fake.close().then(() => process.exit(0));
	process.on('SIGTERM', shutdown);
	process.on('SIGINT', shutdown);
	// The harness closes our stdin when it goes away: never outlive it.
	process.stdin.on('end', shutdown);
	process.stdin.resume();
	process.stdout.write(`ready ${values.socket}\n`);
}
