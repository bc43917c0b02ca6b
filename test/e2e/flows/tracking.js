// e2e flow: tracking: the Track Task boxes, the tree and the status bar. Part of the session of flows.e2e.js.
'use strict';

const assert = require('node:assert/strict');
const { SERIAL, SWEEP_A, idLabel, locationOf } = require('../helpers/fixture');
const { eventually, sleep } = require('../helpers/wait');

/** @param {ReturnType<import('../helpers/session').flowSession>} s */
module.exports = (s) => {
  const {
    done,
    ids,
    shot,
    requires,
    page,
    showTasksView,
    rows,
    waitForRow,
    statusItem,
    statusText,
    box,
    refused,
    setTokenThroughPalette,
    trackByReference,
  } = s;
  describe('Tracking: the Track Task boxes, the tree and the status bar', () => {
    it('refuses bad input inside the Track Task boxes, says what is expected, and adds nothing', async function () {
      if (!done.credentials) await setTokenThroughPalette();
      await showTasksView();
      const rowsBefore = await rows();
      const requestsBefore = s.sim.requests.length;

      await s.ui.runCommand('Ping Sweep: Track Task…');
      const first = 'Track Task (1/2)';
      await box(first);
      assert.equal(await s.ui.quickInputTitle(), first);
      await refused(first, 'CN 12', /letters and digits.*CNXXXXXXXX/);
      await shot('track-refuses-serial');
      await refused(
        first,
        'CN 12/..',
        /Expected .*\/network-troubleshooting\/v1\/gateways\/SERIAL\/pingSweep\/async-operations\/TASK-ID/,
      );
      await refused(
        first,
        `${locationOf(SERIAL, '00000000-0000-4000-8000-000000000000')}/../../../../admin`,
        /"\." or "\.\." segments/,
      );
      await refused(
        first,
        `https://central.example.com${locationOf(SERIAL, '00000000-0000-4000-8000-000000000000')}`,
        /not on the configured base URL/,
      );
      await shot('track-refuses-foreign-host');

      // A good serial moves on to the task id box, which refuses what is not a UUID.
      await s.ui.typeInQuickInput(SERIAL.toLowerCase());
      const second = 'Track Task (2/2)';
      await box(second);
      assert.match(await s.ui.quickInputMessage(), new RegExp(`Task id of the ping sweep on ${SERIAL}`));
      await refused(second, '12345', /A task id is a UUID.*8-4-4-4-12/);
      await refused(second, 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0', /A task id is a UUID/);
      await shot('track-refuses-task-id');
      await page().keyboard.press('Escape');
      await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 10_000 });

      await sleep(1000);
      assert.deepEqual(await rows(), rowsBefore, 'a refused box added something to the tree');
      const sent = s.sim.requests.slice(requestsBefore).filter((r) => /admin|CN%2012|central\.example/i.test(r.path));
      assert.deepEqual(sent, [], 'a refused value reached the API');
    });

    it('tracks a running task by serial then task id, and another by pasting its location path', async function () {
      requires(this, 'credentials', 'credentials');
      await showTasksView();
      ids.a = s.sim.addTask(SERIAL, 'complete', { durationMs: 50_000, timeoutFromSize: 1400, params: SWEEP_A });
      ids.b = s.sim.addTask(SERIAL, 'complete', {
        durationMs: 6_000,
        params: { ...SWEEP_A, destination: '10.20.31.41' },
      });

      await s.ui.runCommand('Ping Sweep: Track Task…');
      await box('Track Task (1/2)');
      assert.equal(await s.ui.quickInputTitle(), 'Track Task (1/2)');
      assert.match(
        await s.ui.quickInputMessage(),
        /Gateway serial number, or paste the async-operation URL or location path/,
      );
      await s.ui.typeInQuickInput(SERIAL, { enter: false });
      await shot('track-step-1-serial');
      await s.ui.quickInput().press('Enter');
      await box('Track Task (2/2)');
      assert.equal(await s.ui.quickInputTitle(), 'Track Task (2/2)');
      await s.ui.typeInQuickInput(ids.a.toUpperCase(), { enter: false });
      await shot('track-step-2-task-id');
      await s.ui.quickInput().press('Enter');
      await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
      // Until its result names the destination, a task is labelled by its gateway and the start of its id
      // (normalized to lower case): `CNE2E00001 · 1a2b3c4d…`.
      const rowA = await waitForRow(idLabel(ids.a), /, (PENDING|INITIATED \d+%|RUNNING \d+%)$/);
      done.trackedA = true;

      await trackByReference(locationOf(SERIAL, ids.b));
      // It may end before the tree shows it: then it is labelled by its destination.
      await eventually(
        'the task tracked by location path in the tree',
        async () => (await rows()).find((r) => r.includes(idLabel(ids.b)) || r.startsWith('10.20.31.41, ')),
        { describe: rows },
      );
      await shot('tracked-two-tasks');
      assert.ok(rowA.startsWith(`${idLabel(ids.a)}, `), rowA);
      assert.ok(!rowA.includes(ids.a), 'the row shows the whole 36-character id');
    });

    it('shows a running task in the status bar and in the tree until it reaches COMPLETED', async function () {
      requires(this, 'trackedA', 'the task tracked by serial and id');
      await showTasksView();
      // The task tracked by location path ends within seconds; then exactly one runs.
      const running = await eventually(
        'the status bar to show one running sweep',
        async () => {
          const text = await statusText();
          return /^Ping Sweep 1 running · \d{1,3}%$/.test(text) && text;
        },
        { timeoutMs: 45_000, describe: statusText },
      );
      const rowRunning = await waitForRow(idLabel(ids.a), /, RUNNING \d+%$/);
      await shot('status-bar-running');
      await waitForRow('10.20.31.41', /, COMPLETED$/, 30_000);

      // Follow it: the percentage rises in the status bar while the tree says RUNNING, until it is done.
      const seen = [Number(/(\d+)%$/.exec(running)[1])];
      await eventually(
        'the task to reach COMPLETED in the tree',
        async () => {
          const text = await statusText();
          const m = /^Ping Sweep 1 running · (\d+)%$/.exec(text);
          if (m) seen.push(Number(m[1]));
          return (await rows()).find((r) => r === `${SWEEP_A.destination}, COMPLETED`);
        },
        {
          timeoutMs: 120_000,
          intervalMs: 500,
          describe: async () => ({ rows: await rows(), status: await statusText() }),
        },
      );
      done.completedA = true;
      await statusItem().waitFor({ state: 'hidden', timeout: 15_000 });
      assert.equal(await statusText(), '', 'the status bar item stays after every task ended');
      await shot('completed-status-bar-gone');
      assert.ok(seen.length >= 2, `the status bar showed progress only ${seen.length} time(s)`);
      for (let i = 1; i < seen.length; i++) {
        assert.ok(seen[i] >= seen[i - 1], `the status bar progress went back: ${seen.join(' → ')}`);
      }
      assert.ok(
        seen.some((p) => p > 0) && seen.every((p) => p < 100),
        `unexpected progress ${seen.join(' → ')} (tree said ${rowRunning})`,
      );
    });
  });
};
