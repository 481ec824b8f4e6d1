// Connect: from a network pick a container, or from a container pick a network. The
// picker filters as you type and stays on the same item (by id) while the list changes
// live; optional aliases and static IPv4/IPv6 are validated against the network's
// subnets on every key, and the docker CLI line is shown before Enter runs it.
import {Text} from 'ink';
import {type ReactNode} from 'react';
import {useKeptState} from '../../state/kept-state.js';
import {planConnect} from '../../commands/connect.js';
import {findContainer, findNetwork} from '../../domain/selectors.js';
import {splitList} from '../../domain/validate-create.js';
import {refusalLine} from '../../domain/validate.js';
import type {Network, Topology} from '../../domain/types.js';
import {cell} from '../../format/columns.js';
import {sanitize} from '../../format/sanitize.js';
import {useOperation} from '../../hooks/use-operation.js';
import {
	containerCandidates,
	editText,
	initialPicker,
	movePicker,
	networkCandidates,
	pickerPosition,
	windowStart,
	type OperationDialog,
	type PickerItem,
} from '../../state/operations.js';
import {useKeys} from '../keyboard.js';
import {useTheme} from '../theme.js';
import {DialogFrame, KeyHints, failureRows, TextField, dialogCommand, dialogWidth, listBudget, textRows} from './parts.js';
import type {OperationDialogProps} from './types.js';

type Field = 'pick' | 'aliases' | 'ipv4' | 'ipv6';
const FIELDS: Field[] = ['pick', 'aliases', 'ipv4', 'ipv6'];

const subnetsText = (n: Network | null, family: 4 | 6): string =>
	n
		? n.ipam
				.map(c => c.subnet)
				.filter((s): s is string => Boolean(s) && (family === 6) === s!.includes(':'))
				.join(', ')
		: '';

export function ConnectDialog({dialog, ctx, keymap, screen, close}: OperationDialogProps<Extract<OperationDialog, {op: 'connect'}>>) {
	const theme = useTheme();
	const t: Topology = ctx.topology;
	const [field, setField] = useKeptState<Field>(dialog, 'field', 'pick');
	const [picker, setPicker] = useKeptState(dialog, 'picker', initialPicker);
	const [aliases, setAliases] = useKeptState(dialog, 'aliases', '');
	const [ipv4, setIpv4] = useKeptState(dialog, 'ipv4', '');
	const [ipv6, setIpv6] = useKeptState(dialog, 'ipv6', '');
	const [tried, setTried] = useKeptState(dialog, 'tried', false);
	const op = useOperation(ctx.engine);

	const ownerNetwork = dialog.from === 'network' ? findNetwork(t, dialog.networkId) : null;
	const ownerContainer = dialog.from === 'container' ? findContainer(t, dialog.containerId) : null;
	const owner = ownerNetwork ?? ownerContainer;
	const items: PickerItem[] = ownerNetwork
		? containerCandidates(t, ownerNetwork, picker.query)
		: ownerContainer
			? networkCandidates(t, ownerContainer, picker.query)
			: [];
	const position = pickerPosition(items, picker);
	const chosen = position >= 0 ? items[position]! : null;
	const network = dialog.from === 'network' ? ownerNetwork : chosen ? findNetwork(t, chosen.id) : null;
	const containerId = dialog.from === 'network' ? chosen?.id : dialog.containerId;
	const plan =
		owner && network && containerId
			? planConnect(t, {
					network: network.id,
					container: containerId,
					aliases: splitList(aliases),
					ipv4: ipv4.trim() || null,
					ipv6: ipv6.trim() || null,
				})
			: null;

	const values: Record<Exclude<Field, 'pick'>, [string, (v: string) => void]> = {
		aliases: [aliases, setAliases],
		ipv4: [ipv4, setIpv4],
		ipv6: [ipv6, setIpv6],
	};

	useKeys(
		event => {
			const command = dialogCommand(keymap, event.name, event.input);
			if (command === 'dialog.cancel') return close();
			if (op.phase === 'running') return;
			if (command === 'dialog.confirm') {
				setTried(true);
				if (op.phase === 'done' && op.outcome && !op.outcome.ok) op.reset();
				if (plan?.ok) {
					void op.run(plan, t).then(outcome => {
						if (outcome?.ok) {
							const r = outcome.result as {ipv4: string | null; ipv6: string | null};
							const address = [r.ipv4, r.ipv6].filter(Boolean).join(' ');
							ctx.notify(`${plan.summary}${address ? ` — ${address}` : ''} · ${plan.steps[0]!.line}`, 'success');
							close();
						}
					});
				}
				return;
			}
			const at = FIELDS.indexOf(field);
			if (command === 'dialog.next') return setField(FIELDS[(at + 1) % FIELDS.length]!);
			if (command === 'dialog.prev') return setField(FIELDS[(at - 1 + FIELDS.length) % FIELDS.length]!);
			if (command === 'dialog.down' || command === 'dialog.up') {
				const delta = command === 'dialog.down' ? 1 : -1;
				if (field === 'pick' && !(delta < 0 && position <= 0) && !(delta > 0 && position >= items.length - 1))
					return setPicker(p => movePicker(items, p, delta));
				// Past the ends of the list (or in a field): move between fields.
				const next = at + delta;
				if (next >= 0 && next < FIELDS.length) setField(FIELDS[next]!);
				return;
			}
			if (field === 'pick') {
				const query = editText(picker.query, event);
				if (query !== null) setPicker(p => ({...p, query, highlightedId: chosen?.id ?? p.highlightedId}));
				return;
			}
			const [value, set] = values[field];
			const next = editText(value, event);
			if (next !== null) set(next);
		},
		true,
		{text: true},
	);

	const {width, inner} = dialogWidth(screen, 84);
	const labelWidth = 8;
	const title = ownerNetwork
		? `Connect a container to ${ownerNetwork.name}`
		: ownerContainer
			? `Connect ${ownerContainer.name} to a network`
			: 'Connect';

	// Status: what the user needs to read before pressing Enter.
	const status: ReactNode[] = [];
	if (!owner) status.push(...textRows({text: `that ${dialog.from} is gone (removed meanwhile)`, inner, tone: 'warn'}));
	else if (op.phase === 'running') status.push(...textRows({text: 'connecting…', inner, tone: 'info'}));
	else if (op.phase === 'done' && op.outcome && !op.outcome.ok) status.push(...failureRows(op.outcome.failure, inner, theme.unicode));
	else if (!chosen)
		status.push(
			...textRows({
				text: picker.query
					? `nothing matches "${picker.query}"`
					: `no ${dialog.from === 'network' ? 'container' : 'network'} left to connect`,
				inner,
				tone: 'muted',
			}),
		);
	else if (plan && !plan.ok)
		status.push(...textRows({text: refusalLine(plan), inner, tone: tried ? 'bad' : 'warn', prefix: theme.unicode ? '✗ ' : 'x ', max: 3}));
	else if (plan?.ok) {
		for (const note of plan.notes.slice(0, 2)) status.push(...textRows({text: note, inner, tone: 'muted', prefix: 'note: ', max: 2}));
		if (!plan.notes.length) status.push(...textRows({text: 'ready: Enter runs the command above', inner, tone: 'ok'}));
	}
	const cli = plan?.ok
		? textRows({text: plan.steps[0]!.line, inner, tone: 'accent', prefix: '$ ', bold: true})
		: textRows({text: '$ docker network connect …', inner, tone: 'muted'});

	const fixed = 1 + 3 + cli.length + status.length + 1;
	// A steady height: the dialog does not jump while the list filters down.
	const listHeight = listBudget(screen, fixed, 8, 3);
	const start = windowStart(position, items.length, listHeight);
	const list: ReactNode[] = [];
	for (let i = 0; i < listHeight; i++) {
		const item = items[start + i];
		if (!item) {
			list.push(<Text> </Text>);
			continue;
		}
		const selected = start + i === position;
		const nameWidth = Math.min(24, Math.max(10, Math.floor(inner / 3)));
		list.push(
			<Text wrap="truncate" inverse={selected && field === 'pick'} bold={selected}>
				{' ' + (selected ? theme.g.pointer : ' ') + ' '}
				{cell(sanitize(item.name), nameWidth, 'left', theme.g.ellipsis)}
				<Text color={theme.c('muted')}>
					{' ' + cell(sanitize(item.detail), Math.max(0, inner - nameWidth - 4 - (item.caution ? 18 : 0)), 'left', theme.g.ellipsis)}
				</Text>
				{item.caution ? <Text color={theme.c('warn')}>{' ' + cell(item.caution, 17, 'left', theme.g.ellipsis)}</Text> : null}
			</Text>,
		);
	}

	const rows: ReactNode[] = [
		<TextField
			label="Find"
			value={picker.query}
			focused={field === 'pick'}
			placeholder={`type to filter ${dialog.from === 'network' ? 'containers' : 'networks'}, ↑↓ to choose`}
			inner={inner}
			labelWidth={labelWidth}
		/>,
		...list,
		<TextField
			label="Aliases"
			value={aliases}
			focused={field === 'aliases'}
			placeholder="optional: names on this network, e.g. db db.local"
			inner={inner}
			labelWidth={labelWidth}
			error={plan?.ok === false && plan.field === 'aliases'}
		/>,
		<TextField
			label="IPv4"
			value={ipv4}
			focused={field === 'ipv4'}
			placeholder={`optional static address${subnetsText(network, 4) ? ` in ${subnetsText(network, 4)}` : ''} (needs a network made with --subnet)`}
			inner={inner}
			labelWidth={labelWidth}
			error={plan?.ok === false && plan.field === 'ipv4'}
		/>,
		<TextField
			label="IPv6"
			value={ipv6}
			focused={field === 'ipv6'}
			placeholder={`optional static address${subnetsText(network, 6) ? ` in ${subnetsText(network, 6)}` : ''}`}
			inner={inner}
			labelWidth={labelWidth}
			error={plan?.ok === false && plan.field === 'ipv6'}
		/>,
		...cli,
		...status,
		<KeyHints
			keymap={keymap}
			items={[
				['dialog.confirm', 'connect'],
				['dialog.next', 'next field'],
				['dialog.down', 'choose'],
				['dialog.cancel', 'cancel'],
			]}
			inner={inner}
		/>,
	];
	return (
		<DialogFrame title={title} info={items.length ? `${position + 1}/${items.length}` : '0'} screen={screen} width={width} rows={rows} />
	);
}
