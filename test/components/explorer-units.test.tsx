// (.tsx so the test globs test/components/**/*.test.tsx pick it up)
// Pure parts of the explorer: keymap table, key names, reducer, list views, columns,
// clipboard, key splitting, details.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {BINDINGS, buildKeymap, findClashes, keyName, type Binding} from '../../source/keys/keymap.js';
import {explorerReducer, initialExplorerState, nextFocus, sideFocus} from '../../source/state/explorer.js';
import {containersView, endpointsView, ipSortKey, moveSelection, networksView, resolveSelection} from '../../source/state/views.js';
import {cell, layoutColumns} from '../../source/format/columns.js';
import {osc52} from '../../source/format/osc52.js';
import {splitKeys} from '../../source/components/keyboard.js';
import {detailLines, layoutDetails, wrapWords} from '../../source/components/details.js';
import {colorEnabled, unicodeEnabled} from '../../source/components/theme.js';
import {buildTopology} from '../../source/domain/topology.js';
import {displayWidth} from '../../source/format/width.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';
import type {Topology} from '../../source/domain/types.js';

async function seedTopology(withDetails = true): Promise<Topology> {
	const engine = seedMemoryEngine();
	const [networks, containers] = await Promise.all([engine.listNetworks(), engine.listContainers()]);
	const details = new Map();
	if (withDetails) for (const c of containers) details.set(c.Id, await engine.inspectContainer(c.Id));
	return buildTopology({networks, containers, details});
}

describe('keymap', () => {
	it('has no clashing keys (same key, overlapping context)', () => {
		assert.deepEqual(findClashes(BINDINGS), []);
	});

	it('detects a clash between a global key and a pane key', () => {
		const extra: Binding = {keys: ['q'], contexts: ['networks'], label: 'x', command: 'x', group: 'Act'};
		const clashes = findClashes([...BINDINGS, extra]);
		assert.equal(clashes.length, 1);
		assert.match(clashes[0]!, /"q" in networks: quit vs x/);
	});

	it('allows the same key in separate panes and in overlays', () => {
		const a: Binding = {keys: ['Z'], contexts: ['networks'], label: 'a', command: 'a', group: 'Act'};
		const b: Binding = {keys: ['Z'], contexts: ['containers', 'help'], label: 'b', command: 'b', group: 'Act'};
		assert.deepEqual(findClashes([a, b]), []);
	});

	it('drops dangerous bindings in read-only mode', () => {
		const danger: Binding = {keys: ['X'], contexts: ['networks'], label: 'Remove', command: 'remove', dangerous: true, group: 'Act'};
		assert.equal(buildKeymap(false, [...BINDINGS, danger]).lookup('networks', 'X')?.command, 'remove');
		assert.equal(buildKeymap(true, [...BINDINGS, danger]).lookup('networks', 'X'), undefined);
		assert.ok(
			!buildKeymap(true, [...BINDINGS, danger])
				.inContext('networks')
				.some(b => b.dangerous),
		);
	});

	it('looks keys up by pane: global keys everywhere, list keys only in lists', () => {
		const keymap = buildKeymap(false);
		assert.equal(keymap.lookup('details', 'q')?.command, 'quit');
		assert.equal(keymap.lookup('networks', '/')?.command, 'filter');
		assert.equal(keymap.lookup('details', '/'), undefined);
		assert.equal(keymap.lookup('networks', 'enter')?.command, 'drill');
		assert.equal(keymap.lookup('endpoints', 'enter')?.command, 'pivot');
		assert.equal(keymap.lookup('containers', 'C')?.command, 'group');
		assert.equal(keymap.lookup('networks', 'C'), undefined);
	});

	it('every binding has a label and a known group', () => {
		for (const b of BINDINGS) {
			assert.ok(b.label.length > 0);
			assert.ok(b.keys.length > 0);
			assert.ok(['Move', 'View', 'Act', 'App', 'Overlay'].includes(b.group));
		}
	});

	it('names keys canonically', () => {
		assert.equal(keyName('', {upArrow: true}), 'up');
		assert.equal(keyName('', {tab: true, shift: true}), 'shift+tab');
		assert.equal(keyName('c', {ctrl: true}), 'ctrl+c');
		assert.equal(keyName('G', {shift: true}), 'G');
		assert.equal(keyName('', {escape: true}), 'esc');
		assert.equal(keyName('', {pageDown: true}), 'pgdn');
		assert.equal(keyName('', {}), null);
	});
});

describe('key splitting', () => {
	it('splits a burst of typed characters into single keys', () => {
		assert.deepEqual(
			splitKeys('jjG', {}).map(e => e.name),
			['j', 'j', 'G'],
		);
		assert.deepEqual(
			splitKeys('/ap\r', {}).map(e => e.name),
			['/', 'a', 'p', 'enter'],
		);
	});
	it('keeps special keys and escape sequences whole', () => {
		assert.deepEqual(
			splitKeys('', {downArrow: true}).map(e => e.name),
			['down'],
		);
		assert.equal(splitKeys('\u001b[A', {}).length, 1);
		assert.deepEqual(
			splitKeys('c', {ctrl: true}).map(e => e.name),
			['ctrl+c'],
		);
	});
	it('keeps a wide character (grapheme) together', () => {
		assert.deepEqual(
			splitKeys('日本👍🏽', {}).map(e => e.input),
			['日', '本', '👍🏽'],
		);
	});
});

describe('explorer reducer', () => {
	it('focus on a list sets the scope the endpoints pane follows', () => {
		let s = initialExplorerState();
		s = explorerReducer(s, {type: 'focus', pane: 'containers'});
		assert.equal(s.scope, 'container');
		assert.equal(s.lastList, 'containers');
		s = explorerReducer(s, {type: 'focus', pane: 'endpoints'});
		assert.equal(s.scope, 'container');
		assert.equal(sideFocus(s, 'left'), 'containers');
		s = explorerReducer(s, {type: 'focus', pane: 'networks'});
		assert.equal(s.scope, 'network');
	});

	it('Tab cycles the panes, the panel joins only while open', () => {
		let s = initialExplorerState();
		assert.equal(nextFocus(s, 1), 'containers');
		assert.equal(nextFocus(s, -1), 'details');
		s = explorerReducer(s, {type: 'open-panel', panel: {kind: 'probe', title: 'Probe'}, focus: false});
		assert.equal(nextFocus(s, -1), 'panel');
		s = explorerReducer(s, {type: 'focus', pane: 'panel'});
		s = explorerReducer(s, {type: 'close-panel'});
		assert.equal(s.focus, 'networks');
		assert.equal(explorerReducer(s, {type: 'focus', pane: 'panel'}).focus, 'networks');
	});

	it('a new network selection resets the endpoints selection', () => {
		let s = initialExplorerState();
		s = explorerReducer(s, {type: 'select', pane: 'endpoints', id: 'x', index: 3});
		s = explorerReducer(s, {type: 'select', pane: 'networks', id: 'n2', index: 1});
		assert.deepEqual(s.selection.endpoints, {id: null, index: 0});
	});

	it('pivot selects, focuses and clears the target pane filter', () => {
		let s = initialExplorerState();
		s = explorerReducer(s, {type: 'set-filter', pane: 'containers', text: 'zzz'});
		s = explorerReducer(s, {type: 'pivot', pane: 'containers', id: 'c1', index: 4});
		assert.equal(s.focus, 'containers');
		assert.equal(s.filters.containers, '');
		assert.deepEqual(s.selection.containers, {id: 'c1', index: 4});
	});

	it('sort cycles and details scroll is clamped', () => {
		let s = initialExplorerState();
		s = explorerReducer(s, {type: 'cycle-sort', pane: 'networks'});
		assert.equal(s.sort.networks, 'subnet');
		s = explorerReducer(s, {type: 'cycle-sort', pane: 'networks'});
		s = explorerReducer(s, {type: 'cycle-sort', pane: 'networks'});
		assert.equal(s.sort.networks, 'name');
		s = explorerReducer(s, {type: 'scroll-details', by: 50, max: 7});
		assert.equal(s.detailsScroll, 7);
		s = explorerReducer(s, {type: 'scroll-details', by: -Infinity, max: 7});
		assert.equal(s.detailsScroll, 0);
	});

	it('notices clear only by their own id', () => {
		let s = explorerReducer(initialExplorerState(), {type: 'notice', text: 'a'});
		const id = s.notice!.id;
		s = explorerReducer(s, {type: 'notice', text: 'b'});
		assert.equal(explorerReducer(s, {type: 'clear-notice', id}).notice?.text, 'b');
		assert.equal(explorerReducer(s, {type: 'clear-notice', id: s.notice!.id}).notice, null);
	});
});

describe('list views', () => {
	it('networks: filter by name or subnet, sort by subnet or count', async () => {
		const t = await seedTopology();
		assert.deepEqual(
			networksView(t, '', 'name').rows.map(r => (r.kind === 'item' ? r.item.network.name : '')),
			['app-net', 'backend', 'bridge', 'frontend', 'host', 'none', 'unused-net', 'vault-net'],
		);
		assert.deepEqual(networksView(t, '10.3', 'name').keys.length, 1);
		const bySubnet = networksView(t, '', 'subnet').rows.map(r => (r.kind === 'item' ? r.item.network.name : ''));
		assert.deepEqual(bySubnet.slice(0, 5), ['app-net', 'frontend', 'backend', 'vault-net', 'unused-net']);
		const byCount = networksView(t, '', 'count').rows.map(r =>
			r.kind === 'item' ? `${r.item.network.name}:${r.item.live}+${r.item.stopped}` : '',
		);
		assert.equal(byCount.at(-1), 'unused-net:0+0');
		assert.equal(
			byCount.find(x => x.startsWith('app-net')),
			'app-net:2+1',
		);
	});

	it('containers: filter by IP or alias; group by compose project with headers', async () => {
		const engine = seedMemoryEngine();
		engine.addContainer({
			name: 'shop-web',
			networks: ['app-net'],
			labels: {'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web'},
		});
		engine.addContainer({
			name: 'shop-db',
			networks: ['app-net'],
			labels: {'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'db'},
		});
		const [networks, containers] = await Promise.all([engine.listNetworks(), engine.listContainers()]);
		const details = new Map();
		for (const c of containers) details.set(c.Id, await engine.inspectContainer(c.Id));
		const t = buildTopology({networks, containers, details});
		const byAlias = containersView(t, 'mysql', 'name', false);
		assert.deepEqual(
			byAlias.rows.map(r => (r.kind === 'item' ? r.item.container.name : '')),
			['db'],
		);
		const db = t.endpoints.find(e => t.containers.find(c => c.id === e.containerId)?.name === 'db')!;
		assert.deepEqual(
			containersView(t, db.ipv4!, 'name', false).rows.map(r => (r.kind === 'item' ? r.item.container.name : '')),
			['db'],
		);
		const grouped = containersView(t, '', 'name', true);
		assert.equal(grouped.rows[0]!.kind, 'header');
		assert.equal(grouped.rows[0]!.kind === 'header' && grouped.rows[0]!.label, 'shop');
		assert.equal(grouped.keys.length, t.containers.length, 'headers are not selectable');
		assert.equal(grouped.rows.filter(r => r.kind === 'header').length, 2);
	});

	it('endpoints: live first, the stopped container (configured) after; by container or by network', async () => {
		const t = await seedTopology();
		const appNet = t.networks.find(n => n.name === 'app-net')!;
		const view = endpointsView(t, 'network', appNet.id, '', 'name');
		assert.deepEqual(
			view.rows.map(r => (r.kind === 'item' ? `${r.item.kind}:${r.item.container?.name}` : '')),
			['live:db', 'live:web', 'configured:batch'],
		);
		const api = t.containers.find(c => c.name === 'api-server')!;
		const mine = endpointsView(t, 'container', api.id, '', 'name');
		assert.deepEqual(
			mine.rows.map(r => (r.kind === 'item' ? r.item.network?.name : '')),
			['backend', 'frontend', 'vault-net'],
		);
		assert.equal(endpointsView(t, 'network', appNet.id, 'mysql', 'name').keys.length, 1);
	});

	it('selection resolves by id, falls back to the neighbour when the id disappears', async () => {
		const t = await seedTopology();
		const view = networksView(t, '', 'name');
		const backend = t.networks.find(n => n.name === 'backend')!;
		assert.equal(resolveSelection(view, {id: backend.id, index: 0})!.position, 1);
		const gone = resolveSelection(view, {id: 'vanished', index: 3})!;
		assert.equal(gone.position, 3);
		assert.equal(resolveSelection(view, {id: 'vanished', index: 99})!.position, view.keys.length - 1);
		assert.equal(moveSelection(view, {id: backend.id, index: 1}, 1)!.index, 2);
		assert.equal(moveSelection(view, {id: backend.id, index: 1}, 'bottom')!.index, view.keys.length - 1);
		assert.equal(moveSelection(view, {id: backend.id, index: 1}, -10)!.index, 0);
	});

	it('orders IPs numerically', () => {
		assert.ok(ipSortKey('10.10.0.9') < ipSortKey('10.10.0.10'));
		assert.ok(ipSortKey('172.17.0.0/16') > ipSortKey('10.50.0.0/24'));
		assert.ok(ipSortKey(null) > ipSortKey('255.255.255.255'));
	});
});

describe('columns and clipboard', () => {
	it('lays out columns: grow takes the rest, shrink gives up to its minimum', () => {
		assert.deepEqual(layoutColumns([{width: 10, grow: true}, {width: 5}], 30), [24, 5]);
		assert.deepEqual(layoutColumns([{width: 10}, {width: 18, shrink: 1, min: 13}, {width: 4}], 30), [10, 14, 4]);
		const narrow = layoutColumns([{width: 10}, {width: 10, shrink: 1, min: 8}, {width: 4}], 15);
		assert.ok(narrow.reduce((a, b) => a + b, 0) + narrow.filter(w => w > 0).length - 1 <= 15);
	});

	it('cuts cells by display width, with an ASCII cut mark when asked', () => {
		assert.equal(displayWidth(cell('日本語のネットワーク', 7)), 7);
		assert.equal(cell('abcdefgh', 5, 'left', '~'), 'abcd~');
		assert.equal(cell('ab', 5, 'right'), '   ab');
	});

	it('OSC 52 carries the text base64-encoded', () => {
		assert.equal(osc52('db', {}), '\u001b]52;c;ZGI=\u0007');
	});
});

describe('details', () => {
	it('network details: subnet, gateway, labels, internal note', async () => {
		const t = await seedTopology();
		const vault = t.networks.find(n => n.name === 'vault-net')!;
		const text = detailLines(t, {kind: 'network', network: vault})
			.map(l => `${l.label ?? ''} ${l.text}`)
			.join('\n');
		assert.match(text, /subnet 10\.40\.0\.0\/24/);
		assert.match(text, /gateway 10\.40\.0\.1/);
		assert.match(text, /Internal: no route out/);
		assert.match(text, /docknet\.seed=1/);
		const bridge = t.networks.find(n => n.name === 'bridge')!;
		assert.match(
			detailLines(t, {kind: 'network', network: bridge})
				.map(l => l.text)
				.join(' '),
			/names and aliases do NOT resolve/,
		);
	});

	it('endpoint details show aliases and the names DNS answers', async () => {
		const t = await seedTopology();
		const db = t.containers.find(c => c.name === 'db')!;
		const endpoint = t.endpoints.find(e => e.containerId === db.id)!;
		const lines = detailLines(t, {kind: 'endpoint', endpoint});
		assert.equal(lines.find(l => l.label === 'aliases')!.text, 'mysql');
		assert.match(lines.find(l => l.label === 'DNS names')!.text, /^db, mysql, [0-9a-f]{12}$/);
	});

	it('shows … for aliases until container details have loaded', async () => {
		const t = await seedTopology(false);
		const db = t.containers.find(c => c.name === 'db')!;
		const endpoint = t.endpoints.find(e => e.containerId === db.id)!;
		assert.match(detailLines(t, {kind: 'endpoint', endpoint}).find(l => l.label === 'aliases')!.text, /^…/);
	});

	it('container details: published ports and host mode explained', async () => {
		const t = await seedTopology();
		const web = t.containers.find(c => c.name === 'web')!;
		assert.ok(detailLines(t, {kind: 'container', container: web}).some(l => l.text === '0.0.0.0:8080 -> 80/tcp'));
		const hostbox = t.containers.find(c => c.name === 'hostbox')!;
		assert.ok(detailLines(t, {kind: 'container', container: hostbox}).some(l => /shares the host's network stack/.test(l.text)));
	});

	it('wraps notes by width', () => {
		assert.deepEqual(wrapWords('one two three four', 9), ['one two', 'three', 'four']);
		const wrapped = layoutDetails([{text: 'a b c d e f g h', note: true}], 7);
		assert.ok(wrapped.length > 1 && wrapped.every(l => displayWidth(l.text) <= 5));
	});
});

describe('terminal capabilities', () => {
	it('NO_COLOR, FORCE_COLOR=0 and TERM=dumb turn colours off', () => {
		assert.equal(colorEnabled({}), true);
		assert.equal(colorEnabled({NO_COLOR: '1'}), false);
		assert.equal(colorEnabled({FORCE_COLOR: '0'}), false);
		assert.equal(colorEnabled({TERM: 'dumb'}), false);
	});
	it('unicode only with a UTF-8 locale (LC_ALL > LC_CTYPE > LANG)', () => {
		assert.equal(unicodeEnabled({LANG: 'en_US.UTF-8'}), true);
		assert.equal(unicodeEnabled({LANG: 'C'}), false);
		assert.equal(unicodeEnabled({}), false);
		assert.equal(unicodeEnabled({LC_ALL: 'C', LANG: 'en_US.UTF-8'}), false);
		assert.equal(unicodeEnabled({LC_CTYPE: 'C.utf8'}), true);
	});
});
