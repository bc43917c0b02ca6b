// @ts-check
/*
 * Pure helpers of the result webview of "Aruba Central Ping Sweep": filter, sort, formatting, posted data.
 * Loaded first in the webview (as globalThis.pingSweepResultLib), and by the unit tests under Node.
 */
(function () {
  'use strict';

  /** @typedef {{cycle: number, requestId: number, size: number, timedOut: boolean}} ReplyRow */
  /** @typedef {'cycle'|'requestId'|'size'|'timedOut'} Column */
  /** @typedef {{column: Column, direction: 'ascending'|'descending'}} Sort */

  const COLUMNS = /** @type {const} */ (['cycle', 'requestId', 'size', 'timedOut']);

  /**
   * Parses the size filter: a comma-separated list of sizes (`1400`), ranges (`1400-1500`) and bounds
   * (`>1400`, `>=1400`, `<1400`, `<=1400`). Empty text matches everything.
   * @param {string} text
   * @returns {{ test: ((size: number) => boolean) | null, error: string | null }}
   */
  function parseSizeFilter(text) {
    const terms = String(text).split(',').map((t) => t.trim()).filter((t) => t !== '');
    if (terms.length === 0) {
      return { test: null, error: null };
    }
    /** @type {Array<(size: number) => boolean>} */
    const tests = [];
    for (const term of terms) {
      let m;
      if ((m = /^(\d+)$/.exec(term))) {
        const n = Number(m[1]);
        tests.push((s) => s === n);
      } else if ((m = /^(\d+)\s*(?:-|\.\.)\s*(\d+)$/.exec(term))) {
        const lo = Math.min(Number(m[1]), Number(m[2]));
        const hi = Math.max(Number(m[1]), Number(m[2]));
        tests.push((s) => s >= lo && s <= hi);
      } else if ((m = /^(>=|<=|>|<)\s*(\d+)$/.exec(term))) {
        const n = Number(m[2]);
        const op = m[1];
        tests.push(op === '>=' ? (s) => s >= n : op === '<=' ? (s) => s <= n : op === '>' ? (s) => s > n : (s) => s < n);
      } else {
        return { test: null, error: 'Enter sizes in bytes: 1400, a range 1400-1500, or a bound such as >=1400.' };
      }
    }
    return { test: (size) => tests.some((t) => t(size)), error: null };
  }

  /**
   * Indices of the rows to show, filtered and in display order. Ties keep the server's order.
   * @param {ReplyRow[]} rows
   * @param {{ sort: Sort | null, onlyTimedOut: boolean, sizeTest: ((size: number) => boolean) | null }} view
   * @returns {number[]}
   */
  function visibleOrder(rows, view) {
    /** @type {number[]} */
    const order = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (view.onlyTimedOut && !r.timedOut) {
        continue;
      }
      if (view.sizeTest && !view.sizeTest(r.size)) {
        continue;
      }
      order.push(i);
    }
    const sort = view.sort;
    if (sort) {
      const col = sort.column;
      const sign = sort.direction === 'descending' ? -1 : 1;
      order.sort((a, b) => (Number(rows[a][col]) - Number(rows[b][col])) * sign || a - b);
    }
    return order;
  }

  /**
   * Next sort after a click on a column header: a new column sorts ascending, the same one flips.
   * @param {Sort | null} current
   * @param {Column} column
   * @returns {Sort}
   */
  function nextSort(current, column) {
    if (current && current.column === column) {
      return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
    }
    return { column, direction: 'ascending' };
  }

  /** @param {unknown} s @returns {Sort | null} */
  function validSort(s) {
    if (typeof s !== 'object' || s === null) {
      return null;
    }
    const o = /** @type {Record<string, unknown>} */ (s);
    return COLUMNS.includes(/** @type {Column} */ (o.column)) && (o.direction === 'ascending' || o.direction === 'descending')
      ? { column: /** @type {Column} */ (o.column), direction: o.direction }
      : null;
  }

  /**
   * @param {number} ms
   * @returns {string} e.g. "850 ms", "4 s", "2 min 05 s", "1 h 03 min"
   */
  function formatDuration(ms) {
    if (!Number.isFinite(ms) || ms < 0) {
      return '—';
    }
    if (ms < 1000) {
      return `${Math.round(ms)} ms`;
    }
    const totalSeconds = Math.round(ms / 1000);
    if (totalSeconds < 60) {
      return `${totalSeconds} s`;
    }
    const totalMinutes = Math.floor(totalSeconds / 60);
    if (totalMinutes < 60) {
      return `${totalMinutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
    }
    return `${Math.floor(totalMinutes / 60)} h ${String(totalMinutes % 60).padStart(2, '0')} min`;
  }

  /**
   * A server time in the user's locale and zone, as time of day and date; text that is not a time is
   * shown as it came (date '').
   * @param {string} iso
   * @returns {{ time: string, date: string }}
   */
  function formatTime(iso) {
    const t = Date.parse(iso);
    if (!Number.isFinite(t)) {
      return { time: String(iso), date: '' };
    }
    const d = new Date(t);
    return {
      time: d.toLocaleTimeString(undefined, { timeStyle: 'medium' }),
      date: d.toLocaleDateString(undefined, { dateStyle: 'medium' }),
    };
  }

  const COUNT_FORMAT = new Intl.NumberFormat('en-US');

  /** @param {number} n */
  function formatCount(n) {
    return Number.isFinite(n) ? COUNT_FORMAT.format(n) : '—';
  }

  /**
   * Rows from the columns the extension posts (see ReplyColumns in webviewProtocol.ts); [] when malformed.
   * @param {any} cols
   * @returns {ReplyRow[]}
   */
  function rowsFromColumns(cols) {
    if (!cols || typeof cols !== 'object') {
      return [];
    }
    const { cycle, requestId, size, timedOut } = cols;
    if (![cycle, requestId, size, timedOut].every(Array.isArray)) {
      return [];
    }
    const n = size.length;
    if (cycle.length !== n || requestId.length !== n || timedOut.length !== n) {
      return [];
    }
    /** @type {ReplyRow[]} */
    const rows = new Array(n);
    for (let i = 0; i < n; i++) {
      rows[i] = { cycle: Number(cycle[i]), requestId: Number(requestId[i]), size: Number(size[i]), timedOut: timedOut[i] === 1 };
    }
    return rows;
  }

  /** Status line and badge for a task state. @param {any} s */
  function describeState(s) {
    switch (s.state) {
      case 'PENDING':
        return { badge: 'Pending', tone: 'neutral', status: 'Waiting for the first status from Central…' };
      case 'INITIATED':
        return { badge: 'Initiated', tone: 'running', status: 'The gateway accepted the sweep and will start it shortly.' };
      case 'RUNNING':
        return {
          badge: `Running ${s.progressPercent}%`,
          tone: 'running',
          status: `Running on the gateway: ${s.progressPercent}% done. The result appears here when the sweep completes.`,
        };
      case 'COMPLETED': {
        const r = s.result;
        return {
          badge: 'Completed',
          tone: 'good',
          status: r ? `Completed: ${formatCount(r.replyCount)} replies, ${formatCount(r.timedOutCount)} timed out.` : 'Completed.',
        };
      }
      case 'FAILED':
        // The banner says why; a status line would only repeat it.
        return { badge: 'Failed', tone: 'bad', status: '' };
      case 'NOT_FOUND':
        return { badge: 'Not found', tone: 'bad', status: '' };
      default:
        return { badge: String(s.state), tone: 'neutral', status: '' };
    }
  }

  const lib = {
    COLUMNS,
    parseSizeFilter,
    visibleOrder,
    nextSort,
    validSort,
    formatDuration,
    formatTime,
    formatCount,
    describeState,
    rowsFromColumns,
  };
  if (typeof module === 'object' && module && module.exports) {
    module.exports = lib;
  } else {
    /** @type {any} */ (globalThis).pingSweepResultLib = lib;
  }
})();
