// e2e flow: results: the result view of a completed and of a failed task. Part of the session of flows.e2e.js.
'use strict';

const assert = require('node:assert/strict');
const { SERIAL, SWEEP_A, FAIL_REASON, idLabel, locationOf } = require('../helpers/fixture');
const { eventually } = require('../helpers/wait');

/** @param {ReturnType<import('../helpers/session').flowSession>} s */
module.exports = (s) => {
  const {
    done,
    ids,
    shot,
    requires,
    page,
    showTasksView,
    waitForRow,
    clickRow,
    rowTooltip,
    trackByReference,
    webview,
    summary,
    waitForPaintedReplies,
    replyRows,
  } = s;
  describe('Results: the result view of a completed and of a failed task', () => {
    it('opens the result from the tree and reads summary, sizes and replies; sorts and filters the replies', async function () {
      requires(this, 'trackedA', 'the task tracked by serial and id');
      await showTasksView();
      await waitForRow(SWEEP_A.destination, /, COMPLETED$/, 120_000);
      await clickRow(SWEEP_A.destination);

      const fields = await eventually(
        'the result view to show the summary',
        async () => {
          const s = await summary();
          return s.destination === SWEEP_A.destination && s.successRate && s;
        },
        { timeoutMs: 60_000, describe: summary },
      );
      // 6 sizes x 5 cycles = 30 requests; 1400 and 1500 time out: 20 of 30 answered.
      assert.equal(fields.successRate, '66.7%');
      assert.equal(fields.packets, '30 / 20');
      assert.match(fields.rtt, /^\d+(\.\d{1,3})? \/ \d+(\.\d{1,3})? \/ \d+(\.\d{1,3})? ms$/);
      assert.match(
        await webview().locator('#summary').textContent(),
        /Destination\s*10\.20\.30\.40\s*Success rate\s*66\.7%/,
      );
      assert.equal((await webview().locator('#state-badge').innerText()).trim(), 'Completed');

      const sizes = await webview()
        .locator('#sizes tbody tr')
        .evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells).map((td) => td.textContent.trim())));
      assert.deepEqual(
        sizes.map((r) => r.slice(1, 4)),
        [
          ['5', '5', '0'],
          ['5', '5', '0'],
          ['5', '5', '0'],
          ['5', '5', '0'],
          ['5', '0', '5'],
          ['5', '0', '5'],
        ],
        `per-size table: ${JSON.stringify(sizes)}`,
      );
      assert.deepEqual(
        sizes.map((r) => Number(r[0].replace(/\D+/g, ' ').trim().split(' ').pop())),
        [1000, 1100, 1200, 1300, 1400, 1500],
      );
      assert.match(sizes[3][0], /largest always answered/);
      assert.match(sizes[4][0], /first timeout/);
      assert.match(await webview().locator('#sizes caption').innerText(), /1300[\s\S]*1400/);

      await waitForPaintedReplies(30);
      const replies = await replyRows();
      assert.equal(replies.length, 30, 'one <tbody> row per reply');
      assert.deepEqual(
        replies.map((r) => r.requestId),
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
      assert.deepEqual(
        replies.filter((r) => r.timedOut === 'Yes').map((r) => r.size),
        [1400, 1500, 1400, 1500, 1400, 1500, 1400, 1500, 1400, 1500],
      );
      assert.match(await webview().locator('#filter-hint').innerText(), /30 replies/);
      await shot('result-view');

      // Sort by size: a first click sorts ascending, a second descending.
      const sizeHeader = webview().locator('#replies th[data-column="size"]');
      await sizeHeader.locator('button').click();
      await eventually(
        'the size column to sort ascending',
        async () => (await sizeHeader.getAttribute('aria-sort')) === 'ascending',
      );
      await waitForPaintedReplies(30);
      let sorted = (await replyRows()).map((r) => r.size);
      assert.deepEqual(
        sorted,
        [...sorted].sort((x, y) => x - y),
        `not ascending: ${sorted}`,
      );
      await sizeHeader.locator('button').click();
      await eventually(
        'the size column to sort descending',
        async () => (await sizeHeader.getAttribute('aria-sort')) === 'descending',
      );
      await waitForPaintedReplies(30);
      sorted = (await replyRows()).map((r) => r.size);
      assert.deepEqual(
        sorted,
        [...sorted].sort((x, y) => y - x),
        `not descending: ${sorted}`,
      );
      assert.equal(sorted[0], 1500);
      await webview().locator('#replies').scrollIntoViewIfNeeded();
      await shot('result-sorted-by-size-descending');

      // Only the timed-out replies.
      await webview().locator('#only-timed-out').check();
      await waitForPaintedReplies(10);
      const timedOut = await replyRows();
      assert.equal(timedOut.length, 10);
      assert.ok(
        timedOut.every((r) => r.timedOut === 'Yes' && r.size >= 1400),
        JSON.stringify(timedOut),
      );
      assert.match(await webview().locator('#filter-hint').innerText(), /Showing 10 of 30 replies/);
      await webview().locator('#replies').scrollIntoViewIfNeeded();
      await shot('result-only-timed-out');

      // A size range, then back to every reply.
      await webview().locator('#only-timed-out').uncheck();
      await webview().locator('#size-filter').fill('1200-1300');
      await waitForPaintedReplies(10);
      assert.deepEqual([...new Set((await replyRows()).map((r) => r.size))].sort(), [1200, 1300]);
      await webview().locator('#size-filter').fill('');
      await waitForPaintedReplies(30);
    });

    it("shows a failed task's reason in the tree tooltip and in its result view", async function () {
      requires(this, 'credentials', 'credentials');
      await showTasksView();
      ids.failed = s.sim.addTask(SERIAL, 'fail', {
        durationMs: 4_000,
        failReason: FAIL_REASON,
        params: { ...SWEEP_A, destination: '192.0.2.55' },
      });
      // Pasted as a whole URL this time, query string and all.
      await trackByReference(`${s.sim.baseUrl}${locationOf(SERIAL, ids.failed)}?source=e2e`);
      await waitForRow(idLabel(ids.failed), /, FAILED$/, 60_000);
      done.failedTask = true;

      const tooltip = await rowTooltip(idLabel(ids.failed));
      assert.match(tooltip, new RegExp(`Gateway: ${SERIAL}`));
      assert.match(tooltip, new RegExp(`Task: ${ids.failed}`));
      assert.match(tooltip, /Status: FAILED/);
      assert.ok(tooltip.includes(`Fail reason: ${FAIL_REASON}`), `tooltip: ${tooltip}`);
      await shot('failed-task-tooltip');
      await page().mouse.move(700, 400);

      await clickRow(idLabel(ids.failed));
      const banner = webview().locator('#banner');
      await eventually(
        'the result view of the failed task',
        async () => (await banner.isVisible()) && (await banner.innerText()).includes(FAIL_REASON),
        {
          timeoutMs: 60_000,
          describe: () => banner.innerText(),
        },
      );
      assert.match(await banner.innerText(), /The sweep failed\./);
      assert.equal((await webview().locator('#state-badge').innerText()).trim(), 'Failed');
      assert.equal(
        await webview().locator('#replies-section').isVisible(),
        false,
        'a failed sweep shows a reply table',
      );
      await shot('failed-task-result');
    });
  });
};
