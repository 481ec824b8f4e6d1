// The build's dependency patches (patches/*.patch): a patch that does not apply exactly
// fails the build loudly, and the patched text helpers answer exactly like the originals
// for every BMP code point (the patches only add fast paths and laziness).
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {after, describe, it} from 'node:test';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import {repoRoot} from '../helpers/sandbox.js';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'docknet-patches-'));
after(() => rmSync(scratch, {recursive: true, force: true}));

type Patches = {
	loadPatches(dir: string): Array<{applied: number}>;
	patchPlugin(patches: unknown): import('esbuild').Plugin;
};
const patchesModule = (): Promise<Patches> =>
	import(pathToFileURL(join(repoRoot, 'scripts', 'dependency-patches.mjs')).href) as Promise<Patches>;

/** Runs the real build with a copy of patches/ changed by `mutate`; returns its outcome. */
async function buildWithPatches(name: string, mutate: (dir: string) => void): Promise<{code: number; stderr: string; out: string}> {
	const dir = join(scratch, name);
	cpSync(join(repoRoot, 'patches'), dir, {recursive: true});
	mutate(dir);
	const out = join(scratch, `${name}-dist`);
	const env = {...process.env, DOCKNET_BUILD_PATCHES_DIR: dir, DOCKNET_BUILD_OUTDIR: out};
	return run(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], {env}).then(
		r => ({code: 0, stderr: r.stderr, out}),
		(e: {code: number; stderr: string}) => ({code: e.code, stderr: e.stderr, out}),
	);
}

describe('dependency patches fail loudly', () => {
	it('a hunk whose context moved upstream fails the build and names the patch', async () => {
		// The case that once shipped a crashing bundle: one renamed field makes the third
		// hunk of output.js miss while the first two would still apply.
		const result = await buildWithPatches('moved-anchor', dir => {
			const file = join(dir, 'ink@8.0.0', 'build', 'output.js.patch');
			const text = readFileSync(file, 'utf8');
			assert.ok(text.includes(' blockWidths = new Map();'), 'the anchor this test moves is in the patch');
			writeFileSync(file, text.replace(' blockWidths = new Map();', ' blockWidthCache = new Map();'));
		});
		assert.notEqual(result.code, 0, 'the build must fail');
		assert.match(result.stderr, /output\.js\.patch does not apply to .*ink[\\/]build[\\/]output\.js/);
		assert.equal(existsSync(join(result.out, 'cli.js')), false, 'no bundle is produced');
	});

	it('a patch made for another version of the package fails the build', async () => {
		const result = await buildWithPatches('other-version', dir => renameSync(join(dir, 'wrap-ansi@10.0.2'), join(dir, 'wrap-ansi@10.0.1')));
		assert.notEqual(result.code, 0);
		assert.match(result.stderr, /was made for wrap-ansi@10\.0\.1 but .* is wrap-ansi@10\.0\.2/);
	});

	it('a patch no bundled file uses fails the build', async () => {
		const result = await buildWithPatches('unused', dir => {
			const from = join(dir, 'slice-ansi@10.0.1', 'tokenize-ansi.js.patch');
			writeFileSync(join(dir, 'slice-ansi@10.0.1', 'no-such-file.js.patch'), readFileSync(from, 'utf8'));
		});
		assert.notEqual(result.code, 0);
		assert.match(result.stderr, /not applied to any bundled file.*no-such-file\.js\.patch/);
	});
});

function noDevtools(): string {
	const file = join(scratch, 'no-devtools.mjs');
	writeFileSync(file, 'export default {};\n');
	return file;
}

/** `entry` bundled to a module file, with or without the patches, then imported. */
async function bundle<T>(name: string, entry: string, patched: boolean): Promise<T> {
	const {loadPatches, patchPlugin} = await patchesModule();
	const result = await build({
		stdin: {contents: entry, resolveDir: repoRoot, loader: 'js'},
		bundle: true,
		platform: 'node',
		format: 'esm',
		write: false,
		logLevel: 'error',
		// Ink uses it only when its devtools are switched on (the build stubs it too).
		alias: {'react-devtools-core': noDevtools()},
		// CommonJS dependencies (signal-exit) require Node's modules, as in the build.
		banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
		plugins: patched ? [patchPlugin(loadPatches(join(repoRoot, 'patches')))] : [],
	});
	const file = join(scratch, `${name}-${patched ? 'patched' : 'original'}.mjs`);
	writeFileSync(file, result.outputFiles[0]!.text);
	return import(pathToFileURL(file).href) as Promise<T>;
}

describe('patched text helpers equal the originals', () => {
	const every = (check: (c: string) => void): void => {
		for (let cp = 0; cp <= 0xffff; cp++) if (cp < 0xd800 || cp > 0xdfff) check(String.fromCharCode(cp));
	};

	it('string-width: same width for every BMP code point, alone, doubled and between letters', async () => {
		type Width = {default: (text: string, options?: {ambiguousIsNarrow?: boolean}) => number};
		const entry = "export {default} from 'string-width';";
		const [original, patched] = await Promise.all([bundle<Width>('sw', entry, false), bundle<Width>('sw', entry, true)]);
		let checked = 0;
		every(c => {
			for (const text of [c, c + c, `a${c}b`]) {
				assert.equal(
					patched.default(text),
					original.default(text),
					`width of U+${c.charCodeAt(0).toString(16)} in ${JSON.stringify(text)}`,
				);
				checked++;
			}
		});
		assert.ok(checked > 180_000);
	});

	it('ansi-tokenize: same tokens for every BMP code point between ESC-styled letters', async () => {
		type Tokenize = {tokenize: (text: string) => unknown[]};
		const entry = "export {tokenize} from '@alcalzone/ansi-tokenize';";
		const [original, patched] = await Promise.all([bundle<Tokenize>('tok', entry, false), bundle<Tokenize>('tok', entry, true)]);
		every(c => {
			const text = `\u001B[1ma${c}\u001B[22m${c}b`;
			assert.deepEqual(patched.tokenize(text), original.tokenize(text), `tokens of U+${c.charCodeAt(0).toString(16)}`);
		});
	});
});

describe('yoga-layout starts without fetch', () => {
	it('decodes its inlined wasm without touching the global fetch (whose first use loads undici)', async () => {
		const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
		let touched = 0;
		Object.defineProperty(globalThis, 'fetch', {
			configurable: true,
			get: () => {
				touched++;
				return descriptor?.get ? descriptor.get.call(globalThis) : descriptor?.value;
			},
		});
		try {
			type Yoga = {default: {Node: {create(): {setWidth(w: number): void; calculateLayout(): void; getComputedWidth(): number}}}};
			const yoga = await bundle<Yoga>('yoga', "export {default} from 'yoga-layout';", true);
			const node = yoga.default.Node.create();
			node.setWidth(42);
			node.calculateLayout();
			assert.equal(node.getComputedWidth(), 42, 'the wasm layout engine works');
		} finally {
			if (descriptor) Object.defineProperty(globalThis, 'fetch', descriptor);
		}
		assert.equal(touched, 0, 'fetch was read while yoga loaded');
	});
});

describe('signal-exit starts without node:assert', () => {
	it('loads without node:assert and still refuses a handler that is not a function', async () => {
		const {loadPatches, patchPlugin} = await patchesModule();
		const result = await build({
			stdin: {contents: "export {default} from 'signal-exit';", resolveDir: repoRoot, loader: 'js'},
			bundle: true,
			platform: 'node',
			format: 'esm',
			write: false,
			logLevel: 'error',
			banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
			plugins: [patchPlugin(loadPatches(join(repoRoot, 'patches')))],
		});
		const file = join(scratch, 'signal-exit-patched.mjs');
		writeFileSync(file, result.outputFiles[0]!.text);
		const script = [
			`const {default: onExit} = await import(${JSON.stringify(pathToFileURL(file).href)});`,
			'const remove = onExit(() => {});',
			'remove();',
			"let refused = '';",
			'try { onExit(42); } catch (error) { refused = error.message; }',
			"console.log(JSON.stringify({assert: process.moduleLoadList.includes('NativeModule assert'), refused}));",
		].join('\n');
		const {stdout} = await run(process.execPath, ['--input-type=module', '-e', script]);
		const answer = JSON.parse(stdout) as {assert: boolean; refused: string};
		assert.equal(answer.assert, false, 'node:assert was loaded');
		assert.equal(answer.refused, 'a callback must be provided for exit handler');
	});
});

describe('patched Ink draws what the original draws', () => {
	it('the same frames, frame after frame, with the row and text caches warm', async () => {
		type InkModule = {
			renderToString: (node: unknown, options: {columns: number}) => string;
			Box: unknown;
			Text: unknown;
			h: (type: unknown, props: Record<string, unknown> | null, ...children: unknown[]) => unknown;
		};
		// Colours on, so coloured text goes through sanitizing and the styled-cell path.
		process.env.FORCE_COLOR = '3';
		const entry = "export {renderToString, Box, Text} from 'ink'; export {createElement as h} from 'react';";
		const [original, patched] = await Promise.all([bundle<InkModule>('ink', entry, false), bundle<InkModule>('ink', entry, true)]);
		const names = [
			'app-net',
			'backend',
			'ünïcödé',
			'数据库-网络',
			'tab\there',
			'emoji 🐳 net',
			'a-very-long-network-name-that-is-clipped',
			'x',
		];
		const colors = ['cyan', 'green', undefined, 'gray', 'red'];
		/** A list pane, a details pane and an overlapping box, as the explorer draws them. */
		const frame = (ink: InkModule, selected: number, filter: string): unknown => {
			const {h, Box, Text} = ink;
			const shown = names.filter(n => n.includes(filter));
			const rows = shown.map((name, i) =>
				h(
					Text,
					{key: name, wrap: 'truncate', bold: i === selected, backgroundColor: i === selected ? 'cyan' : undefined},
					h(Text, {color: colors[i % colors.length]}, i === selected ? '▸ ' : '  '),
					h(Text, {dimColor: i % 3 === 0}, name),
					h(Text, {color: 'gray'}, ` ${i}/${shown.length}`),
				),
			);
			return h(
				Box,
				{flexDirection: 'column', width: 60},
				h(
					Box,
					{flexDirection: 'row'},
					h(Box, {borderStyle: 'single', borderColor: 'cyan', width: 28, height: 8, flexDirection: 'column', overflow: 'hidden'}, ...rows),
					h(
						Box,
						{borderStyle: 'round', width: 32, height: 8, flexDirection: 'column', overflow: 'hidden'},
						h(Text, {color: 'green', wrap: 'wrap'}, `selected ${shown[selected] ?? '-'} `.repeat(1 + (selected % 4))),
					),
				),
				h(
					Box,
					{marginTop: -3, marginLeft: 20 + (selected % 5), width: 12, borderStyle: 'double'},
					h(Text, {inverse: true}, filter || 'none'),
				),
				h(Text, {color: 'yellow'}, `/ filter: ${filter}\u001B[31mred\u001B[39m \u0007bell`),
			);
		};
		let frames = 0;
		let coloured = 0;
		for (const filter of ['', 'n', 'ne', 'net', 'ne', 'n', '', 'a', '']) {
			for (let selected = 0; selected < 6; selected++) {
				for (const columns of [60, 45]) {
					const want = original.renderToString(frame(original, selected, filter), {columns});
					const got = patched.renderToString(frame(patched, selected, filter), {columns});
					assert.equal(got, want, `frame with filter "${filter}", row ${selected}, ${columns} columns`);
					frames++;
					if (want.includes('\u001B[36m')) coloured++;
				}
			}
		}
		assert.ok(frames >= 100);
		assert.equal(coloured, frames, 'colours were on');
	});
});

describe('patched line updates equal the originals', () => {
	it('lineUpdate: same bytes for pairs of lines mixing ASCII, box drawing, SGR, wide and combining characters', async () => {
		type LineUpdate = {default: (previous: string, next: string, columns: number) => string};
		const entry = `export {default} from ${JSON.stringify(join(repoRoot, 'node_modules', 'ink', 'build', 'line-update.js'))};`;
		const [original, patched] = await Promise.all([bundle<LineUpdate>('lu', entry, false), bundle<LineUpdate>('lu', entry, true)]);
		const pieces = [
			'a',
			'net',
			' ',
			'─',
			'│',
			'┌',
			'▸ ',
			'…',
			'·',
			'é',
			'e\u0301',
			'数',
			'🐳',
			'\u001B[36m',
			'\u001B[1m',
			'\u001B[0m',
			'\u001B[90m',
			'10.0.0.1',
		];
		// A fixed pseudo-random sequence: the same cases every run.
		let seed = 12_345;
		const next = (n: number): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
		const line = (): string => Array.from({length: 1 + next(30)}, () => pieces[next(pieces.length)]).join('');
		let fastPath = 0;
		for (let i = 0; i < 20_000; i++) {
			const before = line();
			// Mostly lines sharing a prefix, as a frame's changed rows do.
			const after = next(4) === 0 ? line() : before.slice(0, next(before.length + 1)) + line();
			for (const columns of [40, 120]) {
				const want = original.default(before, after, columns);
				assert.equal(patched.default(before, after, columns), want, `${JSON.stringify(before)} → ${JSON.stringify(after)} at ${columns}`);
				if (!want.startsWith('\u001B[1G')) fastPath++;
			}
		}
		assert.ok(fastPath > 1000, 'partial updates were exercised');
	});
});
