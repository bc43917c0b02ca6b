import * as vscode from 'vscode';
import { taskKey, TrackedTask } from '../../core/task';
import type { ComparePageState } from '../../shared/compareProtocol';
import { givenKeys, isComparable, NEEDS_TWO, selectForCompare } from '../compare/compareState';
import { Services } from '../services';

interface SweepPick extends vscode.QuickPickItem {
  key: string;
}

/** A start time as the person reads it, or what the API sent when it is no time. */
function shownTime(text: string | undefined): string {
  const ms = text ? Date.parse(text) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toLocaleString() : (text ?? 'start time unknown');
}

/** The many-pick of the completed tasks; undefined when dismissed or when fewer than two are tracked. */
async function pickCompleted(s: Services): Promise<string[] | undefined> {
  const completed: TrackedTask[] = s.store.all().filter(isComparable);
  if (completed.length < 2) {
    const tracked = completed.length === 0 ? 'none is tracked' : 'only one is tracked';
    void vscode.window.showWarningMessage(`${NEEDS_TWO}; ${tracked}. Start or track another sweep first.`);
    return undefined;
  }
  const items: SweepPick[] = completed.map((t) => ({
    key: taskKey(t),
    label: t.destination || t.taskId,
    description: `${t.serial} · ${shownTime(t.startTime)}`,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Compare Results',
    placeHolder: 'Pick two or more completed sweeps to compare',
    canPickMany: true,
    matchOnDescription: true,
  });
  return picked?.map((p) => p.key);
}

/**
 * `pingSweep.compareResults [key|keys] [keys]`: the tasks selected in the tree (or given by a script), else a
 * many-pick of the completed ones, side by side in one view. Tasks not completed are named once and left
 * out; fewer than two completed is refused with a message.
 */
export async function compareResults(
  s: Services,
  first?: unknown,
  second?: unknown,
): Promise<ComparePageState | undefined> {
  const given = givenKeys(first, second) ?? (await pickCompleted(s));
  if (!given) return undefined;
  const selection = selectForCompare(given, (key) => s.store.get(key));
  if (selection.problem) {
    void vscode.window.showWarningMessage(selection.problem);
    return undefined;
  }
  if (selection.notice) void vscode.window.showWarningMessage(selection.notice);
  return s.compare.open(selection.keys);
}
