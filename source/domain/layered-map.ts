// A persistent string-keyed map for the incremental model's indexes: a shared base plus a
// small overlay of changes. `with` returns a new map and leaves this one as it was, so a
// topology from before an event keeps answering as it did. Copying a 5000-entry Map costs
// ~3 ms; here an update copies only the overlay, and the base is rebuilt (folding the
// overlay in) once the overlay outgrows ~2·√n entries — amortised O(√n) per change.

/** What the topology index offers: look-ups only. */
export type Lookup<K, V> = {get(key: K): V | undefined; has(key: K): boolean};

const EMPTY = new Map<string, never>();

export class LayeredMap<V> implements Lookup<string, V> {
	private constructor(
		private readonly base: ReadonlyMap<string, V>,
		/** undefined: deleted. */
		private readonly overlay: ReadonlyMap<string, V | undefined>,
	) {}

	static of<V>(base: ReadonlyMap<string, V>): LayeredMap<V> {
		return new LayeredMap(base, EMPTY);
	}

	get(key: string): V | undefined {
		const overlay = this.overlay;
		if (overlay.size > 0 && overlay.has(key)) return overlay.get(key);
		return this.base.get(key);
	}

	has(key: string): boolean {
		return this.get(key) !== undefined;
	}

	/** This map with `changes` applied (a value of undefined deletes the key). */
	with(changes: ReadonlyMap<string, V | undefined>): LayeredMap<V> {
		if (changes.size === 0) return this;
		const limit = Math.max(64, 2 * Math.sqrt(this.base.size));
		if (this.overlay.size + changes.size <= limit) {
			const overlay = new Map(this.overlay);
			for (const [key, value] of changes) overlay.set(key, value);
			return new LayeredMap(this.base, overlay);
		}
		const base = new Map(this.base);
		for (const layer of [this.overlay, changes])
			for (const [key, value] of layer) {
				if (value === undefined) base.delete(key);
				else base.set(key, value);
			}
		return new LayeredMap(base, EMPTY);
	}
}
