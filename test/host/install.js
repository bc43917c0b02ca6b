#!/usr/bin/env node
// Installs the offline test host into a cache folder under the project:
// Node 24 and code-server (a real VS Code served over HTTP) plus playwright-core,
// all from the npm registry, never from the project's own dependencies.
// Chromium comes from the system (Debian's `chromium` package).
//
//   node test/host/install.js          install what is missing, print where it is
//   node test/host/install.js --check  exit 1 when something is missing, install nothing
//   node test/host/install.js --force  reinstall every part
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = process.env.PINGSWEEP_HOST_CACHE
  ? path.resolve(process.env.PINGSWEEP_HOST_CACHE)
  : path.join(PROJECT_ROOT, '.vscode-test', 'offline');

// Exact versions, so that every machine runs the same editor. code-server 4.139.x
// (VS Code 1.139) refuses any Node but 24 in its install script.
const VERSIONS = Object.freeze({
  node: '24.22.3',
  codeServer: '4.139.1',
  playwrightCore: '1.65.1',
});

const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Where each part lives once installed. */
function hostPaths(cacheDir = CACHE_DIR) {
  const nodePkg = path.join(cacheDir, 'node', 'node_modules', NODE_PACKAGE);
  return {
    cacheDir,
    nodeDir: path.join(cacheDir, 'node'),
    nodePackageDir: nodePkg,
    node: path.join(nodePkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node'),
    codeServerDir: path.join(cacheDir, 'code-server'),
    codeServerEntry: path.join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    playwrightDir: path.join(cacheDir, 'playwright'),
    playwrightCore: path.join(cacheDir, 'playwright', 'node_modules', 'playwright-core'),
    marker: path.join(cacheDir, 'host.json'),
  };
}

function chromiumPath() {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

/** Throws an error that says how to get Chromium when it is not there. */
function requireChromium() {
  const exe = chromiumPath();
  try {
    fs.accessSync(exe, fs.constants.X_OK);
  } catch {
    throw new HostError(
      `Chromium was not found at ${exe}. The offline VS Code host drives the system Chromium:\n` +
        '  on Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium\n' +
        '  elsewhere: set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
  }
  return exe;
}

class HostError extends Error {}

/**
 * code-server compiles VS Code's native modules on install; kerberos needs the GSSAPI headers.
 * Say up front what is missing rather than after two minutes of compiling.
 */
function checkBuildTools() {
  if (process.platform !== 'linux') return;
  const onPath = (exe) =>
    (process.env.PATH || '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, exe)));
  const missing = [];
  for (const [exe, pkg] of [['make', 'make'], ['g++', 'g++'], ['python3', 'python3']]) {
    if (!onPath(exe)) missing.push(pkg);
  }
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (missing.length) {
    throw new HostError(
      `code-server builds native modules on install and needs: ${missing.join(', ')}\n` +
        `  on Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
}

function log(line) {
  process.stderr.write(`[offline-host] ${line}\n`);
}

function readMarker(p) {
  try {
    return JSON.parse(fs.readFileSync(p.marker, 'utf8'));
  } catch {
    return {};
  }
}

function writeMarker(p, marker) {
  fs.writeFileSync(p.marker, JSON.stringify(marker, null, 2) + '\n');
}

/** The parts whose installed version differs from the wanted one (or whose files are gone). */
function missingParts(p = hostPaths()) {
  const marker = readMarker(p);
  const missing = [];
  if (marker.node !== `${NODE_PACKAGE}@${VERSIONS.node}` || !fs.existsSync(p.node)) missing.push('node');
  if (marker.codeServer !== `${VERSIONS.codeServer}+node${VERSIONS.node}` || !fs.existsSync(p.codeServerEntry)) {
    missing.push('codeServer');
  }
  if (marker.playwrightCore !== VERSIONS.playwrightCore || !fs.existsSync(path.join(p.playwrightCore, 'package.json'))) {
    missing.push('playwrightCore');
  }
  return missing;
}

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    const out = fs.createWriteStream(opts.logFile, { flags: 'a' });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      out.end();
      if (code === 0) resolve();
      else reject(new HostError(`${cmd} ${args.join(' ')} failed (${signal || `exit ${code}`}); see ${opts.logFile}`));
    });
  });
}

/** Installs `deps` with npm into a fresh staging folder, then swaps it in place of `dir`. */
async function npmInstallInto(dir, deps, env, logFile) {
  // A line every 30 s, so that a quiet CI log shows the install is alive.
  const started = Date.now();
  const beat = setInterval(() => log(`      still installing (${elapsed(started)})...`), 30_000);
  try {
    await npmInstallSteps(dir, deps, env, logFile);
  } finally {
    clearInterval(beat);
  }
}

async function npmInstallSteps(dir, deps, env, logFile) {
  const staging = `${dir}.staging`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  // A package.json of its own keeps npm from walking up into the project's.
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    JSON.stringify({ name: `offline-host-${path.basename(dir)}`, private: true, dependencies: deps }, null, 2) + '\n',
  );
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-update-notifier', '--foreground-scripts', '--loglevel', 'http'],
    { cwd: staging, env: { ...process.env, ...env }, logFile },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir);
}

function elapsed(start) {
  return `${((Date.now() - start) / 1000).toFixed(0)} s`;
}

/** Only one installer at a time per cache folder; a lock left by a dead process is taken over. */
async function withLock(p, fn) {
  const lock = path.join(p.cacheDir, '.install.lock');
  fs.mkdirSync(p.cacheDir, { recursive: true });
  for (let waited = 0; ; waited += 2000) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lock, 'utf8')) || 0;
      let alive = owner > 0;
      try {
        if (alive) process.kill(owner, 0);
      } catch {
        alive = false;
      }
      if (!alive) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (waited === 0) log(`another install (pid ${owner}) is running; waiting for it`);
      if (waited > 20 * 60 * 1000) throw new HostError(`gave up waiting for the install lock ${lock}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * Makes sure the host is installed and returns its paths. Fast (a few stat calls) when it already is.
 * @param {{ force?: boolean, quiet?: boolean }} [options]
 */
async function ensureHost(options = {}) {
  const p = hostPaths();
  if (!options.force && missingParts(p).length === 0) return p;

  return withLock(p, async () => {
    const todo = options.force ? ['node', 'codeServer', 'playwrightCore'] : missingParts(p);
    if (todo.length === 0) return p;
    const logFile = path.join(p.cacheDir, 'install.log');
    fs.writeFileSync(logFile, '');
    const total = Date.now();
    log(
      `installing the offline VS Code host into ${path.relative(process.cwd(), p.cacheDir) || '.'} ` +
        `(first use only: about 2 minutes and 850 MB; log: ${path.relative(process.cwd(), logFile)})`,
    );
    const marker = readMarker(p);

    // If Node is reinstalled, code-server's native modules must be rebuilt against it.
    if (todo.includes('node') && !todo.includes('codeServer')) todo.push('codeServer');

    if (todo.includes('node')) {
      const start = Date.now();
      log(`[1/3] Node ${VERSIONS.node} (${NODE_PACKAGE}) from the npm registry...`);
      await npmInstallInto(p.nodeDir, { [NODE_PACKAGE]: VERSIONS.node }, {}, logFile);
      marker.node = `${NODE_PACKAGE}@${VERSIONS.node}`;
      writeMarker(p, marker);
      log(`      done in ${elapsed(start)}`);
    }

    if (todo.includes('codeServer')) {
      checkBuildTools();
      const start = Date.now();
      log(`[2/3] code-server ${VERSIONS.codeServer}, native modules built with Node ${VERSIONS.node} (the slow part, ~2-3 min)...`);
      const nodeBin = path.dirname(p.node);
      await npmInstallInto(
        p.codeServerDir,
        { 'code-server': VERSIONS.codeServer },
        {
          // npm's own scripts and node-gyp must see Node 24, and build against its headers
          // (without npm_config_nodedir node-gyp tries to download them).
          PATH: `${nodeBin}${path.delimiter}${process.env.PATH}`,
          npm_config_nodedir: p.nodePackageDir,
        },
        logFile,
      );
      marker.codeServer = `${VERSIONS.codeServer}+node${VERSIONS.node}`;
      writeMarker(p, marker);
      log(`      done in ${elapsed(start)}`);
    }

    if (todo.includes('playwrightCore')) {
      const start = Date.now();
      log(`[3/3] playwright-core ${VERSIONS.playwrightCore} (no browser download; the system Chromium is used)...`);
      await npmInstallInto(
        p.playwrightDir,
        { 'playwright-core': VERSIONS.playwrightCore },
        { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
        logFile,
      );
      marker.playwrightCore = VERSIONS.playwrightCore;
      writeMarker(p, marker);
      log(`      done in ${elapsed(start)}`);
    }

    const left = missingParts(p);
    if (left.length) throw new HostError(`install finished but these parts are still missing: ${left.join(', ')}`);
    log(`offline VS Code host ready in ${elapsed(total)}`);
    return p;
  });
}

/** Loads playwright-core from the cache (it is not a project dependency). */
function loadPlaywright(p = hostPaths()) {
  return require(p.playwrightCore);
}

module.exports = { VERSIONS, PROJECT_ROOT, hostPaths, ensureHost, missingParts, chromiumPath, requireChromium, loadPlaywright, HostError };

if (require.main === module) {
  const args = process.argv.slice(2);
  (async () => {
    if (args.includes('--check')) {
      const missing = missingParts();
      if (missing.length) {
        log(`missing: ${missing.join(', ')} (run: node test/host/install.js)`);
        process.exit(1);
      }
      requireChromium();
      log('offline VS Code host is installed');
      return;
    }
    const p = await ensureHost({ force: args.includes('--force') });
    const rel = (f) => path.relative(process.cwd(), f);
    log(`node ${VERSIONS.node}: ${rel(p.node)}`);
    log(`code-server ${VERSIONS.codeServer}: ${rel(p.codeServerEntry)}`);
    log(`playwright-core ${VERSIONS.playwrightCore}: ${rel(p.playwrightCore)}`);
    try {
      log(`chromium: ${requireChromium()}`);
    } catch (err) {
      log(err.message);
      process.exit(1);
    }
  })().catch((err) => {
    log(err instanceof HostError ? err.message : err.stack || String(err));
    process.exit(1);
  });
}
