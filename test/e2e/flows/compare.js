// e2e flow: Compare Results: two sweeps of one gateway, before and after a fix, side by side. Part of the session
// of flows.e2e.js.
'use strict';

const assert = require('node:assert/strict');
const { SWEEP_A, locationOf } = require('../helpers/fixture');
const { eventually } = require('../helpers/wait');

/** The gateway of the compared sweeps, and where they ping. */
const COMPARE_SERIAL = 'CNE2E00004';
const DESTINATION = '10.20.50.60';
const HOUR = 3_600_000;
const CHANGE = /^1400–1500 bytes now answer; average RTT (7\.\d|8\.[0-5]) ms lower\.$/;

/** @param {ReturnType<import('../helpers/session').flowSession>} s */
module.exports = (s) => {
  const { shot, page, showTasksView, rows, setTokenThroughPalette, trackByReference, box, webview, summary } = s;

  /** The rows of the open quick pick labelled exactly `label`. */
  const pickRows = (label) =>
    page()
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({
        has: page().locator('.label-name', { hasText: new RegExp(`^\\s*${label.replace(/\./g, '\\.')}\\s*$`) }),
      });

  /** The sentence on what changed, as the compare page shows it. */
  const changeText = () => webview().locator('.status.change').innerText({ timeout: 5000 });

  describe('Compare Results: two sweeps of one gateway side by side', () => {
    it('palette → Compare Results… → pick two → the view shows a column per sweep and what changed; survives a reload; from the tree too', async function () {
      if (!s.done.credentials) await setTokenThroughPalette();
      // Before a fix of the path MTU: 1400 bytes and up time out, and the path is slower. After: all answer.
      const params = { ...SWEEP_A, destination: DESTINATION };
      const now = Date.now();
      const before = s.sim.addTask(COMPARE_SERIAL, 'complete', {
        params,
        startedAt: now - 2 * HOUR,
        durationMs: 1000,
        timeoutFromSize: 1400,
        baseRttMs: 20,
      });
      const after = s.sim.addTask(COMPARE_SERIAL, 'complete', {
        params,
        startedAt: now - HOUR,
        durationMs: 1000,
        baseRttMs: 12,
      });
      await showTasksView();
      for (const id of [before, after]) await trackByReference(`${s.sim.baseUrl}${locationOf(COMPARE_SERIAL, id)}`);
      await eventually(
        'both sweeps completed in the tree',
        async () => (await rows()).filter((r) => r === `${DESTINATION}, COMPLETED`).length === 2,
        { timeoutMs: 60_000, describe: rows },
      );

      await s.ui.runCommand('Ping Sweep: Compare Results…');
      await box('Compare Results');
      const offered = pickRows(DESTINATION);
      await eventually('both sweeps in the pick', async () => (await offered.count()) === 2, { timeoutMs: 15_000 });
      for (let i = 0; i < 2; i++) await offered.nth(i).click();
      await eventually(
        'both sweeps checked',
        async () =>
          (await offered.evaluateAll((els) => els.filter((e) => e.getAttribute('aria-checked') === 'true').length)) ===
          2,
        { timeoutMs: 5_000 },
      );
      await shot('compare-pick');
      await s.ui.quickInput().press('Enter');
      await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

      const change = await eventually(
        'the compare view and its change sentence',
        async () => CHANGE.test(await changeText()) && changeText(),
        { timeoutMs: 60_000, describe: () => changeText() },
      );
      assert.match(change, CHANGE);
      const heads = await webview()
        .locator('.compare-sweeps thead th.sweep-head')
        .evaluateAll((ths) => ths.map((th) => Array.from(th.children, (c) => c.textContent.trim())));
      assert.equal(heads.length, 2, `one column per sweep: ${JSON.stringify(heads)}`);
      for (const head of heads) assert.deepEqual(head.slice(0, 2), [COMPARE_SERIAL, DESTINATION]);
      assert.notEqual(heads[0][2], heads[1][2], 'each column shows its own start time');
      const sizes = await webview()
        .locator('.compare-sizes tbody tr')
        .evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells, (td) => td.textContent.trim())));
      assert.deepEqual(
        sizes.map((r) => r[0].replace(/\D+$/, '')),
        ['1000', '1100', '1200', '1300', '1400', '1500'],
      );
      assert.deepEqual(sizes[5].slice(1), ['0% (0/5)', '100% (5/5)'], JSON.stringify(sizes));
      assert.deepEqual(sizes[0].slice(1), ['100% (5/5)', '100% (5/5)']);
      assert.equal(await webview().locator('.compare-sizes tr.changed').count(), 2, 'the sizes that moved are marked');
      await shot('compare-view');

      // The gateway heading the oldest column opens that sweep's own result.
      await webview().locator('.compare-sweeps th.sweep-head button').first().click();
      await eventually(
        'the result of the oldest sweep',
        async () => {
          const fields = await summary();
          return fields.destination === DESTINATION && fields.successRate === '66.7%';
        },
        { timeoutMs: 60_000, describe: summary },
      );

      // Back to the comparison, then "Developer: Reload Window": it comes back from the keys its page kept.
      await page().locator('.tabs-container .tab', { hasText: 'Compare 2 sweeps' }).click();
      await eventually('the compare view in front', async () => CHANGE.test(await changeText()), { timeoutMs: 30_000 });
      const loaded = page().waitForEvent('load', { timeout: 120_000 });
      await s.ui.runCommand('Developer: Reload Window');
      await loaded;
      await s.ui.waitForWorkbench();
      await eventually('the restored compare view', async () => CHANGE.test(await changeText()), {
        timeoutMs: 60_000,
        describe: () => changeText(),
      });
      assert.equal(await webview().locator('.compare-sweeps thead th.sweep-head').count(), 2);
      await shot('compare-view-after-reload');

      // From the tree: both rows selected (Ctrl+click), then the item's context menu.
      await showTasksView();
      const treeRows = page()
        .locator('.pane', { has: page().locator('.pane-header[aria-label^="Tracked Tasks"]') })
        .locator(`.monaco-list-row[aria-label="${DESTINATION}, COMPLETED"]`);
      await treeRows.nth(0).locator('.label-name').click();
      await treeRows
        .nth(1)
        .locator('.label-name')
        .click({ modifiers: ['ControlOrMeta'] });
      await eventually(
        'both rows selected',
        async () =>
          (await treeRows.evaluateAll(
            (els) => els.filter((e) => e.getAttribute('aria-selected') === 'true').length,
          )) === 2,
        { timeoutMs: 10_000 },
      );
      await treeRows.nth(1).locator('.label-name').click({ button: 'right' });
      const item = page().locator('.context-view .monaco-menu .action-item', { hasText: 'Compare Results…' });
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      await shot('compare-tree-menu');
      await item.click();
      await eventually('the comparison in front', async () => CHANGE.test(await changeText()), { timeoutMs: 30_000 });
      await eventually(
        'one compare tab: the same sweeps reveal the open comparison',
        async () => (await page().locator('.tabs-container .tab', { hasText: 'Compare 2 sweeps' }).count()) === 1,
        { timeoutMs: 10_000 },
      );
    });
  });
};
