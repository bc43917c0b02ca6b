// End-to-end harness: a real VS Code (code-server) in headless Chromium with the extension loaded,
// driven the way a person drives it: the F1 palette, input boxes, quick picks, the tree, webviews.
//
//   const { startUi } = require('../host/ui');
//   const ui = await startUi({ settings: { 'pingSweep.baseUrl': sim.baseUrl } });
//   await ui.runCommand('Ping Sweep: Track Task…');
//   await ui.typeInQuickInput('CN12345678');
//   await ui.screenshot('track-task');
//   await ui.close();
//
// The extension comes from the source folder (extensionDevelopmentPath, the default) or from a
// .vsix installed into the fresh profile (`vsix: 'x.vsix'`). The smoke-test driver is on, which
// hides notification toasts: read them with readNotifications().
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { startCodeServer, launchChromium, PROJECT_ROOT, HostError } = require('./vscodeHost');

const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const LOG_DIR = path.join(PROJECT_ROOT, 'test-results', 'e2e');

const SEL = {
  workbench: '.monaco-workbench',
  statusbar: '.monaco-workbench .part.statusbar',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRows: '.quick-input-widget .quick-input-list .monaco-list-row',
  quickInputMessage: '.quick-input-widget .quick-input-message',
  quickInputTitle: '.quick-input-widget .quick-input-title',
  notificationsCenter: '.notifications-center',
  notificationItem: '.notifications-center .notification-list-item',
  notificationMessage: '.notification-list-item-message',
};

function slug(name) {
  return (
    String(name)
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'screenshot'
  );
}

function readManifest(extensionPath) {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
  if (manifest.main && !fs.existsSync(path.resolve(extensionPath, manifest.main))) {
    throw new HostError(`${manifest.main} does not exist in ${extensionPath}: run \`npm run build\` first`);
  }
  return manifest;
}

/** The manifest of the one extension installed from a .vsix into a fresh extensions folder. */
function installedManifest(extensionsDir) {
  for (const entry of fs.readdirSync(extensionsDir, { withFileTypes: true })) {
    const file = path.join(extensionsDir, entry.name, 'package.json');
    if (entry.isDirectory() && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  }
  throw new HostError(`no extension was installed into ${extensionsDir}`);
}

/**
 * Starts VS Code with the extension and returns a driver for it.
 * @param {object} [opts]
 * @param {Record<string, unknown>} [opts.settings]  user settings of the fresh profile
 * @param {Record<string, string>} [opts.env]        environment of code-server and so of the extension host
 * @param {string} [opts.vsix]                       install this .vsix instead of loading the source folder
 * @param {string} [opts.extensionDevelopmentPath]   default: the project root (ignored with `vsix`)
 * @param {{width: number, height: number}} [opts.viewport]  default 1400x900
 * @param {number} [opts.startTimeoutMs]             default 90 s
 */
async function startUi(opts = {}) {
  const extensionDevelopmentPath = opts.vsix ? undefined : opts.extensionDevelopmentPath || PROJECT_ROOT;
  // The manifest tells what to wait for: the workbench shows an extension's contributions only
  // once the extension host has scanned it, seconds after the window itself is up.
  let manifest = extensionDevelopmentPath ? readManifest(extensionDevelopmentPath) : undefined;

  const server = await startCodeServer({ settings: opts.settings, env: opts.env, vsix: opts.vsix });
  let browser;
  try {
    if (opts.vsix) manifest = installedManifest(server.extensionsDir);
    const launched = await launchChromium({ viewport: opts.viewport });
    browser = launched.browser;
    const page = launched.page;
    const workbenchLog = [];
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      workbenchLog.push(`${type}: ${(Array.isArray(args) ? args : [args]).map(String).join(' ')}`);
    });
    page.on('pageerror', (err) => workbenchLog.push(`pageerror: ${err.message}`));
    const url = server.workbenchUrl({ extensionDevelopmentPath });
    const ui = new Ui(server, browser, page, url, workbenchLog, opts.startTimeoutMs || 90_000, manifest);
    await ui.open();
    return ui;
  } catch (err) {
    if (browser) await browser.close().catch(() => {});
    await server.stop({ keepWorkDir: false });
    throw err;
  }
}

class Ui {
  constructor(server, browser, page, url, workbenchLog, startTimeoutMs, manifest) {
    this.manifest = manifest;
    this.server = server;
    this.browser = browser;
    /** The Playwright page showing the workbench. */
    this.page = page;
    this.url = url;
    this.workbenchLog = workbenchLog;
    this.startTimeoutMs = startTimeoutMs;
  }

  /** Loads the workbench and waits until it can take commands. */
  async open() {
    await this.page.goto(this.url, { waitUntil: 'domcontentloaded', timeout: this.startTimeoutMs });
    await this.waitForWorkbench();
  }

  /**
   * Waits for the workbench to be restored and for the extension's contributions to show:
   * its first activity bar container when it has one, else its first palette command.
   */
  async waitForWorkbench() {
    const { page } = this;
    await page.locator(SEL.statusbar).waitFor({ state: 'visible', timeout: this.startTimeoutMs });
    // The smoke-test driver's own signal that startup's restore phase is over.
    await page.waitForFunction(() => !!window.driver, null, { timeout: this.startTimeoutMs });
    await page.evaluate(() => window.driver.whenWorkbenchRestored());
    const contributes = (this.manifest && this.manifest.contributes) || {};
    const container = ((contributes.viewsContainers || {}).activitybar || [])[0];
    if (container) {
      await page
        .locator(`.part.activitybar .action-item [aria-label^="${container.title.replace(/"/g, '\\"')}"]`)
        .first()
        .waitFor({ state: 'attached', timeout: this.startTimeoutMs });
      return;
    }
    const command = (contributes.commands || [])[0];
    if (command) {
      const title = command.category ? `${command.category}: ${command.title}` : command.title;
      const deadline = Date.now() + this.startTimeoutMs;
      for (;;) {
        const box = await this.openPalette();
        await box.fill(`>${title}`);
        const found = await this.quickRow(title)
          .waitFor({ state: 'visible', timeout: 2000 })
          .then(
            () => true,
            () => false,
          );
        await page.keyboard.press('Escape');
        if (found) return;
        if (Date.now() > deadline) throw new Error(`the extension's command "${title}" never showed in the palette`);
      }
    }
  }

  /** Reloads the window (the profile and its state are kept), as "Developer: Reload Window" does. */
  async reload() {
    await this.page.reload({ waitUntil: 'domcontentloaded', timeout: this.startTimeoutMs });
    await this.waitForWorkbench();
  }

  /** The quick input's text box (palette, input boxes, quick picks). */
  quickInput() {
    return this.page.locator(SEL.quickInputBox);
  }

  /** Opens the command palette with F1. */
  async openPalette() {
    const box = this.quickInput();
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.page.keyboard.press('F1');
      try {
        await box.waitFor({ state: 'visible', timeout: 3000 });
        return box;
      } catch {
        // Focus may sit in a webview, whose frame keeps the key: give it back to the workbench.
        await this.page.evaluate(
          () => document.activeElement && document.activeElement.blur && document.activeElement.blur(),
        );
        await this.page
          .locator(SEL.statusbar)
          .click({ position: { x: 2, y: 2 } })
          .catch(() => {});
      }
    }
    throw new Error('the command palette did not open on F1');
  }

  /**
   * Runs a command by its palette title, e.g. 'Ping Sweep: Track Task…', as a person does: F1, type, Enter.
   * Waits for the row whose label is exactly `title`, so a missing command fails here, with the rows shown.
   */
  async runCommand(title, { timeoutMs = 15_000 } = {}) {
    const box = await this.openPalette();
    await box.fill(`>${title}`);
    const row = this.quickRow(title);
    try {
      await row.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      const seen = await this.quickItems();
      await this.page.keyboard.press('Escape');
      throw new Error(`no command "${title}" in the palette; it offered: ${JSON.stringify(seen.slice(0, 10))}`);
    }
    await row.click();
  }

  /** The quick input row whose label is exactly `label`. */
  quickRow(label) {
    const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    return this.page
      .locator(SEL.quickInputRows)
      .filter({ has: this.page.locator('.label-name', { hasText: exact }) })
      .first();
  }

  /** Labels of the rows the quick input shows now. */
  async quickItems() {
    return this.page.locator(`${SEL.quickInputRows} .label-name`).allInnerTexts();
  }

  /**
   * Waits for an input box or quick pick to be open, optionally with a given title
   * (e.g. 'Track Task (2/2)') or placeholder.
   */
  async waitForQuickInput({ title, placeholder, timeoutMs = 10_000 } = {}) {
    const box = this.quickInput();
    await box.waitFor({ state: 'visible', timeout: timeoutMs });
    if (title) {
      await this.page.locator(SEL.quickInputTitle).getByText(title).waitFor({ state: 'visible', timeout: timeoutMs });
    }
    if (placeholder) {
      await this.page
        .locator(`${SEL.quickInputBox}[placeholder*="${placeholder.replace(/"/g, '\\"')}"]`)
        .waitFor({ state: 'visible', timeout: timeoutMs });
    }
    return box;
  }

  /** Types into the open input box (replacing what is there) and presses Enter unless told not to. */
  async typeInQuickInput(text, { enter = true } = {}) {
    const box = await this.waitForQuickInput();
    await box.fill(text);
    if (enter) await box.press('Enter');
  }

  /** Picks the quick pick item labelled exactly `label`. */
  async pickQuickItem(label, { timeoutMs = 10_000 } = {}) {
    await this.waitForQuickInput({ timeoutMs });
    const row = this.quickRow(label);
    try {
      await row.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      throw new Error(`no item "${label}" in the quick pick; it offered: ${JSON.stringify(await this.quickItems())}`);
    }
    await row.click();
  }

  /** The validation (or info) message under the input box, '' when none. */
  async quickInputMessage() {
    const msg = this.page.locator(SEL.quickInputMessage);
    if (!(await msg.isVisible())) return '';
    return (await msg.innerText()).trim();
  }

  /** The title of the open quick input (e.g. 'Track Task (1/2)'), '' when none. */
  async quickInputTitle() {
    const t = this.page.locator(SEL.quickInputTitle);
    if (!(await t.isVisible())) return '';
    return (await t.innerText()).trim();
  }

  /**
   * A tree (or list) row whose accessible label contains `label`, optionally inside the view
   * titled `view` (e.g. 'Tracked Tasks'). Returns a Playwright locator.
   */
  treeRow(label, { view } = {}) {
    const scope = view
      ? this.page.locator('.pane', { has: this.page.locator(`.pane-header[aria-label^="${view}"]`) })
      : this.page.locator('.part.sidebar, .part.auxiliarybar, .part.panel');
    return scope.locator(`.monaco-list-row[aria-label*="${label.replace(/"/g, '\\"')}"]`).first();
  }

  /** Accessible labels of every row in a view (e.g. 'Tracked Tasks'). */
  async treeRows(view) {
    return this.page
      .locator('.pane', { has: this.page.locator(`.pane-header[aria-label^="${view}"]`) })
      .locator('.monaco-list-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') || r.textContent || ''));
  }

  /** A status bar item whose text contains `text`. */
  statusBarItem(text) {
    return this.page.locator(`${SEL.statusbar} .statusbar-item`).filter({ hasText: text }).first();
  }

  /**
   * The document inside a webview (the visible one by default), for locators:
   * `ui.webview().locator('#summary')`.
   */
  webview({ nth } = {}) {
    const frames = this.page.frameLocator(nth === undefined ? 'iframe.webview >> visible=true' : 'iframe.webview');
    const frame = nth === undefined ? frames.first() : frames.nth(nth);
    return frame.frameLocator('#active-frame');
  }

  /** Saves a full-window screenshot as test-results/screenshots/<name>.png and returns its path. */
  async screenshot(name) {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${slug(name)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * Texts of the notifications shown so far (the smoke-test driver hides the toasts), newest first.
   * Opens the notification center, reads it, and closes it again.
   */
  async readNotifications() {
    await this.runCommand('Notifications: Show Notifications');
    const center = this.page.locator(SEL.notificationsCenter);
    await center.waitFor({ state: 'visible', timeout: 5000 });
    const texts = await center.locator(SEL.notificationMessage).allInnerTexts();
    await this.runCommand('Notifications: Hide Notifications', { timeoutMs: 5000 }).catch(() =>
      this.page.keyboard.press('Escape'),
    );
    return texts.map((t) => t.trim());
  }

  /** Dismisses every notification. */
  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** Closes the browser and stops code-server; writes the workbench log when `keepLogs`. */
  async close({ keepLogs = false } = {}) {
    if (keepLogs) {
      fs.mkdirSync(LOG_DIR, { recursive: true });
      fs.writeFileSync(path.join(LOG_DIR, 'workbench.log'), this.workbenchLog.join('\n') + '\n');
      fs.copyFileSync(this.server.logFile, path.join(LOG_DIR, 'code-server.log'));
    }
    await Promise.race([this.browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    await this.server.stop();
  }
}

module.exports = { startUi, Ui, SCREENSHOT_DIR, SEL };
