import * as vscode from 'vscode';
import { inert } from '../../core/errors';
import { groupIdOf } from '../groups/elements';
import type { Services } from '../services';

export { givenKeys as selectedItems } from './given';

// What a command of the tree acts on when several items are selected: VS Code passes the clicked element and
// every selected one; a script passes one key, or keys. Tasks (`SERIAL/id`) and groups (`group:<id>`) alike.

/** Most ignored items named in one message; the rest are counted. */
const NAMED = 3;
/** Longest item quoted back as it was given (a script may pass anything). */
const QUOTED = 60;

export interface Selected {
  /** Tracked task keys given, each once, in the order given. */
  tasks: string[];
  /** Known groups given by their element, each once. */
  groups: string[];
}

/** An item as a message names it, on one line and inert (a key may come from anyone). */
function named(item: unknown): string {
  if (item === null || item === undefined) return String(item);
  if (typeof item !== 'string') return `${/^[aeiou]/.test(typeof item) ? 'an' : 'a'} ${typeof item}`;
  const text = inert(item.length > QUOTED ? `${item.slice(0, QUOTED)}…` : item).replace(/\s+/g, ' ');
  return `"${text}"`;
}

/**
 * Sorts the items into tracked tasks and known groups; anything else (not a string, not tracked, unknown) is
 * left alone, item by item, and named once in one warning that says what is expected.
 */
export function sortSelected(s: Services, items: readonly unknown[], what: string): Selected {
  const tasks = new Set<string>();
  const groups = new Set<string>();
  const ignored: unknown[] = [];
  let ignoredCount = 0;
  for (const item of items) {
    const groupId = groupIdOf(item);
    if (groupId !== undefined && s.groups.get(groupId)) groups.add(groupId);
    else if (typeof item === 'string' && s.store.has(item)) tasks.add(item);
    else if (ignoredCount++ < NAMED) ignored.push(item);
  }
  if (ignoredCount > 0) {
    const more = ignoredCount > NAMED ? ` and ${ignoredCount - NAMED} more` : '';
    void vscode.window.showWarningMessage(
      `Ping Sweep: ${what} left ${ignoredCount} of the ${items.length} selected item(s) alone, which name no ` +
        `tracked task or group: ${ignored.map(named).join(', ')}${more}. Expected "SERIAL/task-id" keys.`,
    );
  }
  return { tasks: [...tasks], groups: [...groups] };
}

/** The tracked tasks of a selection: those given, then those of the groups given, each once. */
export function tasksOf(s: Services, selected: Selected): string[] {
  const keys = new Set(selected.tasks);
  for (const id of selected.groups) {
    s.groups
      .members(id)
      .filter((key) => s.store.has(key))
      .forEach((key) => keys.add(key));
  }
  return [...keys];
}
