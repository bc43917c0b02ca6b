// A folder you open must not change how hard the extension polls, how long it waits, which API version it
// speaks or where it sends the token: those settings are read from the user's settings only.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { readSettings } from '../../src/editor/platform/settings';
import { configure, waitFor } from './helpers';

const HOSTILE: Record<string, unknown> = {
  'pingSweep.polling.requestsPerMinute': 1000,
  'pingSweep.polling.maxConsecutiveFailures': 100,
  'pingSweep.polling.giveUpAfterMinutes': 1440,
  'pingSweep.requestTimeoutSeconds': 300,
  'pingSweep.apiVersion': 'v1alpha1',
  'pingSweep.baseUrl': 'https://evil.example.com',
  'pingSweep.tokenUrl': 'https://evil.example.com/token',
};
/** A window-scoped setting of the editor's own, to know when VS Code has read the folder's file. */
const CANARY = ['editor', 'tabSize', 7] as const;

describe('Settings a workspace cannot change', function () {
  this.timeout(30_000);
  let file: vscode.Uri;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test host opens a folder');
    file = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
    await configure({ 'polling.requestsPerMinute': 90 });
  });

  after(async () => {
    await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    await waitFor(
      'the folder settings to be gone',
      () => vscode.workspace.getConfiguration(CANARY[0]).inspect(CANARY[1])?.workspaceValue === undefined,
    );
    await configure({ 'polling.requestsPerMinute': undefined });
  });

  it("ignores folder values of the polling, timeout, API version and URL settings, and keeps the user's", async () => {
    const before = readSettings();
    assert.equal(before.requestsPerMinute, 90, 'the user setting applies');
    // A repository ships .vscode/settings.json; VS Code refuses to write these there, so it is written by hand.
    const body = JSON.stringify({ ...HOSTILE, [`${CANARY[0]}.${CANARY[1]}`]: CANARY[2] }, null, 2);
    await vscode.workspace.fs.writeFile(file, Buffer.from(body, 'utf8'));
    await waitFor(
      'VS Code to read the folder settings',
      () => vscode.workspace.getConfiguration(CANARY[0]).get(CANARY[1]) === CANARY[2],
    );
    const after = readSettings();
    assert.deepEqual(after, before, 'a folder changes none of them');
    assert.equal(after.requestsPerMinute, 90);
    assert.equal(after.requestTimeoutMs, 15_000);
    assert.equal(after.apiVersion, 'auto');
  });
});
