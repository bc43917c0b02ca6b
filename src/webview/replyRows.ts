/**
 * The reply table's rows as data: rebuilt from the columns the extension posts, filtered by the size filter
 * and the timed-out box, and sorted by a column header. Pure: no DOM, unit-tested under Node.
 */
import { REPLY_COLUMNS, type ReplyColumn, type ReplyRow, type Sort } from '../shared/resultProtocol';
import { nextColumnSort, validColumnSort } from './sorting';

type SizeTest = (size: number) => boolean;

export interface ParsedSizeFilter {
  /** null: every size matches (an empty filter, or one that could not be read) */
  test: SizeTest | null;
  /** what to type instead, when the text could not be read */
  error: string | null;
}

const FILTER_HELP = 'Enter sizes in bytes: 1400, a range 1400-1500, or a bound such as >=1400.';

/**
 * Parses the size filter: a comma-separated list of sizes (`1400`), ranges (`1400-1500`) and bounds
 * (`>1400`, `>=1400`, `<1400`, `<=1400`). Empty text matches everything.
 */
export function parseSizeFilter(text: string): ParsedSizeFilter {
  const terms = String(text)
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (terms.length === 0) {
    return { test: null, error: null };
  }
  const tests: SizeTest[] = [];
  for (const term of terms) {
    const test = parseTerm(term);
    if (!test) {
      return { test: null, error: FILTER_HELP };
    }
    tests.push(test);
  }
  return { test: (size) => tests.some((t) => t(size)), error: null };
}

function parseTerm(term: string): SizeTest | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(\d+)$/.exec(term))) {
    const n = Number(m[1]);
    return (s) => s === n;
  }
  if ((m = /^(\d+)\s*(?:-|\.\.)\s*(\d+)$/.exec(term))) {
    const lo = Math.min(Number(m[1]), Number(m[2]));
    const hi = Math.max(Number(m[1]), Number(m[2]));
    return (s) => s >= lo && s <= hi;
  }
  if ((m = /^(>=|<=|>|<)\s*(\d+)$/.exec(term))) {
    const n = Number(m[2]);
    const op = m[1];
    return op === '>=' ? (s) => s >= n : op === '<=' ? (s) => s <= n : op === '>' ? (s) => s > n : (s) => s < n;
  }
  return undefined;
}

export interface RowFilter {
  sort: Sort | null;
  onlyTimedOut: boolean;
  sizeTest: SizeTest | null;
}

/** Indices of the rows to show, filtered and in display order. Ties keep the server's order. */
export function visibleOrder(rows: readonly ReplyRow[], view: RowFilter): number[] {
  const order: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (view.onlyTimedOut && !r.timedOut) {
      continue;
    }
    if (view.sizeTest && (r.size === null || !view.sizeTest(r.size))) {
      continue;
    }
    order.push(i);
  }
  const sort = view.sort;
  if (sort) {
    const col = sort.column;
    const sign = sort.direction === 'descending' ? -1 : 1;
    order.sort((a, b) => compareValues(rows[a][col], rows[b][col], sign) || a - b);
  }
  return order;
}

/** Numbers (and yes/no) in order, `sign` -1 for descending; a value that could not be read comes last either way. */
function compareValues(a: number | boolean | null, b: number | boolean | null, sign: number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return (Number(a) - Number(b)) * sign;
}

/** Next sort after a click on a column header: a new column sorts ascending, the same one flips. */
export function nextSort(current: Sort | null, column: ReplyColumn): Sort {
  return nextColumnSort(current, column);
}

export function isReplyColumn(value: unknown): value is ReplyColumn {
  return (REPLY_COLUMNS as readonly unknown[]).includes(value);
}

/** A sort read back from saved webview state; null unless it is one the table knows. */
export function validSort(s: unknown): Sort | null {
  return validColumnSort(s, REPLY_COLUMNS);
}

/** Rows from the columns the extension posts (`ReplyColumns` of the protocol); [] when they do not line up. */
export function rowsFromColumns(cols: unknown): ReplyRow[] {
  if (!cols || typeof cols !== 'object') {
    return [];
  }
  const { cycle, requestId, size, timedOut } = cols as Record<string, unknown>;
  if (!Array.isArray(cycle) || !Array.isArray(requestId) || !Array.isArray(size) || !Array.isArray(timedOut)) {
    return [];
  }
  const n = size.length;
  if (cycle.length !== n || requestId.length !== n || timedOut.length !== n) {
    return [];
  }
  const rows: ReplyRow[] = new Array<ReplyRow>(n);
  for (let i = 0; i < n; i++) {
    rows[i] = {
      cycle: readable(cycle[i]),
      requestId: readable(requestId[i]),
      size: readable(size[i]),
      timedOut: timedOut[i] === 1,
    };
  }
  return rows;
}

/** A posted cell: a finite number, or null for a value that could not be read. */
function readable(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
