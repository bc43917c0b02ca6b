import * as vscode from 'vscode';
import { TrackedTask, taskKey } from '../core/task';
import { validateSerial, validateTaskId } from '../core/endpoints';
import { STATE_KEYS } from './constants';
import { Logger } from './log';

export interface TaskStoreChange {
  changed: string[];
  removed: string[];
}

/**
 * The single source of truth for tracked tasks. Tree, status bar, webview and monitor render from it;
 * nothing renders from a raw response. Each task is persisted under its own globalState key, so a write for
 * one task never rewrites another window's list.
 */
export class TaskStore implements vscode.Disposable {
  private readonly tasks = new Map<string, TrackedTask>();
  private readonly _onDidChange = new vscode.EventEmitter<TaskStoreChange>();
  readonly onDidChange = this._onDidChange.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: Logger,
  ) {
    for (const [key, task] of this.readPersisted()) {
      this.tasks.set(key, task);
    }
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
    this.persist(key, task);
    this._onDidChange.fire({ changed: [key], removed: [] });
  }

  /** Applies a patch; a patch that changes nothing fires nothing, so idle polls repaint nothing. */
  update(key: string, patch: Partial<TrackedTask>): void {
    const current = this.tasks.get(key);
    if (!current) {
      return;
    }
    const next: TrackedTask = { ...current, ...patch };
    if (sameTask(current, next)) {
      return;
    }
    next.updatedAt = Date.now();
    this.tasks.set(key, next);
    this.persist(key, next);
    this._onDidChange.fire({ changed: [key], removed: [] });
  }

  remove(key: string): void {
    if (!this.tasks.delete(key)) {
      return;
    }
    this.persist(key, undefined);
    this._onDidChange.fire({ changed: [], removed: [key] });
  }

  /**
   * Picks up tasks another window added or removed meanwhile (globalState is shared between windows),
   * keeping this window's copy of the tasks it knows.
   */
  reload(): void {
    const persisted = new Map(this.readPersisted());
    const changed: string[] = [];
    const removed: string[] = [];
    for (const [key, task] of persisted) {
      if (!this.tasks.has(key)) {
        this.tasks.set(key, task);
        changed.push(key);
      }
    }
    for (const key of [...this.tasks.keys()]) {
      if (!persisted.has(key)) {
        this.tasks.delete(key);
        removed.push(key);
      }
    }
    if (changed.length || removed.length) {
      this._onDidChange.fire({ changed, removed });
    }
  }

  dispose(): void {
    this._onDidChange.dispose();
  }

  private *readPersisted(): Iterable<[string, TrackedTask]> {
    for (const stateKey of this.memento.keys()) {
      if (!stateKey.startsWith(STATE_KEYS.taskPrefix)) {
        continue;
      }
      const value = this.memento.get<unknown>(stateKey);
      if (isTrackedTask(value)) {
        yield [taskKey(value), value];
      } else {
        this.log.warn('store', `ignoring an unreadable stored task under ${stateKey}`);
      }
    }
  }

  private persist(key: string, task: TrackedTask | undefined): void {
    this.memento.update(STATE_KEYS.taskPrefix + key, task).then(undefined, (err: unknown) => {
      this.log.error('store', `could not save task ${key}`, err);
    });
  }
}

function sameTask(a: TrackedTask, b: TrackedTask): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof TrackedTask)[]);
  for (const k of keys) {
    if (k === 'updatedAt' || k === 'lastPolledAt') {
      continue;
    }
    if (k === 'output') {
      if (JSON.stringify(a.output) !== JSON.stringify(b.output)) {
        return false;
      }
    } else if (a[k] !== b[k]) {
      return false;
    }
  }
  return true;
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
