/**
 * The "Packet sizes" table: one row per size with sent, answered and timed-out counts and an answer-rate
 * meter, the verdict as its caption, and tags on the largest size that always answered and the first that
 * timed out.
 */
import type { ResultView } from '../shared/resultProtocol';
import { cell, make } from './dom';
import { formatCount } from './format';

type SizeRow = ResultView['sizes'][number];

export function renderSizes(table: HTMLTableElement, result: ResultView): void {
  const caption = table.caption;
  if (caption) {
    caption.textContent = result.verdict;
    caption.className = result.smallestTimedOut === null ? 'verdict good' : 'verdict warn';
  }
  const frag = document.createDocumentFragment();
  for (const s of result.sizes) {
    frag.appendChild(sizeRow(s, result));
  }
  table.tBodies[0].replaceChildren(frag);
}

function sizeRow(s: SizeRow, result: ResultView): HTMLTableRowElement {
  const tr = document.createElement('tr');
  if (s.timedOut > 0) {
    tr.className = 'has-timeouts';
  }
  const sizeCell = cell(tr, String(s.size), 'num');
  if (s.size === result.largestAlwaysAnswered) {
    sizeCell.prepend(make('span', 'tag good', 'largest always answered'));
  } else if (s.size === result.smallestTimedOut) {
    sizeCell.prepend(make('span', 'tag bad', 'first timeout'));
  }
  cell(tr, formatCount(s.sent), 'num');
  cell(tr, formatCount(s.answered), 'num');
  cell(tr, formatCount(s.timedOut), s.timedOut > 0 ? 'num tone-bad' : 'num');
  cell(tr, '', 'ratio').appendChild(answerRate(s));
  return tr;
}

/** A meter and a percentage of the replies that came back. */
function answerRate(s: SizeRow): HTMLElement {
  const rate = s.sent > 0 ? Math.round((s.answered / s.sent) * 100) : 0;
  const meter = make('span', 'meter');
  meter.setAttribute('aria-hidden', 'true');
  const fill = make('span', rate === 100 ? 'meter-fill good' : rate === 0 ? 'meter-fill bad' : 'meter-fill warn');
  fill.style.width = `${rate}%`;
  meter.appendChild(fill);
  const wrap = make('span', 'ratio-wrap');
  wrap.append(meter, make('span', 'ratio-label', `${rate}%`));
  return wrap;
}
