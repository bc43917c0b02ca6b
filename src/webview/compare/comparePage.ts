/**
 * The compare page: the sentence on what changed between the oldest and the newest sweep first, then the sweeps
 * side by side and the answer rate of every size, painted from the state the extension posts. A gateway's name
 * heading a column opens that sweep's own result. When there is nothing to compare, a banner says why.
 */
import type {
  CompareErrorView,
  ComparePageState,
  CompareSavedState,
  CompareView,
  CompareWebviewMessage,
} from '../../shared/compareProtocol';
import { make } from '../dom';
import { buildPageFrame, showPageBanner, showTitle, type PageFrame } from '../pageFrame';
import type { VsCodeApi } from '../vscodeApi';
import { restoreCompareView } from './compareCells';
import { renderSizes, renderSweeps } from './compareTables';

export type CompareApi = VsCodeApi<CompareWebviewMessage, CompareSavedState>;

function section(frame: PageFrame, heading: string, table: HTMLTableElement): HTMLElement {
  const el = make('section', 'section');
  el.hidden = true;
  el.append(make('h2', '', heading), make('div', 'scroll-x'));
  el.lastElementChild!.appendChild(table);
  table.appendChild(document.createElement('tbody'));
  frame.main.appendChild(el);
  return el;
}

export class ComparePage {
  private readonly frame = buildPageFrame('Comparison actions');
  private readonly sweeps = make('table', 'grid compare-sweeps');
  private readonly sizes = make('table', 'grid compare-sizes');
  private readonly sweepsSection: HTMLElement;
  private readonly sizesSection: HTMLElement;

  constructor(private readonly api: CompareApi) {
    api.setState(restoreCompareView(api.getState()));
    this.frame.toolbar.hidden = true;
    this.frame.status.classList.add('change');
    this.sweepsSection = section(this.frame, 'Sweeps, oldest first', this.sweeps);
    this.sizesSection = section(this.frame, 'Answer rate per size', this.sizes);
    this.frame.main.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button[data-key]') : null;
      if (button instanceof HTMLButtonElement && button.dataset.key)
        api.postMessage({ type: 'openTask', key: button.dataset.key });
    });
  }

  render(state: ComparePageState): void {
    if (state.kind === 'error') this.renderError(state);
    else this.renderComparison(state);
  }

  private renderComparison(state: CompareView): void {
    const { columns, rows, change } = state.comparison;
    this.api.setState(restoreCompareView({ keys: columns.map((c) => c.key) }));
    showTitle(this.frame, state.title);
    const destinations = [...new Set(columns.map((c) => c.destination).filter(Boolean))];
    this.frame.subtitle.textContent = `${columns.length} sweeps${destinations.length ? ` to ${destinations.join(', ')}` : ''} · ${rows.length} packet sizes`;
    this.frame.status.textContent = change;
    showPageBanner(this.frame);
    renderSweeps(this.sweeps, columns);
    renderSizes(this.sizes, state.comparison);
    this.sweepsSection.hidden = false;
    this.sizesSection.hidden = rows.length === 0;
  }

  private renderError(state: CompareErrorView): void {
    this.api.setState(restoreCompareView({ keys: state.keys }));
    showTitle(this.frame, state.title);
    this.frame.subtitle.textContent = '';
    this.frame.status.textContent = '';
    showPageBanner(this.frame, { tone: 'info', title: 'Nothing to compare', text: state.message });
    this.sweepsSection.hidden = true;
    this.sizesSection.hidden = true;
  }
}
