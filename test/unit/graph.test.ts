// The graph model and its exports on the seed fixture: structure, neighbourhoods,
// stable order, the text map as golden files (80 and 120 columns), and escaping of
// hostile names for DOT and Mermaid. Set UPDATE_GOLDEN=1 to rewrite the golden files.
import assert from 'node:assert/strict';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {seedFixture} from '../helpers/fixtures.js';
import {repoRoot} from '../helpers/sandbox.js';
import {checkMermaid} from '../helpers/mermaid-grammar.js';
import {buildTopology} from '../../source/domain/topology.js';
import {buildGraph, neighbourhood, peersOf, resolveFoci, UnknownNodeError} from '../../source/domain/graph.js';
import {graphJson} from '../../source/domain/graph-json.js';
import {dotString, renderDot} from '../../source/format/graph-dot.js';
import {mermaidText, renderMermaid} from '../../source/format/graph-mermaid.js';
import {peerLine, renderMapText} from '../../source/format/graph-text.js';
import {displayWidth} from '../../source/format/width.js';
import type {Topology} from '../../source/domain/types.js';

const seed = () => buildTopology(seedFixture());
const names = (list: Array<{name: string}>) => list.map(x => x.name);

function golden(name: string, actual: string): void {
	const path = join(repoRoot, 'test', 'fixtures', 'graph', name);
	if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, actual);
	assert.equal(actual, readFileSync(path, 'utf8'), `golden file ${name} differs (UPDATE_GOLDEN=1 rewrites it after checking the change)`);
}

/** The seed with hostile names: quotes, brackets, DOT escapes, an escape sequence, CJK. */
function hostile(): Topology {
	const t = seed();
	const rename: Record<string, string> = {
		'app-net': 'q"uo[te]{x}|\\N <b>&#35; end',
		frontend: 'フロント エンド',
		web: 'web\x1b[31m\nred"',
		db: 'db`**bold**`;--- x',
	};
	return {
		...t,
		networks: t.networks.map(n => (rename[n.name] ? {...n, name: rename[n.name]!} : n)),
		containers: t.containers.map(c => (rename[c.name] ? {...c, name: rename[c.name]!} : c)),
	};
}

describe('graph model', () => {
	it('has every network and container of the seed, predefined networks last', () => {
		const g = buildGraph(seed());
		assert.deepEqual(names(g.networks), ['app-net', 'backend', 'frontend', 'unused-net', 'vault-net', 'bridge', 'host', 'none']);
		assert.deepEqual(
			g.networks.slice(-3).map(n => n.role),
			['bridge', 'host', 'none'],
		);
		assert.equal(g.networks.find(n => n.name === 'vault-net')!.internal, true);
		assert.deepEqual(names(g.containers), [
			'api-server',
			'batch',
			'cache',
			'db',
			'hostbox',
			'legacy-a',
			'legacy-b',
			'nonebox',
			'proxy',
			'store',
			'web',
		]);
	});

	it('separates live endpoints from the stopped container’s configured attachment', () => {
		const g = buildGraph(seed());
		const batch = g.containers.find(c => c.name === 'batch')!;
		const edges = g.edges.filter(e => e.containerId === batch.id);
		assert.deepEqual(
			edges.map(e => e.state),
			['configured'],
		);
		const store = g.containers.find(c => c.name === 'store')!;
		assert.deepEqual(
			g.edges.filter(e => e.containerId === store.id).map(e => [e.state, e.ipv4, e.aliases]),
			[['live', '10.40.0.2/24', ['ledger']]],
		);
	});

	it('is the same whatever order the engine listed things in', () => {
		const raw = seedFixture();
		const shuffled = buildTopology({...raw, networks: [...raw.networks].reverse(), containers: [...raw.containers].reverse()});
		assert.equal(renderDot(buildGraph(shuffled)), renderDot(buildGraph(seed())));
		assert.deepEqual(graphJson(buildGraph(shuffled), []), graphJson(buildGraph(seed()), []));
	});

	it('a diff of two exports shows only what changed', () => {
		const before = seed();
		const web = before.endpoints.find(e => before.containers.find(c => c.id === e.containerId)?.name === 'web')!;
		const frontend = before.networks.find(n => n.name === 'frontend')!;
		// web joins frontend: one new endpoint, nothing else.
		const after = {
			...before,
			endpoints: [
				{...web, networkId: frontend.id, networkName: 'frontend', endpointId: 'e'.repeat(64), ipv4: '10.20.0.9'},
				...before.endpoints,
			],
		};
		for (const render of [renderDot, renderMermaid]) {
			const a = render(buildGraph(before)).split('\n');
			const b = render(buildGraph(after)).split('\n');
			const removed = a.filter(line => !b.includes(line));
			const added = b.filter(line => !a.includes(line));
			assert.deepEqual(removed, []);
			assert.equal(added.length, 1, added.join('\n'));
			assert.match(added[0]!, /10\.20\.0\.9\/24/);
			// …and it lands in its sorted place: after proxy's edge to frontend (edges sort by network, then container).
			const proxy = before.containers.find(c => c.name === 'proxy')!.id.slice(0, 12);
			const previous = b[b.indexOf(added[0]!) - 1]!;
			assert.ok(previous.includes(proxy) && previous.includes(frontend.id.slice(0, 12)), previous);
		}
	});

	it('a container’s neighbourhood: its networks and everyone on them', () => {
		const t = seed();
		const g = neighbourhood(buildGraph(t), resolveFoci(t, ['api-server']));
		assert.deepEqual(names(g.networks), ['backend', 'frontend', 'vault-net']);
		assert.deepEqual(names(g.containers), ['api-server', 'cache', 'proxy', 'store']);
	});

	it('a network’s neighbourhood: its containers and the networks they bridge to', () => {
		const t = seed();
		const g = neighbourhood(buildGraph(t), resolveFoci(t, ['frontend']));
		assert.deepEqual(names(g.networks), ['backend', 'frontend', 'vault-net']);
		assert.deepEqual(names(g.containers), ['api-server', 'proxy']);
		assert.ok(g.edges.every(e => g.networks.some(n => n.id === e.networkId) && g.containers.some(c => c.id === e.containerId)));
	});

	it('refuses an unknown reference', () => {
		assert.throws(() => resolveFoci(seed(), ['nope']), UnknownNodeError);
	});

	it('who api-server talks to, and through which network', () => {
		const t = seed();
		const g = buildGraph(t);
		const api = resolveFoci(t, ['api-server'])[0]!.id;
		assert.deepEqual(
			peersOf(g, api).map(p => [p.container.name, names(p.networks)]),
			[
				['cache', ['backend']],
				['proxy', ['frontend']],
				['store', ['vault-net']],
			],
		);
		assert.equal(peerLine(g, api), 'api-server talks to: cache via backend; proxy via frontend; store via vault-net (internal)');
		assert.match(peerLine(g, resolveFoci(t, ['legacy-a'])[0]!.id), /legacy-b via bridge \(by IP only/);
		assert.match(peerLine(g, resolveFoci(t, ['batch'])[0]!.id), /batch is exited/);
	});
});

describe('text map', () => {
	for (const width of [80, 120]) {
		it(`matches the golden file at ${width} columns and stays inside them`, () => {
			const text = renderMapText(buildGraph(seed()), {width, unicode: true});
			golden(`seed-${width}.txt`, text);
			for (const line of text.split('\n')) assert.ok(displayWidth(line) <= width, `too wide: ${line}`);
		});
	}

	it('ASCII fallback has no box-drawing characters', () => {
		const text = renderMapText(buildGraph(seed()), {width: 80, unicode: false});
		golden('seed-80-ascii.txt', text);
		assert.doesNotMatch(text, /[^\x20-\x7e\n]/);
	});

	it('bridges api-server across its three networks on one line', () => {
		const text = renderMapText(buildGraph(seed()), {width: 120, unicode: true});
		assert.match(text, /^api-server\s+·\s+●─+●─+●\s+┊/m);
		assert.match(text, /^batch\s+○/m);
	});

	it('hostile names are sanitized and width-correct', () => {
		const text = renderMapText(buildGraph(hostile()), {width: 80, unicode: true});
		assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f]/);
		assert.match(text, /web\\x1b\[31m/);
		assert.match(text, /フロント/);
		for (const line of text.split('\n')) assert.ok(displayWidth(line) <= 80, `too wide: ${line}`);
	});
});

describe('DOT and Mermaid escaping', () => {
	it('dotString escapes quotes and backslashes and makes controls visible', () => {
		assert.equal(dotString('a"b\\N'), '"a\\"b\\\\N"');
		assert.equal(dotString('a&#35;b'), '"a&amp;#35;b"');
		assert.equal(dotString('x\x1b[0m\ny'), '"x\\\\x1b[0m\\\\x0ay"');
	});

	it('a DOT export with hostile names has only escaped quotes inside strings', () => {
		const dot = renderDot(buildGraph(hostile()));
		assert.doesNotMatch(dot, /[\x00-\x09\x0b-\x1f]/);
		// Every line is balanced: unescaped quotes come in pairs.
		for (const line of dot.split('\n')) assert.equal((line.replace(/\\./g, '').match(/"/g) ?? []).length % 2, 0, line);
		assert.match(dot, /label="q\\"uo\[te\]\{x\}\|\\\\N <b>&amp;#35; end\\n10\.10\.0\.0\/24/);
	});

	it('mermaidText encodes everything but plain letters, digits and a few marks', () => {
		assert.equal(mermaidText('a"b'), 'a#34;b');
		assert.equal(mermaidText('[x]|<y>'), '#91;x#93;#124;#60;y#62;');
		assert.equal(mermaidText('フロント エンド'), 'フロント エンド');
		assert.equal(mermaidText('e\x1b'), 'e#92;x1b');
	});

	for (const [label, make] of [
		['seed', seed],
		['hostile names', hostile],
	] as const) {
		it(`Mermaid export of the ${label} is in the emitted grammar`, () => {
			const text = renderMermaid(buildGraph(make()));
			assert.deepEqual(checkMermaid(text), []);
		});
	}

	it('the grammar check fails on a broken label', () => {
		assert.notDeepEqual(checkMermaid('flowchart LR\n  n_1["a"b"]:::net\n'), []);
		assert.notDeepEqual(checkMermaid('flowchart LR\n  c_1 --- n_2\n'), []);
	});
});

describe('JSON export', () => {
	it('nodes and edges with the schema version, raw strings', () => {
		const doc = graphJson(buildGraph(hostile()), ['app-net']);
		assert.equal(doc.schemaVersion, 1);
		assert.equal(doc.kind, 'graph');
		assert.ok(doc.containers.some(c => c.name === 'web\x1b[31m\nred"'));
		const edge = doc.edges.find(e => e.containerName === 'api-server' && e.networkName === 'vault-net')!;
		assert.deepEqual([edge.state, edge.ipv4Address], ['live', '10.40.0.3/24']);
		assert.ok(JSON.parse(JSON.stringify(doc)));
	});
});
