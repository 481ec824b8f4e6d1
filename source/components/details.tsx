// The details pane: everything the topology model knows about the selected network,
// container or endpoint, plus notes that teach (default bridge has no DNS, internal
// networks have no way out, host/none modes). detailLines() is pure and tested.
import {Box, Text} from 'ink';
import {memo, useMemo} from 'react';
import {
	cidrOf,
	configuredOfContainer,
	configuredOnNetwork,
	endpointsOfContainer,
	endpointsOfNetwork,
	indexOf,
	resolvableNames,
} from '../domain/selectors.js';
import type {ConfiguredAttachment, Container, Endpoint, Network, Topology} from '../domain/types.js';
import {cell, clip} from '../format/columns.js';
import {displayWidth} from '../format/width.js';
import {sanitize} from '../format/sanitize.js';
import {Frame} from './frame.js';
import {useTheme, type Tone} from './theme.js';

/** A label/value line; `note` lines span the full width and wrap (explanations). */
export type DetailLine = {label?: string; text: string; tone?: Tone; dim?: boolean; bold?: boolean; note?: boolean};

export type DetailSubject =
	| {kind: 'network'; network: Network}
	| {kind: 'container'; container: Container}
	| {kind: 'endpoint'; endpoint: Endpoint}
	| {kind: 'configured'; attachment: ConfiguredAttachment}
	| null;

const kv = (record: Record<string, string>): string[] =>
	Object.keys(record)
		.sort()
		.map(key => `${sanitize(key)}=${sanitize(record[key])}`);

function listLines(label: string, values: string[], empty = '-'): DetailLine[] {
	if (values.length === 0) return [{label, text: empty, dim: true}];
	return values.map((text, at) => (at === 0 ? {label, text} : {text}));
}

function created(value: string | null): string {
	if (!value) return '-';
	const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(value);
	return match ? `${match[1]} ${match[2]}` : sanitize(value);
}

export function networkNotes(n: Network): DetailLine[] {
	const notes: DetailLine[] = [];
	if (n.predefined === 'bridge') {
		notes.push({
			text: 'Default bridge (built in): containers reach each other by IP only — names and aliases do NOT resolve here. Use a user-defined network for DNS.',
			tone: 'warn',
			note: true,
		});
	} else if (n.predefined === 'host') {
		notes.push({
			text: "Host network (built in): containers share the host's network stack — no IP of their own; -p port publishing does not apply.",
			tone: 'info',
			note: true,
		});
	} else if (n.predefined === 'none') {
		notes.push({text: 'None (built in): no networking, loopback only.', tone: 'info', note: true});
	}
	if (n.internal) notes.push({text: 'Internal: no route out of this network; members reach only each other.', tone: 'mark', note: true});
	return notes;
}

function containerModeNote(c: Container): DetailLine | null {
	switch (c.networkMode.kind) {
		case 'host':
			return {text: "Host mode: shares the host's network stack (no own IP; published ports do not apply).", tone: 'info', note: true};
		case 'none':
			return {text: 'None mode: no network interfaces besides loopback.', tone: 'info', note: true};
		case 'container':
			return {text: `Shares the network stack of container ${sanitize(c.networkMode.target).slice(0, 24)}.`, tone: 'info', note: true};
		default:
			return null;
	}
}

export function detailLines(t: Topology, subject: DetailSubject): DetailLine[] {
	if (!subject) return [];
	const index = indexOf(t);
	const lines: DetailLine[] = [];
	if (subject.kind === 'network') {
		const n = subject.network;
		const live = endpointsOfNetwork(t, n.id);
		const stopped = configuredOnNetwork(t, n.id);
		lines.push({text: `${sanitize(n.name)}  network`, bold: true});
		lines.push({label: 'id', text: n.id.slice(0, 12)});
		lines.push({label: 'driver', text: `${sanitize(n.driver)} · ${sanitize(n.scope)} scope`});
		if (n.ipamDriver !== 'default') lines.push({label: 'IPAM', text: sanitize(n.ipamDriver)});
		if (n.ipam.length === 0) lines.push({label: 'subnet', text: '-', dim: true});
		for (const c of n.ipam) {
			lines.push({label: 'subnet', text: sanitize(c.subnet) || '-'});
			lines.push({label: 'gateway', text: sanitize(c.gateway) || '-'});
			if (c.ipRange) lines.push({label: 'ip range', text: sanitize(c.ipRange)});
			for (const aux of kv(c.auxAddresses)) lines.push({label: 'aux', text: aux});
		}
		const flags = [
			n.internal && 'internal',
			n.attachable && 'attachable',
			n.enableIPv6 && 'IPv6',
			n.ingress && 'ingress',
			n.configOnly && 'config-only',
		].filter(Boolean) as string[];
		lines.push({
			label: 'flags',
			text: flags.length ? flags.join(' · ') : 'none',
			tone: n.internal ? 'mark' : undefined,
			dim: flags.length === 0,
		});
		if (n.configFrom) lines.push({label: 'config', text: `from ${sanitize(n.configFrom)}`});
		lines.push({label: 'endpoints', text: `${live.length} running${stopped.length ? ` + ${stopped.length} stopped (configured)` : ''}`});
		lines.push({label: 'created', text: created(n.created)});
		lines.push(...networkNotes(n));
		lines.push(...listLines('labels', kv(n.labels)));
		if (Object.keys(n.ipamOptions).length) lines.push(...listLines('ipam opts', kv(n.ipamOptions)));
		lines.push(...listLines('options', kv(n.options)));
		return lines;
	}
	if (subject.kind === 'container') {
		const c = subject.container;
		const endpoints = endpointsOfContainer(t, c.id);
		const configured = configuredOfContainer(t, c.id);
		const running = c.state === 'running';
		lines.push({text: `${sanitize(c.name)}  container`, bold: true});
		lines.push({label: 'id', text: c.id.slice(0, 12)});
		lines.push({label: 'state', text: `${sanitize(c.state)} · ${sanitize(c.status)}`, tone: running ? 'ok' : 'muted'});
		lines.push({label: 'image', text: sanitize(c.image)});
		lines.push({label: 'net mode', text: sanitize(c.networkModeRaw)});
		const note = containerModeNote(c);
		if (note) lines.push(note);
		const ports = c.ports.map(p =>
			p.hostPort
				? `${sanitize(p.hostIp) || '0.0.0.0'}:${p.hostPort} -> ${p.containerPort}/${sanitize(p.protocol)}`
				: `${p.containerPort}/${sanitize(p.protocol)} (exposed, not published)`,
		);
		lines.push(...listLines('ports', ports));
		if (c.compose)
			lines.push({
				label: 'compose',
				text: `project ${sanitize(c.compose.project)}${c.compose.service ? ` · service ${sanitize(c.compose.service)}` : ''}`,
			});
		const nets = endpoints.map(
			e => `${sanitize(index.networkById.get(e.networkId)?.name ?? e.networkName)}  ${cidrOf(e.ipv4, e.ipv4PrefixLen) ?? ''}`,
		);
		lines.push(...listLines('networks', nets, running ? '-' : 'none attached (stopped)'));
		for (const a of configured)
			lines.push({text: `${sanitize(a.networkName)}  (configured; attached when started)`, dim: true, tone: 'muted'});
		if (c.details) {
			if (c.details.hostname) lines.push({label: 'hostname', text: sanitize(c.details.hostname)});
			if (c.details.dns.length) lines.push(...listLines('dns', c.details.dns.map(sanitize)));
			if (c.details.extraHosts.length) lines.push(...listLines('extra hosts', c.details.extraHosts.map(sanitize)));
			if (c.details.links.length) lines.push(...listLines('links', c.details.links.map(sanitize)));
		} else lines.push({label: 'inspect', text: 'loading…', dim: true, tone: 'muted'});
		lines.push(...listLines('labels', kv(c.labels)));
		return lines;
	}
	if (subject.kind === 'configured') {
		const a = subject.attachment;
		const c = index.containerById.get(a.containerId);
		lines.push({text: `${sanitize(c?.name ?? a.containerId.slice(0, 12))} @ ${sanitize(a.networkName)}  configured`, bold: true});
		lines.push({
			text: 'The container is stopped: it is configured on this network but not attached. It gets an endpoint (and an address) when it starts.',
			tone: 'warn',
			note: true,
		});
		lines.push({label: 'aliases', text: a.aliases === null ? '…' : a.aliases.map(sanitize).join(', ') || '-'});
		if (a.staticIpv4 || a.staticIpv6)
			lines.push({label: 'static IP', text: [a.staticIpv4, a.staticIpv6].filter(Boolean).map(sanitize).join(' ')});
		return lines;
	}
	const e = subject.endpoint;
	const c = index.containerById.get(e.containerId);
	const n = index.networkById.get(e.networkId);
	lines.push({text: `${sanitize(c?.name ?? e.containerId.slice(0, 12))} @ ${sanitize(n?.name ?? e.networkName)}  endpoint`, bold: true});
	lines.push({label: 'IPv4', text: cidrOf(e.ipv4, e.ipv4PrefixLen) ?? '-'});
	lines.push({label: 'IPv6', text: cidrOf(e.ipv6, e.ipv6PrefixLen) ?? '-'});
	lines.push({label: 'MAC', text: e.mac ?? '-'});
	lines.push({label: 'gateway', text: [e.gateway, e.ipv6Gateway].filter(Boolean).join(' ') || '-'});
	if (n?.predefined) {
		lines.push({label: 'aliases', text: '-', dim: true});
		lines.push({
			label: 'DNS names',
			text: n.predefined === 'bridge' ? 'none: names do not resolve on the default bridge (use the IP)' : 'none',
			tone: 'warn',
		});
	} else if (e.aliases === null) {
		lines.push({label: 'aliases', text: '… (loading container details)', dim: true, tone: 'muted'});
		lines.push({label: 'DNS names', text: '…', dim: true, tone: 'muted'});
	} else {
		lines.push({label: 'aliases', text: e.aliases.length ? e.aliases.map(sanitize).join(', ') : '-', tone: 'accent'});
		lines.push({label: 'DNS names', text: resolvableNames(t, e).map(sanitize).join(', ') || '-'});
		lines.push({
			text: `(the names other containers on ${sanitize(n?.name ?? e.networkName)} can resolve)`,
			dim: true,
			tone: 'muted',
			note: true,
		});
	}
	if (e.staticIpv4 || e.staticIpv6)
		lines.push({label: 'static IP', text: [e.staticIpv4, e.staticIpv6].filter(Boolean).map(sanitize).join(' ')});
	if (e.links.length) lines.push(...listLines('links', e.links.map(sanitize)));
	lines.push({label: 'endpoint', text: e.endpointId.slice(0, 12) || '-'});
	if (n) lines.push(...networkNotes(n));
	return lines;
}

const LABEL_WIDTH = 11;

/** Word-wraps `text` to `width` columns (long words are cut). */
export function wrapWords(text: string, width: number): string[] {
	if (width <= 0) return [];
	const out: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const candidate = line ? `${line} ${word}` : word;
		if (displayWidth(candidate) <= width) line = candidate;
		else {
			if (line) out.push(line);
			line = displayWidth(word) <= width ? word : clip(word, width);
		}
	}
	if (line) out.push(line);
	return out;
}

/** Lines as shown at `width` (notes wrapped), for rendering and for the scroll range. */
export function layoutDetails(lines: DetailLine[], width: number): DetailLine[] {
	const out: DetailLine[] = [];
	for (const line of lines) {
		if (!line.note) out.push(line);
		else for (const text of wrapWords(line.text, Math.max(1, width - 2))) out.push({...line, text});
	}
	return out;
}

export type DetailsPaneProps = {lines: DetailLine[]; scroll: number; width: number; height: number; focused: boolean; empty: string};

export const DetailsPane = memo(function DetailsPane({lines: raw, scroll, width, height, focused, empty}: DetailsPaneProps) {
	const theme = useTheme();
	const inner = Math.max(0, width - 2);
	const lines = useMemo(() => layoutDetails(raw, inner), [raw, inner]);
	const body = Math.max(0, height - 2);
	const from = Math.max(0, Math.min(scroll, Math.max(0, lines.length - body)));
	const visible = lines.slice(from, from + body);
	const more = lines.length > body ? `${from + 1}-${Math.min(lines.length, from + body)}/${lines.length}` : undefined;
	return (
		<Frame title="Details" info={more} width={width} height={height} focused={focused}>
			{lines.length === 0 ? (
				<Box paddingX={1}>
					<Text color={theme.c('muted')}>{empty}</Text>
				</Box>
			) : (
				visible.map((line, at) => {
					const indent = line.label !== undefined ? LABEL_WIDTH + 1 : line.bold || line.note ? 0 : LABEL_WIDTH + 1;
					const text = clip(line.text, Math.max(0, inner - 1 - indent), theme.g.ellipsis);
					return (
						<Text key={from + at} wrap="truncate">
							{' '}
							{line.label !== undefined ? <Text color={theme.c('muted')}>{cell(line.label, LABEL_WIDTH) + ' '}</Text> : ' '.repeat(indent)}
							<Text color={line.tone ? theme.c(line.tone) : undefined} dimColor={line.dim} bold={line.bold}>
								{text}
							</Text>
						</Text>
					);
				})
			)}
		</Frame>
	);
});
