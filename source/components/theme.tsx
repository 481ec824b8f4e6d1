// Colours and glyphs in one place. NO_COLOR (or FORCE_COLOR=0, TERM=dumb) removes every
// colour — focus and selection then show through inverse/bold, which are not colours.
// A locale that is not UTF-8 gets plain ASCII borders and markers.
import {createContext, useContext} from 'react';

export type Tone = 'accent' | 'muted' | 'ok' | 'warn' | 'bad' | 'info' | 'mark' | 'title';

export type Glyphs = {
	border: {
		topLeft: string;
		top: string;
		topRight: string;
		left: string;
		right: string;
		bottomLeft: string;
		bottom: string;
		bottomRight: string;
	};
	borderStyle: 'single' | 'classic';
	pointer: string;
	dot: string;
	ellipsis: string;
	sep: string;
	arrow: string;
	up: string;
	down: string;
	pending: string;
};

export type Theme = {
	color: boolean;
	unicode: boolean;
	/** Ink color for a tone, or undefined when colours are off. */
	c: (tone: Tone) => string | undefined;
	g: Glyphs;
};

const COLORS: Record<Tone, string> = {
	accent: 'cyan',
	muted: 'gray',
	ok: 'green',
	warn: 'yellow',
	bad: 'red',
	info: 'blue',
	mark: 'magenta',
	title: 'white',
};

/** For a light background: no yellow or white text (unreadable there), darker accents. */
const LIGHT_COLORS: Record<Tone, string> = {
	accent: 'blue',
	muted: 'gray',
	ok: 'green',
	warn: 'magenta',
	bad: 'red',
	info: 'blue',
	mark: 'magenta',
	title: 'black',
};

const UNICODE: Glyphs = {
	border: {topLeft: '┌', top: '─', topRight: '┐', left: '│', right: '│', bottomLeft: '└', bottom: '─', bottomRight: '┘'},
	borderStyle: 'single',
	pointer: '▸',
	dot: '●',
	ellipsis: '…',
	sep: '│',
	arrow: '→',
	up: '▲',
	down: '▼',
	pending: '…',
};

const ASCII: Glyphs = {
	border: {topLeft: '+', top: '-', topRight: '+', left: '|', right: '|', bottomLeft: '+', bottom: '-', bottomRight: '+'},
	borderStyle: 'classic',
	pointer: '>',
	dot: '*',
	ellipsis: '~',
	sep: '|',
	arrow: '->',
	up: '^',
	down: 'v',
	pending: '...',
};

export function colorEnabled(env: NodeJS.ProcessEnv): boolean {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
	if (env.FORCE_COLOR === '0') return false;
	if (env.TERM === 'dumb') return false;
	return true;
}

/** UTF-8 when the effective locale says so (LC_ALL > LC_CTYPE > LANG), as the C library decides. */
export function unicodeEnabled(env: NodeJS.ProcessEnv): boolean {
	const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
	return /utf-?8/i.test(locale);
}

export function makeTheme(options: {color: boolean; unicode: boolean; light?: boolean}): Theme {
	const palette = options.light ? LIGHT_COLORS : COLORS;
	return {
		color: options.color,
		unicode: options.unicode,
		c: tone => (options.color ? palette[tone] : undefined),
		g: options.unicode ? UNICODE : ASCII,
	};
}

/** The theme for this terminal; `name` from the config (NO_COLOR always wins: no colour at all). */
export const themeFromEnv = (env: NodeJS.ProcessEnv, name?: 'dark' | 'light' | 'no-color'): Theme =>
	makeTheme({color: colorEnabled(env) && name !== 'no-color', unicode: unicodeEnabled(env), light: name === 'light'});

export const ThemeContext = createContext<Theme>(makeTheme({color: true, unicode: true}));
export const useTheme = (): Theme => useContext(ThemeContext);
