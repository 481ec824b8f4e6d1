// One keyboard for the whole app. Ink hands a burst of keys that arrive together
// (typing ahead over a slow SSH link, tmux send-keys "jjj") to useInput as ONE string;
// this router splits it into single keys and feeds them one at a time, each after the
// previous one has been rendered, to whoever owns the keyboard: the newest component
// that called useKeys (an overlay or dialog), else the panes.
import {useInput, type Key} from 'ink';
import {createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode, type RefObject} from 'react';
import {keyName} from '../keys/keymap.js';

export type KeyEvent = {
	/** Canonical key name as in keys/keymap.ts ('j', 'enter', 'ctrl+c'…), null when unknown. */
	name: string | null;
	input: string;
	key: Partial<Key>;
};
export type KeyHandler = (event: KeyEvent) => void;

type Registry = {push: (handler: RefObject<KeyHandler>) => () => void};
const KeyboardContext = createContext<Registry | null>(null);

/**
 * Take the keyboard while mounted (and `active`): overlays and dialogs call this; the
 * newest caller gets every key until it unmounts. Keys arrive one at a time.
 */
export function useKeys(handler: KeyHandler, active = true): void {
	const registry = useContext(KeyboardContext);
	const ref = useRef(handler);
	ref.current = handler;
	useEffect(() => {
		if (!active || !registry) return;
		return registry.push(ref);
	}, [active, registry]);
}

const SPECIAL: Array<keyof Key> = ['upArrow', 'downArrow', 'leftArrow', 'rightArrow', 'pageUp', 'pageDown', 'home', 'end', 'return', 'escape', 'tab', 'backspace', 'delete', 'ctrl', 'meta'];
// Made on first use: the first Intl.Segmenter of a process loads ICU data (~30 ms).
let segmenter: Intl.Segmenter | undefined;

/** A chunk of plain typed characters becomes one event per character; anything else stays whole. */
export function splitKeys(input: string, key: Partial<Key>): KeyEvent[] {
	const plain = input.length > 1 && !input.includes('\u001b') && !SPECIAL.some(flag => key[flag]);
	if (!plain) return [{name: keyName(input, key), input, key}];
	const events: KeyEvent[] = [];
	segmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	for (const {segment} of segmenter.segment(input)) {
		if (segment === '\r' || segment === '\n') events.push({name: 'enter', input: '', key: {return: true}});
		else if (segment === '\t') events.push({name: 'tab', input: '', key: {tab: true}});
		else if (segment === '\u007f' || segment === '\b') events.push({name: 'backspace', input: '', key: {backspace: true}});
		else {
			const upper = segment !== segment.toLowerCase();
			events.push({name: keyName(segment, {shift: upper}), input: segment, key: {shift: upper}});
		}
	}
	return events;
}

/** Wraps the app: routes keys to the newest useKeys owner, else to `fallback`. */
export function KeyboardRouter({fallback, children}: {fallback: KeyHandler; children: ReactNode}) {
	const owners = useRef<Array<RefObject<KeyHandler>>>([]);
	const queue = useRef<KeyEvent[]>([]);
	const fallbackRef = useRef(fallback);
	fallbackRef.current = fallback;
	const [pump, setPump] = useState(0);
	const registry = useRef<Registry>({
		push: handler => {
			owners.current.push(handler);
			return () => {
				owners.current = owners.current.filter(h => h !== handler);
			};
		},
	});

	// After a key is handled, the next one waits until React has committed that key's
	// render (the effect below), so it sees the new state and owner. Ink emits the keys
	// of one read (e.g. three arrow keys) back to back, before any render.
	const busy = useRef(false);
	const deliverOne = useCallback(() => {
		const event = queue.current.shift();
		if (!event) return;
		busy.current = true;
		// Ctrl-C always reaches the app (it quits from anywhere).
		const owner = event.name === 'ctrl+c' ? undefined : owners.current[owners.current.length - 1];
		try {
			(owner?.current ?? fallbackRef.current)(event);
		} finally {
			setPump(n => n + 1);
		}
	}, []);

	useInput((input, key) => {
		queue.current.push(...splitKeys(input, key));
		if (!busy.current) deliverOne();
	});

	useEffect(() => {
		busy.current = false;
		if (queue.current.length) deliverOne();
	}, [pump, deliverOne]);

	return <KeyboardContext.Provider value={registry.current}>{children}</KeyboardContext.Provider>;
}
