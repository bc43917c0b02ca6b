import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import { ApiError } from '../../core/errors';
import type { PolledElsewhere } from '../../core/polling/parts';
import type { TaskStatus } from '../../core/schemas';
import { isFinal, type TrackedTask } from '../../core/task';
import { STATE_KEYS } from '../platform/constants';

/** How long a poll lease lasts: a window that crashed (and so could not hand its leases over) holds its tasks this long at most. */
export const LEASE_MS = 30_000;

interface Lease {
  owner: string;
  until: number;
}

export interface PollLeaseOptions {
  clock: Clock;
  /** Default {@link LEASE_MS}. */
  leaseMs?: number;
  /** Whether this window still polls a task: its lease is kept while it does, and handed over when not. */
  polls(key: string): boolean;
  /** The lease another window held on a task this window tracks ran out (that window closed or crashed). */
  onFree(key: string): void;
}

/**
 * Which window polls a task. Windows share globalState but nothing else, so each task is polled by the window
 * that holds its lease: a short-lived `{ owner, until }` entry in globalState.
 *
 * Polls of a long sweep may come minutes apart, far more than a lease lasts, so a lease is not renewed by
 * polls but by a timer of its own, every third of its length, for as long as the window polls the task. A
 * window that reads another's results watches that lease instead, and polls as soon as it runs out.
 */
export class PollLeases implements vscode.Disposable {
  /** This window's owner id. */
  private readonly owner = randomBytes(8).toString('hex');
  private readonly leaseMs: number;
  /** Tasks whose lease this window holds. */
  private readonly held = new Set<string>();
  /** Tasks another window polls, with when its lease runs out as last read. */
  private readonly watched = new Map<string, number>();
  /** Watched tasks whose lease ran out, until this window's next poll of them reads what the other window left. */
  private readonly freed = new Set<string>();
  private timer: { handle: unknown; at: number } | undefined;
  private disposed = false;

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly opts: PollLeaseOptions,
  ) {
    this.leaseMs = opts.leaseMs ?? LEASE_MS;
  }

  /**
   * True when another window holds an unexpired lease on the task (this window then watches it). Otherwise
   * takes the lease, or renews it if a third of it has passed: a fast-polled task costs no extra writes.
   */
  private leasedElsewhere(key: string): boolean {
    const now = this.opts.clock.now();
    const other = this.otherUntil(key, now);
    if (other !== undefined) {
      this.held.delete(key);
      this.watched.set(key, other);
    } else {
      this.watched.delete(key);
      this.held.add(key);
      const mine = this.globalState.get<Partial<Lease>>(STATE_KEYS.leasePrefix + key);
      if (mine?.owner !== this.owner || (Number(mine.until) || 0) - now < (2 * this.leaseMs) / 3) {
        this.write(key, now);
      }
    }
    this.arm();
    return other !== undefined;
  }

  /**
   * When another window polls the task, what its results in the shared store say (`read` takes the stored
   * copy); undefined when this window is to ask Central.
   */
  polledElsewhere(key: string, read: () => TrackedTask | undefined): PolledElsewhere | undefined {
    const takingOver = this.watched.has(key) || this.freed.delete(key);
    if (!this.leasedElsewhere(key)) {
      if (!takingOver) return undefined;
      // The window that polled may have finished the task just before its lease ran out: its answer stands,
      // and Central is not asked again.
      const stored = read();
      return stored && isFinal(stored.state) ? { elsewhere: seenElsewhere(stored) } : undefined;
    }
    const task = read();
    if (!task) {
      throw new ApiError('aborted', 'another window stopped tracking the task');
    }
    return { elsewhere: seenElsewhere(task) };
  }

  /** Stops the timer and hands this window's leases over (sweeping expired ones): polling goes on elsewhere at once. */
  dispose(): void {
    this.disposed = true;
    this.cancel();
    this.held.clear();
    this.watched.clear();
    this.freed.clear();
    for (const stateKey of this.globalState.keys()) {
      const lease = stateKey.startsWith(STATE_KEYS.leasePrefix)
        ? this.globalState.get<Partial<Lease>>(stateKey)
        : undefined;
      if (lease && (lease.owner === this.owner || !(Number(lease.until) > this.opts.clock.now()))) {
        void this.globalState.update(stateKey, undefined);
      }
    }
  }

  /** Renews the leases of the tasks still polled here, hands over the others, and checks the watched ones. */
  private tick(): void {
    this.timer = undefined;
    const now = this.opts.clock.now();
    for (const key of [...this.held]) {
      const other = this.otherUntil(key, now);
      if (!this.opts.polls(key)) {
        this.held.delete(key);
        if (this.globalState.get<Partial<Lease>>(STATE_KEYS.leasePrefix + key)?.owner === this.owner) {
          void this.globalState.update(STATE_KEYS.leasePrefix + key, undefined);
        }
      } else if (other === undefined) {
        this.write(key, now);
      } else {
        // Another window took it meanwhile (this one was asleep past its lease): it polls, this one reads.
        this.held.delete(key);
        this.watched.set(key, other);
      }
    }
    for (const key of [...this.watched.keys()]) {
      const other = this.otherUntil(key, now);
      if (!this.opts.polls(key)) {
        this.watched.delete(key);
      } else if (other !== undefined) {
        this.watched.set(key, other);
      } else {
        this.watched.delete(key);
        this.freed.add(key);
        this.opts.onFree(key);
      }
    }
    this.arm();
  }

  /** One timer: the next renewal while leases are held, or just after the first watched lease runs out. */
  private arm(): void {
    if (this.disposed) {
      return;
    }
    const now = this.opts.clock.now();
    let at = this.held.size > 0 ? now + this.leaseMs / 3 : Infinity;
    for (const until of this.watched.values()) {
      at = Math.min(at, until + 1, now + this.leaseMs);
    }
    if (this.timer && this.timer.at <= at) {
      return;
    }
    this.cancel();
    if (at !== Infinity) {
      this.timer = { at, handle: this.opts.clock.setTimeout(() => this.tick(), Math.max(0, at - now)) };
    }
  }

  private cancel(): void {
    if (this.timer) {
      this.opts.clock.clearTimeout(this.timer.handle);
      this.timer = undefined;
    }
  }

  /**
   * Until when another window holds the task's lease; undefined when no other window holds a live one. A lease
   * never runs further ahead than its length: one that claims more (written before the clock went back, or
   * corrupt) holds nothing, or a window that is gone would keep the task for good.
   */
  private otherUntil(key: string, now: number): number | undefined {
    const lease = this.globalState.get<Partial<Lease>>(STATE_KEYS.leasePrefix + key);
    const until = Number(lease?.until) || 0;
    const live = until > now && until <= now + this.leaseMs * 1.5;
    return lease && lease.owner !== this.owner && live ? until : undefined;
  }

  private write(key: string, now: number): void {
    const value: Lease = { owner: this.owner, until: now + this.leaseMs };
    this.globalState.update(STATE_KEYS.leasePrefix + key, value).then(undefined, () => undefined);
  }
}

/**
 * What another window's results say, in the window that reads them. PENDING (no answer yet over there) reads
 * as INITIATED; NOT_FOUND stops the poller here just as a 404 would.
 */
function seenElsewhere(task: TrackedTask): PolledElsewhere['elsewhere'] {
  return {
    status: (task.state === 'PENDING' ? 'INITIATED' : task.state) as TaskStatus,
    progressPercent: task.progressPercent,
    startTime: task.startTime ?? null,
  };
}
