// What every part of `npm run demo` shares: the paths, the simulator's demo credentials, the output.
'use strict';

const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const DEMO_DIR = path.join(ROOT, '.vscode-test', 'demo');
const DEFAULT_PORT = 8787;
// The simulator's own throwaway credentials (the same defaults as `out/test/simulator/main.js`).
const DEMO_TOKEN = 'demo-token-0123456789abcdef';
const DEMO_CLIENT = { id: 'demo-client', secret: 'demo-secret-0123456789' };
// Shortcut of the demo profile that sets the token and tracks the demo tasks in one go.
const SEED_KEY = 'ctrl+alt+d';
const SEED_KEY_LABEL = 'Ctrl+Alt+D';

const secs = (from) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
function say(line) {
  process.stdout.write(`[demo] ${line}\n`);
}

/** A failure with a message that says it all (no stack trace). */
class DemoError extends Error {}
class UsageError extends DemoError {}

module.exports = {
  ROOT,
  DEMO_DIR,
  DEFAULT_PORT,
  DEMO_TOKEN,
  DEMO_CLIENT,
  SEED_KEY,
  SEED_KEY_LABEL,
  secs,
  say,
  DemoError,
  UsageError,
};
