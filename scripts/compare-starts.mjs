// Start-up wall time of several docknet launchers, interleaved (a loaded machine slows
// every launcher alike), like hyperfine: each run of each launcher and each argument
// list in turn, `--runs` rounds, median and p90 in ms. Output goes to /dev/null.
//   node scripts/compare-starts.mjs --runs 20 --args=--version --args=ls \
//     npm=bin/docknet.js binary=dist-bin/docknet-linux-x64
// A launcher ending in .js runs as `node FILE` on this Node; anything else is executed.
import {spawnSync} from 'node:child_process';
import {parseArgs} from 'node:util';

const {values, positionals} = parseArgs({
	allowPositionals: true,
	options: {runs: {type: 'string', default: '20'}, args: {type: 'string', multiple: true, default: ['--version']}},
});
const launchers = positionals.map(spec => {
	const at = spec.indexOf('=');
	if (at <= 0) throw new Error(`compare-starts: give launchers as LABEL=PATH, not ${spec}`);
	const path = spec.slice(at + 1);
	return {label: spec.slice(0, at), argv: path.endsWith('.js') ? [process.execPath, path] : [path]};
});
const cases = launchers.flatMap(l => values.args.map(args => ({...l, args: args.split(' '), times: []})));
for (let round = 0; round < Number(values.runs); round++) {
	for (const c of cases) {
		const started = process.hrtime.bigint();
		const result = spawnSync(c.argv[0], [...c.argv.slice(1), ...c.args], {stdio: ['ignore', 'ignore', 'pipe']});
		if (result.status !== 0) throw new Error(`${c.label} ${c.args.join(' ')} exited ${result.status}: ${result.stderr}`);
		c.times.push(Number(process.hrtime.bigint() - started) / 1e6);
	}
}
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
for (const c of cases) {
	const sorted = [...c.times].sort((a, b) => a - b);
	process.stdout.write(
		`${`${c.label} ${c.args.join(' ')}`.padEnd(36)} median ${pct(sorted, 0.5).toFixed(1).padStart(7)} ms   p90 ${pct(sorted, 0.9).toFixed(1).padStart(7)} ms\n`,
	);
}
