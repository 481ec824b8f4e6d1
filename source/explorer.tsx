// Opens the explorer (the Ink app) in the alternate screen and guarantees the terminal
// comes back on every way out: q / Ctrl-C, SIGTERM, SIGHUP (a dropped SSH link),
// SIGINT from outside, uncaught errors and render errors.
import type {Instance} from 'ink';
import type {Connection} from './engine/connection.js';
import type {EnginePort} from './engine/port.js';
import type {EngineSwitcher} from './engine/switcher.js';
import {loadTopology} from './commands/load-topology.js';
import {renderLs} from './cli/ls.js';
import {TopologyFeed} from './hooks/topology-feed.js';
import {installDebugDump} from './hooks/feed-dump.js';
import {markPasteBursts} from './paste-bursts.js';
import {sanitizeLines, sanitizeOutput} from './format/sanitize.js';
import type {Prefs} from './prefs/config.js';
import {attachAuditLog, auditLogPath} from './prefs/audit-log.js';
import {sessionLog} from './state/operations.js';
import {traceStart} from './startup-trace.js';
import {keepHeapSmall} from './heap-size.js';

export type ExplorerOptions = {
	engine: EnginePort;
	connection: Connection;
	readOnly: boolean;
	env: NodeJS.ProcessEnv;
	prefs?: Prefs;
	switcher?: EngineSwitcher;
};

/** Leaves the alternate screen, shows the cursor, resets attributes and mouse/paste modes. */
export const RESTORE_TERMINAL = '\u001b[0m\u001b[?2004l\u001b[?1049l\u001b[?25h';

const SIGNAL_CODES: Record<string, number> = {SIGHUP: 129, SIGINT: 130, SIGTERM: 143};

/** How long the first frame waits for the engine's snapshot once the UI has loaded. */
const FIRST_SNAPSHOT_WAIT_MS = 150;

/**
 * Loads Ink and the app with chalk's level decided by us, not by chalk's CI sniffing
 * (CI=true on a real terminal would mean no styling at all). Styling stays on under
 * NO_COLOR — it asks for no *colour*; the theme then passes none, and focus shows
 * through inverse and bold. FORCE_COLOR=0 and TERM=dumb turn all styling off.
 * chalk reads FORCE_COLOR once, when it loads.
 */
async function loadUi(env: NodeJS.ProcessEnv) {
	const saved = process.env.FORCE_COLOR;
	const hadForce = 'FORCE_COLOR' in process.env;
	if (env.TERM === 'dumb') process.env.FORCE_COLOR = '0';
	else if (!hadForce) process.env.FORCE_COLOR = 'true';
	try {
		const [{render}, {App}] = await Promise.all([import('ink'), import('./app.js')]);
		return {render, App};
	} finally {
		if (hadForce) process.env.FORCE_COLOR = saved;
		else delete process.env.FORCE_COLOR;
	}
}

export async function runExplorer(options: ExplorerOptions): Promise<number> {
	const {stdout, stdin, stderr} = process;
	if (!stdout.isTTY) {
		// Piped: there is no screen to draw on; print the plain listing instead.
		stdout.write(sanitizeOutput(renderLs(await loadTopology(options.engine)), 'text'));
		return 0;
	}
	if (!stdin.isTTY) {
		stderr.write('docknet: the explorer reads keys from a terminal, but stdin is not one (try: docknet ls)\n');
		return 2;
	}

	// Before anything allocates much: the heap stays small for every launcher (heap-size.ts).
	keepHeapSmall();

	// Raw mode at once, before Ink and the app load: a key typed in the first moments is
	// then kept unechoed in the terminal's input queue (Ink reads it as a key once it
	// listens) instead of being echoed by the tty onto the first frame's status line.
	stdin.setRawMode(true);

	// Start reading the engine now: the snapshot arrives while Ink and the app load, so
	// the first frame can already show the topology instead of "connecting…". A slow
	// engine (ssh, a busy daemon) gets the "connecting…" frame after a short wait.
	let firstFrameDrawn!: () => void;
	const firstFrame = new Promise<void>(resolve => (firstFrameDrawn = resolve));
	const feed = new TopologyFeed(options.engine, {detailsAfter: firstFrame});
	const firstSnapshot = feed.start();
	traceStart('feed started');
	void firstSnapshot.then(() => traceStart('first snapshot'));
	const uninstallDump = installDebugDump(feed, options.connection.endpoint, options.env);
	// Helpers and shell helpers of killed docknet sessions on this host go (a write: not in
	// read-only mode) once the first frame shows the topology: finding them lists every
	// container, which at thousands of containers would compete with the snapshot.
	if (!options.readOnly)
		void Promise.all([firstFrame, firstSnapshot])
			.then(() => import('./commands/probe-host.js'))
			.then(({reclaimOnce}) => reclaimOnce(options.engine))
			.catch(() => {});
	const {render, App} = await loadUi(options.env).catch(error => {
		stdin.setRawMode(false);
		throw error;
	});
	traceStart('ui loaded');
	await Promise.race([firstSnapshot, new Promise(resolve => setTimeout(resolve, FIRST_SNAPSHOT_WAIT_MS))]);
	let instance: Instance | null = null;
	let detachAudit = () => {};
	/** The engine on screen (the switcher may change it): probes are stopped there on exit. */
	let shownEngine = options.engine;
	let finished = false;
	/** Set when a signal or a crash ends us: resolves to the exit code once probes are stopped. */
	let dying: Promise<number> | null = null;
	const restore = () => {
		try {
			instance?.unmount();
		} catch {
			// Already torn down.
		}
		try {
			if (stdin.isTTY) stdin.setRawMode(false);
		} catch {
			// stdin may be gone with the terminal.
		}
		try {
			stdout.write(RESTORE_TERMINAL);
		} catch {
			// The terminal may be gone (SIGHUP): nothing left to restore.
		}
	};
	const die = (code: number, message?: string) => {
		if (finished) return;
		finished = true;
		restore();
		feed.stop();
		if (message) stderr.write(sanitizeOutput(message, 'text'));
		// Probes run inside the containers: stop them (bounded) even when a signal or a
		// dropped SSH link ends us, so nothing is left pinging for up to a minute.
		// Imported here, not at the top: it pulls in Ink, and chalk must load after loadUi().
		dying = import('./hooks/use-probe.js')
			.then(({shutdownProbes}) => shutdownProbes(shownEngine, 1500))
			.catch(() => {})
			.then(() => code);
		void dying.then(exitCode => process.exit(exitCode));
	};
	// A second signal while probes are being stopped leaves at once.
	const onSignal = (signal: NodeJS.Signals) => (finished ? process.exit(SIGNAL_CODES[signal] ?? 1) : die(SIGNAL_CODES[signal] ?? 1));
	const onError = (error: unknown) =>
		die(2, `docknet: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
	for (const signal of signals) process.on(signal, onSignal);
	process.on('uncaughtException', onError);
	process.on('unhandledRejection', onError);
	// A dropped terminal can also show up as a write error on stdout.
	stdout.on('error', onError);

	// An unbracketed paste reaches Ink as a bracketed one: text, never keys.
	const unmarkPasteBursts = markPasteBursts(stdin as unknown as Parameters<typeof markPasteBursts>[0]);
	try {
		// Keys typed before we set raw mode were echoed by the tty and left the cursor
		// mid-line. Ink draws its first frame from the cursor (the alternate screen keeps
		// its position), so start at column 0 of a clean line, or every line is shifted.
		stdout.write('\r\u001b[K');
		const app = (
			<App
				engine={options.engine}
				feed={feed}
				endpoint={options.connection.endpoint}
				connection={options.connection}
				switcher={options.switcher}
				onEngineChange={engine => (shownEngine = engine)}
				readOnly={options.readOnly}
				env={options.env}
				prefs={options.prefs}
			/>
		);
		instance = render(app, {
			stdout,
			stdin,
			stderr,
			// Ink turns itself non-interactive under CI=true even on a TTY; we are on a TTY here.
			interactive: Boolean(stdout.isTTY),
			alternateScreen: true,
			exitOnCtrlC: false,
			patchConsole: true,
			incrementalRendering: true,
		});
		traceStart('first frame rendered');
		// render() has drawn the first frame: now the container details may load.
		firstFrameDrawn();
		// Operations of earlier runs into L, and this run's appended to the state dir.
		detachAudit = attachAuditLog(sessionLog, auditLogPath(options.env), options.connection.endpoint);
		await instance.waitUntilExit();
		// die() unmounts Ink, which resolves waitUntilExit: wait for its probe clean-up.
		if (dying) return await dying;
		finished = true;
		return 0;
	} catch (error) {
		finished = true;
		feed.stop();
		restore();
		stderr.write(`docknet: ${sanitizeLines(error instanceof Error ? error.message : String(error))}\n`);
		return 2;
	} finally {
		uninstallDump();
		unmarkPasteBursts();
		detachAudit();
		for (const signal of signals) process.off(signal, onSignal);
		process.off('uncaughtException', onError);
		process.off('unhandledRejection', onError);
		stdout.off('error', onError);
	}
}
