import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'pingsweep-dev.aruba-central-ping-sweep';
// out/test/integration -> the project root, which the runners pass as extensionDevelopmentPath.
const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

describe('extension host smoke', () => {
  it('runs inside a real VS Code', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major > 1 || minor >= 90, `VS Code ${vscode.version} is older than the engines.vscode floor`);
  });

  it('has the extension under development loaded from the source folder', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among the loaded extensions`);
    assert.equal(path.resolve(ext.extensionPath), PROJECT_ROOT, 'loaded from somewhere other than the project');
    assert.equal(ext.packageJSON.main, './dist/extension.js');
    await ext.activate();
    assert.ok(ext.isActive, 'the extension did not activate');
  });
});
