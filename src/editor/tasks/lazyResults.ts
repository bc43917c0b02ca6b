import type { TrackedTask } from '../../core/task';

/** What the task store and the commands ask of the stored results (see `TaskResults`). */
export interface Results {
  start(): void;
  want(key: string): void;
  migrate(key: string): void;
  keepsInline(key: string): boolean;
  saved(key: string, task: TrackedTask): void;
  removed(key: string): void;
  whenLoaded(key?: string): Promise<void>;
  sweepOrphans(minAgeMs: number): Promise<number>;
  dispose(): void;
}

const NONE: Results = {
  start: () => undefined,
  want: () => undefined,
  migrate: () => undefined,
  keepsInline: () => false,
  saved: () => undefined,
  removed: () => undefined,
  whenLoaded: () => Promise.resolve(),
  sweepOrphans: () => Promise.resolve(0),
  dispose: () => undefined,
};

/**
 * The result files' code (reading, checking and writing files) is bundled apart and loaded by {@link start},
 * in the background after activation: activation loads less. What the store asks before then is kept, in
 * order, and handed over at the start.
 */
export class LazyResults implements Results {
  private real: Results | undefined;
  private readonly queued: Array<(r: Results) => void> = [];
  /** Inline results to move, while the real results are not loaded yet. */
  private readonly migrating = new Set<string>();
  private readonly loaded: Promise<Results>;
  private resolveLoaded!: (r: Results) => void;

  constructor(private readonly load: () => Results) {
    this.loaded = new Promise((resolve) => (this.resolveLoaded = resolve));
  }

  start(): void {
    if (this.real) return;
    const real = this.load();
    this.real = real;
    this.queued.splice(0).forEach((call) => call(real));
    this.migrating.clear();
    real.start();
    this.resolveLoaded(real);
  }

  want(key: string): void {
    this.call((r) => r.want(key));
  }

  migrate(key: string): void {
    if (!this.real) this.migrating.add(key);
    this.call((r) => r.migrate(key));
  }

  keepsInline(key: string): boolean {
    return this.real ? this.real.keepsInline(key) : this.migrating.has(key);
  }

  saved(key: string, task: TrackedTask): void {
    this.call((r) => r.saved(key, task));
  }

  removed(key: string): void {
    this.migrating.delete(key);
    this.call((r) => r.removed(key));
  }

  whenLoaded(key?: string): Promise<void> {
    return this.real ? this.real.whenLoaded(key) : this.loaded.then((r) => r.whenLoaded(key));
  }

  sweepOrphans(minAgeMs: number): Promise<number> {
    return this.loaded.then((r) => r.sweepOrphans(minAgeMs));
  }

  dispose(): void {
    this.real?.dispose();
    this.real ??= NONE;
    this.resolveLoaded(NONE); // nobody waits for results that will never load
  }

  private call(work: (r: Results) => void): void {
    if (this.real) work(this.real);
    else this.queued.push(work);
  }
}
