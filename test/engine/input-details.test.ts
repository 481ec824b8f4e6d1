// Input details, through the built CLI on the real engine: negative numbers get a
// one-line message, counts are whole numbers, an empty argument or -H '' is refused
// before anything runs, and an ambiguous id prefix lists its candidates.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {TEST_LABEL, cleanupTestResources, docker, docknet, requireSandbox, uniqueName} from '../helpers/sandbox.js';

type Run = {stdout: string; stderr: string; code: number};

function usage(result: Run, pattern: RegExp, code = 2): void {
	assert.equal(result.code, code, `exit ${code} expected; stderr: ${result.stderr}`);
	const lines = result.stderr.trim().split('\n');
	assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
	assert.match(lines[0]!, pattern);
}

/** A one-character id prefix shared by at least two objects, that is no object's name, or undefined. */
function ambiguousPrefix(rows: string[]): {prefix: string; names: string[]} | undefined {
	const parsed = rows.map(r => r.split(' ')).map(([id, name]) => ({id: id!, name: name!.replace(/^\//, '')}));
	const names = new Set(parsed.map(p => p.name));
	for (const prefix of '0123456789abcdef') {
		const hits = parsed.filter(p => p.id.startsWith(prefix));
		if (hits.length >= 2 && !names.has(prefix)) return {prefix, names: hits.map(h => h.name)};
	}
	return undefined;
}

/**
 * An ambiguous prefix among the engine's containers or networks. Ids are random: the
 * seed's 8 networks share no first character about one run in eight, so labelled
 * throwaway objects are added until two do (17 objects make it certain).
 */
async function ensureAmbiguous(kind: 'container' | 'network'): Promise<{prefix: string; names: string[]}> {
	const list = async () => {
		const args =
			kind === 'container'
				? ['ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.Names}}']
				: ['network', 'ls', '--no-trunc', '--format', '{{.ID}} {{.Name}}'];
		return (await docker(args)).stdout.trim().split('\n');
	};
	for (let added = 0; added <= 17; added++) {
		const found = ambiguousPrefix(await list());
		if (found) return found;
		const name = uniqueName('ambig');
		if (kind === 'container')
			await docker(['create', '--label', TEST_LABEL, '--name', name, '--network', 'none', 'docknet-busybox:latest', 'true']);
		else await docker(['network', 'create', '--label', TEST_LABEL, name]);
	}
	throw new Error(`no ambiguous one-character ${kind} id prefix after adding 17 ${kind}s`);
}

describe('input details', () => {
	before(requireSandbox);
	after(cleanupTestResources);

	it('negative -c, -i, --timeout and --max: one line each', async () => {
		usage(await docknet(['ping', 'web', 'db', '-c', '-1']), /^docknet: -c must be a whole number from 1 to 100000, not "-1"$/);
		usage(
			await docknet(['ping', 'web', 'db', '-c', '1', '-i', '-0.5']),
			/^docknet: -i must be a number greater than 0 and at most 60, not "-0\.5"$/,
		);
		usage(
			await docknet(['port', 'web', 'db', '80', '--timeout', '-3']),
			/^docknet: --timeout must be a number greater than 0 and at most 60, not "-3"$/,
		);
		usage(await docknet(['matrix', 'app-net', '--max', '-2']), /^docknet: --max must be a whole number from 1 to \d+, not "-2"$/);
	});

	it('-c 0 is refused with a message that does not allow 0; -c 1.5 is refused, not rounded', async () => {
		const zero = await docknet(['ping', 'web', 'db', '-c', '0']);
		usage(zero, /-c must be a whole number from 1 to 100000, not "0"/);
		assert.doesNotMatch(zero.stderr, /between 0/);
		usage(await docknet(['ping', 'web', 'db', '-c', '1.5']), /-c must be a whole number from 1 to 100000, not "1\.5"/);
		usage(await docknet(['matrix', 'app-net', '--max', '2.5']), /--max must be a whole number/);
	});

	it('an empty DST (or SRC) is refused before any exec', async () => {
		for (const args of [
			['dns', 'web', ''],
			['ping', 'web', '', '-c', '1'],
			['port', 'web', ' ', '80'],
			['why', '', 'db'],
		]) {
			const started = Date.now();
			const result = await docknet(args);
			usage(result, /^docknet: argument \d is empty: docknet /);
			// nslookup '' in the container took 5.5 s; refused up front it is the start-up time only.
			assert.ok(Date.now() - started < 2500, `refused at once (${Date.now() - started} ms)`);
		}
	});

	it("-H '' and --context '' are usage errors, not a silent fallback to DOCKER_HOST", async () => {
		usage(await docknet(['ls', '-H', '']), /^docknet: -H\/--host needs an engine URL .*got an empty value$/);
		usage(await docknet(['ls', '--host=']), /-H\/--host needs an engine URL/);
		usage(await docknet(['ls', '--context', '']), /^docknet: --context needs a context name, got an empty value$/);
	});

	it('an ambiguous id prefix lists the candidates', async () => {
		const containers = await ensureAmbiguous('container');
		const networks = await ensureAmbiguous('network');
		const listsSome = (stderr: string, names: string[]) =>
			assert.ok(
				names.some(n => stderr.includes(n)),
				`a candidate named in: ${stderr}`,
			);

		const inspect = await docknet(['inspect', containers.prefix, '--type', 'container']);
		usage(inspect, new RegExp(`"${containers.prefix}" is ambiguous: it starts the ids of \\d+ containers: `), 1);
		listsSome(inspect.stderr, containers.names);

		const ping = await docknet(['ping', containers.prefix, 'db', '-c', '1']);
		assert.notEqual(ping.code, 0);
		assert.match(ping.stderr, /is ambiguous: it starts the ids of \d+ containers: /);
		listsSome(ping.stderr, containers.names);

		const connect = await docknet(['connect', networks.prefix, 'web', '--dry-run']);
		usage(connect, /is ambiguous: it starts the ids of \d+ networks: .*give more of the id, or the name/, 1);
		listsSome(connect.stderr, networks.names);

		const matrix = await docknet(['matrix', networks.prefix]);
		assert.notEqual(matrix.code, 0);
		assert.match(matrix.stderr, /is ambiguous: it starts the ids of \d+ networks: /);
	});
});
