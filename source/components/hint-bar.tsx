// Bottom line: the keys that work in the focused pane (from the keymap table), or a
// transient notice (copied, refused, errors…).
import {Box, Text} from 'ink';
import {wrapText} from './dialogs/parts.js';
import {sanitizeLines} from '../format/sanitize.js';
import {memo} from 'react';
import {bindingKeys, type Keymap, type KeyContext} from '../keys/keymap.js';
import type {Notice} from '../state/explorer.js';
import {clip} from '../format/columns.js';
import {displayWidth} from '../format/width.js';
import {useTheme} from './theme.js';

/** Most rows a notice may take at the bottom; the panes give them up while it shows. */
export const NOTICE_MAX_ROWS = 3;

/** A notice wrapped to the screen (long ones are wrapped, not cut; past NOTICE_MAX_ROWS the last row is cut). */
export function noticeLines(notice: Notice, width: number): string[] {
	// Engine messages may hold several lines and hostile bytes: one clean run of text.
	const lines = wrapText(sanitizeLines(notice.text, '').replaceAll('\n', ' · '), Math.max(10, width - 2));
	if (lines.length <= NOTICE_MAX_ROWS) return lines;
	return [...lines.slice(0, NOTICE_MAX_ROWS - 1), clip(lines.slice(NOTICE_MAX_ROWS - 1).join(' '), Math.max(10, width - 2))];
}

export type HintBarProps = {keymap: Keymap; context: KeyContext; width: number; notice: Notice | null};

/**
 * Which hints stay when the bar is narrow: the actions and Enter first (issue 14: c d n D
 * P E p before C group), then finding and viewing; unlisted ones keep table order after.
 */
export const HINT_PRIORITY: readonly string[] = [
	'op.connect',
	'op.disconnect',
	'pivot',
	'drill',
	'op.create',
	'op.remove',
	'op.prune',
	'probe.shell',
	'probe.open',
	'probe.matrix',
	'probe.fix',
	'search.open',
	'filter',
	'map.open',
	'copy',
	'sort',
	'move.down',
	'focus.next',
	'group',
];
const rank = (command: string): number => {
	const at = HINT_PRIORITY.indexOf(command);
	return at < 0 ? HINT_PRIORITY.length : at;
};

/** The hint items for a context: "key label" pairs from bindings that have a hint, most important first. */
export function hintItems(keymap: Keymap, context: KeyContext, unicode: boolean): Array<{keys: string; label: string}> {
	// Pane keys first (by HINT_PRIORITY), the app keys (help, quit) last.
	const bindings = keymap
		.inContext(context)
		.filter(b => b.hint)
		.map((b, at) => ({b, at}))
		.sort((x, y) => rank(x.b.command) - rank(y.b.command) || x.at - y.at)
		.map(x => x.b);
	return [...bindings.filter(b => b.group !== 'App'), ...bindings.filter(b => b.group === 'App')].map(b => ({
		keys: b.keys.length > 1 && b.keys[0] === 'down' ? (unicode ? '↑↓' : 'Up/Dn') : bindingKeys({...b, keys: [b.keys[0]!]}, unicode),
		label: b.hint!,
	}));
}

export const HintBar = memo(function HintBar({keymap, context, width, notice}: HintBarProps) {
	const theme = useTheme();
	if (notice) {
		const tone = notice.tone === 'error' ? 'bad' : notice.tone === 'warning' ? 'warn' : notice.tone === 'success' ? 'ok' : 'info';
		return (
			<Box flexDirection="column">
				{noticeLines(notice, width).map((line, at) => (
					<Text key={at} wrap="truncate" color={theme.c(tone)} bold>
						{' ' + line}
					</Text>
				))}
			</Box>
		);
	}
	const items = hintItems(keymap, context, theme.unicode);
	const appKeys = new Set(
		keymap
			.inContext(context)
			.filter(b => b.group === 'App')
			.map(b => b.hint),
	);
	const right = items.filter(i => appKeys.has(i.label));
	const left = items.filter(i => !appKeys.has(i.label));
	const itemWidth = (item: {keys: string; label: string}) => displayWidth(item.keys) + 1 + displayWidth(item.label) + 2;
	const rightWidth = right.reduce((sum, i) => sum + itemWidth(i), 0);
	const shown: typeof items = [];
	let used = 1 + rightWidth;
	for (const item of left) {
		if (used + itemWidth(item) > width) break;
		shown.push(item);
		used += itemWidth(item);
	}
	const pad = Math.max(0, width - used);
	const render = (item: {keys: string; label: string}, at: number) => (
		<Text key={at}>
			<Text bold color={theme.c('accent')} inverse={!theme.color}>
				{item.keys}
			</Text>
			<Text color={theme.c('muted')}>{` ${item.label}  `}</Text>
		</Text>
	);
	return (
		<Text wrap="truncate">
			{' '}
			{shown.map(render)}
			{' '.repeat(pad)}
			{rightWidth + 1 <= width ? right.map((item, at) => render(item, 100 + at)) : null}
		</Text>
	);
});
