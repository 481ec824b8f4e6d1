// A grammar check of the Mermaid subset `docknet graph --format mermaid` emits (no
// Mermaid parser is installed: see the map notes). Every line must be one of these
// statements, labels may hold only Mermaid-safe text (entity codes for the rest),
// and every link must join two declared nodes.
const ID = '[nc]_[0-9A-Za-z_]+';
const SAFE_LABEL = '(?:[\\p{L}\\p{N} .\\-_/:,]|#\\d+;|<br/>)*';
const STATEMENTS: Array<[string, RegExp]> = [
	['header', /^flowchart LR$/u],
	['network', new RegExp(`^\\s+(${ID})\\["${SAFE_LABEL}"\\]:::(net|internal|predefined)$`, 'u')],
	['container', new RegExp(`^\\s+(${ID})\\(\\["${SAFE_LABEL}"\\]\\)(:::stopped)?$`, 'u')],
	['link', new RegExp(`^\\s+(${ID}) (---|-\\.-)(\\|"${SAFE_LABEL}"\\|)? (${ID})$`, 'u')],
	['subgraph', new RegExp(`^\\s+subgraph [a-z_]+\\["${SAFE_LABEL}"\\]$`, 'u')],
	['end', /^\s+end$/u],
	['classDef', /^\s+classDef [a-z]+ [a-z-]+:[#0-9a-z ]+(,[a-z-]+:[#0-9a-z ]+)*$/u],
];

/** Returns the problems found (empty when the text is in the subset). */
export function checkMermaid(text: string): string[] {
	const problems: string[] = [];
	const declared = new Set<string>();
	const links: Array<[string, string, number]> = [];
	let depth = 0;
	const lines = text.replace(/\n$/, '').split('\n');
	lines.forEach((line, at) => {
		const hit = STATEMENTS.find(([, re]) => re.test(line));
		if (!hit) return problems.push(`line ${at + 1} is not in the grammar: ${JSON.stringify(line)}`);
		const [kind, re] = hit;
		const m = re.exec(line)!;
		if (kind === 'header' && at !== 0) problems.push(`line ${at + 1}: header not first`);
		if (kind === 'network' || kind === 'container') {
			if (declared.has(m[1]!)) problems.push(`line ${at + 1}: ${m[1]} declared twice`);
			declared.add(m[1]!);
		}
		if (kind === 'link') links.push([m[1]!, m[4]!, at + 1]);
		if (kind === 'subgraph') depth++;
		if (kind === 'end' && --depth < 0) problems.push(`line ${at + 1}: end without subgraph`);
	});
	if (lines[0] !== 'flowchart LR') problems.push('first line is not "flowchart LR"');
	if (depth !== 0) problems.push('unclosed subgraph');
	for (const [from, to, at] of links) {
		if (!declared.has(from) || !declared.has(to)) problems.push(`line ${at}: link to an undeclared node`);
	}
	return problems;
}
