import { TrackedTask } from '../core/task';
import { validateSerial, validateTaskId } from '../core/endpoints';

// What the task store keeps in globalState, and how it reads it back: stored state may come from an older
// version or another window.

/** What a removal leaves under the task's key, so other windows drop the task instead of writing it back. */
export interface Tombstone {
  removedAt: number;
}

/** Tombstones older than this are forgotten. */
export const TOMBSTONE_MS = 30 * 24 * 3_600_000;

/**
 * A task as Track makes it: not asked yet, on the cluster chosen now. Only Track sets `addedAt`: it is the
 * task's tracking generation, which a removal is weighed against (see TaskStore).
 */
export function newTask(
  ref: { serial: string; taskId: string; version?: TrackedTask['version']; destination?: string },
  baseUrl: string,
  now: number,
): TrackedTask {
  const { serial, taskId, version, destination } = ref;
  return { serial, taskId, version, baseUrl, destination, state: 'PENDING', progressPercent: 0, addedAt: now, updatedAt: now };
}

/** Equal but for bookkeeping times (undefined fields count as absent, as in storage). */
export function sameTask(a: TrackedTask, b: TrackedTask): boolean {
  const content = (t: TrackedTask) => JSON.stringify({ ...t, updatedAt: 0, lastPolledAt: 0 });
  return content(a) === content(b);
}

export function isTombstone(value: unknown): value is Tombstone {
  return typeof value === 'object' && value !== null && typeof (value as Tombstone).removedAt === 'number';
}

/** Stored state may come from an older version or another window: check the parts everything relies on. */
export function isTrackedTask(value: unknown): value is TrackedTask {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return (
    typeof v.serial === 'string' &&
    validateSerial(v.serial) === undefined &&
    typeof v.taskId === 'string' &&
    validateTaskId(v.taskId) === undefined &&
    typeof v.baseUrl === 'string' &&
    typeof v.state === 'string' &&
    typeof v.addedAt === 'number' &&
    Number.isFinite(v.addedAt)
  );
}
