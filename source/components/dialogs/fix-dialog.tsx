// The probe panel's fix, confirmed like any operation: the docker lines are shown
// (wrapped, never cut), Enter runs those docknet has an operation for through the
// normal write path (logged in L), a line it has none for is left for the user
// (y copies it); a refusal or an engine failure is shown, never fatal.
import {useMemo, type ReactNode} from 'react';
import {fixSteps} from '../../commands/fix.js';
import type {Fix} from '../../domain/diagnosis.js';
import type {Topology} from '../../domain/types.js';
import type {EnginePort} from '../../engine/port.js';
import type {Keymap} from '../../keys/keymap.js';
import {useFix, type FixRun} from '../../hooks/use-fix.js';
import {useKeys} from '../keyboard.js';
import {useTheme} from '../theme.js';
import {DialogFrame, KeyHints, dialogCommand, dialogWidth, failureRows, textRows, type Screen} from './parts.js';

export type FixDialogProps = {
	title: string;
	fixes: Fix[];
	topology: Topology;
	engine: EnginePort;
	keymap: Keymap;
	screen: Screen;
	close: () => void;
	/** y: copies the fix lines. */
	copy: (text: string) => void;
	/** Every docknet step ran (the sequence may stop at a manual line): probe again. */
	onApplied: (run: FixRun) => void;
};

export function FixDialog({title, fixes, topology, engine, keymap, screen, close, copy, onApplied}: FixDialogProps) {
	const theme = useTheme();
	const steps = useMemo(() => fixSteps(fixes), [fixes]);
	const fix = useFix(engine);
	const run = fix.state;
	const allLines = steps.map(s => s.line).join(' && ');
	useKeys(event => {
		const command = dialogCommand(keymap, event.name, event.input);
		if (command === 'dialog.cancel') return close();
		if (event.input === 'y' && !event.key.ctrl)
			return copy(
				run.phase === 'manual'
					? steps
							.slice(run.at)
							.map(s => s.line)
							.join(' && ')
					: allLines,
			);
		if (run.phase === 'running') return;
		if (command === 'dialog.confirm') {
			if (run.phase === 'done' || run.phase === 'manual') return close();
			if (!steps.some(s => s.kind === 'plan')) return;
			void fix.run(steps, topology).then(result => {
				if (result.phase === 'done' || (result.phase === 'manual' && result.done.length)) onApplied(result);
				if (result.phase === 'done') close();
			});
		}
	});
	const {width, inner} = dialogWidth(screen, 96);
	const rows: ReactNode[] = [];
	let lastSummary = '';
	steps.forEach((step, at) => {
		if (step.summary !== lastSummary) rows.push(...textRows({text: step.summary, inner, tone: 'muted'}));
		lastSummary = step.summary;
		const ran = at < run.done.length;
		const mark = ran ? (theme.unicode ? '✓ ' : '+ ') : '$ ';
		rows.push(
			...textRows({text: step.line, inner, tone: ran ? 'ok' : step.kind === 'manual' ? 'warn' : 'accent', prefix: mark, bold: !ran}),
		);
		if (step.kind === 'manual')
			rows.push(
				...textRows({text: 'docknet has no operation for this line: run it yourself (y copies it)', inner, tone: 'muted', prefix: '  '}),
			);
	});
	const planned = steps.filter(s => s.kind === 'plan').length;
	if (run.phase === 'running') rows.push(...textRows({text: `running ${steps[run.at]?.line ?? ''}…`, inner, tone: 'info'}));
	else if (run.phase === 'refused')
		rows.push(...textRows({text: `refused: ${run.message}`, inner, tone: 'bad', prefix: theme.unicode ? '✗ ' : 'x '}));
	else if (run.phase === 'failed' && run.failure) rows.push(...failureRows(run.failure, inner, theme.unicode, steps[run.at]?.line));
	else if (run.phase === 'manual')
		rows.push(
			...textRows({
				text: `${run.done.length ? 'done so far; now' : 'first'} run ${steps[run.at]!.line} yourself (y copies it), then probe again`,
				inner,
				tone: 'warn',
			}),
		);
	else if (!planned) rows.push(...textRows({text: 'docknet cannot run these lines itself: y copies them', inner, tone: 'warn'}));
	else
		rows.push(
			...textRows({
				text: `ready: Enter runs ${planned === steps.length ? 'the lines above' : `the ${planned} line${planned === 1 ? '' : 's'} docknet can run, in order`} (recorded in the log, L)`,
				inner,
				tone: 'ok',
			}),
		);
	rows.push(
		<KeyHints
			keymap={keymap}
			items={[
				['dialog.confirm', run.phase === 'manual' ? 'close' : 'apply'],
				['dialog.cancel', 'cancel'],
			]}
			inner={inner}
		/>,
	);
	return <DialogFrame title={title} info="y copy" screen={screen} width={width} rows={rows} />;
}
