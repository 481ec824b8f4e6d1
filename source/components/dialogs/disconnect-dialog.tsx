// Disconnect an endpoint: says what the container loses on that network (aliases,
// static addresses), the docker line that runs and the one that would restore it.
// Enter disconnects; force needs its own second confirmation.
import {type ReactNode} from 'react';
import {useKeptState} from '../../state/kept-state.js';
import {findContainer, findNetwork} from '../../domain/selectors.js';
import {planDisconnect} from '../../commands/disconnect.js';
import {refusalLine} from '../../domain/validate.js';
import {useOperation} from '../../hooks/use-operation.js';
import type {OperationDialog} from '../../state/operations.js';
import {useKeys} from '../keyboard.js';
import {useTheme} from '../theme.js';
import {DialogFrame, KeyHints, dialogCommand, dialogWidth, failureRows, textRows} from './parts.js';
import type {OperationDialogProps} from './types.js';
import {useUnprovenGate} from './unproven-gate.js';

export function DisconnectDialog({dialog, ctx, keymap, screen, close}: OperationDialogProps<Extract<OperationDialog, {op: 'disconnect'}>>) {
	const theme = useTheme();
	const t = ctx.topology;
	// 'confirm' → Enter disconnects; 'force' → the second confirmation for --force.
	const [stage, setStage] = useKeptState<'confirm' | 'force'>(dialog, 'stage', 'confirm');
	const op = useOperation(ctx.engine);
	const gate = useUnprovenGate(ctx);
	const plan = planDisconnect(t, {network: dialog.networkId, container: dialog.containerId, force: stage === 'force'});

	useKeys(event => {
		const command = dialogCommand(keymap, event.name, event.input);
		if (command === 'dialog.cancel') {
			if (stage === 'force' && op.phase !== 'running') {
				gate.reset();
				setStage('confirm');
				op.reset();
				return;
			}
			return close();
		}
		if (op.phase === 'running') return;
		if (command === 'dialog.force' && stage === 'confirm') {
			op.reset();
			return setStage('force');
		}
		if (command === 'dialog.confirm') {
			if (!plan.ok) return close();
			if (stage === 'force' && !gate.pass()) return;
			void op.run(plan, t).then(outcome => {
				if (outcome?.ok) {
					ctx.notify(`${plan.summary} · to restore: ${plan.restore.line}`, 'success');
					close();
				}
			});
		}
	});

	const {width, inner} = dialogWidth(screen, 84);
	const rows: ReactNode[] = [];
	let title = 'Disconnect';
	if (!plan.ok) {
		// Gone meanwhile: say so by the name it had, not by a 64-character id.
		const gone = !findContainer(t, dialog.containerId)
			? `${dialog.containerName ?? dialog.containerId.slice(0, 12)} is gone (removed meanwhile): nothing to disconnect`
			: !findNetwork(t, dialog.networkId)
				? `${dialog.networkName ?? dialog.networkId.slice(0, 12)} is gone (removed meanwhile): nothing to disconnect`
				: null;
		if (gone) title = `Disconnect ${dialog.containerName ?? ''}`.trim();
		rows.push(...textRows({text: gone ?? refusalLine(plan), inner, tone: 'warn', prefix: theme.unicode ? '✗ ' : 'x ', max: 4}));
		rows.push(<KeyHints keymap={keymap} items={[['dialog.cancel', 'close']]} inner={inner} />);
		return <DialogFrame title={title} screen={screen} width={width} rows={rows} />;
	}
	const {network, container} = plan.target;
	title = `Disconnect ${container.name} from ${network.name}`;
	if (plan.lost.length) {
		rows.push(...textRows({text: `${container.name} loses on ${network.name}:`, inner, bold: true}));
		for (const item of plan.lost) rows.push(...textRows({text: item, inner, prefix: `  ${theme.g.dot} `, max: 2}));
	} else {
		rows.push(...textRows({text: `${container.name} has no aliases or static addresses on ${network.name}`, inner}));
	}
	rows.push(...textRows({text: plan.steps[0]!.line, inner, tone: 'accent', prefix: '$ ', bold: true}));
	rows.push(...textRows({text: 'to restore it later:', inner, tone: 'muted'}));
	rows.push(...textRows({text: plan.restore.line, inner, tone: 'muted', prefix: '$ '}));
	for (const note of plan.notes.slice(0, 3)) rows.push(...textRows({text: note, inner, tone: 'muted', prefix: 'note: ', max: 2}));
	if (stage === 'force') {
		rows.push(
			...textRows({
				text: 'Force: the engine removes the endpoint even when it cannot clean it up normally (e.g. a stale endpoint). Press Enter to force it, Esc to go back.',
				inner,
				tone: 'bad',
				bold: true,
				max: 3,
			}),
		);
	}
	if (stage === 'force') rows.push(...gate.rows(inner));
	if (op.phase === 'running') rows.push(...textRows({text: 'disconnecting…', inner, tone: 'info'}));
	if (op.phase === 'done' && op.outcome && !op.outcome.ok) rows.push(...failureRows(op.outcome.failure, inner, theme.unicode));
	rows.push(
		<KeyHints
			keymap={keymap}
			items={
				stage === 'force'
					? [
							['dialog.confirm', 'force disconnect'],
							['dialog.cancel', 'back'],
						]
					: [
							['dialog.confirm', 'disconnect'],
							['dialog.force', 'force…'],
							['dialog.cancel', 'cancel'],
						]
			}
			inner={inner}
		/>,
	);
	return <DialogFrame title={title} info={stage === 'force' ? 'force' : undefined} screen={screen} width={width} rows={rows} />;
}
