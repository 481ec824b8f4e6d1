// The status line says which engine this is, and marks one the conformance suite has not proven.
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import {StatusBar} from '../../source/components/status-bar.js';
import {detectFlavor} from '../../source/engine/flavor.js';
import type {FeedState} from '../../source/hooks/topology-feed.js';

afterEach(() => cleanup());

// A cast: the feed branch adds fields (answering) this test does not care about.
const feed = (version: string): FeedState =>
	({
		topology: {networks: [], containers: [], endpoints: [], configured: []},
		status: 'connected',
		answering: true,
		error: null,
		pendingDetails: 0,
		info: {
			endpoint: 'unix:///run/podman/podman.sock',
			apiVersion: '1.41',
			serverVersion: version,
			flavor: detectFlavor({Version: version, ApiVersion: '1.41', Components: [{Name: 'Podman Engine', Version: version}]}),
		},
	}) as FeedState;

describe('status line flavour', () => {
	it('names a proven engine without a warning', () => {
		const r = render(<StatusBar feed={feed('5.4.2')} endpoint="unix:///run/podman/podman.sock" width={100} readOnly={false} />);
		assert.match(r.lastFrame() ?? '', /Podman 5\.4\.2/);
		assert.doesNotMatch(r.lastFrame() ?? '', /UNPROVEN/);
	});

	it('marks an unproven engine, even on a narrow screen', () => {
		const wide = render(<StatusBar feed={feed('4.9.3')} endpoint="unix:///run/podman/podman.sock" width={100} readOnly={false} />);
		assert.match(wide.lastFrame() ?? '', /UNPROVEN ENGINE.*Podman 4\.9\.3/);
		const narrow = render(<StatusBar feed={feed('4.9.3')} endpoint="unix:///run/podman/podman.sock" width={80} readOnly={false} />);
		assert.match(narrow.lastFrame() ?? '', /UNPROVEN ENGINE.*Podman 4\.9\.3/);
	});
});
