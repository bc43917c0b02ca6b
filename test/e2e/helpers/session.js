// One VS Code and one simulator for the e2e flows, started once for all of them, and what the flows achieved.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { startUi } = require('../../host/ui');
const { ROOT, SIMULATOR, TOKEN } = require('./fixture');
const { pageHelpers } = require('./page');
const { sleep } = require('./wait');

/**
 * Registers the hooks of the enclosing describe (start, tidy up after each flow, close) and returns the
 * session: `ui`, `sim`, what earlier flows achieved (`done`), the task ids they made (`ids`), `shot`,
 * `requires` and the page helpers.
 */
function flowSession() {
  const s = {
    /** @type {import('../../host/ui').Ui} */
    ui: undefined,
    /** @type {import('../../simulator/server').Simulator} */
    sim: undefined,
    /** What earlier flows achieved, so that later ones can skip with a reason instead of failing confusingly. */
    done: { credentials: false, trackedA: false, completedA: false, failedTask: false },
    /** Task ids created in the simulator. */
    ids: {},
    /** Whether a flow failed: the host's logs are kept then. */
    failed: false,
  };
  let shotNumber = 0;
  s.shot = (name) => s.ui.screenshot(`flows-${String(++shotNumber).padStart(2, '0')}-${name}`);
  /** Skips the running test unless an earlier flow achieved `what`. */
  s.requires = (ctx, what, reason) => {
    if (!s.done[what]) {
      console.log(`      (skipped: needs ${reason}, which an earlier flow did not achieve)`);
      ctx.skip();
    }
  };
  Object.assign(s, pageHelpers(s));

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
    s.sim = await startSimulator({
      tokens: [TOKEN],
      // Sweeps started from the UI run long enough to be seen running, with timeouts at large sizes.
      startScenario: { scenario: 'complete', durationMs: 90_000, timeoutFromSize: 1450 },
    });
    s.ui = await startUi({
      settings: { 'pingSweep.baseUrl': s.sim.baseUrl },
      viewport: { width: 1280, height: 800 },
      startTimeoutMs: 180_000,
    });
  });

  afterEach(async function () {
    if (this.currentTest && this.currentTest.state === 'failed') s.failed = true;
    if (this.currentTest && this.currentTest.state === 'failed' && s.ui) {
      await s.ui.screenshot(`flows-FAILED-${this.currentTest.title}`).catch(() => {});
    }
    if (s.ui) {
      // Leave the window usable for the next flow: no dialog, no open box.
      for (let i = 0; i < 3 && (await s.dialogText().catch(() => '')); i++) {
        await s.page().keyboard.press('Escape');
        await sleep(300);
      }
      await s.closeQuickInput().catch(() => {});
    }
  });

  after(async function () {
    this.timeout(60_000);
    await s.ui?.close({ keepLogs: s.failed });
    await s.sim?.close();
  });

  return s;
}

module.exports = { flowSession };
