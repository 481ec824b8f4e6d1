// Compose-style names share a long prefix ("shop-web-1", "shop-db-1"): fold it so
// narrow matrix headers show what differs. Pure.

/** The common prefix of the names, cut after a separator (- _ .); '' when short or it would leave a name empty. */
export function commonPrefix(names: string[]): string {
	if (names.length < 2) return '';
	let prefix = names[0]!;
	for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
	const cut = Math.max(prefix.lastIndexOf('-'), prefix.lastIndexOf('_'), prefix.lastIndexOf('.'));
	prefix = cut >= 0 ? prefix.slice(0, cut + 1) : '';
	return prefix.length >= 3 && names.every(n => n.length > prefix.length) ? prefix : '';
}
