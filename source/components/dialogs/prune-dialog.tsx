// Prune: shows exactly which networks would go (unused, not predefined, matching the
// optional filters) and names every stopped container configured on one of them. Enter
// removes exactly the networks on screen, by id; then the dialog shows what was
// removed (and anything the engine refused) until it is closed.
import {Text} from 'ink';
import {useState, type ReactNode} from 'react';
import {useKeptState} from '../../state/kept-state.js';
import {planPrune, type PrunePlan, type PruneResult} from '../../commands/prune.js';
import {indexOf} from '../../domain/selectors.js';
import {splitList} from '../../domain/validate-create.js';
import {refusalLine} from '../../domain/validate.js';
import {cell} from '../../format/columns.js';
import {sanitize} from '../../format/sanitize.js';
import {useOperation} from '../../hooks/use-operation.js';
import {editText, type OperationDialog} from '../../state/operations.js';
import {useKeys} from '../keyboard.js';
import {useTheme} from '../theme.js';
import {DialogFrame, KeyHints, TextField, dialogCommand, dialogWidth, failureRows, listBudget, textRows} from './parts.js';
import type {OperationDialogProps} from './types.js';
import {useUnprovenGate} from './unproven-gate.js';

export function PruneDialog({dialog, ctx, keymap, screen, close}: OperationDialogProps<Extract<OperationDialog, {op: 'prune'}>>) {
	const theme = useTheme();
	const t = ctx.topology;
	const [filter, setFilter] = useKeptState(dialog, 'filter', '');
	const [scroll, setScroll] = useState(0);
	const op = useOperation(ctx.engine);
	const gate = useUnprovenGate(ctx);
	// After Enter the preview is frozen to what was removed (the live one would be empty).
	const [ran, setRan] = useState<PrunePlan | null>(null);
	const live = planPrune(t, {filters: splitList(filter)});
	const plan = ran ?? live;

	useKeys(
		event => {
			const command = dialogCommand(keymap, event.name, event.input);
			if (command === 'dialog.cancel') return close();
			if (op.phase === 'running') return;
			if (ran) {
				if (command === 'dialog.confirm') close();
				return;
			}
			if (command === 'dialog.confirm') {
				if (!plan.ok || plan.candidates.length === 0) return;
				if (!gate.pass()) return;
				setRan(plan);
				void op.run(plan, t).then(outcome => {
					if (outcome) {
						const r = outcome.result as PruneResult | null;
						const removed = r?.removed.length ?? 0;
						ctx.notify(
							`prune: removed ${removed} network${removed === 1 ? '' : 's'}${r?.removed.length ? `: ${r.removed.map(n => n.name).join(', ')}` : ''}`,
							outcome.ok ? 'success' : 'warning',
						);
					}
				});
				return;
			}
			if (command === 'dialog.down') return setScroll(s => s + 1);
			if (command === 'dialog.up') return setScroll(s => Math.max(0, s - 1));
			const next = editText(filter, event);
			if (next !== null) {
				gate.reset();
				setFilter(next);
				setScroll(0);
			}
		},
		true,
		{text: true},
	);

	const {width, inner} = dialogWidth(screen, 84);
	const rows: ReactNode[] = [];
	if (!ran)
		rows.push(
			<TextField
				label="Filter"
				value={filter}
				focused
				placeholder="optional: label=KEY[=VALUE] label!=KEY until=24h"
				inner={inner}
				labelWidth={7}
			/>,
		);
	if (!plan.ok) {
		rows.push(...textRows({text: refusalLine(plan), inner, tone: 'warn', prefix: theme.unicode ? '✗ ' : 'x ', max: 3}));
		rows.push(<KeyHints keymap={keymap} items={[['dialog.cancel', 'close']]} inner={inner} />);
		return <DialogFrame title="Prune unused networks" screen={screen} width={width} rows={rows} />;
	}
	const names = indexOf(t).containerById;
	const result = op.outcome?.result as PruneResult | null | undefined;

	if (ran && op.phase === 'done' && result) {
		rows.push(
			...textRows({
				text: result.removed.length
					? `Removed ${result.removed.length} network${result.removed.length === 1 ? '' : 's'}:`
					: 'Removed nothing.',
				inner,
				tone: result.removed.length ? 'ok' : 'warn',
				bold: true,
			}),
		);
		for (const n of result.removed)
			rows.push(...textRows({text: `${n.name}  ${n.id.slice(0, 12)}`, inner, prefix: `  ${theme.unicode ? '✓' : '+'} `}));
		for (const n of result.vanished) rows.push(...textRows({text: `${n.name}: already gone`, inner, tone: 'muted', prefix: '  - '}));
		for (const n of result.kept)
			rows.push(...textRows({text: `${n.name}: kept, ${n.reason}`, inner, tone: 'warn', prefix: '  = ', max: 2}));
		for (const n of result.failed) {
			rows.push(
				...textRows({text: `${n.name}: ${n.failure.message}`, inner, tone: 'bad', prefix: `  ${theme.unicode ? '✗' : 'x'} `, max: 2}),
			);
			rows.push(...textRows({text: n.failure.explanation, inner, prefix: '    ', max: 2}));
		}
		rows.push(...textRows({text: plan.steps[0]?.line ?? '', inner, tone: 'muted', prefix: '$ '}));
		rows.push(
			<KeyHints
				keymap={keymap}
				items={[
					['dialog.confirm', 'close'],
					['dialog.cancel', 'close'],
				]}
				inner={inner}
			/>,
		);
		return <DialogFrame title="Prune: done" screen={screen} width={width} rows={rows} />;
	}
	if (op.phase === 'done' && op.outcome && !op.outcome.ok && !result) rows.push(...failureRows(op.outcome.failure, inner, theme.unicode));

	const count = plan.candidates.length;
	rows.push(
		...textRows({
			text: count
				? `${count} unused network${count === 1 ? '' : 's'} would be removed (no containers attached, not predefined):`
				: 'Nothing to prune: every network is in use or predefined' + (filter.trim() ? ' (or filtered out).' : '.'),
			inner,
			bold: count > 0,
		}),
	);
	const notes = plan.notes.flatMap(note => textRows({text: note, inner, tone: 'warn', prefix: theme.unicode ? '⚠ ' : '! ', max: 2}));
	const cli = plan.steps.flatMap(s => textRows({text: s.line, inner, tone: 'accent', prefix: '$ ', bold: true, max: 3}));
	const fixed = rows.length + Math.min(notes.length, 4) + cli.length + 2;
	const listHeight = Math.min(count, listBudget(screen, fixed, 10, 1));
	const start = Math.min(scroll, Math.max(0, count - listHeight));
	const nameWidth = Math.min(24, Math.max(10, Math.floor(inner / 3)));
	for (const candidate of plan.candidates.slice(start, start + listHeight)) {
		const n = candidate.network;
		const subnets =
			n.ipam
				.map(c => c.subnet)
				.filter(Boolean)
				.join(',') || '-';
		const labels = Object.entries(n.labels)
			.map(([k, v]) => (v ? `${k}=${v}` : k))
			.join(',');
		const stopped = candidate.stopped.map(a => names.get(a.containerId)?.name ?? a.containerId.slice(0, 12));
		rows.push(
			<Text wrap="truncate">
				{'  '}
				{cell(sanitize(n.name), nameWidth, 'left', theme.g.ellipsis)}
				<Text color={theme.c('muted')}>{' ' + cell(subnets, 18, 'left', theme.g.ellipsis) + ' '}</Text>
				{stopped.length ? <Text color={theme.c('warn')}>{`stopped: ${sanitize(stopped.join(', '))} `}</Text> : null}
				<Text color={theme.c('muted')}>{sanitize(labels)}</Text>
			</Text>,
		);
	}
	if (count > listHeight)
		rows.push(...textRows({text: `${start + 1}-${start + listHeight} of ${count} (↑↓ scroll)`, inner, tone: 'muted', prefix: '  '}));
	rows.push(...notes.slice(0, 4));
	rows.push(...cli);
	rows.push(...gate.rows(inner));
	if (op.phase === 'running') rows.push(...textRows({text: 'removing…', inner, tone: 'info'}));
	rows.push(
		<KeyHints
			keymap={keymap}
			items={
				count
					? [
							['dialog.confirm', `remove ${count === 1 ? 'it' : `these ${count}`}`],
							['dialog.cancel', 'cancel'],
						]
					: [['dialog.cancel', 'close']]
			}
			inner={inner}
		/>,
	);
	return <DialogFrame title="Prune unused networks" info={count ? `${count}` : undefined} screen={screen} width={width} rows={rows} />;
}
