import * as os from 'os';
import * as vscode from 'vscode';
import { toCsv, toJson } from '../../core/sweep';
import { Services } from '../services';
import { resolveTask } from './shared';

/**
 * `pingSweep.exportResult [key] [targetUri]`: CSV or JSON by the chosen file's extension. The target may be
 * given (scripts, tests); otherwise a save dialog asks.
 */
export async function exportResult(s: Services, arg?: unknown, target?: unknown): Promise<vscode.Uri | undefined> {
  const key = await resolveTask(s, arg, 'Export the result of…', (t) => t.output !== undefined || !!t.resultStored);
  // A stored result may still be loading from its file.
  if (key) await s.results.whenLoaded(key);
  const task = key ? s.store.get(key) : undefined;
  if (!task) {
    return undefined;
  }
  if (!task.output) {
    void vscode.window.showWarningMessage('Ping Sweep: this task has no result yet; export it once it has completed.');
    return undefined;
  }
  let uri = target instanceof vscode.Uri ? target : typeof target === 'string' ? vscode.Uri.file(target) : undefined;
  if (!uri) {
    const name = `ping-sweep-${(task.destination || 'result').replace(/[^\w.-]+/g, '_')}-${task.taskId.slice(0, 8)}.csv`;
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    uri = await vscode.window.showSaveDialog({
      title: 'Export Ping Sweep Result',
      defaultUri: vscode.Uri.joinPath(base, name),
      filters: { 'CSV (spreadsheets)': ['csv'], JSON: ['json'] },
    });
  }
  if (!uri) {
    return undefined;
  }
  const json = uri.path.toLowerCase().endsWith('.json');
  const text = json ? toJson(task) : toCsv(task.output);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  s.log.info('commands', `exported ${key} as ${json ? 'JSON' : 'CSV'} to ${uri.toString()}`);
  void vscode.window.showInformationMessage(`Ping Sweep: result exported to ${uri.fsPath || uri.toString()}.`);
  return uri;
}
