// The table of scripting subcommands. Each entry declares its own options (parsed with
// node's util.parseArgs) and a usage line; --help is generated from this table.
import type {CliContext} from './context.js';
import {runInspect} from './inspect.js';
import {runLs} from './ls.js';
import {CONNECT_USAGE, runConnect} from './connect.js';
import {DISCONNECT_USAGE, runDisconnect} from './disconnect.js';
import {CREATE_USAGE, runCreate} from './create.js';
import {RM_USAGE, runRm} from './rm.js';
import {PRUNE_USAGE, runPrune} from './prune.js';
import {PING_OPTIONS, PING_USAGE, runPing} from './ping.js';
import {DNS_OPTIONS, DNS_USAGE, runDns} from './dns.js';
import {PORT_OPTIONS, PORT_USAGE, runPort} from './port.js';
import {WHY_OPTIONS, WHY_USAGE, runWhyCommand} from './why.js';
import {MATRIX_OPTIONS, MATRIX_USAGE, runMatrixCommand} from './matrix.js';
import {GRAPH_OPTIONS, GRAPH_USAGE, runGraph} from './graph.js';

import type {OptionSpec, ParsedValues} from './options.js';

export type Subcommand = {
	usage: string;
	summary: string;
	options: OptionSpec;
	/** Changes the engine: refused in read-only mode. */
	writes?: boolean;
	run(ctx: CliContext, positionals: string[], values: ParsedValues): Promise<number>;
};

export const SUBCOMMANDS: Record<string, Subcommand> = {
	ls: {
		usage: 'docknet ls [--json]',
		summary: 'list networks with their endpoints (IPs, MACs, aliases)',
		options: {},
		run: ctx => runLs(ctx),
	},
	inspect: {
		usage: 'docknet inspect NETWORK|CONTAINER... [--type network|container] [--json]',
		summary: 'show everything docknet knows about a network or a container',
		options: {type: {type: 'string'}},
		run: (ctx, positionals, values) => runInspect(ctx, positionals, values.type as string | undefined),
	},
	graph: {
		usage: GRAPH_USAGE,
		summary: 'the topology map (who can talk to whom, through which network) as text, Graphviz DOT, Mermaid or JSON',
		options: GRAPH_OPTIONS,
		run: runGraph,
	},
	// Network operations (source/commands/*): validated before any engine call, each prints its docker CLI line.
	connect: {
		usage: CONNECT_USAGE,
		summary: 'connect a container to a network (optional aliases, static IPv4/IPv6)',
		options: {alias: {type: 'string', multiple: true}, ip: {type: 'string'}, ip6: {type: 'string'}, 'dry-run': {type: 'boolean'}},
		writes: true,
		run: runConnect,
	},
	disconnect: {
		usage: DISCONNECT_USAGE,
		summary: 'disconnect a container from a network; says what it loses and how to restore it',
		options: {force: {type: 'boolean', short: 'f'}, 'dry-run': {type: 'boolean'}, 'yes-unproven-engine': {type: 'boolean'}},
		writes: true,
		run: (ctx, positionals, values) => runDisconnect(ctx, positionals, values),
	},
	create: {
		usage: CREATE_USAGE,
		summary: 'create a network (subnet, gateway and range checked, overlaps refused)',
		options: {
			driver: {type: 'string', short: 'd'},
			subnet: {type: 'string', multiple: true},
			gateway: {type: 'string', multiple: true},
			'ip-range': {type: 'string', multiple: true},
			internal: {type: 'boolean'},
			attachable: {type: 'boolean'},
			ipv6: {type: 'boolean'},
			label: {type: 'string', multiple: true},
			'dry-run': {type: 'boolean'},
		},
		writes: true,
		run: runCreate,
	},
	rm: {
		usage: RM_USAGE,
		summary: 'remove networks; refuses predefined ones and, without --disconnect-all, ones in use',
		options: {
			'disconnect-all': {type: 'boolean'},
			'dry-run': {type: 'boolean'},
			'yes-unproven-engine': {type: 'boolean'},
			'yes-unknown-use': {type: 'boolean'},
		},
		writes: true,
		run: (ctx, positionals, values) => runRm(ctx, positionals, values),
	},
	prune: {
		usage: PRUNE_USAGE,
		summary: 'remove unused networks: previews them (and stopped containers that would break), asks, removes exactly those',
		options: {
			force: {type: 'boolean', short: 'f'},
			filter: {type: 'string', multiple: true},
			'dry-run': {type: 'boolean'},
			'yes-unproven-engine': {type: 'boolean'},
		},
		writes: true,
		run: (ctx, positionals, values) => runPrune(ctx, positionals, values),
	},
	// Probes (source/commands/probe*.ts, matrix.ts): run inside SRC via docker exec; exit 0 reachable, 1 not, 2 error.
	ping: {
		usage: PING_USAGE,
		summary: 'ping DST from inside SRC (until Ctrl-C without -c); explains a failure',
		options: PING_OPTIONS,
		run: runPing,
	},
	dns: {
		usage: DNS_USAGE,
		summary: "resolve NAME from inside SRC: the DNS answer vs /etc/hosts vs the target's real addresses",
		options: DNS_OPTIONS,
		run: runDns,
	},
	port: {usage: PORT_USAGE, summary: 'check whether something listens on DST:PORT, seen from SRC', options: PORT_OPTIONS, run: runPort},
	why: {
		usage: WHY_USAGE,
		summary: "why SRC can or cannot reach DST: the topology's reasons with fixes, confirmed by probes",
		options: WHY_OPTIONS,
		run: runWhyCommand,
	},
	matrix: {
		usage: MATRIX_USAGE,
		summary: 'ping every running pair on NETWORK (bounded); a reachability grid',
		options: MATRIX_OPTIONS,
		run: runMatrixCommand,
	},
};

/** Why `name` is refused in read-only mode, or null. A dry run only plans (reads), so it stays available. */
export function readOnlyRefusal(name: string, sub: Subcommand, readOnly: boolean, values: ParsedValues): string | null {
	return sub.writes && readOnly && !values['dry-run'] ? `read-only mode: "${name}" would change the engine, refused` : null;
}
