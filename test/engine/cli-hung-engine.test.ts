// CLI reads against an engine that stops answering (its dockerd SIGSTOPped, always
// continued in a finally): one line naming the engine and what to do, exit 2 like every
// other engine failure — never a wait without end. DOCKNET_TIMEOUT bounds the wait.
//
// It stops the engine that sandboxEnv() names: on a shared machine point it at a private
// instance with DOCKNET_SANDBOX_DIR/DOCKNET_SANDBOX_NETNS (see scripts/sandbox-engine.sh).
import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import {docknet, requireSandbox, sandboxDockerdPid} from '../helpers/sandbox.js';

before(requireSandbox);

describe('CLI reads on a hung engine', () => {
	it('say in one line that the engine stopped answering and exit 2', {timeout: 120_000}, async () => {
		const pid = sandboxDockerdPid();
		process.kill(pid, 'SIGSTOP');
		try {
			for (const args of [
				['ls'],
				['ls', '--json'],
				['inspect', 'web'],
				['inspect', 'app-net', '--json'],
				['why', 'web', 'db', '--static'],
			]) {
				const r = await docknet(args, {env: {DOCKNET_TIMEOUT: '1.5'}});
				assert.equal(r.code, 2, `${args.join(' ')}: exit code (stderr ${r.stderr})`);
				assert.equal(r.stdout, '', `${args.join(' ')}: no output`);
				const lines = r.stderr.split('\n').filter(Boolean);
				assert.equal(lines.length, 1, `${args.join(' ')}: one line, got ${r.stderr}`);
				assert.match(
					lines[0]!,
					/^docknet: the engine at unix:\/\/\S+ stopped answering: no answer to GET \/\S+ in 1\.5 s .*DOCKNET_TIMEOUT/,
				);
			}
		} finally {
			process.kill(pid, 'SIGCONT');
		}
		// Answering again: the same command works.
		const r = await docknet(['inspect', 'web'], {env: {DOCKNET_TIMEOUT: '1.5'}});
		assert.equal(r.code, 0, r.stderr);
	});

	it('refuses a DOCKNET_TIMEOUT that is not a number of seconds, in one line', async () => {
		for (const value of ['0', '-1', 'soon', '1e3']) {
			const r = await docknet(['ls'], {env: {DOCKNET_TIMEOUT: value}});
			assert.equal(r.code, 2, value);
			assert.match(r.stderr, /^docknet: DOCKNET_TIMEOUT must be a number of seconds greater than 0 \(at most 86400\), not "[^"\n]*"\n$/);
		}
	});
});
