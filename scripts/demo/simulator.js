// Simulator (in this process), seeded with the demo gateways and tasks.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, DEMO_TOKEN, DEMO_CLIENT, say, DemoError } = require('./common');
const { running } = require('./processes');

function loadSimulator() {
  const dir = path.join(ROOT, 'out', 'test', 'simulator');
  if (!fs.existsSync(path.join(dir, 'main.js'))) {
    throw new DemoError(
      `${path.relative(process.cwd(), dir)} is missing: run \`npm run compile-tests\` (or drop --no-build)`,
    );
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
    say(
      `port ${port} is ${err.code === 'EADDRINUSE' ? 'in use' : 'not allowed'}: the simulator listens on ${sim.port} instead`,
    );
  }
  simMod.seedDemo(sim, Date.now());
  running.push({ name: `the simulator (${sim.baseUrl})`, stop: () => sim.close() });
  const taskUrl = (id) =>
    `${sim.baseUrl}/network-troubleshooting/v1/gateways/${simMod.DEMO_SERIAL}/pingSweep/async-operations/${id}`;
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

module.exports = { startDemoSimulator };
