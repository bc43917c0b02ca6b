import * as vscode from 'vscode';
import { Clock, systemClock } from '../../core/clock';
import { TrackedTask, taskKey } from '../../core/task';
import { Disposable } from '../platform/lifecycle';
import { sameTask } from './storedTask';

export interface TaskStoreChange {
  changed: string[];
  removed: string[];
}

/**
 * What the store asks of the layer that keeps it in step with other windows (see SharedTaskState), and tells
 * it of every write. Without one (tests of a single window), the store is local.
 */
export interface TaskSync {
  /** A Track: the task with an `addedAt` that outranks every removal of it this window knows of. */
  tracking(task: TrackedTask): TrackedTask;
  /** True when another window stopped tracking the task after this copy of it was tracked. */
  removedElsewhere(key: string, task: TrackedTask): boolean;
  /** Takes what other windows did to the task; returns the task as it now stands. */
  adopt(key: string): TrackedTask | undefined;
  saved(key: string, task: TrackedTask): void;
  removed(key: string, task: TrackedTask): void;
}

const LOCAL: TaskSync = {
  tracking: (task) => task,
  removedElsewhere: () => false,
  adopt: () => undefined,
  saved: () => undefined,
  removed: () => undefined,
};

/**
 * The single source of truth for tracked tasks. Tree, status bar, webview and monitor render from it;
 * nothing renders from a raw response. A keyed map and its change event: how it is shared with other windows
 * is the {@link TaskSync}'s business.
 */
export class TaskStore extends Disposable {
  private readonly tasks = new Map<string, TrackedTask>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<TaskStoreChange>());
  readonly onDidChange = this._onDidChange.event;

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly sync: TaskSync = LOCAL,
  ) {
    super();
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

  /** Adds a task (a Track) or replaces it. */
  upsert(task: TrackedTask): void {
    const key = taskKey(task);
    const tracked = this.sync.tracking(task);
    this.tasks.set(key, tracked);
    this.sync.saved(key, tracked);
    this.fire([key], []);
  }

  /**
   * Applies a patch; a patch that changes nothing fires nothing, so idle polls repaint nothing. A task that
   * another window stopped tracking meanwhile is not written back: the store takes that window's word
   * instead. Returns whether the patch was applied.
   */
  update(key: string, patch: Partial<TrackedTask>): boolean {
    const current = this.tasks.get(key);
    if (!current) {
      return false;
    }
    const next: TrackedTask = { ...current, ...patch };
    if (sameTask(current, next)) {
      return false;
    }
    if (this.sync.removedElsewhere(key, current)) {
      this.sync.adopt(key);
      return false;
    }
    next.updatedAt = Math.max(this.clock.now(), current.updatedAt + 1);
    this.tasks.set(key, next);
    this.sync.saved(key, next);
    this.fire([key], []);
    return true;
  }

  /** Stops tracking a task. */
  remove(key: string): void {
    const task = this.tasks.get(key);
    if (task && this.tasks.delete(key)) {
      this.sync.removed(key, task);
      this.fire([], [key]);
    }
  }

  /** Takes in what other windows did (for the {@link TaskSync}): nothing is written back; one event. */
  apply(taken: ReadonlyMap<string, TrackedTask>, dropped: readonly string[]): void {
    taken.forEach((task, key) => this.tasks.set(key, task));
    const removed = dropped.filter((key) => this.tasks.delete(key));
    if (taken.size || removed.length) {
      this.fire([...taken.keys()], removed);
    }
  }

  entries(): IterableIterator<[string, TrackedTask]> {
    return this.tasks.entries();
  }

  private fire(changed: string[], removed: string[]): void {
    this._onDidChange.fire({ changed, removed });
  }
}
