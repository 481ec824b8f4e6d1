// Placeholder until the explorer lands: shows the ls view.
import type {Connection} from './engine/connection.js';
import type {EnginePort} from './engine/port.js';
import {loadTopology} from './commands/load-topology.js';
import {renderLs} from './cli/ls.js';

export type ExplorerOptions = {engine: EnginePort; connection: Connection; readOnly: boolean; env: NodeJS.ProcessEnv};

export async function runExplorer(options: ExplorerOptions): Promise<number> {
	process.stdout.write(renderLs(await loadTopology(options.engine)));
	return 0;
}
