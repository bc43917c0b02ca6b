import * as vscode from 'vscode';
import { createNonce, type PageHtmlOptions, WEBVIEW_DIR } from './webviewHtml';

// What every webview panel of the extension sets up alike: its options, its page's files and its tab icon.

/** Scripts on, no command links, and nothing loaded from outside the built pages' folder. */
export function pageOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR)],
  };
}

/** The shell's options for a page's script and stylesheet (file names in the built pages' folder), with a fresh nonce. */
export function pageAssets(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  files: { script: string; style: string },
): PageHtmlOptions {
  const uri = (name: string) =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR, name)).toString();
  return {
    cspSource: webview.cspSource,
    scriptUri: uri(files.script),
    styleUri: uri(files.style),
    nonce: createNonce(),
  };
}

/** The tab icon of a result or comparison. */
export function pageIcon(extensionUri: vscode.Uri): { light: vscode.Uri; dark: vscode.Uri } {
  return {
    light: vscode.Uri.joinPath(extensionUri, 'media', 'resultIcon-light.svg'),
    dark: vscode.Uri.joinPath(extensionUri, 'media', 'resultIcon-dark.svg'),
  };
}
