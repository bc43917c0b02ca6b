/**
 * Starts the sweeps of a fleet, paced inside the shared request budget by a {@link FleetPacer}: a start goes
 * when the pacer says so, a few at most on their way at once. Each answer updates the fleet's state: the task
 * it became, or a refusal by kind (409 offline, 404 unknown, 403, 400…). A 429 puts the gateway back in line
 * after the wait it asked for; a 401 stops the fleet (every other start would be refused too). Stopping
 * (`cancel`, or the signal) sends nothing more; what waited is marked cancelled. Nothing here touches VS Code:
 * the caller gives the start function and hears of each change.
 */
import type { StartedSweep } from '../client';
import { type Clock, systemClock } from '../clock';
import { ApiError } from '../errors';
import type { StartSweepRequest } from '../schemas';
import { taskKey } from '../task';
import type { FleetPacer } from './pacing';
import { fleetStartDetails, fleetStartSentence, refusalOf } from './startReport';
import type { FleetEntry, FleetRefusal, FleetState } from './state';

/** Starts one gateway's sweep: the task it became, or the error (returned or thrown) that refused it. */
export type StartSweepFn = (
  serial: string,
  params: StartSweepRequest,
  signal: AbortSignal,
) => Promise<StartedSweep | ApiError>;

export interface FleetRunnerOptions {
  /** Paces the starts; tell the poll scheduler its window after each (see `onStartSent`). One pacer per fleet. */
  pacer: FleetPacer;
  startSweep: StartSweepFn;
  clock?: Clock;
  /** Starts on their way at once. Default 4. */
  maxInFlight?: number;
  /** Times a gateway answered 429 before it counts as refused. Default 3. */
  maxRateLimited?: number;
  /** Wait after a 429 that names none, ms. Default 10000. */
  rateLimitWaitMs?: number;
  /** Stops the fleet like {@link FleetRunner.cancel}. */
  signal?: AbortSignal;
  /** After each start is sent (already counted by the pacer): e.g. `scheduler.noteRateLimit(pacer.pollWindow(now))`. */
  onStartSent?: (now: number) => void;
  /** A gateway's sweep was accepted: track its task. */
  onStarted?: (started: StartedSweep) => void;
  /** Any gateway's entry changed: save the state (a copy). */
  onChange?: (state: FleetState) => void;
  /** A callback above threw: the runner goes on (its state stays whole) and reports the error here. */
  onCallbackError?: (err: unknown) => void;
}

/** The fleet's starts, once none waits or is on its way. */
export interface FleetStartReport {
  state: FleetState;
  /** e.g. `Started 21 of 24; 2 offline, 1 unknown` */
  sentence: string;
  /** Every gateway that did not start, by kind, with why: for Show Details. */
  details: string;
  cancelled: boolean;
}

const CANCELLED: FleetRefusal = { kind: 'cancelled', message: 'Not started: the fleet was stopped first.' };
const ON_ITS_WAY: FleetRefusal = {
  kind: 'interrupted',
  message: "Stopped while its start was on its way, so it may have started: look in the gateway's recent tasks.",
};

export class FleetRunner {
  private readonly current: FleetState;
  private readonly clock: Clock;
  private readonly abort = new AbortController();
  private readonly queue: number[] = [];
  private readonly rateLimited = new Map<number, number>();
  private inFlight = 0;
  private stopped: 'cancelled' | 'unauthorized' | undefined;
  private timer: unknown;
  private settle?: (report: FleetStartReport) => void;
  private done?: Promise<FleetStartReport>;

  /** Runs the starts of `state`'s waiting gateways; the others (started, refused) are kept as they are. */
  constructor(
    state: FleetState,
    private readonly opts: FleetRunnerOptions,
  ) {
    this.current = structuredClone(state);
    this.clock = opts.clock ?? systemClock;
    this.current.entries.forEach((e, i) => e.status === 'waiting' && this.queue.push(i));
    opts.signal?.addEventListener('abort', () => this.cancel(), { once: true });
  }

  /** A copy of the fleet's state now. */
  get state(): FleetState {
    return structuredClone(this.current);
  }

  /** Starts what waits; resolves once nothing waits or is on its way (also when stopped). Call it once or more. */
  run(): Promise<FleetStartReport> {
    if (!this.done) {
      this.done = new Promise((resolve) => (this.settle = resolve));
      if (this.opts.signal?.aborted) this.cancel();
      this.opts.pacer.enqueue(this.queue.length);
      this.pump();
    }
    return this.done;
  }

  /** Sends nothing more: what waits is cancelled, what is on its way is aborted. */
  cancel(): void {
    this.stop('cancelled', CANCELLED);
  }

  private stop(why: 'cancelled' | 'unauthorized', refusal: FleetRefusal): void {
    if (this.stopped) return;
    this.stopped = why;
    this.clock.clearTimeout(this.timer);
    this.opts.pacer.cancel();
    for (const i of this.queue.splice(0))
      this.set(i, { serial: this.current.entries[i].serial, status: 'refused', refusal: { ...refusal } });
    if (why === 'cancelled') this.abort.abort();
    this.finishIfIdle();
  }

  /** Sends every start the pacer allows now, and sets a timer for the next. */
  private pump(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const { pacer } = this.opts;
    while (!this.stopped && this.queue.length && this.inFlight < (this.opts.maxInFlight ?? 4)) {
      const now = this.clock.now();
      // A pacer that lost count of what waits (another caller cancelled it) is told again.
      if (pacer.pending === 0) pacer.enqueue(this.queue.length);
      const at = pacer.nextStartAt(now);
      if (at > now) {
        this.timer = this.clock.setTimeout(() => this.pump(), at - now);
        break;
      }
      void this.send(this.queue.shift()!, now);
    }
    this.finishIfIdle();
  }

  private async send(i: number, now: number): Promise<void> {
    const { serial } = this.current.entries[i];
    this.opts.pacer.startSent(now);
    this.inFlight++;
    this.set(i, { serial, status: 'sending' });
    this.notify(() => this.opts.onStartSent?.(now));
    let answer: unknown;
    try {
      answer = await this.opts.startSweep(serial, this.current.params, this.abort.signal);
    } catch (err) {
      answer = err;
    }
    this.inFlight--;
    this.record(i, answer);
    this.pump();
  }

  /** What an answer makes of a gateway's entry. */
  private record(i: number, answer: unknown): void {
    const { serial } = this.current.entries[i];
    if (isStarted(answer)) {
      this.set(i, {
        serial,
        status: 'started',
        taskKey: taskKey(answer),
        version: answer.version,
        startTime: answer.startTime ?? null,
      });
      this.notify(() => this.opts.onStarted?.(answer));
      return;
    }
    const refusal = refusalOf(answer, serial);
    const tries = (this.rateLimited.get(i) ?? 0) + 1;
    if (refusal.kind === 'rateLimited' && !this.stopped && tries < (this.opts.maxRateLimited ?? 3)) {
      this.rateLimited.set(i, tries);
      this.waitAgain(i, answer instanceof ApiError ? answer.retryAfterMs : undefined);
      return;
    }
    if (refusal.kind === 'cancelled' && this.stopped) Object.assign(refusal, ON_ITS_WAY);
    this.set(i, { serial, status: 'refused', refusal });
    if (refusal.kind === 'unauthorized')
      this.stop('unauthorized', {
        kind: 'unauthorized',
        message: 'Not started: Central refused the credentials (401).',
      });
  }

  /** Back in line after a 429, and no start before the wait it asked for. */
  private waitAgain(i: number, retryAfterMs: number | undefined): void {
    this.set(i, { serial: this.current.entries[i].serial, status: 'waiting' });
    this.queue.push(i);
    this.opts.pacer.enqueue(1);
    this.opts.pacer.noteServer({ retryAfterMs: retryAfterMs ?? this.opts.rateLimitWaitMs ?? 10_000 }, this.clock.now());
  }

  private set(i: number, entry: FleetEntry): void {
    this.current.entries[i] = entry;
    if (this.opts.onChange) this.notify(() => this.opts.onChange?.(this.state));
  }

  /** Calls back the caller: what it throws never reaches the runner, whose counts must stay right. */
  private notify(callback: () => void): void {
    try {
      callback();
    } catch (err) {
      this.opts.onCallbackError?.(err);
    }
  }

  private finishIfIdle(): void {
    if (!this.settle || this.inFlight > 0 || this.queue.length > 0) return;
    const state = this.state;
    this.settle({
      state,
      sentence: fleetStartSentence(state),
      details: fleetStartDetails(state),
      cancelled: this.stopped === 'cancelled',
    });
    this.settle = undefined;
  }
}

function isStarted(answer: unknown): answer is StartedSweep {
  const a = answer as Partial<StartedSweep> | null;
  return (
    !(answer instanceof Error) &&
    typeof a?.taskId === 'string' &&
    typeof a.serial === 'string' &&
    typeof a.version === 'string'
  );
}
