// Dialog and form state that outlives its component. When the terminal shrinks below
// the minimum size the explorer draws the "too small" screen instead of the panes, so
// every open dialog unmounts; its typed fields must be there again when it comes back.
// The owner is the overlay's data object: it lives in the explorer state as long as
// the dialog is open, and a dialog opened again gets a new object (fresh fields).
import {useCallback, useState, type SetStateAction} from 'react';

const kept = new WeakMap<object, Map<string, unknown>>();

function slot(owner: object): Map<string, unknown> {
	let map = kept.get(owner);
	if (!map) {
		map = new Map();
		kept.set(owner, map);
	}
	return map;
}

/** Reads a kept value (or the initial one) without React: for tests and plain code. */
export function keptValue<T>(owner: object, key: string, initial: T): T {
	const map = slot(owner);
	return map.has(key) ? (map.get(key) as T) : initial;
}

/**
 * useState whose value is stored under (owner, key), so a remount with the same owner
 * starts from the last value. Without an owner it is plain useState.
 */
export function useKeptState<T>(
	owner: object | null | undefined,
	key: string,
	initial: T | (() => T),
): [T, (value: SetStateAction<T>) => void] {
	const [value, setValue] = useState<T>(() => {
		if (owner) {
			const map = slot(owner);
			if (map.has(key)) return map.get(key) as T;
		}
		return typeof initial === 'function' ? (initial as () => T)() : initial;
	});
	const set = useCallback(
		(next: SetStateAction<T>) => {
			setValue(previous => {
				const resolved = typeof next === 'function' ? (next as (p: T) => T)(previous) : next;
				if (owner) slot(owner).set(key, resolved);
				return resolved;
			});
		},
		[owner, key],
	);
	return [value, set];
}
