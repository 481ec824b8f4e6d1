// Bottom line: the keys that work in the focused pane (from the keymap table), or a
// transient notice (copied, refused, errors…).
import {sanitizeLines} from '../format/sanitize.js';
import {Text} from 'ink';
import {memo} from 'react';
import {bindingKeys, type Keymap, type KeyContext} from '../keys/keymap.js';
import type {Notice} from '../state/explorer.js';
import {clip} from '../format/columns.js';
import {displayWidth} from '../format/width.js';
import {useTheme} from './theme.js';

export type HintBarProps = {keymap: Keymap; context: KeyContext; width: number; notice: Notice | null};

/** The hint items for a context: "key label" pairs from bindings that have a hint. */
export function hintItems(keymap: Keymap, context: KeyContext, unicode: boolean): Array<{keys: string; label: string}> {
	// Pane keys first, the app keys (help, quit) last.
	const bindings = keymap.inContext(context).filter(b => b.hint);
	return [...bindings.filter(b => b.group !== 'App'), ...bindings.filter(b => b.group === 'App')]
		.map(b => ({keys: b.keys.length > 1 && b.keys[0] === 'down' ? (unicode ? '↑↓' : 'Up/Dn') : bindingKeys({...b, keys: [b.keys[0]!]}, unicode), label: b.hint!}));
}

export const HintBar = memo(function HintBar({keymap, context, width, notice}: HintBarProps) {
	const theme = useTheme();
	if (notice) {
		const tone = notice.tone === 'error' ? 'bad' : notice.tone === 'warning' ? 'warn' : notice.tone === 'success' ? 'ok' : 'info';
		return (
			<Text wrap="truncate" color={theme.c(tone)} bold>
				{' ' + clip(sanitizeLines(notice.text, '').replaceAll('\n', ' · '), Math.max(0, width - 2), theme.g.ellipsis)}
			</Text>
		);
	}
	const items = hintItems(keymap, context, theme.unicode);
	const appKeys = new Set(keymap.inContext(context).filter(b => b.group === 'App').map(b => b.hint));
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
