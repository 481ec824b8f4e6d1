// A bordered pane with its title in the top border ("┌ Networks 3/8 ─── sort: name ┐").
// The border is drawn as text, so it is the same in every terminal and never wraps.
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {displayWidth} from '../format/width.js';
import {clip} from '../format/columns.js';
import {useTheme} from './theme.js';

export type FrameProps = {
	title: string;
	/** Small text at the right of the top border (position, sort…). */
	info?: string;
	width: number;
	height: number;
	focused: boolean;
	children?: ReactNode;
};

export function Frame({title, info, width, height, focused, children}: FrameProps) {
	const theme = useTheme();
	const b = theme.g.border;
	// TL T " title " T…T [" info "] T TR
	const titleText = clip(title, Math.max(0, width - 6), theme.g.ellipsis);
	const base = width - 6 - displayWidth(titleText);
	const infoText = info && base - 3 >= displayWidth(info) ? info : '';
	const fill = Math.max(0, base - (infoText ? displayWidth(infoText) + 2 : 0));
	const borderColor = focused ? theme.c('accent') : theme.c('muted');
	const dim = !focused && !theme.color;
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Text wrap="truncate">
				<Text color={borderColor} dimColor={dim}>
					{b.topLeft + b.top}
				</Text>
				<Text bold={focused} inverse={focused && !theme.color} color={focused ? theme.c('accent') : undefined}>
					{` ${titleText} `}
				</Text>
				<Text color={borderColor} dimColor={dim}>
					{b.top.repeat(fill)}
				</Text>
				{infoText ? <Text color={theme.c('muted')}>{` ${infoText} `}</Text> : null}
				<Text color={borderColor} dimColor={dim}>
					{b.top + b.topRight}
				</Text>
			</Text>
			<Box
				flexDirection="column"
				width={width}
				height={Math.max(0, height - 1)}
				borderStyle={theme.g.borderStyle}
				borderTop={false}
				borderColor={borderColor}
				borderDimColor={dim}
				overflow="hidden"
			>
				{children}
			</Box>
		</Box>
	);
}
