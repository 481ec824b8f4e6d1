// docknet graph [NETWORK|CONTAINER...] [--format text|dot|mermaid|json] [--width N]:
// the topology map for a ticket (text), Graphviz (dot), Markdown (mermaid) or scripts
// (json). With arguments, only those nodes and what they touch. Sorted and stable, so
// a diff of two exports shows what changed.
import {loadTopology} from '../commands/load-topology.js';
import {buildGraph, neighbourhood, resolveFoci, UnknownNodeError, type Graph} from '../domain/graph.js';
import {graphJson} from '../domain/graph-json.js';
import {renderDot} from '../format/graph-dot.js';
import {renderMermaid} from '../format/graph-mermaid.js';
import {peerLine, renderMapText} from '../format/graph-text.js';
import {sanitize} from '../format/sanitize.js';
import {EXIT, RefusedError, UsageError, type CliContext} from './context.js';
import type {OptionSpec, ParsedValues} from './options.js';

export const GRAPH_USAGE = 'docknet graph [NETWORK|CONTAINER...] [--format text|dot|mermaid|json] [--width N]';
export const GRAPH_OPTIONS: OptionSpec = {format: {type: 'string', short: 'f'}, width: {type: 'string'}};
export const GRAPH_FORMATS = ['text', 'dot', 'mermaid', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

// The same rule as components/theme.ts (not imported: it would load React on the CLI path).
const unicodeEnabled = (env: NodeJS.ProcessEnv): boolean => /utf-?8/i.test(env.LC_ALL || env.LC_CTYPE || env.LANG || '');

export function parseGraphFormat(value: string | undefined, json: boolean): GraphFormat {
	if (value === undefined) return json ? 'json' : 'text';
	if (!(GRAPH_FORMATS as readonly string[]).includes(value))
		throw new UsageError(`--format must be one of ${GRAPH_FORMATS.join(', ')} (got "${sanitize(value)}")`);
	if (json && value !== 'json') throw new UsageError(`--json and --format ${value} disagree: use one`);
	return value as GraphFormat;
}

export function parseWidth(value: string | undefined, fallback: number): number {
	if (value === undefined) return fallback;
	const width = Number(value);
	if (!/^\d+$/.test(value) || width < 40 || width > 1000)
		throw new UsageError(`--width must be a whole number of columns from 40 to 1000 (got "${sanitize(value)}")`);
	return width;
}

/** The export in one format (pure: the CLI and the explorer's write key share it). */
export function renderGraph(
	g: Graph,
	format: GraphFormat,
	options: {width: number; unicode: boolean; focus: string[]; peersOf?: string[]},
): string {
	if (format === 'dot') return renderDot(g);
	if (format === 'mermaid') return renderMermaid(g);
	if (format === 'json') return JSON.stringify(graphJson(g, options.focus), null, 2) + '\n';
	const text = renderMapText(g, options);
	const peers = (options.peersOf ?? []).map(id => peerLine(g, id)).filter(Boolean);
	return peers.length ? `${text}\n${peers.join('\n')}\n` : text;
}

export async function runGraph(ctx: CliContext, positionals: string[], values: ParsedValues): Promise<number> {
	const format = parseGraphFormat(values.format as string | undefined, ctx.options.json);
	const stdoutColumns = ctx.stdout.isTTY ? ctx.stdout.columns : undefined;
	const width = parseWidth(values.width as string | undefined, stdoutColumns && stdoutColumns >= 40 ? stdoutColumns : 100);
	const topology = await loadTopology(ctx.engine);
	let foci;
	try {
		foci = resolveFoci(topology, positionals);
	} catch (error) {
		if (error instanceof UnknownNodeError) throw new RefusedError(`no such network or container: ${sanitize(error.message)}`);
		throw error;
	}
	const whole = buildGraph(topology);
	const graph = foci.length ? neighbourhood(whole, foci) : whole;
	const peersOf = foci.filter(f => f.kind === 'container').map(f => f.id);
	ctx.stdout.write(renderGraph(graph, format, {width, unicode: unicodeEnabled(ctx.env), focus: positionals, peersOf}));
	return EXIT.ok;
}
