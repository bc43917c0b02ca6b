#!/usr/bin/env node
// Runs the same integration suites with the standard @vscode/test-electron runner: it downloads a
// desktop VS Code (so it needs internet access) into .vscode-test/ and starts it with the
// extension under development. On Linux without a display, run it under `xvfb-run -a`.
// Offline machines and CI use test/host/runIntegration.js instead.
//
//   node test/host/runElectron.js [same options as runIntegration.js]
//   VSCODE_TEST_VERSION=1.90.0 node test/host/runElectron.js    (default: stable)
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs, checkBuilt, UsageError } = require('./options');
const { BASE_SETTINGS } = require('./vscodeHost');
const { PROJECT_ROOT } = require('./install');

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  checkBuilt(opts);
  const { runTests } = require('@vscode/test-electron');

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-electron-'));
  const userDataDir = path.join(workDir, 'user-data');
  const extensionsDir = path.join(workDir, 'extensions');
  const workspace = path.join(workDir, 'workspace');
  for (const d of [path.join(userDataDir, 'User'), extensionsDir, workspace]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...opts.settings }, null, 2),
  );

  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), opts.timeoutSec * 1000);
  });
  try {
    const run = runTests({
      version: process.env.VSCODE_TEST_VERSION || 'stable',
      cachePath: path.join(PROJECT_ROOT, '.vscode-test'),
      extensionDevelopmentPath: opts.extension,
      extensionTestsPath: opts.tests,
      extensionTestsEnv: opts.env,
      launchArgs: [
        workspace,
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        '--disable-extensions', // other extensions; the one under development still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
      ],
    }).then(
      (code) => code,
      (err) => {
        process.stderr.write(`[electron] ${err && err.message ? err.message : err}\n`);
        return err && typeof err.code === 'number' ? err.code || 1 : 1;
      },
    );
    const outcome = await Promise.race([run, timeout]);
    if (outcome === 'timeout') {
      process.stderr.write(`[electron] timed out after ${opts.timeoutSec} s\n`);
      return 124;
    }
    return outcome;
  } finally {
    clearTimeout(timer);
    if (!opts.keep) fs.rmSync(workDir, { recursive: true, force: true, maxRetries: 3 });
    else process.stdout.write(`[electron] profile kept in ${workDir}\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof UsageError ? err.message : `[electron] ${err.stack || err}`}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
