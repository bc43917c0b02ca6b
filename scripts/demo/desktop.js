// Desktop VS Code: `code` on PATH, or a copy @vscode/test-electron already downloaded into .vscode-test/.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { ROOT, secs, say, DemoError } = require('./common');
const { running, isStopping, pidAlive, pidsWithArg, sleep } = require('./processes');
const { demoSettings } = require('./profile');

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
  let entries;
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

async function openDesktop(desktop, dirs, demo) {
  const { userDataDir, extensionsDir, workspace } = dirs;
  const { BASE_SETTINGS } = require('../../test/host/vscodeHost');
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
    const res = spawnSync(desktop.exe, args, {
      env,
      stdio: 'inherit',
      timeout: 60_000,
      shell: process.platform === 'win32',
    });
    if (res.status !== 0)
      throw new DemoError(`\`code\` failed (${res.error ? res.error.message : `exit ${res.status}`})`);
    running.push({
      name: 'desktop VS Code',
      stop: async () => {
        const needle = `--user-data-dir=${userDataDir}`;
        let pids = pidsWithArg(needle);
        if (process.platform === 'win32')
          say('close the demo VS Code window yourself (it cannot be found from here on Windows)');
        for (const pid of pids)
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            /* gone */
          }
        for (let waited = 0; waited < 5000 && (pids = pids.filter(pidAlive)).length; waited += 200) await sleep(200);
        for (const pid of pids)
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
      },
    });
  } else {
    const child = spawn(desktop.exe, args, { env, stdio: 'ignore', detached: process.platform !== 'win32' });
    child.on('exit', (code, signal) => {
      if (!isStopping())
        say(`desktop VS Code exited (${signal || `exit ${code}`}); the simulator keeps running until Ctrl-C`);
    });
    running.push({
      name: `desktop VS Code (pid ${child.pid})`,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const { killGroup } = require('../../test/host/vscodeHost');
        if (process.platform === 'win32') child.kill();
        else await killGroup(child.pid, 5000);
      },
    });
  }
  say(`desktop VS Code started in ${secs(start)}`);
  return undefined;
}

module.exports = { findDesktop, openDesktop };
