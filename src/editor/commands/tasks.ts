import * as os from 'os';
import * as vscode from 'vscode';
import { isFinal, taskKey } from '../../core/task';
import { toCsv, toJson } from '../../core/sweep';
import { Services } from '../services';
import { resolveTask } from './shared';


/** `pingSweep.openResult [key]` */
export async function openResult(s: Services, arg?: unknown): Promise<string | undefined> {
  const key = await resolveTask(s, arg, 'Open the result of…');
  if (key) {
    s.panels.open(key);
  }
  return key;
}

/** `pingSweep.refresh [key]`: one task from its item; every unfinished task otherwise. */
export function refresh(s: Services, arg?: unknown): void {
  if (typeof arg === 'string' && s.store.has(arg)) {
    s.monitor.refresh(arg);
  } else {
    s.monitor.refresh();
  }
}

/** `pingSweep.removeTask [key]`: stops tracking; never touches the device. */
export async function removeTask(s: Services, arg?: unknown): Promise<void> {
  const key = await resolveTask(s, arg, 'Stop tracking…');
  if (key) {
    s.store.remove(key);
    s.log.info('commands', `stopped tracking ${key}`);
  }
}

/** `pingSweep.clearFinished`: stops tracking every task that has ended. */
export function clearFinished(s: Services): number {
  const finished = s.store.all().filter((t) => isFinal(t.state));
  finished.forEach((t) => s.store.remove(taskKey(t)));
  return finished.length;
}

/** `pingSweep.copyTaskId [key]` */
export async function copyTaskId(s: Services, arg?: unknown): Promise<void> {
  const key = await resolveTask(s, arg, 'Copy the task id of…');
  const task = key ? s.store.get(key) : undefined;
  if (task) {
    await vscode.env.clipboard.writeText(task.taskId);
    vscode.window.setStatusBarMessage(`Copied ${task.taskId}`, 3000);
  }
}

/**
 * `pingSweep.exportResult [key] [targetUri]`: CSV or JSON by the chosen file's extension. The target may be
 * given (scripts, tests); otherwise a save dialog asks.
 */
export async function exportResult(s: Services, arg?: unknown, target?: unknown): Promise<vscode.Uri | undefined> {
  const key = await resolveTask(s, arg, 'Export the result of…', (t) => t.output !== undefined);
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
