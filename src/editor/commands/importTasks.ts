import * as vscode from 'vscode';
import { normalizeSerial, validateSerial } from '../../core/endpoints';
import { taskKey } from '../../core/task';
import { Services } from '../services';
import { describeStartFailure } from '../../core/startParams';
import { askSerial } from './start';

interface ImportPick extends vscode.QuickPickItem {
  key: string;
  taskId: string;
  version?: 'v1' | 'v1alpha1';
}

/**
 * `pingSweep.importTasks [serial] [taskIds]`: lists a gateway's recent ping sweeps and tracks the chosen ones.
 * Given task ids (scripts, tests), those of the list are tracked without asking. Returns the tracked keys.
 */
export async function importTasks(s: Services, serialArg?: unknown, idsArg?: unknown): Promise<string[]> {
  let serial: string | undefined;
  if (typeof serialArg === 'string') {
    const problem = validateSerial(serialArg.trim());
    if (problem) {
      void vscode.window.showErrorMessage(`Ping Sweep: nothing imported: ${problem}`);
      return [];
    }
    serial = normalizeSerial(serialArg);
  } else {
    serial = await askSerial(s, 'Import Recent Tasks', 1, 2);
  }
  if (!serial) {
    return [];
  }
  const gateway = serial;
  let refs;
  try {
    refs = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading recent tasks of ${gateway}…` },
      () => s.monitor.listPingSweeps(gateway),
    );
  } catch (err) {
    s.funnel.report('commands', `Ping Sweep: could not list the tasks of ${gateway}`, err, (e) => describeStartFailure(e, gateway));
    return [];
  }
  await s.recents.useSerial(gateway);
  if (refs.length === 0) {
    void vscode.window.showInformationMessage(`Ping Sweep: ${gateway} reports no recent ping sweeps.`);
    return [];
  }
  const items: ImportPick[] = refs.map((r, i) => {
    const key = taskKey(r);
    const tracked = s.store.has(key);
    return {
      key,
      taskId: r.taskId,
      version: r.version,
      label: r.taskId,
      description: `${i === 0 ? 'newest' : `#${i + 1}`}${tracked ? ' · already tracked' : ''}`,
      picked: false,
    };
  });
  let chosen: ImportPick[] | undefined;
  if (Array.isArray(idsArg)) {
    const wanted = new Set(idsArg.map((x) => String(x).toLowerCase()));
    chosen = items.filter((i) => wanted.has(i.taskId));
  } else {
    chosen = await vscode.window.showQuickPick(items, {
      title: 'Import Recent Tasks (2/2)',
      placeHolder: `Ping sweeps on ${gateway}, newest first: pick the ones to track`,
      canPickMany: true,
    });
  }
  if (!chosen || chosen.length === 0) {
    return [];
  }
  const keys = chosen.map((c) => s.monitor.track({ serial: gateway, taskId: c.taskId, version: c.version }).key);
  void vscode.window.showInformationMessage(`Ping Sweep: tracking ${keys.length} task(s) from ${gateway}.`);
  return keys;
}
