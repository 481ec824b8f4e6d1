// A centred box drawn over the panes (absolute position). Ink does not clear what is
// underneath, so the box first paints its area with spaces.
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {Frame} from './frame.js';

export type ModalProps = {
	title: string;
	info?: string;
	width: number;
	height: number;
	screen: {columns: number; rows: number};
	children?: ReactNode;
};

export function Modal({title, info, width, height, screen, children}: ModalProps) {
	const w = Math.min(width, screen.columns - 2);
	const h = Math.min(height, screen.rows - 2);
	const left = Math.max(0, Math.floor((screen.columns - w) / 2));
	const top = Math.max(0, Math.floor((screen.rows - h) / 2));
	const blank = ' '.repeat(w);
	return (
		<>
			<Box position="absolute" marginLeft={left} marginTop={top} flexDirection="column" width={w} height={h}>
				{Array.from({length: h}, (_, at) => (
					<Text key={at}>{blank}</Text>
				))}
			</Box>
			<Box position="absolute" marginLeft={left} marginTop={top} width={w} height={h}>
				<Frame title={title} info={info} width={w} height={h} focused>
					{children}
				</Frame>
			</Box>
		</>
	);
}
