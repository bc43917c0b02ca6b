import * as vscode from 'vscode';
import { isFinal, taskKey } from '../../core/task';
import { ORPHAN_MIN_AGE_MS } from '../tasks/sharedTasks';
import { Services } from '../services';
import { resolveTask } from './shared';

// Commands run now and then from the view's menus: bundled with the other rarely used ones (see later.ts).

/** `pingSweep.clearFinished`: stops tracking every task that has ended. */
export function clearFinished(s: Services): number {
  const finished = s.store.all().filter((t) => isFinal(t.state));
  finished.forEach((t) => s.store.remove(taskKey(t)));
  // Their files went with them; files another window left behind (a removal it missed) go too.
  void s.results.sweepOrphans(ORPHAN_MIN_AGE_MS);
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
