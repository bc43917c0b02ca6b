// Offline host: code-server on 127.0.0.1, opened in any browser
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, DEMO_DIR, secs, say } = require('./common');
const { running, isStopping, pidAlive } = require('./processes');
const { demoSettings } = require('./profile');

/**
 * Makes the extension a user extension of the demo profile: its folder in the extensions dir is a
 * link to this project, so the editor runs dist/extension.js from here (Reload Window picks up a
 * rebuild) and no smoke-test payload or extension-development window is involved. code-server
 * records the folder in the dir's extensions.json when it scans it.
 */
function linkExtension(extensionsDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const link = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.symlinkSync(ROOT, link, process.platform === 'win32' ? 'junction' : 'dir');
  // The link points back at the project that holds it: take it away when the demo ends, so that
  // no tool walking the project tree later follows it in circles.
  process.on('exit', () => fs.rmSync(link, { force: true }));
  return `${manifest.publisher}.${manifest.name}`;
}

async function openOffline(dirs, demo) {
  const install = require('../../test/host/install');
  const missing = install.missingParts();
  if (missing.length) {
    say('no desktop VS Code here: installing the offline VS Code host (code-server) first, once');
  }
  const start = Date.now();
  await install.ensureHost();
  if (missing.length) say(`offline host installed in ${secs(start)}`);

  const { startCodeServer } = require('../../test/host/vscodeHost');
  const extensionId = linkExtension(dirs.extensionsDir);
  const started = Date.now();
  const server = await startCodeServer({
    workDir: DEMO_DIR,
    settings: demoSettings(demo.sim),
    smokeTestDriver: false, // a plain workbench: notifications show, no test hooks
    logFile: path.join(DEMO_DIR, 'code-server.log'),
  });
  running.push({ name: `code-server (process group ${server.pid})`, stop: () => server.stop() });
  say(
    `code-server (VS Code ${codeServerVersion(install)}) up in ${secs(started)} with ${extensionId} linked from ${ROOT}`,
  );

  // Say so if it dies on its own (the demo keeps the simulator up for another editor).
  const watch = setInterval(() => {
    if (!isStopping() && !pidAlive(server.pid)) {
      clearInterval(watch);
      say(`code-server stopped on its own; its log: ${path.relative(process.cwd(), server.logFile)}`);
    }
  }, 2000);
  watch.unref();
  // The same URL as server.workbenchUrl(), with the folder's slashes left readable.
  return `${server.url}/?folder=${encodeURIComponent(dirs.workspace).replace(/%2F/g, '/')}`;
}

function codeServerVersion(install) {
  try {
    const pkg = path.join(
      install.hostPaths().codeServerDir,
      'node_modules',
      'code-server',
      'lib',
      'vscode',
      'package.json',
    );
    return JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
  } catch {
    return install.VERSIONS.codeServer;
  }
}

module.exports = { openOffline };
