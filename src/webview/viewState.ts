/**
 * State persistence of the page: the panel's task key, the reply table's sort and filters. Kept in the webview
 * state, which survives hide and show (the page is torn down while hidden) and a window reload, where the
 * extension's serializer reads the key back to restore the panel.
 */
import type { SavedViewState } from '../shared/resultProtocol';
import { validSort } from './replyRows';
import type { VsCodeApi } from './vscodeApi';

/** The longest size filter kept, in characters. */
export const MAX_FILTER_LENGTH = 200;

/**
 * The view to start from: the key the extension wrote into the page wins over a saved one; anything saved
 * that is not of the expected shape is dropped, field by field.
 */
export function restoreViewState(saved: unknown, pageKey: string): SavedViewState {
  const s = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
  return {
    key: pageKey || (typeof s.key === 'string' ? s.key : ''),
    sort: validSort(s.sort),
    onlyTimedOut: s.onlyTimedOut === true,
    sizeFilter: typeof s.sizeFilter === 'string' ? s.sizeFilter.slice(0, MAX_FILTER_LENGTH) : '',
  };
}

/** Saves a copy of the view (only the protocol's fields, whatever else the object holds). */
export function saveViewState(api: VsCodeApi, view: SavedViewState): void {
  api.setState({ key: view.key, sort: view.sort, onlyTimedOut: view.onlyTimedOut, sizeFilter: view.sizeFilter });
}
