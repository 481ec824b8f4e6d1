// What every docknet bundle shares, the npm one (scripts/build.mjs: ESM + lazily loaded
// chunks) and the single executable's (scripts/build-binary.mjs: one CommonJS file):
// stand-ins for what docknet never runs, the dependency patches, the defines.
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
// - Ink's text stack and layout engine get small speed patches (patches/*.patch, listed
//   with their reasons in patches/README.md), applied exactly or the build fails.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadPatches, patchPlugin} from './dependency-patches.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** esbuild options common to both bundles, and the patches to check with assertAllApplied. */
export function bundleOptions() {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
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
	const lazyModules = {
		name: 'lazy-modules',
		setup(b) {
			b.onResolve({filter: /^ssh2$/}, () => ({path: ssh2Shim}));
			b.onResolve({filter: /^https$/}, args => (/docker-modem[\\/]lib[\\/]http\.js$/.test(args.importer) ? {path: httpsShim} : undefined));
			// dockerode's BuildKit session (loaded with dockerode, used only by buildImage):
			// it also pulls in node:crypto (~15 ms) for a random session id.
			b.onResolve({filter: /^\.\/session$/}, args =>
				/dockerode[\\/]lib[\\/]docker\.js$/.test(args.importer) ? {path: unusedSession} : undefined,
			);
		},
	};
	// Dependency patches (patches/*.patch; why each exists: patches/README.md) are applied
	// to the bundled copies; any patch that does not apply fails the build.
	const patches = loadPatches(process.env.DOCKNET_BUILD_PATCHES_DIR ?? join(root, 'patches'));
	return {
		patches,
		options: {
			bundle: true,
			platform: 'node',
			target: 'node22',
			minify: true,
			legalComments: 'none',
			logLevel: 'warning',
			define: {'process.env.NODE_ENV': '"production"', __DOCKNET_VERSION__: JSON.stringify(pkg.version)},
			alias: {'react-devtools-core': empty, ...Object.fromEntries(NEVER_USED.map(name => [name, neverUsed(name)]))},
			plugins: [lazyModules, patchPlugin(patches)],
			external: ['cpu-features'],
		},
	};
}
