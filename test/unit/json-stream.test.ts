// The streamed --json writer (cli/json-stream.ts) gives byte for byte what
// JSON.stringify(doc, null, 2) + '\n' gives, whatever the batch boundaries.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {writeJsonDocument} from '../../source/cli/json-stream.js';
import type {Output} from '../../source/cli/safe-stream.js';
import {loadTopology} from '../../source/commands/load-topology.js';
import {containerJson, lsJson, networkJson} from '../../source/domain/json.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';

function collector(): Output & {text: string; writes: number} {
	const out = {
		text: '',
		writes: 0,
		isTTY: false,
		write(text: string, done?: () => void) {
			out.text += text;
			out.writes++;
			setImmediate(() => done?.());
			return true;
		},
		control() {},
	};
	return out;
}

const arrays = (doc: Record<string, unknown>, keys: string[]) =>
	Object.fromEntries(keys.map(k => [k, {length: (doc[k] as unknown[]).length, make: (i: number) => (doc[k] as unknown[])[i]}]));

describe('writeJsonDocument', () => {
	it('writes what JSON.stringify gives, for small and empty documents', async () => {
		const docs: Array<[Record<string, unknown>, string[]]> = [
			[{a: 1, list: [], b: {c: [1, 2], d: 'x\ny'}}, ['list']],
			[{list: [{x: [], y: {}}, 'two', null, [1, [2, {z: 'é\u0007'}]]], tail: true}, ['list']],
			[{}, []],
			[{only: [1]}, ['only']],
		];
		for (const [doc, keys] of docs) {
			const out = collector();
			await writeJsonDocument(out, doc, arrays(doc, keys));
			assert.equal(out.text, JSON.stringify(doc, null, 2) + '\n');
		}
	});

	it('writes the ls --json document of a big topology in several batches, identical to the whole text', async () => {
		const engine = seedMemoryEngine();
		for (let i = 0; i < 600; i++) engine.addContainer({name: `c-${i}`, networks: [{name: 'app-net', aliases: [`a-${i}`]}]});
		const t = await loadTopology(engine);
		const info = {endpoint: 'unix:///x', apiVersion: '1.41', serverVersion: '20.10.24'};
		const out = collector();
		await writeJsonDocument(out, lsJson({networks: [], containers: [], endpoints: [], configured: []}, info), {
			networks: {length: t.networks.length, make: i => networkJson(t, t.networks[i]!)},
			containers: {length: t.containers.length, make: i => containerJson(t, t.containers[i]!)},
		});
		assert.equal(out.text, JSON.stringify(lsJson(t, info), null, 2) + '\n');
		assert.ok(out.writes > 1, `written in batches (${out.writes})`);
	});
});
