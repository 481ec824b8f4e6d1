// The single executable's V8 startup snapshot (scripts/build-binary.mjs, native builds): at
// build time this loads everything the explorer and the engine adapter need (React,
// Ink, the app, dockerode) and V8 saves the heap; at run time the binary starts from
// that heap and runs the CLI, so nothing is parsed or initialised again.
// What a snapshot cannot carry is made at run time instead:
// - yoga's WebAssembly instance: made on first layout (build-binary.mjs, syncModules);
// - Intl.Collator objects: ./sea-snapshot-intl.mjs (imported first);
// - console.Console, which Node does not restore after deserialising (Ink's
//   patchConsole needs it): put back from a reference taken at build time;
// - chalk's colour level, decided when chalk loads — at build time, without a terminal:
//   decided again here the way source/explorer.tsx's loadUi decides it (FORCE_COLOR
//   set unless the user set it, "0" for TERM=dumb).
import {startupSnapshot} from 'node:v8';
import {isatty} from 'node:tty';
import {restoreIntl} from './sea-snapshot-intl.mjs';
import chalk from 'chalk';
import {createSupportsColor} from '../node_modules/chalk/source/vendor/supports-color/index.js';
import * as ink from 'ink';
import * as explorer from '../source/explorer.tsx';
import * as app from '../source/app.tsx';
import * as dockerode from '../source/engine/dockerode.ts';
import * as switcher from '../source/engine/switcher.ts';
import * as lastEngine from '../source/prefs/last-engine.ts';

restoreIntl();
// Kept reachable so the bundler keeps them and the snapshot holds them initialised.
globalThis.__docknetSnapshot = [ink, explorer, app, dockerode, switcher, lastEngine];
const Console = console.Console;

function chalkLevel() {
	const {env} = process;
	const had = 'FORCE_COLOR' in env;
	const saved = env.FORCE_COLOR;
	if (env.TERM === 'dumb') env.FORCE_COLOR = '0';
	else if (!had) env.FORCE_COLOR = 'true';
	try {
		return (createSupportsColor({isTTY: isatty(1)}) || {level: 0}).level;
	} finally {
		if (had) env.FORCE_COLOR = saved;
		else delete env.FORCE_COLOR;
	}
}

startupSnapshot.setDeserializeMainFunction(() => {
	console.Console ??= Console;
	chalk.level = chalkLevel();
	void import('../source/cli.tsx');
});
