/**
 * The reply table: filters, sorts and paints up to tens of thousands of rows without freezing the page. Rows
 * are painted in frame-sized chunks; while painting, the table has aria-busy="true"; once the last row is on
 * screen it gets data-rendered-rows (rows shown) and data-paint-ms. Rows live in <tbody> groups of GROUP_ROWS
 * that the browser skips while off screen (see media/result.css). Each reply's <tr> is made once and reused by
 * every later sort and filter. Text goes in as text nodes, never as markup.
 */
import type { ReplyRow, Sort } from '../shared/resultProtocol';
import { formatCount } from './format';
import { parseSizeFilter, visibleOrder } from './replyRows';

/** time a frame may spend adding rows before it lets the page paint */
const FRAME_BUDGET_MS = 8;
/** rows per <tbody>: the unit the browser may skip when off screen */
const GROUP_ROWS = 200;
/** the fixed row height of result.css */
const ROW_HEIGHT_PX = 27;

export interface TableView {
  sort: Sort | null;
  onlyTimedOut: boolean;
  sizeFilter: string;
}

export interface ReplyTableParts {
  table: HTMLTableElement;
  filterInput: HTMLInputElement;
  /** the "Showing n of m replies" line, or what the filter expects */
  hint: HTMLElement;
  /** "No replies match the filter." */
  empty: HTMLElement;
  onRendered: (rows: number, paintMs: number) => void;
}

export class ReplyTable {
  private rows: readonly ReplyRow[] = [];
  private rowEls: Array<HTMLTableRowElement | undefined> = [];
  private held = -1;
  private paintGeneration = 0;
  private view: TableView = { sort: null, onlyTimedOut: false, sizeFilter: '' };
  /** One prepared row; each reply's row is a deep clone of it, far cheaper than building the cells. */
  private readonly rowTemplate = makeRowTemplate();

  constructor(private readonly dom: ReplyTableParts) {}

  /** the revision of the rows held (see the protocol's `ResultView.repliesRevision`); -1 = none */
  get revision(): number {
    return this.held;
  }

  setRows(rows: readonly ReplyRow[], revision: number): void {
    this.rows = rows;
    this.rowEls = new Array<HTMLTableRowElement | undefined>(rows.length);
    this.held = revision;
    this.repaint();
  }

  setView(view: TableView): void {
    this.view = view;
    this.showSort();
    this.repaint();
  }

  private showSort(): void {
    const sort = this.view.sort;
    for (const th of headerCells(this.dom.table)) {
      th.setAttribute('aria-sort', sort && sort.column === th.dataset.column ? sort.direction : 'none');
    }
  }

  /** Filters, sorts and paints the rows in chunks; a newer repaint cancels an unfinished one. */
  private repaint(): void {
    const order = this.filteredOrder();
    const { table } = this.dom;
    const generation = ++this.paintGeneration;
    const started = performance.now();
    table.removeAttribute('data-rendered-rows');
    table.dataset.totalRows = String(this.rows.length);
    for (const body of Array.from(table.tBodies)) {
      body.remove();
    }
    if (order.length === 0) {
      table.appendChild(newGroup(0));
    }
    if (this.held === -1) {
      // No result yet: nothing to paint, and nothing a test should take for a painted table.
      table.setAttribute('aria-busy', 'false');
      return;
    }
    table.setAttribute('aria-busy', 'true');
    this.paintFrom(order, 0, undefined, generation, started);
  }

  /** The rows to show, in order; also updates the filter's hint and the "nothing matches" line. */
  private filteredOrder(): number[] {
    const { filterInput, hint, empty } = this.dom;
    const { view, rows } = this;
    const parsed = parseSizeFilter(view.sizeFilter);
    filterInput.setAttribute('aria-invalid', parsed.error ? 'true' : 'false');
    const order = visibleOrder(rows, { sort: view.sort, onlyTimedOut: view.onlyTimedOut, sizeTest: parsed.test });
    const filtered = view.onlyTimedOut || parsed.test !== null;
    hint.textContent = parsed.error
      ? parsed.error
      : filtered
        ? `Showing ${formatCount(order.length)} of ${formatCount(rows.length)} replies`
        : `${formatCount(rows.length)} replies`;
    hint.classList.toggle('error', !!parsed.error);
    empty.hidden = order.length > 0 || rows.length === 0;
    return order;
  }

  /** Adds rows from `next` on for one frame's budget, then goes on in the next frame. */
  private paintFrom(
    order: number[],
    next: number,
    group: HTMLElement | undefined,
    generation: number,
    started: number,
  ): void {
    if (generation !== this.paintGeneration) {
      return;
    }
    const frameStart = performance.now();
    const frag = document.createDocumentFragment();
    while (next < order.length) {
      if (next % GROUP_ROWS === 0 || !group) {
        group = newGroup(Math.min(GROUP_ROWS, order.length - next));
        frag.appendChild(group);
      }
      group.appendChild(this.rowFor(order[next++]));
      if ((next & 63) === 0 && performance.now() - frameStart > FRAME_BUDGET_MS) {
        break;
      }
    }
    this.dom.table.appendChild(frag);
    if (next < order.length) {
      requestAnimationFrame(() => this.paintFrom(order, next, group, generation, started));
    } else {
      // A frame callback runs before that frame paints: the second one runs once the last rows are painted.
      requestAnimationFrame(() => requestAnimationFrame(() => this.finish(generation, started, order.length)));
    }
  }

  private finish(generation: number, started: number, count: number): void {
    if (generation !== this.paintGeneration) {
      return;
    }
    const paintMs = Math.round(performance.now() - started);
    const { table } = this.dom;
    table.setAttribute('aria-busy', 'false');
    table.dataset.renderedRows = String(count);
    table.dataset.paintMs = String(paintMs);
    if (this.rows.length > 0) {
      this.dom.onRendered(count, paintMs);
    }
  }

  private rowFor(i: number): HTMLTableRowElement {
    let tr = this.rowEls[i];
    if (!tr) {
      const r = this.rows[i];
      tr = this.rowTemplate.cloneNode(true) as HTMLTableRowElement;
      if (r.timedOut) {
        tr.className = 'timed-out';
      }
      const texts = [cell(r.cycle), cell(r.requestId), cell(r.size), r.timedOut ? 'Yes' : 'No'];
      let td = tr.firstChild;
      for (const text of texts) {
        if (!td) {
          break;
        }
        (td.firstChild as Text).data = text;
        td = td.nextSibling;
      }
      this.rowEls[i] = tr;
    }
    return tr;
  }
}

/** The header cells of a table's first head row. */
export function headerCells(table: HTMLTableElement): HTMLTableCellElement[] {
  return table.tHead ? Array.from(table.tHead.rows[0].cells) : [];
}

function makeRowTemplate(): HTMLTableRowElement {
  const tr = document.createElement('tr');
  // Explicit roles: the stylesheet lays this table out as blocks.
  tr.setAttribute('role', 'row');
  for (const className of ['num', 'num', 'num', 'flag']) {
    const td = document.createElement('td');
    td.className = className;
    td.setAttribute('role', 'cell');
    td.appendChild(document.createTextNode(''));
    tr.appendChild(td);
  }
  return tr;
}

function newGroup(rowCount: number): HTMLTableSectionElement {
  const body = document.createElement('tbody');
  body.setAttribute('role', 'rowgroup');
  // Off screen, a group is skipped by layout and paint and stands in at this height.
  body.style.containIntrinsicHeight = `auto ${rowCount * ROW_HEIGHT_PX}px`;
  return body;
}

/** A number as text; a value Central sent that could not be read shows as a dash (its raw text is in the log). */
function cell(value: number | null): string {
  return value === null ? '\u2014' : String(value);
}
