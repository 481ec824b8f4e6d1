// Conformance: probes and `why` verdicts for the seed pairs on this engine, through the
// built CLI: names and aliases on a user-defined network, the default network without
// DNS (by IP it works), the internal network, a listening port.
import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import {docker, docknet} from '../helpers/sandbox.js';
import {isPodman, requireEngine, seedTopology} from './engine-kind.js';

type Why = {
	verdict: string;
	staticVerdict: string;
	reachable: boolean;
	probed: boolean;
	reasons: Array<{code: string; status?: string; severity?: string}>;
	expectedAddresses: Array<{network: string; address: string}>;
};

async function why(src: string, dst: string, extra: string[] = []): Promise<Why> {
	const r = await docknet(['why', src, dst, '--json', ...extra]);
	assert.ok(r.stdout.trim().startsWith('{'), `why ${src} ${dst}: JSON expected; exit ${r.code}, stderr: ${r.stderr}`);
	return JSON.parse(r.stdout) as Why;
}

/**
 * Reachable as far as the probes can tell: yes — or, on Podman, whose stock containers
 * lack NET_RAW so ping cannot run, unknown with that said (the topology says yes).
 */
function assertReachable(w: Why, label: string): void {
	if (isPodman() && w.verdict === 'unknown') {
		assert.ok(
			w.reasons.some(r => r.code === 'ping-unavailable'),
			`${label}: unknown only because ping could not run: ${JSON.stringify(w.reasons)}`,
		);
		assert.equal(w.staticVerdict, 'yes', `${label}: the topology says yes`);
		return;
	}
	assert.equal(w.verdict, 'yes', `${label}: ${JSON.stringify(w.reasons)}`);
}

/** An address the engine itself gives the container (first network). */
async function addressOf(container: string): Promise<string> {
	const out = await docker(['inspect', '--format', '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', container]);
	const ip = out.stdout.trim().split(/\s+/)[0];
	assert.ok(ip, `${container} has an address`);
	return ip;
}

describe(`conformance ${process.env.DOCKNET_ENGINE_KIND}: probes and why verdicts`, () => {
	before(async () => {
		await requireEngine();
		await seedTopology();
	});

	it("web -> db by name and by its alias mysql: reachable, DNS answers db's address", async () => {
		const dbIp = await addressOf('db');
		for (const target of ['db', 'mysql']) {
			const w = await why('web', target);
			assertReachable(w, `web -> ${target}`);
			assert.equal(w.probed, true);
			assert.ok(
				w.reasons.some(r => r.code === 'dns-resolved'),
				`web -> ${target}: dns-resolved`,
			);
			assert.ok(
				w.expectedAddresses.some(a => a.address === dbIp),
				`expected addresses hold ${dbIp}: ${JSON.stringify(w.expectedAddresses)}`,
			);
		}
	});

	it('legacy-a -> legacy-b on the default network: by name no (no DNS there), by IP yes', async () => {
		const byName = await why('legacy-a', 'legacy-b');
		assert.equal(byName.verdict, 'no', JSON.stringify(byName.reasons));
		const reason = byName.reasons.find(r => r.code === 'default-bridge-no-dns');
		assert.ok(reason, `default-bridge-no-dns: ${JSON.stringify(byName.reasons)}`);
		assert.equal(reason.status, 'confirmed');
		const byIp = await why('legacy-a', await addressOf('legacy-b'));
		assertReachable(byIp, 'legacy-a -> legacy-b by IP');
	});

	it('the internal network: api-server reaches store by its alias ledger; store cannot reach web', async () => {
		const ledger = await why('api-server', 'ledger');
		assertReachable(ledger, 'api-server -> ledger');
		assert.ok(
			ledger.reasons.some(r => r.code === 'internal-network'),
			'says vault-net is internal',
		);
		const out = await why('store', 'web');
		assert.equal(out.verdict, 'no', JSON.stringify(out.reasons));
		assert.ok(
			out.reasons.some(r => r.code === 'no-shared-network' || r.code === 'internal-network'),
			JSON.stringify(out.reasons),
		);
	});

	it('a listening port and a closed one: db 3306 open, db 3307 not', async () => {
		const open = await docknet(['port', 'web', 'db', '3306', '--json']);
		assert.equal(JSON.parse(open.stdout).open, true, open.stdout + open.stderr);
		// Without ping (Podman), why decides by the port: a yes that was probed.
		const byPort = await why('web', 'db', ['--port', '3306']);
		assert.equal(byPort.verdict, 'yes', JSON.stringify(byPort.reasons));
		const closed = await docknet(['port', 'web', 'db', '3307', '--json']);
		assert.equal(JSON.parse(closed.stdout).open, false, closed.stdout);
	});
});
