// @ts-check
/*
 * The reply table of the result webview: filters, sorts and paints up to tens of thousands of rows without
 * freezing the page. Rows are painted in frame-sized chunks; while painting, the table has aria-busy="true";
 * once the last row is on screen it gets data-rendered-rows (rows shown) and data-paint-ms. Rows live in
 * <tbody> groups of GROUP_ROWS that the browser skips while off screen (see result.css). Each reply's <tr> is
 * made once and reused by every later sort and filter. Text goes in as text nodes, never as markup.
 */
(function () {
  'use strict';

  /** @typedef {{cycle: number, requestId: number, size: number, timedOut: boolean}} ReplyRow */
  /** @typedef {{column: 'cycle'|'requestId'|'size'|'timedOut', direction: 'ascending'|'descending'}} Sort */
  /** @typedef {{ sort: Sort | null, onlyTimedOut: boolean, sizeFilter: string }} TableView */

  /** time a frame may spend adding rows before it lets the page paint */
  const FRAME_BUDGET_MS = 8;
  /** rows per <tbody>: the unit the browser may skip when off screen */
  const GROUP_ROWS = 200;
  /** the fixed row height of result.css */
  const ROW_HEIGHT_PX = 27;

  /**
   * @param {any} lib globalThis.pingSweepResultLib
   * @param {{ table: HTMLTableElement, filterInput: HTMLInputElement, hint: HTMLElement, empty: HTMLElement,
   *           onRendered: (rows: number, paintMs: number) => void }} dom
   */
  function createReplyTable(lib, dom) {
    const { table, filterInput, hint, empty } = dom;
    /** @type {ReplyRow[]} */ let rows = [];
    /** @type {Array<HTMLTableRowElement | undefined>} */ let rowEls = [];
    let revision = -1;
    let paintGeneration = 0;
    /** @type {TableView} */ let view = { sort: null, onlyTimedOut: false, sizeFilter: '' };

    /** One prepared row; each reply's row is a deep clone of it, far cheaper than building the cells. */
    const rowTemplate = (() => {
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

    function showSort() {
      for (const th of table.tHead ? Array.from(table.tHead.rows[0].cells) : []) {
        const sorted = view.sort && view.sort.column === th.dataset.column;
        th.setAttribute('aria-sort', sorted && view.sort ? view.sort.direction : 'none');
      }
    }

    /** Filters, sorts and paints the rows in chunks; a newer repaint cancels an unfinished one. */
    function repaint() {
      const parsed = lib.parseSizeFilter(view.sizeFilter);
      filterInput.setAttribute('aria-invalid', parsed.error ? 'true' : 'false');
      /** @type {number[]} */
      const order = lib.visibleOrder(rows, { sort: view.sort, onlyTimedOut: view.onlyTimedOut, sizeTest: parsed.test });
      const filtered = view.onlyTimedOut || parsed.test !== null;
      hint.textContent = parsed.error
        ? parsed.error
        : filtered
          ? `Showing ${lib.formatCount(order.length)} of ${lib.formatCount(rows.length)} replies`
          : `${lib.formatCount(rows.length)} replies`;
      hint.classList.toggle('error', !!parsed.error);
      empty.hidden = order.length > 0 || rows.length === 0;

      const generation = ++paintGeneration;
      const started = performance.now();
      table.removeAttribute('data-rendered-rows');
      table.dataset.totalRows = String(rows.length);
      for (const body of Array.from(table.tBodies)) {
        body.remove();
      }
      if (order.length === 0) {
        table.appendChild(newGroup(0));
      }
      if (revision === -1) {
        // No result yet: nothing to paint, and nothing a test should take for a painted table.
        table.setAttribute('aria-busy', 'false');
        return;
      }
      table.setAttribute('aria-busy', 'true');
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
        table.appendChild(frag);
        if (next < order.length) {
          requestAnimationFrame(step);
        } else {
          // A frame callback runs before that frame paints: the second one runs once the last rows are painted.
          requestAnimationFrame(() => requestAnimationFrame(() => finish(generation, started, order.length)));
        }
      };
      step();
    }

    /** @param {number} generation @param {number} started @param {number} count */
    function finish(generation, started, count) {
      if (generation !== paintGeneration) {
        return;
      }
      const paintMs = Math.round(performance.now() - started);
      table.setAttribute('aria-busy', 'false');
      table.dataset.renderedRows = String(count);
      table.dataset.paintMs = String(paintMs);
      if (rows.length > 0) {
        dom.onRendered(count, paintMs);
      }
    }

    return {
      /** the revision of the rows held (see ResultView.repliesRevision); -1 = none */
      get revision() {
        return revision;
      },
      /** @param {ReplyRow[]} next @param {number} rev */
      setRows(next, rev) {
        rows = next;
        rowEls = new Array(rows.length);
        revision = rev;
        repaint();
      },
      /** @param {TableView} next */
      setView(next) {
        view = next;
        showSort();
        repaint();
      },
    };
  }

  /** @type {any} */ (globalThis).pingSweepReplyTable = { createReplyTable };
})();
