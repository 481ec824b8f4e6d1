// The table of scripting subcommands. Each entry declares its own options (parsed with
// node's util.parseArgs) and a usage line; --help is generated from this table.
import type {ParseArgsConfig} from 'node:util';
import type {CliContext} from './context.js';
import {runInspect} from './inspect.js';
import {runLs} from './ls.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type ParsedValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

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
};
