#!/usr/bin/env node
// `npm run demo`: builds the extension, starts the Central simulator with demo gateways and tasks,
// and opens a VS Code with the extension loaded from this folder and `pingSweep.baseUrl` pointed at
// the simulator. Desktop VS Code (`code` on PATH, or a copy @vscode/test-electron already downloaded
// into .vscode-test/) where there is one; otherwise the offline host (code-server on 127.0.0.1,
// installed into .vscode-test/offline on first use), whose URL it prints. Ctrl-C stops everything.
//
//   node scripts/demo.js [--port 8787] [--no-open] [--browser] [--no-build]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const DEMO_DIR = path.join(ROOT, '.vscode-test', 'demo');
const DEFAULT_PORT = 8787;
// The simulator's own throwaway credentials (the same defaults as `out/test/simulator/main.js`).
const DEMO_TOKEN = 'demo-token-0123456789abcdef';
const DEMO_CLIENT = { id: 'demo-client', secret: 'demo-secret-0123456789' };
// Shortcut of the demo profile that sets the token and tracks the demo tasks in one go.
const SEED_KEY = 'ctrl+alt+d';
const SEED_KEY_LABEL = 'Ctrl+Alt+D';

const USAGE = `usage: npm run demo -- [options]
  --port <n>    simulator port on 127.0.0.1 (default ${DEFAULT_PORT}; a free one if it is taken)
  --no-open     run only the simulator, open no VS Code
  --browser     use the offline host (code-server in your browser) even where desktop VS Code exists
  --no-build    skip \`npm run build\` and \`npm run compile-tests\``;

const t0 = Date.now();
const secs = (from) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
function say(line) {
  process.stdout.write(`[demo] ${line}\n`);
}

/** A failure with a message that says it all (no stack trace). */
class DemoError extends Error {}
class UsageError extends DemoError {}

function parseArgs(argv) {
  const opts = { port: DEFAULT_PORT, open: true, browser: false, build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a.startsWith('--port=')) {
      const raw = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const port = Number(raw);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects 0..65535, got "${raw}"`);
      opts.port = port;
    } else if (a === '--no-open') opts.open = false;
    else if (a === '--browser') opts.browser = true;
    else if (a === '--no-build') opts.build = false;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    else throw new UsageError(`unknown option ${a}\n${USAGE}`);
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------
// What the demo started, stopped in reverse order on Ctrl-C.

/** @type {Array<{ name: string, stop: () => Promise<void> }>} */
const running = [];
let stopping = false;

async function stopAll(reason) {
  if (stopping) return;
  stopping = true;
  say(`${reason}: stopping...`);
  const stopped = [];
  for (const item of running.reverse()) {
    try {
      await item.stop();
      stopped.push(item.name);
    } catch (err) {
      say(`could not stop ${item.name}: ${err.message}`);
    }
  }
  say(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing was running yet');
}

function onSignal(signal) {
  if (stopping) {
    say(`${signal} again: exiting now`);
    process.exit(130); // vscodeHost's exit hook still kills code-server's group
  }
  void stopAll(signal).finally(() => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// Build

function npmRun(script) {
  // Under `npm run`, npm_execpath is npm's own CLI: run it with this Node (no shell needed on Windows).
  const npmCli = process.env.npm_execpath;
  const [cmd, args] =
    npmCli && /\.c?js$/.test(npmCli) ? [process.execPath, [npmCli, 'run', '--silent', script]] : ['npm', ['run', '--silent', script]];
  return new Promise((resolve, reject) => {
    const win = process.platform === 'win32';
    // Its own process group, so that a stop ends npm and the compiler it runs, not npm alone.
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', shell: cmd === 'npm' && win, detached: !win });
    const entry = {
      name: `npm run ${script}`,
      stop: async () => {
        try {
          if (win) child.kill();
          else process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      },
    };
    running.push(entry);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      running.splice(running.indexOf(entry), 1);
      if (code === 0) resolve();
      else reject(new DemoError(`npm run ${script} failed (${signal || `exit ${code}`})`));
    });
  });
}

async function build() {
  const start = Date.now();
  say('building: npm run build, npm run compile-tests');
  await npmRun('build');
  await npmRun('compile-tests');
  say(`built in ${secs(start)}`);
}

// ---------------------------------------------------------------------------------------------
// Simulator (in this process)

function loadSimulator() {
  const dir = path.join(ROOT, 'out', 'test', 'simulator');
  if (!fs.existsSync(path.join(dir, 'main.js'))) {
    throw new DemoError(`${path.relative(process.cwd(), dir)} is missing: run \`npm run compile-tests\` (or drop --no-build)`);
  }
  const { startSimulator } = require(path.join(dir, 'server.js'));
  const { seedDemo, DEMO_SERIAL, DEMO_SERIAL_OFFLINE, DEMO_TASKS } = require(path.join(dir, 'main.js'));
  return { startSimulator, seedDemo, DEMO_SERIAL, DEMO_SERIAL_OFFLINE, DEMO_TASKS };
}

async function startDemoSimulator(port) {
  const simMod = loadSimulator();
  const opts = { host: '127.0.0.1', tokens: [DEMO_TOKEN], clients: [DEMO_CLIENT] };
  let sim;
  try {
    sim = await simMod.startSimulator({ ...opts, port });
  } catch (err) {
    if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES') throw err;
    sim = await simMod.startSimulator({ ...opts, port: 0 });
    say(`port ${port} is ${err.code === 'EADDRINUSE' ? 'in use' : 'not allowed'}: the simulator listens on ${sim.port} instead`);
  }
  simMod.seedDemo(sim, Date.now());
  running.push({ name: `the simulator (${sim.baseUrl})`, stop: () => sim.close() });
  const taskUrl = (id) => `${sim.baseUrl}/network-troubleshooting/v1/gateways/${simMod.DEMO_SERIAL}/pingSweep/async-operations/${id}`;
  return {
    sim,
    serial: simMod.DEMO_SERIAL,
    offlineSerial: simMod.DEMO_SERIAL_OFFLINE,
    tasks: {
      running: taskUrl(simMod.DEMO_TASKS.running),
      completed: taskUrl(simMod.DEMO_TASKS.completed),
      failed: taskUrl(simMod.DEMO_TASKS.failed),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The demo profile: .vscode-test/demo/{user-data,extensions,workspace}, fresh on every run.

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** One demo at a time: a second one would wipe the first one's profile under it. */
function claimDemoDir() {
  const pidFile = path.join(DEMO_DIR, 'demo.pid');
  let owner = 0;
  try {
    owner = Number(fs.readFileSync(pidFile, 'utf8')) || 0;
  } catch {
    /* none */
  }
  if (owner && owner !== process.pid && pidAlive(owner)) {
    throw new DemoError(`another demo (pid ${owner}) is running with ${path.relative(process.cwd(), DEMO_DIR)}: stop it first (Ctrl-C there)`);
  }
  fs.rmSync(DEMO_DIR, { recursive: true, force: true, maxRetries: 3 });
  fs.mkdirSync(DEMO_DIR, { recursive: true });
  fs.writeFileSync(pidFile, String(process.pid));
  process.on('exit', () => fs.rmSync(pidFile, { force: true }));
  const dirs = {
    userDataDir: path.join(DEMO_DIR, 'user-data'),
    extensionsDir: path.join(DEMO_DIR, 'extensions'),
    workspace: path.join(DEMO_DIR, 'workspace'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  return dirs;
}

function demoSettings(sim) {
  return {
    'pingSweep.baseUrl': sim.baseUrl,
    'pingSweep.tokenUrl': sim.tokenUrl,
    // The workspace's README.md (the steps below) opens at start.
    'workbench.startupEditor': 'readme',
  };
}

/**
 * The demo profile's keybindings.json: one shortcut runs the extension's own commands with arguments
 * (the scripting interface the README documents) to set the demo token and track the three tasks,
 * then shows the view. Nothing in the extension knows about the demo.
 */
function writeKeybindings(userDataDir, demo) {
  const commands = [
    { command: 'pingSweep.setCredentials', args: { token: DEMO_TOKEN } },
    ...Object.values(demo.tasks).map((url) => ({ command: 'pingSweep.trackTask', args: url })),
    { command: 'workbench.view.extension.pingSweep' },
  ];
  const bindings = [{ key: SEED_KEY, command: 'runCommands', args: { commands } }];
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'keybindings.json'),
    `// ${SEED_KEY_LABEL}: set the simulator's demo token and track its three demo tasks (written by scripts/demo.js)\n` +
      JSON.stringify(bindings, null, 2) + '\n',
  );
}

function writeWorkspaceReadme(workspace, demo) {
  const text = `# Aruba Central Ping Sweep: demo

This VS Code runs the extension from \`${ROOT}\` against the Central simulator at ${demo.sim.baseUrl}
(\`pingSweep.baseUrl\` is set in this profile's user settings). Nothing here talks to a real Central.

1. Open the **Ping Sweep** view: its icon is in the activity bar on the left.
2. **Ping Sweep: Set Credentials…** (F1, or the view's welcome) → **Access Token** → paste \`${DEMO_TOKEN}\`
   (or **Client Credentials**: id \`${DEMO_CLIENT.id}\`, secret \`${DEMO_CLIENT.secret}\`).
3. **Ping Sweep: Import Recent Tasks from Gateway…** → \`${demo.serial}\` → pick all: one sweep is running,
   one completed with timeouts from 1450 bytes, one failed. Or **Track Task…** and paste one of:
   - running: ${demo.tasks.running}
   - completed: ${demo.tasks.completed}
   - failed: ${demo.tasks.failed}

   Or press **${SEED_KEY_LABEL}** (a shortcut of this demo profile): it runs steps 2 and 3 for you through the
   commands' arguments (\`pingSweep.setCredentials\` with \`{ token }\`, \`pingSweep.trackTask\` with each URL).
4. Click a finished task for its result. **Start Sweep on Gateway…** on \`${demo.serial}\` starts a new one
   (\`${demo.offlineSerial}\` is offline: starting there is refused).

Ctrl-C in the terminal that runs \`npm run demo\` stops the simulator and this VS Code.
The profile lives in \`.vscode-test/demo/\` and is wiped at the next start.
`;
  fs.writeFileSync(path.join(workspace, 'README.md'), text);
}

// ---------------------------------------------------------------------------------------------
// Desktop VS Code

function onPath(exe) {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT || '.CMD;.EXE').split(';') : [''];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = path.join(dir, exe + ext.toLowerCase());
      try {
        fs.accessSync(file, fs.constants.X_OK);
        if (fs.statSync(file).isFile()) return file;
      } catch {
        /* next */
      }
    }
  }
  return undefined;
}

/** A desktop VS Code that @vscode/test-electron downloaded earlier into .vscode-test/ (never downloads one). */
function testElectronDownload() {
  const cache = path.join(ROOT, '.vscode-test');
  let entries = [];
  try {
    entries = fs.readdirSync(cache, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const exeIn = (dir) => {
    if (process.platform === 'win32') return path.join(dir, 'Code.exe');
    if (process.platform === 'darwin') return path.join(dir, 'Visual Studio Code.app', 'Contents', 'MacOS', 'Electron');
    return path.join(dir, 'code');
  };
  const found = entries
    .filter((e) => e.isDirectory() && /^vscode-(?!.*(?:server|cli))/.test(e.name) && !e.name.includes('insiders'))
    .map((e) => path.join(cache, e.name))
    .filter((dir) => fs.existsSync(exeIn(dir)))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return found.length ? exeIn(found[0]) : undefined;
}

/** How to open a desktop VS Code here, or undefined (then the offline host is used). */
function findDesktop() {
  // On Linux a desktop window needs a display.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return undefined;
  const cli = onPath('code');
  // Inside a remote session (SSH, containers, code-server) `code` is the remote CLI: it opens in the
  // client's window and ignores --user-data-dir, so it is no use here.
  if (cli && !/remote-cli/.test(fs.realpathSync(cli))) return { kind: 'cli', exe: cli };
  const exe = testElectronDownload();
  if (exe) return { kind: 'electron', exe };
  return undefined;
}

/** Pids of the processes whose command line contains `needle` (Linux and macOS; none elsewhere). */
function pidsWithArg(needle) {
  const pids = [];
  if (process.platform === 'linux') {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
      try {
        if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
      } catch {
        /* gone */
      }
    }
  } else if (process.platform === 'darwin') {
    const res = spawnSync('ps', ['-axww', '-o', 'pid=,args='], { encoding: 'utf8' });
    for (const line of (res.stdout || '').split('\n')) {
      const m = /^\s*(\d+)\s+(.*)$/.exec(line);
      if (m && m[2].includes(needle) && Number(m[1]) !== process.pid) pids.push(Number(m[1]));
    }
  }
  return pids;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function openDesktop(desktop, dirs, demo) {
  const { userDataDir, extensionsDir, workspace } = dirs;
  const { BASE_SETTINGS } = require('../test/host/vscodeHost');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...demoSettings(demo.sim) }, null, 2),
  );
  // `--flag=value` forms, so that the processes of this window can be found by their command line.
  const args = [
    '--new-window',
    `--extensionDevelopmentPath=${ROOT}`,
    `--user-data-dir=${userDataDir}`,
    `--extensions-dir=${extensionsDir}`,
    '--disable-workspace-trust',
    '--skip-welcome',
    '--skip-release-notes',
    workspace,
  ];
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // set when run from inside VS Code: it would make Electron a plain Node
  delete env.VSCODE_IPC_HOOK_CLI; // would hand the request to the VS Code this terminal belongs to

  const start = Date.now();
  say(`opening desktop VS Code: ${desktop.exe}`);
  if (desktop.kind === 'cli') {
    // The `code` launcher starts VS Code detached and returns; its window is found by the profile path.
    const res = spawnSync(desktop.exe, args, { env, stdio: 'inherit', timeout: 60_000, shell: process.platform === 'win32' });
    if (res.status !== 0) throw new DemoError(`\`code\` failed (${res.error ? res.error.message : `exit ${res.status}`})`);
    running.push({
      name: 'desktop VS Code',
      stop: async () => {
        const needle = `--user-data-dir=${userDataDir}`;
        let pids = pidsWithArg(needle);
        if (process.platform === 'win32') say('close the demo VS Code window yourself (it cannot be found from here on Windows)');
        for (const pid of pids) try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
        for (let waited = 0; waited < 5000 && (pids = pids.filter(pidAlive)).length; waited += 200) await sleep(200);
        for (const pid of pids) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
      },
    });
  } else {
    const child = spawn(desktop.exe, args, { env, stdio: 'ignore', detached: process.platform !== 'win32' });
    child.on('exit', (code, signal) => {
      if (!stopping) say(`desktop VS Code exited (${signal || `exit ${code}`}); the simulator keeps running until Ctrl-C`);
    });
    running.push({
      name: `desktop VS Code (pid ${child.pid})`,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const { killGroup } = require('../test/host/vscodeHost');
        if (process.platform === 'win32') child.kill();
        else await killGroup(child.pid, 5000);
      },
    });
  }
  say(`desktop VS Code started in ${secs(start)}`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Offline host: code-server on 127.0.0.1, opened in any browser

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
  const install = require('../test/host/install');
  const missing = install.missingParts();
  if (missing.length) {
    say('no desktop VS Code here: installing the offline VS Code host (code-server) first, once');
  }
  const start = Date.now();
  await install.ensureHost();
  if (missing.length) say(`offline host installed in ${secs(start)}`);

  const { startCodeServer } = require('../test/host/vscodeHost');
  const extensionId = linkExtension(dirs.extensionsDir);
  const started = Date.now();
  const server = await startCodeServer({
    workDir: DEMO_DIR,
    settings: demoSettings(demo.sim),
    smokeTestDriver: false, // a plain workbench: notifications show, no test hooks
    logFile: path.join(DEMO_DIR, 'code-server.log'),
  });
  running.push({ name: `code-server (process group ${server.pid})`, stop: () => server.stop() });
  say(`code-server (VS Code ${codeServerVersion(install)}) up in ${secs(started)} with ${extensionId} linked from ${ROOT}`);

  // Say so if it dies on its own (the demo keeps the simulator up for another editor).
  const watch = setInterval(() => {
    if (!stopping && !pidAlive(server.pid)) {
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
    const pkg = path.join(install.hostPaths().codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode', 'package.json');
    return JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
  } catch {
    return install.VERSIONS.codeServer;
  }
}

// ---------------------------------------------------------------------------------------------

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
  if (url || where) lines.push(`Shortcut: ${SEED_KEY_LABEL} in the demo window does both (sets the token, tracks the three tasks).`);
  if (!url && !where) {
    lines.push('', `No VS Code opened (--no-open): set "pingSweep.baseUrl": "${demo.sim.baseUrl}" in your own VS Code's user settings.`);
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
  if (opts.build) await build();
  const desktop = opts.open && !opts.browser ? findDesktop() : undefined;
  if (stopping) return;

  const demo = await startDemoSimulator(opts.port);
  say(`simulator on ${demo.sim.baseUrl} with the demo tasks`);
  if (stopping) return;

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
  if (stopping) return;
  printInstructions(demo, url, where);
}

main().catch(async (err) => {
  const known = err instanceof DemoError || (err && err.constructor && err.constructor.name === 'HostError');
  process.stderr.write(`[demo] ${known ? err.message : (err && err.stack) || err}\n`);
  if (running.length) await stopAll('error');
  process.exit(err instanceof UsageError ? 2 : 1);
});
