// Building blocks shared by the operation dialogs: the modal frame, labelled text
// fields, the docker CLI lines (wrapped, never cut: the user may copy them), the
// status line (refusal, running, engine error with its explanation) and key hints.
// Display only: every string from the engine is sanitized here.
import {Text} from 'ink';
import {Fragment, type ReactNode} from 'react';
import type {EngineFailure} from '../../commands/operation.js';
import {sanitize, sanitizeLines} from '../../format/sanitize.js';
import {cell, clip} from '../../format/columns.js';
import {displayWidth} from '../../format/width.js';
import {bindingKeys, type Keymap} from '../../keys/keymap.js';
import {Modal} from '../modal.js';
import {useTheme} from '../theme.js';

export type Screen = {columns: number; rows: number};

/** Width of a dialog on this screen, and the text width inside it. */
export function dialogWidth(screen: Screen, wanted = 80): {width: number; inner: number} {
	const width = Math.max(40, Math.min(wanted, screen.columns - 2));
	return {width, inner: width - 4};
}

/** Hard-wraps text to `width` columns, preferring spaces; never drops characters. */
export function wrapText(text: string, width: number): string[] {
	if (width <= 0) return [text];
	const lines: string[] = [];
	let rest = text;
	while (displayWidth(rest) > width) {
		let cut = 0;
		let used = 0;
		let lastSpace = -1;
		for (const ch of rest) {
			const w = displayWidth(ch);
			if (used + w > width) break;
			used += w;
			cut += ch.length;
			if (ch === ' ') lastSpace = cut;
		}
		const at = lastSpace > width / 3 ? lastSpace : Math.max(1, cut);
		lines.push(rest.slice(0, at).trimEnd());
		rest = rest.slice(at);
	}
	lines.push(rest);
	return lines;
}

/** A dialog of exactly `rows.length` content rows (each element one screen row). */
export function DialogFrame({
	title,
	info,
	screen,
	width,
	rows,
}: {
	title: string;
	info?: string;
	screen: Screen;
	width: number;
	rows: ReactNode[];
}) {
	return (
		<Modal title={sanitize(title)} info={info} width={width} height={Math.min(rows.length + 2, screen.rows - 2)} screen={screen}>
			{rows.map((row, at) => (
				<Fragment key={at}>{row}</Fragment>
			))}
		</Modal>
	);
}

/** Rows left for a list in a dialog once `fixed` rows are placed. */
export const listBudget = (screen: Screen, fixed: number, wanted: number, min = 2): number =>
	Math.max(min, Math.min(wanted, screen.rows - 4 - fixed));

/** A line of plain text, cut to the dialog width. */
export function Line({
	children,
	inner,
	tone,
	bold,
	dim,
}: {
	children: string;
	inner: number;
	tone?: 'accent' | 'muted' | 'ok' | 'warn' | 'bad' | 'info';
	bold?: boolean;
	dim?: boolean;
}) {
	const theme = useTheme();
	return (
		<Text wrap="truncate" color={tone ? theme.c(tone) : undefined} bold={bold} dimColor={dim}>
			{' ' + clip(children, inner, theme.g.ellipsis)}
		</Text>
	);
}

/** Text wrapped over as many lines as it needs (CLI lines, explanations). */
export function Wrapped({
	text,
	inner,
	tone,
	prefix = '',
	bold,
}: {
	text: string;
	inner: number;
	tone?: 'accent' | 'muted' | 'ok' | 'warn' | 'bad' | 'info';
	prefix?: string;
	bold?: boolean;
}) {
	const theme = useTheme();
	const pad = ' '.repeat(displayWidth(prefix));
	const lines = wrapText(sanitize(text), Math.max(10, inner - displayWidth(prefix)));
	return (
		<>
			{lines.map((line, at) => (
				<Text key={at} wrap="truncate" color={tone ? theme.c(tone) : undefined} bold={bold}>
					{' ' + (at === 0 ? prefix : pad) + line}
				</Text>
			))}
		</>
	);
}

/** The docker CLI commands an operation runs, each as "$ docker …". */
export function CliLines({lines, inner}: {lines: readonly string[]; inner: number}) {
	return (
		<>
			{lines.map((line, at) => (
				<Wrapped key={at} text={line} inner={inner} tone="accent" prefix="$ " bold />
			))}
		</>
	);
}

type Tone = 'accent' | 'muted' | 'ok' | 'warn' | 'bad' | 'info';

/** One element per screen row (so a dialog knows its height): `text` wrapped to `inner`. */
export function textRows(props: {text: string; inner: number; tone?: Tone; prefix?: string; bold?: boolean; max?: number}): ReactNode[] {
	const prefix = props.prefix ?? '';
	const pad = ' '.repeat(displayWidth(prefix));
	// An engine message may span lines: each is sanitized and wrapped on its own.
	let lines = sanitizeLines(props.text, '')
		.split('\n')
		.flatMap(line => wrapText(line, Math.max(10, props.inner - displayWidth(prefix))));
	if (props.max && lines.length > props.max) lines = [...lines.slice(0, props.max - 1), lines.slice(props.max - 1).join(' ')];
	return lines.map((line, at) => <RowText key={at} text={' ' + (at === 0 ? prefix : pad) + line} tone={props.tone} bold={props.bold} />);
}

function RowText({text, tone, bold}: {text: string; tone?: Tone; bold?: boolean}) {
	const theme = useTheme();
	return (
		<Text wrap="truncate" color={tone ? theme.c(tone) : undefined} bold={bold}>
			{text}
		</Text>
	);
}

/** Number of screen lines CliLines/Wrapped take. */
export const wrappedHeight = (texts: readonly string[], inner: number, prefix = '$ '): number =>
	texts.reduce((sum, t) => sum + wrapText(sanitize(t), Math.max(10, inner - displayWidth(prefix))).length, 0);

export function TextField({
	label,
	value,
	focused,
	placeholder,
	inner,
	labelWidth,
	error,
}: {
	label: string;
	value: string;
	focused: boolean;
	placeholder?: string;
	inner: number;
	labelWidth: number;
	error?: boolean;
}) {
	const theme = useTheme();
	const room = Math.max(4, inner - labelWidth - 2);
	const shown = sanitize(value);
	// Keep the end (where typing happens) visible.
	const visible = displayWidth(shown) > room - 1 ? theme.g.ellipsis + [...shown].slice(-(room - 2)).join('') : shown;
	return (
		<Text wrap="truncate">
			<Text
				color={error ? theme.c('bad') : focused ? theme.c('accent') : theme.c('muted')}
				bold={focused}
				inverse={focused && !theme.color}
			>
				{' ' + cell(label, labelWidth)}
			</Text>
			<Text> </Text>
			{value ? (
				<Text>{visible}</Text>
			) : !focused && placeholder ? (
				<Text color={theme.c('muted')}>{clip(placeholder, room, theme.g.ellipsis)}</Text>
			) : null}
			{focused ? <Text inverse> </Text> : null}
			{focused && !value && placeholder ? (
				<Text color={theme.c('muted')}>{' ' + clip(placeholder, room - 2, theme.g.ellipsis)}</Text>
			) : null}
		</Text>
	);
}

export function Checkbox({label, checked, focused}: {label: string; checked: boolean; focused: boolean}) {
	const theme = useTheme();
	return (
		<Text bold={focused} color={focused ? theme.c('accent') : undefined} inverse={focused && !theme.color}>
			{`[${checked ? 'x' : ' '}] ${label}`}
		</Text>
	);
}

/** An engine failure as rows: the message verbatim, then what it means. */
export function failureRows(failure: EngineFailure, inner: number, unicode: boolean, context?: string): ReactNode[] {
	return [
		...textRows({
			text: `${context ? `${context}: ` : ''}${failure.message}`,
			inner,
			tone: 'bad',
			prefix: `${unicode ? '✗' : 'x'} engine: `,
			bold: true,
			max: 4,
		}),
		...textRows({text: failure.explanation, inner, prefix: '  ', max: 3}),
	];
}

/** The key hints of a dialog: pairs of [command, label] looked up in the keymap's dialog bindings. */
export function KeyHints({keymap, items, inner}: {keymap: Keymap; items: Array<[string, string]>; inner: number}) {
	const theme = useTheme();
	const bindings = keymap.inContext('dialog');
	const parts = items
		.map(([command, label]) => {
			const binding = bindings.find(b => b.command === command);
			return binding ? {keys: bindingKeys({...binding, keys: [binding.keys[0]!]}, theme.unicode), label} : null;
		})
		.filter((p): p is {keys: string; label: string} => p !== null);
	let used = 1;
	const shown: typeof parts = [];
	for (const p of parts) {
		const w = displayWidth(p.keys) + 1 + displayWidth(p.label) + 2;
		if (used + w > inner + 1) break;
		shown.push(p);
		used += w;
	}
	return (
		<Text wrap="truncate">
			{' '}
			{shown.map((p, at) => (
				<Text key={at}>
					<Text bold color={theme.c('accent')} inverse={!theme.color}>
						{p.keys}
					</Text>
					<Text color={theme.c('muted')}>{` ${p.label}  `}</Text>
				</Text>
			))}
		</Text>
	);
}

/** Maps a key event to a dialog command via the keymap ('space' for the space bar). */
export function dialogCommand(keymap: Keymap, name: string | null, input: string): string | null {
	// Pasted text is never a command (a pasted space does not toggle).
	if (name === 'paste') return null;
	const key = input === ' ' ? 'space' : name;
	if (!key) return null;
	return keymap.lookup('dialog', key)?.command ?? null;
}
