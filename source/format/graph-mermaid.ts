// `docknet graph --format mermaid`: a Mermaid flowchart for Markdown. Networks are
// rectangles, containers stadiums, attachments links labelled with the IP; configured
// (stopped) attachments are dotted links; internal networks and stopped containers get
// their own class; predefined networks sit in a "predefined" subgraph. Node ids are
// derived from the engine ids (stable across exports); every label is entity-encoded.
import type {Graph, GraphContainer, GraphEdge, GraphNetwork} from '../domain/graph.js';
import {graphIndex, shortIds} from '../domain/graph.js';
import {sanitize} from './sanitize.js';

/**
 * Label text inside ["..."]: control characters become visible text first (sanitize),
 * then everything but letters, digits, space and . - _ / : , is written as a Mermaid
 * entity code (#34; for a double quote), so quotes, brackets, pipes, #, <, >, & and
 * backticks cannot end the label or turn into markup. CJK letters stay as they are.
 */
export function mermaidText(text: string): string {
	let out = '';
	for (const char of sanitize(text)) out += /^[\p{L}\p{N} .\-_/:,]$/u.test(char) ? char : `#${char.codePointAt(0)};`;
	return out;
}

/** Ids: letters, digits and underscores only (engine ids are hex). */
export const mermaidId = (g: Graph, node: GraphNetwork | GraphContainer): string =>
	`${node.kind === 'network' ? 'n' : 'c'}_${(shortIds(g).get(node.id) ?? node.id).replace(/[^0-9A-Za-z]/g, '_')}`;

const lines = (...parts: string[]): string => parts.map(mermaidText).join('<br/>');

function networkNode(g: Graph, n: GraphNetwork): string {
	const parts = [n.name];
	if (n.subnets.length) parts.push(n.subnets.join(', '));
	parts.push([n.driver, n.role === 'bridge' ? 'default bridge' : '', n.internal ? '(internal)' : ''].filter(Boolean).join(' '));
	return `${mermaidId(g, n)}["${lines(...parts)}"]:::${n.internal ? 'internal' : n.role === 'user' ? 'net' : 'predefined'}`;
}

function containerNode(g: Graph, c: GraphContainer): string {
	const parts = [c.name, c.running ? c.state : `${c.state} (stopped)`];
	if (c.mode === 'container') parts.push(`network stack of ${c.sharesWith ?? '?'}`);
	return `${mermaidId(g, c)}(["${lines(...parts)}"])${c.running ? '' : ':::stopped'}`;
}

function edgeLine(g: Graph, e: GraphEdge): string {
	const index = graphIndex(g);
	const from = mermaidId(g, index.container.get(e.containerId)!);
	const to = mermaidId(g, index.network.get(e.networkId)!);
	const text = [e.ipv4, e.ipv6, ...e.aliases.map(a => `alias ${a}`)].filter((s): s is string => Boolean(s));
	const link = e.state === 'live' ? '---' : '-.-';
	return `${from} ${link}${text.length ? `|"${lines(...text)}"|` : ''} ${to}`;
}

export function renderMermaid(g: Graph): string {
	const out = ['flowchart LR'];
	for (const n of g.networks.filter(n => n.role === 'user')) out.push(`  ${networkNode(g, n)}`);
	const predefined = g.networks.filter(n => n.role !== 'user');
	if (predefined.length) {
		out.push('  subgraph predefined_networks["predefined: default bridge, host, none"]');
		for (const n of predefined) out.push(`    ${networkNode(g, n)}`);
		out.push('  end');
	}
	for (const c of g.containers) out.push(`  ${containerNode(g, c)}`);
	for (const e of g.edges) out.push(`  ${edgeLine(g, e)}`);
	out.push(
		'  classDef net fill:#eef6ff,stroke:#3b73b9',
		'  classDef internal fill:#fff0f0,stroke:#c00,stroke-width:3px',
		'  classDef predefined fill:#f4f4f4,stroke:#888',
		'  classDef stopped fill:#fafafa,stroke:#999,stroke-dasharray:4 3,color:#777',
	);
	return out.join('\n') + '\n';
}
