/**
 * The poll scheduler: many tracked tasks, one timer, one shared request budget.
 *
 * Each task's next poll comes from the pure {@link nextPollDelay}; the scheduler adds what only a global
 * view can: the per-minute budget and burst limit shared by all tasks, a "blocked until" from rate-limit
 * resets and 429s, at most one request per task in flight, cancellation, and stopping. Its clock is injected,
 * so tests and the benchmark run it in virtual time.
 */
import type { Clock } from '../clock';
import { ApiError } from '../errors';
import { PollOptions, PollTiming, StopReason, backoffDelay, nextPollDelay, stopReasonFor } from './timing';
import { Observation, TaskInit, newObservation, observeAnswer, observeFailure, shiftObservation } from './observation';
import {
  Entry,
  Flight,
  PollClocks,
  PollEvents,
  PollOutcome,
  PollSchedulerOptions,
  Pump,
  land,
  revive,
  timingOptions,
  toApiError,
} from './parts';
import { RateBudget } from './rateBudget';
import { LookUpQueue } from './budgetGate';
import { MAX_SERVER_WAIT_MS, type RateLimitInfo } from '../rateLimit';

/** Polls many tasks with one timer; see the module comment. */
export class PollScheduler extends PollEvents {
  private readonly tasks = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly timing: PollOptions;
  private readonly budget: RateBudget;
  private readonly lookUps = new LookUpQueue();
  private readonly random: () => number;
  private readonly requestTimeoutMs: number;
  private rateLimit: PollTiming['rateLimit'];
  private readonly pumper: Pump;
  private disposed = false;
  private readonly clocks = new PollClocks();
  /** The task whose next request may go out despite the server's wait (see {@link pollNow}); one at a time. */
  private probe: string | undefined;

  constructor(private readonly opts: PollSchedulerOptions) {
    super(opts.log);
    this.clock = opts.clock;
    this.timing = timingOptions(opts);
    const rpm = Math.max(1, opts.requestsPerMinute ?? 60);
    this.budget = new RateBudget({ requestsPerMinute: rpm, burst: Math.max(1, opts.burst ?? Math.ceil(rpm / 6)) });
    this.random = opts.random ?? Math.random;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 60_000;
    this.pumper = new Pump(this.clock, () => this.pumpOnce());
  }

  /** Starts tracking a task. Nothing happens if it is already tracked. A final `init.state` still gets one poll. */
  add(key: string, init: TaskInit = {}): void {
    if (this.disposed || this.tasks.has(key)) return;
    const now = this.clock.now();
    const obs = newObservation(now, ...this.clocks.init(init));
    const entry: Entry = { key, obs, dueAt: now };
    this.tasks.set(key, entry);
    entry.dueAt = now + nextPollDelay(this.timingOf(entry, now), this.timing);
    this.pumper.run();
  }

  /** Stops tracking a task and aborts its request in flight. No event follows. */
  remove(key: string): void {
    const entry = this.tasks.get(key);
    if (!entry) return;
    this.tasks.delete(key);
    land(entry, this.clock);
    this.pumper.run();
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
   *
   * `probe` (the user's Refresh): one request, the first of those asked, may go out even while the server's
   * wait (Retry-After, a spent rate window) is in force; our own per-minute limit still holds. If it is
   * answered, the wait is over for every task; if it meets another 429, the new wait applies.
   */
  pollNow(key?: string, opts: { probe?: boolean } = {}): void {
    if (this.disposed) return;
    const now = this.clock.now();
    const entries = key !== undefined ? [this.tasks.get(key)] : [...this.tasks.values()];
    for (const entry of entries) {
      if (!entry) continue;
      if (key === undefined && entry.stopped && entry.stopped !== 'failures' && entry.stopped !== 'gaveUp') continue;
      if (entry.stopped) revive(entry, now);
      entry.dueAt = Math.min(entry.dueAt, now);
      if (opts.probe && !entry.stopped && !entry.flight && !this.tasks.has(this.probe ?? '')) this.probe = entry.key;
    }
    this.pumper.run();
  }

  /** Stops everything: no timer, no request, no event after this returns. */
  dispose(): void {
    this.disposed = true;
    this.pumper.cancel();
    this.lookUps.closeAll();
    for (const entry of this.tasks.values()) land(entry, this.clock);
    this.tasks.clear();
    this.closeEvents();
  }

  /**
   * Sends one request that is not a task's poll (a look-up a person asked for) within the same budget: it waits
   * for its turn, ahead of due polls, and counts as a poll does. Rejects with `aborted` if `signal` aborts or the
   * scheduler is disposed first.
   */
  spend<T>(request: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.disposed) return Promise.reject(new ApiError('aborted', 'polling has stopped'));
    const answer = this.lookUps.add(request, signal);
    this.pumper.run();
    return answer;
  }

  /**
   * Takes the rate-limit headers of any answer, also of failed requests: the one way they reach the scheduler
   * (in the editor, the client's `onRateLimit`).
   */
  noteRateLimit(info: RateLimitInfo): void {
    this.rateLimit = this.budget.note(info, this.clock.now()) ?? this.rateLimit;
  }

  /** A task's scheduling state, for diagnostics and tests. */
  inspect(key: string): { dueAt: number; stopped?: StopReason; inFlight: boolean; timing: Observation } | undefined {
    const e = this.tasks.get(key);
    return e && { dueAt: e.dueAt, stopped: e.stopped, inFlight: !!e.flight, timing: e.obs };
  }

  /**
   * Sends every request that is due and allowed; returns when the next one may go, for the one timer. The
   * Refresh probe goes ahead of the rest when the server's wait is all that holds it.
   */
  private pumpOnce(): number | undefined {
    if (this.disposed) return undefined;
    const now = this.clock.now();
    this.noticeClock(now);
    for (;;) {
      let next: Entry | undefined;
      for (const e of this.tasks.values()) {
        if (!e.stopped && !e.flight && (!next || e.dueAt < next.dueAt)) next = e;
      }
      // A look-up a person waits for goes ahead of due polls, within the same budget.
      const lookUpAt = this.lookUps.size > 0 ? this.budget.nextFreeAt(now) : Infinity;
      if (lookUpAt <= now) {
        this.budget.take(now);
        this.lookUps.startNext();
        if (this.disposed) return undefined;
        continue;
      }
      if (!next) return lookUpAt === Infinity ? undefined : lookUpAt;
      let at = Math.max(next.dueAt, this.budget.nextFreeAt(now));
      const probe = this.probe === undefined ? undefined : this.tasks.get(this.probe);
      const probeAt =
        probe && !probe.stopped && !probe.flight ? Math.max(probe.dueAt, this.budget.nextFreeAt(now, true)) : Infinity;
      if (probe && probeAt < at) [next, at] = [probe, probeAt];
      if (at > now) return Math.min(at, lookUpAt);
      this.send(next, now);
      if (this.disposed) return undefined;
    }
  }

  private send(entry: Entry, now: number): void {
    this.budget.take(now);
    const controller = new AbortController();
    const flight: Flight = { controller, sentAt: now, watchdog: undefined };
    if (this.probe === entry.key) {
      this.probe = undefined;
      flight.probe = true;
    }
    flight.watchdog = this.clock.setTimeout(() => {
      controller.abort();
      this.settle(entry, flight, undefined, new ApiError('timeout', 'no answer in time; will retry'));
    }, this.requestTimeoutMs);
    entry.flight = flight;
    let answer: Promise<PollOutcome>;
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

  private settle(entry: Entry, flight: Flight, result: PollOutcome | undefined, err: unknown): void {
    this.clock.clearTimeout(flight.watchdog);
    // A removed task, a disposed scheduler or an abandoned (timed-out) request: nothing to say.
    if (this.disposed || this.tasks.get(entry.key) !== entry || entry.flight !== flight) return;
    entry.flight = undefined;
    const now = this.clock.now();
    this.noticeClock(now);
    if (result) this.succeeded(entry, flight, result, now);
    else this.failed(entry, toApiError(err), now);
    this.pumper.run();
  }

  /** Paces the task by what the poll found; only Central's own answers are reported as updates. */
  private succeeded(entry: Entry, flight: Flight, outcome: PollOutcome, now: number): void {
    if (flight.probe) this.waitIsOver(entry, now);
    const seen = 'elsewhere' in outcome ? outcome.elsewhere : outcome.status;
    observeAnswer(entry.obs, seen, flight.sentAt, now, this.clocks.answered(outcome));
    const stop = this.decide(entry, now);
    if (!('elsewhere' in outcome)) this.updates.emit(entry.key, outcome);
    if (stop) this.stops.emit(entry.key, stop);
  }

  private failed(entry: Entry, err: ApiError, now: number): void {
    const obs = entry.obs;
    observeFailure(obs, err);
    if (err.kind === 'rateLimited') {
      // The limit is the account's, not the task's: every task waits.
      const wait = err.retryAfterMs ?? backoffDelay(obs.consecutiveRateLimited, this.random(), this.timing);
      this.budget.blockUntil(now + Math.min(MAX_SERVER_WAIT_MS, wait), now);
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

  /** A probe was answered: the server takes requests again, so no task waits on its earlier word. */
  private waitIsOver(probe: Entry, now: number): void {
    this.budget.liftServerWait();
    this.rateLimit = undefined;
    for (const e of this.tasks.values()) {
      if (e !== probe && !e.stopped && e.obs.lastErrorKind === 'rateLimited') e.dueAt = Math.min(e.dueAt, now);
    }
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

  /**
   * A wall clock set back (NTP, a manual change) would leave every local time in the future: due times, the
   * budget and the server's waits shut, samples read "later" than now. Shift them all by the jump instead. (A leap forward
   * needs nothing: the task really aged, and the budget's burst cap keeps the backlog from one burst.)
   */
  private noticeClock(now: number): void {
    const by = this.clocks.wentBack(now);
    if (!by) return;
    for (const e of this.tasks.values()) {
      e.dueAt -= by;
      shiftObservation(e.obs, by);
      if (e.flight) e.flight.sentAt -= by;
    }
    this.budget.clockWentBack(by);
    if (this.rateLimit?.resetAt !== undefined)
      this.rateLimit = { ...this.rateLimit, resetAt: this.rateLimit.resetAt - by };
  }
}
