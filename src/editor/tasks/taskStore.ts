import * as vscode from 'vscode';
import { TrackedTask, taskKey } from '../../core/task';
import { Clock, systemClock } from '../../core/clock';
import { STATE_KEYS } from '../platform/constants';
import { TOMBSTONE_MS, Tombstone, isTombstone, isTrackedTask, sameTask } from './storedTask';
import { Logger } from '../platform/log';

export interface TaskStoreChange {
  changed: string[];
  removed: string[];
}

/** After a removal, the stored state is checked again this long after it (see {@link TaskStore.remove}). */
const RECHECK_MS = [1_000, 5_000, 30_000];

/**
 * The single source of truth for tracked tasks. Tree, status bar, webview and monitor render from it;
 * nothing renders from a raw response.
 *
 * globalState is shared by every window, and VS Code writes an extension's whole state at once from each
 * window's copy, which other windows receive a moment later. So each task lives under its own key (a write
 * for one task never carries a stale list of the others), a removal leaves a tombstone (another window drops
 * the task rather than writing it back), and {@link reload} writes back a task of ours that a near-simultaneous
 * write of another window lost.
 *
 * A removal wins over every copy of the task that was not tracked after it: only Track sets `addedAt`, so a
 * copy that another window wrote (a poll, a lease: VS Code writes a window's whole state at once) before it
 * heard of the removal is a leftover however late its `updatedAt`, and the tombstone is written again over it.
 */
export class TaskStore implements vscode.Disposable {
  private readonly tasks = new Map<string, TrackedTask>();
  /** Removals this window knows of (its own, and tombstones it has read), and when: checked like the tasks. */
  private readonly removed = new Map<string, number>();
  private recheck: { handle: unknown; step: number } | undefined;
  private readonly _onDidChange = new vscode.EventEmitter<TaskStoreChange>();
  readonly onDidChange = this._onDidChange.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: Logger,
    private readonly clock: Clock = systemClock,
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

  /** Adds a task (a Track) or replaces it. A Track outranks every removal before it, even one in the same ms. */
  upsert(task: TrackedTask): void {
    const key = taskKey(task);
    const removedAt = this.removed.get(key);
    const tracked = removedAt !== undefined && task.addedAt <= removedAt ? { ...task, addedAt: removedAt + 1 } : task;
    this.tasks.set(key, tracked);
    this.write(key, tracked);
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
    const stored = this.memento.get(STATE_KEYS.taskPrefix + key);
    if (isTombstone(stored) && stored.removedAt >= current.addedAt) {
      this.adopt(key);
      return;
    }
    next.updatedAt = Math.max(Date.now(), current.updatedAt + 1);
    this.tasks.set(key, next);
    this.write(key, next);
    this.fire([key], []);
  }

  /**
   * Stops tracking a task and leaves a tombstone. Another window that had not heard of it yet may write its
   * whole state, with its copy of the task, just after: the stored state is checked again a few times.
   */
  remove(key: string): void {
    const task = this.tasks.get(key);
    if (task && this.tasks.delete(key)) {
      const removedAt = Math.max(Date.now(), task.addedAt);
      this.removed.set(key, removedAt);
      this.write(key, { removedAt });
      this.fire([], [key]);
      this.armRecheck(0);
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
    if (this.recheck) {
      this.clock.clearTimeout(this.recheck.handle);
      this.recheck = undefined;
    }
    this._onDidChange.dispose();
  }

  private armRecheck(step: number): void {
    if (this.recheck) {
      this.clock.clearTimeout(this.recheck.handle);
    }
    const delay = RECHECK_MS[step] - (step > 0 ? RECHECK_MS[step - 1] : 0);
    const handle = this.clock.setTimeout(() => {
      this.recheck = undefined;
      this.audit();
      if (step + 1 < RECHECK_MS.length) {
        this.armRecheck(step + 1);
      }
    }, delay);
    this.recheck = { handle, step };
  }

  /**
   * Takes a stored value into memory when it is news: a removal, a new task, or a newer copy. A copy that was
   * not tracked after a known removal is a leftover: the tombstone is written over it again.
   */
  private take(key: string, value: unknown): 'changed' | 'removed' | undefined {
    const current = this.tasks.get(key);
    if (isTombstone(value)) {
      if (current && current.addedAt > value.removedAt) {
        return undefined; // tracked again here since: ours stands, and the audit writes it back
      }
      if (Date.now() - value.removedAt > TOMBSTONE_MS) {
        this.removed.delete(key);
        this.write(key, undefined);
      } else {
        this.removed.set(key, Math.max(value.removedAt, this.removed.get(key) ?? 0));
      }
      return this.tasks.delete(key) ? 'removed' : undefined;
    }
    if (!isTrackedTask(value) || taskKey(value) !== key) {
      return undefined;
    }
    const removedAt = this.removed.get(key);
    if (removedAt !== undefined && !(value.addedAt > removedAt)) {
      this.write(key, { removedAt });
      return this.tasks.delete(key) ? 'removed' : undefined;
    }
    if (current && !(value.updatedAt > current.updatedAt)) {
      return undefined;
    }
    this.removed.delete(key);
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
      const kept = isTombstone(stored) ? stored.removedAt >= task.addedAt : isTrackedTask(stored) && stored.updatedAt >= task.updatedAt;
      if (!kept) {
        this.write(key, task, false);
      }
    }
    for (const [key, removedAt] of this.removed) {
      const stored = this.memento.get<unknown>(STATE_KEYS.taskPrefix + key);
      if (Date.now() - removedAt > TOMBSTONE_MS) {
        this.removed.delete(key);
      } else if (!isTombstone(stored) && !(isTrackedTask(stored) && stored.addedAt > removedAt)) {
        this.write(key, { removedAt }, false);
      }
    }
  }
}

