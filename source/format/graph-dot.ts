// `docknet graph --format dot`: the graph for Graphviz. Networks are boxes, containers
// ellipses, one undirected edge per attachment (labelled with its IP), so a multi-homed
// container sits between the networks it joins. Internal networks are drawn with a
// double red border and "(internal)"; stopped containers and their configured
// attachments are dashed and grey; the predefined networks (default bridge, host,
// none) are grouped in their own cluster. Stable order: a diff of two exports shows
// what changed.
import type {Graph, GraphContainer, GraphEdge, GraphNetwork} from '../domain/graph.js';
import {graphIndex, shortIds} from '../domain/graph.js';
import {sanitize} from './sanitize.js';

/**
 * A DOT quoted string. Control characters and escape sequences first become visible
 * text (sanitize: "\x1b"); then backslashes are doubled, since Graphviz reads "\n",
 * "\N", "\G"… in labels as escapes, and double quotes are escaped. Newlines in the
 * label are the only ones we put there ourselves (joined with "\n" after escaping).
 * Graphviz also decodes HTML entities in every string ("&#35;" draws "#"), so "&" is
 * written as "&amp;".
 */
export function dotString(text: string): string {
	return `"${sanitize(text).replace(/&/g, '&amp;').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const label = (...lines: string[]): string => `"${lines.map(l => dotString(l).slice(1, -1)).join('\\n')}"`;

export const nodeId = (g: Graph, node: GraphNetwork | GraphContainer): string =>
	`${node.kind === 'network' ? 'net' : 'ctr'}_${shortIds(g).get(node.id) ?? node.id}`;

function networkLine(g: Graph, n: GraphNetwork): string {
	const lines = [n.name];
	if (n.subnets.length) lines.push(n.subnets.join(', '));
	const flags = [n.driver, n.role === 'bridge' ? 'default bridge' : '', n.internal ? '(internal)' : ''].filter(Boolean);
	lines.push(flags.join(' '));
	const attrs = [`label=${label(...lines)}`, 'shape=box', n.internal ? 'style="rounded,bold" color=red peripheries=2' : 'style=rounded'];
	return `  ${dotString(nodeId(g, n))} [${attrs.join(' ')}];`;
}

function containerLine(g: Graph, c: GraphContainer): string {
	const lines = [c.name, c.running ? c.state : `${c.state} (stopped)`];
	if (c.mode === 'container') lines.push(`network stack of ${c.sharesWith ?? '?'}`);
	const attrs = [`label=${label(...lines)}`, 'shape=ellipse'];
	if (!c.running) attrs.push('style=dashed', 'color=gray50', 'fontcolor=gray40');
	return `  ${dotString(nodeId(g, c))} [${attrs.join(' ')}];`;
}

function edgeLine(g: Graph, e: GraphEdge): string {
	const index = graphIndex(g);
	const n = index.network.get(e.networkId)!;
	const c = index.container.get(e.containerId)!;
	const text = [e.ipv4, e.ipv6, ...e.aliases.map(a => `alias ${a}`)].filter((s): s is string => Boolean(s));
	const attrs: string[] = [];
	if (text.length) attrs.push(`label=${label(...text)}`);
	if (e.state === 'configured') attrs.push('style=dashed', 'color=gray50');
	return `  ${dotString(nodeId(g, c))} -- ${dotString(nodeId(g, n))}${attrs.length ? ` [${attrs.join(' ')}]` : ''};`;
}

export function renderDot(g: Graph): string {
	const out = [
		'graph "docknet" {',
		'  graph [rankdir=LR, fontname="Helvetica", charset="UTF-8"];',
		'  node [fontname="Helvetica"];',
		'  edge [fontname="Helvetica", fontsize=10];',
	];
	const user = g.networks.filter(n => n.role === 'user');
	const predefined = g.networks.filter(n => n.role !== 'user');
	for (const n of user) out.push(networkLine(g, n));
	if (predefined.length) {
		out.push('  subgraph "cluster_predefined" {', '    label="predefined (default bridge, host, none)"; style=dotted;');
		for (const n of predefined) out.push('  ' + networkLine(g, n));
		out.push('  }');
	}
	for (const c of g.containers) out.push(containerLine(g, c));
	for (const e of g.edges) out.push(edgeLine(g, e));
	// container:X mode: a dotted arrow-less edge to the container whose stack it uses.
	const byName = new Map(g.containers.map(c => [c.name, c]));
	for (const c of g.containers) {
		const owner = c.mode === 'container' && c.sharesWith ? byName.get(c.sharesWith) : undefined;
		if (owner) out.push(`  ${dotString(nodeId(g, c))} -- ${dotString(nodeId(g, owner))} [style=dotted label="shares network stack"];`);
	}
	out.push('}');
	return out.join('\n') + '\n';
}
