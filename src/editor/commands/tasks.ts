import { Services } from '../services';
import { resolveTask } from './shared';
import { selectedItems, sortSelected, tasksOf } from './selection';
import { groupIdOf } from '../groups/elements';
import { fleetIdOf } from '../fleet/fleetElement';

/** `pingSweep.openResult [key]` */
export async function openResult(s: Services, arg?: unknown): Promise<string | undefined> {
  const fleet = fleetIdOf(s, arg);
  if (fleet !== undefined) {
    s.fleets.open(fleet);
    return fleet;
  }
  const key = await resolveTask(s, arg, 'Open the result of…');
  if (key) {
    // A stored result still being read shows once it is in, never as a table without rows.
    await s.results.whenLoaded(key);
    s.panels.open(key);
  }
  return key;
}

/**
 * `pingSweep.refresh [key] [keys]` (and Retry): the selected tasks and the tasks of the selected groups; one
 * task from its item; every unfinished task otherwise (the view's title, or a key that names nothing).
 */
export function refresh(s: Services, first?: unknown, keys?: unknown): void {
  const items = selectedItems(first, keys);
  if (items && items.length > 1) {
    tasksOf(s, sortSelected(s, items, 'Refresh')).forEach((key) => s.monitor.refresh(key));
    return;
  }
  const only = items?.[0];
  const group = groupIdOf(only);
  if (group !== undefined && s.groups.get(group)) {
    tasksOf(s, { tasks: [], groups: [group] }).forEach((key) => s.monitor.refresh(key));
  } else if (typeof only === 'string' && s.store.has(only)) {
    s.monitor.refresh(only);
  } else {
    s.monitor.refresh();
  }
}

/**
 * `pingSweep.removeTask [key] [keys]`: stops tracking every selected task; never touches the device. Given a
 * group's element, stops the group (a running investigation or fleet starts nothing more) and stops tracking
 * its tasks.
 */
export async function removeTask(s: Services, first?: unknown, keys?: unknown): Promise<void> {
  const items = selectedItems(first, keys);
  if (items && items.length > 1) {
    const selected = sortSelected(s, items, 'Stop Tracking');
    selected.groups.forEach((id) => removeGroup(s, id));
    selected.tasks.filter((key) => s.store.has(key)).forEach((key) => removeOne(s, key));
    return;
  }
  const groupId = groupIdOf(items?.[0]);
  if (groupId !== undefined) {
    removeGroup(s, groupId);
    return;
  }
  const key = await resolveTask(s, items?.[0], 'Stop tracking…');
  if (key) removeOne(s, key);
}

function removeGroup(s: Services, groupId: string): void {
  const members = s.groups.members(groupId);
  s.groups.remove(groupId);
  members.filter((key) => s.store.has(key)).forEach((key) => s.store.remove(key));
  s.log.info('commands', `stopped tracking group ${groupId} and its ${members.length} task(s)`);
}

function removeOne(s: Services, key: string): void {
  s.store.remove(key);
  s.log.info('commands', `stopped tracking ${key}`);
}
