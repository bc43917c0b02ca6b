// What the demo started, stopped in reverse order on Ctrl-C; and the process look-ups that needs.
'use strict';

const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { say } = require('./common');

/** @type {Array<{ name: string, stop: () => Promise<void> }>} */
const running = [];
let stopping = false;

/** True once a stop has begun: the steps still under way check it and give up quietly. */
function isStopping() {
  return stopping;
}

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

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
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

module.exports = { running, isStopping, stopAll, onSignal, pidAlive, pidsWithArg, sleep };
