// e2e flow: start Sweep and Import from a gateway. Part of the session of flows.e2e.js.
'use strict';

const assert = require('node:assert/strict');
const { START_SERIAL, IMPORT_SERIAL, OFFLINE_SERIAL, SWEEP_A } = require('../helpers/fixture');
const { eventually, sleep } = require('../helpers/wait');

/** @param {ReturnType<import('../helpers/session').flowSession>} s */
module.exports = (s) => {
  const {
    done,
    shot,
    requires,
    page,
    showTasksView,
    rows,
    waitForRow,
    statusText,
    clickRow,
    box,
    pickLabels,
    waitForMessage,
    refused,
    answer,
    summary,
    waitForPaintedReplies,
  } = s;
  describe('Start Sweep and Import from a gateway', () => {
    it('starts a sweep through every box of "Start Sweep on Gateway…" and tracks the new task', async function () {
      requires(this, 'credentials', 'credentials');
      await showTasksView();
      await s.ui.runCommand('Ping Sweep: Start Sweep on Gateway…');
      await box('Start Sweep (1/6)');
      assert.equal(await s.ui.quickInputTitle(), 'Start Sweep (1/6)');
      await refused('Start Sweep (1/6)', 'CN-12', /letters and digits/);
      await s.ui.typeInQuickInput(START_SERIAL);

      await box('Start Sweep (2/6)');
      assert.match(await s.ui.quickInputMessage(), new RegExp(`Destination to ping from ${START_SERIAL}`));
      await refused('Start Sweep (2/6)', '300.1.1.1', /not a valid IPv4 address/);
      await s.ui.typeInQuickInput('10.9.8.7');

      await answer('Start Sweep (3/6)', '1200', { expectValue: '1300' });
      await box('Start Sweep (4/6)');
      assert.equal(await s.ui.quickInput().inputValue(), '1500');
      await refused('Start Sweep (4/6)', '1100', /at least the start size \(1200\)/);
      await s.ui.typeInQuickInput('1500');
      await answer('Start Sweep (5/6)', '100', { expectValue: '20' });

      await box('Start Sweep (6/6)');
      assert.equal(await s.ui.quickInput().inputValue(), '5');
      await refused('Start Sweep (6/6)', '30', /30 × 4 sizes = 120 ICMP requests; at most 100/);
      await s.ui.typeInQuickInput('4', { enter: false });
      await waitForMessage(/4 × 4 sizes = 16 ICMP requests/);
      await shot('start-sweep-count');
      await s.ui.quickInput().press('Enter');
      await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

      // Its destination is known from the start: the new item is labelled by it at once.
      await waitForRow('10.9.8.7', /, (PENDING|INITIATED \d+%|RUNNING \d+%)$/, 30_000);
      const posts = s.sim.requests.filter(
        (r) => r.method === 'POST' && r.path.endsWith(`/gateways/${START_SERIAL}/pingSweep`),
      );
      assert.deepEqual(
        posts.map((r) => r.status),
        [202],
      );
      assert.equal(s.sim.taskIds(START_SERIAL).length, 1);
      await eventually(
        'the status bar to show the new sweep running',
        async () => /^Ping Sweep 1 running · [1-9]\d*%$/.test(await statusText()),
        {
          describe: statusText,
        },
      );
      await shot('start-sweep-tracked');
    });

    it('imports recent ping sweeps from a gateway through a multi-select pick', async function () {
      requires(this, 'credentials', 'credentials');
      await showTasksView();
      const small = { startPacketSize: 1000, endPacketSize: 1500, sweepInterval: 100, count: 2 };
      s.sim.addTask(IMPORT_SERIAL, 'complete', { durationMs: 2_000, params: { ...small, destination: '172.16.0.1' } });
      s.sim.addTask(IMPORT_SERIAL, 'complete', { durationMs: 2_000, testName: 'traceroute' });
      const skipped = s.sim.addTask(IMPORT_SERIAL, 'complete', {
        durationMs: 2_000,
        params: { ...small, destination: '172.16.0.2' },
      });
      s.sim.addTask(IMPORT_SERIAL, 'complete', { durationMs: 2_000, params: { ...small, destination: '172.16.0.3' } });

      const addedAt = Date.now();

      await s.ui.runCommand('Ping Sweep: Import Recent Tasks from Gateway…');
      await box('Import Recent Tasks (1/2)');
      // Once the sweeps have ended, their status names their destination.
      await s.ui.typeInQuickInput(IMPORT_SERIAL, { enter: false });
      await sleep(Math.max(0, addedAt + 2_500 - Date.now()));
      await s.ui.quickInput().press('Enter');
      await box('Import Recent Tasks (2/2)');
      await s.ui.quickRow('172.16.0.3').waitFor({ state: 'visible', timeout: 20_000 });
      const offered = await pickLabels();
      assert.deepEqual(
        offered,
        ['172.16.0.3', '172.16.0.2', '172.16.0.1'],
        'the pick offers the ping sweeps (not the traceroute), newest first, by destination',
      );
      const descriptions = await page()
        .locator('.quick-input-widget .quick-input-list .monaco-list-row .label-description')
        .allInnerTexts();
      assert.equal(
        descriptions.filter((d) => /^COMPLETED · started just now$/.test(d.trim())).length,
        3,
        JSON.stringify(descriptions),
      );
      await s.ui.pickQuickItem('172.16.0.3');
      await s.ui.pickQuickItem('172.16.0.1');
      await shot('import-pick');
      await s.ui.quickInput().press('Enter');
      await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

      await waitForRow('172.16.0.3', /, COMPLETED$/, 60_000);
      await waitForRow('172.16.0.1', /, COMPLETED$/, 60_000);
      await sleep(1000);
      const all = await rows();
      assert.ok(
        !all.some((r) => r.includes('172.16.0.2') || r.includes(skipped.slice(0, 8))),
        `an unpicked task was tracked: ${JSON.stringify(all)}`,
      );
      const notes = await s.ui.readNotifications();
      assert.ok(
        notes.some((n) => n.includes(`tracking 2 task(s) from ${IMPORT_SERIAL}`)),
        JSON.stringify(notes),
      );
      await shot('import-tracked');

      // The picture of the README: a finished result beside the tree, with the started sweep running in the
      // status bar. Other editors are closed first, as a person tidying up would.
      if (done.completedA) {
        await s.ui.runCommand('View: Close All Editors');
        await clickRow(SWEEP_A.destination);
        await eventually(
          'the result view of the completed task',
          async () => (await summary()).destination === SWEEP_A.destination,
          {
            timeoutMs: 60_000,
          },
        );
        await waitForPaintedReplies(30);
        await page().mouse.move(700, 790);
        await sleep(500);
        await shot('readme-result-with-tree-and-status-bar');
      }
    });

    it('refuses a start on an offline gateway with a clear error and tracks nothing', async function () {
      requires(this, 'credentials', 'credentials');
      await showTasksView();
      s.sim.setGateway(OFFLINE_SERIAL, 'offline');
      await s.ui.clearNotifications();
      const rowsBefore = await rows();

      await s.ui.runCommand('Ping Sweep: Start Sweep on Gateway…');
      await answer('Start Sweep (1/6)', OFFLINE_SERIAL);
      await answer('Start Sweep (2/6)', '10.1.1.1');
      // The defaults of the other boxes make a valid sweep: accept them as they are.
      for (const [step, value] of [
        ['3/6', '1300'],
        ['4/6', '1500'],
        ['5/6', '20'],
        ['6/6', '5'],
      ]) {
        await answer(`Start Sweep (${step})`, value, { expectValue: value });
      }
      await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

      const error = await eventually(
        'an error notification about the offline gateway',
        async () => {
          const notes = await s.ui.readNotifications();
          return notes.find((n) => /offline/.test(n));
        },
        { timeoutMs: 30_000, intervalMs: 1000 },
      );
      assert.match(
        error,
        new RegExp(`Gateway ${OFFLINE_SERIAL} is offline or busy \\(409\\); start the sweep when it is connected`),
      );
      await s.ui.runCommand('Notifications: Show Notifications');
      await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 10_000 });
      await sleep(300);
      await shot('start-refused-offline');
      await s.ui.runCommand('Notifications: Hide Notifications').catch(() => page().keyboard.press('Escape'));

      const posts = s.sim.requests.filter(
        (r) => r.method === 'POST' && r.path.includes(`/gateways/${OFFLINE_SERIAL}/`),
      );
      assert.ok(posts.length >= 1 && posts.every((r) => r.status === 409), JSON.stringify(posts));
      assert.deepEqual(s.sim.taskIds(OFFLINE_SERIAL), []);
      await sleep(1000);
      const rowsAfter = await rows();
      assert.equal(rowsAfter.length, rowsBefore.length, `the tree changed: ${JSON.stringify(rowsAfter)}`);
      assert.ok(!rowsAfter.some((r) => r.includes('10.1.1.1')), 'the refused sweep was tracked');
    });
  });
};
