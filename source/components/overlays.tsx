// The overlays that ship with the explorer. Each takes the keyboard while open
// (useKeys from keyboard.tsx) and maps keys through the keymap, so help lists their keys too.
import {Box, Text} from 'ink';
import {useMemo, useState, type Dispatch} from 'react';
import {bindingKeys, type Binding, type Keymap} from '../keys/keymap.js';
import {useKeys} from './keyboard.js';
import type {CopyChoice, ExplorerAction, ListPaneId} from '../state/explorer.js';
import {cell, clip} from '../format/columns.js';
import {sanitize} from '../format/sanitize.js';
import {Frame} from './frame.js';
import {Modal} from './modal.js';
import {hintItems} from './hint-bar.js';
import {wrapText} from './dialogs/parts.js';
import {useTheme} from './theme.js';

// --- help ---

const CONTEXT_NAMES: Record<string, string> = {
	global: 'everywhere',
	lists: 'lists',
	networks: 'networks',
	containers: 'containers',
	endpoints: 'endpoints',
	details: 'details',
	panel: 'panel',
	help: 'help',
	filter: 'filter line',
	copy: 'copy picker',
	dialog: 'dialogs',
};

export type HelpLine = {
	text: string;
	kind: 'section' | 'key' | 'text';
	keys?: string;
	where?: string;
	dangerous?: boolean;
	/** Wrapped rows: shown in the danger colour (the "! " is already in the text). */ danger?: boolean;
};

/** The help screen, generated from the keymap table. */
export function helpLines(keymap: Keymap, unicode: boolean, readOnly: boolean, hidden: number): HelpLine[] {
	const lines: HelpLine[] = [];
	const groups = ['Move', 'View', 'Act', 'App', 'Overlay'] as const;
	const titles = {Move: 'Moving around', View: 'Viewing', Act: 'Actions', App: 'App', Overlay: 'In overlays and dialogs'};
	for (const group of groups) {
		const bindings = keymap.bindings.filter((b: Binding) => b.group === group);
		if (!bindings.length) continue;
		lines.push({text: titles[group], kind: 'section'});
		for (const b of bindings) {
			lines.push({
				kind: 'key',
				keys: bindingKeys(b, unicode),
				text: b.label,
				where: b.contexts.map(c => CONTEXT_NAMES[c] ?? c).join(', '),
				dangerous: Boolean(b.dangerous),
			});
		}
	}
	if (readOnly && hidden > 0) lines.push({kind: 'text', text: `Read-only mode: ${hidden} key(s) that change the engine are switched off.`});
	lines.push({text: 'Reading the panes', kind: 'section'});
	for (const text of [
		'NETWORKS  KIND: built-in = bridge/host/none, made by the engine (cannot be removed); internal = no route out; ingress; else the driver. On a narrow screen KIND is left out first.',
		'          CTRS: running endpoints, +N = stopped containers configured on it.',
		'ENDPOINTS aliases … = still loading; "no DNS here" = the default bridge resolves no names.',
		'Dimmed rows are stopped containers: configured on a network but not attached.',
		'Enter on an endpoint jumps to the other side: its container, or its network.',
	])
		lines.push({kind: 'text', text});
	return lines;
}

export function HelpScreen({
	keymap,
	readOnly,
	hidden,
	width,
	height,
	dispatch,
}: {
	keymap: Keymap;
	readOnly: boolean;
	hidden: number;
	width: number;
	height: number;
	dispatch: Dispatch<ExplorerAction>;
}) {
	const theme = useTheme();
	const lines = useMemo(() => helpLines(keymap, theme.unicode, readOnly, hidden), [keymap, theme.unicode, readOnly, hidden]);
	const [scroll, setScroll] = useState(0);
	const inner = width - 2;
	const keyWidth = 14;
	const whereWidth = Math.min(24, Math.max(0, Math.floor((inner - keyWidth) / 3)));
	const labelWidth = Math.max(0, inner - keyWidth - whereWidth - 4);
	// Every line wrapped to the screen (nothing cut): a key's label continues under itself.
	const rows = useMemo(() => wrapHelp(lines, labelWidth, inner - 3, whereWidth), [lines, labelWidth, inner, whereWidth]);
	const body = Math.max(1, height - 2);
	const max = Math.max(0, rows.length - body);
	useKeys(({name, input}) => {
		const binding = name ? keymap.lookup('help', input === ' ' ? 'space' : name) : undefined;
		const command = binding?.command;
		if (command === 'overlay.close') dispatch({type: 'close-overlay'});
		else if (command === 'overlay.down') setScroll(s => Math.min(max, s + 1));
		else if (command === 'overlay.up') setScroll(s => Math.max(0, s - 1));
		else if (command === 'overlay.pageDown') setScroll(s => Math.min(max, s + body));
		else if (command === 'overlay.pageUp') setScroll(s => Math.max(0, s - body));
		else if (command === 'overlay.top') setScroll(0);
		else if (command === 'overlay.bottom') setScroll(max);
	});
	const lines_ = rows;
	const from = Math.min(scroll, max);
	return (
		<Frame
			title="Help — keys"
			info={
				lines_.length > body
					? `${from + 1}-${Math.min(lines_.length, from + body)}/${lines_.length} ${theme.unicode ? '↑↓' : 'j/k'} PgDn g G`
					: 'Esc closes'
			}
			width={width}
			height={height}
			focused
		>
			{lines_.slice(from, from + body).map((line, at) =>
				line.kind === 'section' ? (
					<Text key={at} bold color={theme.c('accent')} underline={!theme.color} wrap="truncate">
						{' ' + line.text}
					</Text>
				) : line.kind === 'text' ? (
					<Text key={at} color={theme.c('muted')} wrap="truncate">
						{'  ' + line.text}
					</Text>
				) : (
					<Text key={at} wrap="truncate">
						{'  '}
						<Text bold color={theme.c('accent')}>
							{cell(line.keys ?? '', keyWidth, 'left', theme.g.ellipsis)}
						</Text>
						<Text color={line.danger ? theme.c('bad') : undefined}>{cell(line.text, labelWidth, 'left', theme.g.ellipsis)}</Text>
						<Text> </Text>
						<Text color={theme.c('muted')} dimColor={!theme.color}>
							{cell(line.where ?? '', whereWidth, 'left', theme.g.ellipsis)}
						</Text>
					</Text>
				),
			)}
		</Frame>
	);
}

/** Help lines wrapped: key labels to `labelWidth` (keys and where on the first row only), text to `textWidth`. */
export function wrapHelp(lines: readonly HelpLine[], labelWidth: number, textWidth: number, whereWidth = 0): HelpLine[] {
	const out: HelpLine[] = [];
	for (const line of lines) {
		if (line.kind === 'section') out.push(line);
		else if (line.kind === 'text') for (const text of wrapText(line.text, Math.max(10, textWidth))) out.push({kind: 'text', text});
		else {
			const parts = wrapText((line.dangerous ? '! ' : '') + line.text, Math.max(10, labelWidth));
			const where = whereWidth > 0 ? wrapText(line.where ?? '', whereWidth) : [line.where ?? ''];
			for (let at = 0; at < Math.max(parts.length, where.length); at++)
				out.push({
					kind: 'key',
					keys: at === 0 ? line.keys : '',
					text: at === 0 ? (parts[0] ?? '') : parts[at] ? '  ' + parts[at] : '',
					where: where[at] ?? '',
					danger: line.dangerous,
				});
		}
	}
	return out;
}

// --- filter line ---

export function FilterBar({
	keymap,
	pane,
	value,
	previous,
	width,
	dispatch,
}: {
	keymap: Keymap;
	pane: ListPaneId;
	value: string;
	previous: string;
	width: number;
	dispatch: Dispatch<ExplorerAction>;
}) {
	const theme = useTheme();
	useKeys(
		({name, input, key}) => {
			const binding = name ? keymap.lookup('filter', name) : undefined;
			if (binding?.command === 'filter.apply') dispatch({type: 'close-overlay'});
			else if (binding?.command === 'filter.cancel') {
				dispatch({type: 'set-filter', pane, text: previous === value ? '' : previous});
				dispatch({type: 'close-overlay'});
			} else if (key.backspace || key.delete) dispatch({type: 'set-filter', pane, text: [...value].slice(0, -1).join('')});
			else if (name === 'ctrl+u') dispatch({type: 'set-filter', pane, text: ''});
			else if (name === 'ctrl+w') dispatch({type: 'set-filter', pane, text: value.replace(/\S+\s*$/, '')});
			else if (input && !key.ctrl && !key.meta && !key.tab && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow) {
				// Typed or pasted text: keep printable characters only.
				const text = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
				if (text) dispatch({type: 'set-filter', pane, text: (value + text).slice(0, 200)});
			}
		},
		true,
		{text: true},
	);
	const hints = hintItems(keymap, 'filter', theme.unicode)
		.map(h => `${h.keys} ${h.label}`)
		.join('  ');
	const label = ` / filter ${pane}: `;
	const room = Math.max(4, width - label.length - hints.length - 4);
	return (
		<Text wrap="truncate">
			<Text bold color={theme.c('accent')} inverse={!theme.color}>
				{label}
			</Text>
			<Text>{clip(sanitize(value), room, theme.g.ellipsis)}</Text>
			<Text inverse> </Text>
			<Text color={theme.c('muted')}>{'  ' + hints}</Text>
		</Text>
	);
}

// --- copy picker ---

export function CopyPicker({
	keymap,
	choices,
	screen,
	onCopy,
	dispatch,
}: {
	keymap: Keymap;
	choices: CopyChoice[];
	screen: {columns: number; rows: number};
	onCopy: (choice: CopyChoice) => void;
	dispatch: Dispatch<ExplorerAction>;
}) {
	const theme = useTheme();
	const [at, setAt] = useState(0);
	useKeys(({name}) => {
		const binding = name ? keymap.lookup('copy', name) : undefined;
		if (binding?.command === 'overlay.close') dispatch({type: 'close-overlay'});
		else if (binding?.command === 'overlay.down') setAt(i => Math.min(choices.length - 1, i + 1));
		else if (binding?.command === 'overlay.up') setAt(i => Math.max(0, i - 1));
		else if (binding?.command === 'copy.choose' && choices[at]) {
			dispatch({type: 'close-overlay'});
			onCopy(choices[at]);
		}
	});
	const width = Math.min(64, screen.columns - 4);
	const inner = width - 4;
	const labelWidth = 10;
	return (
		<Modal title="Copy to clipboard" info="Enter copies" width={width} height={choices.length + 3} screen={screen}>
			{choices.map((choice, i) => (
				<Text key={i} inverse={i === at} wrap="truncate">
					{' '}
					{cell(choice.label, labelWidth)}
					{' ' + cell(sanitize(choice.value), Math.max(0, inner - labelWidth - 1), 'left', theme.g.ellipsis)}
				</Text>
			))}
			<Box>
				<Text color={theme.c('muted')} wrap="truncate">
					{' via OSC 52: works over SSH when the terminal allows it'}
				</Text>
			</Box>
		</Modal>
	);
}
