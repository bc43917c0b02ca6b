// `npm run demo -- --smoke`: the demo checked with nobody at the keyboard. Headless Chromium opens the
// demo's VS Code (the offline host), presses the demo profile's shortcut as a person would, and checks
// what a person would see: the workbench, the Ping Sweep container, the extension's three demo tasks
// in Tracked Tasks with their states, and the running one in the status bar. Prints each check.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, SEED_KEY_LABEL, secs, say, DemoError } = require('./common');
const { running } = require('./processes');

const VIEW = 'Tracked Tasks';
const SHOT = path.join(ROOT, 'test-results', 'demo-smoke.png');

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Accessible labels (`label, description`) of the Tracked Tasks rows. */
function treeRows(page) {
  return page
    .locator('.part.sidebar .pane', { has: page.locator(`.pane-header[aria-label^="${VIEW}"]`) })
    .locator('.monaco-list-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') || ''));
}

/** The three demo tasks as the tree shows them, or a list of what is still missing. */
function demoRows(rows) {
  const found = {
    completed: rows.find((r) => r === '10.20.30.1, COMPLETED'),
    failed: rows.find((r) => /^CNDEMO0001 · [0-9a-f]{8}…\w*, FAILED$/.test(r)),
    running: rows.find((r) => /^CNDEMO0001 · [0-9a-f]{8}…\w*, (INITIATED|RUNNING) \d+%$/.test(r)),
  };
  const missing = Object.keys(found).filter((k) => !found[k]);
  return { found, missing };
}

/** Presses the demo shortcut until the demo tasks show (the first press may come before keybindings load). */
async function seedDemoTasks(page) {
  let seen = [];
  for (let attempt = 1; attempt <= 4; attempt++) {
    // Focus the workbench itself (not the README preview's frame), as a click would.
    await page.evaluate(() => document.activeElement && document.activeElement.blur && document.activeElement.blur());
    await page.keyboard.press('Control+Alt+KeyD');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      seen = await treeRows(page).catch(() => []);
      const { found, missing } = demoRows(seen);
      if (missing.length === 0) return found;
      await sleep(250);
    }
  }
  throw new DemoError(
    `the demo tasks did not all show in ${VIEW} after ${SEED_KEY_LABEL}; it showed ${JSON.stringify(seen)}`,
  );
}

/** Runs every check against the demo VS Code at `url`; throws a DemoError at the first that fails. */
async function smokeCheck(url) {
  const { launchChromium } = require('../../test/host/vscodeHost');
  const { browser, page } = await launchChromium();
  running.push({ name: 'headless Chromium', stop: () => Promise.race([browser.close(), sleep(5000)]) });
  let step = 'starting';
  const check = async (what, fn) => {
    step = what;
    const start = Date.now();
    const detail = await fn();
    say(`smoke ok: ${what}${detail ? `: ${detail}` : ''} (${secs(start)})`);
  };
  try {
    await check('the VS Code page loads', async () => {
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 90_000 });
      return `"${await page.title()}"`;
    });
    await check('the Ping Sweep container is in the activity bar', () =>
      page
        .locator('.part.activitybar .action-item [aria-label^="Ping Sweep"]')
        .first()
        .waitFor({ state: 'attached', timeout: 60_000 }),
    );
    await check(
      `${SEED_KEY_LABEL} runs the extension's commands, which activates it, and ${VIEW} shows the demo tasks`,
      async () => {
        const found = await seedDemoTasks(page);
        return Object.values(found)
          .map((r) => `"${r}"`)
          .join(', ');
      },
    );
    await check('the status bar shows the running sweep', async () => {
      const item = page
        .locator('.part.statusbar .statusbar-item')
        .filter({ hasText: /Ping Sweep 1 running/ })
        .first();
      await item.waitFor({ state: 'visible', timeout: 20_000 });
      return `"${(await item.innerText()).trim()}"`;
    });
  } catch (err) {
    fs.mkdirSync(path.dirname(SHOT), { recursive: true });
    await page.screenshot({ path: SHOT }).catch(() => {});
    const why = err instanceof DemoError ? err.message : String(err && err.message ? err.message : err).split('\n')[0];
    throw new DemoError(`smoke check failed at "${step}": ${why} (screenshot: ${path.relative(process.cwd(), SHOT)})`);
  }
}

module.exports = { smokeCheck };
