#!/usr/bin/env node
// Keep this file to syntax every Node can parse, so an old Node gets a clear message.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
	process.stderr.write(
		'docknet needs Node.js 22 or newer; this is Node ' + process.versions.node + '. Install a current LTS from nodejs.org or your package manager.\n',
	);
	process.exit(2);
}
// Deprecation warnings (e.g. url.parse inside docker-modem) are for developers, not users.
process.noDeprecation = true;
try {
	// Compile cache makes the second and later starts faster (Node >= 22.1).
	const mod = await import('node:module');
	if (typeof mod.enableCompileCache === 'function') mod.enableCompileCache();
} catch {}
await import('../dist/cli.js');
