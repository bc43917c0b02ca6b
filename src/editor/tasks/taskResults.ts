import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { SweepOutput } from '../../core/schemas';
import { resultFileName } from '../../core/storage/fileNames';
import type { ResultFiles, ResultRead } from '../../core/storage/resultFiles';
import type { TrackedTask } from '../../core/task';
import type { Logger } from '../platform/log';
import type { Results } from './lazyResults';

/** What the results ask of the task store (see `resultHost.ts`). */
export interface ResultsHost {
  /** The task as it stands; undefined once it is no longer tracked. */
  task(key: string): TrackedTask | undefined;
  /** Every tracked key. */
  keys(): Iterable<string>;
  /** Fills loaded results in, all at once: one change, nothing written back. */
  fill(outputs: ReadonlyMap<string, SweepOutput>): void;
  /** A stored result could not be read (`reason`, in words): fetch it again or say it is lost. */
  lose(key: string, reason: string): void;
  /** A result stored inline (the older format) is now in its file: its globalState entry may drop it. */
  migrate(key: string): void;
  /** A result could not be written to its file (`reason`, in words): it is kept in memory only. */
  cannotStore(key: string, reason: string): void;
}

export interface TaskResultsOptions {
  /** A result file found missing is looked for once more after this long: another window may be writing it. */
  retryMissingMs?: number;
}

interface Waiter {
  promise: Promise<void>;
  resolve(): void;
}

/**
 * The results of tracked tasks, one file each (see `ResultFiles`), kept out of globalState: VS Code writes an
 * extension's whole globalState on every update, so results there made every poll rewrite all of them. Files
 * are read in the background once {@link start} is called (never during activation), all in one batch that
 * fills the store with one change; a result a poll brings is written to its file; a removal deletes it.
 * Nothing here throws: a file that cannot be read or written is reported to the host.
 */
export class TaskResults implements Results {
  /** Keys to read, and who waits for them. */
  private readonly wanted = new Set<string>();
  private readonly waiters = new Map<string, Waiter>();
  /** Results held only inline in globalState (the older format), to move to their files. */
  private readonly toMigrate = new Set<string>();
  /** Inline results whose file could not be written: they stay inline in globalState, where they were. */
  private readonly inlineOnly = new Set<string>();
  /** The output last written or read per key: the same object is never written twice. */
  private readonly known = new Map<string, SweepOutput>();
  /** File work in flight, per key in order, so that a delete never overtakes a write. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly retries = new Set<ReturnType<typeof setTimeout>>();
  private batch: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private disposed = false;

  constructor(
    readonly files: ResultFiles,
    private readonly host: ResultsHost,
    private readonly log: Logger,
    private readonly opts: TaskResultsOptions = {},
  ) {}

  /** Starts reading (and moving) results: call once activation has returned. */
  start(): void {
    this.started = true;
    this.schedule();
  }

  /** The stored result of `key` is to be read into its task. */
  want(key: string): void {
    this.wanted.add(key);
    this.waiter(key);
    this.schedule();
  }

  /** The task of `key` holds its result only inline in globalState (the older format). */
  migrate(key: string): void {
    this.toMigrate.add(key);
    this.waiter(key);
    this.schedule();
  }

  /**
   * Resolves once the stored result of `key` (of every task, without a key) has been read, or found lost and
   * reported; at once when nothing is being read.
   */
  whenLoaded(key?: string): Promise<void> {
    if (key !== undefined) return this.waiters.get(key)?.promise ?? Promise.resolve();
    return Promise.all([...this.waiters.values()].map((w) => w.promise)).then(() => undefined);
  }

  /** True when the task's result is to stay inline in its globalState entry (it is not in a file yet). */
  keepsInline(key: string): boolean {
    return this.toMigrate.has(key) || this.inlineOnly.has(key);
  }

  /** Resolves once every file write and delete started so far has ended. */
  async idle(): Promise<void> {
    await this.whenLoaded();
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  /** A task was saved: writes its result to its file when it is one not written yet. */
  saved(key: string, task: TrackedTask): void {
    const output = task.output;
    if (!output || this.known.get(key) === output || this.toMigrate.has(key)) return;
    this.known.set(key, output);
    this.chain(key, () => this.write(key, output));
  }

  /** A task is no longer tracked: its file goes. */
  removed(key: string): void {
    this.known.delete(key);
    this.toMigrate.delete(key);
    this.inlineOnly.delete(key);
    this.wanted.delete(key);
    this.settle(key); // nobody waits for the result of a task no longer tracked
    this.chain(key, async () => {
      const done = await this.files.delete(key);
      if (done.kind === 'failed') this.log.warn('results', `could not delete the result of ${key}: ${done.reason}`);
    });
  }

  /**
   * Deletes result files of no tracked task, last changed over `minAgeMs` ago (a younger one may be another
   * window's new task, whose entry has not reached this one yet). Returns how many went. Never throws.
   */
  async sweepOrphans(minAgeMs: number): Promise<number> {
    const listed = await this.files.list();
    if (listed.kind === 'failed') return 0;
    const tracked = new Set(this.host.keys());
    let swept = 0;
    for (const key of listed.keys) {
      if (tracked.has(key) || this.chains.has(key)) continue;
      const file = path.join(this.files.folder, resultFileName(key)!);
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat || Date.now() - stat.mtimeMs < minAgeMs || this.host.task(key)) continue;
      if ((await this.files.delete(key)).kind === 'deleted') swept++;
    }
    await this.files.removeStaleTemps();
    if (swept) this.log.info('results', `removed ${swept} result file(s) of tasks no longer tracked`);
    return swept;
  }

  dispose(): void {
    this.disposed = true;
    if (this.batch) clearTimeout(this.batch);
    this.retries.forEach((t) => clearTimeout(t));
    this.retries.clear();
    this.waiters.forEach((w) => w.resolve());
    this.waiters.clear();
  }

  private waiter(key: string): void {
    if (this.waiters.has(key)) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.waiters.set(key, { promise, resolve });
  }

  private settle(key: string): void {
    if (this.wanted.has(key) || this.toMigrate.has(key)) return;
    this.waiters.get(key)?.resolve();
    this.waiters.delete(key);
  }

  private schedule(): void {
    if (!this.started || this.disposed || this.batch) return;
    this.batch = setTimeout(() => {
      this.batch = undefined;
      void this.runBatch();
    }, 0);
  }

  /** Reads every wanted result and moves every inline one; one fill for all that were read. */
  private async runBatch(): Promise<void> {
    const keys = [...this.wanted];
    const moves = [...this.toMigrate];
    this.wanted.clear();
    const reads = await Promise.all(keys.map((key) => this.files.read(key)));
    if (this.disposed) return;
    const outputs = new Map<string, SweepOutput>();
    keys.forEach((key, i) => this.take(key, reads[i], outputs));
    if (outputs.size) this.host.fill(outputs);
    keys.forEach((key) => this.settle(key));
    moves.forEach((key) => this.chain(key, () => this.moveInline(key)));
  }

  private take(key: string, read: ResultRead, outputs: Map<string, SweepOutput>, retried = false): void {
    const task = this.host.task(key);
    if (!task || task.output) return; // untracked meanwhile, or a poll brought the result first
    if (read.kind === 'ok') {
      this.known.set(key, read.output);
      outputs.set(key, read.output);
    } else if (read.kind === 'missing' && !retried) {
      this.wanted.add(key); // kept waiting: looked for once more below
      const timer = setTimeout(() => {
        this.retries.delete(timer);
        void this.files.read(key).then((again) => this.retried(key, again));
      }, this.opts.retryMissingMs ?? 2_000);
      this.retries.add(timer);
    } else {
      const reason = read.kind === 'missing' ? 'there is no result file' : read.reason;
      this.log.warn('results', `the stored result of ${key} could not be read: ${reason}`);
      this.host.lose(key, reason);
    }
  }

  private retried(key: string, read: ResultRead): void {
    if (this.disposed) return;
    this.wanted.delete(key);
    const outputs = new Map<string, SweepOutput>();
    this.take(key, read, outputs, true);
    if (outputs.size) this.host.fill(outputs);
    this.settle(key);
  }

  private async moveInline(key: string): Promise<void> {
    const output = this.host.task(key)?.output;
    const written = output ? await this.write(key, output, false) : false;
    this.toMigrate.delete(key);
    if (written && output) {
      this.known.set(key, output);
      this.host.migrate(key);
    } else if (output) {
      this.inlineOnly.add(key); // nothing already stored is lost: it stays where it was
    }
    this.settle(key);
  }

  private async write(key: string, output: SweepOutput, report = true): Promise<boolean> {
    const done = await this.files.write(key, output);
    if (done.kind === 'written') return true;
    this.log.warn('results', `could not store the result of ${key}: ${done.reason}`);
    if (report && !this.disposed) this.host.cannotStore(key, done.reason);
    return false;
  }

  private chain(key: string, work: () => Promise<unknown>): void {
    const next = (this.chains.get(key) ?? Promise.resolve()).then(work).then(
      () => undefined,
      (err: unknown) => this.log.error('results', `result file work for ${key} failed`, err),
    );
    const tracked = next.finally(() => {
      if (this.chains.get(key) === tracked) this.chains.delete(key);
    });
    this.chains.set(key, tracked);
  }
}
