// The explorer's engine switcher: the docker contexts plus the engine in use, and a
// way to open another one. The adapter itself is still built only by cli.tsx: it hands
// its factory in here, so a switch builds the new engine exactly as start-up did.
import {activeContextName, configDirFrom, contextTarget, listContexts, parseHost, DEFAULT_SOCKET, type Connection} from './connection.js';
import type {EnginePort} from './port.js';

export type EngineChoice = {
	/** The context name, or null for an engine given by --host / DOCKER_HOST. */
	context: string | null;
	endpoint: string;
	/** What the list says next to it: the context's description, or where the engine came from. */
	note: string;
	/** The engine the screen shows now. */
	current: boolean;
	/** The engine last switched to, in this run or an earlier one (prefs/last-engine.ts). */
	lastUsed?: boolean;
};

/** Where the switcher remembers the last engine picked (kept across runs by the caller). */
export type EngineMemory = {
	read: () => {context: string | null; endpoint: string} | null;
	write: (choice: {context: string | null; endpoint: string}) => void;
};

export type OpenedEngine = {engine: EnginePort; connection: Connection};

export type EngineSwitcher = {
	/** The engine docknet started with first (when it is not a context), then every context. */
	choices: (inUse: Connection) => EngineChoice[];
	/** Builds the adapter for a choice; throws ConnectionError when the context cannot be used. */
	open: (choice: EngineChoice) => OpenedEngine;
	/** Ends an engine that is no longer shown (its ssh children, its sockets). */
	close: (engine: EnginePort) => void;
};

type Env = Record<string, string | undefined>;

/** "context NAME (…)" → NAME; null when the engine did not come from a context. */
export function contextOf(connection: Connection): string | null {
	const match = /^context (\S+)/.exec(connection.source);
	return match ? match[1]! : null;
}

/** What the status line says: the context (if any) and the endpoint. */
export function engineLabel(connection: Connection): string {
	return engineLabels(connection)[0]!;
}

/**
 * The status line's label in every length it may take, longest first: a narrow screen
 * shows a shorter one rather than none. The shortest still names the engine: the
 * context, else the remote host or the socket path.
 */
export function engineLabels(connection: Connection): string[] {
	const context = contextOf(connection);
	const {endpoint, target} = connection;
	const host = target.protocol === 'unix' ? target.socketPath : target.host;
	const forms = context
		? [`${context} · ${endpoint}`, `${context} · ${host}`, context]
		: [`${endpoint} (${connection.source})`, endpoint, host];
	return forms.filter((form, i) => forms.indexOf(form) === i);
}

/** `started`: the engine docknet started with; it stays in the list when it is not a context. */
export function createSwitcher(
	env: Env,
	makeEngine: (connection: Connection) => EnginePort,
	started: Connection,
	configDir = configDirFrom(env),
	memory?: EngineMemory,
): EngineSwitcher {
	/** Marks the remembered engine (never the one on screen: that one is marked current). */
	const markLast = (choices: EngineChoice[]): EngineChoice[] => {
		const last = memory?.read();
		if (!last) return choices;
		return choices.map(c =>
			!c.current && c.context === last.context && c.endpoint === last.endpoint
				? {...c, lastUsed: true, note: c.note ? `${c.note} · last used` : 'last used'}
				: c,
		);
	};
	const startedContext = contextOf(started);
	return {
		choices(inUse) {
			const inUseContext = contextOf(inUse);
			const contexts = listContexts(configDir, env).map(c => ({
				context: c.name,
				endpoint: c.name === 'default' ? (env.DOCKER_HOST ?? `unix://${DEFAULT_SOCKET}`) : c.endpoint,
				note:
					c.name === activeContextName(env, configDir)
						? `${c.description ? `${c.description} · ` : ''}docker's current context`
						: c.description,
				current: c.name === inUseContext,
			}));
			if (startedContext) return markLast(contexts);
			return markLast([
				{context: null, endpoint: started.endpoint, note: `from ${started.source}`, current: inUseContext === null},
				...contexts,
			]);
		},
		open(choice) {
			let connection: Connection;
			if (choice.context === null) connection = started;
			else if (choice.context === 'default') {
				const endpoint = env.DOCKER_HOST || `unix://${DEFAULT_SOCKET}`;
				connection = {endpoint, source: 'context default', target: parseHost(endpoint, env)};
			} else connection = {...contextTarget(choice.context, configDir, env), source: `context ${choice.context}`};
			const engine = makeEngine(connection);
			try {
				memory?.write({context: choice.context, endpoint: choice.endpoint});
			} catch {
				// Remembering is a convenience: a read-only state dir must not stop a switch.
			}
			return {engine, connection};
		},
		close(engine) {
			(engine as EnginePort & {close?: () => void}).close?.();
		},
	};
}
