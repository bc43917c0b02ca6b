import type * as vscode from 'vscode';
import { ApiError } from '../../core/errors';
import type { StageResult } from '../../core/pathMtu';
import type { TrackedTask } from '../../core/task';
import type { TaskStore } from '../tasks/taskStore';

/**
 * How a tracked task stands for a stage awaiting it: a final result, a reason the runner pauses on (thrown:
 * polling stopped for credentials, access or failures), or undefined while it is still under way.
 */
export function stageOutcome(key: string, task: TrackedTask | undefined): StageResult | undefined {
  if (!task) return { kind: 'failed', reason: `The stage's task ${key} is no longer tracked.` };
  switch (task.state) {
    case 'COMPLETED':
      if (task.output) return { kind: 'completed', output: task.output };
      // Kept in its file and not loaded yet: its answers come into the store once read.
      if (task.resultStored) return undefined;
      return { kind: 'failed', reason: task.problem ?? 'Central reported the sweep completed without its answers.' };
    case 'FAILED':
      return { kind: 'failed', reason: task.failReason };
    case 'NOT_FOUND':
      return { kind: 'failed', reason: `Central no longer knows task ${task.taskId} (404).` };
    default:
      break;
  }
  switch (task.paused) {
    case 'credentials':
      throw new ApiError('unauthorized', 'Central refused the credentials (401): set new credentials, then Retry.');
    case 'forbidden':
      throw new ApiError('forbidden', `These credentials may not read the tasks of ${task.serial} (403).`);
    case 'failures':
      throw new ApiError(
        'network',
        `Polling the stage's task stopped after repeated failures: ${task.problem ?? 'no answer'}.`,
      );
    default:
      return undefined;
  }
}

/**
 * Resolves once the task of `key` is final in the store (the monitor polls it); rejects when its polling
 * stopped short of an end (the runner pauses on that) or when `signal` aborts. `want` asks for a completed
 * task's answers kept in a file to be read into the store.
 */
export function awaitTask(
  store: TaskStore,
  key: string,
  signal: AbortSignal,
  want: (key: string) => void = () => undefined,
): Promise<StageResult> {
  return new Promise<StageResult>((resolve, reject) => {
    let sub: vscode.Disposable | undefined;
    const done = () => {
      sub?.dispose();
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      done();
      reject(signal.reason ?? new Error('aborted'));
    };
    const check = (): boolean => {
      let outcome: StageResult | undefined;
      try {
        outcome = stageOutcome(key, store.get(key));
      } catch (err) {
        done();
        reject(err);
        return true;
      }
      if (outcome) {
        done();
        resolve(outcome);
      }
      return outcome !== undefined;
    };
    if (signal.aborted) return onAbort();
    if (check()) return;
    if (store.get(key)?.resultStored) want(key);
    signal.addEventListener('abort', onAbort);
    sub = store.onDidChange((e) => {
      if (e.changed.includes(key) || e.removed.includes(key)) check();
    });
  });
}
