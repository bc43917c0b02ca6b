/**
 * The page's controls: Refresh and Export in the toolbar, the reply table's sortable column headers, the
 * "Only timed-out replies" box and the size filter (applied 150 ms after the last key).
 */
import type { SavedViewState } from '../shared/resultProtocol';
import { byId } from './dom';
import { headerCells } from './replyTable';
import { isReplyColumn, nextSort } from './replyRows';
import { MAX_FILTER_LENGTH } from './viewState';
import type { VsCodeApi } from './vscodeApi';

const FILTER_DELAY_MS = 150;

export interface ControlParts {
  table: HTMLTableElement;
  onlyTimedOut: HTMLInputElement;
  sizeFilter: HTMLInputElement;
}

/**
 * Wires the controls. They change `view` in place and call `changed`; the filter inputs start from it.
 */
export function wireControls(api: VsCodeApi, parts: ControlParts, view: SavedViewState, changed: () => void): void {
  byId('refresh', HTMLButtonElement).addEventListener('click', () => api.postMessage({ type: 'refresh' }));
  byId('export', HTMLButtonElement).addEventListener('click', () => api.postMessage({ type: 'export' }));
  byId('refine', HTMLButtonElement).addEventListener('click', () => api.postMessage({ type: 'refine' }));
  for (const th of headerCells(parts.table)) {
    const column = th.dataset.column;
    const button = th.querySelector('button');
    if (button && isReplyColumn(column)) {
      button.addEventListener('click', () => {
        view.sort = nextSort(view.sort, column);
        changed();
      });
    }
  }
  const { onlyTimedOut, sizeFilter } = parts;
  onlyTimedOut.checked = view.onlyTimedOut;
  sizeFilter.value = view.sizeFilter;
  onlyTimedOut.addEventListener('change', () => {
    view.onlyTimedOut = onlyTimedOut.checked;
    changed();
  });
  let filterTimer: ReturnType<typeof setTimeout> | undefined;
  sizeFilter.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      view.sizeFilter = sizeFilter.value.slice(0, MAX_FILTER_LENGTH);
      changed();
    }, FILTER_DELAY_MS);
  });
}
