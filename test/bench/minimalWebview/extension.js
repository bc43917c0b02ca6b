// The bench's minimal extension: one tree item whose click opens a webview, as Ping Sweep's Tracked Tasks
// item opens a result. The page is the least that shows data from an extension: an HTML shell with the usual
// CSP and nonce, one external script that says "ready", and one row the extension posts back. Plain
// JavaScript, no build, no dependency; `npm run bench` loads it beside Ping Sweep in the same window.
'use strict';

const crypto = require('node:crypto');
const vscode = require('vscode');

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  const item = new vscode.TreeItem('Open minimal webview');
  item.command = { command: 'minimalWebview.open', title: 'Open Minimal Webview' };
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('minimalWebview.view', { getTreeItem: (e) => e, getChildren: () => [item] }),
    vscode.commands.registerCommand('minimalWebview.open', () => open(context.extensionUri)),
  );
}

/** @param {vscode.Uri} extensionUri */
function open(extensionUri) {
  const pageDir = vscode.Uri.joinPath(extensionUri, 'webview');
  const panel = vscode.window.createWebviewPanel('minimalWebview', 'Minimal Webview', vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [pageDir],
  });
  panel.webview.onDidReceiveMessage((message) => {
    if (message && message.type === 'ready') {
      void panel.webview.postMessage({ type: 'row', cells: ['1', '1', '1400', 'No'] });
    }
  });
  const nonce = crypto.randomBytes(16).toString('base64');
  const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(pageDir, 'page.js'));
  panel.webview.html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';">
<title>Minimal Webview</title>
</head>
<body>
<table id="replies"><tbody></tbody></table>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

module.exports = { activate, deactivate() {} };
