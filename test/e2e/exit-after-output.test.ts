// `docknet ls --json > file` at 5000 containers must end once its output is written.
// It used to hang there now and then (3 times in ~50 runs, once for 672 s): process.exit()
// joined V8's worker threads while a concurrent compile job waited for a main-thread GC
// (nodejs/node#54918); commands now let Node end on its own (source/cli.tsx `finish`).
// A correctness test, not a timed one: each run may take as long as the machine needs to
// write the document; only a process still alive well after its complete output fails.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {after, before, test} from 'node:test';
import {FakeEngineProcess} from '../../bench/lib/fake-process.js';
import {repoRoot} from '../helpers/sandbox.js';

const BUDGET_MS = 45_000;
const MIN_RUNS = 3;
const MAX_RUNS = 40;
/** How long a process may live after its output is complete before it counts as hung. */
const GRACE_MS = 15_000;

let fake: FakeEngineProcess;
let dir: string;
before(async () => {
	fake = await FakeEngineProcess.start(5000, 1000);
	dir = mkdtempSync(join(tmpdir(), 'docknet-exit-'));
});
after(async () => {
	await fake?.stop();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

/** Whether the file holds the whole document (checked only once it ends like one). */
function complete(file: string): boolean {
	const size = statSync(file).size;
	if (size < 2) return false;
	const text = readFileSync(file, 'utf8');
	if (!text.endsWith('}\n')) return false;
	try {
		return (JSON.parse(text) as {containers: unknown[]}).containers.length === 5000;
	} catch {
		return false;
	}
}

function runOnce(file: string): Promise<{code: number | null; hung: boolean}> {
	const out = openSync(file, 'w');
	// Started as a shell starts an installed docknet: through the bin's #! line.
	const child = spawn(join(repoRoot, 'bin', 'docknet.js'), ['ls', '--json'], {
		stdio: ['ignore', out, 'inherit'],
		env: {...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, DOCKER_HOST: fake.dockerHost},
	});
	closeSync(out);
	return new Promise(resolve => {
		let completeAt: number | null = null;
		let lastSize = -1;
		const timer = setInterval(() => {
			const size = statSync(file).size;
			if (completeAt === null && size === lastSize && complete(file)) completeAt = Date.now();
			lastSize = size;
			if (completeAt !== null && Date.now() - completeAt > GRACE_MS) {
				clearInterval(timer);
				child.kill('SIGKILL');
				resolve({code: null, hung: true});
			}
		}, 200);
		child.on('exit', code => {
			clearInterval(timer);
			resolve({code, hung: false});
		});
	});
}

test('ls --json > file at 5000 containers always exits after writing its output', {timeout: 600_000}, async () => {
	const started = Date.now();
	let runs = 0;
	while (runs < MAX_RUNS && (runs < MIN_RUNS || Date.now() - started < BUDGET_MS)) {
		const file = join(dir, `ls-${runs}.json`);
		const {code, hung} = await runOnce(file);
		runs++;
		assert.ok(!hung, `run ${runs}: still alive ${GRACE_MS / 1000} s after writing its complete output`);
		assert.equal(code, 0, `run ${runs}: exit code`);
		assert.ok(complete(file), `run ${runs}: the document is complete`);
		rmSync(file);
	}
	assert.ok(runs >= MIN_RUNS);
});
