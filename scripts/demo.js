#!/usr/bin/env node
// `npm run demo`: builds the extension, starts the Central simulator with demo gateways and tasks,
// and opens a VS Code with the extension loaded from this folder and `pingSweep.baseUrl` pointed at
// the simulator. Desktop VS Code (`code` on PATH, or a copy @vscode/test-electron already downloaded
// into .vscode-test/) where there is one; otherwise the offline host (code-server on 127.0.0.1,
// installed into .vscode-test/offline on first use), whose URL it prints. Ctrl-C stops everything.
//
//   node scripts/demo.js [--port 8787] [--no-open] [--browser] [--no-build] [--smoke]
//
// --smoke checks the demo with nobody at the keyboard (CI): headless Chromium opens the offline host,
// presses the demo shortcut and checks the demo tasks in Tracked Tasks; then everything is stopped and
// the exit code says whether every check passed.
//
// The parts live in scripts/demo/: common.js (paths, demo credentials, output), processes.js (what
// the demo started and its stop on Ctrl-C), build.js, simulator.js, profile.js (the demo profile's
// settings, keybindings and README), desktop.js (desktop VS Code) and offline.js (code-server).
'use strict';

const t0 = Date.now();
const path = require('node:path');
const {
  DEMO_DIR,
  DEFAULT_PORT,
  DEMO_TOKEN,
  DEMO_CLIENT,
  SEED_KEY_LABEL,
  secs,
  say,
  DemoError,
  UsageError,
} = require('./demo/common');
const { running, isStopping, stopAll, onSignal } = require('./demo/processes');
const { build } = require('./demo/build');
const { startDemoSimulator } = require('./demo/simulator');
const { claimDemoDir, writeKeybindings, writeWorkspaceReadme } = require('./demo/profile');
const { findDesktop, openDesktop } = require('./demo/desktop');
const { openOffline } = require('./demo/offline');
const { smokeCheck } = require('./demo/smoke');
const { requireHostPackages } = require('../test/host/system');

const USAGE = `usage: npm run demo -- [options]
  --port <n>    simulator port on 127.0.0.1 (default ${DEFAULT_PORT}; a free one if it is taken)
  --no-open     run only the simulator, open no VS Code
  --browser     use the offline host (code-server in your browser) even where desktop VS Code exists
  --no-build    skip \`npm run build\` and \`npm run compile-tests\`
  --smoke       check the demo in headless Chromium (the extension active, the demo tasks in Tracked
                Tasks), print each check, stop everything, exit 0 only when every check passed`;

function parseArgs(argv) {
  const opts = { port: DEFAULT_PORT, open: true, browser: false, build: true, smoke: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a.startsWith('--port=')) {
      const raw = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const port = Number(raw);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port expects 0..65535, got "${raw}"`);
      opts.port = port;
    } else if (a === '--no-open') opts.open = false;
    else if (a === '--browser') opts.browser = true;
    else if (a === '--no-build') opts.build = false;
    else if (a === '--smoke') opts.smoke = opts.browser = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new UsageError(`unknown option ${a}\n${USAGE}`);
  }
  if (opts.smoke && !opts.open) throw new UsageError('--smoke checks the VS Code the demo opens: drop --no-open');
  return opts;
}

function printInstructions(demo, url, where) {
  const lines = [
    '',
    'Aruba Central Ping Sweep demo',
    `  simulator     ${demo.sim.baseUrl}  (gateway ${demo.serial}: one sweep running, one completed, one failed)`,
  ];
  if (url) lines.push(`  VS Code       ${url}`, '                ^ open this in a browser (Chrome, Edge or Firefox)');
  else if (where) lines.push(`  VS Code       ${where}`);
  lines.push(
    `  access token  ${DEMO_TOKEN}  (client credentials: ${DEMO_CLIENT.id} / ${DEMO_CLIENT.secret})`,
    '',
    `Then: Ping Sweep: Set Credentials… → Access Token → paste ${DEMO_TOKEN}`,
    `and:  Ping Sweep: Import Recent Tasks from Gateway… → ${demo.serial} → pick all (or Track Task… with a URL):`,
    `  running    ${demo.tasks.running}`,
    `  completed  ${demo.tasks.completed}`,
    `  failed     ${demo.tasks.failed}`,
  );
  if (url || where)
    lines.push(`Shortcut: ${SEED_KEY_LABEL} in the demo window does both (sets the token, tracks the three tasks).`);
  if (!url && !where) {
    lines.push(
      '',
      `No VS Code opened (--no-open): set "pingSweep.baseUrl": "${demo.sim.baseUrl}" in your own VS Code's user settings.`,
    );
  }
  lines.push('', `Ready in ${secs(t0)}. Ctrl-C stops everything the demo started.`, '');
  process.stdout.write(lines.join('\n') + '\n');
}

async function main() {
  // A closed stdout (piped into `head`, a closed terminal) must not stop the cleanup.
  process.stdout.on('error', () => {});
  const opts = parseArgs(process.argv.slice(2));
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGHUP', () => onSignal('SIGHUP'));

  // Claimed first, so that a second demo is refused before it rebuilds anything.
  const dirs = opts.open ? claimDemoDir() : undefined;
  const desktop = opts.open && !opts.browser ? findDesktop() : undefined;
  // The offline host may have to be installed first: what that needs from the system is checked now.
  if (opts.open && !desktop) requireHostPackages({ browser: opts.smoke });
  if (opts.build) await build();
  if (isStopping()) return;

  const demo = await startDemoSimulator(opts.port);
  say(`simulator on ${demo.sim.baseUrl} with the demo tasks`);
  if (isStopping()) return;

  let url;
  let where;
  if (opts.open) {
    writeWorkspaceReadme(dirs.workspace, demo);
    writeKeybindings(dirs.userDataDir, demo);
    if (desktop) {
      try {
        await openDesktop(desktop, dirs, demo);
        where = `desktop window, profile in ${path.relative(process.cwd(), DEMO_DIR)}`;
      } catch (err) {
        if (!(err instanceof DemoError)) throw err;
        say(`${err.message}: using the offline host instead`);
      }
    }
    if (!where) url = await openOffline(dirs, demo);
  }
  if (isStopping()) return;
  if (opts.smoke) {
    await smokeCheck(url);
    say('smoke check passed');
    await stopAll('smoke check done');
    process.exit(0);
  }
  printInstructions(demo, url, where);
}

main().catch(async (err) => {
  const known = err instanceof DemoError || (err && err.constructor && err.constructor.name === 'HostError');
  process.stderr.write(`[demo] ${known ? err.message : (err && err.stack) || err}\n`);
  if (running.length) await stopAll('error');
  process.exit(err instanceof UsageError ? 2 : 1);
});
