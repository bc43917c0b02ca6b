// The minimal webview's page: says "ready", paints the row it is sent, and marks the table painted the way
// Ping Sweep's reply table does (data-total-rows, then data-rendered-rows once the row is on screen), so that
// the bench measures both pages with one probe. Its steps are marked on the performance timeline as Ping
// Sweep's page marks its own.
/* global acquireVsCodeApi, requestAnimationFrame -- a webview page: the host and the browser provide them */
'use strict';
(function () {
  const vscode = acquireVsCodeApi();
  const table = document.getElementById('replies');
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || message.type !== 'row' || !Array.isArray(message.cells)) return;
    performance.mark('minimal/state');
    const tr = document.createElement('tr');
    for (const text of message.cells) {
      const td = document.createElement('td');
      td.textContent = String(text);
      tr.appendChild(td);
    }
    table.tBodies[0].appendChild(tr);
    table.dataset.totalRows = '1';
    performance.mark('minimal/rendered');
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        table.dataset.renderedRows = '1';
      }),
    );
  });
  performance.mark('minimal/ready');
  vscode.postMessage({ type: 'ready' });
})();
