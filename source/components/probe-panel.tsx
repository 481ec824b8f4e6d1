// The live probe panel (source -> target: ping with a sparkline, DNS compared with the
// target's real addresses, ports, and the reasons with their fixes), the target picker,
// and the reachability matrix of a network. Display only: state comes from
// commands/probe-session.ts through hooks/use-probe.ts.
import {Box, Text} from 'ink';
import {useEffect, useMemo, useState, type ReactNode} from 'react';
import type {MatrixCell, MatrixPlan} from '../commands/matrix.js';
import type {ProbeState} from '../commands/probe-session.js';
import {targetCandidates, type Reason, type TargetCandidate} from '../domain/diagnosis.js';
import {EMBEDDED_DNS, type PingStats} from '../domain/probe-parsers.js';
import {parseProbeTarget} from '../domain/probe-target.js';
import type {Container, Topology} from '../domain/types.js';
import {clip} from '../format/columns.js';
import {sanitize} from '../format/sanitize.js';
import {shellLine} from '../format/shell-quote.js';
import {displayWidth, fit} from '../format/width.js';
import {commonPrefix} from '../format/name-prefix.js';
import {useMatrixCursor, useMatrixState, usePanelScroll, useProbeState, type ProbeHub} from '../hooks/use-probe.js';
import {Frame} from './frame.js';
import {useKeys} from './keyboard.js';
import {Modal} from './modal.js';
import {useTheme, type Theme, type Tone} from './theme.js';

// ------------------------------------------------------------------ sparkline

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII_BARS = ['.', ':', '-', '=', '+', '*', '#', '@'];

/** One character per packet, oldest first: bar height by RTT (relative to the window), a cross for a lost one. */
export function sparkline(values: Array<number | null>, width: number, unicode = true): string {
	const shown = values.slice(-Math.max(0, width));
	const rtts = shown.filter((v): v is number => v !== null);
	const max = Math.max(...rtts, 0);
	const bars = unicode ? BARS : ASCII_BARS;
	// From zero to the window's maximum: steady RTTs look steady, a spike stands out.
	return shown
		.map(v => {
			if (v === null) return unicode ? '×' : 'x';
			if (max <= 0) return bars[0]!;
			return bars[Math.min(bars.length - 1, Math.max(0, Math.ceil((v / max) * bars.length) - 1))]!;
		})
		.join('');
}

/** RTTs by sequence number, lost packets as null. */
export function pingSeries(stats: PingStats): Array<number | null> {
	const bySeq = new Map<number, number | null>();
	for (const r of stats.replies) bySeq.set(r.seq, r.rttMs);
	for (const s of stats.lost) if (!bySeq.has(s)) bySeq.set(s, null);
	return [...bySeq.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

// ------------------------------------------------------------------ lines

type Segment = {text: string; tone?: Tone; bold?: boolean; inverse?: boolean};
type Line = Segment[];

const MARKS: Record<Reason['severity'], {u: string; a: string; tone: Tone}> = {
	blocks: {u: '✗', a: 'x', tone: 'bad'},
	warns: {u: '!', a: '!', tone: 'warn'},
	info: {u: '·', a: '-', tone: 'muted'},
	ok: {u: '✓', a: '+', tone: 'ok'},
};

const ms = (v: number | null) => (v === null ? '-' : v < 10 ? v.toFixed(2) : v.toFixed(0));

export function probeLines(state: ProbeState, width: number, theme: Pick<Theme, 'unicode'>): Line[] {
	const lines: Line[] = [];
	const d = state.diagnosis;
	if (!state.source || !d) return [[{text: 'no probe running: select a container and press p', tone: 'muted'}]];
	const u = theme.unicode;
	const series = state.ping.result ? pingSeries(state.ping.result) : [];
	// Answered before, but the last three packets got nothing: it stopped answering.
	const silentNow = series.length >= 3 && series.slice(-3).every(v => v === null) && series.some(v => v !== null);
	const verdict =
		state.ping.status === 'running' &&
		(state.ping.result?.received ?? 0) === 0 &&
		!state.ping.result?.unresolved &&
		(state.ping.result?.lost.length ?? 0) === 0
			? 'checking'
			: silentNow
				? 'silent'
				: d.verdict;
	const verdictText =
		verdict === 'yes'
			? 'REACHABLE'
			: verdict === 'no'
				? 'NOT REACHABLE'
				: verdict === 'checking'
					? 'checking…'
					: verdict === 'silent'
						? 'NO REPLY NOW'
						: 'UNKNOWN';
	const running = state.running ? (u ? ' ●' : ' *') : '';
	lines.push([
		{text: `${sanitize(state.source.name)} ${u ? '→' : '->'} ${sanitize(state.targetText)}${portLabel(state)}  `, bold: true},
		{text: verdictText, tone: verdict === 'yes' ? 'ok' : verdict === 'no' || verdict === 'silent' ? 'bad' : 'muted', bold: true},
		{text: state.running ? `${running} live` : '  stopped', tone: 'muted'},
	]);

	// ping
	const p = state.ping;
	if (p.status === 'idle' && state.running)
		lines.push([
			{text: 'ping  ', tone: 'accent'},
			{text: 'starting…', tone: 'muted'},
		]);
	if (p.status !== 'idle') {
		const stats = p.result;
		const label: Segment = {text: 'ping  ', tone: 'accent'};
		if (p.status === 'error') lines.push([label, {text: sanitize(p.error ?? 'failed'), tone: 'bad'}]);
		else if (stats?.unresolved)
			lines.push([
				label,
				{text: `bad address: "${sanitize(stats.unresolved)}" does not resolve from ${sanitize(state.source.name)}`, tone: 'bad'},
			]);
		else if (stats?.cannotRun && !stats.received)
			lines.push([
				label,
				{text: `cannot run in ${sanitize(state.source.name)}: ${sanitize(stats.cannotRun)} (no NET_RAW): not tested`, tone: 'warn'},
			]);
		else if (stats) {
			// What was really pinged: the address the name resolved to inside the source, and whether it is outside the engine.
			const outside = d.reasons.some(r => r.code === 'outside-resolved' || r.code === 'address-outside');
			const pinged = stats.address && stats.address !== state.targetText ? ` → ${sanitize(stats.address)}` : '';
			const summary = `${stats.transmitted} sent ${stats.received} recv ${stats.lossPct}% loss${stats.received ? `  ${ms(stats.minMs)}/${ms(stats.avgMs)}/${ms(stats.maxMs)} ms` : ''}${pinged}${outside ? ' (outside the engine)' : ''}`;
			const sparkWidth = Math.max(0, Math.min(40, width - 6 - displayWidth(summary) - 2));
			const spark = sparkline(pingSeries(stats), sparkWidth, u);
			lines.push([
				label,
				{text: spark.padEnd(Math.min(sparkWidth, 8)) + '  ', tone: stats.lost.length ? 'warn' : 'ok'},
				{text: summary},
				...(stats.errors.length ? [{text: `  ${sanitize(stats.errors.at(-1)!)}`, tone: 'bad' as Tone}] : []),
			]);
		}
	}
	// dns
	const dns = state.dns;
	if (dns.status === 'running')
		lines.push([
			{text: 'dns   ', tone: 'accent'},
			{text: `nslookup ${sanitize(state.targetText)}…`, tone: 'muted'},
		]);
	else if (dns.status === 'error')
		lines.push([
			{text: 'dns   ', tone: 'accent'},
			{text: sanitize(dns.error ?? 'failed'), tone: 'bad'},
		]);
	else if (dns.result) {
		const r = dns.result.result;
		// Labelled: "NXDOMAIN (172.17.0.1)" read like an answer; it is the server asked.
		// Podman's aardvark-dns (on the gateway) puts `search dns.podman` in resolv.conf.
		const podmanDns = dns.result.resolver?.search.includes('dns.podman');
		const server = r.serverAddress
			? `  (server ${r.serverAddress === EMBEDDED_DNS ? '127.0.0.11, docker DNS' : podmanDns ? `${r.serverAddress}, Podman DNS` : r.serverAddress})`
			: '';
		const expected = new Set(d.expectedAddresses.map(a => a.address));
		const answers = r.answers.map(a => a.address);
		const mismatch = expected.size > 0 && answers.some(a => !expected.has(a));
		const hosts = dns.result.hosts?.length ? `  /etc/hosts: ${dns.result.hosts.join(', ')}` : '';
		lines.push([
			{text: 'dns   ', tone: 'accent'},
			answers.length
				? {text: `${sanitize(state.targetText)} ${u ? '→' : '->'} ${answers.join(', ')}${server}`, tone: mismatch ? 'warn' : 'ok'}
				: {text: `${r.nxdomain ? 'NXDOMAIN' : sanitize(r.error ?? 'no answer')}${server}`, tone: 'bad'},
			{
				text: mismatch ? '  not the target!' : answers.length && expected.size ? (u ? '  ✓ matches' : '  matches') : '',
				tone: mismatch ? 'bad' : 'ok',
			},
			{text: hosts, tone: 'muted'},
		]);
	}
	// ports
	const port = state.port;
	if (port.status !== 'idle' && (port.result?.length || port.status === 'running' || port.error)) {
		const words: Record<string, string> = {
			open: 'open',
			refused: 'closed',
			timeout: 'no answer',
			unreachable: 'unreachable',
			unresolved: 'unresolved',
			error: 'failed',
		};
		const parts: Segment[] = [{text: 'port  ', tone: 'accent'}];
		for (const r of port.result ?? [])
			parts.push({text: `${r.port} ${words[r.check.state]}  `, tone: r.check.state === 'open' ? 'ok' : 'bad'});
		const pending = state.ports.slice(port.result?.length ?? 0);
		if (port.status === 'running' && pending.length) parts.push({text: `${pending.join(' ')}…`, tone: 'muted'});
		if (port.error) parts.push({text: sanitize(port.error), tone: 'bad'});
		lines.push(parts);
	}
	// problems, then the reasons: what blocks first
	for (const problem of state.problems) lines.push([{text: `${u ? '!' : '!'} ${sanitize(problem)}`, tone: 'warn'}]);
	const order: Reason['severity'][] = ['blocks', 'warns', 'info', 'ok'];
	const reasons = d.reasons
		.filter(r => r.code !== 'reachable' && r.code !== 'unreachable' && r.code !== 'dns-resolved' && r.code !== 'port-open')
		.sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
	for (const r of reasons) {
		const mark = MARKS[r.severity];
		const status = r.status === 'confirmed' ? ' (confirmed)' : '';
		// Findings wrap whole (the panel scrolls); only a refuted one stays on one line, said first so it is never cut off.
		const [first, ...rest] = wrapText(
			(r.status === 'refuted' ? 'refuted by the probe: ' : '') + sanitize(r.text) + status,
			width - 2,
			r.status === 'refuted' ? 1 : 50,
		);
		const tone = r.status === 'refuted' ? 'muted' : undefined;
		lines.push([
			{text: `${u ? mark.u : mark.a} `, tone: r.status === 'refuted' ? 'muted' : mark.tone},
			{text: first ?? '', ...(tone ? {tone} : {})},
		]);
		for (const more of rest) lines.push([{text: '  '}, {text: more, ...(tone ? {tone} : {})}]);
		if (r.fix && r.status !== 'refuted') {
			// Wrapped, never cut: it is meant to be read, copied (y) and run (f).
			const cmd =
				sanitize(r.fix.commands.map(c => shellLine(c)).join(' && ')) +
				(r.fix.hotkey ? `   (press ${r.fix.hotkey} to review and run it)` : '');
			wrapText(cmd, width - 7, 50).forEach((part, at) =>
				lines.push([
					{text: at === 0 ? '  fix: ' : '       ', tone: 'muted'},
					{text: part, tone: 'accent'},
				]),
			);
		}
	}
	// The probe's own docker line; through a helper, its exec (the helper's run line is in the CLI's output).
	const where = p.where;
	if (where) {
		const line = shellLine(where.via === 'helper' ? (where.cli[1] ?? where.cli[0]!) : where.cli[0]!);
		const text = `$ ${sanitize(line)}${where.via === 'helper' ? `  (a helper in ${sanitize(state.source.name)}'s network namespace: its image has no ping)` : ''}`;
		for (const part of wrapText(text, width, 20)) lines.push([{text: part, tone: 'muted'}]);
	}
	return lines;
}

/** The port(s) a verdict is about, for the header: ":80", " ports 80, 443", or nothing without a port check. */
export function portLabel(state: Pick<ProbeState, 'ports' | 'port'>): string {
	if (state.port.status === 'idle' || !state.ports.length) return '';
	return state.ports.length === 1 ? `:${state.ports[0]}` : ` ports ${state.ports.join(', ')}`;
}

/** Word-wraps into at most `max` lines; the last one is clipped with an ellipsis. */
export function wrapText(text: string, width: number, max: number): string[] {
	if (width <= 0) return [];
	const out: string[] = [];
	let rest = text;
	while (rest && out.length < max) {
		if (displayWidth(rest) <= width || out.length === max - 1) {
			out.push(displayWidth(rest) <= width ? rest : clip(rest, width));
			break;
		}
		let cut = rest.lastIndexOf(' ', width);
		if (cut <= 0) cut = width;
		out.push(rest.slice(0, cut));
		rest = rest.slice(cut).trimStart();
	}
	return out;
}

function LineView({line, width}: {line: Line; width: number}) {
	const theme = useTheme();
	let left = width;
	const parts: ReactNode[] = [];
	line.forEach((seg, i) => {
		if (left <= 0) return;
		const text = clip(seg.text, left, theme.g.ellipsis);
		left -= displayWidth(text);
		parts.push(
			<Text
				key={i}
				color={seg.tone ? theme.c(seg.tone) : undefined}
				bold={seg.bold}
				inverse={seg.inverse}
				dimColor={seg.tone === 'muted' && !theme.color}
			>
				{text}
			</Text>,
		);
	});
	return <Text wrap="truncate">{parts}</Text>;
}

export type PanelRenderProps = {width: number; height: number; focused: boolean; hub: ProbeHub; topology?: Topology};

export function ProbePanel({width, height, focused, hub, topology}: PanelRenderProps) {
	const theme = useTheme();
	const state = useProbeState(hub);
	// Leaving the panel (closed, app quit) stops the probe inside the container.
	useEffect(() => () => void hub.probe.cancel(), [hub]);
	// The topology moved (a connect, a stop…): read the static reasons again, live.
	useEffect(() => {
		if (topology) hub.probe.updateTopology(topology);
	}, [hub, topology]);
	const inner = width - 2;
	const lines = useMemo(() => probeLines(state, inner, theme), [state, inner, theme]);
	const body = Math.max(0, height - 2);
	hub.scroll.max = Math.max(0, lines.length - body);
	const scroll = Math.min(usePanelScroll(hub), hub.scroll.max);
	const shown = lines.slice(scroll, scroll + body);
	const below = lines.length - scroll - shown.length;
	const position = lines.length > body ? `${scroll + 1}-${scroll + shown.length}/${lines.length} ${focused ? 'j/k' : 'Tab'} · ` : '';
	const title = state.source ? `Probe ${sanitize(state.source.name)} ${theme.unicode ? '→' : '->'} ${sanitize(state.targetText)}` : 'Probe';
	return (
		<Frame
			title={title}
			info={`${position}${state.running ? 'Esc stop · p target · E shell' : 'p target · E shell · Esc close'}${below > 0 ? (theme.unicode ? ' ↓' : ' v') : ''}`}
			width={width}
			height={height}
			focused={focused}
		>
			{shown.map((line, i) => (
				<LineView key={i} line={line} width={inner} />
			))}
		</Frame>
	);
}

// ------------------------------------------------------------------ matrix

export function matrixCellText(cell: MatrixCell | undefined, unicode: boolean): {text: string; tone: Tone} {
	if (!cell) return {text: unicode ? '·' : '.', tone: 'muted'};
	switch (cell.state) {
		case 'ok':
			return {text: `${unicode ? '✓' : '+'}${ms(cell.rttMs)}`, tone: 'ok'};
		case 'fail':
			return {text: unicode ? '✗' : 'x', tone: 'bad'};
		case 'error':
			return {text: '?', tone: 'warn'};
		case 'running':
			return {text: unicode ? '…' : '..', tone: 'muted'};
		case 'cancelled':
			return {text: '-', tone: 'muted'};
		default:
			return {text: ' ', tone: 'muted'};
	}
}

export {commonPrefix};

export type MatrixCursorPos = {row: number; col: number};

/**
 * The grid: rows are sources, columns targets. A common prefix is folded (said once
 * above), the column window follows the cursor, and the cursor's pair is named in
 * full under the grid with its state; stopped members are listed as not probed.
 */
export function matrixLines(plan: MatrixPlan, width: number, unicode: boolean, cursor?: MatrixCursorPos): Line[] {
	const full = plan.members.map(c => sanitize(c.name));
	const prefix = commonPrefix(full);
	const names = full.map(n => n.slice(prefix.length));
	const cellW = 7;
	const rowW = Math.min(18, Math.max(6, ...names.map(displayWidth)));
	const columns = Math.max(1, Math.floor((width - rowW - 2) / (cellW + 1)));
	const n = plan.members.length;
	const pos = cursor ? {row: Math.min(Math.max(0, cursor.row), n - 1), col: Math.min(Math.max(0, cursor.col), n - 1)} : null;
	// The column window keeps the cursor's column in view.
	const first = pos ? Math.max(0, Math.min(pos.col - columns + 1, n - columns)) : 0;
	const cols = plan.members.slice(first, first + columns);
	const at = new Map(plan.cells.map(c => [`${c.from}\u0000${c.to}`, c]));
	const lines: Line[] = [];
	if (prefix) lines.push([{text: `names below without their common prefix "${prefix}"`, tone: 'muted'}]);
	lines.push([
		{text: fit(first > 0 ? (unicode ? '◂' : '<') : '', rowW) + '  '},
		...cols.map((_column, i) => ({
			text: fit(names[first + i]!, cellW) + ' ',
			tone: 'accent' as Tone,
			...(pos && pos.col === first + i ? {bold: true, inverse: true} : {}),
		})),
	]);
	plan.members.forEach((from, r) => {
		const row: Line = [
			{text: fit(names[r]!, rowW) + ' ', tone: 'accent', ...(pos && pos.row === r ? {bold: true, inverse: true} : {})},
			{text: ' '},
		];
		cols.forEach((to, i) => {
			const cell = from.id === to.id ? undefined : at.get(`${from.name}\u0000${to.name}`);
			const shown = matrixCellText(cell, unicode);
			const here = pos && pos.row === r && pos.col === first + i;
			row.push({text: fit(shown.text, cellW), tone: shown.tone, ...(here ? {inverse: true, bold: true} : {})}, {text: ' '});
		});
		lines.push(row);
	});
	if (first + cols.length < n || first > 0)
		lines.push([{text: `columns ${first + 1}-${first + cols.length} of ${n}: move with ${unicode ? '←→' : 'Left/Right'}`, tone: 'muted'}]);
	if (pos) {
		const from = plan.members[pos.row]!;
		const to = plan.members[pos.col]!;
		const cell = from.id === to.id ? undefined : at.get(`${from.name}\u0000${to.name}`);
		const state = !cell
			? 'the same container'
			: cell.state === 'ok'
				? `reachable${cell.rttMs !== null ? `, ${ms(cell.rttMs)} ms` : ''}`
				: cell.state === 'fail'
					? `not reachable: ${sanitize(cell.reason ?? 'no reply')}`
					: cell.state === 'error'
						? `not probed: ${sanitize(cell.reason ?? '')}`
						: cell.state;
		lines.push([
			{text: `${unicode ? '▸' : '>'} ${full[pos.row]} ${unicode ? '→' : '->'} ${full[pos.col]}: `, bold: true},
			{text: state, tone: cell?.state === 'ok' ? 'ok' : cell?.state === 'fail' ? 'bad' : 'muted'},
			{text: cell ? `   ${unicode ? '⏎' : 'Enter'} why` : '', tone: 'muted'},
		]);
	}
	for (const c of plan.cells.filter(c => c.state === 'fail' || c.state === 'error')) {
		lines.push([
			{
				text: `${unicode ? '✗' : 'x'} ${sanitize(c.from)} ${unicode ? '→' : '->'} ${sanitize(c.target)}: ${sanitize(c.reason ?? 'no reply')}`,
				tone: c.state === 'fail' ? 'bad' : 'warn',
			},
		]);
	}
	// As the CLI says it: members that are not running are not probed.
	if (plan.stopped.length) lines.push([{text: `not running (not probed): ${plan.stopped.map(sanitize).join(', ')}`, tone: 'muted'}]);
	return lines;
}

export function MatrixPanel({width, height, focused, hub}: PanelRenderProps) {
	const theme = useTheme();
	const state = useMatrixState(hub);
	useEffect(() => () => void hub.matrix.cancel(), [hub]);
	const inner = width - 2;
	const plan = state.plan;
	const body = Math.max(0, height - 2);
	const stored = usePanelScroll(hub);
	const cursor = useMatrixCursor(hub);
	let lines: Line[];
	let info = '';
	if (state.error) lines = [[{text: sanitize(state.error), tone: 'bad'}]];
	else if (!plan) lines = [[{text: 'select a network and press M', tone: 'muted'}]];
	else {
		const done = plan.cells.filter(c => c.state !== 'pending' && c.state !== 'running').length;
		const ok = plan.cells.filter(c => c.state === 'ok').length;
		info = `${done}/${plan.cells.length} · ${ok} ok${state.running ? ' · Esc stop' : ''}`;
		hub.cursor.size = plan.members.length;
		lines =
			plan.members.length < 2
				? [[{text: 'fewer than two running containers: nothing to ping', tone: 'muted'}]]
				: matrixLines(plan, inner, theme.unicode, focused ? cursor : undefined);
		if (plan.byIp) lines.unshift([{text: 'pinged by IP: the default bridge has no names', tone: 'muted'}]);
	}
	const title = plan ? `Matrix ${sanitize(plan.network.name)}` : 'Matrix';
	hub.scroll.max = Math.max(0, lines.length - body);
	const scroll = Math.min(stored, hub.scroll.max);
	if (lines.length > body) info = `${scroll + 1}-${Math.min(lines.length, scroll + body)}/${lines.length} · ${info}`;
	return (
		<Frame title={title} info={info} width={width} height={height} focused={focused}>
			{lines.slice(scroll, scroll + body).map((line, i) => (
				<LineView key={i} line={line} width={inner} />
			))}
		</Frame>
	);
}

// ------------------------------------------------------------------ target picker

/** "db", "db:3306", "db 3306", "10.10.0.4:80" -> target and port (IPv6 stays whole). */
export function parseTargetInput(text: string): {target: string; port?: number} | {error: string} {
	const trimmed = text.trim();
	if (!trimmed) return {error: 'type a container, alias, IP or name'};
	// An IPv6 address (with an optional [addr]:port form).
	const v6 = /^\[([0-9a-f:]+)\](?::(\d{1,5}))?$/i.exec(trimmed);
	const v6Text = v6?.[1] ?? (/^[0-9a-f]*:[0-9a-f]*:[0-9a-f:]*$/i.test(trimmed) ? trimmed : null);
	if (v6Text !== null) {
		const parsed = parseProbeTarget(v6Text);
		if (!parsed.ok) return {error: sanitize(parsed.reason)};
		return v6?.[2] ? {target: parsed.text, port: Number(v6[2])} : {target: parsed.text};
	}
	const m = /^(.+?)(?:[: ](\d{1,5}))?$/.exec(trimmed);
	const typed = m?.[1]?.trim() ?? trimmed;
	if (/\s/.test(typed)) return {error: `"${sanitize(typed)}" has spaces: type one name or address, optionally :PORT`};
	// Parsed once (domain/probe-target.ts): a form the tools would misread is refused here.
	const parsed = parseProbeTarget(typed);
	if (!parsed.ok) return {error: sanitize(parsed.reason)};
	const target = parsed.text;
	if (m?.[2]) {
		const port = Number(m[2]);
		if (port < 1 || port > 65535) return {error: `port ${port} is out of range (1-65535)`};
		return {target, port};
	}
	return {target};
}

export type TargetPickerProps = {
	topology: Topology;
	source: Container;
	screen: {columns: number; rows: number};
	onPick: (target: string, port: number | undefined) => void;
	onCancel: () => void;
};

export function TargetPicker({topology, source, screen, onPick, onCancel}: TargetPickerProps) {
	const theme = useTheme();
	const [text, setText] = useState('');
	const [highlight, setHighlight] = useState(0);
	const [error, setError] = useState<string | null>(null);
	const all = useMemo(() => targetCandidates(topology, source), [topology, source]);
	const query = text.replace(/[: ]\d*$/, '').toLowerCase();
	const items: TargetCandidate[] = useMemo(
		() => (query ? all.filter(c => c.text.toLowerCase().includes(query) || c.container.toLowerCase().includes(query)) : all),
		[all, query],
	);
	const at = Math.min(highlight, Math.max(0, items.length - 1));
	useKeys(
		({name, input, key}) => {
			if (name === 'esc') return onCancel();
			if (name === 'enter') {
				const chosen = items[at];
				if (!text.trim()) return chosen ? onPick(chosen.text, undefined) : setError('nothing to probe: type a name or an address');
				const typed = parseTargetInput(text);
				if ('error' in typed) return setError(typed.error);
				// Typed exactly (or nothing matches): probe what was typed; else the highlighted match.
				if (items.length === 0 || items.some(c => c.text === typed.target) || !chosen) return onPick(typed.target, typed.port);
				return onPick(chosen.text, typed.port);
			}
			if (name === 'down' || name === 'ctrl+n') return setHighlight(Math.min(items.length - 1, at + 1));
			if (name === 'up' || name === 'ctrl+p') return setHighlight(Math.max(0, at - 1));
			if (name === 'tab' && items[at]) {
				setText(items[at]!.text);
				return setHighlight(0);
			}
			if (name === 'backspace' || name === 'delete') {
				setError(null);
				setText(t => t.slice(0, -1));
				return setHighlight(0);
			}
			if (input && !key.ctrl && !key.meta && !/[\u0000-\u001f\u007f]/.test(input)) {
				setError(null);
				setText(t => (t + input).slice(0, 200));
				setHighlight(0);
			}
		},
		true,
		{text: true},
	);
	const width = Math.min(76, screen.columns - 2);
	const height = Math.min(18, screen.rows - 2);
	const inner = width - 2;
	const listHeight = Math.max(1, height - 6);
	const start = Math.max(0, Math.min(at - Math.floor(listHeight / 2), items.length - listHeight));
	const visible = items.slice(start, start + listHeight);
	const nameW = Math.min(28, Math.max(10, ...visible.map(c => displayWidth(sanitize(c.text)))));
	return (
		<Modal title={`Probe from ${sanitize(source.name)}`} info={`${items.length} targets`} width={width} height={height} screen={screen}>
			<Text wrap="truncate">
				<Text color={theme.c('accent')}>target: </Text>
				<Text>{clip(sanitize(text), inner - 12, theme.g.ellipsis)}</Text>
				<Text inverse> </Text>
			</Text>
			<Text color={error ? theme.c('bad') : theme.c('muted')} wrap="truncate">
				{error ?? 'a container, alias or IP; add :PORT for a port check'}
			</Text>
			<Box flexDirection="column" height={listHeight}>
				{visible.map((c, i) => {
					const selected = start + i === at;
					return (
						<Text
							key={`${c.kind}:${c.text}:${c.container}`}
							wrap="truncate"
							inverse={selected && !theme.color}
							color={selected ? theme.c('accent') : undefined}
						>
							{`${selected ? theme.g.pointer : ' '} ${fit(sanitize(c.text), nameW)}  `}
							<Text color={c.shared ? theme.c('ok') : theme.c('muted')}>
								{clip(sanitize(c.detail), Math.max(0, inner - nameW - 5), theme.g.ellipsis)}
							</Text>
						</Text>
					);
				})}
			</Box>
			<Text color={theme.c('muted')} wrap="truncate">
				{`${theme.unicode ? '⏎' : 'Enter'} probe · ${theme.unicode ? '↑↓' : 'Up/Down'} choose · Tab complete · Esc cancel`}
			</Text>
		</Modal>
	);
}
