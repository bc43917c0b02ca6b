/**
 * Runs a path MTU investigation: asks the planner for the next sweep, starts it, waits for its answers,
 * records them, and repeats until the planner concludes. Starting and awaiting a sweep are injected (the
 * editor starts an ordinary tracked task and awaits it with its poller), so the runner holds no I/O of its own.
 *
 * Every change is a new {@link PathMtuRunState}, announced before anything else happens, so a caller that
 * saves each one can always resume: a stage whose task is known is awaited again, never started twice; a
 * stage whose start was out when the window closed is not started blindly again but paused on (it may have
 * started); answers once recorded are never asked for again.
 */
import { Clock, systemClock } from '../clock';
import { ApiError, describeError } from '../errors';
import { Listeners, Subscription } from '../listeners';
import { analyzeSweep } from '../sweep';
import { toStartRequest, usableRows } from './investigation';
import { planSizes } from './layout';
import { nextStep } from './planner';
import {
  PathMtuRunState,
  RunPause,
  RunStage,
  conclusionOf,
  inFlight,
  investigationOf,
  pruneFailures,
  stageNumber,
} from './runState';
import type { PathMtuRunnerOptions, RunChange, RunChangeKind, StageResult, StageStart } from './runTypes';
import type { PathMtuConclusion, PathMtuStep } from './types';

/** Longest task ref kept (a task key is at most 69 characters). */
const MAX_REF = 200;
/** Longest reason kept: Central's words may be long, and the record must stay readable. */
const MAX_REASON = 500;

function clip(text: string): string {
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}

/** Drives one investigation; see the module comment. */
export class PathMtuRunner {
  private current: PathMtuRunState;
  private readonly changes: Listeners<[RunChange]>;
  private readonly clock: Pick<Clock, 'now'>;
  private abort = new AbortController();
  private busy = false;
  private driving: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(private readonly opts: PathMtuRunnerOptions) {
    this.current = opts.state;
    this.clock = opts.clock ?? systemClock;
    this.changes = new Listeners(opts.onListenerError);
  }

  /** The record as it stands: plain JSON, replaced (never changed in place) on every change. */
  get state(): PathMtuRunState {
    return this.current;
  }

  /** The conclusion once the run is done, or stopped with enough answers for one. */
  get conclusion(): PathMtuConclusion | undefined {
    return conclusionOf(this.current);
  }

  /** Fires after every change, with the new state: save it to be able to resume. */
  onDidChange(listener: (change: RunChange) => void): Subscription {
    return this.changes.add(listener);
  }

  /**
   * Drives the run until it is paused, done or stopped, resuming where the state stands; resolves then. While
   * it drives, every call returns the same promise; when it is not running, nothing happens.
   */
  run(): Promise<void> {
    if (this.busy || this.disposed || this.current.phase !== 'running') return this.driving;
    this.busy = true;
    this.driving = this.drive(this.abort.signal);
    return this.driving;
  }

  /** After a pause: plans the same stage again (or awaits again the task that could not be followed), then drives. */
  retry(): Promise<void> {
    if (this.disposed || this.current.phase !== 'paused') return this.driving;
    this.update({ phase: 'running', pause: undefined }, 'resumed');
    return this.run();
  }

  /**
   * Ends the run: the stage in flight is cancelled (its task, if any, stays on the record and keeps running on
   * the gateway), nothing more is started, and every answer recorded is kept. Resolves once the driving stopped.
   */
  async stop(): Promise<void> {
    const { phase } = this.current;
    if (this.disposed || phase === 'done' || phase === 'stopped') return;
    const now = this.clock.now();
    const stages = this.current.stages.map((s): RunStage =>
      s.status === 'running' || s.status === 'starting' ? { ...s, status: 'cancelled', endedAt: now } : s,
    );
    this.update({ phase: 'stopped', pause: undefined, stages }, 'stopped');
    this.abort.abort();
    await this.driving;
  }

  /** Stops waiting without changing the record (the window closes): another runner resumes from the last state. */
  dispose(): void {
    this.disposed = true;
    this.abort.abort();
    this.changes.close();
  }

  toJSON(): PathMtuRunState {
    return this.current;
  }

  private async drive(signal: AbortSignal): Promise<void> {
    // Start on a fresh turn: a listener that retries from inside run()'s caller then finds `driving` set.
    await Promise.resolve();
    try {
      while (this.current.phase === 'running' && !signal.aborted) {
        const flight = inFlight(this.current);
        if (flight?.stage.status === 'starting') this.interrupted(flight.index);
        else if (flight) await this.awaitStage(flight.index, flight.stage.task ?? '', signal);
        else await this.planNext(signal);
      }
    } finally {
      this.busy = false;
    }
  }

  private async planNext(signal: AbortSignal): Promise<void> {
    const step = nextStep(investigationOf(this.current));
    if (step.kind === 'done') this.update({ phase: 'done' }, 'done');
    else if (step.kind === 'sweep') await this.startStage(step, signal);
    // `wait` cannot come: a stage without answers is in flight, and awaited above.
    else throw new Error(`The planner waits for stage ${step.stage + 1}, which is not in flight.`);
  }

  private async startStage(step: Extract<PathMtuStep, { kind: 'sweep' }>, signal: AbortSignal): Promise<void> {
    const index = this.current.stages.length;
    const stage: RunStage = {
      purpose: step.purpose,
      plan: step.plan,
      why: step.why,
      status: 'starting',
      startedAt: this.clock.now(),
    };
    this.update({ stages: [...this.current.stages, stage] }, 'stageStarting', index);
    const number = stageNumber(this.current, index);
    const start: StageStart = {
      investigation: this.current.id,
      serial: this.current.serial,
      request: toStartRequest(this.current, step.plan),
      stage: number,
      purpose: step.purpose,
      why: step.why,
    };
    // A listener may have stopped the run on hearing of the stage.
    if (signal.aborted) return;
    let task: unknown;
    try {
      task = await this.opts.startSweep(start, signal);
    } catch (err) {
      if (!this.gone(signal)) this.fail(index, `Stage ${number} could not start: ${describeError(err)}`, err);
      return;
    }
    if (this.disposed) return;
    if (typeof task !== 'string' || task.length < 1 || task.length > MAX_REF) {
      const reason = `Stage ${number} started, but the task it became could not be read; it may run on the gateway without being followed.`;
      if (!signal.aborted) this.fail(index, reason, 'error');
      return;
    }
    // Stopped while the start was out: the sweep runs anyway, so its task stays on the (cancelled) stage.
    this.patchStage(index, signal.aborted ? { task } : { status: 'running', task }, 'stageStarted');
  }

  private async awaitStage(index: number, task: string, signal: AbortSignal): Promise<void> {
    const number = stageNumber(this.current, index);
    let result: StageResult;
    try {
      result = await this.opts.awaitResult(task, signal);
    } catch (err) {
      if (this.gone(signal)) return;
      if (err instanceof ApiError && err.kind === 'notFound') {
        this.fail(
          index,
          `Stage ${number}'s sweep is gone from Central before its answers were read: ${describeError(err)}`,
          err,
        );
      } else {
        // The sweep itself may be fine: the stage stays in flight, and a retry awaits the same task again.
        this.pause(`Stage ${number} could not be followed: ${describeError(err)}`, err);
      }
      return;
    }
    if (this.gone(signal)) return;
    if (result.kind === 'failed') {
      this.fail(
        index,
        `Stage ${number} failed on the gateway: ${result.reason?.trim() || 'Central gave no reason.'}`,
        'failed',
      );
      return;
    }
    // Only the sizes the stage asked for: a gateway that reports others is not planned from.
    const asked = new Set(planSizes(this.current.stages[index].plan));
    const sizes = usableRows(analyzeSweep(result.output).sizes).filter((r) => asked.has(r.size));
    this.patchStage(index, { status: 'completed', sizes, endedAt: this.clock.now() }, 'stageAnswered');
  }

  /** A stage that was starting when the last runner went away: it may have started, so it is not started blindly again. */
  private interrupted(index: number): void {
    const n = stageNumber(this.current, index);
    const reason = `Stage ${n} was being started when the extension stopped; it may have started on the gateway without being tracked. Retry starts it again.`;
    this.fail(index, reason, 'interrupted');
  }

  /** Marks stage `index` failed (the planner plans it again on retry) and pauses. */
  private fail(index: number, reason: string, cause: unknown): void {
    const clipped = clip(reason);
    const stages = this.current.stages.map((s, i): RunStage =>
      i === index ? { ...s, status: 'failed', reason: clipped, endedAt: this.clock.now() } : s,
    );
    this.update(
      { stages: pruneFailures(stages), phase: 'paused', pause: this.pauseFor(clipped, cause) },
      'paused',
      index,
    );
  }

  private pause(reason: string, cause: unknown): void {
    this.update(
      { phase: 'paused', pause: this.pauseFor(clip(reason), cause) },
      'paused',
      this.current.stages.length - 1,
    );
  }

  private pauseFor(reason: string, cause: unknown): RunPause {
    const at = this.clock.now();
    if (typeof cause === 'string') return { reason, cause, at };
    const kind = cause instanceof ApiError ? cause.kind : 'error';
    const wait = cause instanceof ApiError ? cause.retryAfterMs : undefined;
    return wait !== undefined && Number.isFinite(wait)
      ? { reason, cause: kind, at, retryAt: at + Math.max(0, Math.round(wait)) }
      : { reason, cause: kind, at };
  }

  private patchStage(index: number, patch: Partial<RunStage>, kind: RunChangeKind): void {
    const stages = this.current.stages.map((s, i) => (i === index ? { ...s, ...patch } : s));
    this.update({ stages }, kind, index);
  }

  /** True when the run was stopped or the runner disposed meanwhile: what came back no longer applies. */
  private gone(signal: AbortSignal): boolean {
    return this.disposed || signal.aborted;
  }

  private update(patch: Partial<PathMtuRunState>, kind: RunChangeKind, stage?: number): void {
    const next: PathMtuRunState = { ...this.current, ...patch, updatedAt: this.clock.now() };
    if (next.pause === undefined) delete next.pause;
    this.current = next;
    this.changes.emit(stage === undefined ? { kind, state: next } : { kind, state: next, stage });
  }
}
