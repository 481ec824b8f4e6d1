// The session log: every operation done since docknet started, newest first, with
// the docker lines that ran and what came of them (or the engine's error).
import {useState, type ReactNode} from 'react';
import {useOperationLog} from '../../hooks/use-operation.js';
import {clock, type OperationDialog} from '../../state/operations.js';
import {useKeys} from '../keyboard.js';
import {useTheme} from '../theme.js';
import {DialogFrame, KeyHints, dialogCommand, dialogWidth, textRows} from './parts.js';
import type {OperationDialogProps} from './types.js';

export function LogDialog({keymap, screen, close}: OperationDialogProps<Extract<OperationDialog, {op: 'log'}>>) {
	const theme = useTheme();
	const entries = useOperationLog();
	const [scroll, setScroll] = useState(0);
	const {width, inner} = dialogWidth(screen, 96);

	const all: ReactNode[] = [];
	if (!entries.length)
		all.push(
			...textRows({
				text: 'Nothing done yet this session. Operations (c connect, d disconnect, n new, D remove, P prune) are listed here.',
				inner,
				tone: 'muted',
			}),
		);
	for (const entry of entries) {
		const mark = entry.ok ? (theme.unicode ? '✓' : '+') : theme.unicode ? '✗' : 'x';
		all.push(...textRows({text: `${clock(entry.at)} ${mark} ${entry.summary}`, inner, tone: entry.ok ? 'ok' : 'bad', bold: true, max: 2}));
		for (const line of entry.lines) all.push(...textRows({text: line, inner, tone: 'accent', prefix: '    $ '}));
		if (entry.detail) all.push(...textRows({text: entry.detail, inner, tone: 'muted', prefix: '    ', max: 2}));
		if (entry.error) all.push(...textRows({text: entry.error, inner, tone: 'bad', prefix: '    ', max: 3}));
	}
	const body = Math.max(3, screen.rows - 5);
	const max = Math.max(0, all.length - body);
	const from = Math.min(scroll, max);

	useKeys(event => {
		const command = dialogCommand(keymap, event.name, event.input);
		if (command === 'dialog.cancel' || command === 'dialog.confirm' || event.name === 'L' || event.name === 'q') return close();
		if (command === 'dialog.down') setScroll(s => Math.min(max, s + 1));
		if (command === 'dialog.up') setScroll(s => Math.max(0, s - 1));
		if (event.name === 'pgdn') setScroll(s => Math.min(max, s + body));
		if (event.name === 'pgup') setScroll(s => Math.max(0, s - body));
	});

	const rows = [
		...all.slice(from, from + body),
		<KeyHints
			keymap={keymap}
			items={[
				['dialog.cancel', 'close'],
				['dialog.down', 'scroll'],
			]}
			inner={inner}
		/>,
	];
	return (
		<DialogFrame
			title="Operations (this run and earlier ones)"
			info={entries.length ? `${entries.length}` : undefined}
			screen={screen}
			width={width}
			rows={rows}
		/>
	);
}
