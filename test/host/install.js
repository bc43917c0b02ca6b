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
const { HostError, chromiumPath, requireSystemPackages } = require('./system');

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

/** The system Chromium's path; a {@link HostError} naming the install command when it is not there. */
function requireChromium() {
  requireSystemPackages(['browser']);
  return chromiumPath();
}

// What the nested `npm install` may inherit. Under `npm test` or `npm run demo` the outer npm exports
// its own Node and configuration (npm_config_user_agent naming Node 20, npm_config_nodedir,
// npm_config_local_prefix, NODE, npm_node_execpath, npm_lifecycle_*, node_modules/.bin on PATH...):
// code-server's install script reads the Node version from npm_config_user_agent and refuses, and the
// rest would point node-gyp and npm at the outer project. So only what a shell session of the person
// holds, and what reaches the registry (proxies, certificates, npm's own files), goes through.
const PASS_ENV =
  /^(?:HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_\w+|TERM|TZ|TMPDIR|TMP|TEMP|CI|JOBS|CC|CXX|PYTHON|(?:HTTPS?|NO|ALL)_PROXY|NODE_EXTRA_CA_CERTS|SSL_CERT_(?:FILE|DIR)|SYSTEMROOT|COMSPEC|PATHEXT|WINDIR|APPDATA|LOCALAPPDATA|USERPROFILE|PROGRAMDATA|HOMEDRIVE|HOMEPATH)$/i;
const PASS_NPM_CONFIG =
  /^npm_config_(?:registry|cafile|ca|cert|key|proxy|https_proxy|noproxy|strict_ssl|userconfig|globalconfig|cache|fetch_[a-z_]+)$/i;
/** PATH entries npm adds for scripts: the outer project's tools and npm's node-gyp shim. */
const NPM_PATH_ENTRY = /[\\/](?:node_modules[\\/]\.bin|node-gyp-bin)[\\/]?$/;

/**
 * The environment of a nested `npm install`: an allow-list of `parentEnv`, its PATH without npm's
 * script entries, then `extra` (which may set PATH, prepended to the cleaned one as `extraPath`).
 * @param {NodeJS.ProcessEnv} parentEnv
 * @param {{ extraPath?: string, extra?: Record<string, string> }} [opts]
 */
function cleanInstallEnv(parentEnv, opts = {}) {
  const env = {};
  let pathValue = '';
  for (const [name, value] of Object.entries(parentEnv)) {
    if (value === undefined) continue;
    if (/^path$/i.test(name)) pathValue = value;
    else if (PASS_ENV.test(name) || PASS_NPM_CONFIG.test(name)) env[name] = value;
  }
  const dirs = pathValue.split(path.delimiter).filter((dir) => dir && !NPM_PATH_ENTRY.test(dir));
  if (opts.extraPath) dirs.unshift(opts.extraPath);
  env.PATH = dirs.join(path.delimiter);
  return { ...env, ...(opts.extra || {}) };
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
  if (
    marker.playwrightCore !== VERSIONS.playwrightCore ||
    !fs.existsSync(path.join(p.playwrightCore, 'package.json'))
  ) {
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

/**
 * Installs `deps` with npm into a fresh staging folder, then swaps it in place of `dir`.
 * @param {{ extraPath?: string, extra?: Record<string, string> }} env  see {@link cleanInstallEnv}
 */
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
    { cwd: staging, env: cleanInstallEnv(process.env, env), logFile },
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
    // If Node is reinstalled, code-server's native modules must be rebuilt against it.
    if (todo.includes('node') && !todo.includes('codeServer')) todo.push('codeServer');
    // Its build tools are checked before anything is downloaded, not after minutes of work.
    if (todo.includes('codeServer')) requireSystemPackages(['build']);
    const logFile = path.join(p.cacheDir, 'install.log');
    fs.writeFileSync(logFile, '');
    const total = Date.now();
    log(
      `installing the offline VS Code host into ${path.relative(process.cwd(), p.cacheDir) || '.'} ` +
        `(first use only: about 2 minutes and 850 MB; log: ${path.relative(process.cwd(), logFile)})`,
    );
    const marker = readMarker(p);

    if (todo.includes('node')) {
      const start = Date.now();
      log(`[1/3] Node ${VERSIONS.node} (${NODE_PACKAGE}) from the npm registry...`);
      await npmInstallInto(p.nodeDir, { [NODE_PACKAGE]: VERSIONS.node }, {}, logFile);
      marker.node = `${NODE_PACKAGE}@${VERSIONS.node}`;
      writeMarker(p, marker);
      log(`      done in ${elapsed(start)}`);
    }

    if (todo.includes('codeServer')) {
      const start = Date.now();
      log(
        `[2/3] code-server ${VERSIONS.codeServer}, native modules built with Node ${VERSIONS.node} (the slow part, ~2-3 min)...`,
      );
      await npmInstallInto(
        p.codeServerDir,
        { 'code-server': VERSIONS.codeServer },
        {
          // npm's own scripts and node-gyp must see Node 24, and build against its headers
          // (without npm_config_nodedir node-gyp tries to download them).
          extraPath: path.dirname(p.node),
          extra: { npm_config_nodedir: p.nodePackageDir },
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
        { extra: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } },
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

module.exports = {
  VERSIONS,
  PROJECT_ROOT,
  hostPaths,
  ensureHost,
  missingParts,
  chromiumPath,
  requireChromium,
  cleanInstallEnv,
  loadPlaywright,
  HostError,
};

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
