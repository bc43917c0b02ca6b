/**
 * The fleet table: one row per gateway, sortable by each column's header, the gateways that differ from most
 * marked, and a button per row that opens the gateway's own result. A new state updates the rows in place:
 * each gateway's row is made once and only its changed text is rewritten, and rows are moved only when the
 * order changed, so the scroll position and the focused button stay where they were. Text only, never markup.
 */
import type { FleetRow, FleetSort, FleetSortKey } from '../../shared/fleetProtocol';
import { make } from '../dom';
import { fleetCellTexts, type FleetCellTexts } from './fleetCells';

interface Column {
  key: FleetSortKey;
  label: string;
  num?: boolean;
}

const COLUMNS: Column[] = [
  { key: 'serial', label: 'Gateway' },
  { key: 'status', label: 'Status' },
  { key: 'largestAlwaysAnswered', label: 'Largest always answered', num: true },
  { key: 'firstTimeout', label: 'First timeout', num: true },
  { key: 'successRate', label: 'Success rate', num: true },
  { key: 'averageRttMs', label: 'Average RTT', num: true },
  { key: 'differs', label: 'Compared with most' },
];

/** Cells whose whole text is one field of {@link FleetCellTexts}, by column index. */
const PLAIN: Array<[number, keyof FleetCellTexts]> = [
  [0, 'serial'],
  [2, 'largestAlwaysAnswered'],
  [3, 'firstTimeout'],
  [4, 'successRate'],
  [5, 'averageRttMs'],
  [6, 'difference'],
];

export interface FleetTableEvents {
  sort(column: FleetSortKey): void;
  open(key: string): void;
}

export class FleetTable {
  readonly table = make('table', 'grid fleet');
  private readonly body = document.createElement('tbody');
  private readonly rowEls = new Map<string, HTMLTableRowElement>();

  constructor(private readonly events: FleetTableEvents) {
    this.table.setAttribute('aria-label', 'Gateways of the fleet');
    const tr = document.createElement('tr');
    for (const c of COLUMNS) {
      const th = make('th', c.num ? 'num' : '');
      th.scope = 'col';
      th.dataset.column = c.key;
      th.setAttribute('aria-sort', 'none');
      const button = make('button', 'sort', c.label);
      button.type = 'button';
      button.addEventListener('click', () => this.events.sort(c.key));
      th.appendChild(button);
      tr.appendChild(th);
    }
    const result = make('th', 'open-col', 'Result');
    result.scope = 'col';
    tr.appendChild(result);
    this.table.createTHead().appendChild(tr);
    this.table.appendChild(this.body);
    this.body.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button[data-key]') : null;
      if (button instanceof HTMLButtonElement && button.dataset.key) this.events.open(button.dataset.key);
    });
  }

  showSort(sort: FleetSort | null): void {
    for (const th of Array.from(this.table.tHead?.rows[0].cells ?? [])) {
      if (th.dataset.column) th.setAttribute('aria-sort', sort?.column === th.dataset.column ? sort.direction : 'none');
    }
  }

  /** Shows `rows`, already in the order wanted. */
  render(rows: readonly FleetRow[]): void {
    const wanted = rows.map((row) => this.update(row));
    const shown = new Set(rows.map((r) => r.serial));
    for (const [serial, tr] of this.rowEls) {
      if (!shown.has(serial)) {
        tr.remove();
        this.rowEls.delete(serial);
      }
    }
    this.reorder(wanted);
  }

  /** Puts rows in order, moving only those out of place, and gives focus back to what had it. */
  private reorder(wanted: HTMLTableRowElement[]): void {
    const focused = document.activeElement;
    const current = this.body.children;
    wanted.forEach((tr, i) => {
      if (current[i] !== tr) this.body.insertBefore(tr, current[i] ?? null);
    });
    if (focused instanceof HTMLElement && focused !== document.activeElement && focused.isConnected)
      focused.focus({ preventScroll: true });
  }

  private update(row: FleetRow): HTMLTableRowElement {
    let tr = this.rowEls.get(row.serial);
    if (!tr) {
      tr = newRow();
      this.rowEls.set(row.serial, tr);
    }
    const texts = fleetCellTexts(row);
    const cells = tr.cells;
    for (const [i, field] of PLAIN) setText(cells[i], String(texts[field]));
    const [status, reason] = Array.from(cells[1].children) as HTMLElement[];
    setText(status, texts.status);
    status.className = `status-text tone-${texts.statusTone}`;
    setText(reason, texts.reason);
    reason.title = texts.reason;
    tr.classList.toggle('differs', row.differs);
    cells[6].title = texts.difference;
    const open = cells[7].firstElementChild as HTMLButtonElement;
    open.hidden = !row.taskKey;
    open.dataset.key = row.taskKey ?? '';
    open.setAttribute('aria-label', `Open the result of ${row.serial}`);
    return tr;
  }
}

function newRow(): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const c of COLUMNS) tr.appendChild(make('td', c.num ? 'num' : c.key === 'differs' ? 'difference' : ''));
  tr.cells[1].append(make('span', 'status-text'), make('span', 'reason'));
  const open = make('button', 'link', 'Open');
  open.type = 'button';
  tr.appendChild(make('td', 'open-col')).appendChild(open);
  return tr;
}

/** Writes text only when it changed: a live update of 200 rows then touches only what moved. */
function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
