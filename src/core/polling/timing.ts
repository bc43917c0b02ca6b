/**
 * When to ask about a task next: a pure function of what has been observed about it.
 *
 * The aim is to see the end of a sweep within max(1 s, 5% of its length) while sending as few
 * requests as possible, without knowing the length in advance:
 *  - A task still running `e` ms after it started runs at least `e` ms in all, so reading it again within
 *    5% of `e` (less the round trip) can never miss the target: the *safe* spacing. It is all there is while
 *    progress is 0 (INITIATED or not yet moving), which is why those phases are polled sooner.
 *  - One prior, for INITIATED only: a sweep that waited `w` to begin then runs at least 5% of `w`
 *    (`initiatedRunShare`), so its end is no sooner than that after the last INITIATED reading. It about
 *    halves the reads of a long wait; a sweep that breaks it (a run shorter than 1/20 of its wait) is seen at
 *    worst about twice the target late. 0 turns it off.
 *  - Once progress moves, its pace bounds the earliest plausible end (see `progressEstimate.ts`). Until then
 *    the poller approaches that moment in long strides, re-estimating on the way; long tasks are therefore
 *    polled ever more slowly, and near the end the safe spacing takes over again.
 *  - With a steady pace, one read is aimed just after the expected end.
 * Failures back off exponentially with jitter; a spent rate-limit window is waited out.
 */
import type { ApiErrorKind } from '../errors';
import { DEFAULT_ESTIMATE_OPTIONS, EstimateOptions, ProgressSample, estimateEnd } from './progressEstimate';
import { capWait } from '../rateLimit';
import type { TaskState } from '../task';

/** Everything {@link nextPollDelay} decides from. All times are local epoch ms. */
export interface PollTiming {
  /** The moment the decision is made (usually when the last request settled). */
  now: number;
  /** Last known state; PENDING before the first answer. */
  state: TaskState;
  /** When tracking began. */
  firstSeenAt: number;
  /** The API's `startTime`, when known; the task has been running at least since then. */
  startedAt?: number;
  /** Progress observations, oldest first, non-decreasing (kept by `addSample`). */
  samples: readonly ProgressSample[];
  /** When the server was last seen reading the task as INITIATED (not begun yet), local epoch ms. */
  initiatedAt?: number;
  /** Last time the state or the progress changed; the give-up clock runs from here. */
  lastChangeAt?: number;
  /** Recent request round trip; a poll must be sent that much earlier to be seen in time. */
  latencyMs?: number;
  /** Failures in a row other than 429, since the last success. */
  consecutiveFailures: number;
  /** 429 answers in a row since the last success. */
  consecutiveRateLimited: number;
  /** Kind of the last failure, when the last request failed. */
  lastErrorKind?: ApiErrorKind;
  /** What the server asked us to wait after the last failure (Retry-After or reset), from `now`. */
  retryAfterMs?: number;
  /** The latest rate-limit window seen; with nothing remaining, no request is sent before `resetAt`. */
  rateLimit?: { remaining?: number; resetAt?: number };
  /** A number in [0, 1) drawn by the caller, so that backoff jitter keeps this function pure. */
  jitter: number;
}

/** Tuning of the delay decision. Every field has a default in {@link DEFAULT_POLL_OPTIONS}. */
export interface PollOptions extends EstimateOptions {
  /** Detection target floor: the end of even a short sweep may be seen this late. */
  detectFloorMs: number;
  /** Detection target as a fraction of the sweep's length. */
  detectFraction: number;
  /** Never poll one task faster than this. */
  minDelayMs: number;
  /** Never wait longer than this between polls of a healthy task. */
  maxDelayMs: number;
  /** While the earliest plausible end is far, wait this fraction of the time until it. */
  leadFraction: number;
  /** {@link leadFraction} once progress has been seen going at one pace (`isSteady`). */
  steadyLeadFraction: number;
  /**
   * Prior for a task still INITIATED: having waited `w` to begin, it then runs at least this share of `w`.
   * 0 assumes nothing (the end may follow any INITIATED reading at once).
   */
  initiatedRunShare: number;
  /** Round trip assumed before one has been measured. */
  assumedLatencyMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Stop after this many failures in a row (429s not counted: they are the server pacing us). */
  maxConsecutiveFailures: number;
  /** Stop a task whose state and progress have not changed for this long. */
  giveUpAfterMs: number;
}

/** Defaults, chosen with the virtual-time bench (`test/bench/pollSim.ts`). */
export const DEFAULT_POLL_OPTIONS: Readonly<PollOptions> = Object.freeze({
  detectFloorMs: 1_000,
  detectFraction: 0.05,
  minDelayMs: 250,
  maxDelayMs: 300_000,
  leadFraction: 0.85,
  steadyLeadFraction: 0.85,
  initiatedRunShare: 0.05,
  ...DEFAULT_ESTIMATE_OPTIONS,
  assumedLatencyMs: 300,
  backoffBaseMs: 2_000,
  backoffMaxMs: 60_000,
  maxConsecutiveFailures: 10,
  giveUpAfterMs: 30 * 60_000,
});

/** Why a task is no longer polled. */
export type StopReason = 'final' | 'notFound' | 'unauthorized' | 'forbidden' | 'failures' | 'gaveUp';

/** Whether polling should stop now, and why; undefined to keep polling. */
export function stopReasonFor(t: PollTiming, o: PollOptions = DEFAULT_POLL_OPTIONS): StopReason | undefined {
  if (t.state === 'COMPLETED' || t.state === 'FAILED') return 'final';
  if (t.state === 'NOT_FOUND' || t.lastErrorKind === 'notFound') return 'notFound';
  // A 401 reaches us only after the client's one refresh-and-retry, so the credentials are unusable. A 403
  // says they work but may not reach this gateway: asking again will not change that either.
  if (t.lastErrorKind === 'unauthorized') return 'unauthorized';
  if (t.lastErrorKind === 'forbidden') return 'forbidden';
  if (t.consecutiveFailures >= o.maxConsecutiveFailures) return 'failures';
  if (t.now >= giveUpAt(t, o)) return 'gaveUp';
  return undefined;
}

/** When a task that does not change from now on is given up: `giveUpAfterMs` after its last change. */
function giveUpAt(t: PollTiming, o: PollOptions): number {
  return Math.max(t.firstSeenAt, t.lastChangeAt ?? t.firstSeenAt) + o.giveUpAfterMs;
}

/** The detection target for a task that has been running `elapsedMs`: it will run at least that long. */
export function detectionTargetMs(elapsedMs: number, o: PollOptions = DEFAULT_POLL_OPTIONS): number {
  return Math.max(o.detectFloorMs, o.detectFraction * Math.max(0, elapsedMs));
}

/** Exponential backoff with "equal jitter": never less than half the step, so a retry is never a burst. */
export function backoffDelay(failures: number, jitter: number, o: PollOptions = DEFAULT_POLL_OPTIONS): number {
  const step = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** Math.max(0, Math.min(30, failures - 1)));
  return step / 2 + (step / 2) * Math.min(1, Math.max(0, jitter));
}

/**
 * The delay a healthy (last request succeeded) running task should wait.
 *
 * Times are planned for the moment the server reads the task, which is about half a round trip after a
 * request leaves and half a round trip before its answer arrives. The last read saw the task unfinished, so
 * the end may come right after it: the next read must come within the target less half a round trip.
 */
function healthyDelay(t: PollTiming, o: PollOptions): number {
  if (t.state === 'PENDING') return 0;
  const origin = t.startedAt !== undefined ? Math.min(t.startedAt, t.firstSeenAt) : t.firstSeenAt;
  const half = (t.latencyMs ?? o.assumedLatencyMs) / 2;
  const lastRead = t.samples.length ? t.samples[t.samples.length - 1].at : t.now;
  let soonest = lastRead;
  if (t.initiatedAt !== undefined)
    soonest = Math.max(soonest, t.initiatedAt + o.initiatedRunShare * Math.max(0, t.initiatedAt - origin));
  let read = soonest + detectionTargetMs(soonest - origin, o) - half;
  const est = estimateEnd(t.samples, t.startedAt, o);
  if (est.earliest !== undefined && est.earliest > read) {
    // The end is not plausible before `earliest`: approach it, re-estimating on the way, and never read
    // later than one detection target after it.
    const lead = est.steady ? o.steadyLeadFraction : o.leadFraction;
    const approach = t.now + half + lead * (est.earliest - t.now - half);
    read = Math.max(read, Math.min(approach, est.earliest + detectionTargetMs(est.earliest - origin, o) - half));
  }
  // Aim one read just after the expected end: if the estimate is right the end is seen at once, and if it
  // is early the task is overdue and the safe spacing goes on.
  if (est.steady && est.expected !== undefined && est.expected > t.now + half && est.expected < read)
    read = est.expected + 1;
  return Math.max(o.minDelayMs, read - half - t.now);
}

/**
 * How long to wait before asking about a task again, in ms from `t.now`; `Infinity` when it should not be
 * asked again ({@link stopReasonFor}). Pure: the same observations and options give the same answer.
 *
 * - Healthy: see the module comment (safe spacing, or a fraction of the predicted time left).
 * - After a failure: exponential backoff with jitter, at least what the server asked for.
 * - With the rate-limit window spent: not before it resets.
 * What the server asks for counts up to an hour (`MAX_SERVER_WAIT_MS`), however much it asked.
 */
export function nextPollDelay(t: PollTiming, options: Partial<PollOptions> = {}): number {
  const o: PollOptions = { ...DEFAULT_POLL_OPTIONS, ...options };
  if (stopReasonFor(t, o)) return Infinity;
  const failures = t.consecutiveFailures + t.consecutiveRateLimited;
  let delay =
    failures > 0 ? Math.max(backoffDelay(failures, t.jitter, o), capWait(t.retryAfterMs ?? 0)) : healthyDelay(t, o);
  // The last read comes when the give-up time is reached, so that a task gives up on time, not a long
  // stride later (and only after a last look).
  if (failures === 0) delay = Math.min(delay, o.maxDelayMs, Math.max(0, giveUpAt(t, o) - t.now));
  const rl = t.rateLimit;
  if (rl?.remaining === 0 && rl.resetAt !== undefined) delay = Math.max(delay, capWait(rl.resetAt - t.now));
  return Math.max(0, Math.ceil(delay));
}
