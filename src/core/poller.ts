/**
 * The poll scheduler: many tracked tasks, one timer, one shared request budget.
 *
 * Each task's next poll comes from the pure {@link nextPollDelay}; the scheduler adds what only a global
 * view can: the per-minute budget and burst limit shared by all tasks, a "blocked until" from rate-limit
 * resets and 429s, at most one request per task in flight, cancellation, and stopping. Its clock is injected,
 * so tests and the benchmark run it in virtual time.
 */
import type { StatusResult } from './client';
import type { Clock } from './clock';
import { ApiError } from './errors';
import { DEFAULT_POLL_OPTIONS, PollOptions, PollTiming, StopReason, backoffDelay, nextPollDelay, stopReasonFor } from './pollTiming';
import { Listeners, Subscription } from './listeners';
import { Observation, TaskInit, clearFailures, newObservation, observeAnswer, observeFailure, shiftObservation } from './pollObservation';
import { RateBudget } from './rateBudget';
import { LookUpQueue } from './budgetGate';
import type { RateLimitInfo } from './rateLimit';

// The editor layer and the bench import everything about polling from here.
export { DEFAULT_POLL_OPTIONS, backoffDelay, detectionTargetMs, nextPollDelay, stopReasonFor } from './pollTiming';
export type { PollOptions, PollTiming, StopReason } from './pollTiming';
export { addSample, estimateEnd, granularity, isSteady } from './progressEstimate';
export type { EndEstimate, EstimateOptions, ProgressSample } from './progressEstimate';
export { systemClock, type Clock } from './clock';
export type { Subscription } from './listeners';
export type { Observation, TaskInit } from './pollObservation';

/** Options of {@link PollScheduler}. */
export interface PollSchedulerOptions {
  clock: Clock;
  /** Asks for one task's status; must honour `signal`. */
  poll: (key: string, signal: AbortSignal) => Promise<StatusResult>;
  /** Hard cap over any 60 s window, all tasks together. Default 60. */
  requestsPerMinute?: number;
  /** Requests that may leave back to back (after waking from sleep, a Refresh of everything). Default rpm/6. */
  burst?: number;
  maxConsecutiveFailures?: number;
  giveUpAfterMs?: number;
  /** Source of backoff jitter, [0, 1). Default Math.random. */
  random?: () => number;
  /** A request still unanswered after this long is abandoned as a timeout. Default 60000. */
  requestTimeoutMs?: number;
  /** Fine tuning of the delay decision. */
  timing?: Partial<PollOptions>;
  /** Receives a line when a listener throws. */
  log?: (line: string) => void;
}

interface Flight {
  controller: AbortController;
  sentAt: number;
  watchdog: unknown;
}
interface Entry {
  key: string;
  obs: Observation;
  dueAt: number;
  stopped?: StopReason;
  flight?: Flight;
}

/** Clock jumps within this are ordinary timer lateness, not a backwards jump to repair. */
const BACKWARD_TOLERANCE_MS = 1_000;
/** Node's setTimeout cannot wait longer than 2^31-1 ms; the pump simply re-arms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('http', message || 'the poll failed', { cause: err });
}

/** Polls many tasks with one timer; see the module comment. */
export class PollScheduler {
  private readonly tasks = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly timing: PollOptions;
  private readonly budget: RateBudget;
  private readonly lookUps = new LookUpQueue();
  private readonly random: () => number;
  private readonly requestTimeoutMs: number;
  private readonly updates: Listeners<[key: string, result: StatusResult]>;
  private readonly errors: Listeners<[key: string, err: ApiError, retryAt: number | undefined]>;
  private readonly stops: Listeners<[key: string, reason: StopReason]>;
  private rateLimit: PollTiming['rateLimit'];
  private timer: unknown;
  private paused: 'credentials' | undefined;
  private disposed = false;
  private lastNow: number | undefined;
  private pumping = false;
  private repump = false;

  constructor(private readonly opts: PollSchedulerOptions) {
    this.clock = opts.clock;
    this.timing = {
      ...DEFAULT_POLL_OPTIONS,
      ...opts.timing,
      ...(opts.maxConsecutiveFailures !== undefined ? { maxConsecutiveFailures: opts.maxConsecutiveFailures } : {}),
      ...(opts.giveUpAfterMs !== undefined ? { giveUpAfterMs: opts.giveUpAfterMs } : {}),
    };
    const rpm = Math.max(1, opts.requestsPerMinute ?? 60);
    this.budget = new RateBudget({ requestsPerMinute: rpm, burst: Math.max(1, opts.burst ?? Math.ceil(rpm / 6)) });
    this.random = opts.random ?? Math.random;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 60_000;
    const report = (err: unknown) => opts.log?.(`poller: a listener failed: ${err instanceof Error ? err.message : String(err)}`);
    this.updates = new Listeners(report);
    this.errors = new Listeners(report);
    this.stops = new Listeners(report);
  }

  /** Starts tracking a task. Nothing happens if it is already tracked. A final `init.state` still gets one poll. */
  add(key: string, init: TaskInit = {}): void {
    if (this.disposed || this.tasks.has(key)) return;
    const now = this.clock.now();
    const obs = newObservation(now, init);
    const entry: Entry = { key, obs, dueAt: now };
    this.tasks.set(key, entry);
    entry.dueAt = now + nextPollDelay(this.timingOf(entry, now), this.timing);
    this.pump();
  }

  /** Stops tracking a task and aborts its request in flight. No event follows. */
  remove(key: string): void {
    const entry = this.tasks.get(key);
    if (!entry) return;
    this.tasks.delete(key);
    this.land(entry);
    this.pump();
  }

  /** True while the task is tracked, polled or stopped. */
  has(key: string): boolean {
    return this.tasks.has(key);
  }

  /**
   * Polls a task as soon as the budget allows. A stopped task is revived with its failure count and give-up
   * clock reset; a task with a request in flight is not asked twice (the answer on its way is as fresh).
   * Without a key: every task still polled, and those stopped for failures or giving up; finished ones are
   * left alone.
   */
  pollNow(key?: string): void {
    if (this.disposed) return;
    const now = this.clock.now();
    const entries = key !== undefined ? [this.tasks.get(key)] : [...this.tasks.values()];
    for (const entry of entries) {
      if (!entry) continue;
      if (key === undefined && entry.stopped && entry.stopped !== 'failures' && entry.stopped !== 'gaveUp') continue;
      if (entry.stopped) this.revive(entry, now);
      entry.dueAt = Math.min(entry.dueAt, now);
    }
    this.pump();
  }

  /** Holds every request (requests in flight still complete) until {@link resume}. */
  pause(reason: 'credentials'): void {
    this.paused = reason;
    this.cancelTimer();
  }

  /** Lifts a {@link pause}; what fell due meanwhile goes out within the budget. */
  resume(): void {
    this.paused = undefined;
    this.pump();
  }

  /** Why the scheduler is paused, if it is. */
  get pausedFor(): 'credentials' | undefined {
    return this.paused;
  }

  /** Stops everything: no timer, no request, no event after this returns. */
  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this.lookUps.closeAll();
    for (const entry of this.tasks.values()) this.land(entry);
    this.tasks.clear();
    this.updates.close();
    this.errors.close();
    this.stops.close();
  }

  /**
   * Sends one request that is not a task's poll (a look-up a person asked for) within the same budget: it waits
   * for its turn, ahead of due polls, and counts as a poll does. Rejects with `aborted` if `signal` aborts or the
   * scheduler is disposed first.
   */
  spend<T>(request: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.disposed) return Promise.reject(new ApiError('aborted', 'polling has stopped'));
    const answer = this.lookUps.add(request, signal);
    this.pump();
    return answer;
  }

  /** Takes the rate-limit headers of any answer (the client's `onRateLimit`), also of failed requests. */
  noteRateLimit(info: RateLimitInfo): void {
    this.rateLimit = this.budget.note(info, this.clock.now()) ?? this.rateLimit;
  }

  /** A task's scheduling state, for diagnostics and tests. */
  inspect(key: string): { dueAt: number; stopped?: StopReason; inFlight: boolean; timing: Observation } | undefined {
    const e = this.tasks.get(key);
    return e && { dueAt: e.dueAt, stopped: e.stopped, inFlight: !!e.flight, timing: e.obs };
  }

  /** Every successful answer, before a possible `onStop('final')`. */
  onUpdate(listener: (key: string, result: StatusResult) => void): Subscription {
    return this.updates.add(listener);
  }

  /** Every failed request; `retryAt` is when it will be retried, undefined when the task stops. */
  onError(listener: (key: string, err: ApiError, retryAt: number | undefined) => void): Subscription {
    return this.errors.add(listener);
  }

  /** A task stopped being polled; `pollNow(key)` revives it. */
  onStop(listener: (key: string, reason: StopReason) => void): Subscription {
    return this.stops.add(listener);
  }

  /** Sends every request that is due and allowed, then arms the one timer for the next. */
  private pump(): void {
    if (this.pumping) {
      this.repump = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.repump = false;
        this.pumpOnce();
      } while (this.repump && !this.disposed);
    } finally {
      this.pumping = false;
    }
  }

  private pumpOnce(): void {
    this.cancelTimer();
    if (this.disposed || this.paused) return;
    const now = this.clock.now();
    this.noticeClock(now);
    for (;;) {
      let next: Entry | undefined;
      for (const e of this.tasks.values()) {
        if (!e.stopped && !e.flight && (!next || e.dueAt < next.dueAt)) next = e;
      }
      const lookUp = this.lookUps.size > 0;
      if (!next && !lookUp) return;
      const at = Math.max(lookUp || !next ? now : next.dueAt, this.budget.nextFreeAt(now));
      if (at > now) {
        this.timer = this.clock.setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, Math.min(MAX_TIMER_MS, at - now));
        return;
      }
      if (lookUp) {
        this.budget.take(now);
        this.lookUps.startNext();
      } else if (next) {
        this.send(next, now);
      }
      if (this.disposed || this.paused) return;
    }
  }

  private send(entry: Entry, now: number): void {
    this.budget.take(now);
    const controller = new AbortController();
    const flight: Flight = { controller, sentAt: now, watchdog: undefined };
    flight.watchdog = this.clock.setTimeout(() => {
      controller.abort();
      this.settle(entry, flight, undefined, new ApiError('timeout', 'no answer in time; will retry'));
    }, this.requestTimeoutMs);
    entry.flight = flight;
    let answer: Promise<StatusResult>;
    try {
      answer = this.opts.poll(entry.key, controller.signal);
    } catch (err) {
      answer = Promise.reject(err);
    }
    answer.then(
      (result) => this.settle(entry, flight, result, undefined),
      (err: unknown) => this.settle(entry, flight, undefined, err),
    );
  }

  private settle(entry: Entry, flight: Flight, result: StatusResult | undefined, err: unknown): void {
    this.clock.clearTimeout(flight.watchdog);
    // A removed task, a disposed scheduler or an abandoned (timed-out) request: nothing to say.
    if (this.disposed || this.tasks.get(entry.key) !== entry || entry.flight !== flight) return;
    entry.flight = undefined;
    const now = this.clock.now();
    this.noticeClock(now);
    if (result) this.succeeded(entry, flight, result, now);
    else this.failed(entry, toApiError(err), now);
    this.pump();
  }

  private succeeded(entry: Entry, flight: Flight, result: StatusResult, now: number): void {
    observeAnswer(entry.obs, result, flight.sentAt, now);
    this.noteRateLimit(result.rateLimit);
    const stop = this.decide(entry, now);
    this.updates.emit(entry.key, result);
    if (stop) this.stops.emit(entry.key, stop);
  }

  private failed(entry: Entry, err: ApiError, now: number): void {
    const obs = entry.obs;
    observeFailure(obs, err);
    if (err.kind === 'rateLimited') {
      // The limit is the account's, not the task's: every task waits.
      const wait = err.retryAfterMs ?? backoffDelay(obs.consecutiveRateLimited, this.random(), this.timing);
      this.budget.blockUntil(now + wait);
    }
    const stop = this.decide(entry, now);
    this.errors.emit(entry.key, err, stop ? undefined : Math.max(entry.dueAt, this.budget.blocked));
    if (!stop) return;
    this.stops.emit(entry.key, stop);
    // Credentials are shared: every other task would only collect its own 401.
    if (err.kind === 'unauthorized') this.stopAllIdle('unauthorized');
  }

  /** Sets the next due time, or stops the task; returns the stop reason if it stopped. */
  private decide(entry: Entry, now: number): StopReason | undefined {
    const timing = this.timingOf(entry, now);
    const stop = stopReasonFor(timing, this.timing);
    if (stop) entry.stopped = stop;
    else entry.dueAt = now + nextPollDelay(timing, this.timing);
    return stop;
  }

  private stopAllIdle(reason: StopReason): void {
    for (const e of [...this.tasks.values()]) {
      if (e.stopped || e.flight || this.tasks.get(e.key) !== e) continue;
      e.stopped = reason;
      this.stops.emit(e.key, reason);
    }
  }

  private timingOf(entry: Entry, now: number): PollTiming {
    return { ...entry.obs, now, jitter: this.random(), rateLimit: this.rateLimit };
  }

  private revive(entry: Entry, now: number): void {
    entry.stopped = undefined;
    clearFailures(entry.obs);
    entry.obs.lastChangeAt = now;
    if (entry.obs.state === 'NOT_FOUND') entry.obs.state = 'PENDING';
  }

  /** Aborts a task's request in flight, if any. */
  private land(entry: Entry): void {
    const flight = entry.flight;
    if (!flight) return;
    entry.flight = undefined;
    this.clock.clearTimeout(flight.watchdog);
    flight.controller.abort();
  }

  /**
   * A wall clock set back (NTP, a manual change) would leave every local time in the future: due times and
   * the budget shut, samples read "later" than now. Shift them all by the jump instead. (A leap forward
   * needs nothing: the task really aged, and the budget's burst cap keeps the backlog from one burst.)
   */
  private noticeClock(now: number): void {
    const last = this.lastNow;
    this.lastNow = last === undefined ? now : Math.max(last, now);
    if (last === undefined || now >= last - BACKWARD_TOLERANCE_MS) return;
    const by = last - now;
    for (const e of this.tasks.values()) {
      e.dueAt -= by;
      shiftObservation(e.obs, by);
      if (e.flight) e.flight.sentAt -= by;
    }
    this.budget.clockWentBack(by);
    this.lastNow = now;
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
