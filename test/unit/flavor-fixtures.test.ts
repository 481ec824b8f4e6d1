// Podman 4.3's answers recorded from a private engine seeded like the Docker sandbox
// (test/fixtures/podman43), normalised by the flavour layer: the model must be the one
// the Docker 20.10 seed gives (test/fixtures/seed) — same endpoints, aliases, stopped
// attachments — apart from what Podman does not have (host/none networks).
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {detectFlavor, type RawVersion} from '../../source/engine/flavor.js';
import {normalizeContainerInspect, normalizeContainerSummary, normalizeEvent, normalizeNetwork} from '../../source/engine/normalize-podman.js';
import type {RawContainerInspect, RawContainerSummary, RawEvent, RawNetwork} from '../../source/engine/port.js';
import {buildTopology} from '../../source/domain/topology.js';
import {configuredOnNetwork, endpointsOfNetwork, findContainer} from '../../source/domain/selectors.js';
import type {Topology} from '../../source/domain/types.js';
import {seedFixture} from '../helpers/fixtures.js';
import {repoRoot} from '../helpers/sandbox.js';

const read = <T>(name: string): T => JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'podman43', name), 'utf8')) as T;
const flavor = detectFlavor(read<RawVersion>('version.json'));
const f = flavor.features;
const podman = buildTopology({
	networks: read<RawNetwork[]>('networks.json').map(n => normalizeNetwork(n, f)),
	containers: read<RawContainerSummary[]>('containers.json').map(c => normalizeContainerSummary(c, f)),
	details: new Map(Object.entries(read<Record<string, RawContainerInspect>>('inspects.json')).map(([id, c]) => [id, normalizeContainerInspect(c, f)])),
});
const docker = buildTopology(seedFixture());

/** network name -> sorted "container alias,alias" of its live endpoints, and its stopped containers. */
function shape(t: Topology) {
	const name = (id: string) => t.containers.find(c => c.id === id)?.name ?? id;
	return Object.fromEntries(
		t.networks
			.filter(n => n.predefined !== 'host' && n.predefined !== 'none')
			.map(n => [
				n.name,
				{
					live: endpointsOfNetwork(t, n.id).map(e => `${name(e.containerId)} ${(e.aliases ?? []).join(',')}`.trim()).sort(),
					stopped: configuredOnNetwork(t, n.id).map(a => name(a.containerId)).sort(),
				},
			]),
	);
}

describe('Podman 4.3 recorded answers, normalised', () => {
	it('is detected as a proven Podman 4.3', () => {
		assert.equal(flavor.kind, 'podman');
		assert.match(flavor.version, /^4\.3\./);
		assert.equal(flavor.proven, true);
	});

	it('gives the same networks, endpoints, aliases and stopped attachments as the Docker seed', () => {
		assert.ok(podman.endpoints.length >= 10, 'not an empty topology');
		assert.deepEqual(shape(podman), shape(docker));
	});

	it('sees live endpoints although every EndpointID is ""', () => {
		assert.ok(podman.endpoints.every(e => e.endpointId === ''));
		assert.ok(podman.endpoints.every(e => e.staticUnknown === true && e.ipv4));
	});

	it('keeps the network modes Docker reports', () => {
		const mode = (t: Topology, name: string) => findContainer(t, name)!.networkMode.kind;
		for (const name of ['web', 'legacy-a', 'hostbox', 'nonebox', 'batch']) assert.equal(mode(podman, name), mode(docker, name), name);
		assert.equal(findContainer(podman, 'batch')!.state, 'exited');
	});

	it('turns the recorded connect/disconnect events into Docker shapes', () => {
		for (const event of read<RawEvent[]>('events.json')) {
			const out = normalizeEvent(event, f);
			assert.equal(out.Actor.Attributes?.container, event.Actor.ID);
		}
	});
});
