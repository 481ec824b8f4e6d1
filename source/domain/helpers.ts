// docknet's own helper containers (probe/shell helpers in a container's network
// namespace, labelled docknet.helper=1 by commands/probe-host.ts). They are tools, not
// part of the user's topology: the panes and pickers leave them out.
import type {Container} from './types.js';

/** The label commands/probe-host.ts puts on every helper (HELPER_LABEL there). */
export const HELPER_LABEL_KEY = 'docknet.helper';

export const isHelperContainer = (c: Container): boolean => c.labels?.[HELPER_LABEL_KEY] === '1';
