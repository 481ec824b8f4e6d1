// The explorer keeps V8's young generation small from inside (source/heap-size.ts),
// so its memory does not depend on a flag only one launcher passes. Run in a child Node
// without flags: under a synchronous allocation burst that keeps much alive, V8 alone
// grows the new space to its maximum (128 MiB on this kind of host); capped it stays
// within 32 MiB (Node 24: 16-23 MiB measured, depending on the GC timing; Node 22: 2 MiB
// of its 32).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {it} from 'node:test';
import {repoRoot} from '../helpers/sandbox.js';

const burst = (cap: boolean) => `
import {getHeapSpaceStatistics} from 'node:v8';
${cap ? `const {keepHeapSmall} = await import(${JSON.stringify(join(repoRoot, 'source', 'heap-size.ts'))});\nkeepHeapSmall();` : ''}
const keep = [];
let largest = 0;
for (let round = 0; round < 300; round++) {
	const batch = [];
	for (let i = 0; i < 20000; i++) batch.push({a: i, b: 'x' + i, c: [i]});
	if (round % 5 === 0) keep.push(batch.slice(0, 4000));
	if (keep.length > 10) keep.shift();
	largest = Math.max(largest, getHeapSpaceStatistics().find(s => s.space_name === 'new_space').space_size);
}
process.stdout.write(String(largest));
`;

function largestNewSpace(cap: boolean): number {
	const child = spawnSync(process.execPath, ['--input-type=module', '-e', burst(cap)], {
		cwd: repoRoot,
		encoding: 'utf8',
	});
	assert.equal(child.status, 0, child.stderr);
	return Number(child.stdout);
}

it('keeps the young generation small without any flag', () => {
	const capped = largestNewSpace(true);
	assert.ok(capped <= 32 * 1024 * 1024, `new space reached ${(capped / 2 ** 20).toFixed(1)} MiB`);
	// The burst does make V8 grow it much further when nothing caps it (else this test proves nothing).
	const free = largestNewSpace(false);
	assert.ok(free >= 2 * capped, `uncapped new space only ${(free / 2 ** 20).toFixed(1)} MiB`);
});
