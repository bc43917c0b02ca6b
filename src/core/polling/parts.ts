/**
 * The parts of the poll scheduler that are not scheduling: its options, its record of each task, and the two
 * clocks it reasons about besides its timers (ours, which can be set back, and Central's, which may be off).
 */
import type { StatusResult } from '../client';
import type { StatusResponse } from '../schemas';
import type { Clock } from '../clock';
import { ApiError } from '../errors';
import { Listeners, type Subscription } from '../listeners';
import { clearFailures, type Observation, type TaskInit } from './observation';
import { DEFAULT_POLL_OPTIONS, type PollOptions, type StopReason } from './timing';

/** What a task looked like when last read, as far as pacing needs it. */
export type PolledState = Pick<StatusResponse, 'status' | 'progressPercent' | 'startTime'>;

/**
 * Another window polls the task and `seen` is what it last stored: paced like an answer (and stopped on a final
 * state), but never reported as an update, since there is nothing new to write.
 */
export interface PolledElsewhere {
  elsewhere: PolledState;
}

/** What one poll comes back with: Central's answer, or word that another window asks Central. */
export type PollOutcome = StatusResult | PolledElsewhere;

/** Options of {@link PollScheduler}. */
export interface PollSchedulerOptions {
  clock: Clock;
  /** Asks for one task's status; must honour `signal`. */
  poll: (key: string, signal: AbortSignal) => Promise<PollOutcome>;
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

export interface Flight {
  controller: AbortController;
  sentAt: number;
  watchdog: unknown;
  /** Sent by Refresh despite a server's wait. */
  probe?: boolean;
}
export interface Entry {
  key: string;
  obs: Observation;
  dueAt: number;
  stopped?: StopReason;
  flight?: Flight;
}

/** Clock jumps within this are ordinary timer lateness, not a backwards jump to repair. */
const BACKWARD_TOLERANCE_MS = 1_000;

/** Any rejection of a poll as an {@link ApiError}. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('http', message || 'the poll failed', { cause: err });
}

/** The delay options of a scheduler: the defaults, its `timing`, and the two limits it takes directly. */
export function timingOptions(opts: PollSchedulerOptions): PollOptions {
  return {
    ...DEFAULT_POLL_OPTIONS,
    ...opts.timing,
    ...(opts.maxConsecutiveFailures !== undefined ? { maxConsecutiveFailures: opts.maxConsecutiveFailures } : {}),
    ...(opts.giveUpAfterMs !== undefined ? { giveUpAfterMs: opts.giveUpAfterMs } : {}),
  };
}

/** Our wall clock as the scheduler last saw it, and Central's offset from it. */
export class PollClocks {
  private lastNow: number | undefined;
  /**
   * Central's clock minus ours, as the last answer that said measured it (its Date header); Central's times are
   * read on ours with it. Undefined until the first answer: a start time given before then is not relied on,
   * since Central's clock may be minutes off and the task would look minutes older (and be asked minutes late).
   */
  private centralOffsetMs: number | undefined;

  /** How far the wall clock was set back since the last look; 0 for a step forward or ordinary timer lateness. */
  wentBack(now: number): number {
    const last = this.lastNow;
    this.lastNow = last === undefined ? now : Math.max(last, now);
    if (last === undefined || now >= last - BACKWARD_TOLERANCE_MS) return 0;
    this.lastNow = now;
    return last - now;
  }

  /**
   * Takes in an answer (one without a Date header gives no reason to doubt Central's times) and returns the
   * offset to read its times with; a state read by another window is read with the offset known so far.
   */
  answered(outcome: PollOutcome): number {
    if ('elsewhere' in outcome) return this.centralOffsetMs ?? 0;
    this.centralOffsetMs = outcome.serverClockOffsetMs ?? this.centralOffsetMs ?? 0;
    return this.centralOffsetMs;
  }

  /** What is known of a new task, less a start time while Central's clock is unknown; and the offset to read it with. */
  init(init: TaskInit): [TaskInit, number] {
    return this.centralOffsetMs === undefined ? [{ ...init, startTime: undefined }, 0] : [init, this.centralOffsetMs];
  }
}

/** Node's setTimeout cannot wait longer than 2^31-1 ms; the pump simply re-arms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs a step, and again while a call came in during it (a listener that adds a task), then arms one timer for
 * the time the step asked to run next. A call while it runs is folded into the running one.
 */
export class Pump {
  private timer: unknown;
  private running = false;
  private again = false;

  constructor(
    private readonly clock: Clock,
    private readonly step: () => number | undefined,
  ) {}

  run(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      let at: number | undefined;
      do {
        this.again = false;
        this.cancel();
        at = this.step();
      } while (this.again);
      if (at !== undefined) {
        this.timer = this.clock.setTimeout(
          () => {
            this.timer = undefined;
            this.run();
          },
          Math.min(MAX_TIMER_MS, Math.max(0, at - this.clock.now())),
        );
      }
    } finally {
      this.running = false;
    }
  }

  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** The events of a scheduler: answers, failures, stops. A listener that throws is logged, never fatal. */
export class PollEvents {
  protected readonly updates: Listeners<[key: string, result: StatusResult]>;
  protected readonly errors: Listeners<[key: string, err: ApiError, retryAt: number | undefined]>;
  protected readonly stops: Listeners<[key: string, reason: StopReason]>;

  constructor(log?: (line: string) => void) {
    const report = (err: unknown) =>
      log?.(`poller: a listener failed: ${err instanceof Error ? err.message : String(err)}`);
    this.updates = new Listeners(report);
    this.errors = new Listeners(report);
    this.stops = new Listeners(report);
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

  protected closeEvents(): void {
    this.updates.close();
    this.errors.close();
    this.stops.close();
  }
}

/** Takes a stopped task up again: its failures forgotten, its give-up time counted from now. */
export function revive(entry: Entry, now: number): void {
  entry.stopped = undefined;
  clearFailures(entry.obs);
  entry.obs.lastChangeAt = now;
  if (entry.obs.state === 'NOT_FOUND') entry.obs.state = 'PENDING';
}

/** Aborts a task's request in flight, if any. */
export function land(entry: Entry, clock: Clock): void {
  const flight = entry.flight;
  if (!flight) return;
  entry.flight = undefined;
  clock.clearTimeout(flight.watchdog);
  flight.controller.abort();
}
