// Network create/remove events for engines that send none (Podman 4.3): the network list
// is compared every few seconds and the differences are delivered as Docker's events, so
// the explorer shows a network created or removed from outside as it would on Docker.
// One GET /networks per interval (a few ms), only on such engines.
import type {RawEvent, RawNetwork} from './port.js';

export const NETWORK_WATCH_INTERVAL_MS = 2000;

export type NetworkWatch = {
	/** Resolves once the first list is in: changes after it are reported. */
	ready: Promise<void>;
};

export function watchNetworks(
	list: () => Promise<RawNetwork[]>,
	emit: (event: RawEvent) => void,
	signal: AbortSignal,
	intervalMs = NETWORK_WATCH_INTERVAL_MS,
): NetworkWatch {
	let known = new Map<string, string>();
	const take = async () => new Map((await list()).map(n => [n.Id, n.Name]));
	const ready = take().then(first => {
		known = first;
	});
	const loop = async () => {
		await ready;
		while (!signal.aborted) {
			await new Promise<void>(resolve => {
				const timer = setTimeout(done, intervalMs);
				function done() {
					clearTimeout(timer);
					signal.removeEventListener('abort', done);
					resolve();
				}
				signal.addEventListener('abort', done, {once: true});
			});
			if (signal.aborted) return;
			let now: Map<string, string>;
			try {
				now = await take();
			} catch {
				continue; // The event stream itself reports an engine that went away.
			}
			if (signal.aborted) return;
			const time = Math.floor(Date.now() / 1000);
			for (const [id, name] of now) {
				if (!known.has(id)) emit({Type: 'network', Action: 'create', Actor: {ID: id, Attributes: {name}}, time});
			}
			for (const [id, name] of known) {
				if (!now.has(id)) emit({Type: 'network', Action: 'destroy', Actor: {ID: id, Attributes: {name}}, time});
			}
			known = now;
		}
	};
	void loop().catch(() => {});
	return {ready};
}
