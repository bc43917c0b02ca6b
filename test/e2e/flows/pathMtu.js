// e2e flow: Find Path MTU from the palette, through its boxes, to the conclusion on the investigation's page.
// Part of the session of flows.e2e.js.
'use strict';

const assert = require('node:assert/strict');
const { eventually } = require('../helpers/wait');

/**
 * The gateway and the destination whose path MTU the simulator sets: below the session's own boundary (its
 * started sweeps time out from 1450 bytes), so that the configured one is the one found.
 */
const PMTU_SERIAL = 'CNE2EPMTU1';
const PMTU_DESTINATION = '10.77.0.1';
const PMTU = 1412;

/** @param {ReturnType<import('../helpers/session').flowSession>} s */
module.exports = (s) => {
  const { shot, requires, showTasksView, box, refused, answer, waitForMessage, waitForRow, webview } = s;
  describe('Find Path MTU', () => {
    after(() => s.sim.configurePaths(undefined));

    it('runs the staged sweeps from the palette and names the configured boundary in one sentence', async function () {
      requires(this, 'credentials', 'credentials');
      // Sweeps towards this destination meet a path MTU, and run a short while each.
      s.sim.configurePaths({ destinations: { [PMTU_DESTINATION]: { mtu: PMTU, durationMs: 1_500 } } });
      await showTasksView();
      await s.ui.runCommand('Ping Sweep: Find Path MTU…');
      await box('Find Path MTU (1/5)');
      await s.ui.typeInQuickInput(PMTU_SERIAL);
      await box('Find Path MTU (2/5)');
      await refused('Find Path MTU (2/5)', '300.1.1.1', /not a valid IPv4 address/);
      await s.ui.typeInQuickInput(PMTU_DESTINATION);
      await answer('Find Path MTU (3/5)', '576', { expectValue: '576' });
      await box('Find Path MTU (4/5)');
      assert.equal(await s.ui.quickInput().inputValue(), '1500');
      await refused('Find Path MTU (4/5)', '576', /larger than the start size \(576\)/);
      await s.ui.typeInQuickInput('1500');
      await box('Find Path MTU (5/5)');
      assert.equal(await s.ui.quickInput().inputValue(), '2');
      await s.ui.typeInQuickInput('2', { enter: false });
      await waitForMessage(/2 cycles per size: up to 50 sizes per sweep/);
      await shot('path-mtu-cycles');
      await s.ui.quickInput().press('Enter');
      await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

      await waitForRow(`Path MTU to ${PMTU_DESTINATION}`, /stage \d|bytes/, 30_000);
      const conclusion = webview().locator('#conclusion');
      const sentence = await eventually(
        'the investigation page to state its conclusion',
        async () => {
          const text = (await conclusion.textContent({ timeout: 2_000 })) || '';
          return /The largest ICMP size/.test(text) && text;
        },
        { timeoutMs: 120_000, describe: () => conclusion.textContent({ timeout: 2_000 }) },
      );
      assert.match(sentence, new RegExp(`is ${PMTU} bytes; ${PMTU + 1} and above get no answer`));
      assert.ok((await webview().locator('#stages li').count()) >= 2, 'each stage is listed');
      await waitForRow(`Path MTU to ${PMTU_DESTINATION}`, new RegExp(`${PMTU} bytes`), 30_000);
      await shot('path-mtu-conclusion');
    });
  });
};
