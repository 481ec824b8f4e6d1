// Props every operation dialog gets from the explorer's dialog slot.
import type {CommandContext} from '../../command-context.js';
import type {Keymap} from '../../keys/keymap.js';
import type {OperationDialog} from '../../state/operations.js';
import type {Screen} from './parts.js';

export type OperationDialogProps<D extends OperationDialog = OperationDialog> = {
	dialog: D;
	/** The explorer's command context at this render: live topology, engine, notify… */
	ctx: CommandContext;
	keymap: Keymap;
	screen: Screen;
	close: () => void;
};
