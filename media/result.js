// @ts-check
/*
 * Result webview of "Aruba Central Ping Sweep": the page. Loaded after resultLib.js and replyTable.js.
 * Every string shown here may come from a device or from Central: the DOM is built with createElement and
 * textContent only, never from markup. State arrives as messages (see src/editor/webviewProtocol.ts); the page
 * says "ready" first, and keeps its sort and filter in the webview state across hide and show.
 */
(function () {
  'use strict';

  const g = /** @type {any} */ (globalThis);
  const lib = g.pingSweepResultLib;
  const { describeState, formatCount, formatDuration, formatTime, nextSort, validSort, COLUMNS } = lib;

  // @ts-ignore: provided by the VS Code webview host only
  if (typeof acquireVsCodeApi === 'function') {
    // @ts-ignore
    start(acquireVsCodeApi());
  }

  /** @param {{ postMessage(m: unknown): void, getState(): any, setState(s: unknown): void }} vscode */
  function start(vscode) {
    const el = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
    const repliesTable = /** @type {HTMLTableElement} */ (el('replies'));
    const sizesBody = /** @type {HTMLTableElement} */ (el('sizes')).tBodies[0];
    const onlyTimedOut = /** @type {HTMLInputElement} */ (el('only-timed-out'));
    const sizeFilter = /** @type {HTMLInputElement} */ (el('size-filter'));

    const saved = vscode.getState() || {};
    const view = {
      key: document.body.dataset.taskKey || (typeof saved.key === 'string' ? saved.key : ''),
      /** @type {{column: string, direction: string} | null} */ sort: validSort(saved.sort),
      onlyTimedOut: saved.onlyTimedOut === true,
      sizeFilter: typeof saved.sizeFilter === 'string' ? saved.sizeFilter.slice(0, 200) : '',
    };
    onlyTimedOut.checked = view.onlyTimedOut;
    sizeFilter.value = view.sizeFilter;
    persist();

    const replies = g.pingSweepReplyTable.createReplyTable(lib, {
      table: repliesTable,
      filterInput: sizeFilter,
      hint: el('filter-hint'),
      empty: el('replies-empty'),
      onRendered: (/** @type {number} */ rows, /** @type {number} */ paintMs) =>
        vscode.postMessage({ type: 'rendered', rows, paintMs }),
    });
    /** @type {number | undefined} */ let elapsedTimer;

    /** Keeps sort and filter in the webview state (it survives hide and show) and repaints the table. */
    function persist() {
      vscode.setState({ key: view.key, sort: view.sort, onlyTimedOut: view.onlyTimedOut, sizeFilter: view.sizeFilter });
    }
    function applyView() {
      persist();
      replies.setView({ sort: view.sort, onlyTimedOut: view.onlyTimedOut, sizeFilter: view.sizeFilter });
    }

    // -- toolbar and table controls
    el('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
    el('export').addEventListener('click', () => vscode.postMessage({ type: 'export' }));
    for (const th of repliesTable.tHead ? Array.from(repliesTable.tHead.rows[0].cells) : []) {
      const column = th.dataset.column;
      const button = th.querySelector('button');
      if (button && COLUMNS.includes(column)) {
        button.addEventListener('click', () => {
          view.sort = nextSort(view.sort, column);
          applyView();
        });
      }
    }
    onlyTimedOut.addEventListener('change', () => {
      view.onlyTimedOut = onlyTimedOut.checked;
      applyView();
    });
    /** @type {number | undefined} */ let filterTimer;
    sizeFilter.addEventListener('input', () => {
      clearTimeout(filterTimer);
      filterTimer = setTimeout(() => {
        view.sizeFilter = sizeFilter.value.slice(0, 200);
        applyView();
      }, 150);
    });
    applyView();

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
        if (replies.revision !== -1) {
          replies.setRows([], -1);
        }
        return;
      }
      renderSizes(result);
      if (result.replies && result.repliesRevision !== replies.revision) {
        replies.setRows(lib.rowsFromColumns(result.replies), result.repliesRevision);
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
      if (replies.revision !== -1) {
        replies.setRows([], -1);
      }
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
          const when = formatTime(String(v.iso));
          const main = document.createElement('span');
          main.textContent = when.time;
          time.appendChild(main);
          if (when.date) {
            const date = document.createElement('span');
            date.className = 'time-date';
            date.textContent = when.date;
            time.appendChild(date);
          }
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
  }
})();
