// The status line always names the engine and context the screen shows, at every width
// the explorer draws (60 columns and up): the other parts give way to the label's
// shorter forms (context name, host) before it is ever dropped.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {renderToString} from 'ink';
import {StatusBar} from '../../source/components/status-bar.js';
import {engineLabels} from '../../source/engine/switcher.js';
import {detectFlavor} from '../../source/engine/flavor.js';
import type {Connection} from '../../source/engine/connection.js';
import type {FeedState} from '../../source/hooks/topology-feed.js';
import {buildTopology} from '../../source/domain/topology.js';
import {seedFixture} from '../helpers/fixtures.js';

const HOST = 'build-runner-42.eu-west.docknet.test';
const CONTEXT = 'production-eu-west-cluster';
const viaContext: Connection = {
	endpoint: `ssh://deploy@${HOST}:2222`,
	source: `context ${CONTEXT} (current context)`,
	target: {protocol: 'ssh', host: HOST, port: 2222, username: 'deploy'},
};
const viaHost: Connection = {endpoint: `ssh://deploy@${HOST}:2222`, source: '--host', target: viaContext.target};

const feed = (patch: Partial<FeedState> = {}, version = '26.1.5'): FeedState => ({
	topology: buildTopology(seedFixture()),
	status: 'connected',
	error: null,
	pendingDetails: 0,
	answering: true,
	info: {
		endpoint: viaContext.endpoint,
		apiVersion: '1.45',
		serverVersion: version,
		flavor: detectFlavor({Version: version, ApiVersion: '1.45', Components: [{Name: 'Engine', Version: version}]}),
	},
	...patch,
});

function line(connection: Connection, width: number, state = feed(), readOnly = false): string {
	const labels = engineLabels(connection);
	// A terminal exactly `width` wide: Ink cuts whatever the line draws beyond it.
	return renderToString(<StatusBar feed={state} endpoint={labels[0]!} labels={labels} width={width} readOnly={readOnly} />, {
		columns: width,
	});
}

const WIDTHS = [60, 80, 100, 120];

describe('status line engine label', () => {
	for (const width of WIDTHS) {
		it(`names the context at ${width} columns, and still says the state`, () => {
			const text = line(viaContext, width);
			assert.ok(text.includes(CONTEXT), `context missing at ${width}: ${text}`);
			assert.match(text, /connected/);
			assert.ok(text.length <= width, `fits in ${width}`);
		});

		it(`names the ssh host at ${width} columns without a context`, () => {
			const text = line(viaHost, width);
			assert.ok(text.includes(HOST), `host missing at ${width}: ${text}`);
		});

		it(`keeps the context while reconnecting with a long error at ${width} columns`, () => {
			const error = `ssh to ${HOST}: Connection timed out during banner exchange, the link is down`;
			const text = line(viaContext, width, feed({status: 'reconnecting', error}));
			assert.ok(text.includes(CONTEXT), `context missing at ${width}: ${text}`);
			assert.match(text, /reconnecting/);
		});
	}

	it('shows the whole endpoint beside the context when there is room', () => {
		const text = line(viaContext, 200);
		assert.ok(text.includes(`${CONTEXT} · ssh://deploy@${HOST}:2222`), text);
	});

	it('gives way with the counts first: at 80 columns the context stays whole, the counts go short', () => {
		const text = line(viaContext, 80);
		assert.ok(text.includes(CONTEXT));
		assert.doesNotMatch(text, /containers \(/);
	});

	it('read-only on an unproven engine at 60 columns: short badges, the context still named', () => {
		const text = line(viaContext, 60, feed({}, '99.0.0'), true);
		assert.match(text, /RO/);
		assert.match(text, /UNPROVEN/);
		assert.ok(text.includes(CONTEXT.slice(0, 18)), `context cut too far: ${text}`);
	});
});
