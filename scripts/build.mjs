// Bundles source/cli.tsx into dist/ (cli.js + lazily loaded chunks). Start-up time is
// module loading, so a few minified ESM files are much faster than resolving hundreds
// of node_modules files — and what docknet never runs is left out or loaded late
// (the stand-ins and patches shared with the single executable: scripts/bundle-options.mjs).
// The dockerode adapter and the explorer (Ink, React) are separate chunks that cli.tsx
// imports only when a command needs them (--version and --help load neither).
//
// The new dist/ is built next to the old one and swapped in with two renames, so a
// docknet started meanwhile (tests run in parallel) never finds a half-written dist/.
import {build} from 'esbuild';
import {renameSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {assertAllApplied} from './dependency-patches.mjs';
import {bundleOptions, root} from './bundle-options.mjs';

const dist = process.env.DOCKNET_BUILD_OUTDIR ?? join(root, 'dist');
const next = `${dist}.next-${process.pid}`;
const old = `${dist}.old-${process.pid}`;
const {options, patches} = bundleOptions();

rmSync(next, {recursive: true, force: true});
await build({
	...options,
	entryPoints: [join(root, 'source', 'cli.tsx')],
	outdir: next,
	entryNames: '[name]',
	chunkNames: 'chunks/[name]-[hash]',
	splitting: true,
	format: 'esm',
	sourcemap: 'linked',
	banner: {
		js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);",
	},
});
assertAllApplied(patches);

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
