// The types the explorer's pieces share with app.tsx: what a command handler may use
// (CommandContext) and what a dialog gets (DialogProps). Their own file so components/
// and hooks/ need not import app.tsx, which imports them (no import cycle).
import type {Dispatch} from 'react';
import type {Topology} from './domain/types.js';
import type {EnginePort} from './engine/port.js';
import type {EngineChoice} from './engine/switcher.js';
import type {TopologyFeed} from './hooks/topology-feed.js';
import type {TerminalSize} from './hooks/use-terminal-size.js';
import type {Keymap} from './keys/keymap.js';
import type {CopyChoice, ExplorerAction, ExplorerState, NoticeTone} from './state/explorer.js';
import type {ExplorerSelection} from './state/selection.js';
import type {ContainerItem, EndpointItem, ListView, NetworkItem} from './state/views.js';

/** Everything a command handler may use. */
export type CommandContext = {
	ui: ExplorerState;
	dispatch: Dispatch<ExplorerAction>;
	selection: ExplorerSelection;
	views: {networks: ListView<NetworkItem>; containers: ListView<ContainerItem>; endpoints: ListView<EndpointItem>};
	topology: Topology;
	feed: TopologyFeed | null;
	engine: EnginePort;
	readOnly: boolean;
	/** Rows a page move jumps in the focused pane. */
	pageSize: number;
	/** Lines the details pane can scroll. */
	detailsMax: number;
	notify: (text: string, tone?: NoticeTone) => void;
	copy: (choice: CopyChoice) => void;
	quit: () => void;
	env: NodeJS.ProcessEnv;
	endpoint: string;
	/** Hands the terminal to a child process (an interactive shell) and redraws after. */
	suspendTerminal: (run: () => Promise<void>) => Promise<void>;
	/** The engines the switcher offers (absent: no switcher). */
	engineChoices?: () => EngineChoice[];
	/** Shows another engine; returns why it cannot be used, or null. */
	switchEngine?: (choice: EngineChoice) => string | null;
};

export type DialogProps = {
	data: unknown;
	ctx: CommandContext;
	keymap: Keymap;
	screen: TerminalSize;
	/** Closes the dialog (returns the keyboard to the panes). */
	close: () => void;
};
