// Shown instead of the panes when the terminal is too small to draw them legibly.
import {Box, Text} from 'ink';
import {useTheme} from './theme.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;

export function TooSmall({columns, rows}: {columns: number; rows: number}) {
	const theme = useTheme();
	const lines = [
		'docknet needs a bigger terminal',
		`${MIN_COLUMNS}x${MIN_ROWS} at least, this is ${columns}x${rows}`,
		'resize, or press q to quit',
	];
	return (
		<Box flexDirection="column" width={columns} height={rows}>
			{lines.map((line, at) => (
				<Text key={at} wrap="truncate" bold={at === 0} color={at === 0 ? theme.c('warn') : undefined}>
					{line}
				</Text>
			))}
		</Box>
	);
}
