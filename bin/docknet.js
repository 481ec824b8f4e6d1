#!/usr/bin/env node
// docknet's launcher: the same file for an npm, pnpm or Yarn bin link, `node bin/docknet.js`
// and `npx docknet`. It is plain JavaScript on purpose: no shell line, no flags on the #!
// line (`env -S` is missing on BusyBox and older coreutils), nothing a package manager's
// shim could drop. Keep it to syntax every Node can parse (no top-level await, no static
// import) so an old Node gets the clear message below instead of a SyntaxError.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
	process.stderr.write(
		'docknet needs Node.js 22 or newer; this is Node ' +
			process.versions.node +
			'. Install a current LTS from nodejs.org or your package manager.\n',
	);
	process.exit(2);
}
// Deprecation warnings (e.g. url.parse inside docker-modem) are for developers, not users.
process.noDeprecation = true;
// The explorer caps V8's young generation itself (source/young-generation.ts), so no
// launcher needs to pass a V8 flag: every way of starting docknet behaves the same.
import('node:module').then(mod => {
	// Compile cache makes the second and later starts faster (Node >= 22.1).
	try {
		if (typeof mod.enableCompileCache === 'function') mod.enableCompileCache();
	} catch {
		// No compile cache (read-only cache dir): start without it.
	}
	return import('../dist/cli.js');
});
