// `docknet graph` against the real sandbox engine: the DOT export renders with
// Graphviz (`dot -Tsvg`, Debian's graphviz package: installed here when missing) without
// a warning and shows every network and container; the JSON export has every one of
// them; Mermaid stays in the grammar; hostile names (quotes, brackets, DOT escapes, an
// escape sequence, CJK) survive every format.
import assert from 'node:assert/strict';
import {execFile, execFileSync} from 'node:child_process';
import {after, before, describe, it} from 'node:test';

import {TEST_LABEL, cleanupTestResources, docker, docknet, requireSandbox, uniqueName} from '../helpers/sandbox.js';
import {checkMermaid} from '../helpers/mermaid-grammar.js';

const hostileNet = uniqueName('q"uo[te]{x}|\\N <b>&#35; \x1b[31mend');
// Container names are restricted to [a-zA-Z0-9_.-]; aliases and network names are not.
const member = uniqueName('member');
const cjkNet = uniqueName('ネットワーク 🐳');
const cjkAlias = 'エイリアス[x]';

function ensureGraphviz(): void {
	try {
		execFileSync('dot', ['-V'], {stdio: 'ignore'});
	} catch {
		// CI runs as root on Debian; the test installs what it needs (as the sandbox script does for its packages).
		execFileSync('apt-get', ['install', '-y', '-q', 'graphviz'], {
			stdio: 'ignore',
			env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'},
		});
	}
}

async function dotToSvg(dot: string): Promise<{svg: string; stderr: string}> {
	const child = execFile('dot', ['-Tsvg'], {maxBuffer: 64 * 1024 * 1024});
	const done = new Promise<{svg: string; stderr: string}>((resolve, reject) => {
		let svg = '';
		let stderr = '';
		child.stdout!.on('data', chunk => (svg += chunk));
		child.stderr!.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => (code === 0 ? resolve({svg, stderr}) : reject(new Error(`dot exited ${code}: ${stderr}`))));
	});
	child.stdin!.end(dot);
	return done;
}

/** The text lines Graphviz drew, entities decoded (it writes "-" as &#45;). */
function svgTexts(svg: string): Set<string> {
	const named: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"};
	const decode = (text: string) =>
		text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, code: string) =>
			code[0] === '#' ? String.fromCodePoint(code[1] === 'x' ? parseInt(code.slice(2), 16) : Number(code.slice(1))) : (named[code] ?? all),
		);
	return new Set([...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(m => decode(m[1]!)));
}

async function engineNames(): Promise<{networks: string[]; containers: string[]}> {
	const networks = (await docker(['network', 'ls', '--format', '{{.Name}}'])).stdout.split('\n').filter(Boolean);
	const containers = (await docker(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n').filter(Boolean);
	return {networks, containers};
}

describe('docknet graph on the sandbox engine', () => {
	before(async () => {
		await requireSandbox();
		ensureGraphviz();
		await docker(['network', 'create', '--label', TEST_LABEL, hostileNet]);
		await docker(['network', 'create', '--label', TEST_LABEL, cjkNet]);
		await docker(['run', '-d', '--name', member, '--label', TEST_LABEL, '--network', hostileNet, 'docknet-busybox:latest', 'sleep', '600']);
		await docker(['network', 'connect', '--alias', cjkAlias, cjkNet, member]);
	});
	after(cleanupTestResources);

	it('DOT renders with Graphviz and shows every network and container of the seed', async () => {
		const result = await docknet(['graph', '--format', 'dot']);
		assert.equal(result.code, 0, result.stderr);
		const {svg, stderr} = await dotToSvg(result.stdout);
		assert.equal(stderr, '', 'Graphviz warned');
		const texts = svgTexts(svg);
		const want = await engineNames();
		assert.ok(want.networks.length >= 8 && want.containers.length >= 11, 'the seed is there');
		for (const name of [...want.networks, ...want.containers]) {
			// The hostile name is drawn as text, its escape sequence made visible.
			assert.ok(texts.has(name.replace('\x1b', '\\x1b')), `${JSON.stringify(name)} missing from the SVG`);
		}
		assert.ok(texts.has(cjkNet), 'CJK network name missing');
		assert.ok(texts.has(`alias ${cjkAlias}`), 'CJK alias missing');
	});

	it('DOT of a neighbourhood renders too', async () => {
		const result = await docknet(['graph', 'api-server', '--format', 'dot']);
		assert.equal(result.code, 0, result.stderr);
		const {svg, stderr} = await dotToSvg(result.stdout);
		assert.equal(stderr, '');
		const texts = svgTexts(svg);
		for (const name of ['api-server', 'proxy', 'cache', 'store', 'frontend', 'backend', 'vault-net']) assert.ok(texts.has(name), name);
		assert.ok(!texts.has('web'), 'web is not a neighbour of api-server');
	});

	it('JSON has every network and container the engine lists', async () => {
		const result = await docknet(['graph', '--json']);
		assert.equal(result.code, 0, result.stderr);
		const doc = JSON.parse(result.stdout);
		assert.equal(doc.schemaVersion, 1);
		const want = await engineNames();
		assert.deepEqual(doc.networks.map((n: {name: string}) => n.name).sort(), want.networks.sort());
		assert.deepEqual(doc.containers.map((c: {name: string}) => c.name).sort(), want.containers.sort());
		assert.ok(
			doc.networks.some((n: {name: string}) => n.name === hostileNet),
			'raw hostile name in JSON',
		);
	});

	it('Mermaid is in the grammar, hostile names included', async () => {
		const result = await docknet(['graph', '--format', 'mermaid']);
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(checkMermaid(result.stdout), []);
	});

	it('text names what api-server talks to; unknown names and formats are refused', async () => {
		const text = await docknet(['graph', 'api-server', '--width', '80'], {env: {LANG: 'C.UTF-8'}});
		assert.equal(text.code, 0, text.stderr);
		assert.match(text.stdout, /api-server talks to: cache via backend; proxy via frontend; store via vault-net \(internal\)/);
		const unknown = await docknet(['graph', 'no-such-thing']);
		assert.deepEqual([unknown.code, unknown.stderr.trim()], [1, 'docknet: no such network or container: no-such-thing']);
		const format = await docknet(['graph', '--format', 'png']);
		assert.equal(format.code, 2);
		assert.match(format.stderr, /--format must be one of text, dot, mermaid, json/);
	});
});
