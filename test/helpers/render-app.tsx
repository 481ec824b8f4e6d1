// The explorer rendered into ink-testing-library with an in-memory engine: the one
// place component tests build <App>, so a new prop is added here, not in every file.
import {render} from 'ink-testing-library';
import {App, type AppProps} from '../../source/app.js';
import type {EnginePort} from '../../source/engine/port.js';

export type RenderAppOptions = Partial<Omit<AppProps, 'engine'>>;

/** <App> on `engine` at 100x32 in a UTF-8 locale, writable, with a 5 ms event batch; `options` override. */
export function renderApp(engine: EnginePort, options: RenderAppOptions = {}) {
	return render(
		<App
			endpoint="memory://test"
			readOnly={false}
			env={{LANG: 'C.UTF-8'}}
			size={{columns: 100, rows: 32}}
			writeRaw={() => {}}
			onQuit={() => {}}
			feedOptions={{batchMs: 5}}
			{...options}
			engine={engine}
		/>,
	);
}
