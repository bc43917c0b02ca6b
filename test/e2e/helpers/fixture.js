// What the e2e flows run against: the simulator's gateways, the token, the sweeps they start.
'use strict';

const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..', '..');
const SIMULATOR = path.join(ROOT, 'out', 'test', 'simulator', 'server.js');

const VIEW = 'Tracked Tasks';
const TOKEN = 'e2e-token-0123456789abcdef';
/** The gateway of the tracked tasks. */
const SERIAL = 'CNE2E00001';
/** The gateway sweeps are started on. */
const START_SERIAL = 'CNE2E00002';
/** The gateway recent tasks are imported from. */
const IMPORT_SERIAL = 'CNE2E00003';
/** A gateway that is offline: the simulator answers 409 to a start. */
const OFFLINE_SERIAL = 'CNE2E0OFF1';

/** The sweep of the task followed to COMPLETED: 6 sizes x 5 cycles = 30 replies; 1400 and 1500 time out. */
const SWEEP_A = {
  destination: '10.20.30.40',
  startPacketSize: 1000,
  endPacketSize: 1500,
  sweepInterval: 100,
  count: 5,
};
const FAIL_REASON = 'Gateway uplink is down: no route to 192.0.2.55';

/**
 * The tree's label of a task on SERIAL whose destination is not known yet: the gateway and the first 8
 * characters of the id (random ids of one run share no 8-character prefix).
 */
function idLabel(taskId) {
  return `${SERIAL} · ${taskId.toLowerCase().slice(0, 8)}…`;
}

/** The location path of a task, as Central's async-operation link names it. */
const locationOf = (serial, taskId) =>
  `/network-troubleshooting/v1/gateways/${serial}/pingSweep/async-operations/${taskId}`;

module.exports = {
  ROOT,
  SIMULATOR,
  VIEW,
  TOKEN,
  SERIAL,
  START_SERIAL,
  IMPORT_SERIAL,
  OFFLINE_SERIAL,
  SWEEP_A,
  FAIL_REASON,
  idLabel,
  locationOf,
};
