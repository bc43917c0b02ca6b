#!/usr/bin/env node
// The system packages the offline VS Code host needs, checked before any long step starts:
// Debian's `chromium` (the browser the tests, the bench and the demo's smoke check drive), and the
// tools code-server compiles its native modules with when it installs (make, g++, python3, and the
// Kerberos headers of `libkrb5-dev`), needed only while the host is not installed yet.
//
//   node test/host/system.js [--no-browser]   exit 1 with one message naming the install command
//
// A person is told the one command to run. Only a root process without a terminal (a CI job, a
// container build) installs what is missing with apt-get by itself.
// PINGSWEEP_PRETEND_MISSING=libkrb5-dev,chromium makes it act as if those were missing (to try the message).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** The README's line, word for word: apt-get skips what is already there. */
const INSTALL_COMMAND = 'sudo apt-get install -y chromium libkrb5-dev g++ make python3';

class HostError extends Error {}

function chromiumPath(env = process.env) {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

/**
 * What each package provides and how to see that it is there. `need` says when it is needed:
 * `browser` whenever a headless Chromium is driven, `build` while code-server is still to be installed.
 */
const PACKAGES = [
  {
    name: 'chromium',
    need: 'browser',
    why: 'the browser that drives VS Code',
    present: (p) => p.executable(chromiumPath(p.env)),
  },
  {
    name: 'libkrb5-dev',
    need: 'build',
    why: "Kerberos headers for code-server's kerberos module",
    present: (p) => p.file('/usr/include/gssapi/gssapi.h'),
  },
  { name: 'g++', need: 'build', why: "compiles code-server's native modules", present: (p) => p.onPath('g++') },
  { name: 'make', need: 'build', why: 'runs those builds', present: (p) => p.onPath('make') },
  { name: 'python3', need: 'build', why: 'node-gyp runs on it', present: (p) => p.onPath('python3') },
];

/** Looks at the real machine. Tests pass a probe of their own. */
function systemProbe(env = process.env) {
  const executable = (file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  return {
    env,
    executable,
    file: (file) => fs.existsSync(file),
    onPath: (exe) => (env.PATH || '').split(path.delimiter).some((dir) => dir && executable(path.join(dir, exe))),
  };
}

function pretendMissing(env) {
  return new Set((env.PINGSWEEP_PRETEND_MISSING || '').split(/[\s,]+/).filter(Boolean));
}

/**
 * The packages among `needs` (`browser`, `build`) that are missing, in the README's order.
 * @param {Array<'browser'|'build'>} needs
 * @param {ReturnType<typeof systemProbe>} [probe]
 */
function missingPackages(needs, probe = systemProbe()) {
  const pretend = pretendMissing(probe.env || {});
  return PACKAGES.filter((p) => needs.includes(p.need) && (pretend.has(p.name) || !p.present(probe)));
}

/** The one message a person gets: what is missing, why, and the single command that installs it. */
function missingMessage(missing, env = process.env) {
  const lines = [
    `Missing system packages: ${missing.map((p) => `${p.name} (${p.why})`).join(', ')}.`,
    `Install them, then run the same command again:`,
    `  ${INSTALL_COMMAND}`,
  ];
  if (missing.some((p) => p.name === 'chromium')) {
    lines.push(
      `(Chromium is looked for at ${chromiumPath(env)}; elsewhere than Debian/Ubuntu set CHROMIUM_PATH to a Chromium or Chrome.)`,
    );
  }
  return lines.join('\n');
}

/** Installing by itself is only for a root process that no person watches (CI, a container build). */
function mayInstall(probe, { isRoot, interactive }) {
  return isRoot && !interactive && probe.onPath('apt-get') && pretendMissing(probe.env || {}).size === 0;
}

function aptInstall(names, log) {
  log(`installing with apt-get (running as root without a terminal): ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...names],
  ]) {
    const res = spawnSync('apt-get', args, { env, encoding: 'utf8' });
    if (res.status !== 0) {
      throw new HostError(
        `apt-get ${args.join(' ')} failed:\n${(res.stdout + res.stderr).split('\n').slice(-20).join('\n')}`,
      );
    }
  }
}

/**
 * Throws a {@link HostError} with {@link missingMessage} when something in `needs` is missing, after
 * installing it where that is allowed (see {@link mayInstall}).
 */
function requireSystemPackages(needs, opts = {}) {
  const probe = opts.probe || systemProbe();
  const log = opts.log || ((line) => process.stderr.write(`[system] ${line}\n`));
  let missing = missingPackages(needs, probe);
  if (missing.length === 0) return;
  const who = {
    isRoot: opts.isRoot ?? (typeof process.getuid === 'function' && process.getuid() === 0),
    interactive: opts.interactive ?? !!process.stdin.isTTY,
  };
  if (mayInstall(probe, who)) {
    (opts.install || aptInstall)(
      missing.map((p) => p.name),
      log,
    );
    missing = missingPackages(needs, probe);
    if (missing.length === 0) return;
  }
  throw new HostError(missingMessage(missing, probe.env));
}

/**
 * What a run that starts the offline host needs: Chromium (unless `browser` is false, as for a demo a
 * person opens in their own browser), and the build tools while code-server is not installed yet.
 */
function requireHostPackages({ browser = true } = {}) {
  const { missingParts } = require('./install');
  const needs = browser ? ['browser'] : [];
  if (missingParts().includes('codeServer')) needs.push('build');
  requireSystemPackages(needs);
}

module.exports = {
  INSTALL_COMMAND,
  PACKAGES,
  HostError,
  chromiumPath,
  systemProbe,
  missingPackages,
  missingMessage,
  mayInstall,
  requireSystemPackages,
  requireHostPackages,
};

if (require.main === module) {
  try {
    requireHostPackages({ browser: !process.argv.includes('--no-browser') });
  } catch (err) {
    if (!(err instanceof HostError)) throw err;
    process.stderr.write(`\n${err.message}\n\n`);
    process.exit(1);
  }
}
