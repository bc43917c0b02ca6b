// Build: `npm run build` and `npm run compile-tests`, each stoppable by Ctrl-C while it runs.
'use strict';

const { spawn } = require('node:child_process');
const { ROOT, secs, say, DemoError } = require('./common');
const { running } = require('./processes');

function npmRun(script) {
  // Under `npm run`, npm_execpath is npm's own CLI: run it with this Node (no shell needed on Windows).
  const npmCli = process.env.npm_execpath;
  const [cmd, args] =
    npmCli && /\.c?js$/.test(npmCli)
      ? [process.execPath, [npmCli, 'run', '--silent', script]]
      : ['npm', ['run', '--silent', script]];
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

module.exports = { build };
