import * as vscode from 'vscode';
import { WEBVIEW_DIR } from './webviewShell';

/** What every page's webview may do: run its own script, no command links, load from the built pages only. */
export function pageOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR)],
  };
}

/** The webview URI of a built page's file (`result.js`, `pathMtu.css`…), as a string for the HTML shell. */
export function pageAsset(webview: vscode.Webview, extensionUri: vscode.Uri, name: string): string {
  return webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR, name)).toString();
}
