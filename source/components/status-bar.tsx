// Top line: where we are connected, the API version, counts and the connection state
// (connected / not answering / reconnecting, with the last good topology kept on screen).
import {Text} from 'ink';
import {memo} from 'react';
import type {FeedState} from '../hooks/topology-feed.js';
import {clip} from '../format/columns.js';
import {sanitize} from '../format/sanitize.js';
import {displayWidth} from '../format/width.js';
import {flavorLabel} from '../domain/engine-flavor.js';
import {useTheme} from './theme.js';

function clipLeft(text: string, width: number, ellipsis: string): string {
	if (displayWidth(text) <= width) return text;
	const chars = [...text];
	let out = '';
	for (let i = chars.length - 1; i >= 0 && displayWidth(chars[i] + out) <= width - 1; i--) out = chars[i] + out;
	return ellipsis + out;
}

export type StatusBarProps = {
	feed: FeedState;
	/** Which engine (and context) the screen shows. */
	endpoint: string;
	/** The label in every form, longest first (switcher.ts engineLabels); a narrow line takes a shorter one. */
	labels?: readonly string[];
	width: number;
	readOnly: boolean;
};

export const StatusBar = memo(function StatusBar({feed, endpoint, labels: forms = [], width, readOnly}: StatusBarProps) {
	const theme = useTheme();
	const t = feed.topology;
	const running = t ? t.containers.reduce((n, c) => n + (c.state === 'running' ? 1 : 0), 0) : 0;
	const counts = t ? `${t.networks.length} networks · ${t.containers.length} containers (${running} up)` : '';
	const shortCounts = t ? `${t.networks.length} nets · ${t.containers.length} ctrs` : '';
	// `core`: what the state says at the least (never cut).
	let state: {text: string; core: string; tone: 'ok' | 'warn' | 'muted'};
	if (!feed.answering && feed.status !== 'reconnecting')
		state = {text: `${theme.g.dot} not answering${t ? ' (showing last topology)' : ''}`, core: 'not answering', tone: 'warn'};
	else if (feed.status === 'connected')
		state = {
			text: `${theme.g.dot} connected${feed.pendingDetails > 0 ? ` · details ${feed.pendingDetails}…` : ''}`,
			core: 'connected',
			tone: 'ok',
		};
	else if (feed.status === 'reconnecting')
		state = {
			text: `${theme.g.dot} reconnecting${t ? ' (showing last topology)' : ''}${feed.error ? `: ${sanitize(feed.error)}` : ''}`,
			core: 'reconnecting',
			tone: 'warn',
		};
	else state = {text: `${theme.g.dot} connecting…`, core: 'connecting…', tone: 'muted'};
	const flavor = feed.info?.flavor;
	const api = feed.info ? `${flavor ? `${sanitize(flavorLabel(flavor))} ` : ''}API ${sanitize(feed.info.apiVersion)}` : '';
	// Short: which engine matters more than the API version.
	const shortApi = flavor ? sanitize(flavorLabel(flavor)) : api;
	// The engine label, longest form first. It is never dropped: everything else gives
	// way to its shortest form (the context, the host, the socket path), and only what
	// still does not fit is cut (a path from the left: its end tells sockets apart).
	const labels = (forms.length ? forms : [endpoint]).map(label => sanitize(label));
	const shortest = labels[labels.length - 1]!;
	const isPath = shortest.includes('/');
	const labelNeed = displayWidth(shortest);
	const left = ' docknet ';
	// + 3 spaces: after the badges, at least one before the state, one at the end.
	const fixed = (ro: string, unproven: string) => displayWidth(left) + displayWidth(ro) + displayWidth(unproven) + 3;
	let ro = readOnly ? ' READ-ONLY ' : '';
	// An engine the conformance suite has not proven: said before the counts, never dropped.
	let unproven = flavor && !flavor.proven ? ' UNPROVEN ENGINE ' : '';
	const core = `${theme.g.dot} ${state.core}`;
	const stateCore = displayWidth(core);
	// Badges are never dropped either, but worded shorter when the label would not fit.
	if (width - fixed(ro, unproven) - stateCore < labelNeed) {
		ro = readOnly ? ' RO ' : '';
		unproven = unproven ? ' UNPROVEN ' : '';
	}
	// The state takes up to half the line, less what the label needs.
	const stateMax = Math.max(stateCore, Math.min(Math.floor(width / 2), width - fixed(ro, unproven) - labelNeed));
	const stateText =
		displayWidth(state.text) <= stateMax ? state.text : stateMax < stateCore + 4 ? core : clip(state.text, stateMax, theme.g.ellipsis);
	const sep = ` ${theme.g.sep} `;
	const room = width - fixed(ro, unproven) - displayWidth(stateText);
	// Then, while they fit, in order: the short counts and engine name, the label's
	// middle forms, the long counts and API version, the label's longest form.
	// On an unproven engine, which engine it is goes before the counts.
	const groups = unproven ? ([api, shortApi, counts, shortCounts] as const) : ([counts, shortCounts, api, shortApi] as const);
	// An unproven engine's name comes right after the label's shortest form: it may cut a
	// path, not a name.
	const forceName = unproven && (isPath || labelNeed + displayWidth(groups[1]) + 3 <= room);
	const chosen = {label: labels.length - 1, first: forceName ? groups[1] : '', second: ''};
	const used = (c: typeof chosen) =>
		displayWidth(labels[c.label]!) + [c.first, c.second].reduce((n, p) => n + (p ? displayWidth(p) + 3 : 0), 0);
	const upgrades: Array<Partial<typeof chosen>> = [
		{first: groups[1]},
		{second: groups[3]},
		...labels.slice(1, -1).map((_, i) => ({label: labels.length - 2 - i})),
		{first: groups[0]},
		{second: groups[2]},
		{label: 0},
	];
	for (const upgrade of upgrades) {
		const next = {...chosen, ...upgrade};
		if (Object.values(upgrade).every(v => v !== '') && used(next) <= room) Object.assign(chosen, next);
	}
	const label = labels[chosen.label]!;
	const labelRoom = room - (used(chosen) - used({...chosen, first: '', second: ''}));
	const endpointText =
		displayWidth(label) <= labelRoom
			? label
			: labelRoom < 1
				? ''
				: isPath
					? clipLeft(label, labelRoom, theme.g.ellipsis)
					: clip(label, labelRoom, theme.g.ellipsis);
	// Shown as: label │ second │ first (the engine name next to the label).
	const middle = [endpointText, chosen.second, chosen.first].filter(Boolean).join(sep);
	const pad = Math.max(
		0,
		width - displayWidth(left) - displayWidth(ro) - displayWidth(unproven) - displayWidth(middle) - displayWidth(stateText) - 2,
	);
	return (
		<Text wrap="truncate">
			<Text inverse bold color={theme.c('accent')}>
				{left}
			</Text>
			{ro ? (
				<Text inverse color={theme.c('warn')}>
					{ro}
				</Text>
			) : null}
			{unproven ? (
				<Text inverse color={theme.c('warn')}>
					{unproven}
				</Text>
			) : null}
			<Text> </Text>
			<Text color={theme.c('muted')}>{middle}</Text>
			<Text>{' '.repeat(pad)}</Text>
			<Text color={theme.c(state.tone)} bold={state.tone === 'warn'}>
				{stateText}
			</Text>
			<Text> </Text>
		</Text>
	);
});
