// What every benchmark case gets: options, targets, and a place to put figures.
import type {FakeEngineProcess} from './fake-process.js';
import type {RealEngine, RealSpec} from './real-topology.js';

export type Options = {
	/** Timed runs per start-up / CLI figure (median reported). */
	runs: number;
	/** Keystrokes per keystroke-latency figure. */
	keys: number;
	/** Keys to alternate for keystroke latency (tmux key names), each must change the frame. */
	keySequence: string[];
	/** Duration of the bounded event stream for the memory soak, seconds. */
	soakSeconds: number;
	/** Events per second during the soak. */
	soakRate: number;
	/** Idle-CPU window, seconds. */
	idleSeconds: number;
	fake: {containers: number; networks: number};
	real: RealSpec;
	/** Use the real engine at all. */
	useReal: boolean;
	/** Leave the real benchmark topology in place for the next run. */
	keep: boolean;
	only: Set<string> | null;
	/** Targets of the explorer case (--tui-on real|fake); null: both. */
	tuiOn: 'real' | 'fake' | null;
	smoke: boolean;
	/** Write a JSON result file (bench/results/). */
	save: boolean;
	/** Where to write the JSON results (default: bench/results/<date>.json). */
	out: string | null;
	/** Another build's bin/docknet.js, measured side by side with this one (before/after figures under the same load). */
	baseline: string | null;
	/** A lazydocker binary measured side by side in the tui case (first frame, RSS); null: not run. */
	lazydocker: string | null;
	/** tui case: only the start-up figures (first frame, RSS), no keys, idle CPU or soak. */
	startOnly: boolean;
	/** Length of the event-storm soak (cases/churn.ts), seconds; 0: skipped. */
	churnSeconds: number;
	/** Start the explorer as `node BIN` (no launcher line, so no V8 flag from it) instead of through its #! line. */
	nodeDirect: boolean;
};

/** A docknet build to measure: this checkout's, and optionally a baseline. */
export type Build = {label: string; bin: string};

export type Target = {
	/** "real" or "fake" */
	kind: 'real' | 'fake';
	label: string;
	dockerHost: string;
	containers: number;
	networks: number;
	/** Text that appears in docknet's first full frame once the topology is drawn. */
	marker: string;
	/** A container name on a peer's first screen (lazydocker opens on its containers list). */
	containerMarker: string;
};

export type Context = {
	options: Options;
	/** This checkout's build first, then the --baseline build if given. */
	builds: Build[];
	dockerCli: string;
	real: RealEngine | null;
	realTarget: Target | null;
	fake: FakeEngineProcess | null;
	fakeTarget: Target | null;
	/** Everything measured, by case then figure: written to the result file. */
	results: Record<string, Record<string, unknown>>;
	log: (line: string) => void;
	/** A base environment for docknet and docker processes: clean, no CI, no contexts. */
	env: (dockerHost: string) => Record<string, string>;
};

export const record = (ctx: Context, section: string, key: string, value: unknown): void => {
	(ctx.results[section] ??= {})[key] = value;
};
