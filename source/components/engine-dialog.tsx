// The engine switcher (key e): the docker contexts plus the engine docknet started
// with, the one on screen marked; Enter switches to the highlighted one without
// restarting docknet (the app tears down the feed and builds a new adapter and feed).
import {Text} from 'ink';
import {useState} from 'react';
import type {DialogProps} from '../command-context.js';
import type {EngineChoice} from '../engine/switcher.js';
import {clip} from '../format/columns.js';
import {sanitize} from '../format/sanitize.js';
import {DialogFrame, KeyHints, dialogCommand, dialogWidth, listBudget, textRows} from './dialogs/parts.js';
import {useKeys} from './keyboard.js';
import {useTheme} from './theme.js';

export const ENGINE_DIALOG_ID = 'engine';

export type EngineDialogData = {choices: EngineChoice[]};

function ChoiceRow({choice, selected, inner}: {choice: EngineChoice; selected: boolean; inner: number}) {
	const theme = useTheme();
	const mark = choice.current ? (theme.unicode ? '●' : '*') : ' ';
	const name = sanitize(choice.context ?? '(no context)');
	const text = `${mark} ${name.padEnd(16)} ${sanitize(choice.endpoint)}${choice.note ? `  ${sanitize(choice.note)}` : ''}`;
	return (
		<Text wrap="truncate" inverse={selected} bold={choice.current} color={choice.current ? theme.c('ok') : undefined}>
			{' ' + clip(text, inner, theme.g.ellipsis)}
		</Text>
	);
}

export function EngineDialog({data, ctx, keymap, screen, close}: DialogProps) {
	const {choices} = data as EngineDialogData;
	// The highlight starts on the engine last switched to (one Enter goes back there),
	// else on the one shown.
	const last = choices.findIndex(c => c.lastUsed);
	const start = Math.max(0, last >= 0 ? last : choices.findIndex(c => c.current));
	const [at, setAt] = useState(start);
	const {width, inner} = dialogWidth(screen, 100);
	const budget = listBudget(screen, 3, choices.length);
	const from = Math.min(Math.max(0, at - budget + 1), Math.max(0, choices.length - budget));

	useKeys(event => {
		const command = dialogCommand(keymap, event.name, event.input);
		if (command === 'dialog.cancel' || event.name === 'q' || event.name === 'e') return close();
		if (command === 'dialog.down' || event.name === 'j') setAt(i => Math.min(choices.length - 1, i + 1));
		if (command === 'dialog.up' || event.name === 'k') setAt(i => Math.max(0, i - 1));
		if (command === 'dialog.confirm') {
			const choice = choices[at];
			close();
			const failed = choice && !choice.current ? ctx.switchEngine?.(choice) : null;
			if (failed) ctx.notify(`cannot switch: ${failed}`, 'warning');
		}
	});

	const rows = [
		...textRows({text: 'The screen, probes and every change go to the engine you pick.', inner, tone: 'muted'}),
		...choices.slice(from, from + budget).map((choice, i) => <ChoiceRow choice={choice} selected={from + i === at} inner={inner} />),
		<KeyHints
			keymap={keymap}
			items={[
				['dialog.confirm', 'switch'],
				['dialog.down', 'move'],
				['dialog.cancel', 'cancel'],
			]}
			inner={inner}
		/>,
	];
	return <DialogFrame title="Engines" info={`${choices.length}`} screen={screen} width={width} rows={rows} />;
}
