// The explorer's debug dump: with DOCKNET_DEBUG_DUMP=<file> set, SIGUSR2 writes the
// feed's model (the same JSON shape as `docknet ls --json`) and its counters to <file>,
// replaced atomically (written beside it, then renamed). For tests and bug reports:
// what the explorer believes, without scraping the screen. Documented in README.md.
import {renameSync, writeFileSync} from 'node:fs';
import {lsJson} from '../domain/json.js';
import type {TopologyFeed} from './topology-feed.js';

export type FeedDump = {
	dumpedAt: string;
	pid: number;
	status: string;
	answering: boolean;
	error: string | null;
	pendingDetails: number;
	stats: TopologyFeed['stats'];
	/** What the last consistency checks repaired (drift the event path missed). */
	recentRepairs: string[];
	/** null until the first snapshot. */
	topology: ReturnType<typeof lsJson> | null;
};

export function feedDump(feed: TopologyFeed, endpoint: string): FeedDump {
	const {state} = feed;
	const info = state.info;
	return {
		dumpedAt: new Date().toISOString(),
		pid: process.pid,
		status: state.status,
		answering: state.answering,
		error: state.error,
		pendingDetails: state.pendingDetails,
		stats: {...feed.stats},
		recentRepairs: [...feed.recentRepairs],
		topology: state.topology
			? lsJson(state.topology, {endpoint, apiVersion: info?.apiVersion ?? '', serverVersion: info?.serverVersion ?? ''})
			: null,
	};
}

/** Installs the SIGUSR2 handler when DOCKNET_DEBUG_DUMP names a file; returns the uninstaller. */
export function installDebugDump(feed: TopologyFeed, endpoint: string, env: NodeJS.ProcessEnv): () => void {
	const file = env.DOCKNET_DEBUG_DUMP;
	if (!file) return () => {};
	const write = () => {
		try {
			const temporary = `${file}.${process.pid}.tmp`;
			writeFileSync(temporary, JSON.stringify(feedDump(feed, endpoint)) + '\n');
			renameSync(temporary, file);
		} catch {
			// A dump that cannot be written must never disturb the explorer.
		}
	};
	process.on('SIGUSR2', write);
	return () => process.off('SIGUSR2', write);
}
