import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, VIEW_CONTAINER_ID, VIEW_ID } from '../../src/editor/platform/constants';
import {
  COMPARE_SCRIPT,
  COMPARE_STYLE,
  FLEET_SCRIPT,
  FLEET_STYLE,
  RESULT_SCRIPT,
  RESULT_STYLE,
  WEBVIEW_DIR,
} from '../../src/editor/results/webviewHtml';

/** The user-facing contract: ids and palette titles people bind keys to and scripts drive. */
const CONTRACT: Record<string, string> = {
  'pingSweep.trackTask': 'Ping Sweep: Track Task…',
  'pingSweep.startSweep': 'Ping Sweep: Start Sweep on Gateway…',
  'pingSweep.importTasks': 'Ping Sweep: Import Recent Tasks from Gateway…',
  'pingSweep.setCredentials': 'Ping Sweep: Set Credentials…',
  'pingSweep.clearCredentials': 'Ping Sweep: Clear Credentials',
  'pingSweep.selectCluster': 'Ping Sweep: Select Central Cluster…',
  'pingSweep.openResult': 'Ping Sweep: Open Result',
  'pingSweep.refresh': 'Ping Sweep: Refresh',
  'pingSweep.removeTask': 'Ping Sweep: Stop Tracking',
  'pingSweep.exportResult': 'Ping Sweep: Export Result…',
  'pingSweep.showLog': 'Ping Sweep: Show Log',
  'pingSweep.startSweepOnGateways': 'Ping Sweep: Start Sweep on Several Gateways…',
  'pingSweep.compareResults': 'Ping Sweep: Compare Results…',
};

interface Command {
  command: string;
  title: string;
  category?: string;
}

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const commands: Command[] = pkg.contributes.commands;

describe('package.json manifest', () => {
  it('declares every contract command with its palette title', () => {
    for (const [id, paletteTitle] of Object.entries(CONTRACT)) {
      const c = commands.find((x) => x.command === id);
      assert.ok(c, `${id} is missing`);
      assert.equal(`${c.category}: ${c.title}`, paletteTitle);
    }
  });

  it('declares exactly the commands the code registers', () => {
    assert.deepEqual(commands.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
  });

  it('titles use title case and an ellipsis only when the command asks for more input', () => {
    for (const c of commands) {
      assert.equal(c.category, 'Ping Sweep', `${c.command} category`);
      assert.doesNotMatch(c.title, /\.\.\./, `${c.command}: use the … character`);
      for (const word of c.title.replace('…', '').split(' ')) {
        if (!['to', 'of', 'from', 'on', 'a', 'the'].includes(word)) {
          assert.match(word, /^[A-Z$(]/, `${c.command}: "${word}" should be capitalised`);
        }
      }
    }
  });

  it('has the view container and tree view of the contract', () => {
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].id, VIEW_CONTAINER_ID);
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].title, 'Ping Sweep');
    const view = pkg.contributes.views[VIEW_CONTAINER_ID][0];
    assert.equal(view.id, VIEW_ID);
    assert.equal(view.name, 'Tracked Tasks');
  });

  it('activates on its contributions, plus a restored result, fleet, investigation or compare panel, and bundles to dist', () => {
    // Commands and views activate implicitly; a panel restored after a reload needs its serializer.
    assert.deepEqual(pkg.activationEvents, [
      'onWebviewPanel:pingSweep.result',
      'onWebviewPanel:pingSweep.fleet',
      'onWebviewPanel:pingSweep.pathMtu',
      'onWebviewPanel:pingSweep.compare',
    ]);
    assert.equal(pkg.main, './dist/extension.js');
    assert.deepEqual(pkg.dependencies === undefined ? [] : Object.keys(pkg.dependencies), ['zod']);
  });

  it('keeps the API origin out of workspace settings, so a folder cannot redirect the token', () => {
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['pingSweep.baseUrl'].scope, 'application');
    assert.equal(props['pingSweep.tokenUrl'].scope, 'application');
    for (const [name, prop] of Object.entries<Record<string, unknown>>(props)) {
      assert.ok(prop.markdownDescription || prop.description, `${name} has no description`);
    }
  });

  it('gives every setting an explicit scope, and none that a workspace could set for how we poll or where we send', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { scope?: string }>;
    const userOnly: Record<string, string> = {
      'pingSweep.baseUrl': 'application',
      'pingSweep.tokenUrl': 'application',
      'pingSweep.apiVersion': 'application',
      'pingSweep.polling.requestsPerMinute': 'machine',
      'pingSweep.polling.maxConsecutiveFailures': 'machine',
      'pingSweep.polling.giveUpAfterMinutes': 'machine',
      'pingSweep.requestTimeoutSeconds': 'machine',
    };
    for (const [name, prop] of Object.entries(props)) {
      assert.ok(prop.scope, `${name} has no scope`);
      if (name.startsWith('pingSweep.polling.') || name in userOnly) {
        assert.ok(
          ['application', 'machine'].includes(prop.scope),
          `${name}: a workspace must not set it (scope ${prop.scope})`,
        );
      }
    }
    assert.deepEqual(Object.fromEntries(Object.keys(userOnly).map((k) => [k, props[k]?.scope])), userOnly);
  });

  it('hides item-only commands from the palette', () => {
    const hidden = pkg.contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false');
    assert.deepEqual(
      hidden.map((m: { command: string }) => m.command).sort(),
      [
        COMMANDS.copyTaskId,
        COMMANDS.retryTask,
        COMMANDS.openInvestigation,
        COMMANDS.retryInvestigation,
        COMMANDS.stopInvestigation,
        COMMANDS.refineBoundary,
      ].sort(),
    );
  });

  it('supports untrusted and virtual workspaces: it reads no workspace files', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(pkg.capabilities.virtualWorkspaces, true);
  });
});

describe('bundles loaded on first use', () => {
  const { builds } = require(path.join(root, 'esbuild.js')) as {
    builds: Array<{ entryPoints: unknown; outdir?: string }>;
  };
  const lazy = [
    ...fs
      .readFileSync(path.join(root, 'src/extension.ts'), 'utf8')
      .matchAll(/path\.join\(__dirname, '([\w.]+\.js)'\)/g),
  ].map((m) => m[1]);

  it('are each built by esbuild and shipped in the .vsix', () => {
    assert.ok(lazy.length >= 2, `found ${lazy.join(', ')}`);
    const entries = builds[0].entryPoints as Record<string, string>;
    const shipped = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    for (const file of lazy) {
      assert.ok(entries[file.replace(/\.js$/, '')], `${file} is an entry point of the extension's build`);
      assert.ok(shipped.includes(`!dist/${file}`), `${file} is kept in .vscodeignore`);
    }
  });

  it('ship the pages the panels load', () => {
    const shipped = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    for (const file of [RESULT_SCRIPT, RESULT_STYLE, COMPARE_SCRIPT, COMPARE_STYLE, FLEET_SCRIPT, FLEET_STYLE]) {
      const kept = `!${[...WEBVIEW_DIR, file].join('/')}`;
      assert.ok(shipped.includes(kept), `${kept} is missing from .vscodeignore`);
    }
  });
});
