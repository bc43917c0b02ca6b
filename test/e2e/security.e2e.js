// Security, seen in a real VS Code in headless Chromium: markup and links that come from Central (a
// destination, a fail reason) are shown as text in the Tracked Tasks tree, the notifications and the result
// webview, and nothing in them runs. The simulator runs in the mocha process.
//
// Run: npm run build && npm run compile-tests && npx mocha --config test/e2e/mocharc.json --grep security
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const { startUi } = require('../host/ui');
const { eventually } = require('./helpers/wait');

const { startSimulator } = require(path.join(__dirname, '..', '..', 'out', 'test', 'simulator', 'server.js'));

const VIEW = 'Tracked Tasks';
const TOKEN = 'e2e-security-token-0123456789';
const SERIAL = 'CNE2ESEC01';
const DESTINATION = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script></table>\u202Eexe.txt';
const FAIL_REASON =
  '[Clear Credentials](command:pingSweep.clearCredentials) <b onmouseover="window.__pwned=3">b</b> javascript:alert(1)';

describe('e2e security: strings from Central are text, in the tree, the notifications and the result view', function () {
  this.timeout(240_000);
  let sim;
  let ui;

  before(async () => {
    sim = await startSimulator({ tokens: [TOKEN] });
    ui = await startUi({ settings: { 'pingSweep.baseUrl': sim.baseUrl, 'pingSweep.apiVersion': 'v1' } });
  });

  after(async function () {
    const failed = this.test.parent.tests.some((t) => t.state === 'failed');
    await ui?.close({ keepLogs: failed });
    await sim?.close();
  });

  it('shows markup and links from Central literally, and none of it runs', async () => {
    const page = ui.page;
    const done = sim.addTask(SERIAL, 'complete', { durationMs: 500, params: { destination: DESTINATION } });
    const failed = sim.addTask(SERIAL, 'fail', { durationMs: 500, failReason: FAIL_REASON });

    await ui.runCommand('Ping Sweep: Set Credentials…');
    await ui.pickQuickItem('Access Token', { timeoutMs: 20_000 });
    await ui.waitForQuickInput({ title: 'Set Credentials: Access Token', timeoutMs: 20_000 });
    await ui.typeInQuickInput(TOKEN);
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
    for (const id of [done, failed]) {
      await ui.runCommand('Ping Sweep: Track Task…');
      await ui.waitForQuickInput({ title: 'Track Task (1/2)', timeoutMs: 20_000 });
      await ui.typeInQuickInput(`/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${id}`);
      await ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
    }

    // The tree: the destination is the label, character for character, with no element made of it.
    const pane = page.locator('.part.sidebar .pane', { has: page.locator(`.pane-header[aria-label^="${VIEW}"]`) });
    if (!(await pane.isVisible().catch(() => false))) {
      await page.locator('.part.activitybar .action-item [aria-label^="Ping Sweep"]').first().click();
    }
    const doneRow = pane.locator('.monaco-list-row', { hasText: 'exe.txt' }).first();
    await eventually('the completed task in the tree', async () =>
      /COMPLETED/.test((await doneRow.getAttribute('aria-label')) || ''),
    );
    assert.equal(await doneRow.locator('.label-name').evaluate((n) => n.textContent), DESTINATION);
    assert.equal(await doneRow.locator('img, script, table').count(), 0, 'no element was made from the label');
    await eventually('the failed task in the tree', async () =>
      // Labelled by its gateway and the start of its id until a destination is known.
      (await ui.treeRows(VIEW)).some((r) => r.includes(`${SERIAL} · ${failed.slice(0, 8)}`) && /FAILED/.test(r)),
    );

    // The notifications: the end of each sweep is announced in words, with no link made from Central's text.
    await ui.runCommand('Notifications: Show Notifications');
    const center = page.locator('.notifications-center');
    await center.waitFor({ state: 'visible', timeout: 10_000 });
    const messages = center.locator('.notification-list-item-message');
    await eventually('both announcements', async () => {
      const texts = await messages.allInnerTexts();
      return texts.some((t) => t.includes('[Clear Credentials]')) && texts.some((t) => t.includes('exe.txt'));
    });
    // The right-to-left override in the destination is shown by its code point, so it cannot reverse the
    // rest of the sentence ("... completed: 100% answered.").
    const texts = await messages.allInnerTexts();
    assert.ok(
      texts.some((t) => t.includes('<U+202E>exe.txt') && t.includes('completed')),
      JSON.stringify(texts),
    );
    assert.ok(!texts.some((t) => /[\u202a-\u202e\u2066-\u2069]/.test(t)), 'no reordering control in a notification');
    const links = await messages.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') || ''));
    assert.deepEqual(
      links.filter((h) => /^(command:|javascript:)/.test(h) || h.includes('evil')),
      [],
      'no link from Central',
    );
    assert.equal(await messages.locator('img, script, b').count(), 0);
    await ui.screenshot('security-notifications');
    await ui.runCommand('Notifications: Hide Notifications').catch(() => page.keyboard.press('Escape'));

    // The result view of each: the text is in the page as text; no element, no handler, no script came of it.
    await doneRow.locator('.label-name').click();
    const view = ui.webview();
    const destination = view.locator('#summary [data-field="destination"] dd');
    await destination.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await destination.evaluate((n) => n.textContent), DESTINATION);
    assert.equal(await view.locator('#summary img, #summary script, #summary table').count(), 0);
    assert.equal(await view.locator('body').evaluate(() => window.__pwned), undefined, 'nothing ran');
    await ui.screenshot('security-result-destination');

    await pane
      .locator('.monaco-list-row', { hasText: `${SERIAL} · ${failed.slice(0, 8)}` })
      .first()
      .locator('.label-name')
      .click();
    const banner = ui.webview().locator('#banner-text');
    await eventually(
      'the fail reason in the result view',
      async () => (await banner.evaluate((n) => n.textContent)) === FAIL_REASON,
    );
    assert.equal(await ui.webview().locator('#banner b, #banner a').count(), 0);
    assert.equal(
      await ui
        .webview()
        .locator('body')
        .evaluate(() => window.__pwned),
      undefined,
      'nothing ran',
    );
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await ui.screenshot('security-result-fail-reason');
  });
});
