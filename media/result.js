// @ts-check
/*
 * Result webview of "Aruba Central Ping Sweep".
 * Every string shown here may come from a device or from Central: the DOM is built with createElement and
 * textContent only, never innerHTML. State arrives as messages (see src/editor/webviewProtocol.ts); the page
 * says "ready" first. Large reply tables are painted in frame-sized chunks so the view never freezes.
 * The pure helpers at the top are also loaded by the unit tests under Node (module.exports).
 */
(function () {
  'use strict';

  /** @typedef {{cycle: number, requestId: number, size: number, timedOut: boolean}} ReplyRow */
  /** @typedef {'cycle'|'requestId'|'size'|'timedOut'} Column */
  /** @typedef {{column: Column, direction: 'ascending'|'descending'}} Sort */

  const COLUMNS = /** @type {const} */ (['cycle', 'requestId', 'size', 'timedOut']);
  /** time a frame may spend creating rows before it lets the page paint */
  const FRAME_BUDGET_MS = 8;
  /** rows per <tbody>: the unit the browser may skip when off screen (see result.css) */
  const GROUP_ROWS = 200;
  /** the fixed row height of result.css */
  const ROW_HEIGHT_PX = 27;

  // ---- pure helpers (unit-tested) ------------------------------------------------------------------------

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
   * A server time in the user's locale and zone; text that is not a time is shown as it came.
   * @param {string} iso
   */
  function formatTime(iso) {
    const t = Date.parse(iso);
    if (!Number.isFinite(t)) {
      return String(iso);
    }
    return new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
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

  const lib = { parseSizeFilter, visibleOrder, nextSort, validSort, formatDuration, formatTime, formatCount, describeState, rowsFromColumns };
  if (typeof module === 'object' && module && module.exports) {
    module.exports = lib;
  }
  // @ts-ignore: provided by the VS Code webview host only
  if (typeof acquireVsCodeApi === 'function') {
    // @ts-ignore
    start(acquireVsCodeApi());
  }

  // ---- the page ------------------------------------------------------------------------------------------

  /** @param {{ postMessage(m: unknown): void, getState(): any, setState(s: unknown): void }} vscode */
  function start(vscode) {
    const el = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
    const repliesTable = /** @type {HTMLTableElement} */ (el('replies'));
    const sizesBody = /** @type {HTMLTableElement} */ (el('sizes')).tBodies[0];
    const onlyTimedOut = /** @type {HTMLInputElement} */ (el('only-timed-out'));
    const sizeFilter = /** @type {HTMLInputElement} */ (el('size-filter'));
    const filterHint = el('filter-hint');

    const saved = vscode.getState() || {};
    const view = {
      key: document.body.dataset.taskKey || (typeof saved.key === 'string' ? saved.key : ''),
      /** @type {Sort | null} */ sort: validSort(saved.sort),
      onlyTimedOut: saved.onlyTimedOut === true,
      sizeFilter: typeof saved.sizeFilter === 'string' ? saved.sizeFilter.slice(0, 200) : '',
    };
    onlyTimedOut.checked = view.onlyTimedOut;
    sizeFilter.value = view.sizeFilter;
    persist();

    /** @type {ReplyRow[]} */ let rows = [];
    /** @type {Array<HTMLTableRowElement | undefined>} */ let rowEls = [];
    let revision = -1;
    let paintGeneration = 0;
    /** @type {number | undefined} */ let elapsedTimer;

    function persist() {
      vscode.setState({ key: view.key, sort: view.sort, onlyTimedOut: view.onlyTimedOut, sizeFilter: view.sizeFilter });
    }

    // -- toolbar and table controls
    el('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
    el('export').addEventListener('click', () => vscode.postMessage({ type: 'export' }));
    for (const th of repliesTable.tHead ? Array.from(repliesTable.tHead.rows[0].cells) : []) {
      const column = /** @type {Column} */ (th.dataset.column);
      const button = th.querySelector('button');
      if (!button || !COLUMNS.includes(column)) {
        continue;
      }
      button.addEventListener('click', () => {
        view.sort = nextSort(view.sort, column);
        persist();
        showSort();
        repaint();
      });
    }
    onlyTimedOut.addEventListener('change', () => {
      view.onlyTimedOut = onlyTimedOut.checked;
      persist();
      repaint();
    });
    /** @type {number | undefined} */ let filterTimer;
    sizeFilter.addEventListener('input', () => {
      clearTimeout(filterTimer);
      filterTimer = setTimeout(() => {
        view.sizeFilter = sizeFilter.value.slice(0, 200);
        persist();
        repaint();
      }, 150);
    });
    showSort();

    window.addEventListener('message', (event) => {
      const msg = event.data;
      if (msg && typeof msg === 'object' && msg.type === 'state' && msg.state && typeof msg.state === 'object') {
        render(msg.state);
      }
    });
    vscode.postMessage({ type: 'ready' });

    // -- rendering

    /** @param {any} state */
    function render(state) {
      if (typeof state.key === 'string' && state.key && state.key !== view.key) {
        view.key = state.key;
        persist();
      }
      document.title = String(state.title || 'Ping Sweep');
      el('title').textContent = document.title;
      if (state.kind === 'missing') {
        renderMissing(state);
        return;
      }
      const d = describeState(state);
      const badge = el('state-badge');
      badge.textContent = d.badge;
      badge.className = `badge ${d.tone}`;
      badge.hidden = false;
      el('subtitle').textContent = `Gateway ${state.serial} · Task ${state.taskId}`;
      el('status').textContent = d.status;
      renderProgress(state);
      renderBanner(state);
      el('summary').parentElement.hidden = false;
      renderSummary(state.summary);
      const result = state.result;
      /** @type {HTMLButtonElement} */ (el('refresh')).disabled = false;
      // A failed sweep exports too: its times and reason, without replies.
      /** @type {HTMLButtonElement} */ (el('export')).disabled = !result && state.state !== 'FAILED';
      el('sizes-section').hidden = !result;
      el('replies-section').hidden = !result;
      if (!result) {
        setRows([], -1);
        return;
      }
      renderSizes(result);
      if (result.replies && result.repliesRevision !== revision) {
        setRows(rowsFromColumns(result.replies), result.repliesRevision);
      }
    }

    /** @param {any} state */
    function renderMissing(state) {
      el('state-badge').hidden = true;
      const slash = typeof state.key === 'string' ? state.key.indexOf('/') : -1;
      el('subtitle').textContent =
        slash > 0 ? `Gateway ${state.key.slice(0, slash)} · Task ${state.key.slice(slash + 1)}` : '';
      el('status').textContent = '';
      el('progress').hidden = true;
      showBanner('info', 'Not tracked', String(state.message || ''));
      el('summary').parentElement.hidden = true;
      el('sizes-section').hidden = true;
      el('replies-section').hidden = true;
      /** @type {HTMLButtonElement} */ (el('refresh')).disabled = true;
      /** @type {HTMLButtonElement} */ (el('export')).disabled = true;
      stopElapsed();
      setRows([], -1);
    }

    /** @param {any} state */
    function renderProgress(state) {
      const bar = el('progress');
      bar.hidden = state.final;
      if (state.final) {
        return;
      }
      const p = Number(state.progressPercent) || 0;
      bar.setAttribute('aria-valuenow', String(p));
      bar.setAttribute('aria-valuetext', `${p}%`);
      bar.classList.toggle('indeterminate', p === 0);
      /** @type {HTMLElement} */ (bar.firstElementChild).style.width = `${p}%`;
    }

    /** @param {any} state */
    function renderBanner(state) {
      if (state.state === 'FAILED') {
        showBanner('error', 'The sweep failed.', state.failReason ? String(state.failReason) : 'Central gave no reason.');
      } else if (state.state === 'NOT_FOUND') {
        showBanner(
          'error',
          'Central does not know this task.',
          'It answered 404: the task may have expired, or the gateway serial or task id is wrong. It is no longer polled.',
        );
      } else if (state.paused === 'credentials') {
        showBanner('warning', 'Paused.', 'Central refused the credentials. Run "Ping Sweep: Set Credentials…" to resume.');
      } else if (state.paused === 'failures') {
        showBanner(
          'warning',
          'Paused after repeated failures.',
          state.problem ? `Last error: ${sentence(state.problem)} Use Refresh to try again.` : 'Use Refresh to try again.',
        );
      } else if (state.problem) {
        showBanner('warning', 'Last update failed.', `${sentence(state.problem)} Retrying automatically.`);
      } else {
        el('banner').hidden = true;
      }
    }

    /** @param {unknown} text one sentence, ending with exactly one full stop */
    function sentence(text) {
      return `${String(text).replace(/[.\s]+$/, '')}.`;
    }

    /** @param {'error'|'warning'|'info'} tone @param {string} title @param {string} text */
    function showBanner(tone, title, text) {
      const banner = el('banner');
      banner.className = `banner ${tone}`;
      el('banner-title').textContent = title;
      el('banner-text').textContent = text;
      banner.hidden = false;
    }

    /** @param {any[]} items */
    function renderSummary(items) {
      const dl = el('summary');
      const frag = document.createDocumentFragment();
      let ticking = false;
      for (const item of Array.isArray(items) ? items : []) {
        const div = document.createElement('div');
        div.className = 'stat';
        div.dataset.field = String(item.id);
        const dt = document.createElement('dt');
        dt.textContent = String(item.label);
        const dd = document.createElement('dd');
        const v = item.value || { kind: 'none' };
        if (v.kind === 'text') {
          dd.textContent = String(v.text);
          if (v.tone) {
            dd.classList.add(`tone-${v.tone}`);
          }
        } else if (v.kind === 'time') {
          const time = document.createElement('time');
          time.dateTime = String(v.iso);
          time.title = String(v.iso);
          time.textContent = formatTime(String(v.iso));
          dd.appendChild(time);
        } else if (v.kind === 'duration') {
          dd.textContent = formatDuration(Number(v.ms));
        } else if (v.kind === 'elapsed') {
          dd.dataset.since = String(v.since);
          dd.textContent = formatDuration(Date.now() - Date.parse(String(v.since)));
          ticking = true;
        } else {
          dd.textContent = '—';
          dd.classList.add('muted');
        }
        div.append(dt, dd);
        frag.appendChild(div);
      }
      dl.replaceChildren(frag);
      if (ticking && elapsedTimer === undefined) {
        elapsedTimer = setInterval(tickElapsed, 1000);
      } else if (!ticking) {
        stopElapsed();
      }
    }

    function tickElapsed() {
      for (const dd of Array.from(document.querySelectorAll('#summary dd[data-since]'))) {
        const since = Date.parse(/** @type {HTMLElement} */ (dd).dataset.since || '');
        dd.textContent = formatDuration(Date.now() - since);
      }
    }

    function stopElapsed() {
      if (elapsedTimer !== undefined) {
        clearInterval(elapsedTimer);
        elapsedTimer = undefined;
      }
    }

    /** @param {any} result */
    function renderSizes(result) {
      const caption = /** @type {HTMLTableElement} */ (el('sizes')).caption;
      if (caption) {
        caption.textContent = String(result.verdict || '');
        caption.className = result.smallestTimedOut === null ? 'verdict good' : 'verdict warn';
      }
      const frag = document.createDocumentFragment();
      for (const s of Array.isArray(result.sizes) ? result.sizes : []) {
        const tr = document.createElement('tr');
        if (s.timedOut > 0) {
          tr.className = 'has-timeouts';
        }
        const sizeCell = cell(tr, String(s.size), 'num');
        if (s.size === result.largestAlwaysAnswered) {
          sizeCell.prepend(tag('largest always answered', 'good'));
        } else if (s.size === result.smallestTimedOut) {
          sizeCell.prepend(tag('first timeout', 'bad'));
        }
        cell(tr, formatCount(s.sent), 'num');
        cell(tr, formatCount(s.answered), 'num');
        cell(tr, formatCount(s.timedOut), s.timedOut > 0 ? 'num tone-bad' : 'num');
        const rate = s.sent > 0 ? Math.round((s.answered / s.sent) * 100) : 0;
        const ratioWrap = document.createElement('span');
        ratioWrap.className = 'ratio-wrap';
        cell(tr, '', 'ratio').appendChild(ratioWrap);
        const meter = document.createElement('span');
        meter.className = 'meter';
        meter.setAttribute('aria-hidden', 'true');
        const fill = document.createElement('span');
        fill.className = rate === 100 ? 'meter-fill good' : rate === 0 ? 'meter-fill bad' : 'meter-fill warn';
        fill.style.width = `${rate}%`;
        meter.appendChild(fill);
        const label = document.createElement('span');
        label.className = 'ratio-label';
        label.textContent = `${rate}%`;
        ratioWrap.append(meter, label);
        frag.appendChild(tr);
      }
      sizesBody.replaceChildren(frag);
    }

    /** @param {string} text @param {string} tone */
    function tag(text, tone) {
      const span = document.createElement('span');
      span.className = `tag ${tone}`;
      span.textContent = text;
      return span;
    }

    /** @param {HTMLTableRowElement} tr @param {string} text @param {string} [className] */
    function cell(tr, text, className) {
      const td = document.createElement('td');
      if (className) {
        td.className = className;
      }
      td.textContent = text;
      tr.appendChild(td);
      return td;
    }

    // -- reply table

    /** @param {ReplyRow[]} next @param {number} rev */
    function setRows(next, rev) {
      rows = next;
      rowEls = new Array(rows.length);
      revision = rev;
      repaint();
    }

    function showSort() {
      for (const th of repliesTable.tHead ? Array.from(repliesTable.tHead.rows[0].cells) : []) {
        const sorted = view.sort && view.sort.column === th.dataset.column;
        th.setAttribute('aria-sort', sorted && view.sort ? view.sort.direction : 'none');
      }
    }

    /** One prepared row; each reply's row is a deep clone of it, far cheaper than building the cells. */
    const rowTemplate = (() => {
      const tr = document.createElement('tr');
      // Explicit roles: the stylesheet lays this table out as blocks (see result.css).
      tr.setAttribute('role', 'row');
      for (const className of ['num', 'num', 'num', 'flag']) {
        const td = document.createElement('td');
        td.className = className;
        td.setAttribute('role', 'cell');
        td.appendChild(document.createTextNode(''));
        tr.appendChild(td);
      }
      return tr;
    })();

    /** @param {number} i */
    function rowFor(i) {
      let tr = rowEls[i];
      if (!tr) {
        const r = rows[i];
        tr = /** @type {HTMLTableRowElement} */ (rowTemplate.cloneNode(true));
        if (r.timedOut) {
          tr.className = 'timed-out';
        }
        const c1 = /** @type {HTMLElement} */ (tr.firstChild);
        const c2 = /** @type {HTMLElement} */ (c1.nextSibling);
        const c3 = /** @type {HTMLElement} */ (c2.nextSibling);
        const c4 = /** @type {HTMLElement} */ (c3.nextSibling);
        /** @type {Text} */ (c1.firstChild).data = String(r.cycle);
        /** @type {Text} */ (c2.firstChild).data = String(r.requestId);
        /** @type {Text} */ (c3.firstChild).data = String(r.size);
        /** @type {Text} */ (c4.firstChild).data = r.timedOut ? 'Yes' : 'No';
        rowEls[i] = tr;
      }
      return tr;
    }

    /** @param {number} rowCount */
    function newGroup(rowCount) {
      const body = document.createElement('tbody');
      body.setAttribute('role', 'rowgroup');
      // Off screen, a group is skipped by layout and paint and stands in at this height.
      body.style.containIntrinsicHeight = `auto ${rowCount * ROW_HEIGHT_PX}px`;
      return body;
    }

    /** Filters, sorts and paints the rows in chunks; a newer repaint cancels an unfinished one. */
    function repaint() {
      const parsed = parseSizeFilter(view.sizeFilter);
      sizeFilter.setAttribute('aria-invalid', parsed.error ? 'true' : 'false');
      const order = visibleOrder(rows, { sort: view.sort, onlyTimedOut: view.onlyTimedOut, sizeTest: parsed.test });
      const filtered = view.onlyTimedOut || parsed.test !== null;
      filterHint.textContent = parsed.error
        ? parsed.error
        : filtered
          ? `Showing ${formatCount(order.length)} of ${formatCount(rows.length)} replies`
          : `${formatCount(rows.length)} replies`;
      filterHint.classList.toggle('error', !!parsed.error);
      el('replies-empty').hidden = order.length > 0 || rows.length === 0;
      el('replies-empty').textContent = 'No replies match the filter.';

      const generation = ++paintGeneration;
      const started = performance.now();
      repliesTable.removeAttribute('data-rendered-rows');
      repliesTable.dataset.totalRows = String(rows.length);
      repliesTable.setAttribute('aria-busy', 'true');
      for (const body of Array.from(repliesTable.tBodies)) {
        body.remove();
      }
      if (order.length === 0) {
        repliesTable.appendChild(newGroup(0));
      }
      let next = 0;
      /** @type {HTMLTableSectionElement | undefined} */ let group;
      const step = () => {
        if (generation !== paintGeneration) {
          return;
        }
        const frameStart = performance.now();
        const frag = document.createDocumentFragment();
        while (next < order.length) {
          if (next % GROUP_ROWS === 0) {
            group = newGroup(Math.min(GROUP_ROWS, order.length - next));
            frag.appendChild(group);
          }
          /** @type {HTMLTableSectionElement} */ (group).appendChild(rowFor(order[next++]));
          if ((next & 63) === 0 && performance.now() - frameStart > FRAME_BUDGET_MS) {
            break;
          }
        }
        repliesTable.appendChild(frag);
        // Mark the table done one frame later, once the last rows have been laid out and painted.
        requestAnimationFrame(next < order.length ? step : () => finish(generation, started, order.length));
      };
      step();
    }

    /** @param {number} generation @param {number} started @param {number} count */
    function finish(generation, started, count) {
      if (generation !== paintGeneration) {
        return;
      }
      const paintMs = Math.round(performance.now() - started);
      repliesTable.setAttribute('aria-busy', 'false');
      repliesTable.dataset.renderedRows = String(count);
      repliesTable.dataset.paintMs = String(paintMs);
      if (rows.length > 0) {
        vscode.postMessage({ type: 'rendered', rows: count, paintMs });
      }
    }
  }
})();
