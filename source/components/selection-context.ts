// The resolved selection (state/selection.ts) for any component under the app, so
// panels and dialogs can read "the selected network / container / endpoint".
import {createContext, useContext} from 'react';
import type {ExplorerSelection} from '../state/selection.js';

export const SelectionContext = createContext<ExplorerSelection | null>(null);
export const useSelection = (): ExplorerSelection | null => useContext(SelectionContext);
