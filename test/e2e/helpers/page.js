// The page helpers of the e2e flows: the workbench (side bar, tree, status bar, input boxes, dialogs) and the
// result webview, read and driven the way a person does.
'use strict';

const assert = require('node:assert/strict');
const { TOKEN, VIEW } = require('./fixture');
const { eventually, sleep } = require('./wait');

/** The helpers, over the session `s` (its `ui` is set once VS Code has started). */
function pageHelpers(s) {
  const page = () => s.ui.page;

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
    return (await welcome.isVisible().catch(() => false))
      ? (await welcome.innerText()).replace(/\s+/g, ' ').trim()
      : '';
  }

  /** Accessible labels of the tree's rows: `label, description` (e.g. `10.20.30.40, COMPLETED`). */
  const rows = () => s.ui.treeRows(VIEW);

  /** Waits for a row whose label contains `text` and whose whole accessible label matches `pattern`. */
  function waitForRow(text, pattern = /./, timeoutMs = 30_000) {
    return eventually(
      `a "${VIEW}" row with "${text}" matching ${pattern}`,
      async () => (await rows()).find((r) => r.includes(text) && pattern.test(r)),
      { timeoutMs, describe: rows },
    );
  }

  /** The status bar item of the extension, by its text. */
  const statusItem = () => s.ui.statusBarItem('Ping Sweep');

  async function statusText() {
    const item = statusItem();
    return (await item.count()) && (await item.isVisible()) ? (await item.innerText()).replace(/\s+/g, ' ').trim() : '';
  }

  /** Clicks a tree row on its label (not on the inline actions at its right end). */
  async function clickRow(text) {
    await s.ui.treeRow(text, { view: VIEW }).locator('.label-name').click();
  }

  /** Hovers a tree row the way a mouse does and returns its tooltip's text. */
  async function rowTooltip(text) {
    const label = s.ui.treeRow(text, { view: VIEW }).locator('.label-name');
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
    for (
      let i = 0;
      i < 3 &&
      (await s.ui
        .quickInput()
        .isVisible()
        .catch(() => false));
      i++
    ) {
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
    await eventually(
      `the input box "${title}"`,
      async () => {
        dialog = await dialogText();
        return dialog || (await titled.isVisible());
      },
      { timeoutMs: 20_000, describe: () => s.ui.quickInputTitle() },
    );
    if (dialog) throw new Error(`expected the input box "${title}", but a dialog says: ${dialog}`);
    return s.ui.waitForQuickInput({ title, timeoutMs: 5_000 });
  }

  /**
   * Labels of the items the open quick pick shows, top to bottom. Unlike s.ui.quickItems(), it leaves out
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
    return eventually(
      `the input box message to match ${pattern}`,
      async () => pattern.test(await s.ui.quickInputMessage()) && s.ui.quickInputMessage(),
      {
        timeoutMs: 15_000,
        describe: () => s.ui.quickInputMessage(),
      },
    );
  }

  /** Fills the open box with `value`, checks the refusal message, presses Enter and checks it is still refused. */
  async function refused(title, value, pattern) {
    await s.ui.typeInQuickInput(value, { enter: false });
    const message = await waitForMessage(pattern);
    await s.ui.quickInput().press('Enter');
    await sleep(300);
    assert.equal(await s.ui.quickInputTitle(), title, `Enter on "${value}" closed the box "${title}"`);
    assert.match(await s.ui.quickInputMessage(), pattern, `Enter on "${value}" dropped the message`);
    return message;
  }

  /** Answers the box titled `title` with `value` (Enter); `expectValue` checks what it was prefilled with. */
  async function answer(title, value, { expectValue } = {}) {
    await box(title);
    if (expectValue !== undefined) {
      assert.equal(
        await s.ui.quickInput().inputValue(),
        expectValue,
        `the box "${title}" was prefilled with another value`,
      );
    }
    await s.ui.typeInQuickInput(value);
  }

  /** Sets the access token the way a person does: palette, "Access Token", password box, Enter. */
  async function setTokenThroughPalette() {
    await s.ui.runCommand('Ping Sweep: Set Credentials…');
    await box('Set Credentials');
    await s.ui.pickQuickItem('Access Token', { timeoutMs: 20_000 });
    await box('Set Credentials: Access Token');
    await s.ui.typeInQuickInput(TOKEN);
    await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
    s.done.credentials = true;
  }

  /** Tracks a task through the palette by serial then task id. */
  async function trackBySerialAndId(serial, taskId) {
    await s.ui.runCommand('Ping Sweep: Track Task…');
    await answer('Track Task (1/2)', serial);
    await answer('Track Task (2/2)', taskId);
    await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Tracks a task through the palette by pasting its URL or location path into the first box. */
  async function trackByReference(reference) {
    await s.ui.runCommand('Ping Sweep: Track Task…');
    await answer('Track Task (1/2)', reference);
    // A pasted reference names both: no second box.
    await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
  }

  // -- the result webview

  const webview = () => s.ui.webview();

  /** The summary of the visible result view as `{ field: text }` (destination, successRate, packets, ...). */
  async function summary() {
    return webview()
      .locator('#summary .stat')
      .evaluateAll((stats) =>
        Object.fromEntries(stats.map((s) => [s.dataset.field, (s.querySelector('dd')?.textContent || '').trim()])),
      );
  }

  /** Waits until the reply table has painted `count` rows (src/webview/replyTable.ts clears aria-busy when done). */
  async function waitForPaintedReplies(count) {
    const table = webview().locator('#replies');
    await eventually(
      `the reply table to finish painting ${count} rows`,
      async () =>
        (await table.getAttribute('aria-busy')) === 'false' &&
        (await table.getAttribute('data-rendered-rows')) === String(count),
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

  return {
    page,
    showTasksView,
    welcomeText,
    rows,
    waitForRow,
    statusItem,
    statusText,
    clickRow,
    rowTooltip,
    closeQuickInput,
    dialogText,
    box,
    pickLabels,
    waitForMessage,
    refused,
    answer,
    setTokenThroughPalette,
    trackBySerialAndId,
    trackByReference,
    webview,
    summary,
    waitForPaintedReplies,
    replyRows,
  };
}

module.exports = { pageHelpers };
