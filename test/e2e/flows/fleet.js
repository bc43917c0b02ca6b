// e2e flow: a fleet of gateways pasted as text, swept in one go. Part of the session of flows.e2e.js.
'use strict';

const assert = require('node:assert/strict');
const { eventually, sleep } = require('../helpers/wait');

const TITLE = 'Start Sweep on Several Gateways';
const ONLINE = ['CNE2EFLT01', 'CNE2EFLT02', 'CNE2EFLT03'];
const OFFLINE = 'CNE2EFLTOF';
const UNKNOWN = 'CNE2EFLTUN';
const DESTINATION = '10.66.0.1';

/** @param {ReturnType<import('../helpers/session').flowSession>} s */
module.exports = (s) => {
  const { shot, requires, page, showTasksView, waitForRow, box, answer, waitForMessage } = s;

  /** The first box: the many-pick of known gateways (paste picked), or the paste box when none is known. */
  async function openPasteBox() {
    const first = await eventually(
      'the first box of the fleet command',
      async () => {
        const title = await s.ui.quickInputTitle().catch(() => '');
        return title.startsWith(TITLE) && title;
      },
      { timeoutMs: 20_000 },
    );
    if (first === `${TITLE} (1/8)`) {
      await s.ui.pickQuickItem('Paste a list of serials…');
      await s.ui.quickInput().press('Enter');
    }
    await box(`${TITLE} (2/8)`);
  }

  describe('Start Sweep on Several Gateways', () => {
    it('sweeps a pasted fleet: every gateway in the fleet view, the refused ones named once', async function () {
      requires(this, 'credentials', 'credentials');
      s.sim.setGateway(OFFLINE, 'offline');
      s.sim.setGateway(UNKNOWN, 'absent');
      await showTasksView();
      await s.ui.clearNotifications();

      await s.ui.runCommand(`Ping Sweep: ${TITLE}…`);
      await openPasteBox();
      const pasted = `${ONLINE[0]}, ${ONLINE[1]} ${OFFLINE},CN-12 ${ONLINE[0]}, ${UNKNOWN} ${ONLINE[2].toLowerCase()}`;
      await s.ui.typeInQuickInput(pasted, { enter: false });
      // The box counts the valid ones and names each refused entry with why, as it is typed.
      const said = await waitForMessage(/5 gateways; 1 duplicate dropped; 1 refused: "CN-12" contains "-"/);
      assert.match(said, /Enter sweeps the valid ones/);
      await shot('fleet-paste');
      await s.ui.quickInput().press('Enter');

      // What to run on each gateway: one sweep (Find Path MTU on each is the other choice).
      await eventually('the choice of what to run', async () => (await s.ui.quickInputTitle()) === `${TITLE} (3/8)`, {
        timeoutMs: 15_000,
      });
      await s.ui.pickQuickItem('One sweep on each gateway');
      await box(`${TITLE} (4/8)`);
      assert.match(await s.ui.quickInputMessage(), /Destination to ping from 5 gateways/);
      await s.ui.typeInQuickInput(DESTINATION);
      for (const [step, value] of [
        ['5/8', '1300'],
        ['6/8', '1500'],
        ['7/8', '20'],
        ['8/8', '5'],
      ]) {
        await answer(`${TITLE} (${step})`, value);
      }
      await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

      // The fleet view opens and shows every gateway, in the order pasted.
      const table = s.ui.webview().locator('table.fleet tbody tr');
      const serials = await eventually(
        'the fleet view to show every gateway',
        async () => {
          const cells = await table.evaluateAll((trs) => trs.map((tr) => tr.cells[0].textContent.trim()));
          return cells.length === 5 && cells;
        },
        { timeoutMs: 30_000, describe: () => table.allInnerTexts() },
      );
      assert.deepEqual(serials, [ONLINE[0], ONLINE[1], OFFLINE, UNKNOWN, ONLINE[2]]);
      const statusOf = async (serial) =>
        (await table.filter({ hasText: serial }).locator('td').nth(1).locator('.status-text').innerText()).trim();
      await eventually('the refused gateways to show as refused', async () => (await statusOf(UNKNOWN)) === 'Refused', {
        timeoutMs: 30_000,
      });
      assert.equal(await statusOf(OFFLINE), 'Refused');
      for (const serial of ONLINE) assert.match(await statusOf(serial), /^(Pending|Initiated|Running \d+%|Completed)$/);
      assert.match(await s.ui.webview().locator('h1').innerText(), new RegExp(`^${DESTINATION} on 5 gateways$`));

      // One message for the whole fleet, naming each refused gateway once.
      const notes = await eventually(
        'the fleet summary notification',
        async () => {
          const all = await s.ui.readNotifications();
          return all.some((n) => n.includes('on 5 gateways')) && all;
        },
        { timeoutMs: 30_000, intervalMs: 1000 },
      );
      const summary = notes.find((n) => n.includes('on 5 gateways'));
      assert.match(summary, /Started 3 of 5; 1 offline, 1 unknown/);
      assert.equal(notes.filter((n) => n.includes(OFFLINE)).length, 1, JSON.stringify(notes));
      assert.equal(notes.filter((n) => n.includes(UNKNOWN)).length, 1, JSON.stringify(notes));
      for (const serial of ONLINE) assert.equal(s.sim.taskIds(serial).length, 1, `${serial} started once`);

      // A row's link opens that gateway's own result.
      await table.filter({ hasText: ONLINE[0] }).locator('button.link').click();
      await eventually(
        "the gateway's result tab",
        async () =>
          (await page()
            .locator('.tabs-container .tab', { hasText: `Ping Sweep: ${DESTINATION}` })
            .count()) === 1,
        { timeoutMs: 15_000 },
      );

      // The tree shows the fleet as one item.
      await waitForRow(`${DESTINATION} on 5 gateways`, /3 running · 2 refused|done|running/);
      await page().keyboard.press('Escape');
      await sleep(300);
      await shot('fleet-view');
    });
  });
};
