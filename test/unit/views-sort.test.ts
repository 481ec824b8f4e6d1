// containersView reuses its previous name order when the names are unchanged (state/views.ts
// sortByName): the order must always be what a fresh sort gives. The topology lists
// containers by code point; the view sorts with a numeric, case-insensitive collator, so
// names like x10/x9 make the two orders differ.
import assert from 'node:assert/strict';
import {it} from 'node:test';
import {containersView} from '../../source/state/views.js';
import {buildTopology} from '../../source/domain/topology.js';
import type {RawContainerSummary} from '../../source/engine/port.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';

const collator = new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'});
const fresh = (list: RawContainerSummary[]) =>
	list.map(c => c.Names![0]!.replace(/^\//, '')).sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));

it('name order: reused for unchanged names, recomputed when names change', async () => {
	const engine = seedMemoryEngine();
	const [networks, containers] = await Promise.all([engine.listNetworks(), engine.listContainers()]);
	const named = (a: string, b: string) =>
		containers.map((c, at) => (at === 0 ? {...c, Names: [`/${a}`]} : at === 1 ? {...c, Names: [`/${b}`]} : {...c}));
	const view = (list: RawContainerSummary[]) =>
		containersView(buildTopology({networks, containers: list, details: new Map()}), '', 'name', false).rows.map(r =>
			r.kind === 'item' ? r.item.container.name : '',
		);
	const numeric = named('x10', 'x9');
	assert.deepEqual(view(numeric), fresh(numeric));
	assert.ok(view(numeric).indexOf('x9') < view(numeric).indexOf('x10'), 'numeric order, not code-point order');
	// Same names again (a new topology, as after an event): same order.
	assert.deepEqual(view(named('x10', 'x9')), fresh(numeric));
	// Same count, other names whose orders agree: sorted afresh, not the old permutation.
	const plain = named('x1', 'x2');
	assert.deepEqual(view(plain), fresh(plain));
	// Case: the collator ignores it, code points do not.
	const cased = named('B-box', 'a-box');
	assert.deepEqual(view(cased), fresh(cased));
	assert.ok(view(cased).indexOf('a-box') < view(cased).indexOf('B-box'));
});
