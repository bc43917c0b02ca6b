import * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import { STATE_KEYS } from '../platform/constants';
import { Disposable } from '../platform/lifecycle';
import type { Logger } from '../platform/log';
import type { TrackedTask } from '../../core/task';
import type { TaskStore } from '../tasks/taskStore';
import * as path from 'path';
import type { GroupDrives } from './groupDrives';
import { GROUP_TOMBSTONE_MS, GroupTombstone, readStoredGroup, sameState } from './storedGroup';
import type { GroupItemView, GroupKind, GroupKindHandler, GroupProgress, GroupRecord, GroupStoreChange } from './types';

export { groupElement, groupIdOf } from './elements';

/**
 * The drives are a bundle of their own (see esbuild.js), required by path so that they are not folded into
 * this one; in a test build the module sits beside this file under the same name.
 */
function loadDrives(): typeof import('./groupDrives') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, loaded on first use
  return require(path.join(__dirname, 'groupDrives.js')) as typeof import('./groupDrives');
}

/**
 * Task groups (path MTU investigations, fleet sweeps): each stored under its own globalState key like tasks,
 * the newer copy winning between windows, and driven (its runner run) in one window only, the holder of its
 * lease. Each kind's {@link GroupKindHandler} says what the group's state means; this class only keeps,
 * shares and schedules.
 */
export class Groups extends Disposable {
  private readonly records = new Map<string, GroupRecord>();
  private readonly handlers = new Map<GroupKind, GroupKindHandler>();
  private readonly removedAt = new Map<string, number>();
  private membersByTask: Map<string, string> | undefined;
  /** What drives groups in this window: loaded once one needs driving. */
  private drives: GroupDrives | undefined;
  private started = false;
  private readonly _onDidChange = this._register(new vscode.EventEmitter<GroupStoreChange>());
  readonly onDidChange = this._onDidChange.event;

  constructor(
    readonly memento: vscode.Memento,
    private readonly tasks: TaskStore,
    readonly log: Logger,
    readonly clock: Clock,
    private readonly leaseMs?: number,
  ) {
    super();
    this._register({ dispose: () => this.drives?.dispose() });
    this.reload(false);
  }

  register(kind: GroupKind, handler: GroupKindHandler): void {
    this.handlers.set(kind, handler);
    this.membersByTask = undefined;
    if (this.started) this.considerAll();
  }

  /** Drives what is free; loads the drives only when some group is unfinished. */
  private considerAll(): void {
    if (this.drives || this.all().some((r) => !this.isFinished(r))) this.driver()?.considerAll();
  }

  private driver(): GroupDrives | undefined {
    if (!this.started) return undefined;
    if (!this.drives) {
      const { GroupDrives } = loadDrives();
      this.drives = new GroupDrives(this, this.leaseMs);
    }
    return this.drives;
  }

  handler(kind: GroupKind): GroupKindHandler | undefined {
    return this.handlers.get(kind);
  }

  get(id: string): GroupRecord | undefined {
    return this.records.get(id);
  }

  /** Newest first. */
  all(): GroupRecord[] {
    return [...this.records.values()].sort((a, b) => b.addedAt - a.addedAt);
  }

  /** Creates a group and drives it in this window. An id already in use is refused. */
  create(kind: GroupKind, id: string, state: unknown): GroupRecord {
    if (this.records.has(id)) {
      throw new Error(`a group ${id} exists already`);
    }
    const now = this.clock.now();
    const record: GroupRecord = { id, kind, addedAt: now, updatedAt: now, state };
    this.save(record);
    this.fire([id], []);
    this.driver()?.consider(id);
    return record;
  }

  /** A driver writes its runner's state back; nothing happens when it is unchanged or the group is gone. */
  update(id: string, state: unknown): void {
    const current = this.records.get(id);
    if (!current || sameState(current.state, state)) {
      return;
    }
    const record = { ...current, state, updatedAt: Math.max(this.clock.now(), current.updatedAt + 1) };
    this.save(record);
    this.fire([id], []);
    if (this.isFinished(record)) {
      // Not from inside the runner's own event: it finishes what it was doing first.
      queueMicrotask(() => this.drives?.stop(id));
    }
  }

  /** Forgets the group (its tasks stay tracked: the caller decides about them) and stops driving it. */
  remove(id: string): void {
    if (!this.records.delete(id)) {
      return;
    }
    this.drives?.stop(id);
    const removedAt = this.clock.now();
    this.removedAt.set(id, removedAt);
    this.write(id, { removedAt });
    this.fire([], [id]);
  }

  /** The group a task belongs to, if any. */
  groupOf(taskKey: string): GroupRecord | undefined {
    if (!this.membersByTask) {
      this.membersByTask = new Map();
      for (const record of this.records.values()) {
        this.members(record.id).forEach((key) => this.membersByTask!.set(key, record.id));
      }
    }
    const id = this.membersByTask.get(taskKey);
    return id === undefined ? undefined : this.records.get(id);
  }

  /** The task keys of a group, as its kind lists them (tracked or not). */
  members(id: string): string[] {
    return this.ask(id, 'list the tasks of', (h, r) => h.members(r)) ?? [];
  }

  /** True while this window drives the group. */
  isDrivenHere(id: string): boolean {
    return this.drives?.has(id) ?? false;
  }

  /** How the tree shows the group, from its kind; undefined for an unknown kind or one that failed to render. */
  item(id: string): GroupItemView | undefined {
    return this.ask(id, 'render', (h, r) => h.item(r, this.tasks));
  }

  /** The tree label of a task of the group, from its kind; undefined when the kind has none for it. */
  childLabel(id: string, task: TrackedTask): string | undefined {
    return this.ask(id, 'label a task of', (h, r) => h.childLabel?.(r, task));
  }

  /** What the status bar shows of the group. */
  progress(id: string): GroupProgress | undefined {
    return this.ask(id, 'read the progress of', (h, r) => h.progress(r, this.tasks));
  }

  private ask<T>(id: string, what: string, fn: (h: GroupKindHandler, r: GroupRecord) => T): T | undefined {
    const record = this.records.get(id);
    const handler = record && this.handlers.get(record.kind);
    try {
      return record && handler ? fn(handler, record) : undefined;
    } catch (err) {
      this.log.error('groups', `could not ${what} group ${id}`, err);
      return undefined;
    }
  }

  /** After activation: drives every unfinished group no other window drives (resuming where it was). */
  start(): void {
    this.started = true;
    this.considerAll();
  }

  /**
   * Catches up with other windows: takes newer copies, drops removed groups, writes back one of ours that a
   * near-simultaneous write of another window lost. `considerAfter` then drives what is free.
   */
  reload(considerAfter = true): void {
    const changed: string[] = [];
    const removed: string[] = [];
    const seen = new Set<string>();
    for (const stateKey of this.memento.keys()) {
      if (!stateKey.startsWith(STATE_KEYS.groupPrefix)) continue;
      const id = stateKey.slice(STATE_KEYS.groupPrefix.length);
      seen.add(id);
      this.take(id, readStoredGroup(id, this.memento.get<unknown>(stateKey)), changed, removed);
    }
    for (const [id, record] of this.records) {
      if (!seen.has(id)) {
        this.log.warn('groups', `group ${id} was missing from the shared state; saving it again`);
        this.save(record);
      }
    }
    for (const [id, removedAt] of this.removedAt) {
      if (!seen.has(id)) this.write(id, { removedAt }); // a tombstone another window's write lost
    }
    removed.forEach((id) => this.drives?.stop(id));
    this.fire(changed, removed);
    if (considerAfter && this.started) this.considerAll();
  }

  private take(id: string, stored: GroupRecord | GroupTombstone | undefined, changed: string[], removed: string[]) {
    const current = this.records.get(id);
    if (stored && 'removedAt' in stored) {
      if (this.clock.now() - stored.removedAt > GROUP_TOMBSTONE_MS) {
        void this.memento.update(STATE_KEYS.groupPrefix + id, undefined);
      }
      if (current && current.addedAt <= stored.removedAt && this.records.delete(id)) removed.push(id);
    } else if (stored && !this.removedAt.has(id) && !(current && stored.updatedAt <= current.updatedAt)) {
      this.records.set(id, stored);
      changed.push(id);
    }
  }

  /** True when the group's kind says nothing is left to drive (an unknown kind: nothing this window can drive). */
  isFinished(record: GroupRecord): boolean {
    const handler = this.handlers.get(record.kind);
    try {
      return handler ? handler.finished(record) : true;
    } catch {
      return true;
    }
  }

  private save(record: GroupRecord): void {
    this.records.set(record.id, record);
    this.removedAt.delete(record.id);
    this.write(record.id, record);
  }

  private write(id: string, value: GroupRecord | GroupTombstone): void {
    this.memento.update(STATE_KEYS.groupPrefix + id, value).then(undefined, (err: unknown) => {
      this.log.error('groups', `could not save group ${id}`, err);
    });
  }

  private fire(changed: string[], removed: string[]): void {
    if (changed.length || removed.length) {
      this.membersByTask = undefined;
      this._onDidChange.fire({ changed, removed });
    }
  }
}
