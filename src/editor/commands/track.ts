import * as vscode from 'vscode';
import { normalizeSerial, parseTaskReference, validateSerial, validateTaskId } from '../../core/endpoints';
import { TaskRef } from '../tasks/central';
import { ask } from '../ui/prompts';
import { followInNotification } from '../ui/progress';
import { Services } from '../services';
import { revealTask } from './shared';

const TITLE = 'Track Task';

/** Whether the first box holds a pasted URL or location path rather than a serial. */
function looksLikeReference(value: string): boolean {
  return value.includes('/');
}

function validateFirst(value: string, baseUrl: string): string | undefined {
  if (looksLikeReference(value)) {
    const parsed = parseTaskReference(value, baseUrl || undefined);
    return 'error' in parsed ? parsed.error : undefined;
  }
  return validateSerial(value);
}

/** Reads the task from arguments (API, tests, links) or asks: serial or pasted URL first, then the task id. */
async function resolveRef(baseUrl: string, arg1: unknown, arg2: unknown): Promise<TaskRef | undefined> {
  if (typeof arg1 === 'string' && arg1.trim()) {
    return refFromArgs(arg1.trim(), typeof arg2 === 'string' ? arg2.trim() : undefined, baseUrl);
  }
  const first = await ask({
    title: TITLE,
    step: 1,
    totalSteps: 2,
    prompt: 'Gateway serial number, or paste the async-operation URL or location path',
    placeholder: 'e.g. CN12345678 or /network-troubleshooting/v1/gateways/…/pingSweep/async-operations/…',
    validate: (v) => validateFirst(v, baseUrl),
  });
  if (first === undefined) {
    return undefined;
  }
  if (looksLikeReference(first)) {
    const parsed = parseTaskReference(first, baseUrl || undefined);
    return 'error' in parsed ? undefined : parsed;
  }
  const taskId = await ask({
    title: TITLE,
    step: 2,
    totalSteps: 2,
    prompt: `Task id of the ping sweep on ${normalizeSerial(first)}`,
    placeholder: 'e.g. c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e',
    validate: validateTaskId,
  });
  if (taskId === undefined) {
    return undefined;
  }
  return { serial: normalizeSerial(first), taskId: taskId.toLowerCase() };
}

function refFromArgs(first: string, second: string | undefined, baseUrl: string): TaskRef {
  if (looksLikeReference(first)) {
    const parsed = parseTaskReference(first, baseUrl || undefined);
    if ('error' in parsed) {
      throw new Error(parsed.error);
    }
    return parsed;
  }
  const serialProblem = validateSerial(first);
  if (serialProblem) {
    throw new Error(serialProblem);
  }
  const idProblem = second === undefined ? 'a task id is required after the serial' : validateTaskId(second);
  if (idProblem || second === undefined) {
    throw new Error(idProblem);
  }
  return { serial: normalizeSerial(first), taskId: second.toLowerCase() };
}

/**
 * `pingSweep.trackTask [serialOrUrl] [taskId]`: tracks a task (or focuses it when already tracked) and follows it
 * in a notification. Returns the task's key, for callers that script it.
 */
export async function trackTask(s: Services, arg1?: unknown, arg2?: unknown): Promise<string | undefined> {
  let ref: TaskRef | undefined;
  try {
    ref = await resolveRef(s.settings.current.baseUrl, arg1, arg2);
  } catch (err) {
    void vscode.window.showErrorMessage(`Ping Sweep: cannot track that task: ${(err as Error).message}`);
    return undefined;
  }
  if (!ref) {
    return undefined;
  }
  const { key, added } = s.monitor.track(ref);
  if (added) {
    s.log.info('commands', `tracking ${key}`);
    followInNotification(s.store, key);
    if (s.treeView.visible) {
      await revealTask(s, key, false);
    }
  } else {
    void vscode.window.showInformationMessage(`Ping Sweep: ${ref.taskId} on ${ref.serial} is already tracked.`);
    await revealTask(s, key, true);
  }
  return key;
}
