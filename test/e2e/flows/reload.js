// e2e flow: a window reload keeps the tasks and the open result view. Part of the session of flows.e2e.js.
'use strict';

const assert = require('node:assert/strict');
const { SWEEP_A, FAIL_REASON, idLabel } = require('../helpers/fixture');
const { eventually, sleep } = require('../helpers/wait');

/** @param {ReturnType<import('../helpers/session').flowSession>} s */
module.exports = (s) => {
  const { done, ids, shot, requires, page, showTasksView, rows, waitForRow, clickRow, webview } = s;
  describe('A window reload keeps the tasks and the open result view', () => {
    it('finds the tasks still there after a window reload, and the open result view too', async function () {
      requires(this, 'trackedA', 'the tracked tasks');
      await showTasksView();
      const expected = [`${SWEEP_A.destination}, COMPLETED`, '10.20.31.41, COMPLETED'];
      if (done.failedTask) expected.push(`${idLabel(ids.failed)}, FAILED`);
      for (const row of expected) await waitForRow(row, /./);
      const before = await rows();

      // The browser's reload (F5): the tasks live in the extension's state and come back.
      await s.ui.reload();
      await showTasksView();
      for (const row of expected) await waitForRow(row, /./, 60_000);
      assert.deepEqual(await rows(), before, 'the tree is not the same after the reload');
      await shot('after-reload');

      // "Developer: Reload Window" (which lets the workbench save its editors first): the result view that was
      // open comes back, rendered from the stored task.
      const key = done.failedTask ? idLabel(ids.failed) : SWEEP_A.destination;
      const marker = done.failedTask ? FAIL_REASON : SWEEP_A.destination;
      await clickRow(key);
      const shown = () => webview().locator('body').innerText({ timeout: 5000 });
      await eventually('the result view before the reload', async () => (await shown()).includes(marker), {
        timeoutMs: 60_000,
      });
      if (done.failedTask) {
        // A second result, left in the background: after the reload VS Code revives it only when it is shown.
        await clickRow(SWEEP_A.destination);
        await eventually('the second result view', async () => (await shown()).includes(SWEEP_A.destination), {
          timeoutMs: 60_000,
        });
        await clickRow(key);
        await eventually('the first result view in front again', async () => (await shown()).includes(marker), {
          timeoutMs: 60_000,
        });
      }
      const loaded = page().waitForEvent('load', { timeout: 120_000 });
      await s.ui.runCommand('Developer: Reload Window');
      await loaded;
      await s.ui.waitForWorkbench();
      await showTasksView();
      for (const row of expected) await waitForRow(row, /./, 60_000);
      await eventually('the restored result view', async () => (await shown()).includes(marker), {
        timeoutMs: 60_000,
        describe: () => shown().then((t) => t.slice(0, 200)),
      });
      await shot('after-reload-window-result-restored');

      if (done.failedTask) {
        // Opening the background one from the tree shows it in a single tab, not a second one beside it.
        await clickRow(SWEEP_A.destination);
        await eventually('the background result in front', async () => (await shown()).includes(SWEEP_A.destination), {
          timeoutMs: 60_000,
        });
        await sleep(1500);
        const tabs = page().locator('.tabs-container .tab', { hasText: `Ping Sweep: ${SWEEP_A.destination}` });
        assert.equal(await tabs.count(), 1, 'a result restored in the background got a second tab');
      }
    });
  });
};
