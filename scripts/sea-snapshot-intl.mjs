// Imported first by the snapshot entry (scripts/sea-snapshot-entry.mjs): while the V8
// startup snapshot is built, an Intl.Collator made at module load (views, ls) is a
// stand-in that makes the real one on first use — a snapshot cannot hold ICU objects
// ("global handle not serialized"), and the locale is then the user's, not the build's.
const Real = Intl.Collator;
function LazyCollator(...args) {
	let real;
	const get = () => (real ??= new Real(...args));
	return {compare: (a, b) => get().compare(a, b), resolvedOptions: () => get().resolvedOptions()};
}
Intl.Collator = LazyCollator;

/** Puts the real Intl.Collator back once the modules are loaded. */
export function restoreIntl() {
	Intl.Collator = Real;
}
