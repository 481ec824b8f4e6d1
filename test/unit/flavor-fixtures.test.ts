// Answers recorded from the private engines seeded like the Docker 20.10 sandbox
// (test/fixtures/<kind>, scripts/record-fixtures.sh), normalised by the flavour layer:
// the model must be the one the 20.10 seed gives (test/fixtures/seed) — same endpoints,
// aliases, stopped attachments — apart from what Podman does not have (host/none networks).
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {detectFlavor, type RawVersion} from '../../source/engine/flavor.js';
import {
	normalizeContainerInspect,
	normalizeContainerSummary,
	normalizeEvent,
	normalizeNetwork,
} from '../../source/engine/normalize-podman.js';
import type {RawContainerInspect, RawContainerSummary, RawEvent, RawNetwork} from '../../source/engine/port.js';
import {buildTopology} from '../../source/domain/topology.js';
import {configuredOnNetwork, endpointsOfNetwork, findContainer} from '../../source/domain/selectors.js';
import type {Topology} from '../../source/domain/types.js';
import {seedFixture} from '../helpers/fixtures.js';
import {repoRoot} from '../helpers/sandbox.js';

const read = <T>(kind: string, name: string): T => JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', kind, name), 'utf8')) as T;

function recorded(kind: string) {
	const flavor = detectFlavor(read<RawVersion>(kind, 'version.json'));
	const f = flavor.features;
	const podman = flavor.kind === 'podman';
	const topology = buildTopology({
		networks: read<RawNetwork[]>(kind, 'networks.json').map(n => (podman ? normalizeNetwork(n, f) : n)),
		containers: read<RawContainerSummary[]>(kind, 'containers.json').map(c => (podman ? normalizeContainerSummary(c, f) : c)),
		details: new Map(
			Object.entries(read<Record<string, RawContainerInspect>>(kind, 'inspects.json')).map(([id, c]) => [
				id,
				podman ? normalizeContainerInspect(c, f) : c,
			]),
		),
	});
	return {flavor, topology, events: read<RawEvent[]>(kind, 'events.json').map(e => (podman ? normalizeEvent(e, f) : e))};
}
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
					live: endpointsOfNetwork(t, n.id)
						.map(e => `${name(e.containerId)} ${(e.aliases ?? []).join(',')}`.trim())
						.sort(),
					stopped: configuredOnNetwork(t, n.id)
						.map(a => name(a.containerId))
						.sort(),
				},
			]),
	);
}

const ENGINES = [
	{kind: 'podman4', flavor: 'podman', version: /^4\.3\./},
	{kind: 'podman5', flavor: 'podman', version: /^5\./},
	{kind: 'docker26', flavor: 'docker', version: /^26\.1\./},
	{kind: 'docker28', flavor: 'docker', version: /^28\.5\./},
];

for (const engine of ENGINES) {
	describe(`${engine.kind}: recorded answers through the flavour layer`, () => {
		const {flavor, topology, events} = recorded(engine.kind);

		it('is detected as the proven engine it is', () => {
			assert.equal(flavor.kind, engine.flavor);
			assert.match(flavor.version, engine.version);
			assert.equal(flavor.proven, true);
		});

		it('gives the same networks, endpoints, aliases and stopped attachments as the Docker 20.10 seed', () => {
			assert.ok(topology.endpoints.length >= 10, 'not an empty topology');
			assert.deepEqual(shape(topology), shape(docker));
		});

		it('keeps the network modes and states Docker reports', () => {
			const mode = (t: Topology, name: string) => findContainer(t, name)!.networkMode.kind;
			for (const name of ['web', 'legacy-a', 'hostbox', 'nonebox', 'batch']) assert.equal(mode(topology, name), mode(docker, name), name);
			assert.equal(findContainer(topology, 'batch')!.state, 'exited');
		});

		it('has events in Docker shapes: connect/disconnect name the container, removals are destroy', () => {
			const connects = events.filter(e => e.Type === 'network' && (e.Action === 'connect' || e.Action === 'disconnect'));
			assert.ok(connects.length >= 2);
			for (const e of connects) assert.match(e.Actor.Attributes?.container ?? '', /^[0-9a-f]{64}$/);
			assert.ok(!events.some(e => e.Action === 'remove'));
			assert.ok(events.some(e => e.Type === 'container' && e.Action === 'destroy'));
			for (const e of events.filter(x => x.Type === 'network' && (x.Action === 'create' || x.Action === 'destroy'))) {
				assert.ok(e.Actor.Attributes?.name, `${e.Action} names its network`);
				assert.match(e.Actor.ID, /^[0-9a-f]{64}$/);
			}
		});

		if (engine.flavor === 'podman') {
			it('sees live endpoints although every EndpointID is "", and says static addresses are unknown', () => {
				assert.ok(topology.endpoints.every(e => e.endpointId === '' && e.staticUnknown === true && e.ipv4));
			});
		}
	});
}
