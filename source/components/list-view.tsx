// A virtualized list: renders only the rows that fit (O(visible rows) whatever the
// list length) and keeps the selected row in view with the least scrolling. Rows are
// memoized on (row, selected, focused, width), so moving the selection re-renders two
// rows, not the list.
import {Box, Text} from 'ink';
import {memo, useRef, type ReactNode} from 'react';
import type {ListView, Row} from '../state/views.js';
import {displayWidth} from '../format/width.js';
import {useTheme, type Theme} from './theme.js';

export type Segment = {text: string; color?: string | undefined; dim?: boolean; bold?: boolean};

/** Renders one row as text segments exactly `width` columns wide. */
export type RowRenderer<T> = (row: Row<T>, width: number, theme: Theme) => Segment[];

/** First visible row so that `target` is in [offset, offset + height). */
export function scrollOffset(previous: number, target: number, height: number, total: number): number {
	if (height <= 0) return 0;
	let offset = Math.min(previous, Math.max(0, total - height));
	if (target < offset) offset = target;
	else if (target >= offset + height) offset = target - height + 1;
	return Math.max(0, offset);
}

type LineProps = {segments: Segment[]; selected: boolean; focused: boolean; pointer: string; color: boolean};

const Line = memo(function Line({segments, selected, focused, pointer, color}: LineProps) {
	const lead = selected ? `${pointer} ` : '  ';
	if (selected && focused) {
		// One solid bar: inverse works with and without colours.
		return color ? (
			<Text backgroundColor="cyan" color="black" wrap="truncate" bold>
				{lead + segments.map(s => s.text).join('')}
			</Text>
		) : (
			<Text inverse wrap="truncate" bold>
				{lead + segments.map(s => s.text).join('')}
			</Text>
		);
	}
	return (
		<Text wrap="truncate" bold={selected}>
			<Text color={selected && color ? 'cyan' : undefined}>{lead}</Text>
			{segments.map((s, at) => (
				<Text key={at} color={s.color} dimColor={s.dim} bold={s.bold}>
					{s.text}
				</Text>
			))}
		</Text>
	);
});

type RowLineProps<T> = {row: Row<T>; width: number; selected: boolean; focused: boolean; render: RowRenderer<T>; theme: Theme};

function RowLineInner<T>({row, width, selected, focused, render, theme}: RowLineProps<T>) {
	const segments = render(row, width, theme);
	// Pad to the full width so the selection bar spans the pane.
	const used = segments.reduce((sum, s) => sum + displayWidth(s.text), 0);
	if (used < width) segments.push({text: ' '.repeat(width - used)});
	return <Line segments={segments} selected={selected} focused={focused} pointer={theme.g.pointer} color={theme.color} />;
}
const RowLine = memo(RowLineInner) as typeof RowLineInner;

export type ListProps<T> = {
	view: ListView<T>;
	selectedKey: string | null;
	/** Rows available for list rows (after the header line). */
	height: number;
	/** Inner width of the pane. */
	width: number;
	focused: boolean;
	render: RowRenderer<T>;
	/** Column titles, already laid out for `width - 2`. */
	header?: string;
	/** Shown when the list has no rows. */
	empty: ReactNode;
};

export function List<T>({view, selectedKey, height, width, focused, render, header, empty}: ListProps<T>) {
	const theme = useTheme();
	const offsetRef = useRef(0);
	const bodyHeight = Math.max(0, height - (header ? 1 : 0));
	const target = selectedKey === null ? 0 : (view.rowIndexOf.get(selectedKey) ?? 0);
	// Show a group header just above the first item of its group when scrolling up.
	const wanted = target > 0 && view.rows[target - 1]?.kind === 'header' && target - 1 < offsetRef.current ? target - 1 : target;
	const offset = scrollOffset(offsetRef.current, wanted, bodyHeight, view.rows.length);
	offsetRef.current = offset;
	const visible = view.rows.slice(offset, offset + bodyHeight);
	const rowWidth = Math.max(0, width - 2);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{header ? (
				<Text wrap="truncate" color={theme.c('muted')} bold={!theme.color}>
					{'  ' + header}
				</Text>
			) : null}
			{view.rows.length === 0 ? (
				<Box paddingX={1}>{empty}</Box>
			) : (
				visible.map(row => (
					<RowLine
						key={row.key}
						row={row}
						width={rowWidth}
						selected={row.key === selectedKey}
						focused={focused}
						render={render}
						theme={theme}
					/>
				))
			)}
		</Box>
	);
}
