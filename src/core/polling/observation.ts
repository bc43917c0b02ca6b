/**
 * What the poll scheduler has observed about one task: the inputs of the pure timing decision, kept up to
 * date from each answer and failure. Plain functions over a mutable record, so the scheduler stays about
 * scheduling.
 */
import type { ApiError } from '../errors';
import type { PolledState } from './parts';
import type { PollTiming } from './timing';
import { addSample } from './progressEstimate';
import type { TaskState } from '../task';

/** Everything {@link PollTiming} holds except what the scheduler adds at decision time. */
export type Observation = Omit<PollTiming, 'now' | 'jitter' | 'rateLimit'>;

/** What is already known about a task when it is added (from the store or the 202 of a start). */
export interface TaskInit {
  state?: TaskState;
  progressPercent?: number;
  startTime?: string | null;
  /**
   * When `state` was read (epoch ms); default: now, right for the answer of a start. A state restored from
   * storage is older: passing its time gets the task asked again at once instead of at the pace of its age.
   */
  observedAt?: number;
}

function parseTime(text: string | null | undefined): number | undefined {
  const t = text ? Date.parse(text) : NaN;
  return Number.isFinite(t) ? t : undefined;
}

/**
 * A fresh observation. A final or unknown state counts as PENDING: a task is added to be asked at least once.
 * `clockOffsetMs`: how far Central's clock, on which its `startTime` is written, is ahead of ours.
 */
export function newObservation(now: number, init: TaskInit, clockOffsetMs = 0): Observation {
  const known = init.state === 'INITIATED' || init.state === 'RUNNING' ? init.state : 'PENDING';
  return {
    state: known,
    firstSeenAt: now,
    startedAt: onOurClock(init.startTime, clockOffsetMs),
    samples: known === 'PENDING' ? [] : addSample([], Math.min(now, init.observedAt ?? now), init.progressPercent ?? 0),
    lastChangeAt: now,
    consecutiveFailures: 0,
    consecutiveRateLimited: 0,
  };
}

/** One of Central's times on our clock, given how far Central's is ahead. */
function onOurClock(text: string | null | undefined, clockOffsetMs: number): number | undefined {
  const t = parseTime(text);
  return t === undefined ? undefined : t - clockOffsetMs;
}

/**
 * Takes in the state a request sent at `sentAt` found at `now`; Central's clock is `clockOffsetMs` ahead of
 * ours.
 */
export function observeAnswer(obs: Observation, s: PolledState, sentAt: number, now: number, clockOffsetMs = 0): void {
  const rtt = Math.max(0, now - sentAt);
  // Quick to believe a slow round trip, slow to forget it: a late poll costs detection delay.
  obs.latencyMs = obs.latencyMs === undefined ? rtt : Math.max(rtt, 0.8 * obs.latencyMs + 0.2 * rtt);
  const before = obs.samples[obs.samples.length - 1]?.percent;
  // The server read the task somewhere between sending and answering; the middle is the best guess.
  const readAt = sentAt + rtt / 2;
  obs.samples = addSample(obs.samples, readAt, s.status === 'COMPLETED' ? 100 : s.progressPercent);
  if (s.status === 'INITIATED') obs.initiatedAt = readAt;
  if (s.status !== obs.state || obs.samples[obs.samples.length - 1].percent !== before) obs.lastChangeAt = now;
  obs.state = s.status;
  obs.startedAt = onOurClock(s.startTime, clockOffsetMs) ?? obs.startedAt;
  clearFailures(obs);
}

/** Takes in a failed request. */
export function observeFailure(obs: Observation, err: ApiError): void {
  if (err.kind === 'rateLimited') obs.consecutiveRateLimited++;
  else obs.consecutiveFailures++;
  obs.lastErrorKind = err.kind;
  obs.retryAfterMs = err.retryAfterMs;
  if (err.kind === 'notFound') obs.state = 'NOT_FOUND';
}

/** Forgets past failures (after a success, or when the user asks to try again). */
export function clearFailures(obs: Observation): void {
  obs.consecutiveFailures = 0;
  obs.consecutiveRateLimited = 0;
  obs.lastErrorKind = undefined;
  obs.retryAfterMs = undefined;
}

/** Moves every local time back by `by` ms, after the wall clock was set back. */
export function shiftObservation(obs: Observation, by: number): void {
  obs.firstSeenAt -= by;
  if (obs.initiatedAt !== undefined) obs.initiatedAt -= by;
  if (obs.lastChangeAt !== undefined) obs.lastChangeAt -= by;
  obs.samples = obs.samples.map((x) => ({ at: x.at - by, percent: x.percent }));
}
