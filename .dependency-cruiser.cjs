// Import structure of source/ (ARCHITECTURE.md, "Layers"), checked in npm test by
// `npm run depcheck`. Type-only imports count: a type cycle or a type pulled up from
// the TUI ties the layers together as much as a value does.
const TUI = '^source/(components|hooks|state|keys)/|^source/app[.]tsx$';
const ABOVE_DOMAIN = '^source/(engine|commands|hooks|state|keys|components|cli|prefs)/|^source/(app|explorer|cli)[.]tsx$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'No import cycles in source/, type-only imports included.',
			from: {path: '^source/'},
			to: {circular: true},
		},
		{
			name: 'domain-format-pure',
			severity: 'error',
			comment: 'domain/ and format/ are pure: they import only each other (and node: built-ins).',
			from: {path: '^source/(domain|format)/'},
			// Known exception: engine/port.ts, see the next rule.
			to: {path: ABOVE_DOMAIN, pathNot: '^source/engine/port[.]ts$'},
		},
		{
			name: 'domain-reads-port-types-only',
			severity: 'error',
			comment:
				'Known exception (issue 16): domain/topology.ts and validate-create.ts read the raw Engine API ' +
				'shapes (Raw*, NetworkCreateSpec) declared in engine/port.ts. Types only, never code; moving ' +
				'the shapes below both layers is part of the layout work.',
			from: {path: '^source/(domain|format)/'},
			to: {path: '^source/engine/port[.]ts$', dependencyTypesNot: ['type-only']},
		},
		{
			name: 'engine-below-all',
			severity: 'error',
			comment: 'engine/ imports only engine/, domain/ and format/.',
			from: {path: '^source/engine/'},
			to: {path: '^source/', pathNot: '^source/(engine|domain|format)/'},
		},
		{
			name: 'engine-domain-types-only',
			severity: 'error',
			comment:
				'engine/ takes only types from domain/. Known exception: engine/flavor.ts uses the proven-versions ' +
				'table of domain/engine-flavor.ts (isProven, PROVEN), pure data and a pure function.',
			from: {path: '^source/engine/', pathNot: '^source/engine/flavor[.]ts$'},
			to: {path: '^source/domain/', dependencyTypesNot: ['type-only']},
		},
		{
			name: 'commands-not-tui',
			severity: 'error',
			comment: 'commands/ (plans, execution, probes) is shared by the CLI and the TUI: no TUI imports.',
			from: {path: '^source/commands/'},
			to: {path: TUI},
		},
		{
			name: 'below-tui',
			severity: 'error',
			comment: 'Nothing below the TUI (domain, format, engine, commands, cli, the CLI entry) imports it.',
			from: {path: '^source/(domain|format|engine|commands|cli)/|^source/cli[.]tsx$'},
			to: {path: TUI},
		},
	],
	options: {
		doNotFollow: {path: 'node_modules'},
		exclude: {path: '^dist/'},
		tsPreCompilationDeps: true,
		tsConfig: {fileName: 'tsconfig.json'},
		enhancedResolveOptions: {extensions: ['.ts', '.tsx', '.js', '.mjs', '.json']},
		cache: false,
	},
};
