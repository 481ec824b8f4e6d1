// React binding for TopologyFeed: starts following the engine on mount, stops on
// unmount, re-renders on every feed update. The feed batches events, so a burst of
// changes is one update.
import {useEffect, useRef, useState} from 'react';
import type {EnginePort} from '../engine/port.js';
import {TopologyFeed, type FeedOptions, type FeedState} from './topology-feed.js';

export type UseTopology = {state: FeedState; feed: TopologyFeed | null};

export function useTopology(engine: EnginePort, options?: FeedOptions): UseTopology {
	const feedRef = useRef<TopologyFeed | null>(null);
	const [state, setState] = useState<FeedState>({topology: null, status: 'connecting', error: null, info: null, pendingDetails: 0});
	useEffect(() => {
		const feed = new TopologyFeed(engine, options);
		feedRef.current = feed;
		const unsubscribe = feed.subscribe(setState);
		void feed.start();
		return () => {
			unsubscribe();
			feed.stop();
			feedRef.current = null;
		};
		// The feed lives as long as the engine; options are read once.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [engine]);
	return {state, feed: feedRef.current};
}
