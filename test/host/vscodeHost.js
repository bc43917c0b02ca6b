// Starts a real VS Code (code-server) on loopback and a headless Chromium pointed at it.
// Used by the integration runner (tests inside the extension host) and by the e2e harness
// (driving the UI). Everything it starts is stopped by `stop()`, and by process exit.
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { spawn, spawnSync } = require('node:child_process');
const { ensureHost, requireChromium, loadPlaywright, PROJECT_ROOT, HostError } = require('./install');

/** Chromium flags for a closed machine: no background traffic, no GPU, no sandbox (we may be root). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Settings every run starts from: no welcome page, no update or telemetry traffic. */
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'window.restoreWindows': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Whether any process of the group is still running. Zombies do not count: children of a killed
 * server wait to be reaped by init, which can take seconds, yet they hold nothing open.
 */
function groupAlive(pgid) {
  if (process.platform === 'linux') {
    try {
      for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        let stat;
        try {
          stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        } catch {
          continue; // exited while we looked
        }
        // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
      }
      return false;
    } catch {
      /* no /proc: fall through */
    }
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends a whole process group: TERM, then KILL after `graceMs`. Safe to call twice. */
async function killGroup(pid, graceMs = 3000) {
  if (!groupAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let waited = 0; waited < graceMs && groupAlive(pid); waited += 100) await sleep(100);
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

// Process groups still running when node exits (normally, by an uncaught error, or by process.exit)
// are killed synchronously here, so that no code-server outlives its runner.
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

function writeSettings(userDataDir, settings) {
  const userDir = path.join(userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Installs a .vsix into an extensions folder with code-server's CLI.
 * @param {string} vsix
 * @param {string} extensionsDir
 */
async function installVsix(vsix, extensionsDir, userDataDir) {
  const host = await ensureHost();
  const res = spawnSync(
    host.node,
    [
      host.codeServerEntry,
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--config',
      os.devNull,
      '--install-extension',
      path.resolve(vsix),
      '--force',
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (res.status !== 0) throw new HostError(`installing ${vsix} failed:\n${res.stdout}\n${res.stderr}`);
}

/**
 * Starts code-server in its own process group on 127.0.0.1 with a fresh profile.
 * @param {object} [opts]
 * @param {Record<string, unknown>} [opts.settings]  user settings (merged over BASE_SETTINGS)
 * @param {Record<string, string>} [opts.env]        extra environment for the server and so the extension host
 * @param {string} [opts.vsix]                       a .vsix to install before starting
 * @param {boolean} [opts.smokeTestDriver=true]      needed for the test payload; also hides notification toasts
 * @param {string} [opts.workDir]                    where to put the profile (default: a new temp folder)
 * @param {string} [opts.logFile]                    code-server's output (default: <workDir>/code-server.log)
 */
async function startCodeServer(opts = {}) {
  const host = await ensureHost();
  const workDir = opts.workDir || fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-host-'));
  const ownsWorkDir = !opts.workDir;
  const userDataDir = path.join(workDir, 'user-data');
  const extensionsDir = path.join(workDir, 'extensions');
  const workspace = path.join(workDir, 'workspace');
  const xdg = path.join(workDir, 'xdg');
  const tmp = path.join(workDir, 'tmp');
  for (const d of [userDataDir, extensionsDir, workspace, xdg, tmp]) fs.mkdirSync(d, { recursive: true });
  writeSettings(userDataDir, opts.settings || {});
  if (opts.vsix) await installVsix(opts.vsix, extensionsDir, userDataDir);

  const logFile = opts.logFile || path.join(workDir, 'code-server.log');
  const configFile = path.join(workDir, 'code-server.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');

  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const args = [
      host.codeServerEntry,
      '--config',
      configFile,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--reconnection-grace-time',
      '5',
    ];
    if (opts.smokeTestDriver !== false) args.push('--vscode-option', 'enable-smoke-test-driver');
    const out = fs.openSync(logFile, 'a');
    const child = spawn(host.node, args, {
      // detached = setsid: one kill of the group ends the server and every helper it spawns.
      detached: true,
      stdio: ['ignore', out, out],
      cwd: workspace,
      env: {
        ...process.env,
        // code-server keeps its own state under XDG folders: keep it out of the user's home.
        XDG_DATA_HOME: path.join(xdg, 'data'),
        XDG_CONFIG_HOME: path.join(xdg, 'config'),
        XDG_CACHE_HOME: path.join(xdg, 'cache'),
        // The server leaves its IPC sockets in the temp folder: keep them in ours, removed on stop.
        TMPDIR: tmp,
        // No extension gallery: the machine may be offline, and tests must not depend on one.
        EXTENSIONS_GALLERY: '{}',
        ...(opts.env || {}),
      },
    });
    fs.closeSync(out);
    liveGroups.add(child.pid);
    let exited = null;
    child.on('exit', (code, signal) => {
      exited = signal || `exit ${code}`;
    });

    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    let ready = false;
    while (!exited && Date.now() < deadline) {
      if ((await httpStatus(`${url}/healthz`)) === 200) {
        ready = true;
        break;
      }
      await sleep(200);
    }
    if (ready) {
      let stopped = false;
      return {
        url,
        port,
        pid: child.pid,
        workDir,
        userDataDir,
        extensionsDir,
        workspace,
        logFile,
        /** The workbench URL for a folder, with an optional smoke-test payload. */
        workbenchUrl(params = {}) {
          return workbenchUrl(url, port, { folder: workspace, ...params });
        },
        async stop({ keepWorkDir = false } = {}) {
          if (stopped) return;
          stopped = true;
          await killGroup(child.pid);
          liveGroups.delete(child.pid);
          if (ownsWorkDir && !keepWorkDir) fs.rmSync(workDir, { recursive: true, force: true, maxRetries: 3 });
        },
      };
    }
    await killGroup(child.pid);
    liveGroups.delete(child.pid);
    lastError = exited
      ? `code-server stopped (${exited}) before it answered`
      : 'code-server did not answer within 60 s';
    if (!/EADDRINUSE/.test(tail(logFile))) break; // only a lost port race is worth another try
  }
  const log = tail(logFile);
  if (ownsWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
  throw new HostError(`${lastError}. Last lines of its log:\n${log}`);
}

/**
 * Builds `http://127.0.0.1:PORT/?folder=...&payload=...`. Paths in the payload become
 * vscode-remote URIs on this server (the extension host runs on the server side).
 */
function workbenchUrl(url, port, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${encodeURI(path.resolve(p))}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = new URLSearchParams();
  if (folder) q.set('folder', path.resolve(folder));
  if (payload.length) q.set('payload', JSON.stringify(payload));
  const qs = q.toString();
  return `${url}/${qs ? `?${qs}` : ''}`;
}

/**
 * Launches the system Chromium, headless, through playwright-core (from the host cache).
 * @param {{ viewport?: { width: number, height: number } }} [opts]
 */
async function launchChromium(opts = {}) {
  const host = await ensureHost();
  const executablePath = requireChromium();
  const { chromium } = loadPlaywright(host);
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    // The runners handle signals themselves and close the browser in order.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const context = await browser.newContext({ viewport: opts.viewport || { width: 1400, height: 900 } });
  const page = await context.newPage();
  return { browser, context, page };
}

module.exports = {
  PROJECT_ROOT,
  sleep,
  CHROMIUM_ARGS,
  BASE_SETTINGS,
  startCodeServer,
  launchChromium,
  workbenchUrl,
  killGroup,
  freePort,
  installVsix,
  HostError,
};
