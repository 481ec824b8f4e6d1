// The second confirmation of a destructive write (rm, prune, forced disconnect) on an
// engine the conformance suite has not proven: the first Enter only shows the notice,
// the second runs the operation.
import {useState, type ReactNode} from 'react';
import type {CommandContext} from '../../command-context.js';
import {unprovenNotice} from '../../domain/engine-flavor.js';
import {textRows} from './parts.js';

export function useUnprovenGate(ctx: CommandContext) {
	const flavor = ctx.feed?.state.info?.flavor;
	const notice = flavor ? unprovenNotice(flavor) : null;
	const [armed, setArmed] = useState(false);
	return {
		/** True when the operation may run now; on an unproven engine the first call only arms. */
		pass(): boolean {
			if (!notice || armed) return true;
			setArmed(true);
			return false;
		},
		reset: () => setArmed(false),
		rows(inner: number): ReactNode[] {
			if (!notice || !armed) return [];
			return textRows({
				text: `${notice}. Press Enter again to go ahead, Esc to cancel.`,
				inner,
				tone: 'bad',
				bold: true,
				prefix: '! ',
				max: 4,
			});
		},
		armed,
	};
}
