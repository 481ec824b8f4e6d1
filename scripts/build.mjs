// Bundles source/cli.tsx into dist/cli.js. Start-up time is module loading, so one
// minified ESM file is much faster than resolving hundreds of node_modules files.
import {build} from 'esbuild';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(join(root, 'dist'), {recursive: true, force: true});
const stubDir = join(root, 'dist', '.stubs');
mkdirSync(stubDir, {recursive: true});
// Ink imports react-devtools-core only when DEV is set; never ship it.
const stub = join(stubDir, 'empty.js');
writeFileSync(stub, 'export default undefined;\n');

await build({
	entryPoints: [join(root, 'source', 'cli.tsx')],
	outdir: join(root, 'dist'),
	entryNames: '[name]',
	chunkNames: 'chunks/[name]-[hash]',
	// The explorer (Ink, React) is a separate chunk, loaded only when the TUI opens.
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
	alias: {'react-devtools-core': stub},
	// ssh2 (and its optional native addon) loads only for ssh:// hosts.
	external: ['ssh2', 'cpu-features'],
	banner: {
		js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);",
	},
});
