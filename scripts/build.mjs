// Bundles source/cli.tsx into dist/ (cli.js + lazily loaded chunks). Start-up time is
// module loading, so a few minified ESM files are much faster than resolving hundreds
// of node_modules files — and what docknet never runs is left out or loaded late:
//
// - dockerode's BuildKit session (@grpc/grpc-js, @grpc/proto-loader, protobufjs) and
//   build-context packing (tar-fs, @balena/dockerignore) are replaced by stubs that
//   throw if ever used: docknet never builds images. (~420 KB of the old 580 KB bundle,
//   and their module initialisation on every start.)
// - ssh2 is never used: ssh:// goes through the system ssh client
//   (source/engine/ssh-transport.ts). docker-modem's `require('ssh2')` at load time
//   goes to a stub that throws if its ssh path were ever reached, so neither ssh2 nor
//   its native addon is loaded or needed at run time. docker-modem's `require('https')`
//   loads node:https only when a TLS host is used.
// - Ink's layout engine (yoga) decodes its inlined wasm itself instead of going through
//   fetch(), whose first use loads undici.
// - The dockerode adapter and the explorer (Ink, React) are separate chunks that
//   cli.tsx imports only when a command needs them (--version and --help load neither).
//
// The new dist/ is built next to the old one and swapped in with two renames, so a
// docknet started meanwhile (tests run in parallel) never finds a half-written dist/.
import {build} from 'esbuild';
import {mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dist = process.env.DOCKNET_BUILD_OUTDIR ?? join(root, 'dist');
const next = `${dist}.next-${process.pid}`;
const old = `${dist}.old-${process.pid}`;

// Stand-in modules live outside dist/ (they are inputs, not part of the package).
const stubDir = join(root, 'node_modules', '.cache', 'docknet-build');
mkdirSync(stubDir, {recursive: true});
const write = (name, text) => {
	const path = join(stubDir, name);
	writeFileSync(path, text);
	return path;
};
// Ink imports react-devtools-core only when DEV is set; never ship it.
const empty = write('empty.js', 'export default undefined;\n');
const NEVER_USED = ['@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'tar-fs', '@balena/dockerignore'];
const neverUsed = name =>
	write(
		`unused-${name.replace(/[@/]/g, '_')}.cjs`,
		`// ${name} is left out of docknet's bundle: dockerode needs it only to build images.\n` +
			`module.exports = new Proxy({}, {get(_, key) {\n` +
			`\tif (typeof key === 'symbol' || key === '__esModule' || key === 'then') return undefined;\n` +
			`\tthrow new Error(${JSON.stringify(`docknet does not include ${name} (image builds are not supported)`)});\n` +
			`}});\n`,
	);
const unusedSession = write(
	'unused-dockerode-session.cjs',
	`module.exports = function withSession() {\n\tthrow new Error('docknet does not include dockerode\\'s BuildKit session (image builds are not supported)');\n};\n`,
);
const ssh2Shim = write(
	'unused-ssh2.cjs',
	`// docker-modem requires ssh2 when it loads; docknet reaches ssh:// engines through the system ssh client.\n` +
		`function Client() {\n` +
		`\tthrow new Error('docknet does not use ssh2: ssh:// goes through the system ssh client');\n` +
		`}\n` +
		`module.exports = {Client};\n`,
);

// docker-modem's http.js requires 'https' when it loads (~30 ms of CPU: tls, crypto);
// only tcp+TLS hosts use it. It uses the module object as a prototype and calls
// .request on it, so a proxy that loads node:https on first property access is enough.
const httpsShim = write(
	'lazy-https.cjs',
	`let real;\n` +
		`const load = () => (real ??= require('node:https'));\n` +
		`module.exports = new Proxy({}, {get: (_, key) => load()[key], has: (_, key) => key in load()});\n`,
);

// Dependency patches, applied to the bundled copies as they load (node_modules is not
// touched). Each one names the text it replaces; when a dependency update moves that text
// the build says so and leaves the file as it is (the patch is lost, nothing breaks).

// Code points that are always one column wide and always a grapheme of their own, found
// here at build time by asking the installed string-width and Intl.Segmenter themselves.
// A string made only of them (and printable ASCII) is as wide as it is long, and splits
// into graphemes one UTF-16 unit at a time. Box-drawing borders, "…", "▸", "●", Latin-1,
// Greek, Cyrillic… are in; CJK (two columns), emoji, marks, joiners and controls are not.
async function narrowClass() {
	const {default: stringWidth} = await import('string-width');
	const segmenter = new Intl.Segmenter();
	const clusters = text => [...segmenter.segment(text)].length;
	const special = /[\p{Mark}\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Extended_Pictographic}\p{Emoji_Presentation}\p{Regional_Indicator}\p{Surrogate}]/u;
	const ranges = [];
	for (let cp = 0xa0; cp <= 0x2fff; cp++) {
		if (cp >= 0x1100 && cp <= 0x11ff) continue; // Hangul jamo compose clusters
		const c = String.fromCodePoint(cp);
		const ok = !special.test(c) && stringWidth(c) === 1 && stringWidth(c + c) === 2 && clusters(`a${c}a`) === 3 && clusters(c + c) === 2;
		if (!ok) continue;
		const last = ranges.at(-1);
		if (last && last[1] === cp - 1) last[1] = cp;
		else ranges.push([cp, cp]);
	}
	const hex = cp => `\\u${cp.toString(16).padStart(4, '0')}`;
	return ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');
}
const narrow = await narrowClass();

// The first `new Intl.Segmenter()` in a process loads ICU's break-iterator data: 25-45 ms
// of CPU. Six modules of Ink's stack construct one when they load, so every start paid it
// before the first frame although, with the fast paths below, a frame of ASCII,
// box-drawing and Latin text never segments anything. These get one that constructs on
// first use instead.
const LAZY_SEGMENTER = `
function lazySegmenter(...args) {
	let real;
	return {segment: text => (real ??= new Intl.Segmenter(...args)).segment(text)};
}
`;
const lazySegmenters = text => {
	const patched = text.replace(/^(const|var|let) (\w+) = new Intl\.Segmenter\(/gm, '$1 $2 = lazySegmenter(');
	return patched === text ? null : patched + LAZY_SEGMENTER;
};

// esbuild turns /…/v literals into `new RegExp(…, 'v')`, which V8 compiles on the spot:
// string-width's /^\p{RGI_Emoji}$/v alone took 20-70 ms of every start. They are only
// needed for text outside the fast paths, so they are made on first use.
const LAZY_REGEXP = `
function lazyRegExp(source, flags) {
	let real;
	const get = () => (real ??= new RegExp(source, flags));
	return {test: text => get().test(text), [Symbol.search]: text => get()[Symbol.search](text)};
}
`;
const lazyRegExps = text => {
	const patched = text.replace(/^const (\w+) = \/(.+)\/([a-z]*v[a-z]*);$/gm, (_, name, source, flags) =>
		source.includes('`') || source.includes('${') ? _ : `const ${name} = lazyRegExp(String.raw\`${source}\`, '${flags}');`,
	);
	return patched === text ? null : patched + LAZY_REGEXP;
};

const PATCHES = [
	{
		// yoga-layout (Ink's layout engine) loads its inlined wasm through `fetch` on a data:
		// URL whenever `fetch` exists. On Node that getter loads undici (~60 ms of CPU) for
		// nothing: the same file decodes the base64 itself when there is no fetch.
		file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
		edits: [text => (text.includes('typeof fetch') ? text.replaceAll('typeof fetch', 'typeof undefined') : null)],
	},
	{
		// string-width (Ink measures every text with it) has a fast path for printable ASCII
		// only; every line with a box-drawing border went through the grapheme segmenter and
		// Unicode property regexes, per call.
		file: /node_modules[\\/]string-width[\\/]index\.js$/,
		edits: [
			text => {
				const anchor = 'if (/^[\\u0020-\\u007E]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n';
				if (!text.includes(anchor) || !text.includes('ambiguousIsNarrow = true')) return null;
				return text.replace(anchor, `${anchor}\tif (ambiguousIsNarrow && /^[\\u0020-\\u007E${narrow}]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n`);
			},
			lazySegmenters,
			lazyRegExps,
		],
	},
	{
		// Ink tokenizes every line it draws (ANSI codes and graphemes); the tokenizer runs the
		// grapheme segmenter over the whole string. Lines of ASCII, ESC and narrow characters
		// split one unit at a time.
		file: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
		edits: [
			text => {
				const loop = 'for (const { segment, index } of segmenter.segment(str)) {';
				if (!text.includes(loop)) return null;
				return (
					text.replace(loop, 'for (const { segment, index } of graphemesOf(str)) {') +
					`
const simpleText = /^[\\n\\u001B\\u0020-\\u007E${narrow}]*$/;
function graphemesOf(str) {
	if (!simpleText.test(str)) return segmenter.segment(str);
	const units = new Array(str.length);
	for (let index = 0; index < str.length; index++) units[index] = {segment: str[index], index};
	return units;
}
`
				);
			},
			lazySegmenters,
		],
	},
	{file: /node_modules[\\/]wrap-ansi[\\/]index\.js$/, edits: [lazySegmenters]},
	{file: /node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/, edits: [lazySegmenters]},
	{file: /node_modules[\\/]ink[\\/]build[\\/]line-update\.js$/, edits: [lazySegmenters]},
	{
		// Ink builds each frame in a fresh Output whose caches (ANSI-tokenized lines, string
		// widths) die with the frame, so every frame re-tokenized every line although a key
		// press changes a few. The caches map strings to pure results: keep them across
		// frames, in two generations so they stay bounded (the older one is dropped when the
		// newer fills).
		file: /node_modules[\\/]ink[\\/]build[\\/]output\.js$/,
		edits: [
			// Text inside a box with overflow hidden (every pane) is cut to the box on every
			// frame, one styled character at a time, even when all of it fits: leave a line
			// that fits as it is.
			text => {
				const head = '    sliceLineToColumns(line, from, to) {\n        if (from >= to) {\n            return \'\';\n        }\n';
				if (!text.includes(head)) return null;
				return text.replace(head, `${head}        if (from === 0 && to >= this.caches.getStringWidth(line)) {\n            return line;\n        }\n`);
			},
			// Each write's text was split into lines and re-serialized on every frame; the
			// result depends on the text only, so it is cached with the rest.
			text => {
				const split = `        const characterLines = [[]];
        for (const character of this.caches.getStyledChars(text)) {
            if (character.value === '\\n') {
                characterLines.push([]);
            }
            else {
                characterLines.at(-1).push(character);
            }
        }
        let lines = characterLines.map(line => styledCharsToString(line));
`;
				if (!text.includes(split)) return null;
				return text.replace(split, '        let lines = this.caches.getLines(text);\n').replace(
					'    getStringWidth(text) {',
					`    lines = new GenerationMap(2000);
    getLines(text) {
        let cached = this.lines.get(text);
        if (cached === undefined) {
            const characterLines = [[]];
            for (const character of this.getStyledChars(text)) {
                if (character.value === '\\n') {
                    characterLines.push([]);
                }
                else {
                    characterLines.at(-1).push(character);
                }
            }
            cached = characterLines.map(line => styledCharsToString(line));
            this.lines.set(text, cached);
        }
        return cached;
    }
    getStringWidth(text) {`,
				);
			},
			text => {
				const fields = '    widths = new Map();\n    blockWidths = new Map();\n    styledChars = new Map();\n';
				const caches = '    caches = new OutputCaches();\n';
				if (!text.includes(fields) || !text.includes(caches)) return null;
				return (
					text
						.replace(fields, '    widths = new GenerationMap(4000);\n    blockWidths = new GenerationMap(2000);\n    styledChars = new GenerationMap(2000);\n')
						.replace(caches, '    caches = (sharedOutputCaches ??= new OutputCaches());\n') +
					`
let sharedOutputCaches;
class GenerationMap {
	constructor(limit) {
		this.limit = limit;
		this.current = new Map();
		this.previous = new Map();
	}
	get(key) {
		let value = this.current.get(key);
		if (value === undefined) {
			value = this.previous.get(key);
			if (value !== undefined) this.set(key, value);
		}
		return value;
	}
	set(key, value) {
		if (this.current.size >= this.limit) {
			this.previous = this.current;
			this.current = new Map();
		}
		this.current.set(key, value);
		return this;
	}
}
`
				);
			},
		],
	},
];

const patchDependencies = {
	name: 'patch-dependencies',
	setup(b) {
		for (const {file, edits} of PATCHES) {
			b.onLoad({filter: file}, args => {
				let text = readFileSync(args.path, 'utf8');
				for (const [at, edit] of edits.entries()) {
					const next = edit(text);
					if (next === null) console.warn(`build: ${args.path} changed; patch ${at + 1} for it is not applied (see PATCHES in scripts/build.mjs)`);
					else text = next;
				}
				return {contents: text, loader: 'js'};
			});
		}
	},
};

const lazyModules = {
	name: 'lazy-modules',
	setup(b) {
		b.onResolve({filter: /^ssh2$/}, () => ({path: ssh2Shim}));
		b.onResolve({filter: /^https$/}, args => (/docker-modem[\\/]lib[\\/]http\.js$/.test(args.importer) ? {path: httpsShim} : undefined));
		// dockerode's BuildKit session (loaded with dockerode, used only by buildImage):
		// it also pulls in node:crypto (~15 ms) for a random session id.
		b.onResolve({filter: /^\.\/session$/}, args => (/dockerode[\\/]lib[\\/]docker\.js$/.test(args.importer) ? {path: unusedSession} : undefined));
	},
};

rmSync(next, {recursive: true, force: true});
await build({
	entryPoints: [join(root, 'source', 'cli.tsx')],
	outdir: next,
	entryNames: '[name]',
	chunkNames: 'chunks/[name]-[hash]',
	splitting: true,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node22',
	minify: true,
	sourcemap: 'linked',
	legalComments: 'none',
	logLevel: 'warning',
	define: {'process.env.NODE_ENV': '"production"', __DOCKNET_VERSION__: JSON.stringify(pkg.version)},
	alias: {'react-devtools-core': empty, ...Object.fromEntries(NEVER_USED.map(name => [name, neverUsed(name)]))},
	plugins: [lazyModules, patchDependencies],
	external: ['cpu-features'],
	banner: {
		js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);",
	},
});
// Swap: the old dist/ is never half-deleted while something may be loading from it.
// Builds may run concurrently (parallel test suites): if another build put its dist/
// in place between our two renames, move that one aside too and try again.
for (let attempt = 0; ; attempt++) {
	rmSync(old, {recursive: true, force: true});
	try {
		renameSync(dist, old);
	} catch (error) {
		if (error.code !== 'ENOENT') throw error;
	}
	try {
		renameSync(next, dist);
		break;
	} catch (error) {
		if (!['ENOTEMPTY', 'EEXIST'].includes(error.code) || attempt >= 10) throw error;
	}
}
rmSync(old, {recursive: true, force: true});
