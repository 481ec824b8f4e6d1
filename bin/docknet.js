#!/bin/sh
':' //; exec node --max-semi-space-size=4 "$0" "$@"
// Both a shell script and an ES module. The shell runs the line above: it starts Node on
// this same file with a young generation capped at 4 MB per semi-space. V8 otherwise
// sizes it from physical memory (tens of MB on a big host), and the explorer's garbage
// per render and per engine event then stays resident (RSS after 30 s of events, 5000
// containers: ~465 -> ~330 MiB). The flag cannot be set from inside Node, `env -S` is
// missing on BusyBox and older coreutils, and NODE_OPTIONS is the user's. Node reads
// the line above as a string and a comment. `node bin/docknet.js` runs without the cap.
// Windows: npm's .cmd shim would call /bin/sh for this file; run it as `node …/docknet.js`.
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
} catch {
	// No compile cache (old Node, read-only cache dir): start without it.
}
await import('../dist/cli.js');
