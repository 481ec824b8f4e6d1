// Churn and comparison for the feed soak (test/engine/feed-soak.test.ts, bench/cases/soak.ts):
// several workers create / run / connect / disconnect / rm -f / remove networks at
// once through the Engine API, all on resources labelled docknet.test=<run id>; then
// what docknet shows (`ls --json` shape: the feed, the explorer's debug dump, the CLI)
// is compared object by object with the engine's own `docker inspect` output.
import type {EnginePort} from '../../source/engine/port.js';
import {RUN_ID, docker} from './sandbox.js';

type LsJson = {
	networks: Array<{
		id: string;
		name: string;
		driver: string;
		internal: boolean;
		labels: Record<string, string>;
		ipam: {config: Array<{subnet: string | null}>};
	}>;
	containers: Array<{
		id: string;
		name: string;
		state: string;
		labels: Record<string, string>;
		endpoints: Array<{networkId: string; ipv4: string | null; macAddress: string | null; aliases: string[] | null}>;
	}>;
};

/** One line per network, container and live endpoint, sorted: two pictures are equal when their lines are. */
export type Picture = string[];

const LABEL = 'docknet.test';
const mine = (labels: Record<string, string> | null | undefined): boolean => labels?.[LABEL] === RUN_ID;
const networkLine = (id: string, name: string, driver: string, internal: boolean, subnets: string[]) =>
	`network ${id} ${name} ${driver} internal=${internal} ${subnets.sort().join(',')}`;
const endpointLine = (container: string, network: string, ipv4: string, mac: string, aliases: string[]) =>
	`endpoint ${container} ${network} ${ipv4} ${mac} [${[...aliases].sort().join(',')}]`;

/** This run's objects as docknet shows them (an `ls --json` document). */
export function pictureFromLs(doc: LsJson): Picture {
	const lines: string[] = [];
	for (const n of doc.networks)
		if (mine(n.labels))
			lines.push(
				networkLine(
					n.id,
					n.name,
					n.driver,
					n.internal,
					n.ipam.config.map(c => c.subnet ?? ''),
				),
			);
	for (const c of doc.containers) {
		if (!mine(c.labels)) continue;
		lines.push(`container ${c.id} ${c.name} ${c.state}`);
		for (const e of c.endpoints) lines.push(endpointLine(c.id, e.networkId, e.ipv4 ?? '', e.macAddress ?? '', e.aliases ?? []));
	}
	return lines.sort();
}

type InspectNetwork = {Id: string; Name: string; Driver: string; Internal: boolean; IPAM?: {Config?: Array<{Subnet?: string}> | null}};
type InspectContainer = {
	Id: string;
	Name: string;
	State: {Status: string};
	NetworkSettings: {
		Networks: Record<
			string,
			{NetworkID: string; EndpointID: string; IPAddress: string; MacAddress: string; Aliases: string[] | null}
		> | null;
	};
};

/** This run's objects as the engine's own inspect output has them (docker CLI). */
export async function pictureFromEngine(): Promise<Picture> {
	const lines: string[] = [];
	const ids = async (args: string[]) => (await docker(args)).stdout.split('\n').filter(Boolean);
	const networks = await ids(['network', 'ls', '-q', '--no-trunc', '--filter', `label=${LABEL}=${RUN_ID}`]);
	if (networks.length) {
		for (const n of JSON.parse((await docker(['network', 'inspect', ...networks])).stdout) as InspectNetwork[])
			lines.push(
				networkLine(
					n.Id,
					n.Name,
					n.Driver,
					n.Internal,
					(n.IPAM?.Config ?? []).map(c => c.Subnet ?? ''),
				),
			);
	}
	const containers = await ids(['ps', '-aq', '--no-trunc', '--filter', `label=${LABEL}=${RUN_ID}`]);
	if (containers.length) {
		for (const c of JSON.parse((await docker(['inspect', ...containers])).stdout) as InspectContainer[]) {
			lines.push(`container ${c.Id} ${c.Name.replace(/^\//, '')} ${c.State.Status}`);
			for (const e of Object.values(c.NetworkSettings.Networks ?? {})) {
				if (!e.EndpointID) continue; // configured, not live (a stopped container)
				// Below API 1.45 the engine adds the 12-character id as an alias: not one the user set.
				const aliases = (e.Aliases ?? []).filter(a => a !== c.Id.slice(0, 12) && a !== c.Id);
				lines.push(endpointLine(c.Id, e.NetworkID, e.IPAddress, e.MacAddress, aliases));
			}
		}
	}
	return lines.sort();
}

/** Lines only in `shown` (phantoms, wrong values) and only in `truth` (missing): at most `max` of each. */
export function differences(shown: Picture, truth: Picture, max = 8): string[] {
	const a = new Set(shown);
	const b = new Set(truth);
	const extra = shown
		.filter(l => !b.has(l))
		.slice(0, max)
		.map(l => `+ ${l}`);
	const missing = truth
		.filter(l => !a.has(l))
		.slice(0, max)
		.map(l => `- ${l}`);
	return [...extra, ...missing];
}

/**
 * The issue's own repro through the docker CLI: `seq N | xargs -P P docker run -d
 * --network NET …`, then the same with `docker rm -f` (phantoms "removing" came from here).
 */
export async function cliBurst(count: number, parallel: number, image: string): Promise<void> {
	const label = `${LABEL}=${RUN_ID}`;
	const network = `soak-${RUN_ID}-burst`;
	await docker(['network', 'create', '--label', label, network]);
	const names = Array.from({length: count}, (_, i) => `soak-${RUN_ID}-g${i}`);
	const pool = async (task: (name: string) => Promise<unknown>) => {
		let next = 0;
		await Promise.all(
			Array.from({length: parallel}, async () => {
				while (next < names.length) await task(names[next++]!).catch(() => {});
			}),
		);
	};
	await pool(name => docker(['run', '-d', '--name', name, '--label', label, '--network', network, image, 'sleep', '100000']));
	await pool(name => docker(['rm', '-f', name]));
}

export type ChurnOptions = {workers: number; durationMs: number; image: string; maxContainers?: number; maxNetworks?: number};
export type ChurnResult = {ops: Record<string, number>; failed: number};

/**
 * Runs `workers` loops for `durationMs`, each picking an operation at random: run (create
 * + start on one of this run's networks), rm -f, connect with an alias, disconnect,
 * create a network, remove a network. Failures (already gone, still in use) are part
 * of the churn and only counted.
 */
export async function churn(engine: EnginePort, options: ChurnOptions): Promise<ChurnResult> {
	const labels = {[LABEL]: RUN_ID};
	const networks: string[] = [];
	const containers: string[] = [];
	const ops: Record<string, number> = {};
	let failed = 0;
	let serial = 0;
	const pick = <T>(list: T[]): T | undefined => list[Math.floor(Math.random() * list.length)];
	const newNetwork = async () => {
		const name = `soak-${RUN_ID}-n${serial++}`;
		await engine.createNetwork({name, labels});
		networks.push(name);
	};
	for (let i = 0; i < 3; i++) await newNetwork();
	const deadline = Date.now() + options.durationMs;
	const maxContainers = options.maxContainers ?? 30;
	const maxNetworks = options.maxNetworks ?? 5;
	const step = async (): Promise<void> => {
		const roll = Math.random();
		if (roll < 0.3 && containers.length < maxContainers) {
			const name = `soak-${RUN_ID}-c${serial++}`;
			ops.run = (ops.run ?? 0) + 1;
			await engine.runHelper({name, image: options.image, argv: ['sleep', '100000'], networkMode: pick(networks) ?? 'bridge', labels});
			containers.push(name);
		} else if (roll < 0.55) {
			const name = pick(containers);
			if (!name) return;
			containers.splice(containers.indexOf(name), 1);
			ops.rm = (ops.rm ?? 0) + 1;
			await engine.removeContainer(name, true);
		} else if (roll < 0.72) {
			const [c, n] = [pick(containers), pick(networks)];
			if (!c || !n) return;
			ops.connect = (ops.connect ?? 0) + 1;
			await engine.connectNetwork(n, c, {aliases: [`a${serial++}`]});
		} else if (roll < 0.85) {
			const [c, n] = [pick(containers), pick(networks)];
			if (!c || !n) return;
			ops.disconnect = (ops.disconnect ?? 0) + 1;
			await engine.disconnectNetwork(n, c, true);
		} else if (roll < 0.93) {
			if (networks.length >= maxNetworks) return;
			ops.netCreate = (ops.netCreate ?? 0) + 1;
			await newNetwork();
		} else {
			const n = pick(networks);
			if (!n || networks.length <= 2) return;
			ops.netRm = (ops.netRm ?? 0) + 1;
			await engine.removeNetwork(n);
			networks.splice(networks.indexOf(n), 1);
		}
	};
	await Promise.all(
		Array.from({length: options.workers}, async () => {
			while (Date.now() < deadline) await step().catch(() => void failed++);
		}),
	);
	return {ops, failed};
}
