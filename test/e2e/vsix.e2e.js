// The packaged extension, as a person installs it: `npm run package` makes the .vsix (written here into a
// temporary folder), code-server's `--install-extension` puts it into a fresh extensions folder, and VS Code in
// headless Chromium tracks a sweep against the simulator with it. No source folder is loaded: what runs is
// what the .vsix holds.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startUi } = require('../host/ui');
const { eventually } = require('./helpers/wait');
const { pngSize } = require('../../scripts/icon');

const ROOT = path.join(__dirname, '..', '..');
const { startSimulator } = require(path.join(ROOT, 'out', 'test', 'simulator', 'server.js'));

const VIEW = 'Tracked Tasks';
const TOKEN = 'e2e-vsix-token-0123456789';
const SERIAL = 'CNE2EVSIX1';
const DESTINATION = '10.77.0.1';

/** `npm run package -- -o <file>`: the project's own packaging script, as a person runs it. */
function packageWithNpm(out) {
  // Under `npm test`, npm_execpath is npm's CLI: run it with this Node.
  const npmCli = process.env.npm_execpath;
  const [cmd, args] = npmCli && /\.c?js$/.test(npmCli) ? [process.execPath, [npmCli]] : ['npm', []];
  const res = spawnSync(cmd, [...args, 'run', '--silent', 'package', '--', '-o', out], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (res.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`npm run package failed (${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`);
  }
}

describe('e2e: the packaged .vsix, installed with --install-extension, tracks a sweep', function () {
  this.timeout(300_000);
  let dir;
  let sim;
  let ui;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingsweep-vsix-'));
    const vsix = path.join(dir, 'aruba-central-ping-sweep.vsix');
    packageWithNpm(vsix);
    sim = await startSimulator({ tokens: [TOKEN] });
    ui = await startUi({ vsix, settings: { 'pingSweep.baseUrl': sim.baseUrl } });
  });

  after(async function () {
    const failed = this.test.parent.tests.some((t) => t.state === 'failed');
    await ui?.close({ keepLogs: failed });
    await sim?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('installs into a fresh extensions folder: the bundle, the 128x128 icon, no sources', () => {
    const installed = fs
      .readdirSync(ui.server.extensionsDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(ui.server.extensionsDir, e.name));
    assert.equal(installed.length, 1, `installed: ${JSON.stringify(installed)}`);
    const ext = installed[0];
    const manifest = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8'));
    const source = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(`${manifest.publisher}.${manifest.name}`, `${source.publisher}.${source.name}`);
    assert.deepEqual(manifest.extensionKind, source.extensionKind);
    assert.ok(fs.existsSync(path.join(ext, 'dist', 'extension.js')), 'no bundle');
    assert.deepEqual(pngSize(fs.readFileSync(path.join(ext, manifest.icon))), { width: 128, height: 128 });
    for (const absent of ['src', 'test', 'node_modules', 'tsconfig.json']) {
      assert.ok(!fs.existsSync(path.join(ext, absent)), `${absent} was packaged`);
    }
  });

  it('sets credentials and tracks a task to COMPLETED in the Tracked Tasks view', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 3_000, params: { destination: DESTINATION } });
    await ui.runCommand('Ping Sweep: Set Credentials…');
    await ui.pickQuickItem('Access Token', { timeoutMs: 20_000 });
    await ui.waitForQuickInput({ title: 'Set Credentials: Access Token', timeoutMs: 20_000 });
    await ui.typeInQuickInput(TOKEN);
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

    await ui.runCommand('Ping Sweep: Track Task…');
    await ui.waitForQuickInput({ title: 'Track Task (1/2)', timeoutMs: 20_000 });
    await ui.typeInQuickInput(`/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${taskId}`);
    await ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

    const pane = ui.page.locator('.part.sidebar .pane', {
      has: ui.page.locator(`.pane-header[aria-label^="${VIEW}"]`),
    });
    if (!(await pane.isVisible().catch(() => false))) {
      await ui.page.locator('.part.activitybar .action-item [aria-label^="Ping Sweep"]').first().click();
    }
    const rows = () => ui.treeRows(VIEW);
    await eventually(
      'the tracked task to show COMPLETED',
      async () => (await rows()).includes(`${DESTINATION}, COMPLETED`),
      {
        timeoutMs: 60_000,
        describe: rows,
      },
    );
    const polls = sim.requests.filter((r) => r.path.endsWith(taskId));
    assert.ok(
      polls.length >= 1 && polls.every((r) => r.auth === 'valid'),
      'the installed extension polled with the token',
    );
    await ui.screenshot('vsix-tracked');
  });
});
