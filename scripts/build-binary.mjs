// Builds docknet as one executable file (Node's single executable application, SEA):
// a Node binary with the whole CLI injected, runnable where no Node is installed.
//   node scripts/build-binary.mjs                  dist-bin/docknet-linux-x64 (this machine's arch)
//   node scripts/build-binary.mjs --arch arm64     dist-bin/docknet-linux-arm64 (cross build)
//   node scripts/build-binary.mjs --no-snapshot    V8 code cache instead of a startup snapshot
//   node scripts/build-binary.mjs --no-code-cache  neither (to measure what they save)
//   … --out FILE                                   another output path
//
// Node 24's SEA runs one CommonJS script whose require() sees only built-in modules, so
// the CLI is bundled to a single CommonJS file (the explorer and the engine adapter,
// lazy chunks in the npm bundle, become lazily initialised parts of that one file).
// For the machine's own arch the blob carries a V8 startup snapshot of the loaded modules
// (scripts/sea-snapshot-entry.mjs; first frame ~0.6x the npm install's, BENCHMARKS.md),
// or with --no-snapshot V8 code cache (~0.8x); both are specific to the V8 build and CPU
// they were made on, so a cross build injects the plain script and starts slower.
//
// The Node binary: for this machine the pinned one (devDependency "node"); for another
// arch the same version's `node-linux-<arch>` package from the npm registry (npm pack).
import {build} from 'esbuild';
import {execFileSync} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {assertAllApplied} from './dependency-patches.mjs';
import {bundleOptions, root} from './bundle-options.mjs';

const {values} = parseArgs({
	options: {
		arch: {type: 'string', default: process.arch},
		'no-snapshot': {type: 'boolean', default: false},
		'no-code-cache': {type: 'boolean', default: false},
		out: {type: 'string'},
	},
});
const arch = values.arch;
if (!['x64', 'arm64'].includes(arch)) throw new Error(`build-binary: --arch must be x64 or arm64, not ${arch}`);
if (process.platform !== 'linux') throw new Error('build-binary: builds linux binaries on linux only');
const native = arch === process.arch;
// A snapshot or code cache is specific to the CPU it was made on: none for a cross build.
const snapshot = native && !values['no-snapshot'] && !values['no-code-cache'];
const outDir = join(root, 'dist-bin');
const work = join(outDir, `.work-${arch}`);
const output = values.out ?? join(outDir, `docknet-linux-${arch}`);
rmSync(work, {recursive: true, force: true});
mkdirSync(work, {recursive: true});

// 1. One CommonJS file. import.meta.url (createRequire in a few modules, for built-ins
// only) becomes the executable's own file URL. CommonJS has no top-level await, so the
// modules that use it are rewritten to start synchronously (syncModules below).
const {options, patches} = bundleOptions();
const script = join(work, 'docknet.cjs');
await build({
	...options,
	entryPoints: [snapshot ? join(root, 'scripts', 'sea-snapshot-entry.mjs') : join(root, 'source', 'cli.tsx')],
	outfile: script,
	format: 'cjs',
	define: {...options.define, 'import.meta.url': '__docknet_file_url'},
	banner: {js: "var __docknet_file_url = require('node:url').pathToFileURL(process.execPath).href;"},
	plugins: [syncModules({lazyYoga: snapshot}), ...options.plugins],
});
assertAllApplied(patches);

// 2. The blob. No execArgv: the explorer caps its young generation itself
// (source/young-generation.ts), the same in the binary as in the npm install.
const useCodeCache = native && !snapshot && !values['no-code-cache'];
const blob = join(work, 'sea.blob');
const config = {
	main: script,
	output: blob,
	disableExperimentalSEAWarning: true,
	useCodeCache,
	useSnapshot: snapshot,
	// NODE_OPTIONS is for the user's own Node programs; it does not reach inside docknet.
	execArgvExtension: 'none',
};
writeFileSync(join(work, 'sea-config.json'), JSON.stringify(config, null, '\t') + '\n');
// The snapshot is built by running the entry here: without CI in the environment, or
// Ink's is-in-ci would be decided as true for every run of the binary.
const buildEnv = {...process.env};
delete buildEnv.CI;
execFileSync(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], {
	env: buildEnv,
	stdio: ['ignore', 'ignore', snapshot ? 'pipe' : 'inherit'],
});

// 3. The Node binary for the target, the blob injected into a copy of it.
const nodeBinary = native ? process.execPath : fetchNode(arch, process.versions.node);
const next = join(work, 'docknet');
copyFileSync(nodeBinary, next);
chmodSync(next, 0o755);
// Node ships with its symbol table (~18 MB of the 126): the binary needs none of it.
// GNU strip reads only its own arch unless it is binutils-multiarch; a cross build may stay unstripped.
let stripped = true;
try {
	execFileSync('strip', [next], {stdio: 'ignore'});
} catch {
	stripped = false;
}
execFileSync(
	process.execPath,
	[
		join(root, 'node_modules', 'postject', 'dist', 'cli.js'),
		next,
		'NODE_SEA_BLOB',
		blob,
		'--sentinel-fuse',
		'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
	],
	{stdio: ['ignore', 'ignore', 'inherit']},
);
renameSync(next, output);
rmSync(work, {recursive: true, force: true});
const size = readFileSync(output).length;
process.stdout.write(
	`built ${output} (${(size / 1024 / 1024).toFixed(1)} MiB, Node ${process.versions.node} linux-${arch}, ` +
		`${snapshot ? 'startup snapshot' : useCodeCache ? 'code cache' : native ? 'no code cache' : 'no code cache: cross build'}` +
		`${stripped ? '' : ', not stripped'})\n`,
);

/**
 * The dependencies' top-level awaits, made synchronous for a CommonJS bundle. Each edit
 * names its exact text and fails the build when that text is gone (a new version).
 * - yoga-layout awaits its Emscripten loader, which compiles the embedded wasm
 *   asynchronously; Emscripten's instantiateWasm hook lets us compile and instantiate
 *   it synchronously instead (Node allows synchronous compiles of any size), after
 *   which the loader has filled in the module object before it returns.
 * - Ink awaits its devtools and its package.json only when DEV=true: the binary has no
 *   devtools (the npm bundle has none either), so those branches are dropped.
 */
function syncModules({lazyYoga}) {
	const edit = (text, file, from, to) => {
		if (text.split(from).length !== 2) throw new Error(`build-binary: expected text not found once in ${file}: ${from}`);
		return text.replace(from, () => to);
	};
	return {
		name: 'sync-modules',
		setup(b) {
			b.onLoad({filter: /node_modules[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/}, args => {
				let text = readFileSync(args.path, 'utf8');
				const wasm = readFileSync(join(args.path, '..', '..', 'binaries', 'yoga-wasm-base64-esm.js'), 'utf8');
				const base64 = /H="data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(wasm)?.[1];
				if (!base64) throw new Error('build-binary: no embedded wasm found in yoga-layout');
				text = edit(
					text,
					args.path,
					'const Yoga = wrapAssembly(await loadYoga());',
					`const yogaModule = {instantiateWasm(imports, receive) {
	const module = new WebAssembly.Module(Buffer.from(${JSON.stringify(base64)}, 'base64'));
	const instance = new WebAssembly.Instance(module, imports);
	receive(instance, module);
	return instance.exports;
}};
function startYoga() {
	loadYoga(yogaModule);
	if (!yogaModule.calledRun) throw new Error('yoga-layout did not start synchronously');
	return wrapAssembly(yogaModule);
}
${
	lazyYoga
		? // A snapshot cannot hold a wasm instance: start it on first use. Its enums are
			// plain numbers that Ink reads at load; the binding is live, so after the first
			// use every access goes to the real object.
			`import YGEnumsOnly from './generated/YGEnums.js';
let Yoga = new Proxy({}, {get(_, key) {
	if (key in YGEnumsOnly) return YGEnumsOnly[key];
	Yoga = startYoga();
	return Yoga[key];
}});
export {Yoga as default};`
		: 'const Yoga = startYoga();'
}`,
				);
				if (lazyYoga) text = edit(text, args.path, 'export default Yoga;', '');
				return {contents: text, loader: 'js'};
			});
			b.onLoad({filter: /node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/}, args => {
				let text = readFileSync(args.path, 'utf8');
				text = edit(text, args.path, "await import('./devtools.js');", '/* no devtools in the binary */');
				text = edit(text, args.path, 'const loaded = await loadPackageJson();', 'const loaded = {};');
				return {contents: text, loader: 'js'};
			});
		},
	};
}

/** bin/node of the `node-linux-<arch>` npm package at `version`, cached under node_modules/.cache. */
function fetchNode(target, version) {
	const cache = join(root, 'node_modules', '.cache', 'docknet-build', `node-linux-${target}-${version}`);
	const binary = join(cache, 'package', 'bin', 'node');
	if (existsSync(binary)) return binary;
	rmSync(cache, {recursive: true, force: true});
	mkdirSync(cache, {recursive: true});
	execFileSync('npm', ['pack', `node-linux-${target}@${version}`, '--pack-destination', cache], {stdio: ['ignore', 'ignore', 'inherit']});
	const tarball = readdirSync(cache).find(name => name.endsWith('.tgz'));
	if (!tarball) throw new Error(`build-binary: npm pack node-linux-${target}@${version} gave no tarball`);
	execFileSync('tar', ['-xzf', join(cache, tarball), '-C', cache]);
	if (!existsSync(binary)) throw new Error(`build-binary: node-linux-${target}@${version} has no bin/node`);
	return binary;
}
