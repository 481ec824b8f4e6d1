// Preferences from $XDG_CONFIG_HOME/docknet/config.json (else ~/.config/docknet/config.json):
// the explorer's sort orders and grouping, the theme, key overrides and read-only by
// default. Every value is checked; a bad one is reported in one line naming the file,
// the key and what is allowed, and nothing of the file is used (README "Configuration").
import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {BINDINGS, findClashes, type Binding} from '../keys/keymap.js';
import {initialExplorerState, type ExplorerState} from '../state/explorer.js';

export type ThemeName = 'dark' | 'light' | 'no-color';

export type Prefs = {
	sort: {networks?: 'name' | 'subnet' | 'count'; containers?: 'name' | 'state' | 'count'; endpoints?: 'name' | 'ip'};
	groupByProject?: boolean;
	theme?: ThemeName;
	/** Command id (keys/keymap.ts) -> the keys that run it instead of the built-in ones. */
	keys: Record<string, string[]>;
	readOnly?: boolean;
};

export const DEFAULT_PREFS: Prefs = {sort: {}, keys: {}};

const SORTS = {networks: ['name', 'subnet', 'count'], containers: ['name', 'state', 'count'], endpoints: ['name', 'ip']} as const;
const THEMES: readonly ThemeName[] = ['dark', 'light', 'no-color'];
const TOP_KEYS = ['sort', 'groupByProject', 'theme', 'keys', 'readOnly', '$schema'];

/** Where the config file is, following the XDG base directory spec. */
export function configPath(env: NodeJS.ProcessEnv): string {
	const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
	return join(base, 'docknet', 'config.json');
}

export type LoadedPrefs = {ok: true; prefs: Prefs; path: string; found: boolean} | {ok: false; message: string; path: string};

const oneOf = (values: readonly string[]) => values.map(v => `"${v}"`).join(', ');
const shown = (value: unknown) => JSON.stringify(value)?.slice(0, 40) ?? String(value);

/** Checks a parsed config document; returns the prefs or the first problem. */
export function parsePrefs(doc: unknown, bindings: readonly Binding[] = BINDINGS): {ok: true; prefs: Prefs} | {ok: false; message: string} {
	const bad = (message: string) => ({ok: false as const, message});
	if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return bad('the file must hold one JSON object');
	const d = doc as Record<string, unknown>;
	for (const key of Object.keys(d))
		if (!TOP_KEYS.includes(key)) return bad(`unknown setting "${key}" (known: ${TOP_KEYS.filter(k => k !== '$schema').join(', ')})`);
	const prefs: Prefs = {sort: {}, keys: {}};
	if (d.sort !== undefined) {
		if (typeof d.sort !== 'object' || d.sort === null || Array.isArray(d.sort))
			return bad('"sort" must be an object like {"networks": "subnet"}');
		for (const [pane, value] of Object.entries(d.sort)) {
			const allowed = SORTS[pane as keyof typeof SORTS] as readonly string[] | undefined;
			if (!allowed) return bad(`sort.${pane}: unknown pane (known: networks, containers, endpoints)`);
			if (typeof value !== 'string' || !allowed.includes(value))
				return bad(`sort.${pane} must be one of ${oneOf(allowed)}, not ${shown(value)}`);
			(prefs.sort as Record<string, string>)[pane] = value;
		}
	}
	for (const flag of ['groupByProject', 'readOnly'] as const) {
		if (d[flag] === undefined) continue;
		if (typeof d[flag] !== 'boolean') return bad(`${flag} must be true or false, not ${shown(d[flag])}`);
		prefs[flag] = d[flag] as boolean;
	}
	if (d.theme !== undefined) {
		if (typeof d.theme !== 'string' || !THEMES.includes(d.theme as ThemeName))
			return bad(`theme must be one of ${oneOf(THEMES)}, not ${shown(d.theme)}`);
		prefs.theme = d.theme as ThemeName;
	}
	if (d.keys !== undefined) {
		if (typeof d.keys !== 'object' || d.keys === null || Array.isArray(d.keys))
			return bad('"keys" must be an object like {"search.open": ["ctrl+f"]}');
		const commands = new Set(bindings.map(b => b.command));
		for (const [command, keys] of Object.entries(d.keys)) {
			if (!commands.has(command)) return bad(`keys.${command}: no such command (the ids are in README "Configuration")`);
			const list = typeof keys === 'string' ? [keys] : keys;
			if (!Array.isArray(list) || list.length === 0 || !list.every(k => typeof k === 'string' && k.length > 0 && k.length <= 16))
				return bad(`keys.${command} must be a key or a list of keys like ["ctrl+f", ":"], not ${shown(keys)}`);
			prefs.keys[command] = list as string[];
		}
		const clashes = findClashes(applyKeyOverrides(bindings, prefs.keys));
		if (clashes.length) return bad(`keys: ${clashes[0]} (a key may do one thing per pane)`);
	}
	return {ok: true, prefs};
}

/** The bindings with the configured keys in place of the built-in ones for those commands. */
export function applyKeyOverrides(bindings: readonly Binding[], keys: Record<string, string[]>): Binding[] {
	if (!Object.keys(keys).length) return [...bindings];
	return bindings.map(b => (keys[b.command] ? {...b, keys: keys[b.command]!} : b));
}

/** Reads and checks the config file; no file means the defaults. */
export function loadPrefs(env: NodeJS.ProcessEnv): LoadedPrefs {
	const path = configPath(env);
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {ok: true, prefs: DEFAULT_PREFS, path, found: false};
		return {ok: false, path, message: `cannot read it: ${(error as Error).message}`};
	}
	let doc: unknown;
	try {
		doc = JSON.parse(text);
	} catch (error) {
		return {ok: false, path, message: `not valid JSON: ${(error as Error).message}`};
	}
	const parsed = parsePrefs(doc);
	return parsed.ok ? {ok: true, prefs: parsed.prefs, path, found: true} : {ok: false, path, message: parsed.message};
}

/** The explorer's first state with the configured sort orders and grouping. */
export function initialStateFromPrefs(prefs: Prefs | undefined): ExplorerState {
	const state = initialExplorerState();
	if (!prefs) return state;
	return {...state, sort: {...state.sort, ...prefs.sort}, groupByProject: prefs.groupByProject ?? state.groupByProject};
}
