import * as vscode from 'vscode';
import { isFinal, taskKey } from '../../core/task';
import { ORPHAN_MIN_AGE_MS } from '../tasks/sharedTasks';
import { Services } from '../services';
import { resolveTask } from './shared';
import { groupIdOf } from '../groups/elements';

/** `pingSweep.openResult [key]` */
export async function openResult(s: Services, arg?: unknown): Promise<string | undefined> {
  const key = await resolveTask(s, arg, 'Open the result of…');
  if (key) {
    // A stored result still being read shows once it is in, never as a table without rows.
    await s.results.whenLoaded(key);
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

/**
 * `pingSweep.removeTask [key]`: stops tracking; never touches the device. Given a group's element, stops the
 * group (a running investigation or fleet starts nothing more) and stops tracking its tasks.
 */
export async function removeTask(s: Services, arg?: unknown): Promise<void> {
  const groupId = groupIdOf(arg);
  if (groupId !== undefined) {
    const members = s.groups.members(groupId);
    s.groups.remove(groupId);
    members.filter((key) => s.store.has(key)).forEach((key) => s.store.remove(key));
    s.log.info('commands', `stopped tracking group ${groupId} and its ${members.length} task(s)`);
    return;
  }
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
