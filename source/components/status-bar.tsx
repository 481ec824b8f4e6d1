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

export type StatusBarProps = {feed: FeedState; endpoint: string; width: number; readOnly: boolean};

export const StatusBar = memo(function StatusBar({feed, endpoint, width, readOnly}: StatusBarProps) {
	const theme = useTheme();
	const t = feed.topology;
	const running = t ? t.containers.reduce((n, c) => n + (c.state === 'running' ? 1 : 0), 0) : 0;
	const counts = t ? `${t.networks.length} networks · ${t.containers.length} containers (${running} up)` : '';
	const shortCounts = t ? `${t.networks.length} nets · ${t.containers.length} ctrs` : '';
	let state: {text: string; tone: 'ok' | 'warn' | 'muted'};
	if (!feed.answering && feed.status !== 'reconnecting')
		state = {text: `${theme.g.dot} not answering${t ? ' (showing last topology)' : ''}`, tone: 'warn'};
	else if (feed.status === 'connected')
		state = {text: `${theme.g.dot} connected${feed.pendingDetails > 0 ? ` · details ${feed.pendingDetails}…` : ''}`, tone: 'ok'};
	else if (feed.status === 'reconnecting')
		state = {
			text: `${theme.g.dot} reconnecting${t ? ' (showing last topology)' : ''}${feed.error ? `: ${sanitize(feed.error)}` : ''}`,
			tone: 'warn',
		};
	else state = {text: `${theme.g.dot} connecting…`, tone: 'muted'};
	const flavor = feed.info?.flavor;
	const api = feed.info ? `${flavor ? `${sanitize(flavorLabel(flavor))} ` : ''}API ${sanitize(feed.info.apiVersion)}` : '';
	// Short: which engine matters more than the API version.
	const shortApi = flavor ? sanitize(flavorLabel(flavor)) : api;
	// An engine the conformance suite has not proven: said before the counts, never cut.
	const unproven = flavor && !flavor.proven ? ' UNPROVEN ENGINE ' : '';
	const ro = readOnly ? ' READ-ONLY ' : '';
	const left = ' docknet ';
	const stateText = clip(state.text, Math.max(10, Math.floor(width / 2)), theme.g.ellipsis);
	const sep = ` ${theme.g.sep} `;
	// Most important first: state, counts, API version; the endpoint takes what is left.
	let rest = width - displayWidth(left) - displayWidth(ro) - displayWidth(unproven) - displayWidth(stateText) - 4;
	const parts: string[] = [];
	const fullEndpoint = sanitize(endpoint);
	// On an unproven engine, which engine it is goes before the counts.
	const groups = unproven
		? [
				[api, shortApi],
				[counts, shortCounts],
			]
		: [
				[counts, shortCounts],
				[api, shortApi],
			];
	for (const options of groups) {
		// The long form when the endpoint still fits whole (or nearly), else the short one.
		const part =
			options.find(p => p && displayWidth(p) + 3 <= rest - Math.min(displayWidth(fullEndpoint), 24)) ??
			options.find(p => p && displayWidth(p) + 3 <= rest);
		if (part) {
			parts.push(part);
			rest -= displayWidth(part) + 3;
		}
	}
	// Cut the endpoint from the left: the end of a socket path or the host is what tells them apart.
	const endpointText = rest >= 12 ? clipLeft(fullEndpoint, rest, theme.g.ellipsis) : '';
	const middle = [endpointText, ...parts.reverse()].filter(Boolean).join(sep);
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
