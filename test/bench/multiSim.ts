/**
 * Virtual-time harness for many tasks under a rate limit (issue 6, part 2): one {@link PollScheduler}
 * tracks many modelled sweeps against a server that allows a fixed number of requests per fixed minute
 * window and reports `X-RateLimit-*` (as the client's {@link RateLimitInfo}) on every answer, with 429 and a
 * Retry-After once the window is spent. Optionally the wall clock leaps forward (a laptop waking up).
 */
import type { StatusResult } from '../../src/core/client';
import { ApiError } from '../../src/core/errors';
import { PollScheduler, type PollOptions } from '../../src/core/poller';
import { SweepScenario, seededRandom, sweepScenarios, sweepStateAt, virtualClock } from './pollSim';

export interface RateLimitRunOptions {
  tasks?: number;
  durationMs?: number;
  /** What the server allows per fixed minute window. */
  serverPerMinute?: number;
  /** The scheduler's own budget. */
  requestsPerMinute?: number;
  latencyMs?: number;
  /** Leap the wall clock forward by this much at `jumpAtMs` (timers keep their relative due times). */
  jumpByMs?: number;
  jumpAtMs?: number;
  timing?: Partial<PollOptions>;
  seed?: number;
  /** When false, successful answers carry no rate-limit headers: only 429s (with Retry-After) tell. */
  headers?: boolean;
}

export interface RateLimitRun {
  requests: number;
  /** Most requests sent in any 60 s sliding window. */
  busiestMinute: number;
  /** Most requests sent within any 1 s, to see bursts. */
  busiestSecond: number;
  rateLimited: number;
  /** Requests sent after an answer had reported a spent window (or a Retry-After) and before its reset. */
  sentBeforeReset: number;
  /** Tasks whose end was seen / tasks that ended within the run. */
  endsSeen: number;
  ends: number;
  /** Requests sent within the first second after the clock leap. */
  sentInSecondAfterJump: number;
}

const MINUTE = 60_000;

function maxInWindow(times: number[], width: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= width) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Tracks `tasks` sweeps of mixed lengths and shapes, started together, for `durationMs` of virtual time. */
export async function runRateLimited(opts: RateLimitRunOptions = {}): Promise<RateLimitRun> {
  const n = opts.tasks ?? 50;
  const latencyMs = opts.latencyMs ?? 200;
  const perMinute = opts.serverPerMinute ?? 60;
  const { fake, clock } = virtualClock();
  const t0 = clock.now();
  const random = seededRandom(opts.seed ?? 7);
  const all = sweepScenarios();
  const sweeps = new Map<string, { s: SweepScenario; start: number }>();
  for (let i = 0; i < n; i++) sweeps.set(`task${i}`, { s: all[i % all.length], start: t0 - Math.floor(random() * 2_000) });

  const sends: number[] = [];
  let windowStart = t0;
  let used = 0;
  let blockedUntil = 0;
  let sentBeforeReset = 0;
  let rateLimited = 0;
  const server = (key: string, signal: AbortSignal): Promise<StatusResult> => {
    const now = clock.now();
    sends.push(now);
    if (now < blockedUntil) sentBeforeReset++;
    while (now >= windowStart + MINUTE) [windowStart, used] = [windowStart + MINUTE, 0];
    const resetAt = windowStart + MINUTE;
    const allowed = used < perMinute;
    if (allowed) used++;
    const { s, start } = sweeps.get(key)!;
    const state = sweepStateAt(s, now + latencyMs / 2 - start);
    return new Promise((resolve, reject) => {
      const h = clock.setTimeout(() => {
        const at = clock.now();
        if (!allowed) {
          rateLimited++;
          blockedUntil = Math.max(blockedUntil, resetAt);
          reject(new ApiError('rateLimited', 'Rate limit reached (429)', { status: 429, retryAfterMs: resetAt - at }));
          return;
        }
        const remaining = perMinute - used;
        const headers = opts.headers ?? true;
        if (remaining === 0 && headers) blockedUntil = Math.max(blockedUntil, resetAt);
        resolve({
          status: { ...state, startTime: new Date(start).toISOString(), endTime: null, failReason: null, output: null },
          rateLimit: headers ? { limit: perMinute, remaining, resetAt } : {},
          receivedAt: at,
        });
      }, latencyMs);
      signal.addEventListener('abort', () => {
        clock.clearTimeout(h);
        reject(new ApiError('aborted', 'aborted'));
      });
    });
  };

  const scheduler = new PollScheduler({
    clock,
    poll: server,
    requestsPerMinute: opts.requestsPerMinute ?? perMinute,
    random,
    timing: opts.timing,
  });
  const seen = new Set<string>();
  scheduler.onUpdate((key, r) => {
    if (r.status.status === 'COMPLETED') seen.add(key);
  });
  for (const [key, { start }] of sweeps) {
    scheduler.add(key, { state: 'INITIATED', progressPercent: 0, startTime: new Date(start).toISOString() });
  }
  let end = t0 + (opts.durationMs ?? 10 * MINUTE);
  let jumpedAt: number | undefined;
  while (fake.now < end && fake.countTimers() > 0) {
    if (opts.jumpByMs && jumpedAt === undefined && fake.now >= t0 + (opts.jumpAtMs ?? 3 * MINUTE)) {
      // Timers keep their relative due times while the wall clock leaps, as on waking from sleep.
      fake.setSystemTime(fake.now + opts.jumpByMs);
      jumpedAt = fake.now;
      end += opts.jumpByMs;
    }
    await fake.nextAsync();
  }
  scheduler.dispose();
  const ends = [...sweeps.values()].filter(({ s, start }) => start + s.lengthMs <= end).length;
  return {
    requests: sends.length,
    busiestMinute: maxInWindow(sends, MINUTE),
    busiestSecond: maxInWindow(sends, 1_000),
    rateLimited,
    sentBeforeReset,
    endsSeen: seen.size,
    ends,
    sentInSecondAfterJump: jumpedAt === undefined ? 0 : sends.filter((t) => t >= jumpedAt! && t < jumpedAt! + 1_000).length,
  };
}
