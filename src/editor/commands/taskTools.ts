import * as vscode from 'vscode';
import { isFinal, taskKey } from '../../core/task';
import { ORPHAN_MIN_AGE_MS } from '../tasks/sharedTasks';
import { Services } from '../services';
import { resolveTask } from './shared';
import { selectedItems, sortSelected, tasksOf } from './selection';

// Commands run now and then from the view's menus: bundled with the other rarely used ones (see later.ts).

/** `pingSweep.clearFinished`: stops tracking every task that has ended. */
export function clearFinished(s: Services): number {
  const finished = s.store.all().filter((t) => isFinal(t.state));
  finished.forEach((t) => s.store.remove(taskKey(t)));
  // Their files went with them; files another window left behind (a removal it missed) go too.
  void s.results.sweepOrphans(ORPHAN_MIN_AGE_MS);
  return finished.length;
}

/** `pingSweep.copyTaskId [key] [keys]`: the id of every selected task (and of a selected group's), one a line. */
export async function copyTaskId(s: Services, first?: unknown, keys?: unknown): Promise<void> {
  const items = selectedItems(first, keys);
  const chosen =
    items && items.length > 1
      ? tasksOf(s, sortSelected(s, items, 'Copy Task ID'))
      : [await resolveTask(s, items?.[0], 'Copy the task id of…')];
  const ids = chosen.flatMap((key) => (key && s.store.get(key)?.taskId) || []);
  if (ids.length) {
    await vscode.env.clipboard.writeText(ids.join('\n'));
    vscode.window.setStatusBarMessage(ids.length === 1 ? `Copied ${ids[0]}` : `Copied ${ids.length} task ids`, 3000);
  }
}
