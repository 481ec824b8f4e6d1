// Jump to anything (: or Ctrl-F, as k9s's ":" and lazydocker's find): one query over
// every network, container and endpoint name, id, address, MAC, alias and subnet; every
// hit says where it lives, Enter selects it in its pane (a step the Esc history undoes).
import {Text} from 'ink';
import type {ReactNode} from 'react';
import type {CommandContext, DialogProps} from '../command-context.js';
import {searchTopology, type SearchHit, type SearchTarget} from '../domain/search.js';
import {findNetwork} from '../domain/selectors.js';
import {cell} from '../format/columns.js';
import {sanitize} from '../format/sanitize.js';
import {useKeptState} from '../state/kept-state.js';
import {editText, windowStart} from '../state/operations.js';
import {endpointKey} from '../state/views.js';
import {DialogFrame, KeyHints, TextField, dialogCommand, dialogWidth, listBudget, textRows} from './dialogs/parts.js';
import {useKeys} from './keyboard.js';
import {useTheme} from './theme.js';

export const SEARCH_DIALOG_ID = 'search';

/** Selects a search hit in its pane (and focuses it). Returns false when it is gone. */
export function goToTarget(ctx: CommandContext, target: SearchTarget): boolean {
	const {dispatch, views} = ctx;
	if (target.kind === 'container') {
		if (!ctx.topology.containers.some(c => c.id === target.containerId)) return false;
		dispatch({type: 'pivot', pane: 'containers', id: target.containerId, index: views.containers.positionOf.get(target.containerId) ?? 0});
		return true;
	}
	const network = findNetwork(ctx.topology, target.kind === 'network' ? target.networkId : (target.networkId ?? target.networkName));
	if (!network) return false;
	dispatch({type: 'pivot', pane: 'networks', id: network.id, index: views.networks.positionOf.get(network.id) ?? 0});
	if (target.kind === 'endpoint') {
		dispatch({type: 'set-filter', pane: 'endpoints', text: ''});
		dispatch({type: 'select', pane: 'endpoints', id: endpointKey(target.networkId, target.networkName, target.containerId), index: 0});
		dispatch({type: 'focus', pane: 'endpoints'});
	}
	return true;
}

export const SEARCH_COMMANDS = {
	'search.open': (ctx: CommandContext) => ctx.dispatch({type: 'open-overlay', overlay: {kind: 'dialog', id: SEARCH_DIALOG_ID, data: {}}}),
};

const KIND_MARK: Record<SearchTarget['kind'], string> = {network: 'net', container: 'ctr', endpoint: 'ep'};

function SearchDialog({data, ctx, keymap, screen, close}: DialogProps) {
	const theme = useTheme();
	const owner = data as object;
	const [query, setQuery] = useKeptState(owner, 'query', '');
	const [cursor, setCursor] = useKeptState(owner, 'cursor', 0);
	const hits: SearchHit[] = searchTopology(ctx.topology, query);
	const position = hits.length ? Math.min(cursor, hits.length - 1) : -1;

	useKeys(event => {
		const command = dialogCommand(keymap, event.name, event.input);
		if (command === 'dialog.cancel') return close();
		if (command === 'dialog.confirm') {
			const hit = hits[position];
			if (!hit) return ctx.notify(query ? `nothing matches "${sanitize(query)}"` : 'type a name, IP, MAC, alias, subnet or id', 'warning');
			close();
			if (!goToTarget(ctx, hit.target)) ctx.notify(`${sanitize(hit.value)} is gone (removed meanwhile)`, 'warning');
			return;
		}
		if (command === 'dialog.down' || command === 'dialog.next') return setCursor(Math.min(Math.max(0, hits.length - 1), position + 1));
		if (command === 'dialog.up' || command === 'dialog.prev') return setCursor(Math.max(0, position - 1));
		if (event.name === 'pgdn') return setCursor(Math.min(Math.max(0, hits.length - 1), position + 5));
		if (event.name === 'pgup') return setCursor(Math.max(0, position - 5));
		const next = editText(query, event);
		if (next !== null) {
			setQuery(next);
			setCursor(0);
		}
	});

	const {width, inner} = dialogWidth(screen, 96);
	const status = !query
		? textRows({
				text: 'network or container name, IPv4/IPv6, MAC, alias, subnet (or an address inside one), id, image',
				inner,
				tone: 'muted',
			})
		: !hits.length
			? textRows({text: `nothing matches "${query}"`, inner, tone: 'warn'})
			: [];
	const fixed = 1 + status.length + 1;
	const listHeight = listBudget(screen, fixed, 14, 3);
	const start = windowStart(position, hits.length, listHeight);
	const valueWidth = Math.min(30, Math.max(12, Math.floor(inner / 3)));
	const fieldWidth = 12;
	const list: ReactNode[] = [];
	for (let i = 0; i < listHeight; i++) {
		const hit = hits[start + i];
		if (!hit) {
			list.push(<Text> </Text>);
			continue;
		}
		const selected = start + i === position;
		list.push(
			<Text wrap="truncate" inverse={selected} bold={selected}>
				{' ' + (selected ? theme.g.pointer : ' ') + ' '}
				<Text color={theme.c('muted')}>{cell(KIND_MARK[hit.target.kind], 4)}</Text>
				{cell(sanitize(hit.value), valueWidth, 'left', theme.g.ellipsis)}
				<Text color={theme.c('muted')}>{' ' + cell(hit.field, fieldWidth, 'left', theme.g.ellipsis)}</Text>
				{' ' + cell(sanitize(hit.where), Math.max(0, inner - valueWidth - fieldWidth - 9), 'left', theme.g.ellipsis)}
			</Text>,
		);
	}
	const rows: ReactNode[] = [
		<TextField label="Find" value={query} focused placeholder="" inner={inner} labelWidth={5} />,
		...list,
		...status,
		<KeyHints
			keymap={keymap}
			items={[
				['dialog.confirm', 'go there'],
				['dialog.down', 'choose'],
				['dialog.cancel', 'close'],
			]}
			inner={inner}
		/>,
	];
	return (
		<DialogFrame
			title="Find anything"
			info={query ? `${hits.length ? position + 1 : 0}/${hits.length}` : undefined}
			screen={screen}
			width={width}
			rows={rows}
		/>
	);
}

export const SEARCH_DIALOGS: Record<string, (props: DialogProps) => ReactNode> = {
	[SEARCH_DIALOG_ID]: props => <SearchDialog {...props} />,
};
