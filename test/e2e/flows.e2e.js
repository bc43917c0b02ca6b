// End-to-end flows: a real VS Code (code-server) in headless Chromium with the extension loaded from the
// source folder, driven the way a person drives it (F1 palette, input boxes, quick picks, the Tracked Tasks
// tree, the status bar, the result webview) against the Central simulator started here, in the mocha process.
// Every flow saves screenshots to test-results/screenshots/flows-*.png.
//
// One VS Code serves the whole file (startup is slow). The flows build on each other the way a person's
// session does (credentials first, then tasks); a flow whose prerequisite failed is skipped with the reason,
// so one failure does not cascade into a list of confusing ones.
//
// Run: npm run build && npm run compile-tests && npx mocha --config test/e2e/mocharc.json
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startUi } = require('../host/ui');

const ROOT = path.join(__dirname, '..', '..');
const SIMULATOR = path.join(ROOT, 'out', 'test', 'simulator', 'server.js');

const VIEW = 'Tracked Tasks';
const TOKEN = 'e2e-token-0123456789abcdef';
/** The gateway of the tracked tasks. */
const SERIAL = 'CNE2E00001';
/** The gateway sweeps are started on. */
const START_SERIAL = 'CNE2E00002';
/** The gateway recent tasks are imported from. */
const IMPORT_SERIAL = 'CNE2E00003';
/** A gateway that is offline: the simulator answers 409 to a start. */
const OFFLINE_SERIAL = 'CNE2E0OFF1';

/** The sweep of the task followed to COMPLETED: 6 sizes x 5 cycles = 30 replies; 1400 and 1500 time out. */
const SWEEP_A = { destination: '10.20.30.40', startPacketSize: 1000, endPacketSize: 1500, sweepInterval: 100, count: 5 };
const FAIL_REASON = 'Gateway uplink is down: no route to 192.0.2.55';

/**
 * The tree's label of a task on SERIAL whose destination is not known yet: the gateway and the first 8
 * characters of the id (random ids of one run share no 8-character prefix).
 */
function idLabel(taskId) {
  return `${SERIAL} · ${taskId.toLowerCase().slice(0, 8)}…`;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Resolves with the first truthy value of `check`, retried until `timeoutMs`. `describe` tells what was seen
 * last, for the failure message.
 */
async function eventually(what, check, { timeoutMs = 30_000, intervalMs = 250, describe } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = describe ? await describe().catch((e) => `(${e.message})`) : undefined;
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}` +
          (seen !== undefined ? `; it showed ${typeof seen === 'string' ? seen : JSON.stringify(seen)}` : '') +
          (lastError ? `; last error: ${lastError.message}` : ''),
      );
    }
    await sleep(intervalMs);
  }
}

describe('e2e flows: a person using Ping Sweep against the simulator', function () {
  this.timeout(240_000);

  /** @type {import('../simulator/server').Simulator} */
  let sim;
  /** @type {import('../host/ui').Ui} */
  let ui;
  /** What earlier flows achieved, so that later ones can skip with a reason instead of failing confusingly. */
  const done = { credentials: false, trackedA: false, completedA: false, failedTask: false };
  /** Task ids created in the simulator. */
  const ids = {};
  let shotNumber = 0;

  const shot = (name) => ui.screenshot(`flows-${String(++shotNumber).padStart(2, '0')}-${name}`);

  /** Skips the running test unless an earlier flow achieved `what`. */
  function requires(ctx, what, reason) {
    if (!done[what]) {
      console.log(`      (skipped: needs ${reason}, which an earlier flow did not achieve)`);
      ctx.skip();
    }
  }

  // -- the workbench

  const page = () => ui.page;

  /** Brings the Ping Sweep container (the Tracked Tasks view) into the side bar, as a click on its icon does. */
  async function showTasksView() {
    const pane = page().locator('.part.sidebar .pane', { has: page().locator(`.pane-header[aria-label^="${VIEW}"]`) });
    if (await pane.isVisible().catch(() => false)) return;
    await page().locator('.part.activitybar .action-item [aria-label^="Ping Sweep"]').first().click();
    await pane.waitFor({ state: 'visible', timeout: 20_000 });
  }

  /** The welcome text the Tracked Tasks view shows instead of items ('' when it shows items). */
  async function welcomeText() {
    const welcome = page().locator('.part.sidebar .welcome-view-content');
    return (await welcome.isVisible().catch(() => false)) ? (await welcome.innerText()).replace(/\s+/g, ' ').trim() : '';
  }

  /** Accessible labels of the tree's rows: `label, description` (e.g. `10.20.30.40, COMPLETED`). */
  const rows = () => ui.treeRows(VIEW);

  /** Waits for a row whose label contains `text` and whose whole accessible label matches `pattern`. */
  function waitForRow(text, pattern = /./, timeoutMs = 30_000) {
    return eventually(
      `a "${VIEW}" row with "${text}" matching ${pattern}`,
      async () => (await rows()).find((r) => r.includes(text) && pattern.test(r)),
      { timeoutMs, describe: rows },
    );
  }

  /** The status bar item of the extension, by its text. */
  const statusItem = () => ui.statusBarItem('Ping Sweep');

  async function statusText() {
    const item = statusItem();
    return (await item.count()) && (await item.isVisible()) ? (await item.innerText()).replace(/\s+/g, ' ').trim() : '';
  }

  /** Clicks a tree row on its label (not on the inline actions at its right end). */
  async function clickRow(text) {
    await ui.treeRow(text, { view: VIEW }).locator('.label-name').click();
  }

  /** Hovers a tree row the way a mouse does and returns its tooltip's text. */
  async function rowTooltip(text) {
    const label = ui.treeRow(text, { view: VIEW }).locator('.label-name');
    const hover = page().locator('.workbench-hover');
    return eventually(
      `the tooltip of the row "${text}"`,
      async () => {
        await label.hover();
        const box = await label.boundingBox();
        if (box) await page().mouse.move(box.x + box.width / 2 + 3, box.y + box.height / 2 + 1);
        await hover.first().waitFor({ state: 'visible', timeout: 3000 });
        return (await hover.first().innerText()).trim();
      },
      { timeoutMs: 20_000 },
    );
  }

  async function closeQuickInput() {
    for (let i = 0; i < 3 && (await ui.quickInput().isVisible().catch(() => false)); i++) {
      await page().keyboard.press('Escape');
      await sleep(200);
    }
  }

  /** The text of a modal dialog (e.g. "command '…' not found"), '' when none is open. */
  async function dialogText() {
    const dialog = page().locator('.monaco-dialog-box');
    return (await dialog.isVisible().catch(() => false)) ? (await dialog.innerText()).replace(/\s+/g, ' ').trim() : '';
  }

  /**
   * Waits for the input box titled `title` (e.g. 'Track Task (2/2)') and returns it. A modal dialog instead
   * (a command that is not there, an error) fails at once with what the dialog says.
   */
  async function box(title) {
    const titled = page().locator('.quick-input-widget .quick-input-title').getByText(title);
    let dialog = '';
    await eventually(`the input box "${title}"`, async () => {
      dialog = await dialogText();
      return dialog || (await titled.isVisible());
    }, { timeoutMs: 20_000, describe: () => ui.quickInputTitle() });
    if (dialog) throw new Error(`expected the input box "${title}", but a dialog says: ${dialog}`);
    return ui.waitForQuickInput({ title, timeoutMs: 5_000 });
  }

  /**
   * Labels of the items the open quick pick shows, top to bottom. Unlike ui.quickItems(), it leaves out
   * detail lines and the stale, hidden labels of reused list rows.
   */
  function pickLabels() {
    return page()
      .locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name')
      .evaluateAll((els) =>
        els
          .filter((e) => !e.closest('.quick-input-list-label-meta') && e.checkVisibility())
          // Rows are positioned, not ordered, in the DOM: their index gives the order on screen.
          .map((e) => ({ index: Number(e.closest('.monaco-list-row').dataset.index), text: e.textContent.trim() }))
          .sort((a, b) => a.index - b.index)
          .map((e) => e.text),
      );
  }

  /** Waits until the message under the input box matches `pattern` and returns it. */
  function waitForMessage(pattern) {
    return eventually(`the input box message to match ${pattern}`, async () => pattern.test(await ui.quickInputMessage()) && ui.quickInputMessage(), {
      timeoutMs: 15_000,
      describe: () => ui.quickInputMessage(),
    });
  }

  /** Fills the open box with `value`, checks the refusal message, presses Enter and checks it is still refused. */
  async function refused(title, value, pattern) {
    await ui.typeInQuickInput(value, { enter: false });
    const message = await waitForMessage(pattern);
    await ui.quickInput().press('Enter');
    await sleep(300);
    assert.equal(await ui.quickInputTitle(), title, `Enter on "${value}" closed the box "${title}"`);
    assert.match(await ui.quickInputMessage(), pattern, `Enter on "${value}" dropped the message`);
    return message;
  }

  /** Answers the box titled `title` with `value` (Enter); `expectValue` checks what it was prefilled with. */
  async function answer(title, value, { expectValue } = {}) {
    await box(title);
    if (expectValue !== undefined) {
      assert.equal(await ui.quickInput().inputValue(), expectValue, `the box "${title}" was prefilled with another value`);
    }
    await ui.typeInQuickInput(value);
  }

  /** Sets the access token the way a person does: palette, "Access Token", password box, Enter. */
  async function setTokenThroughPalette() {
    await ui.runCommand('Ping Sweep: Set Credentials…');
    await box('Set Credentials');
    await ui.pickQuickItem('Access Token', { timeoutMs: 20_000 });
    await box('Set Credentials: Access Token');
    await ui.typeInQuickInput(TOKEN);
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
    done.credentials = true;
  }

  /** Tracks a task through the palette by serial then task id. */
  async function trackBySerialAndId(serial, taskId) {
    await ui.runCommand('Ping Sweep: Track Task…');
    await answer('Track Task (1/2)', serial);
    await answer('Track Task (2/2)', taskId);
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Tracks a task through the palette by pasting its URL or location path into the first box. */
  async function trackByReference(reference) {
    await ui.runCommand('Ping Sweep: Track Task…');
    await answer('Track Task (1/2)', reference);
    // A pasted reference names both: no second box.
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
  }

  const locationOf = (serial, taskId) => `/network-troubleshooting/v1/gateways/${serial}/pingSweep/async-operations/${taskId}`;

  // -- the result webview

  const webview = () => ui.webview();

  /** The summary of the visible result view as `{ field: text }` (destination, successRate, packets, ...). */
  async function summary() {
    return webview()
      .locator('#summary .stat')
      .evaluateAll((stats) =>
        Object.fromEntries(stats.map((s) => [s.dataset.field, (s.querySelector('dd')?.textContent || '').trim()])),
      );
  }

  /** Waits until the reply table has painted `count` rows (media/replyTable.js marks it done). */
  async function waitForPaintedReplies(count) {
    const table = webview().locator('#replies');
    await eventually(
      `the reply table to finish painting ${count} rows`,
      async () =>
        (await table.getAttribute('aria-busy')) === 'false' && (await table.getAttribute('data-rendered-rows')) === String(count),
      {
        timeoutMs: 20_000,
        describe: async () => ({
          busy: await table.getAttribute('aria-busy'),
          rendered: await table.getAttribute('data-rendered-rows'),
        }),
      },
    );
  }

  /** The reply table's body rows as `{ cycle, requestId, size, timedOut }`. */
  async function replyRows() {
    return webview()
      .locator('#replies tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => {
          const c = Array.from(tr.cells).map((td) => td.textContent.trim());
          return { cycle: Number(c[0]), requestId: Number(c[1]), size: Number(c[2]), timedOut: c[3] };
        }),
      );
  }

  // -- lifecycle

  before(async function () {
    this.timeout(360_000);
    if (!fs.existsSync(SIMULATOR)) {
      throw new Error(`${path.relative(ROOT, SIMULATOR)} is missing: run \`npm run compile-tests\` first`);
    }
    const { startSimulator } = require(SIMULATOR);
    // This file's screenshots of an earlier run would mix with this run's.
    const shots = path.join(ROOT, 'test-results', 'screenshots');
    for (const f of fs.existsSync(shots) ? fs.readdirSync(shots) : []) {
      if (/^flows-.*\.png$/.test(f)) fs.rmSync(path.join(shots, f));
    }
    sim = await startSimulator({
      tokens: [TOKEN],
      // Sweeps started from the UI run long enough to be seen running, with timeouts at large sizes.
      startScenario: { scenario: 'complete', durationMs: 90_000, timeoutFromSize: 1450 },
    });
    ui = await startUi({
      settings: { 'pingSweep.baseUrl': sim.baseUrl },
      viewport: { width: 1280, height: 800 },
      startTimeoutMs: 180_000,
    });
  });

  afterEach(async function () {
    if (this.currentTest && this.currentTest.state === 'failed' && ui) {
      await ui.screenshot(`flows-FAILED-${this.currentTest.title}`).catch(() => {});
    }
    if (ui) {
      // Leave the window usable for the next flow: no dialog, no open box.
      for (let i = 0; i < 3 && (await dialogText().catch(() => '')); i++) {
        await page().keyboard.press('Escape');
        await sleep(300);
      }
      await closeQuickInput().catch(() => {});
    }
  });

  after(async function () {
    this.timeout(60_000);
    const failed = this.test.parent.tests.some((t) => t.state === 'failed');
    await ui?.close({ keepLogs: failed });
    await sim?.close();
  });

  // -- the flows

  it('sets an access token through the palette: Access Token, password box, Enter', async () => {
    await showTasksView();
    const before = await eventually('the welcome of a view without credentials', async () => {
      const text = await welcomeText();
      return /needs credentials/.test(text) && text;
    }, { describe: welcomeText });
    assert.match(before, /Set Credentials/);
    await shot('no-credentials-welcome');

    await ui.runCommand('Ping Sweep: Set Credentials…');
    await box('Set Credentials');
    await ui.quickRow('Access Token').waitFor({ state: 'visible', timeout: 10_000 });
    assert.deepEqual(await pickLabels(), ['Access Token', 'Client Credentials']);
    await shot('credentials-kind-pick');
    await ui.pickQuickItem('Access Token');

    const title = 'Set Credentials: Access Token';
    await box(title);
    assert.equal(await ui.quickInput().getAttribute('type'), 'password', 'the token box does not mask what is typed');
    await refused(title, `Bearer ${TOKEN}`, /without the "Bearer " prefix/);
    await refused(title, 'abc123', /too short/);
    await ui.typeInQuickInput(TOKEN, { enter: false });
    await eventually('the refusal to clear', async () => !/too short|Bearer/.test(await ui.quickInputMessage()));
    await shot('credentials-token-box');
    await ui.quickInput().press('Enter');
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

    const after = await eventually('the welcome of a view with credentials and no tasks', async () => {
      const text = await welcomeText();
      return /No ping sweeps are tracked yet/.test(text) && text;
    }, { describe: welcomeText });
    assert.match(after, /Track Task/);
    const notes = await ui.readNotifications();
    assert.ok(notes.some((n) => /credentials saved in the secret store/.test(n)), `no confirmation among ${JSON.stringify(notes)}`);
    assert.ok(!notes.some((n) => n.includes(TOKEN)), 'a notification shows the token');
    await shot('credentials-set');
    done.credentials = true;
  });

  it('refuses bad input inside the Track Task boxes, says what is expected, and adds nothing', async function () {
    if (!done.credentials) await setTokenThroughPalette();
    await showTasksView();
    const rowsBefore = await rows();
    const requestsBefore = sim.requests.length;

    await ui.runCommand('Ping Sweep: Track Task…');
    const first = 'Track Task (1/2)';
    await box(first);
    assert.equal(await ui.quickInputTitle(), first);
    await refused(first, 'CN 12', /letters and digits.*CNXXXXXXXX/);
    await shot('track-refuses-serial');
    await refused(first, 'CN 12/..', /Expected .*\/network-troubleshooting\/v1\/gateways\/SERIAL\/pingSweep\/async-operations\/TASK-ID/);
    await refused(first, `${locationOf(SERIAL, '00000000-0000-4000-8000-000000000000')}/../../../../admin`, /"\." or "\.\." segments/);
    await refused(
      first,
      `https://central.example.com${locationOf(SERIAL, '00000000-0000-4000-8000-000000000000')}`,
      /not on the configured base URL/,
    );
    await shot('track-refuses-foreign-host');

    // A good serial moves on to the task id box, which refuses what is not a UUID.
    await ui.typeInQuickInput(SERIAL.toLowerCase());
    const second = 'Track Task (2/2)';
    await box(second);
    assert.match(await ui.quickInputMessage(), new RegExp(`Task id of the ping sweep on ${SERIAL}`));
    await refused(second, '12345', /A task id is a UUID.*8-4-4-4-12/);
    await refused(second, 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0', /A task id is a UUID/);
    await shot('track-refuses-task-id');
    await page().keyboard.press('Escape');
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 10_000 });

    await sleep(1000);
    assert.deepEqual(await rows(), rowsBefore, 'a refused box added something to the tree');
    const sent = sim.requests.slice(requestsBefore).filter((r) => /admin|CN%2012|central\.example/i.test(r.path));
    assert.deepEqual(sent, [], 'a refused value reached the API');
  });

  it('tracks a running task by serial then task id, and another by pasting its location path', async function () {
    requires(this, 'credentials', 'credentials');
    await showTasksView();
    ids.a = sim.addTask(SERIAL, 'complete', { durationMs: 50_000, timeoutFromSize: 1400, params: SWEEP_A });
    ids.b = sim.addTask(SERIAL, 'complete', { durationMs: 6_000, params: { ...SWEEP_A, destination: '10.20.31.41' } });

    await ui.runCommand('Ping Sweep: Track Task…');
    await box('Track Task (1/2)');
    assert.equal(await ui.quickInputTitle(), 'Track Task (1/2)');
    assert.match(await ui.quickInputMessage(), /Gateway serial number, or paste the async-operation URL or location path/);
    await ui.typeInQuickInput(SERIAL, { enter: false });
    await shot('track-step-1-serial');
    await ui.quickInput().press('Enter');
    await box('Track Task (2/2)');
    assert.equal(await ui.quickInputTitle(), 'Track Task (2/2)');
    await ui.typeInQuickInput(ids.a.toUpperCase(), { enter: false });
    await shot('track-step-2-task-id');
    await ui.quickInput().press('Enter');
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
    // Until its result names the destination, a task is labelled by its gateway and the start of its id
    // (normalized to lower case): `CNE2E00001 · 1a2b3c4d…`.
    const rowA = await waitForRow(idLabel(ids.a), /, (PENDING|INITIATED \d+%|RUNNING \d+%)$/);
    done.trackedA = true;

    await trackByReference(locationOf(SERIAL, ids.b));
    // It may end before the tree shows it: then it is labelled by its destination.
    await eventually('the task tracked by location path in the tree', async () =>
      (await rows()).find((r) => r.includes(idLabel(ids.b)) || r.startsWith('10.20.31.41, ')), { describe: rows });
    await shot('tracked-two-tasks');
    assert.ok(rowA.startsWith(`${idLabel(ids.a)}, `), rowA);
    assert.ok(!rowA.includes(ids.a), 'the row shows the whole 36-character id');
  });

  it('shows a running task in the status bar and in the tree until it reaches COMPLETED', async function () {
    requires(this, 'trackedA', 'the task tracked by serial and id');
    await showTasksView();
    // The task tracked by location path ends within seconds; then exactly one runs.
    const running = await eventually('the status bar to show one running sweep', async () => {
      const text = await statusText();
      return /^Ping Sweep 1 running · \d{1,3}%$/.test(text) && text;
    }, { timeoutMs: 45_000, describe: statusText });
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
      { timeoutMs: 120_000, intervalMs: 500, describe: async () => ({ rows: await rows(), status: await statusText() }) },
    );
    done.completedA = true;
    await statusItem().waitFor({ state: 'hidden', timeout: 15_000 });
    assert.equal(await statusText(), '', 'the status bar item stays after every task ended');
    await shot('completed-status-bar-gone');
    assert.ok(seen.length >= 2, `the status bar showed progress only ${seen.length} time(s)`);
    for (let i = 1; i < seen.length; i++) {
      assert.ok(seen[i] >= seen[i - 1], `the status bar progress went back: ${seen.join(' → ')}`);
    }
    assert.ok(seen.some((p) => p > 0) && seen.every((p) => p < 100), `unexpected progress ${seen.join(' → ')} (tree said ${rowRunning})`);
  });

  it('opens the result from the tree and reads summary, sizes and replies; sorts and filters the replies', async function () {
    requires(this, 'trackedA', 'the task tracked by serial and id');
    await showTasksView();
    await waitForRow(SWEEP_A.destination, /, COMPLETED$/, 120_000);
    await clickRow(SWEEP_A.destination);

    const fields = await eventually('the result view to show the summary', async () => {
      const s = await summary();
      return s.destination === SWEEP_A.destination && s.successRate && s;
    }, { timeoutMs: 60_000, describe: summary });
    // 6 sizes x 5 cycles = 30 requests; 1400 and 1500 time out: 20 of 30 answered.
    assert.equal(fields.successRate, '66.7%');
    assert.equal(fields.packets, '30 / 20');
    assert.match(fields.rtt, /^\d+(\.\d{1,3})? \/ \d+(\.\d{1,3})? \/ \d+(\.\d{1,3})? ms$/);
    assert.match(await webview().locator('#summary').textContent(), /Destination\s*10\.20\.30\.40\s*Success rate\s*66\.7%/);
    assert.equal((await webview().locator('#state-badge').innerText()).trim(), 'Completed');

    const sizes = await webview()
      .locator('#sizes tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells).map((td) => td.textContent.trim())));
    assert.deepEqual(
      sizes.map((r) => r.slice(1, 4)),
      [['5', '5', '0'], ['5', '5', '0'], ['5', '5', '0'], ['5', '5', '0'], ['5', '0', '5'], ['5', '0', '5']],
      `per-size table: ${JSON.stringify(sizes)}`,
    );
    assert.deepEqual(sizes.map((r) => Number(r[0].replace(/\D+/g, ' ').trim().split(' ').pop())), [1000, 1100, 1200, 1300, 1400, 1500]);
    assert.match(sizes[3][0], /largest always answered/);
    assert.match(sizes[4][0], /first timeout/);
    assert.match(await webview().locator('#sizes caption').innerText(), /1300[\s\S]*1400/);

    await waitForPaintedReplies(30);
    const replies = await replyRows();
    assert.equal(replies.length, 30, 'one <tbody> row per reply');
    assert.deepEqual(replies.map((r) => r.requestId), Array.from({ length: 30 }, (_, i) => i + 1));
    assert.deepEqual(
      replies.filter((r) => r.timedOut === 'Yes').map((r) => r.size),
      [1400, 1500, 1400, 1500, 1400, 1500, 1400, 1500, 1400, 1500],
    );
    assert.match(await webview().locator('#filter-hint').innerText(), /30 replies/);
    await shot('result-view');

    // Sort by size: a first click sorts ascending, a second descending.
    const sizeHeader = webview().locator('#replies th[data-column="size"]');
    await sizeHeader.locator('button').click();
    await eventually('the size column to sort ascending', async () => (await sizeHeader.getAttribute('aria-sort')) === 'ascending');
    await waitForPaintedReplies(30);
    let sorted = (await replyRows()).map((r) => r.size);
    assert.deepEqual(sorted, [...sorted].sort((x, y) => x - y), `not ascending: ${sorted}`);
    await sizeHeader.locator('button').click();
    await eventually('the size column to sort descending', async () => (await sizeHeader.getAttribute('aria-sort')) === 'descending');
    await waitForPaintedReplies(30);
    sorted = (await replyRows()).map((r) => r.size);
    assert.deepEqual(sorted, [...sorted].sort((x, y) => y - x), `not descending: ${sorted}`);
    assert.equal(sorted[0], 1500);
    await webview().locator('#replies').scrollIntoViewIfNeeded();
    await shot('result-sorted-by-size-descending');

    // Only the timed-out replies.
    await webview().locator('#only-timed-out').check();
    await waitForPaintedReplies(10);
    const timedOut = await replyRows();
    assert.equal(timedOut.length, 10);
    assert.ok(timedOut.every((r) => r.timedOut === 'Yes' && r.size >= 1400), JSON.stringify(timedOut));
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
    ids.failed = sim.addTask(SERIAL, 'fail', {
      durationMs: 4_000,
      failReason: FAIL_REASON,
      params: { ...SWEEP_A, destination: '192.0.2.55' },
    });
    // Pasted as a whole URL this time, query string and all.
    await trackByReference(`${sim.baseUrl}${locationOf(SERIAL, ids.failed)}?source=e2e`);
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
    await eventually('the result view of the failed task', async () => (await banner.isVisible()) && (await banner.innerText()).includes(FAIL_REASON), {
      timeoutMs: 60_000,
      describe: () => banner.innerText(),
    });
    assert.match(await banner.innerText(), /The sweep failed\./);
    assert.equal((await webview().locator('#state-badge').innerText()).trim(), 'Failed');
    assert.equal(await webview().locator('#replies-section').isVisible(), false, 'a failed sweep shows a reply table');
    await shot('failed-task-result');
  });

  it('finds the tasks still there after a window reload, and the open result view too', async function () {
    requires(this, 'trackedA', 'the tracked tasks');
    await showTasksView();
    const expected = [`${SWEEP_A.destination}, COMPLETED`, '10.20.31.41, COMPLETED'];
    if (done.failedTask) expected.push(`${idLabel(ids.failed)}, FAILED`);
    for (const row of expected) await waitForRow(row, /./);
    const before = await rows();

    // The browser's reload (F5): the tasks live in the extension's state and come back.
    await ui.reload();
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
    await eventually('the result view before the reload', async () => (await shown()).includes(marker), { timeoutMs: 60_000 });
    if (done.failedTask) {
      // A second result, left in the background: after the reload VS Code revives it only when it is shown.
      await clickRow(SWEEP_A.destination);
      await eventually('the second result view', async () => (await shown()).includes(SWEEP_A.destination), { timeoutMs: 60_000 });
      await clickRow(key);
      await eventually('the first result view in front again', async () => (await shown()).includes(marker), { timeoutMs: 60_000 });
    }
    const loaded = page().waitForEvent('load', { timeout: 120_000 });
    await ui.runCommand('Developer: Reload Window');
    await loaded;
    await ui.waitForWorkbench();
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
      await eventually('the background result in front', async () => (await shown()).includes(SWEEP_A.destination), { timeoutMs: 60_000 });
      await sleep(1500);
      const tabs = page().locator('.tabs-container .tab', { hasText: `Ping Sweep: ${SWEEP_A.destination}` });
      assert.equal(await tabs.count(), 1, 'a result restored in the background got a second tab');
    }
  });

  it('starts a sweep through every box of "Start Sweep on Gateway…" and tracks the new task', async function () {
    requires(this, 'credentials', 'credentials');
    await showTasksView();
    await ui.runCommand('Ping Sweep: Start Sweep on Gateway…');
    await box('Start Sweep (1/6)');
    assert.equal(await ui.quickInputTitle(), 'Start Sweep (1/6)');
    await refused('Start Sweep (1/6)', 'CN-12', /letters and digits/);
    await ui.typeInQuickInput(START_SERIAL);

    await box('Start Sweep (2/6)');
    assert.match(await ui.quickInputMessage(), new RegExp(`Destination to ping from ${START_SERIAL}`));
    await refused('Start Sweep (2/6)', '300.1.1.1', /not a valid IPv4 address/);
    await ui.typeInQuickInput('10.9.8.7');

    await answer('Start Sweep (3/6)', '1200', { expectValue: '1300' });
    await box('Start Sweep (4/6)');
    assert.equal(await ui.quickInput().inputValue(), '1500');
    await refused('Start Sweep (4/6)', '1100', /at least the start size \(1200\)/);
    await ui.typeInQuickInput('1500');
    await answer('Start Sweep (5/6)', '100', { expectValue: '20' });

    await box('Start Sweep (6/6)');
    assert.equal(await ui.quickInput().inputValue(), '5');
    await refused('Start Sweep (6/6)', '30', /30 × 4 sizes = 120 ICMP requests; at most 100/);
    await ui.typeInQuickInput('4', { enter: false });
    await waitForMessage(/4 × 4 sizes = 16 ICMP requests/);
    await shot('start-sweep-count');
    await ui.quickInput().press('Enter');
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

    // Its destination is known from the start: the new item is labelled by it at once.
    await waitForRow('10.9.8.7', /, (PENDING|INITIATED \d+%|RUNNING \d+%)$/, 30_000);
    const posts = sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/gateways/${START_SERIAL}/pingSweep`));
    assert.deepEqual(posts.map((r) => r.status), [202]);
    assert.equal(sim.taskIds(START_SERIAL).length, 1);
    await eventually('the status bar to show the new sweep running', async () => /^Ping Sweep 1 running · [1-9]\d*%$/.test(await statusText()), {
      describe: statusText,
    });
    await shot('start-sweep-tracked');

  });

  it('imports recent ping sweeps from a gateway through a multi-select pick', async function () {
    requires(this, 'credentials', 'credentials');
    await showTasksView();
    const small = { startPacketSize: 1000, endPacketSize: 1500, sweepInterval: 100, count: 2 };
    sim.addTask(IMPORT_SERIAL, 'complete', { durationMs: 2_000, params: { ...small, destination: '172.16.0.1' } });
    sim.addTask(IMPORT_SERIAL, 'complete', { durationMs: 2_000, testName: 'traceroute' });
    const skipped = sim.addTask(IMPORT_SERIAL, 'complete', { durationMs: 2_000, params: { ...small, destination: '172.16.0.2' } });
    sim.addTask(IMPORT_SERIAL, 'complete', { durationMs: 2_000, params: { ...small, destination: '172.16.0.3' } });

    const addedAt = Date.now();

    await ui.runCommand('Ping Sweep: Import Recent Tasks from Gateway…');
    await box('Import Recent Tasks (1/2)');
    // Once the sweeps have ended, their status names their destination.
    await ui.typeInQuickInput(IMPORT_SERIAL, { enter: false });
    await sleep(Math.max(0, addedAt + 2_500 - Date.now()));
    await ui.quickInput().press('Enter');
    await box('Import Recent Tasks (2/2)');
    await ui.quickRow('172.16.0.3').waitFor({ state: 'visible', timeout: 20_000 });
    const offered = await pickLabels();
    assert.deepEqual(offered, ['172.16.0.3', '172.16.0.2', '172.16.0.1'], 'the pick offers the ping sweeps (not the traceroute), newest first, by destination');
    const descriptions = await page()
      .locator('.quick-input-widget .quick-input-list .monaco-list-row .label-description')
      .allInnerTexts();
    assert.equal(descriptions.filter((d) => /^COMPLETED · started just now$/.test(d.trim())).length, 3, JSON.stringify(descriptions));
    await ui.pickQuickItem('172.16.0.3');
    await ui.pickQuickItem('172.16.0.1');
    await shot('import-pick');
    await ui.quickInput().press('Enter');
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

    await waitForRow('172.16.0.3', /, COMPLETED$/, 60_000);
    await waitForRow('172.16.0.1', /, COMPLETED$/, 60_000);
    await sleep(1000);
    const all = await rows();
    assert.ok(!all.some((r) => r.includes('172.16.0.2') || r.includes(skipped.slice(0, 8))), `an unpicked task was tracked: ${JSON.stringify(all)}`);
    const notes = await ui.readNotifications();
    assert.ok(notes.some((n) => n.includes(`tracking 2 task(s) from ${IMPORT_SERIAL}`)), JSON.stringify(notes));
    await shot('import-tracked');

    // The picture of the README: a finished result beside the tree, with the started sweep running in the
    // status bar. Other editors are closed first, as a person tidying up would.
    if (done.completedA) {
      await ui.runCommand('View: Close All Editors');
      await clickRow(SWEEP_A.destination);
      await eventually('the result view of the completed task', async () => (await summary()).destination === SWEEP_A.destination, {
        timeoutMs: 60_000,
      });
      await waitForPaintedReplies(30);
      await page().mouse.move(700, 790);
      await sleep(500);
      await shot('readme-result-with-tree-and-status-bar');
    }
  });

  it('refuses a start on an offline gateway with a clear error and tracks nothing', async function () {
    requires(this, 'credentials', 'credentials');
    await showTasksView();
    sim.setGateway(OFFLINE_SERIAL, 'offline');
    await ui.clearNotifications();
    const rowsBefore = await rows();

    await ui.runCommand('Ping Sweep: Start Sweep on Gateway…');
    await answer('Start Sweep (1/6)', OFFLINE_SERIAL);
    await answer('Start Sweep (2/6)', '10.1.1.1');
    // The defaults of the other boxes make a valid sweep: accept them as they are.
    for (const [step, value] of [['3/6', '1300'], ['4/6', '1500'], ['5/6', '20'], ['6/6', '5']]) {
      await answer(`Start Sweep (${step})`, value, { expectValue: value });
    }
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

    const error = await eventually('an error notification about the offline gateway', async () => {
      const notes = await ui.readNotifications();
      return notes.find((n) => /offline/.test(n));
    }, { timeoutMs: 30_000, intervalMs: 1000 });
    assert.match(error, new RegExp(`Gateway ${OFFLINE_SERIAL} is offline or busy \\(409\\); start the sweep when it is connected`));
    await ui.runCommand('Notifications: Show Notifications');
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 10_000 });
    await sleep(300);
    await shot('start-refused-offline');
    await ui.runCommand('Notifications: Hide Notifications').catch(() => page().keyboard.press('Escape'));

    const posts = sim.requests.filter((r) => r.method === 'POST' && r.path.includes(`/gateways/${OFFLINE_SERIAL}/`));
    assert.ok(posts.length >= 1 && posts.every((r) => r.status === 409), JSON.stringify(posts));
    assert.deepEqual(sim.taskIds(OFFLINE_SERIAL), []);
    await sleep(1000);
    const rowsAfter = await rows();
    assert.equal(rowsAfter.length, rowsBefore.length, `the tree changed: ${JSON.stringify(rowsAfter)}`);
    assert.ok(!rowsAfter.some((r) => r.includes('10.1.1.1')), 'the refused sweep was tracked');
  });
});
