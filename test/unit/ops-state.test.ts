// The TUI's operation state: which dialog a key opens for a selection, pickers that
// filter and keep the highlighted item by id while the list changes live, text editing,
// and the session log.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {buildTopology} from '../../source/domain/topology.js';
import {findContainer, findNetwork} from '../../source/domain/selectors.js';
import {
	OperationLog,
	containerCandidates,
	dialogFor,
	editText,
	initialPicker,
	movePicker,
	networkCandidates,
	pickerPosition,
	windowStart,
	type PickerItem,
} from '../../source/state/operations.js';
import type {ExplorerSelection} from '../../source/state/selection.js';
import {seedFixture} from '../helpers/fixtures.js';

const t = buildTopology(seedFixture());
const net = (name: string) => findNetwork(t, name)!;
const ctr = (name: string) => findContainer(t, name)!;

const selection = (over: Partial<ExplorerSelection>): ExplorerSelection => ({
	focus: 'networks',
	scope: 'network',
	lastList: 'networks',
	network: null,
	container: null,
	endpoint: null,
	...over,
});

describe('dialogFor', () => {
	it('connect: from the networks pane picks a container, from the containers pane a network', () => {
		assert.deepEqual(dialogFor('connect', selection({network: net('backend')})), {
			dialog: {op: 'connect', from: 'network', networkId: net('backend').id},
		});
		assert.deepEqual(
			dialogFor('connect', selection({focus: 'containers', scope: 'container', lastList: 'containers', container: ctr('web')})),
			{
				dialog: {op: 'connect', from: 'container', containerId: ctr('web').id},
			},
		);
		assert.ok('message' in dialogFor('connect', selection({})));
	});

	it('disconnect needs an endpoint; remove a network; create/prune/log always open', () => {
		assert.ok('message' in dialogFor('disconnect', selection({network: net('app-net')})));
		const e = t.endpoints.find(x => x.containerId === ctr('db').id)!;
		const item = {kind: 'live' as const, key: 'k', endpoint: e, network: net('app-net'), container: ctr('db')};
		assert.deepEqual(dialogFor('disconnect', selection({focus: 'endpoints', lastList: 'endpoints', endpoint: item})), {
			dialog: {op: 'disconnect', networkId: net('app-net').id, containerId: ctr('db').id, containerName: 'db', networkName: 'app-net'},
		});
		assert.deepEqual(dialogFor('remove', selection({network: net('unused-net')})), {
			dialog: {op: 'remove', networkId: net('unused-net').id},
		});
		assert.deepEqual(dialogFor('create', selection({})), {dialog: {op: 'create'}});
		assert.deepEqual(dialogFor('prune', selection({})), {dialog: {op: 'prune'}});
	});
});

describe('pickers', () => {
	it('list only containers not on the network yet (running or configured), filtered as typed', () => {
		const names = containerCandidates(t, net('app-net'), '').map(i => i.name);
		assert.ok(!names.includes('web') && !names.includes('db') && !names.includes('batch'));
		assert.ok(names.includes('cache') && names.includes('legacy-a'));
		assert.deepEqual(
			containerCandidates(t, net('app-net'), 'LEG').map(i => i.name),
			['legacy-a', 'legacy-b'],
		);
		assert.equal(containerCandidates(t, net('app-net'), '').find(i => i.name === 'hostbox')?.caution, '--network host');
	});

	it('list the networks a container is not on', () => {
		const names = networkCandidates(t, ctr('api-server'), '').map(i => i.name);
		assert.ok(!names.includes('frontend') && !names.includes('backend') && !names.includes('vault-net'));
		assert.ok(names.includes('app-net'));
		assert.deepEqual(
			networkCandidates(t, ctr('web'), '10.30').map(i => i.name),
			['backend'],
		);
	});

	it('keep the highlighted item by id when the list changes, else a neighbour', () => {
		const items = (...names: string[]): PickerItem[] => names.map(name => ({id: `id-${name}`, name, detail: '', caution: null}));
		let state = initialPicker();
		const first = items('a', 'b', 'c', 'd');
		state = movePicker(first, state, 2);
		assert.equal(first[pickerPosition(first, state)]!.name, 'c');
		// Items appear before it and one vanishes: still on c, wherever it moved.
		const live = items('0', 'a', 'x', 'c', 'd');
		assert.equal(live[pickerPosition(live, state)]!.name, 'c');
		// c vanishes: the row at its last position (a neighbour), never out of range.
		const gone = items('a', 'b');
		assert.equal(gone[pickerPosition(gone, state)]!.name, 'b');
		assert.equal(pickerPosition([], state), -1);
		// Moving clamps at the ends.
		assert.equal(movePicker(first, state, 10).highlightedId, 'id-d');
		assert.equal(movePicker(first, state, -10).highlightedId, 'id-a');
	});

	it('scrolls a window around the highlight', () => {
		assert.equal(windowStart(0, 20, 5), 0);
		assert.equal(windowStart(10, 20, 5), 8);
		assert.equal(windowStart(19, 20, 5), 15);
		assert.equal(windowStart(3, 4, 5), 0);
	});
});

describe('text fields', () => {
	it('append printable input, delete, clear, drop control characters, ignore navigation', () => {
		assert.equal(editText('10.30', {name: '.', input: '.', key: {}}), '10.30.');
		assert.equal(editText('10.30', {name: 'backspace', input: '', key: {backspace: true}}), '10.3');
		assert.equal(editText('a b c', {name: 'ctrl+w', input: 'w', key: {ctrl: true}}), 'a b ');
		assert.equal(editText('abc', {name: 'ctrl+u', input: 'u', key: {ctrl: true}}), '');
		assert.equal(editText('a', {name: null, input: 'b\u001b[31m', key: {}}), 'ab[31m');
		assert.equal(editText('a', {name: 'enter', input: '', key: {return: true}}), null);
		assert.equal(editText('a', {name: 'down', input: '', key: {downArrow: true}}), null);
		assert.equal(editText('名', {name: 'backspace', input: '', key: {backspace: true}}), '');
	});
});

describe('session log', () => {
	it('keeps the newest entries first, bounded, and notifies subscribers', () => {
		const log = new OperationLog(3);
		let calls = 0;
		const off = log.subscribe(() => calls++);
		const before = log.snapshot();
		for (let i = 1; i <= 4; i++)
			log.add({
				kind: 'connect',
				summary: `op ${i}`,
				ok: i !== 2,
				lines: [`docker x ${i}`],
				error: i === 2 ? 'boom — explained' : null,
				detail: null,
				at: i,
			});
		assert.notEqual(log.snapshot(), before, 'a new snapshot after a change');
		assert.deepEqual(
			log.snapshot().map(e => e.summary),
			['op 4', 'op 3', 'op 2'],
		);
		assert.equal(log.snapshot()[2]!.error, 'boom — explained');
		assert.equal(calls, 4);
		off();
		log.add({kind: 'prune', summary: 'x', ok: true, lines: [], error: null, detail: null});
		assert.equal(calls, 4);
	});
});
