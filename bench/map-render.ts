// Map and graph export cost at 600 containers / 120 networks, in process (no engine, no
// terminal): building the graph and layout once per topology, one visible frame, the
// exports. Prints figures; not a pass/fail test. `node --import tsx bench/map-render.ts`
// (the keystroke-to-frame figures in a real terminal come from tmux, see the map notes).
import {buildTopology} from '../source/domain/topology.js';
import {buildGraph, neighbourhood} from '../source/domain/graph.js';
import {layoutMap, drawHeader, drawRow, columnWindow, nameWidthFor, MAP_UNICODE, renderMapText} from '../source/format/graph-text.js';
import {renderDot} from '../source/format/graph-dot.js';
import {renderMermaid} from '../source/format/graph-mermaid.js';
const networks = Array.from({length: 120}, (_, n) => ({
	Id: `n${String(n).padStart(63, '0')}`,
	Name: `net-${n}`,
	Driver: 'bridge',
	Scope: 'local',
	IPAM: {Config: [{Subnet: `10.${n}.0.0/24`}]},
}));
const containers = Array.from({length: 600}, (_, c) => {
	const nets: Record<string, unknown> = {};
	for (const n of [c % 120, ...(c % 7 === 0 ? [(c + 1) % 120] : [])])
		nets[`net-${n}`] = {
			NetworkID: networks[n]!.Id,
			EndpointID: `e${c}-${n}`,
			IPAddress: `10.${n}.0.${2 + Math.floor(c / 120)}`,
			IPPrefixLen: 24,
			Aliases: null,
		};
	return {
		Id: `c${String(c).padStart(63, '0')}`,
		Names: [`/ctr-${c}`],
		State: c % 20 === 0 ? 'exited' : 'running',
		HostConfig: {NetworkMode: 'default'},
		NetworkSettings: {Networks: nets},
	};
});
const t = buildTopology({networks: networks as never, containers: containers as never});
const time = (label: string, fn: () => unknown, n = 20) => {
	fn();
	const t0 = performance.now();
	for (let i = 0; i < n; i++) fn();
	console.log(`${label}: ${((performance.now() - t0) / n).toFixed(2)} ms`);
};
const g = buildGraph(t);
time('buildGraph (cold, 600/120)', () => buildGraph({...t}));
time('layoutMap (cold)', () => layoutMap({...g}));
const layout = layoutMap(g);
time(
	'one frame: window + 31 rows x visible columns',
	() => {
		const nw = nameWidthFor(layout, 118);
		const columns = columnWindow(layout, 118 - nw - 1, 40, 35);
		const o = {glyphs: MAP_UNICODE, width: 118, nameWidth: nw, columns, rows: {start: 200, end: 231}};
		drawHeader(layout, o);
		for (let i = 200; i < 231; i++) drawRow(layout, layout.rows[i]!, o);
	},
	200,
);
time('neighbourhood(ctr-0) + layout', () => layoutMap(neighbourhood(g, [{kind: 'container', id: t.containers[0]!.id}])));
time('renderMapText (whole, 100 cols)', () => renderMapText(g, {width: 100, unicode: true}), 3);
time('renderDot (whole)', () => renderDot(g), 5);
time('renderMermaid (whole)', () => renderMermaid(g), 5);
