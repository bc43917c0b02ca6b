/**
 * Pacing the starts of a fleet sweep inside the request budget that polls use too
 * (`pingSweep.polling.requestsPerMinute`): every start and every poll counts against one budget.
 *
 * Starts go first, since a gateway not started yet cannot finish, but never take the whole budget: a share
 * of every minute is kept for polls, so results come in while the fleet is still starting and other tracked
 * tasks are not starved. The poll scheduler learns what it may spend through the same door as a server's
 * rate-limit headers: after every request (start or poll), pass {@link FleetPacer.pollWindow} to
 * `PollScheduler.noteRateLimit`, and report every poll with {@link FleetPacer.pollSent}.
 */
import { RateBudget } from '../polling/rateBudget';

const MINUTE = 60_000;

/** Options of {@link FleetPacer}. */
export interface FleetPacerOptions {
  /** The shared budget: most requests, starts and polls together, in any 60 s. */
  requestsPerMinute: number;
  /** Requests that may leave back to back. Default a sixth of the budget, as the poll scheduler's. */
  burst?: number;
  /** Share of every minute kept for polls while starts wait. Default 0.1. */
  pollShare?: number;
}

/** What the poll scheduler may still send, and until when that holds (a rate-limit window). */
export interface PollWindow {
  remaining: number;
  resetAt: number;
}

/** Paces a fleet's starts; see the module comment. Times are epoch ms. */
export class FleetPacer {
  /** Polls kept per minute while starts wait. */
  readonly pollReserve: number;
  private readonly rpm: number;
  private readonly all: RateBudget;
  private readonly starts: RateBudget;
  private sends: number[] = [];
  private polls: number[] = [];
  private waiting = 0;

  constructor(opts: FleetPacerOptions) {
    this.rpm = Math.max(1, Math.floor(opts.requestsPerMinute) || 1);
    const burst = Math.max(1, Math.floor(opts.burst ?? Math.ceil(this.rpm / 6)));
    const share = Math.min(0.9, Math.max(0, opts.pollShare ?? 0.1));
    this.pollReserve = this.rpm > 1 ? Math.max(1, Math.round(this.rpm * share)) : 0;
    this.all = new RateBudget({ requestsPerMinute: this.rpm, burst });
    this.starts = new RateBudget({ requestsPerMinute: Math.max(1, this.rpm - this.pollReserve), burst });
  }

  /** Adds `n` starts to wait for their turn. */
  enqueue(n: number): void {
    if (Number.isInteger(n) && n > 0) this.waiting += n;
  }

  /** Forgets the starts still waiting (the fleet was stopped). */
  cancel(): void {
    this.waiting = 0;
  }

  /** Starts still waiting. */
  get pending(): number {
    return this.waiting;
  }

  /** Earliest time at or after `now` the next start may go; Infinity when none waits. */
  nextStartAt(now: number): number {
    if (this.waiting <= 0) return Infinity;
    return Math.max(this.all.nextFreeAt(now), this.starts.nextFreeAt(now));
  }

  /** Records a start sent at `now` (whatever Central answered: a refused start was a request too). */
  startSent(now: number): void {
    this.all.take(now);
    this.starts.take(now);
    this.sends.push(now);
    if (this.waiting > 0) this.waiting--;
  }

  /** Records a poll sent at `now`. */
  pollSent(now: number): void {
    this.all.take(now);
    this.sends.push(now);
    this.polls.push(now);
  }

  /** No request before `until` (a 429's Retry-After, a reported reset). */
  blockUntil(until: number): void {
    this.all.blockUntil(until);
  }

  /** Takes a server's rate-limit answer: a spent window or a Retry-After holds every request until it ends. */
  noteServer(info: { remaining?: number; resetAt?: number; retryAfterMs?: number }, now: number): void {
    if (info.retryAfterMs !== undefined) this.blockUntil(now + info.retryAfterMs);
    if (info.remaining === 0 && info.resetAt !== undefined) this.blockUntil(info.resetAt);
  }

  /**
   * What polls may spend now: what the budget has left in the last minute, and while starts wait no more
   * than the polls' reserve, until the oldest request that binds leaves the minute (a slot frees then).
   */
  pollWindow(now: number): PollWindow {
    this.sends = this.sends.filter((t) => t >= now - MINUTE);
    this.polls = this.polls.filter((t) => t >= now - MINUTE);
    const free = this.rpm - this.sends.length;
    const reserved = this.pollReserve - this.polls.length;
    if (this.all.blocked > now) return { remaining: 0, resetAt: this.all.blocked };
    const byReserve = this.waiting > 0 && reserved < free;
    const remaining = Math.max(0, byReserve ? reserved : free);
    // The window slides: its next slot frees when the oldest request that binds leaves the minute.
    const list = byReserve ? this.polls : this.sends;
    const oldest = remaining > 0 ? list[0] : list[list.length - (byReserve ? this.pollReserve : this.rpm)];
    return { remaining, resetAt: Math.max(now + 1, (oldest ?? now) + MINUTE + 1) };
  }
}

/**
 * Earliest time, from the first request, at which the `requests`-th may go under a budget of `rpm` per
 * sliding minute with a burst of `burst`: the token bucket's (requests - burst) / rpm minutes, and never
 * fewer whole windows than the per-minute cap needs.
 */
export function budgetLowerBoundMs(requests: number, rpm: number, burst: number): number {
  if (!(requests > 0) || !(rpm > 0)) return 0;
  const bucket = (Math.max(0, requests - burst) * MINUTE) / rpm;
  const windows = Math.floor((requests - 1) / rpm) * MINUTE;
  return Math.max(bucket, windows);
}

/**
 * The soonest a fleet can be done: every start and one poll of each accepted sweep within the budget, and
 * the last start's sweep still has to run `shortestSweepMs` before its poll can see it end.
 */
export function fleetLowerBoundMs(o: {
  gateways: number;
  accepted: number;
  requestsPerMinute: number;
  burst: number;
  shortestSweepMs: number;
}): number {
  const all = budgetLowerBoundMs(o.gateways + o.accepted, o.requestsPerMinute, o.burst);
  const lastStart = budgetLowerBoundMs(o.gateways, o.requestsPerMinute, o.burst);
  return Math.max(all, lastStart + (o.accepted > 0 ? o.shortestSweepMs : 0));
}
