#!/usr/bin/env node
// Runs the integration suites inside a real VS Code extension host, offline:
// code-server (VS Code 1.139 on Node 24, from the host cache) serves the workbench on 127.0.0.1,
// headless Chromium opens it with the smoke-test driver's payload naming the extension under
// development and the compiled suite, and the run ends when the extension host reports mocha's result.
//
//   node test/host/runIntegration.js [--settings file.json] [--env NAME=value] [--grep pattern] ...
//
// Exit code: mocha's (0 when every test passed), 1 on failure, 2 on bad usage, 124 on timeout, 130 on Ctrl-C.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { parseArgs, checkBuilt, UsageError } = require('./options');
const { startCodeServer, launchChromium } = require('./vscodeHost');
const { ensureHost, requireChromium, HostError, PROJECT_ROOT, VERSIONS } = require('./install');

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results', 'integration');

const t0 = Date.now();
function say(line) {
  const at = ((Date.now() - t0) / 1000).toFixed(1).padStart(5);
  process.stdout.write(`[integration ${at}s] ${line}\n`);
}

/** The extension host's console calls arrive as (format, ...args), as console.log got them. */
function format(args) {
  return util.format(...(Array.isArray(args) ? args : [args]));
}

// The workbench's own log lines reach codeAutomationLog too, mixed with the extension host's
// console output (mocha's reporter, console.log in tests), which is what a reader wants.
// Known workbench chatter at info level is kept out of the live output (it is in workbench.log
// on failure, and shown with --verbose); warnings and errors always show.
const WORKBENCH_CHATTER = [
  /^Resolv(?:ing|ed) connection token/,
  /^Creating a socket/,
  /^(?:Ignoring fetching|Updating) additional builtin extensions/,
  /^\[[\w .:-]+\] /, // tagged workbench components: [Service Worker], [AgentHost:remote], ...
];

// Errors of the workbench itself that say nothing about the extension under test.
const WORKBENCH_KNOWN_ERRORS = [
  /^Timed out waiting for authentication provider 'github'/, // the built-in Copilot entitlement check, offline
  /^Canceled: Canceled/, // requests cut short while the extension host shuts down
];

function isChatter(type, line) {
  if (type === 'info' || type === 'debug' || type === 'trace') return WORKBENCH_CHATTER.some((re) => re.test(line));
  return WORKBENCH_KNOWN_ERRORS.some((re) => re.test(line));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  checkBuilt(opts);
  requireChromium();
  await ensureHost();

  let server;
  let browser;
  const workbenchLog = [];

  const cleanup = async (keepWorkDir) => {
    if (browser) await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    if (server) await server.stop({ keepWorkDir });
  };

  // Ctrl-C or a CI cancel. While starting up, leave at once: the exit hooks kill code-server's
  // process group and Playwright kills its browser. Once running, end the run below, which
  // closes everything in order; a second signal leaves at once.
  let onInterrupt = null;
  let interrupted = null;
  const onSignal = (signal) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (interrupted || !onInterrupt) {
      say(`${signal}: stopping now`);
      process.exit(code);
    }
    interrupted = signal;
    say(`${signal}: stopping code-server and Chromium`);
    onInterrupt(code);
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, onSignal);

  const started = Date.now();
  let code = 1;
  let timer;
  try {
    say(`starting VS Code (code-server ${VERSIONS.codeServer}) on 127.0.0.1`);
    server = await startCodeServer({
      settings: opts.settings,
      env: opts.env,
    });
    say(`code-server is up at ${server.url}; starting Chromium`);
    const launched = await launchChromium();
    browser = launched.browser;
    const page = launched.page;

    let reportExit;
    const exitCode = new Promise((resolve) => {
      reportExit = resolve;
    });
    let exited = false;
    await page.exposeFunction('codeAutomationExit', (c) => {
      exited = true;
      reportExit(Number(c) || 0);
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(args);
      workbenchLog.push(`${type}: ${line}`);
      // One stream keeps the order; after the exit only the shutdown's own noise arrives.
      if (opts.verbose || (!exited && !isChatter(type, line))) process.stdout.write(`${line}\n`);
    });
    page.on('pageerror', (err) => workbenchLog.push(`pageerror: ${err.message}`));
    if (opts.verbose) page.on('console', (m) => process.stdout.write(`[page ${m.type()}] ${m.text()}\n`));

    const url = server.workbenchUrl({
      extensionDevelopmentPath: opts.extension,
      extensionTestsPath: opts.tests,
    });
    say(`running ${path.relative(PROJECT_ROOT, opts.tests) || '.'} in the extension host`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), opts.timeoutSec * 1000);
    });
    const serverGone = new Promise((resolve) => {
      const poll = setInterval(() => {
        try {
          process.kill(server.pid, 0);
        } catch {
          clearInterval(poll);
          resolve('server-exit');
        }
      }, 1000);
      poll.unref();
    });
    const browserGone = new Promise((resolve) => browser.on('disconnected', () => resolve('browser-exit')));
    const signalled = new Promise((resolve) => {
      onInterrupt = (c) => resolve({ signalCode: c });
    });

    const outcome = await Promise.race([exitCode, timeout, serverGone, browserGone, signalled]);
    if (outcome && typeof outcome === 'object') {
      code = outcome.signalCode;
    } else if (outcome === 'timeout') {
      say(`timed out after ${opts.timeoutSec} s`);
      code = 124;
    } else if (typeof outcome === 'string') {
      say(outcome === 'server-exit' ? 'code-server stopped unexpectedly' : 'Chromium stopped unexpectedly');
      code = 1;
    } else {
      say('extension host finished; stopping VS Code');
      code = outcome;
    }
  } finally {
    clearTimeout(timer);
    const failed = code !== 0;
    if ((failed && !interrupted) || opts.keep) {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      fs.writeFileSync(path.join(RESULTS_DIR, 'workbench.log'), workbenchLog.join('\n') + '\n');
      if (server) fs.copyFileSync(server.logFile, path.join(RESULTS_DIR, 'code-server.log'));
      say(`logs kept in ${path.relative(process.cwd(), RESULTS_DIR)}/ (workbench.log, code-server.log)`);
    }
    await cleanup(opts.keep);
    if (opts.keep && server) say(`profile kept in ${server.workDir}`);
  }
  say(`${code === 0 ? 'passed' : `failed (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof UsageError) {
        process.stderr.write(`${err.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`[integration] ${err instanceof HostError ? err.message : err.stack || err}\n`);
      process.exit(1);
    },
  );
}

module.exports = { main };
