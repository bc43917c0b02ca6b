/**
 * The request budget shared by every task of a scheduler: a hard cap per sliding minute, a token bucket
 * that keeps a backlog from going out as one burst, and a "blocked until" for reported rate-limit resets.
 */

import { MAX_SERVER_WAIT_MS, capWait } from '../rateLimit';

const MINUTE = 60_000;

/** Options of {@link RateBudget}. */
export interface RateBudgetOptions {
  /** Never more requests than this in any 60 s window. */
  requestsPerMinute: number;
  /** Requests that may leave back to back before the steady pace applies. */
  burst: number;
}

/** Tracks sent requests and says when the next one may go. Times are epoch ms. */
export class RateBudget {
  private sent: number[] = [];
  private tokens: number;
  private tokensAt: number | undefined;
  private blockedUntil = 0;
  private paceUntil = 0;
  private paceGapMs = 0;
  private lastSentAt: number | undefined;

  constructor(private readonly opts: RateBudgetOptions) {
    this.tokens = opts.burst;
  }

  /**
   * Earliest time at or after `now` a request may be sent. `probe`: a request the user asked for (Refresh),
   * which keeps to our own limits but not to the server's wait or pace.
   */
  nextFreeAt(now: number, probe = false): number {
    this.prune(now);
    let at = probe ? now : Math.max(now, this.blockedUntil);
    const rpm = this.opts.requestsPerMinute;
    // The window counts both ends, so the oldest counted send must be more than a minute old.
    if (this.sent.length >= rpm) at = Math.max(at, this.sent[this.sent.length - rpm] + MINUTE + 1);
    const tokens = this.tokensAt === undefined ? this.tokens : this.tokensNow(now);
    if (tokens < 1) at = Math.max(at, now + Math.ceil((1 - tokens) * this.refillMs()));
    if (!probe && this.lastSentAt !== undefined && now < this.paceUntil)
      at = Math.max(at, this.lastSentAt + this.paceGapMs);
    return at;
  }

  /** Records a request sent at `now`; call only when {@link nextFreeAt} allowed it. */
  take(now: number): void {
    this.tokens = this.tokensNow(now) - 1;
    this.tokensAt = now;
    this.sent.push(now);
    this.lastSentAt = now;
  }

  /**
   * No request before `until` (a reported reset, a Retry-After, a 429 backoff); given `now`, never more than the
   * cap after it (the rate-limit parsers cap what they read already).
   */
  blockUntil(until: number, now?: number): void {
    this.blockedUntil = Math.max(
      this.blockedUntil,
      now === undefined ? until : Math.min(until, now + MAX_SERVER_WAIT_MS),
    );
  }

  /** Forgets the server's wait and pace: a probe was answered, so the server takes requests again. */
  liftServerWait(): void {
    this.blockedUntil = 0;
    this.paceUntil = 0;
  }

  /**
   * Applies the rate-limit headers of an answer: a Retry-After blocks, a spent window blocks until its
   * reset, a small one paces. Returns the window when it said something about the future.
   */
  note(
    info: { remaining?: number; resetAt?: number; retryAfterMs?: number },
    now: number,
  ): { remaining: number; resetAt: number } | undefined {
    if (info.retryAfterMs !== undefined) this.blockUntil(now + capWait(info.retryAfterMs), now);
    if (info.remaining === undefined || info.resetAt === undefined || !(info.resetAt > now)) return undefined;
    const resetAt = now + capWait(info.resetAt - now);
    this.paceFor(info.remaining, resetAt, now);
    return { remaining: info.remaining, resetAt };
  }

  /** The time before which nothing may be sent. */
  get blocked(): number {
    return this.blockedUntil;
  }

  /**
   * Paces requests so that `remaining` last until `resetAt`: with a small budget left far from its reset,
   * spending it at the steady pace would leave nothing for the end of the window.
   */
  paceFor(remaining: number, resetAt: number, now: number): void {
    if (remaining <= 0) {
      this.blockUntil(resetAt, now);
      return;
    }
    this.paceUntil = resetAt;
    this.paceGapMs = Math.max(0, (resetAt - now) / remaining);
  }

  /** Requests sent in the minute up to `now` (for diagnostics and tests). */
  sentInLastMinute(now: number): number {
    this.prune(now);
    return this.sent.length;
  }

  /**
   * Keeps the bookkeeping sane when the wall clock goes backwards (an NTP correction): sends "in the future"
   * would otherwise hold the budget shut for as long as the clock moved back, and so would a server's wait
   * (kept as a local time), a minute's Retry-After becoming an hour and a minute.
   */
  clockWentBack(by: number): void {
    if (this.blockedUntil > 0) this.blockedUntil -= by;
    if (this.paceUntil > 0) this.paceUntil -= by;
    this.sent = this.sent.map((t) => t - by);
    if (this.tokensAt !== undefined) this.tokensAt -= by;
    if (this.lastSentAt !== undefined) this.lastSentAt -= by;
  }

  private refillMs(): number {
    return MINUTE / this.opts.requestsPerMinute;
  }

  private tokensNow(now: number): number {
    if (this.tokensAt === undefined) return this.tokens;
    const earned = Math.max(0, now - this.tokensAt) / this.refillMs();
    // Capped at the burst: a long sleep (laptop closed) earns no more than one burst on waking.
    return Math.min(this.opts.burst, this.tokens + earned);
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.sent.length && this.sent[drop] < now - MINUTE) drop++;
    if (drop) this.sent.splice(0, drop);
  }
}
