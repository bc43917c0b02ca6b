/**
 * The fleet page: a header (the fleet as one line, its progress, Export CSV), the status of its starts, and the
 * table of its gateways, painted from each state the extension posts. The sort is the page's own and is kept
 * across hide and show; a new state keeps it, and keeps the scroll position. A fleet that is gone shows a banner.
 */
import type {
  FleetMissingView,
  FleetPageState,
  FleetSavedState,
  FleetSortKey,
  FleetView,
  FleetWebviewMessage,
} from '../../shared/fleetProtocol';
import { make } from '../dom';
import { buildPageFrame, showPageBanner, showTitle, toolbarButton, type PageFrame } from '../pageFrame';
import type { VsCodeApi } from '../vscodeApi';
import { fleetStatusLine } from './fleetCells';
import { FleetTable } from './fleetTable';
import { nextFleetSort, restoreFleetView, visibleFleetRows } from './fleetView';

export type FleetApi = VsCodeApi<FleetWebviewMessage, FleetSavedState>;

export class FleetPage {
  private readonly view: FleetSavedState;
  private readonly frame: PageFrame;
  private readonly table: FleetTable;
  private readonly exportButton: HTMLButtonElement;
  private readonly progress = make('div', 'progress');
  private readonly section = make('section', 'section');
  private fleet: FleetView | undefined;

  constructor(private readonly api: FleetApi) {
    this.view = restoreFleetView(api.getState(), document.body.dataset.fleetId ?? '');
    this.save();
    this.frame = buildPageFrame('Fleet actions');
    this.exportButton = toolbarButton(this.frame, 'Export CSV', 'Save the fleet table as CSV', () =>
      api.postMessage({ type: 'export' }),
    );
    this.exportButton.disabled = true;
    this.table = new FleetTable({
      sort: (column) => this.sortBy(column),
      open: (key) => api.postMessage({ type: 'openTask', key }),
    });
    this.table.showSort(this.view.sort);
    this.progress.setAttribute('role', 'progressbar');
    this.progress.setAttribute('aria-label', 'Fleet progress');
    this.progress.appendChild(make('div', 'progress-fill'));
    this.progress.hidden = true;
    this.section.hidden = true;
    this.section.appendChild(this.table.table);
    this.frame.status.after(this.progress);
    this.frame.main.appendChild(this.section);
  }

  render(state: FleetPageState): void {
    if (state.id && state.id !== this.view.id) {
      this.view.id = state.id;
      this.save();
    }
    if (state.kind === 'missing') this.renderMissing(state);
    else this.renderFleet(state);
  }

  private renderFleet(state: FleetView): void {
    this.fleet = state;
    const p = Math.max(0, Math.min(100, Math.round(Number(state.progressPercent) || 0)));
    showTitle(
      this.frame,
      state.title,
      state.active ? { text: `Running ${p}%`, tone: 'running' } : { text: 'Done', tone: 'good' },
    );
    this.frame.subtitle.textContent = state.sweep;
    this.frame.status.textContent = fleetStatusLine(state.description, state.starts, state.rows);
    this.progress.hidden = !state.active;
    this.progress.setAttribute('aria-valuenow', String(p));
    (this.progress.firstElementChild as HTMLElement).style.width = `${p}%`;
    showPageBanner(this.frame);
    this.section.hidden = false;
    this.exportButton.disabled = state.rows.length === 0;
    this.paintRows();
  }

  private renderMissing(state: FleetMissingView): void {
    this.fleet = undefined;
    showTitle(this.frame, state.title);
    this.frame.subtitle.textContent = '';
    this.frame.status.textContent = '';
    this.progress.hidden = true;
    showPageBanner(this.frame, { tone: 'info', title: 'Not kept', text: state.message });
    this.section.hidden = true;
    this.exportButton.disabled = true;
    this.table.render([]);
  }

  private sortBy(column: FleetSortKey): void {
    this.view.sort = nextFleetSort(this.view.sort, column);
    this.save();
    this.table.showSort(this.view.sort);
    this.paintRows();
  }

  private paintRows(): void {
    if (this.fleet) this.table.render(visibleFleetRows(this.fleet.rows, this.view.sort));
  }

  private save(): void {
    this.api.setState({ id: this.view.id, sort: this.view.sort });
  }
}
