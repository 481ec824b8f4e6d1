// Create a network: a small form (name, driver, subnet, gateway, IP range, labels,
// internal / attachable / IPv6), validated on every key — CIDR syntax, gateway and
// range inside the subnet, overlaps with existing networks, duplicate name — with the
// docker line shown before Enter runs it.
import {Text} from 'ink';
import {useEffect, type ReactNode} from 'react';
import {nextFreeSubnet} from '../../domain/free-subnet.js';
import {useKeptState} from '../../state/kept-state.js';
import {planCreate} from '../../commands/create.js';
import {splitList} from '../../domain/validate-create.js';
import {refusalLine} from '../../domain/validate.js';
import {useOperation} from '../../hooks/use-operation.js';
import {editText, type OperationDialog} from '../../state/operations.js';
import {useKeys} from '../keyboard.js';
import {useTheme} from '../theme.js';
import {Checkbox, DialogFrame, KeyHints, TextField, dialogCommand, dialogWidth, failureRows, textRows} from './parts.js';
import type {OperationDialogProps} from './types.js';

type TextFieldId = 'name' | 'driver' | 'subnet' | 'gateway' | 'ipRange' | 'labels';
type ToggleId = 'internal' | 'attachable' | 'ipv6';
type FieldId = TextFieldId | ToggleId;
const FIELDS: FieldId[] = ['name', 'driver', 'subnet', 'gateway', 'ipRange', 'labels', 'internal', 'attachable', 'ipv6'];
const TEXT: Record<TextFieldId, {label: string; placeholder: string}> = {
	name: {label: 'Name', placeholder: 'required'},
	driver: {label: 'Driver', placeholder: 'bridge'},
	subnet: {label: 'Subnet', placeholder: 'optional CIDR, e.g. 10.60.0.0/24 (add an IPv6 one after a comma)'},
	gateway: {label: 'Gateway', placeholder: 'optional, inside the subnet, e.g. 10.60.0.1'},
	ipRange: {label: 'IP range', placeholder: 'optional CIDR inside the subnet, for dynamic addresses'},
	labels: {label: 'Labels', placeholder: 'optional key=value, separated by spaces or commas'},
};
const isToggle = (f: FieldId): f is ToggleId => f === 'internal' || f === 'attachable' || f === 'ipv6';

export function CreateDialog({dialog, ctx, keymap, screen, close}: OperationDialogProps<Extract<OperationDialog, {op: 'create'}>>) {
	const theme = useTheme();
	const t = ctx.topology;
	const [field, setField] = useKeptState<FieldId>(dialog, 'field', 'name');
	const [text, setText] = useKeptState<Record<TextFieldId, string>>(dialog, 'text', {
		name: '',
		driver: '',
		subnet: '',
		gateway: '',
		ipRange: '',
		labels: '',
	});
	const [toggles, setToggles] = useKeptState<Record<ToggleId, boolean>>(dialog, 'toggles', {
		internal: false,
		attachable: false,
		ipv6: false,
	});
	const [tried, setTried] = useKeptState(dialog, 'tried', false);
	// After a successful create: the id to select once the network shows in the panes.
	const [createdId, setCreatedId] = useKeptState<string | null>(dialog, 'createdId', null);
	const op = useOperation(ctx.engine);
	const plan = planCreate(t, {
		name: text.name,
		driver: text.driver.trim() || null,
		subnets: splitList(text.subnet),
		gateways: splitList(text.gateway),
		ipRanges: splitList(text.ipRange),
		labels: splitList(text.labels),
		...toggles,
	});

	// On overlap: the next free subnet of the same size (in its range, else the engine's pools).
	const overlap = !plan.ok && plan.field === 'subnet' && /overlaps/.test(plan.reason);
	const subnets = splitList(text.subnet);
	const free = overlap && subnets.length === 1 ? nextFreeSubnet(t, subnets[0]!) : null;

	// Select the new network in the Networks pane as soon as the feed shows it (at most ~3 s).
	useEffect(() => {
		if (!createdId) return;
		const shown = ctx.views.networks.positionOf.get(createdId);
		if (shown !== undefined) {
			ctx.dispatch({type: 'set-filter', pane: 'networks', text: ''});
			ctx.dispatch({type: 'select', pane: 'networks', id: createdId, index: shown});
			ctx.dispatch({type: 'focus', pane: 'networks'});
			close();
			return;
		}
		const timer = setTimeout(close, 3000);
		return () => clearTimeout(timer);
	}, [createdId, ctx.views.networks]);

	useKeys(
		event => {
			const command = dialogCommand(keymap, event.name, event.input);
			if (command === 'dialog.cancel') return close();
			if (op.phase === 'running' || createdId) return;
			const at = FIELDS.indexOf(field);
			if (event.name === 'ctrl+n' && free) return setText(v => ({...v, subnet: free}));
			// ←/→ move between the checkboxes.
			if (isToggle(field) && (event.name === 'left' || event.name === 'right')) {
				const toggles = FIELDS.filter(isToggle);
				const next = toggles.indexOf(field) + (event.name === 'right' ? 1 : -1);
				if (next >= 0 && next < toggles.length) setField(toggles[next]!);
				return;
			}
			if (command === 'dialog.confirm') {
				setTried(true);
				if (op.phase === 'done') op.reset();
				if (plan.ok) {
					void op.run(plan, t).then(outcome => {
						if (outcome?.ok) {
							ctx.notify(`created network ${plan.spec.name} · ${plan.steps[0]!.line}`, 'success');
							const id = (outcome.result as {id?: string} | null)?.id;
							if (id) setCreatedId(id);
							else close();
						}
					});
				}
				return;
			}
			if (command === 'dialog.next' || command === 'dialog.down') return setField(FIELDS[(at + 1) % FIELDS.length]!);
			if (command === 'dialog.prev' || command === 'dialog.up') return setField(FIELDS[(at - 1 + FIELDS.length) % FIELDS.length]!);
			if (isToggle(field)) {
				if (command === 'dialog.toggle') setToggles(v => ({...v, [field]: !v[field]}));
				return;
			}
			const next = editText(text[field], event);
			if (next !== null) setText(v => ({...v, [field]: next}));
		},
		true,
		{text: true},
	);

	const {width, inner} = dialogWidth(screen, 84);
	const labelWidth = 9;
	const refusedField = !plan.ok ? plan.field : null;
	const rows: ReactNode[] = (Object.keys(TEXT) as TextFieldId[]).map(id => (
		<TextField
			label={TEXT[id].label}
			value={text[id]}
			focused={field === id}
			placeholder={TEXT[id].placeholder}
			inner={inner}
			labelWidth={labelWidth}
			error={(tried || text[id] !== '') && refusedField === id}
		/>
	));
	rows.push(
		<Text wrap="truncate">
			{' '}
			<Checkbox label="internal (no route out)" checked={toggles.internal} focused={field === 'internal'} />
			{'  '}
			<Checkbox label="attachable" checked={toggles.attachable} focused={field === 'attachable'} />
			{'  '}
			<Checkbox label="IPv6" checked={toggles.ipv6} focused={field === 'ipv6'} />
		</Text>,
	);
	if (plan.ok) rows.push(...textRows({text: plan.steps[0]!.line, inner, tone: 'accent', prefix: '$ ', bold: true}));
	else rows.push(...textRows({text: '$ docker network create …', inner, tone: 'muted'}));
	if (createdId) rows.push(...textRows({text: 'created — selecting it in Networks…', inner, tone: 'ok'}));
	else if (op.phase === 'running') rows.push(...textRows({text: 'creating…', inner, tone: 'info'}));
	else if (op.phase === 'done' && op.outcome && !op.outcome.ok) rows.push(...failureRows(op.outcome.failure, inner, theme.unicode));
	else if (!plan.ok) {
		const quiet = !tried && plan.field === 'name' && text.name === '';
		// Inside the TUI: a free subnet to use, not a CLI hint.
		const line = overlap
			? `${plan.reason}; ${free ? `${free} is free — Ctrl-N puts it in` : 'no free subnet of that size in the private ranges'}`
			: refusalLine(plan);
		rows.push(
			...textRows({
				text: quiet ? 'type a name to start' : line,
				inner,
				tone: quiet ? 'muted' : tried ? 'bad' : 'warn',
				prefix: quiet ? '' : theme.unicode ? '✗ ' : 'x ',
				max: 3,
			}),
		);
	} else {
		for (const note of plan.notes.slice(0, 2)) rows.push(...textRows({text: note, inner, tone: 'muted', prefix: 'note: ', max: 2}));
		if (!plan.notes.length) rows.push(...textRows({text: 'ready: Enter runs the command above', inner, tone: 'ok'}));
	}
	rows.push(
		<KeyHints
			keymap={keymap}
			items={[
				['dialog.confirm', 'create'],
				['dialog.next', 'next field'],
				['dialog.toggle', 'toggle'],
				['dialog.cancel', 'cancel'],
			]}
			inner={inner}
		/>,
	);
	return <DialogFrame title="Create a network" screen={screen} width={width} rows={rows} />;
}
