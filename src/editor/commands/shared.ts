import * as vscode from 'vscode';
import { normalizeSerial, validateSerial } from '../../core/endpoints';
import { TrackedTask } from '../../core/task';
import { ask } from '../ui/prompts';
import { Services } from '../services';

// What several commands need: the task they act on, the gateway serial box, and showing a task in the view.

/**
 * The task a command acts on: the tree item or key it was given, else a quick pick of the tracked tasks.
 * An argument that names no tracked task gets a message, not a silent no-op.
 */
export async function resolveTask(
  s: Services,
  arg: unknown,
  placeHolder: string,
  filter?: (t: TrackedTask) => boolean,
): Promise<string | undefined> {
  if (arg === undefined) {
    return s.later().pickTask(s.store.all(), placeHolder, filter);
  }
  const key = typeof arg === 'string' ? arg : undefined;
  if (key && s.store.has(key)) {
    return key;
  }
  void vscode.window.showErrorMessage(
    `Ping Sweep: no tracked task "${String(key ?? typeof arg)}". Expected "SERIAL/task-id".`,
  );
  return undefined;
}

/** The serial box shared by Start Sweep and Import: prefilled with the last gateway, recent ones listed. */
export function askSerial(s: Services, title: string, step: number, totalSteps: number): Promise<string | undefined> {
  const recent = s.recents.serials();
  return ask({
    title,
    step,
    totalSteps,
    prompt: recent.length ? `Gateway serial number (recent: ${recent.join(', ')})` : 'Gateway serial number',
    placeholder: 'e.g. CN12345678',
    value: recent[0],
    validate: validateSerial,
  }).then((v) => (v === undefined ? undefined : normalizeSerial(v)));
}

/** Selects a task's item in the view; `focus` also brings the view forward. */
export async function revealTask(s: Services, key: string, focus: boolean): Promise<void> {
  try {
    await s.treeView.reveal(key, { select: true, focus });
  } catch (err) {
    s.log.debug('tree', `could not reveal ${key}: ${(err as Error).message}`);
  }
}
