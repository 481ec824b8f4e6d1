// React binding for TopologyFeed: starts following the engine on mount, stops on
// unmount, re-renders on feed updates. While container details stream in after the
// first frame (only aliases change then), updates are applied at most every
// DETAILS_INTERVAL_MS, so a big engine (thousands of containers) keeps the keyboard
// responsive; everything else (events, connection state, the last detail) is immediate.
import {useEffect, useRef, useState} from 'react';
import type {EnginePort} from '../engine/port.js';
import {TopologyFeed, type FeedOptions, type FeedState} from './topology-feed.js';

export type UseTopology = {state: FeedState; feed: TopologyFeed | null};

export const DETAILS_INTERVAL_MS = 400;

const INITIAL: FeedState = {topology: null, status: 'connecting', error: null, info: null, pendingDetails: 0, answering: true};

/**
 * `started`: a feed the caller already started (the explorer starts it before loading
 * Ink, so the snapshot is fetched while modules load and the first frame can already
 * show the topology). The hook then owns it and stops it on unmount.
 */
export function useTopology(engine: EnginePort, options?: FeedOptions, started?: TopologyFeed | null): UseTopology {
	const feedRef = useRef<TopologyFeed | null>(started ?? null);
	const [state, setState] = useState<FeedState>(() => started?.state ?? INITIAL);
	useEffect(() => {
		const feed = started ?? new TopologyFeed(engine, options);
		feedRef.current = feed;
		let applied: FeedState = started ? state : INITIAL;
		let queued: FeedState | null = null;
		let timer: NodeJS.Timeout | null = null;
		const apply = (next: FeedState) => {
			applied = next;
			queued = null;
			setState(next);
		};
		const unsubscribe = feed.subscribe(next => {
			const detailsOnly =
				next.pendingDetails > 0 &&
				applied.topology !== null &&
				next.status === applied.status &&
				next.info === applied.info &&
				next.answering === applied.answering;
			if (!detailsOnly) {
				if (timer) clearTimeout(timer);
				timer = null;
				apply(next);
				return;
			}
			queued = next;
			timer ??= setTimeout(() => {
				timer = null;
				if (queued) apply(queued);
			}, DETAILS_INTERVAL_MS);
		});
		if (started) {
			// Catch up with whatever the feed emitted between the first render and now.
			if (feed.state !== applied) apply(feed.state);
		} else void feed.start();
		return () => {
			if (timer) clearTimeout(timer);
			unsubscribe();
			feed.stop();
			feedRef.current = null;
		};
		// The feed lives as long as the engine; options (and a started feed) are read once.
	}, [engine]);
	return {state, feed: feedRef.current};
}
