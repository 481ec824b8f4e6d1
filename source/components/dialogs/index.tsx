// The operation dialogs plugged into the explorer: the command handlers for the
// operation keys (c, d, n, D, P, L in keys/keymap.ts) and the dialog renderer for the
// explorer's dialog slot (app.tsx DIALOGS). Every dialog shows the docker CLI line
// before Enter runs it; engine errors are shown, never thrown.
import type {ReactNode} from 'react';
import type {CommandContext, DialogProps} from '../../command-context.js';
import {dialogFor, type OperationCommand, type OperationDialog} from '../../state/operations.js';
import {ConnectDialog} from './connect-dialog.js';
import {CreateDialog} from './create-dialog.js';
import {DisconnectDialog} from './disconnect-dialog.js';
import {LogDialog} from './log-dialog.js';
import {PruneDialog} from './prune-dialog.js';
import {RemoveDialog} from './remove-dialog.js';

export const OPERATION_DIALOG_ID = 'operation';

function open(ctx: CommandContext, command: OperationCommand): void {
	// The keys are absent in read-only mode; this guards any other way in.
	if (ctx.readOnly && command !== 'log') {
		ctx.notify(`read-only: ${command} is disabled (docknet was started with --read-only)`, 'warning');
		return;
	}
	const found = dialogFor(command, ctx.selection);
	if ('message' in found) {
		ctx.notify(found.message, 'warning');
		return;
	}
	ctx.dispatch({type: 'open-overlay', overlay: {kind: 'dialog', id: OPERATION_DIALOG_ID, data: found.dialog}});
}

const noop = () => {};

/** Handlers for the operation commands of the keymap (spread into app.tsx COMMANDS). */
export const OPERATION_COMMANDS = {
	'op.connect': (ctx: CommandContext) => open(ctx, 'connect'),
	'op.disconnect': (ctx: CommandContext) => open(ctx, 'disconnect'),
	'op.create': (ctx: CommandContext) => open(ctx, 'create'),
	'op.remove': (ctx: CommandContext) => open(ctx, 'remove'),
	'op.prune': (ctx: CommandContext) => open(ctx, 'prune'),
	'op.log': (ctx: CommandContext) => open(ctx, 'log'),
	// Read by the dialogs themselves (they own the keyboard while open).
	'dialog.confirm': noop,
	'dialog.cancel': noop,
	'dialog.next': noop,
	'dialog.prev': noop,
	'dialog.down': noop,
	'dialog.up': noop,
	'dialog.toggle': noop,
	'dialog.force': noop,
};

function OperationDialogView(props: DialogProps) {
	const dialog = props.data as OperationDialog;
	const common = {ctx: props.ctx, keymap: props.keymap, screen: props.screen, close: props.close};
	switch (dialog.op) {
		case 'connect':
			return <ConnectDialog dialog={dialog} {...common} />;
		case 'disconnect':
			return <DisconnectDialog dialog={dialog} {...common} />;
		case 'create':
			return <CreateDialog dialog={dialog} {...common} />;
		case 'remove':
			return <RemoveDialog dialog={dialog} {...common} />;
		case 'prune':
			return <PruneDialog dialog={dialog} {...common} />;
		case 'log':
			return <LogDialog dialog={dialog} {...common} />;
	}
}

/** Dialog renderers by id (merged into app.tsx DIALOGS). */
export const OPERATION_DIALOGS: Record<string, (props: DialogProps) => ReactNode> = {
	[OPERATION_DIALOG_ID]: props => <OperationDialogView {...props} />,
};
