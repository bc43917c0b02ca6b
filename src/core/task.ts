/**
 * The domain model of a tracked ping sweep, shared by the store, the poller, the tree and the webview.
 *
 * It is deliberately separate from the wire types in `schemas.ts`: a tracked task exists before its first
 * answer (PENDING), outlives a 404 (NOT_FOUND), and carries local bookkeeping the API knows nothing about.
 */
import { type ApiVersion, validateSerial, validateTaskId } from './endpoints';
import type { SweepOutput, TaskStatus } from './schemas';

/**
 * The state of a tracked task: the API's status, plus `NOT_FOUND` (the API answered 404 for it) and
 * `PENDING` (never polled yet, so nothing is known).
 */
export type TaskState = TaskStatus | 'NOT_FOUND' | 'PENDING';

/**
 * Why a task is no longer being polled although it has not reached a final state: refused credentials (401),
 * credentials without access to the task's gateway (403), or repeated failures.
 */
export type TaskPauseReason = 'credentials' | 'forbidden' | 'failures';

/** One task the user tracks. Times named `*At` are local epoch ms; `startTime`/`endTime` are the API's text. */
export interface TrackedTask {
  serial: string;
  taskId: string;
  /** The API version that answered for this task; undefined until one did. */
  version?: ApiVersion;
  baseUrl: string;
  destination?: string;
  state: TaskState;
  progressPercent: number;
  startTime?: string;
  endTime?: string;
  failReason?: string;
  output?: SweepOutput;
  /**
   * Its result is kept in a file of its own (see `editor/tasks/taskResults.ts`), not loaded into `output` yet.
   * A task that has it is done like one with its output; what needs the output awaits the load.
   */
  resultStored?: boolean;
  addedAt: number;
  updatedAt: number;
  lastPolledAt?: number;
  /** The last transient error, in words for the user; cleared by the next successful poll. */
  problem?: string;
  /** Worth knowing but no problem (e.g. Central has since expired a finished task); shown in the tooltip. */
  note?: string;
  paused?: TaskPauseReason;
}

/** The identity of a task across the store, the poller and the UI: `${serial}/${taskId}`. */
export function taskKey(t: { serial: string; taskId: string }): string {
  return `${t.serial}/${t.taskId}`;
}

/**
 * Splits a {@link taskKey} back into its parts. Serials never contain '/', so the first slash separates;
 * undefined for anything that was not made by `taskKey`.
 */
export function parseTaskKey(key: string): { serial: string; taskId: string } | undefined {
  const slash = key.indexOf('/');
  if (slash <= 0 || slash === key.length - 1) return undefined;
  return { serial: key.slice(0, slash), taskId: key.slice(slash + 1) };
}

/** True for a key {@link taskKey} could have made of a valid serial and task id (a key read back from a page). */
export function isValidTaskKey(key: string): boolean {
  const parts = parseTaskKey(key);
  return (
    parts !== undefined && validateSerial(parts.serial) === undefined && validateTaskId(parts.taskId) === undefined
  );
}

/** True for a state that will never change again, so polling it is pointless. */
export function isFinal(state: TaskState): boolean {
  return state === 'COMPLETED' || state === 'FAILED' || state === 'NOT_FOUND';
}
