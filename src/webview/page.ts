/**
 * The result page: its header (title, state badge, gateway and task, status line, toolbar) and the parts below
 * it, painted from each state the extension posts. A task that is no longer tracked shows a banner instead.
 */
import type { MissingView, ResultState, SavedViewState, TaskView } from '../shared/resultProtocol';
import { renderBanner, renderProgress, showBanner } from './banner';
import { wireControls } from './controls';
import { byId, element } from './dom';
import { describeState } from './format';
import { ReplyTable } from './replyTable';
import { rowsFromColumns } from './replyRows';
import { renderSizes } from './sizesTable';
import { Summary } from './summary';
import { restoreViewState, saveViewState } from './viewState';
import type { VsCodeApi } from './vscodeApi';

export class ResultPage {
  private readonly view: SavedViewState;
  private readonly replies: ReplyTable;
  private readonly summary = new Summary(element('summary'));
  private readonly sizes = byId('sizes', HTMLTableElement);

  constructor(private readonly api: VsCodeApi) {
    this.view = restoreViewState(api.getState(), document.body.dataset.taskKey ?? '');
    saveViewState(api, this.view);
    const table = byId('replies', HTMLTableElement);
    const sizeFilter = byId('size-filter', HTMLInputElement);
    this.replies = new ReplyTable({
      table,
      filterInput: sizeFilter,
      hint: element('filter-hint'),
      empty: element('replies-empty'),
      onRendered: (rows, paintMs) => api.postMessage({ type: 'rendered', rows, paintMs }),
    });
    const onlyTimedOut = byId('only-timed-out', HTMLInputElement);
    wireControls(api, { table, onlyTimedOut, sizeFilter }, this.view, () => this.applyView());
    this.applyView();
  }

  render(state: ResultState): void {
    if (state.key && state.key !== this.view.key) {
      this.view.key = state.key;
      saveViewState(this.api, this.view);
    }
    document.title = state.title || 'Ping Sweep';
    element('title').textContent = document.title;
    if (state.kind === 'missing') {
      this.renderMissing(state);
    } else {
      this.renderTask(state);
    }
  }

  /** Keeps sort and filter in the webview state and repaints the reply table with them. */
  private applyView(): void {
    saveViewState(this.api, this.view);
    const { sort, onlyTimedOut, sizeFilter } = this.view;
    this.replies.setView({ sort, onlyTimedOut, sizeFilter });
  }

  private renderTask(state: TaskView): void {
    const words = describeState(state);
    const badge = element('state-badge');
    badge.textContent = words.badge;
    badge.className = `badge ${words.tone}`;
    badge.hidden = false;
    element('subtitle').textContent = `Gateway ${state.serial} · Task ${state.taskId}`;
    element('status').textContent = words.status;
    renderProgress(state);
    renderBanner(state);
    element('summary-section').hidden = false;
    this.summary.render(state.summary);
    const result = state.result;
    // A failed sweep exports too: its times and reason, without replies.
    this.setButtons({ refresh: true, export: !!result || state.state === 'FAILED', refine: !!result?.canRefine });
    this.showResultSections(!!result);
    if (!result) {
      this.clearReplies();
      return;
    }
    renderSizes(this.sizes, result);
    if (result.replies && result.repliesRevision !== this.replies.revision) {
      this.replies.setRows(rowsFromColumns(result.replies), result.repliesRevision);
    }
  }

  private renderMissing(state: MissingView): void {
    element('state-badge').hidden = true;
    const slash = state.key.indexOf('/');
    element('subtitle').textContent =
      slash > 0 ? `Gateway ${state.key.slice(0, slash)} · Task ${state.key.slice(slash + 1)}` : '';
    element('status').textContent = '';
    element('progress').hidden = true;
    showBanner('info', 'Not tracked', state.message);
    element('summary-section').hidden = true;
    this.showResultSections(false);
    this.setButtons({ refresh: false, export: false, refine: false });
    this.summary.stop();
    this.clearReplies();
  }

  private showResultSections(shown: boolean): void {
    element('sizes-section').hidden = !shown;
    element('replies-section').hidden = !shown;
  }

  private setButtons(enabled: { refresh: boolean; export: boolean; refine: boolean }): void {
    byId('refresh', HTMLButtonElement).disabled = !enabled.refresh;
    byId('export', HTMLButtonElement).disabled = !enabled.export;
    byId('refine', HTMLButtonElement).hidden = !enabled.refine;
  }

  private clearReplies(): void {
    if (this.replies.revision !== -1) {
      this.replies.setRows([], -1);
    }
  }
}
