// One keyboard for the whole app. Ink hands a burst of keys that arrive together
// (typing ahead over a slow SSH link, tmux send-keys "jjj") to useInput as ONE string;
// this router splits it into single keys and feeds them one at a time, each after the
// previous one has been rendered, to whoever owns the keyboard: the newest component
// that called useKeys (an overlay or dialog), else the panes.
//
// Pasted text is text, never keys: it arrives as one bracketed paste (usePaste; an
// unbracketed burst is turned into one by paste-bursts.ts) and goes, cleaned of control
// characters, only to an owner that edits text (the filter line, a dialog's fields, the
// probe target); anywhere else it is dropped.
import {useInput, usePaste, type Key} from 'ink';
import {createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode, type RefObject} from 'react';
import {keyName} from '../keys/keymap.js';

export type KeyEvent = {
	/** Canonical key name as in keys/keymap.ts ('j', 'enter', 'ctrl+c'…), 'paste' for pasted text, null when unknown. */
	name: string | null;
	input: string;
	key: Partial<Key>;
	/** Pasted text (already cleaned): insert it, never act on it. */
	paste?: boolean;
};
export type KeyHandler = (event: KeyEvent) => void;

type Owner = {handler: RefObject<KeyHandler>; text: boolean};
type Registry = {push: (owner: Owner) => () => void};
const KeyboardContext = createContext<Registry | null>(null);

/**
 * Take the keyboard while mounted (and `active`): overlays and dialogs call this; the
 * newest caller gets every key until it unmounts. Keys arrive one at a time. With
 * `text`, the owner also gets pasted text as one {name: 'paste'} event.
 */
export function useKeys(handler: KeyHandler, active = true, options: {text?: boolean} = {}): void {
	const registry = useContext(KeyboardContext);
	const ref = useRef(handler);
	ref.current = handler;
	const text = Boolean(options.text);
	useEffect(() => {
		if (!active || !registry) return;
		return registry.push({handler: ref, text});
	}, [active, registry, text]);
}

/**
 * Pasted text as a one-line field takes it: newlines and tabs become spaces (they never
 * submit or move focus), other control characters (ESC, C1, DEL…) are dropped, the ends
 * trimmed.
 */
export function pastedText(text: string): string {
	return text
		.replace(/\r\n|[\r\n\t]/g, ' ')
		.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
		.trim();
}

const SPECIAL: Array<keyof Key> = [
	'upArrow',
	'downArrow',
	'leftArrow',
	'rightArrow',
	'pageUp',
	'pageDown',
	'home',
	'end',
	'return',
	'escape',
	'tab',
	'backspace',
	'delete',
	'ctrl',
	'meta',
];
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
		// A control key read together with text (e.g. Ctrl-U right after a character the
		// UTF-8 decoder held back) is still that control key, not text.
		else if (/^[\u0001-\u001a]$/.test(segment)) {
			const letter = String.fromCharCode(segment.charCodeAt(0) + 96);
			events.push({name: keyName(letter, {ctrl: true}), input: letter, key: {ctrl: true}});
		} else {
			const upper = segment !== segment.toLowerCase();
			events.push({name: keyName(segment, {shift: upper}), input: segment, key: {shift: upper}});
		}
	}
	return events;
}

/** Wraps the app: routes keys to the newest useKeys owner, else to `fallback`. */
export function KeyboardRouter({fallback, children}: {fallback: KeyHandler; children: ReactNode}) {
	const owners = useRef<Owner[]>([]);
	const queue = useRef<KeyEvent[]>([]);
	const fallbackRef = useRef(fallback);
	fallbackRef.current = fallback;
	const [pump, setPump] = useState(0);
	const registry = useRef<Registry>({
		push: owner => {
			owners.current.push(owner);
			return () => {
				owners.current = owners.current.filter(o => o !== owner);
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
			// Pasted text goes only to a text field; the panes and other dialogs never see it.
			if (event.paste) {
				if (owner?.text) owner.handler.current?.(event);
			} else (owner?.handler.current ?? fallbackRef.current)(event);
		} finally {
			setPump(n => n + 1);
		}
	}, []);

	const paste = useCallback(
		(text: string) => {
			const cleaned = pastedText(text);
			if (!cleaned) return;
			queue.current.push({name: 'paste', input: cleaned, key: {}, paste: true});
			if (!busy.current) deliverOne();
		},
		[deliverOne],
	);
	usePaste(paste);

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
