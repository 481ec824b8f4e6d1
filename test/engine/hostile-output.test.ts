// Every CLI command, on the real engine, with a hostile network name, container
// labels, alias and arguments (ESC, CSI, OSC, BEL, C1 U+009B, DEL, U+202E): no control
// character (but the newline), no C1 and no bidi control reaches stdout or stderr, in
// human output or --json; --json escapes them as \u and parses back to the same value.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {RUN_ID, TEST_LABEL, cleanupTestResources, docker, docknet, requireSandbox, sandboxEnv} from '../helpers/sandbox.js';

const EVIL = '\x1b[31m\x1b]0;T\x07\u009b2J\x7f\u202e';
const NET = `hn-${RUN_ID}-${EVIL}`;
const SPARE = `hs-${RUN_ID}-${EVIL}`;
const ALIAS = `al-${RUN_ID}-${EVIL}`;
const CTR = `hc-${RUN_ID}`;
const BARE = `hb-${RUN_ID}`;
const LABEL = `k\x1b[2J=v\u009b\x1b]8;;x\x07`;
const HOSTILE_ARG = `q${EVIL}`;

// Independent of the source's sanitiser on purpose: C0 but \n, DEL, C1, bidi, zero-width, separators.
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

type Run = {stdout: string; stderr: string; code: number};

function clean(args: string[], result: Run): void {
	for (const [stream, text] of [
		['stdout', result.stdout],
		['stderr', result.stderr],
	] as const) {
		const at = text.search(UNSAFE);
		assert.equal(
			at,
			-1,
			`docknet ${JSON.stringify(args)}: raw U+${at < 0 ? '' : text.codePointAt(at)!.toString(16).padStart(4, '0')} on ${stream} near ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`,
		);
	}
}

async function walk(args: string[]): Promise<Run> {
	const result = await docknet(args);
	clean(args, result);
	assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
	return result;
}

/** Each JSON document of a --json run (one, or one per line for ping). */
function documents(stdout: string): unknown[] {
	const text = stdout.trim();
	if (!text) return [];
	try {
		return [JSON.parse(text)];
	} catch {
		return text.split('\n').map(line => JSON.parse(line));
	}
}

const contains = (value: unknown, wanted: string): boolean => JSON.stringify(value).includes(JSON.stringify(wanted).slice(1, -1));

describe('hostile names never reach the terminal raw', () => {
	before(async () => {
		await requireSandbox();
		await docker(['network', 'create', '--label', TEST_LABEL, '--label', LABEL, NET]);
		await docker(['network', 'create', '--label', TEST_LABEL, '--label', `docknet.hostile=${RUN_ID}`, SPARE]);
		const image = sandboxEnv().DOCKNET_HELPER_IMAGE || 'docknet-busybox:latest';
		await docker([
			'run',
			'-d',
			'--label',
			TEST_LABEL,
			'--label',
			LABEL,
			'--name',
			CTR,
			'--network',
			NET,
			'--network-alias',
			ALIAS,
			image,
			'sleep',
			'100000',
		]);
		await docker(['run', '-d', '--label', TEST_LABEL, '--name', BARE, sandboxEnv().DOCKNET_BARE_IMAGE || 'docknet-bare:latest']);
	});
	after(cleanupTestResources);

	it('listing and inspecting', async () => {
		const ls = await walk(['ls']);
		assert.ok(ls.stdout.includes(`hn-${RUN_ID}-\\x1b[31m`), 'the hostile name is shown, escaped');
		await walk(['inspect', NET]);
		const inspect = await walk(['inspect', CTR]);
		assert.ok(inspect.stdout.includes('\\x9b') || inspect.stdout.includes('\\u009b'), 'the hostile label is shown, escaped');
		await walk(['inspect', HOSTILE_ARG]);
		await walk(['inspect', NET, '--type', HOSTILE_ARG]);
	});

	it('operations: connect, disconnect (with --dry-run), create, rm, prune', async () => {
		await walk(['connect', NET, BARE, '--alias', ALIAS, '--dry-run']);
		await walk(['connect', NET, BARE, '--alias', ALIAS, '--ip', HOSTILE_ARG]);
		await walk(['connect', HOSTILE_ARG, BARE]);
		await walk(['connect', NET, CTR]);
		assert.equal((await walk(['connect', NET, BARE, '--alias', ALIAS])).code, 0);
		const dry = await walk(['disconnect', NET, BARE, '--dry-run']);
		assert.match(dry.stdout, /it would lose: .*al-/, 'the lost alias is named, escaped');
		assert.equal((await walk(['disconnect', NET, BARE])).code, 0);
		await walk(['disconnect', NET, HOSTILE_ARG]);
		const name = `hx-${RUN_ID}-${EVIL}`;
		await walk(['create', name, '--label', LABEL, '--dry-run']);
		await walk(['create', name, '--subnet', HOSTILE_ARG]);
		assert.equal((await walk(['create', name, '--label', TEST_LABEL, '--label', LABEL])).code, 0);
		await walk(['create', name]);
		await walk(['rm', name, '--dry-run']);
		assert.equal((await walk(['rm', name])).code, 0);
		await walk(['rm', HOSTILE_ARG]);
		await walk(['rm', NET]);
		await walk(['prune', '--dry-run', '--filter', `label=docknet.hostile=${RUN_ID}`]);
		await walk(['prune', '--filter', `label=docknet.hostile=${RUN_ID}`]);
		await walk(['prune', '--dry-run', '--filter', `label=${HOSTILE_ARG}`]);
		assert.equal((await walk(['prune', '-f', '--filter', `label=docknet.hostile=${RUN_ID}`])).code, 0);
	});

	it('probes: ping, dns, port, why, matrix', async () => {
		await walk(['ping', CTR, ALIAS, '-c', '1', '-i', '0.2', '--timeout', '1']);
		await walk(['ping', CTR, HOSTILE_ARG, '-c', '1', '--timeout', '1']);
		await walk(['ping', HOSTILE_ARG, CTR, '-c', '1']);
		await walk(['dns', CTR, ALIAS]);
		await walk(['dns', CTR, HOSTILE_ARG, '--timeout', '2']);
		await walk(['port', CTR, ALIAS, '80', '--timeout', '1']);
		await walk(['port', CTR, HOSTILE_ARG, '80', '--timeout', '1']);
		await walk(['why', CTR, ALIAS, '--static']);
		await walk(['why', CTR, HOSTILE_ARG, '--static']);
		await walk(['why', BARE, CTR, '--static']);
		await walk(['matrix', NET, '--timeout', '1']);
		await walk(['matrix', HOSTILE_ARG]);
		for (const format of ['text', 'dot', 'mermaid']) await walk(['graph', NET, '--format', format]);
		await walk(['graph', HOSTILE_ARG]);
	});

	it('help and usage errors', async () => {
		await walk(['--help']);
		await walk(['ping', '--help']);
		await walk([HOSTILE_ARG]);
		await walk(['ls', `--${HOSTILE_ARG}`]);
		await walk(['ping', CTR, ALIAS, '-c', HOSTILE_ARG]);
		await walk(['inspect']);
		await walk(['ls', '-H', `tcp://${HOSTILE_ARG}:1`]);
		await walk(['ls', '--context', HOSTILE_ARG]);
	});

	it('--json: C1, DEL and bidi controls as \\u escapes, the same value after JSON.parse', async () => {
		const runs: Array<[string[], string | null]> = [
			[['ls', '--json'], NET],
			[['inspect', NET, '--json'], NET],
			[['inspect', CTR, '--json'], LABEL.split('=')[1]!],
			[['connect', NET, BARE, '--alias', ALIAS, '--dry-run', '--json'], ALIAS],
			[['disconnect', NET, CTR, '--dry-run', '--json'], ALIAS],
			[['create', `hj-${RUN_ID}-${EVIL}`, '--dry-run', '--json'], `hj-${RUN_ID}-${EVIL}`],
			[['rm', NET, '--dry-run', '--json'], NET],
			[['prune', '--dry-run', '--json', '--filter', `label=${TEST_LABEL}`], null],
			// A typed target with control characters is refused before any probe (what is
			// shown is what is probed), so the probes aim at the other container; the hostile
			// network they share is in why's document.
			[['ping', CTR, BARE, '-c', '1', '--timeout', '1', '--json'], null],
			[['dns', CTR, BARE, '--json'], null],
			[['port', CTR, BARE, '80', '--timeout', '1', '--json'], null],
			[['why', CTR, BARE, '--static', '--json'], NET],
			[['matrix', NET, '--timeout', '1', '--json'], NET],
			[['graph', NET, '--json'], NET],
		];
		for (const [args, wanted] of runs) {
			const result = await walk(args);
			const docs = documents(result.stdout);
			assert.ok(docs.length > 0, `docknet ${JSON.stringify(args)} printed a JSON document: ${result.stderr}`);
			if (wanted)
				assert.ok(
					docs.some(d => contains(d, wanted)),
					`docknet ${JSON.stringify(args)}: the hostile string, unchanged, is in the document`,
				);
		}
		assert.match((await docknet(['ls', '--json'])).stdout, /\\u009b2J\\u007f\\u202e/, 'escaped as \\u in the bytes');
		const refused = await walk(['ping', CTR, ALIAS, '-c', '1', '--json']);
		assert.equal(refused.code, 2, 'a target with control characters is refused');
		assert.match(refused.stderr, /control characters/);
	});
});
