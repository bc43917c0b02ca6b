// A real VS Code in headless Chromium with the extension loaded from the source folder:
// the palette opens on F1 and offers the extension's commands; a screenshot records it.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startUi } = require('../host/ui');

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

/** Palette titles of the manifest's commands that the palette shows unconditionally. */
function paletteTitles() {
  const contributes = manifest.contributes || {};
  const conditional = new Set(((contributes.menus || {}).commandPalette || []).map((m) => m.command));
  return (contributes.commands || [])
    .filter((c) => !conditional.has(c.command))
    .map((c) => (c.category ? `${c.category}: ${c.title}` : c.title));
}

describe('e2e smoke: VS Code in a browser', function () {
  let ui;

  before(async function () {
    ui = await startUi();
  });

  after(async function () {
    const failed = this.test.parent.tests.some((t) => t.state === 'failed');
    await ui?.close({ keepLogs: failed });
  });

  it('opens the command palette on F1 and lists the extension commands', async () => {
    const box = await ui.openPalette();
    assert.equal(await box.inputValue(), '>');
    const titles = paletteTitles();
    const category = titles.length ? titles[0].split(':')[0] : 'Notifications';
    await box.fill(`>${category}`);
    await ui.quickRow(titles[0] || 'Notifications: Show Notifications').waitFor({ state: 'visible' });
    const offered = await ui.quickItems();
    for (const title of titles) {
      assert.ok(
        offered.includes(title),
        `the palette does not offer "${title}"; it offered ${JSON.stringify(offered)}`,
      );
    }
    const shot = await ui.screenshot('smoke-palette');
    assert.ok(fs.statSync(shot).size > 10_000, 'the screenshot is suspiciously small');
    await ui.page.keyboard.press('Escape');
    await ui.quickInput().waitFor({ state: 'hidden' });
  });

  it('runs a command from the palette and reads the message it shows in the notification center', async () => {
    // With nothing tracked, Open Result says so in a notification instead of offering an empty pick.
    await ui.runCommand('Ping Sweep: Open Result');
    let texts = [];
    for (let i = 0; i < 40 && !texts.some((t) => t.includes('no tracked task fits')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      texts = await ui.readNotifications();
    }
    assert.ok(
      texts.some((t) => t.includes('Ping Sweep: no tracked task fits')),
      `the notification center shows ${JSON.stringify(texts)}`,
    );
  });
});
