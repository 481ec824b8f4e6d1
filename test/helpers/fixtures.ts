// Raw Engine API JSON captured from the sandbox engine's seed topology
// (GET /networks, GET /containers/json?all=1, GET /containers/{id}/json).
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {RawContainerInspect, RawContainerSummary, RawNetwork} from '../../source/engine/port.js';
import {repoRoot} from './sandbox.js';

const read = <T>(name: string): T => JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'seed', name), 'utf8')) as T;

export function seedFixture() {
	const networks = read<RawNetwork[]>('networks.json');
	const containers = read<RawContainerSummary[]>('containers.json');
	const inspects = read<Record<string, RawContainerInspect>>('inspects.json');
	return {networks, containers, details: new Map(Object.entries(inspects))};
}
