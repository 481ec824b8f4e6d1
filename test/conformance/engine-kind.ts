// The engine a conformance run is about: scripts/test.sh runs test/conformance/ once per
// engine kind with `eval "$(bash scripts/engines.sh env KIND)"`, which sets DOCKER_HOST,
// DOCKNET_ENGINE_KIND and DOCKNET_SANDBOX_DIR (so test/helpers/sandbox.ts talks to it).
// A run without them fails: it would otherwise test some other engine and say nothing.
import assert from 'node:assert/strict';
import {realpathSync} from 'node:fs';
import {loadTopology} from '../../source/commands/load-topology.js';
import {findContainer, findNetwork} from '../../source/domain/selectors.js';
import type {Topology} from '../../source/domain/types.js';
import {requireSandbox, sandboxEngine, sandboxEnv, waitFor} from '../helpers/sandbox.js';

export const KINDS = ['docker20', 'docker26', 'docker28', 'podman4', 'podman5'] as const;

export function engineKind(): (typeof KINDS)[number] {
	const kind = process.env.DOCKNET_ENGINE_KIND;
	assert.ok(
		kind && (KINDS as readonly string[]).includes(kind),
		`DOCKNET_ENGINE_KIND must be one of ${KINDS.join(', ')} (got ${JSON.stringify(kind)}): run eval "$(bash scripts/engines.sh env KIND)" first`,
	);
	return kind as (typeof KINDS)[number];
}

export const isPodman = (): boolean => engineKind().startsWith('podman');

/** The socket the helpers talk to must be the one DOCKER_HOST names (podman's docker.sock is a symlink). */
export async function requireEngine(): Promise<void> {
	engineKind();
	const given = process.env.DOCKER_HOST ?? '';
	const used = sandboxEnv().DOCKER_HOST ?? '';
	assert.ok(given.startsWith('unix://') && used.startsWith('unix://'), `unix sockets expected (DOCKER_HOST=${given}, helpers: ${used})`);
	assert.equal(realpathSync(used.slice(7)), realpathSync(given.slice(7)), 'the test helpers must talk to the engine DOCKER_HOST names');
	await requireSandbox();
}

export const SEED_NETWORKS = ['app-net', 'frontend', 'backend', 'vault-net', 'unused-net'];
export const SEED_RUNNING = ['web', 'db', 'proxy', 'cache', 'store', 'legacy-a', 'legacy-b', 'hostbox', 'nonebox', 'api-server'];

/** The seed topology, all there (an empty or half-seeded engine fails here, not later). */
export async function seedTopology(): Promise<Topology> {
	const engine = sandboxEngine();
	return waitFor(
		async () => {
			const t = await loadTopology(engine);
			const ok =
				SEED_NETWORKS.every(n => findNetwork(t, n)) &&
				SEED_RUNNING.every(n => findContainer(t, n)?.state === 'running') &&
				findContainer(t, 'batch') &&
				findContainer(t, 'batch')?.state !== 'running';
			return ok ? t : null;
		},
		{timeout: 30_000, interval: 250, what: `the seed topology on ${engineKind()} (bash scripts/engines.sh seed ${engineKind()})`},
	);
}
