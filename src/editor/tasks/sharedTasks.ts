import type * as vscode from 'vscode';
import { Clock, systemClock } from '../../core/clock';
import { TrackedTask, taskKey } from '../../core/task';
import { STATE_KEYS } from '../platform/constants';
import { Disposable } from '../platform/lifecycle';
import { Logger } from '../platform/log';
import { LazyResults, Results } from './lazyResults';
import { storeResultsHost } from './resultHost';
import { Stored, TOMBSTONE_MS, Tombstone, readStored, toStored } from './storedTask';
import type { ResultsHost } from './taskResults';
import { TaskStore, TaskSync } from './taskStore';

/** After a removal, the stored state is checked again this long after it (see {@link SharedTaskState.removed}). */
const RECHECK_MS = [1_000, 5_000, 30_000];
/** Result files of no tracked task are looked for this long after the start, and must be this old to go. */
const ORPHAN_SWEEP_DELAY_MS = 60_000;
export const ORPHAN_MIN_AGE_MS = 10 * 60_000;

/**
 * Keeps the task store in step with other windows. globalState is shared by every window, and VS Code writes
 * an extension's whole state at once from each window's copy, which other windows receive a moment later. So
 * each task lives under its own key (a write for one task never carries a stale list of the others), a
 * removal leaves a tombstone (another window drops the task rather than writing it back), and {@link reload}
 * writes back a task of ours that a near-simultaneous write of another window lost.
 *
 * A removal wins over every copy of the task that was not tracked after it: only Track sets `addedAt`, so a
 * copy that another window wrote (a poll, a lease: VS Code writes a window's whole state at once) before it
 * heard of the removal is a leftover however late its `updatedAt`, and the tombstone is written again over it.
 *
 * Results are not in globalState (it is written whole on every update): each lives in a file, which
 * {@link results} reads in the background once {@link startResults} is called, writes when a poll brings one,
 * and deletes on removal. An entry says `resultStored`; a window that takes such an entry reads the file.
 */
export class SharedTaskState extends Disposable implements TaskSync {
  readonly store: TaskStore;
  /** Removals this window knows of (its own, and tombstones it has read), and when: checked like the tasks. */
  private readonly removedAt = new Map<string, number>();
  private recheck: { handle: unknown; step: number } | undefined;
  readonly results: Results;
  private refetch: (key: string) => void = () => undefined;
  private orphanSweep: unknown;
  /** Once disposed, nothing more is written: a late audit would put this window's copies over newer state. */
  private closed = false;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: Logger,
    makeResults: (host: ResultsHost, log: Logger) => Results,
    private readonly clock: Clock = systemClock,
  ) {
    super();
    this.store = this._register(new TaskStore(clock, this));
    const host = storeResultsHost({
      store: this.store,
      log,
      rewrite: (key) => this.rewrite(key),
      refetch: (key) => this.refetch(key),
    });
    this.results = new LazyResults(() => makeResults(host, log));
    this._register({ dispose: () => this.cancelRecheck() });
    this._register({ dispose: () => this.results.dispose() });
    this._register({ dispose: () => this.orphanSweep !== undefined && this.clock.clearTimeout(this.orphanSweep) });
    this.reload();
  }

  /**
   * Starts reading stored results (call once activation has returned); `refetch` polls a task whose stored
   * result could not be read. A minute later, result files of no tracked task are swept.
   */
  startResults(refetch: (key: string) => void): void {
    this.refetch = refetch;
    this.results.start();
    this.orphanSweep = this.clock.setTimeout(() => {
      this.orphanSweep = undefined;
      void this.results.sweepOrphans(ORPHAN_MIN_AGE_MS);
    }, ORPHAN_SWEEP_DELAY_MS);
  }

  override dispose(): void {
    this.closed = true;
    super.dispose();
  }

  /** A Track outranks every removal before it, even one in the same ms. */
  tracking(task: TrackedTask): TrackedTask {
    const removedAt = this.removedAt.get(taskKey(task));
    return removedAt !== undefined && task.addedAt <= removedAt ? { ...task, addedAt: removedAt + 1 } : task;
  }

  removedElsewhere(key: string, task: TrackedTask): boolean {
    const stored = this.read(key);
    return stored !== undefined && 'tombstone' in stored && stored.tombstone.removedAt >= task.addedAt;
  }

  saved(key: string, task: TrackedTask): void {
    this.write(key, task);
    this.results.saved(key, task);
  }

  /**
   * Leaves a tombstone. Another window that had not heard of the removal yet may write its whole state, with
   * its copy of the task, just after: the stored state is checked again a few times.
   */
  removed(key: string, task: TrackedTask): void {
    const removedAt = Math.max(this.clock.now(), task.addedAt);
    this.removedAt.set(key, removedAt);
    this.write(key, { removedAt });
    this.results.removed(key);
    this.armRecheck(0);
  }

  /**
   * Takes the stored copy of a task when another window wrote a newer one (the window that polls it), or
   * drops the task when another window removed it. Returns the task as it now stands.
   */
  adopt(key: string): TrackedTask | undefined {
    this.apply([[key, this.take(key, this.read(key))]]);
    return this.store.get(key);
  }

  /**
   * Catches up with other windows: takes the tasks they added or updated, drops the ones they removed, and
   * writes back a task of ours that is missing altogether (a lost write).
   */
  reload(): void {
    const found: Array<[string, TrackedTask | 'removed' | undefined]> = [];
    for (const stateKey of this.memento.keys()) {
      if (stateKey.startsWith(STATE_KEYS.taskPrefix)) {
        const key = stateKey.slice(STATE_KEYS.taskPrefix.length);
        found.push([key, this.take(key, this.read(key))]);
      }
    }
    const stored = new Set(found.map(([key]) => key));
    for (const [key, task] of this.store.entries()) {
      if (!stored.has(key)) {
        this.log.warn('store', `${key} was missing from the shared state; saving it again`);
        this.write(key, task);
      }
    }
    this.apply(found);
  }

  private apply(found: Array<[string, TrackedTask | 'removed' | undefined]>): void {
    const taken = new Map<string, TrackedTask>();
    const dropped: string[] = [];
    for (const [key, change] of found) {
      if (change === 'removed') dropped.push(key);
      else if (change) taken.set(key, change);
    }
    this.store.apply(taken, dropped);
  }

  /**
   * What a stored value changes here: a removal, a new task, or a newer copy (undefined: nothing). A copy that
   * was not tracked after a known removal is a leftover: the tombstone is written over it again.
   */
  private take(key: string, stored: Stored): TrackedTask | 'removed' | undefined {
    const current = this.store.get(key);
    if (stored && 'tombstone' in stored) {
      const { removedAt } = stored.tombstone;
      if (current && current.addedAt > removedAt) {
        return undefined; // tracked again here since: ours stands, and the audit writes it back
      }
      if (this.clock.now() - removedAt > TOMBSTONE_MS) {
        this.removedAt.delete(key);
        this.write(key, undefined);
      } else {
        this.removedAt.set(key, Math.max(removedAt, this.removedAt.get(key) ?? 0));
      }
      return current ? 'removed' : undefined;
    }
    if (!stored || taskKey(stored.task) !== key) {
      return undefined;
    }
    const value = stored.task;
    const removedAt = this.removedAt.get(key);
    if (removedAt !== undefined && !(value.addedAt > removedAt)) {
      this.write(key, { removedAt });
      return current ? 'removed' : undefined;
    }
    if (current && !(value.updatedAt > current.updatedAt)) {
      return undefined;
    }
    this.removedAt.delete(key);
    const taken = this.withResult(key, stored.inline === true, value, current);
    // Whether this window polls the task is its own decision.
    return current ? { ...taken, paused: current.paused } : taken;
  }

  /** A taken copy keeps the result this window holds, or has its stored result read (or moved to a file). */
  private withResult(key: string, inline: boolean, value: TrackedTask, current?: TrackedTask): TrackedTask {
    if (inline) {
      this.results.migrate(key);
      return value;
    }
    if (!value.resultStored || value.output) return value;
    if (current?.output) return { ...value, output: current.output };
    this.results.want(key);
    return value;
  }

  /** Writes a task's entry again as it stands (its inline result now in its file). */
  private rewrite(key: string): void {
    const task = this.store.get(key);
    if (task) this.write(key, task);
  }

  private read(key: string): Stored {
    return readStored(this.memento.get<unknown>(STATE_KEYS.taskPrefix + key));
  }

  private write(key: string, value: TrackedTask | Tombstone | undefined, audit = true): void {
    if (this.closed) return; // late work of a disposed window (a migration, a poll) must not reach storage
    const task = value && !('removedAt' in value) ? value : undefined;
    if (task) {
      this.removedAt.delete(key);
    }
    const stored = task ? toStored(task, this.results.keepsInline(key)) : value;
    this.memento.update(STATE_KEYS.taskPrefix + key, stored).then(
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
    if (this.closed) return; // a write that ends after disposal: what was stored since stands
    for (const [key, task] of this.store.entries()) {
      const stored = this.read(key);
      const kept =
        stored &&
        ('tombstone' in stored ? stored.tombstone.removedAt >= task.addedAt : stored.task.updatedAt >= task.updatedAt);
      if (!kept) {
        this.write(key, task, false);
      }
    }
    for (const [key, removedAt] of this.removedAt) {
      const stored = this.read(key);
      if (this.clock.now() - removedAt > TOMBSTONE_MS) {
        this.removedAt.delete(key);
      } else if (!(stored && ('tombstone' in stored || stored.task.addedAt > removedAt))) {
        this.write(key, { removedAt }, false);
      }
    }
  }

  private armRecheck(step: number): void {
    this.cancelRecheck();
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

  private cancelRecheck(): void {
    if (this.recheck) {
      this.clock.clearTimeout(this.recheck.handle);
      this.recheck = undefined;
    }
  }
}
