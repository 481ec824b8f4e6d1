// The terminal size, following resizes. Tests (ink-testing-library has no rows) pass a
// fixed size instead.
import {useWindowSize} from 'ink';

export type TerminalSize = {columns: number; rows: number};

export function useTerminalSize(fixed?: TerminalSize): TerminalSize {
	const live = useWindowSize();
	if (fixed) return fixed;
	return {columns: live.columns || 80, rows: live.rows || 24};
}
