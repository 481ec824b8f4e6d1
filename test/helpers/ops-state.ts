// Snapshots of engine state for "bad input changes nothing" tests: `docker network ls`
// and `docker network inspect` / `docker inspect` JSON of the seed's resources, this
// run's own (TEST_LABEL) and the predefined networks. Other sessions' test resources
// are left out, so their concurrent work does not disturb the comparison.
import assert from 'node:assert/strict';
import {RUN_ID, docker} from './sandbox.js';

const MINE = [`label=docknet.seed=1`, `label=docknet.test=${RUN_ID}`];

async function ids(kind: 'network' | 'container', extra: string[] = []): Promise<string[]> {
	const out = new Set<string>();
	for (const filter of MINE) {
		const args =
			kind === 'network' ? ['network', 'ls', '-q', '--no-trunc', '--filter', filter] : ['ps', '-aq', '--no-trunc', '--filter', filter];
		for (const id of (await docker(args)).stdout.split('\n').filter(Boolean)) out.add(id);
	}
	for (const id of extra) out.add(id);
	return [...out].sort();
}

export type EngineState = {networkLs: string[]; networks: unknown[]; containers: unknown[]};

/** The state of the seed, this run's resources and the predefined networks. */
export async function engineState(): Promise<EngineState> {
	const predefined = (await docker(['network', 'ls', '-q', '--no-trunc', '--filter', 'name=^(bridge|host|none)$'])).stdout
		.split('\n')
		.filter(Boolean);
	const networkIds = await ids('network', predefined);
	const containerIds = await ids('container');
	const keep = new Set(containerIds);
	const networks = networkIds.length
		? (JSON.parse((await docker(['network', 'inspect', ...networkIds])).stdout) as Array<Record<string, unknown>>)
		: [];
	for (const n of networks) {
		// Only our containers: other sessions may attach theirs to the default bridge meanwhile.
		const members = (n.Containers ?? {}) as Record<string, unknown>;
		n.Containers = Object.fromEntries(Object.entries(members).filter(([id]) => keep.has(id)));
	}
	const containers = containerIds.length
		? (JSON.parse((await docker(['inspect', ...containerIds])).stdout) as Array<Record<string, unknown>>)
		: [];
	// Exec ids come and go with every probe other sessions run in the seed containers.
	for (const c of containers) delete c.ExecIDs;
	const networkLs = (await docker(['network', 'ls', '--no-trunc', '--format', '{{.ID}} {{.Name}} {{.Driver}} {{.Scope}}'])).stdout
		.split('\n')
		.filter(line => networkIds.some(id => line.startsWith(id)));
	return {networkLs, networks, containers};
}

/** Runs `action` and asserts the engine state is identical before and after. */
export async function assertUnchanged<T>(action: () => Promise<T>, what = 'the engine state'): Promise<T> {
	const before = await engineState();
	const result = await action();
	const after = await engineState();
	assert.deepEqual(after.networkLs, before.networkLs, `${what}: docker network ls changed`);
	assert.deepEqual(after.networks, before.networks, `${what}: docker network inspect changed`);
	assert.deepEqual(after.containers, before.containers, `${what}: docker inspect changed`);
	return result;
}
