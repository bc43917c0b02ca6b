/**
 * Virtual-time harness for many tasks under a rate limit: one {@link PollScheduler}
 * tracks many modelled sweeps against the Central simulator's rate-limit model (`SimState.takeRateBudget`:
 * a fixed number of requests per fixed minute window, `X-RateLimit-*` on every answer, 429 with Retry-After
 * once the window is spent). The headers are read by the client's own `parseRateLimit`, and reach the
 * scheduler as they do in the editor (`noteRateLimit` for every answer, the 429 as an {@link ApiError} with
 * its wait). Optionally the wall clock leaps forward (a laptop waking up).
 */
import type { StatusResult } from '../../src/core/client';
import { ApiError } from '../../src/core/errors';
import { PollScheduler } from '../../src/core/polling/scheduler';
import type { PollOptions } from '../../src/core/polling/timing';
import { parseRateLimit, retryDelayMs, type RateLimitInfo } from '../../src/core/rateLimit';
import { SimState } from '../simulator/state';
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
  /** How the simulator writes `X-RateLimit-Reset`. Default RFC 3339. */
  resetFormat?: 'rfc3339' | 'seconds' | 'epoch';
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
  for (let i = 0; i < n; i++)
    sweeps.set(`task${i}`, { s: all[i % all.length], start: t0 - Math.floor(random() * 2_000) });

  const sends: number[] = [];
  // The simulator's own rate window, on the virtual clock.
  const sim = new SimState({ now: () => clock.now(), rateLimit: { perMinute, resetFormat: opts.resetFormat } });
  const headers = opts.headers ?? true;
  let blockedUntil = 0;
  let sentBeforeReset = 0;
  let rateLimited = 0;
  let scheduler: PollScheduler | undefined;
  const server = (key: string, signal: AbortSignal): Promise<StatusResult> => {
    const now = clock.now();
    sends.push(now);
    if (now < blockedUntil) sentBeforeReset++;
    const { s, start } = sweeps.get(key)!;
    return new Promise((resolve, reject) => {
      let answered: { status: StatusResult['status']; headers: Record<string, string>; exceeded: boolean } | undefined;
      // The server counts the request and reads the task half-way through the round trip.
      const arrive = clock.setTimeout(() => {
        const budget = sim.takeRateBudget();
        const state = sweepStateAt(s, clock.now() - start);
        answered = {
          status: { ...state, startTime: new Date(start).toISOString(), endTime: null, failReason: null, output: null },
          headers: budget.headers,
          exceeded: budget.exceeded,
        };
      }, latencyMs / 2);
      const back = clock.setTimeout(() => {
        const at = clock.now();
        const a = answered!;
        // Without headers, only a 429's Retry-After tells.
        const sent = headers ? a.headers : a.exceeded ? { 'Retry-After': a.headers['Retry-After'] } : {};
        const info: RateLimitInfo = parseRateLimit(new Headers(sent), at);
        if (Object.keys(info).length) scheduler?.noteRateLimit(info);
        const wait = a.exceeded
          ? retryDelayMs(info, at)
          : info.remaining === 0 && info.resetAt !== undefined
            ? info.resetAt - at
            : undefined;
        if (wait !== undefined) blockedUntil = Math.max(blockedUntil, at + wait);
        if (a.exceeded) {
          rateLimited++;
          reject(new ApiError('rateLimited', 'Rate limit reached (429)', { status: 429, retryAfterMs: wait }));
          return;
        }
        resolve({ status: a.status, rateLimit: info, receivedAt: at });
      }, latencyMs);
      signal.addEventListener('abort', () => {
        clock.clearTimeout(arrive);
        clock.clearTimeout(back);
        reject(new ApiError('aborted', 'aborted'));
      });
    });
  };

  scheduler = new PollScheduler({
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
    sentInSecondAfterJump:
      jumpedAt === undefined ? 0 : sends.filter((t) => t >= jumpedAt! && t < jumpedAt! + 1_000).length,
  };
}
