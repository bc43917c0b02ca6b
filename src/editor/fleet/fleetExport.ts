import * as os from 'os';
import * as vscode from 'vscode';
import { fleetCsv } from '../../core/fleet';
import type { Services } from '../services';
import { fleetTable, readFleet } from './fleetModel';

/**
 * Export Result of a fleet: its table (one row per gateway) as CSV. The target may be given (scripts, tests);
 * otherwise a save dialog asks.
 */
export async function exportFleet(s: Services, id: string, target?: unknown): Promise<vscode.Uri | undefined> {
  const state = readFleet(s.groups.get(id)?.state);
  if (!state) {
    void vscode.window.showWarningMessage('Ping Sweep: this fleet is no longer kept, so there is nothing to export.');
    return undefined;
  }
  let uri = target instanceof vscode.Uri ? target : typeof target === 'string' ? vscode.Uri.file(target) : undefined;
  if (!uri) {
    const name = `ping-sweep-fleet-${state.params.destination.replace(/[^\w.-]+/g, '_')}-${state.entries.length}.csv`;
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    uri = await vscode.window.showSaveDialog({
      title: 'Export Fleet Table',
      defaultUri: vscode.Uri.joinPath(base, name),
      filters: { 'CSV (spreadsheets)': ['csv'] },
    });
  }
  if (!uri) return undefined;
  const csv = fleetCsv(fleetTable(state, (key) => s.store.get(key)));
  await vscode.workspace.fs.writeFile(uri, Buffer.from(csv, 'utf8'));
  s.log.info('commands', `exported fleet ${id} as CSV to ${uri.toString()}`);
  void vscode.window.showInformationMessage(`Ping Sweep: fleet table exported to ${uri.fsPath || uri.toString()}.`);
  return uri;
}
