// A list in its bordered pane, memoised on plain props (strings, numbers, the view and
// the row renderer): a move in one pane leaves the other panes' props equal, so React
// skips them instead of rebuilding their frames and rows on every key.
import {Text} from 'ink';
import {memo} from 'react';
import {Frame} from './frame.js';
import {List, type RowRenderer} from './list-view.js';
import {useTheme} from './theme.js';
import type {ListView} from '../state/views.js';

export type ListPaneProps<T> = {
	title: string;
	/** Small text at the right of the top border (filter, sort, position). */
	info: string;
	/** Outer size, borders included. */
	width: number;
	height: number;
	focused: boolean;
	view: ListView<T>;
	selectedKey: string | null;
	render: RowRenderer<T>;
	/** Column titles, laid out for the inner width - 2. */
	header: string;
	/** Shown when the list has no rows. */
	empty: string;
};

function ListPaneInner<T>({title, info, width, height, focused, view, selectedKey, render, header, empty}: ListPaneProps<T>) {
	const theme = useTheme();
	return (
		<Frame title={title} info={info} width={width} height={height} focused={focused}>
			<List
				view={view}
				selectedKey={selectedKey}
				height={height - 2}
				width={width - 2}
				focused={focused}
				render={render}
				header={header}
				empty={
					<Text color={theme.c('muted')} wrap="wrap">
						{empty}
					</Text>
				}
			/>
		</Frame>
	);
}

export const ListPane = memo(ListPaneInner) as typeof ListPaneInner;
