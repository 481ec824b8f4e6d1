// docknet ls [--json]: every network with its endpoints.
import {loadTopology} from '../commands/load-topology.js';
import {containerJson, lsJson, networkJson} from '../domain/json.js';
import {writeJsonDocument} from './json-stream.js';
import {flavorJson, unprovenNotice} from '../domain/engine-flavor.js';
import {flavorOfInfo} from '../engine/flavor.js';
import {cidrOf, configuredOnNetwork, endpointsOfNetwork, indexOf} from '../domain/selectors.js';
import type {Network, Topology} from '../domain/types.js';
import {sanitize} from '../format/sanitize.js';
import {fit} from '../format/width.js';
import {EXIT, type CliContext} from './context.js';

export function networkFlags(n: Network): string {
	const flags: string[] = [];
	if (n.predefined) flags.push('predefined');
	if (n.internal) flags.push('internal');
	if (n.attachable) flags.push('attachable');
	if (n.enableIPv6) flags.push('ipv6');
	if (n.ingress) flags.push('ingress');
	return flags.join(',');
}

// The explorer's order (state/views.ts byName): names compared naturally (web2 < web10).
const collator = new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'});
const byName = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

export function renderLs(t: Topology): string {
	const index = indexOf(t);
	const nameOf = (containerId: string): string => index.containerById.get(containerId)?.name ?? containerId.slice(0, 12);
	const lines: string[] = [];
	const header = [
		fit('NETWORK', 20),
		fit('DRIVER', 8),
		fit('SCOPE', 6),
		fit('SUBNET', 18),
		fit('GATEWAY', 15),
		fit('FLAGS', 20),
		'CONTAINERS',
	];
	lines.push(header.join(' '));
	for (const n of [...t.networks].sort((a, b) => byName(a.name, b.name))) {
		const endpoints = [...endpointsOfNetwork(t, n.id)].sort((a, b) => byName(nameOf(a.containerId), nameOf(b.containerId)));
		const configured = [...configuredOnNetwork(t, n.id)].sort((a, b) => byName(nameOf(a.containerId), nameOf(b.containerId)));
		const subnets = n.ipam
			.map(c => c.subnet)
			.filter(Boolean)
			.join(',');
		const gateways = n.ipam
			.map(c => c.gateway)
			.filter(Boolean)
			.join(',');
		const count = `${endpoints.length}${configured.length ? ` (+${configured.length} stopped)` : ''}`;
		lines.push(
			[
				fit(sanitize(n.name), 20),
				fit(n.driver, 8),
				fit(n.scope, 6),
				fit(subnets || '-', 18),
				fit(gateways || '-', 15),
				fit(networkFlags(n) || '-', 20),
				count,
			].join(' '),
		);
		for (const e of endpoints) {
			const name = sanitize(index.containerById.get(e.containerId)?.name ?? e.containerId.slice(0, 12));
			const aliases = e.aliases?.length ? `  aliases: ${e.aliases.map(sanitize).join(', ')}` : '';
			lines.push(
				`  ${fit(name, 22)} ${fit(cidrOf(e.ipv4, e.ipv4PrefixLen) ?? '-', 18)} ${fit(e.mac ?? '-', 17)}${e.ipv6 ? `  ${e.ipv6}` : ''}${aliases}`,
			);
		}
		for (const a of configured) {
			const name = sanitize(index.containerById.get(a.containerId)?.name ?? a.containerId.slice(0, 12));
			lines.push(`  ${fit(name, 22)} (stopped: configured, not attached)`);
		}
	}
	return lines.join('\n') + '\n';
}

export async function runLs(ctx: CliContext): Promise<number> {
	// info() first: it is the flavour detection the list calls wait for, so /version is asked once.
	const [info, topology] = await Promise.all([ctx.engine.info(), loadTopology(ctx.engine)]);
	if (ctx.options.json) {
		const flavor = flavorOfInfo(info);
		const engine = {
			endpoint: ctx.connection.endpoint,
			apiVersion: info.apiVersion,
			serverVersion: info.serverVersion,
			flavor: flavorJson(flavor),
			notice: unprovenNotice(flavor),
		};
		// lsJson's document, streamed: its keys in order (from an empty model), then the
		// networks and containers made and written one at a time.
		const shape = lsJson({networks: [], containers: [], endpoints: [], configured: []}, engine);
		await writeJsonDocument(ctx.stdout, shape, {
			networks: {length: topology.networks.length, make: i => networkJson(topology, topology.networks[i]!)},
			containers: {length: topology.containers.length, make: i => containerJson(topology, topology.containers[i]!)},
		});
	} else {
		const notice = unprovenNotice(flavorOfInfo(info));
		if (notice) ctx.stderr.write(`note: ${sanitize(notice)}\n`);
		ctx.stdout.write(renderLs(topology));
	}
	return EXIT.ok;
}
