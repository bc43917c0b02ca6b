/**
 * The two tables of the compare page, one column per sweep, oldest first: the sweeps (gateway, destination and
 * start time heading each column; verdict, success rate and RTTs below, the average's difference from the
 * oldest beside it), and the answer rate of every size side by side. A size a sweep did not try is shown as
 * such, in a tone of its own, never as a failure. Text only, never markup.
 */
import type { CompareColumn, Comparison } from '../../shared/compareProtocol';
import { cell, make } from '../dom';
import { columnHeading, deltaText, msText, percentText, rateText, sizeChanged } from './compareCells';

/** Heads each sweep's column with its gateway (a button that opens its result), destination and start time. */
function sweepHeads(tr: HTMLTableRowElement, columns: readonly CompareColumn[], withDestination: boolean): void {
  for (const col of columns) {
    const h = columnHeading(col);
    const th = make('th', 'sweep-head');
    th.scope = 'col';
    const open = make('button', 'link', h.serial);
    open.type = 'button';
    open.dataset.key = col.key;
    open.title = `Open the result of ${h.serial}`;
    th.appendChild(open);
    if (withDestination) th.appendChild(make('span', 'sweep-line', h.destination));
    th.appendChild(make('span', 'sweep-line muted', h.time));
    tr.appendChild(th);
  }
}

function headRow(table: HTMLTableElement, first: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const th = make('th', 'row-head', first);
  th.scope = 'col';
  tr.appendChild(th);
  table.createTHead().replaceChildren(tr);
  return tr;
}

function bodyRow(label: string, className = ''): HTMLTableRowElement {
  const tr = make('tr', className);
  const th = make('th', 'row-head', label);
  th.scope = 'row';
  tr.appendChild(th);
  return tr;
}

/** The sweeps side by side: verdict, success rate, and the RTTs with the average's difference from the oldest. */
export function renderSweeps(table: HTMLTableElement, columns: readonly CompareColumn[]): void {
  sweepHeads(headRow(table, 'Sweep'), columns, true);
  const rows: HTMLTableRowElement[] = [];
  const add = (label: string, fill: (tr: HTMLTableRowElement, col: CompareColumn) => void) => {
    const tr = bodyRow(label);
    for (const col of columns) fill(tr, col);
    rows.push(tr);
  };
  add('Verdict', (tr, col) => cell(tr, col.verdict, 'verdict-cell'));
  add('Success rate', (tr, col) => cell(tr, percentText(col.successRate), 'num'));
  add('Minimum RTT', (tr, col) => cell(tr, msText(col.minRttMs), 'num'));
  add('Average RTT', (tr, col) => {
    const td = cell(tr, msText(col.averageRttMs), 'num');
    const delta = deltaText(col.averageRttDeltaMs);
    if (delta.text) {
      const tag = make('span', `delta tone-${delta.tone}`, delta.text);
      tag.title = delta.words;
      td.append(' ', tag);
    }
  });
  add('Maximum RTT', (tr, col) => cell(tr, msText(col.maxRttMs), 'num'));
  table.tBodies[0]?.remove();
  table.appendChild(document.createElement('tbody')).append(...rows);
}

/** Every size's answer rate in each sweep, sizes ascending; rows whose answer changed from oldest to newest marked. */
export function renderSizes(table: HTMLTableElement, comparison: Comparison): void {
  sweepHeads(headRow(table, 'Size (bytes)'), comparison.columns, false);
  const frag = document.createDocumentFragment();
  for (const row of comparison.rows) {
    const changed = sizeChanged(row);
    const tr = bodyRow(String(row.size), changed ? 'changed' : '');
    if (changed) tr.cells[0].appendChild(make('span', 'tag warn', 'changed'));
    comparison.columns.forEach((_, i) => {
      const r = rateText(row.cells[i] ?? null);
      const td = cell(tr, '', `rate ${r.tone}`);
      if (r.percent !== null) {
        const meter = make('span', 'meter');
        meter.setAttribute('aria-hidden', 'true');
        const fill = make('span', `meter-fill ${r.tone}`);
        fill.style.width = `${r.percent}%`;
        meter.appendChild(fill);
        td.appendChild(meter);
      }
      td.appendChild(make('span', 'rate-label', r.text));
    });
    frag.appendChild(tr);
  }
  table.tBodies[0]?.remove();
  table.appendChild(document.createElement('tbody')).appendChild(frag);
}
