// Remove a network. The predefined ones are refused with the reason; a network with
// containers attached lists them and offers "disconnect all and remove" behind this
// one confirmation; stopped containers configured on it are named (they would fail to
// start). The docker lines are shown before Enter runs them.
import {useState, type ReactNode} from 'react';
import {planRemove} from '../../commands/remove.js';
import {lossLine, removeLosses} from '../../commands/remove-losses.js';
import {useKeptState} from '../../state/kept-state.js';
import {findNetwork, indexOf} from '../../domain/selectors.js';
import {refusalLine} from '../../domain/validate.js';
import {useOperation} from '../../hooks/use-operation.js';
import type {OperationDialog} from '../../state/operations.js';
import {useKeys} from '../keyboard.js';
import {useTheme} from '../theme.js';
import {DialogFrame, KeyHints, dialogCommand, dialogWidth, failureRows, textRows} from './parts.js';
import type {OperationDialogProps} from './types.js';
import {useUnprovenGate} from './unproven-gate.js';

export function RemoveDialog({dialog, ctx, keymap, screen, close}: OperationDialogProps<Extract<OperationDialog, {op: 'remove'}>>) {
	const theme = useTheme();
	const t = ctx.topology;
	const op = useOperation(ctx.engine);
	const [done, setDone] = useState(false);
	const gate = useUnprovenGate(ctx);
	// The engine could not tell who uses it: the user named this network, one more Enter removes it.
	const unknownUse = op.phase === 'done' && op.outcome && !op.outcome.ok && /cannot be determined: /.test(op.outcome.failure.message);
	// With containers attached, the first Enter only arms: the list of what is lost must be confirmed.
	const [armed, setArmed] = useKeptState(dialog, 'armed', false);
	const network = findNetwork(t, dialog.networkId);
	// One plan as the engine is now: with every attached container disconnected first.
	const plan = network ? planRemove(t, {networks: [network.id], disconnectAll: true}) : null;

	useKeys(event => {
		const command = dialogCommand(keymap, event.name, event.input);
		if (command === 'dialog.cancel') return close();
		if (op.phase === 'running' || done) return;
		if (command === 'dialog.confirm') {
			if (!plan?.ok) return close();
			if (plan.disconnects.length && !armed) return setArmed(true);
			if (!gate.pass()) return;
			void op.run(plan, t, unknownUse ? {confirmUnknown: async () => true} : {}).then(outcome => {
				if (outcome?.ok) {
					setDone(true);
					ctx.notify(`${plan.summary} · ${plan.steps.map(s => s.line).join(' && ')}`, 'success');
					close();
				}
			});
		}
	});

	const {width, inner} = dialogWidth(screen, 84);
	const rows: ReactNode[] = [];
	const title = network ? `Remove network ${network.name}` : 'Remove network';
	if (!network || !plan) {
		rows.push(...textRows({text: 'that network is gone (removed meanwhile)', inner, tone: 'warn'}));
		rows.push(<KeyHints keymap={keymap} items={[['dialog.cancel', 'close']]} inner={inner} />);
		return <DialogFrame title={title} screen={screen} width={width} rows={rows} />;
	}
	if (!plan.ok) {
		rows.push(...textRows({text: refusalLine(plan), inner, tone: 'warn', prefix: theme.unicode ? '✗ ' : 'x ', max: 4}));
		rows.push(<KeyHints keymap={keymap} items={[['dialog.cancel', 'close']]} inner={inner} />);
		return <DialogFrame title={title} screen={screen} width={width} rows={rows} />;
	}
	const target = plan.targets[0]!;
	const names = indexOf(t).containerById;
	const attached = target.endpoints.map(e => names.get(e.containerId)?.name ?? e.containerId.slice(0, 12));
	if (attached.length) {
		rows.push(
			...textRows({
				text: `${network.name} is in use: ${attached.length} container${attached.length > 1 ? 's are' : ' is'} attached`,
				inner,
				tone: 'warn',
				bold: true,
			}),
		);
		const losses = removeLosses(t, plan);
		const room = Math.max(2, Math.floor((screen.rows - 16) / 2));
		const shown = losses.slice(0, room);
		for (const loss of shown) {
			rows.push(
				...textRows({
					text: lossLine(loss),
					inner,
					prefix: `  ${theme.g.dot} `,
					tone: loss.lost.some(l => !l.includes('assigned by the engine')) ? 'warn' : undefined,
					max: 2,
				}),
			);
			rows.push(...textRows({text: `restore: ${loss.restore}`, inner, tone: 'muted', prefix: '    ', max: 2}));
		}
		if (losses.length > shown.length)
			rows.push(
				...textRows({
					text: `… and ${losses.length - shown.length} more (docknet rm --dry-run ${network.name} --disconnect-all lists them all)`,
					inner,
					tone: 'muted',
					prefix: '    ',
				}),
			);
		rows.push(
			...textRows(
				armed
					? {
							text: `Confirm: disconnect these ${attached.length} containers (losing what is listed) and remove ${network.name}? Enter confirms, Esc cancels.`,
							inner,
							tone: 'bad',
							bold: true,
						}
					: {text: 'Enter disconnects all of them, then removes the network:', inner},
			),
		);
	} else {
		rows.push(...textRows({text: `${network.name} has no containers attached.`, inner}));
	}
	const steps = plan.steps.map(s => s.line);
	const maxSteps = Math.max(2, screen.rows - 14 - rows.length);
	const visible =
		steps.length > maxSteps
			? [...steps.slice(0, maxSteps - 2), `… ${steps.length - maxSteps + 1} more disconnects …`, steps[steps.length - 1]!]
			: steps;
	for (const line of visible) rows.push(...textRows({text: line, inner, tone: 'accent', prefix: '$ ', bold: true}));
	for (const note of plan.notes.slice(0, 3))
		rows.push(...textRows({text: note, inner, tone: 'warn', prefix: theme.unicode ? '⚠ ' : '! ', max: 2}));
	rows.push(...gate.rows(inner));
	if (op.phase === 'running') rows.push(...textRows({text: 'removing…', inner, tone: 'info'}));
	if (op.phase === 'done' && op.outcome && !op.outcome.ok) {
		const completed = op.outcome.completed.length;
		rows.push(
			...failureRows(
				op.outcome.failure,
				inner,
				theme.unicode,
				completed ? `after ${completed} step${completed > 1 ? 's' : ''}` : undefined,
			),
		);
		if (unknownUse)
			rows.push(...textRows({text: `Press Enter again to remove ${network.name} anyway, Esc to keep it.`, inner, tone: 'bad', bold: true}));
	}
	rows.push(
		<KeyHints
			keymap={keymap}
			items={[
				['dialog.confirm', attached.length ? (armed ? 'yes, disconnect all and remove' : 'disconnect all and remove') : 'remove'],
				['dialog.cancel', 'cancel'],
			]}
			inner={inner}
		/>,
	);
	return <DialogFrame title={title} screen={screen} width={width} rows={rows} />;
}
