// docknet inspect NETWORK|CONTAINER [--type network|container] [--json]
import {inspectOne} from '../commands/inspect-topology.js';
import {loadTopology} from '../commands/load-topology.js';
import {flavorOfInfo} from '../engine/flavor.js';
import {SCHEMA_VERSION, containerJson, networkJson} from '../domain/json.js';
import {
	ambiguityText,
	cidrOf,
	configuredOfContainer,
	configuredOnNetwork,
	endpointsOfContainer,
	endpointsOfNetwork,
	findContainer,
	findNetwork,
	indexOf,
} from '../domain/selectors.js';
import type {Container, Endpoint, Network, Topology} from '../domain/types.js';
import {sanitize} from '../format/sanitize.js';
import {EXIT, RefusedError, UsageError, type CliContext} from './context.js';

const kv = (pairs: Array<[string, string | null | undefined]>): string[] =>
	pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${(k + ':').padEnd(14)} ${v === null || v === '' ? '-' : v}`);

const labelsText = (labels: Record<string, string>): string =>
	Object.entries(labels)
		.map(([k, v]) => `${sanitize(k)}=${sanitize(v)}`)
		.join(', ');

function endpointLines(t: Topology, e: Endpoint, label: 'container' | 'network'): string[] {
	const index = indexOf(t);
	const head =
		label === 'container'
			? sanitize(index.containerById.get(e.containerId)?.name ?? e.containerId.slice(0, 12))
			: sanitize(index.networkById.get(e.networkId)?.name ?? e.networkName);
	return [
		`  ${head}`,
		...kv([
			['IPv4', cidrOf(e.ipv4, e.ipv4PrefixLen)],
			['IPv6', cidrOf(e.ipv6, e.ipv6PrefixLen)],
			['MAC', e.mac],
			['Gateway', e.gateway],
			['Aliases', e.aliases === null ? '(loading)' : e.aliases.map(sanitize).join(', ')],
			['DNS names', e.dnsNames ? e.dnsNames.map(sanitize).join(', ') : undefined],
			['Static IP', [e.staticIpv4, e.staticIpv6].filter(Boolean).join(', ')],
			['Endpoint', e.endpointId.slice(0, 12)],
		]).map(line => `    ${line}`),
	];
}

export function renderNetwork(t: Topology, n: Network): string {
	const lines = kv([
		['Network', sanitize(n.name)],
		['ID', n.id],
		['Driver', n.driver],
		['Scope', n.scope],
		['Created', n.created],
		['Internal', n.internal ? 'yes (no route out of the host)' : 'no'],
		['Attachable', n.attachable ? 'yes' : 'no'],
		['IPv6', n.enableIPv6 ? 'enabled' : 'disabled'],
		['Predefined', n.predefined ? `yes (${n.predefined}: cannot be removed)` : 'no'],
		...n.ipam.map((c, i): [string, string] => [
			`IPAM ${i + 1}`,
			[`subnet ${c.subnet ?? '-'}`, `gateway ${c.gateway ?? '-'}`, c.ipRange ? `range ${c.ipRange}` : ''].filter(Boolean).join('  '),
		]),
		['Options', labelsText(n.options)],
		['Labels', labelsText(n.labels)],
	]);
	if (n.predefined === 'bridge')
		lines.push('Note:          the default bridge has no name resolution: containers reach each other only by IP here.');
	const endpoints = endpointsOfNetwork(t, n.id);
	lines.push(`Endpoints (${endpoints.length}):`);
	for (const e of endpoints) lines.push(...endpointLines(t, e, 'container'));
	const configured = configuredOnNetwork(t, n.id);
	if (configured.length) {
		lines.push(`Configured but not attached (${configured.length}, stopped):`);
		for (const a of configured) lines.push(`  ${sanitize(indexOf(t).containerById.get(a.containerId)?.name ?? a.containerId)}`);
	}
	return lines.join('\n') + '\n';
}

export function renderContainer(t: Topology, c: Container): string {
	const ports = c.ports
		.map(p =>
			p.hostPort
				? `${p.hostIp ?? ''}${p.hostIp ? ':' : ''}${p.hostPort}->${p.containerPort}/${p.protocol}`
				: `${p.containerPort}/${p.protocol}`,
		)
		.join(', ');
	const lines = kv([
		['Container', sanitize(c.name)],
		['ID', c.id],
		['Image', sanitize(c.image)],
		['State', `${c.state} (${sanitize(c.status)})`],
		['Network mode', sanitize(c.networkModeRaw)],
		['Ports', ports],
		['Compose', c.compose ? `${sanitize(c.compose.project)}/${sanitize(c.compose.service ?? '-')}` : undefined],
		['Links', c.details?.links.length ? c.details.links.map(sanitize).join(', ') : undefined],
		['Extra hosts', c.details?.extraHosts.length ? c.details.extraHosts.map(sanitize).join(', ') : undefined],
		['Labels', labelsText(c.labels)],
	]);
	const endpoints = endpointsOfContainer(t, c.id);
	lines.push(`Networks (${endpoints.length}):`);
	for (const e of endpoints) lines.push(...endpointLines(t, e, 'network'));
	const configured = configuredOfContainer(t, c.id);
	if (configured.length) {
		lines.push(`Configured, attached when started (${configured.length}):`);
		for (const a of configured) lines.push(`  ${sanitize(a.networkName)}`);
	}
	return lines.join('\n') + '\n';
}

type Item = {kind: 'network'; network: Network; topology: Topology} | {kind: 'container'; container: Container; topology: Topology};

/** NAMEs resolved on the lists (the full load's way): exit 1 with the message for the first that fails. */
function resolveOnLists(topology: Topology, refs: string[], type: string | undefined): Item[] {
	const items: Item[] = [];
	for (const ref of refs) {
		const network = type === 'container' ? null : findNetwork(topology, ref);
		const container = type === 'network' ? null : findContainer(topology, ref);
		if (network && container) throw bothError(ref);
		if (network) items.push({kind: 'network', network, topology});
		else if (container) items.push({kind: 'container', container, topology});
		else {
			const ambiguous = [
				type === 'container' ? null : ambiguityText(topology.networks, ref, 'networks'),
				type === 'network' ? null : ambiguityText(topology.containers, ref, 'containers'),
			].filter(Boolean);
			throw new RefusedError(ambiguous.length ? sanitize(ambiguous.join('; ')) : `no such network or container: ${sanitize(ref)}`);
		}
	}
	return items;
}

const bothError = (ref: string) =>
	new RefusedError(`"${sanitize(ref)}" names both a network and a container: add --type network or --type container`);

/**
 * The items to show. The engine resolves each NAME and only what its output shows is read
 * (commands/inspect-topology.ts); when that does not settle a NAME, or on Podman (whose
 * lists and inspects name networks differently), the lists decide as before, and the
 * details are loaded only once every NAME is found.
 */
async function loadItems(ctx: CliContext, refs: string[], type: 'network' | 'container' | undefined): Promise<Item[]> {
	const podman = flavorOfInfo(await ctx.engine.info()).kind === 'podman';
	if (!podman) {
		const fast = await Promise.all(refs.map(ref => inspectOne(ctx.engine, ref, type)));
		const items: Item[] = [];
		for (const [i, item] of fast.entries()) {
			if (!item) break;
			if (item.kind === 'both') throw bothError(refs[i]!);
			items.push(item);
		}
		if (items.length === refs.length) return items;
	}
	resolveOnLists(await loadTopology(ctx.engine, {details: false}), refs, type);
	return resolveOnLists(await loadTopology(ctx.engine), refs, type);
}

export async function runInspect(ctx: CliContext, refs: string[], type: string | undefined): Promise<number> {
	if (refs.length === 0) throw new UsageError('inspect needs a network or container name: docknet inspect NAME');
	if (type && type !== 'network' && type !== 'container')
		throw new UsageError(`--type must be network or container, not "${sanitize(type)}"`);
	const items = await loadItems(ctx, refs, type as 'network' | 'container' | undefined);
	if (ctx.options.json) {
		const out = items.map(item =>
			item.kind === 'network'
				? {schemaVersion: SCHEMA_VERSION, kind: 'network', network: networkJson(item.topology, item.network)}
				: {schemaVersion: SCHEMA_VERSION, kind: 'container', container: containerJson(item.topology, item.container)},
		);
		ctx.stdout.write(JSON.stringify(out.length === 1 ? out[0] : out, null, 2) + '\n');
	} else {
		ctx.stdout.write(
			items
				.map(item =>
					item.kind === 'network' ? renderNetwork(item.topology, item.network) : renderContainer(item.topology, item.container),
				)
				.join('\n'),
		);
	}
	return EXIT.ok;
}
