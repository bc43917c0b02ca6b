// The demo profile: .vscode-test/demo/{user-data,extensions,workspace}, fresh on every run.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, DEMO_DIR, DEMO_TOKEN, DEMO_CLIENT, SEED_KEY, SEED_KEY_LABEL, DemoError } = require('./common');
const { pidAlive } = require('./processes');

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
    throw new DemoError(
      `another demo (pid ${owner}) is running with ${path.relative(process.cwd(), DEMO_DIR)}: stop it first (Ctrl-C there)`,
    );
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
      JSON.stringify(bindings, null, 2) +
      '\n',
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

module.exports = { claimDemoDir, demoSettings, writeKeybindings, writeWorkspaceReadme };
