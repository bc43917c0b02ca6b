import * as vscode from 'vscode';
import { TrackedTask, taskKey } from '../core/task';
import { validateSerial, validateTaskId } from '../core/endpoints';
import { STATE_KEYS } from './constants';
import { Logger } from './log';

export interface TaskStoreChange {
  changed: string[];
  removed: string[];
}

/** What a removal leaves under the task's key, so other windows drop the task instead of writing it back. */
interface Tombstone {
  removedAt: number;
}

/** Tombstones older than this are forgotten. */
const TOMBSTONE_MS = 30 * 24 * 3_600_000;

/**
 * The single source of truth for tracked tasks. Tree, status bar, webview and monitor render from it;
 * nothing renders from a raw response.
 *
 * globalState is shared by every window, and VS Code writes an extension's whole state at once from each
 * window's copy, which other windows receive a moment later. So each task lives under its own key (a write
 * for one task never carries a stale list of the others), a removal leaves a tombstone (another window drops
 * the task rather than writing it back), and {@link reload} writes back a task of ours that a near-simultaneous
 * write of another window lost.
 */
export class TaskStore implements vscode.Disposable {
  private readonly tasks = new Map<string, TrackedTask>();
  /** Tasks removed in this session, and when: their tombstones are checked like the tasks. */
  private readonly removed = new Map<string, number>();
  private readonly _onDidChange = new vscode.EventEmitter<TaskStoreChange>();
  readonly onDidChange = this._onDidChange.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: Logger,
  ) {
    this.reload();
  }

  get(key: string): TrackedTask | undefined {
    return this.tasks.get(key);
  }

  has(key: string): boolean {
    return this.tasks.has(key);
  }

  /** Newest first. */
  all(): TrackedTask[] {
    return [...this.tasks.values()].sort((a, b) => b.addedAt - a.addedAt);
  }

  get size(): number {
    return this.tasks.size;
  }

  upsert(task: TrackedTask): void {
    const key = taskKey(task);
    this.tasks.set(key, task);
    this.write(key, task);
    this.fire([key], []);
  }

  /**
   * Applies a patch; a patch that changes nothing fires nothing, so idle polls repaint nothing. A task that
   * another window stopped tracking meanwhile is dropped instead of written back.
   */
  update(key: string, patch: Partial<TrackedTask>): void {
    const current = this.tasks.get(key);
    if (!current) {
      return;
    }
    const next: TrackedTask = { ...current, ...patch };
    if (sameTask(current, next)) {
      return;
    }
    if (isTombstone(this.memento.get(STATE_KEYS.taskPrefix + key))) {
      this.adopt(key);
      return;
    }
    next.updatedAt = Math.max(Date.now(), current.updatedAt + 1);
    this.tasks.set(key, next);
    this.write(key, next);
    this.fire([key], []);
  }

  remove(key: string): void {
    if (this.tasks.delete(key)) {
      const removedAt = Date.now();
      this.removed.set(key, removedAt);
      this.write(key, { removedAt });
      this.fire([], [key]);
    }
  }

  /**
   * Takes the stored copy of a task when another window wrote a newer one (the window that polls it), or
   * drops the task when another window removed it. Returns the task as it now stands.
   */
  adopt(key: string): TrackedTask | undefined {
    const change = this.take(key, this.memento.get(STATE_KEYS.taskPrefix + key));
    if (change) {
      this.fire(change === 'removed' ? [] : [key], change === 'removed' ? [key] : []);
    }
    return this.tasks.get(key);
  }

  /**
   * Catches up with other windows (globalState is shared): takes the tasks they added or updated, drops
   * the ones they removed, and writes back a task of ours that is missing altogether (a lost write).
   */
  reload(): void {
    const changed: string[] = [];
    const removed: string[] = [];
    const stored = new Set<string>();
    for (const stateKey of this.memento.keys()) {
      if (stateKey.startsWith(STATE_KEYS.taskPrefix)) {
        const key = stateKey.slice(STATE_KEYS.taskPrefix.length);
        stored.add(key);
        const change = this.take(key, this.memento.get(stateKey));
        (change === 'removed' ? removed : change ? changed : []).push(key);
      }
    }
    for (const [key, task] of this.tasks) {
      if (!stored.has(key)) {
        this.log.warn('store', `${key} was missing from the shared state; saving it again`);
        this.write(key, task);
      }
    }
    if (changed.length || removed.length) {
      this.fire(changed, removed);
    }
  }

  dispose(): void {
    this._onDidChange.dispose();
  }

  /** Takes a stored value into memory when it is news: a removal, a new task, or a newer copy. */
  private take(key: string, value: unknown): 'changed' | 'removed' | undefined {
    const current = this.tasks.get(key);
    if (isTombstone(value)) {
      if (Date.now() - value.removedAt > TOMBSTONE_MS) {
        this.write(key, undefined);
      }
      return this.tasks.delete(key) ? 'removed' : undefined;
    }
    if (!isTrackedTask(value) || taskKey(value) !== key || (current && !(value.updatedAt > current.updatedAt))) {
      return undefined;
    }
    // Whether this window polls the task is its own decision.
    this.tasks.set(key, current ? { ...value, paused: current.paused } : value);
    return 'changed';
  }

  private fire(changed: string[], removed: string[]): void {
    this._onDidChange.fire({ changed, removed });
  }

  private write(key: string, value: TrackedTask | Tombstone | undefined, audit = true): void {
    if (value && !isTombstone(value)) {
      this.removed.delete(key);
    }
    this.memento.update(STATE_KEYS.taskPrefix + key, value).then(
      () => audit && this.audit(),
      (err: unknown) => this.log.error('store', `could not save task ${key}`, err),
    );
  }

  /**
   * VS Code keeps one copy of an extension's whole state per window and replaces it with every change it
   * hears of, this window's own included; an echo of an earlier write that arrives just before a later one is
   * flushed makes that later write vanish. So once a write has gone out, every task of ours (and every
   * removal) is checked against the stored copy and written again if it went missing or went back.
   */
  private audit(): void {
    for (const [key, task] of this.tasks) {
      const stored = this.memento.get<unknown>(STATE_KEYS.taskPrefix + key);
      if (!isTombstone(stored) && !(isTrackedTask(stored) && stored.updatedAt >= task.updatedAt)) {
        this.write(key, task, false);
      }
    }
    for (const [key, removedAt] of this.removed) {
      const stored = this.memento.get<unknown>(STATE_KEYS.taskPrefix + key);
      if (!isTombstone(stored) && !(isTrackedTask(stored) && stored.updatedAt > removedAt)) {
        this.write(key, { removedAt }, false);
      }
    }
  }
}

/** Equal but for bookkeeping times (undefined fields count as absent, as in storage). */
function sameTask(a: TrackedTask, b: TrackedTask): boolean {
  const content = (t: TrackedTask) => JSON.stringify({ ...t, updatedAt: 0, lastPolledAt: 0 });
  return content(a) === content(b);
}

function isTombstone(value: unknown): value is Tombstone {
  return typeof value === 'object' && value !== null && typeof (value as Tombstone).removedAt === 'number';
}

/** Stored state may come from an older version or another window: check the parts everything relies on. */
function isTrackedTask(value: unknown): value is TrackedTask {
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
    typeof v.addedAt === 'number'
  );
}
