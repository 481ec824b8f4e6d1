// A source without NET_RAW (stock Podman): busybox ping cannot send at all. `why` must
// not take that for "0 received": the probe has no verdict and nothing is confirmed.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {loadTopology} from '../../source/commands/load-topology.js';
import {runWhy} from '../../source/commands/probe-why.js';
import {Prober} from '../../source/commands/probe.js';
import {findContainer} from '../../source/domain/selectors.js';
import {seedMemoryEngine} from '../helpers/memory-engine.js';

function noNetRawEngine() {
	const engine = seedMemoryEngine();
	engine.execHandler = async (container, spec) => {
		const [cmd] = spec.argv;
		if (engine.answerKillExec(container.id, spec.argv)) return {exitCode: 0};
		if (cmd === 'sh') {
			spec.onStdout?.('ping\nnslookup\nnc\ncat\n');
			return {exitCode: 0};
		}
		if (cmd === 'cat') return {exitCode: 0};
		if (cmd === 'nslookup') {
			spec.onStdout?.(`Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nName:\t${spec.argv[1]}\nAddress: 10.10.0.9\n`);
			return {exitCode: 0};
		}
		if (cmd === 'ping') {
			// As busybox prints it in a container without NET_RAW (Podman's default capabilities).
			spec.onStdout?.(`PING ${spec.argv.at(-1)} (10.10.0.9): 56 data bytes\n`);
			spec.onStderr?.('ping: permission denied (are you root?)\n');
			return {exitCode: 1};
		}
		return {exitCode: 127};
	};
	return engine;
}

describe('why when ping cannot run', () => {
	it('gives the ping probes no verdict and confirms no blocking reason', async () => {
		const engine = noNetRawEngine();
		const t = await loadTopology(engine);
		// db in another network than web: a static blocking reason a failed ping would "confirm".
		const result = await runWhy(new Prober(engine), t, findContainer(t, 'web')!, 'cache');
		const pings = result.probes.filter(p => p.what.startsWith('ping'));
		assert.ok(pings.length > 0);
		for (const p of pings) {
			assert.equal(p.ok, null, p.outcome);
			assert.match(p.outcome, /cannot run here \(ping: permission denied \(are you root\?\)\)/);
		}
		assert.ok(!result.diagnosis.reasons.some(r => r.status === 'confirmed' && r.severity === 'blocks'));
		assert.ok(result.diagnosis.reasons.some(r => r.code === 'ping-unavailable'));
	});
});
