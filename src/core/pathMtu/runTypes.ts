/**
 * Types of the record of a path MTU investigation being run (see runState.ts) and of the runner's options and
 * events (see runner.ts). Type-only, so the result view's protocol can name them without pulling any code
 * into the page.
 */
import type { Clock } from '../clock';
import type { StartSweepRequest, SweepOutput } from '../schemas';
import type { SizeRow } from '../sweep';
import type { StagePurpose, SweepPlan } from './types';

/** Running (a stage is being planned, started or awaited), paused on a failure, concluded, or stopped by the user. */
export type RunPhase = 'running' | 'paused' | 'done' | 'stopped';

/**
 * `starting`: the start request is out, no task yet. `running`: the task is known and awaited. `completed`: its
 * answers are recorded. `failed`: refused, failed on the gateway, or gone; planned again on retry.
 * `cancelled`: stopped by the user before its answers came.
 */
export type RunStageStatus = 'starting' | 'running' | 'completed' | 'failed' | 'cancelled';

/** One sweep of the run. */
export interface RunStage {
  purpose: StagePurpose;
  plan: SweepPlan;
  /** The planner's reason for this sweep, in words. */
  why: string;
  status: RunStageStatus;
  /** The task the sweep became (the ref `startSweep` returned), once known. */
  task?: string;
  /** Answers per size, once completed. */
  sizes?: SizeRow[];
  /** Why it failed, in words (failed stages). */
  reason?: string;
  /** Clock ms. */
  startedAt: number;
  endedAt?: number;
}

/** Why the run waits for the user. */
export interface RunPause {
  /** One plain sentence, e.g. `Stage 2 could not start: Conflict (409): the gateway may be offline or busy`. */
  reason: string;
  /** An ApiError kind (`conflict`, `forbidden`, `rateLimited`, `unauthorized`…), `failed`, `interrupted` or `error`. */
  cause: string;
  at: number;
  /** When the server said asking again may succeed (a 429's wait), clock ms. */
  retryAt?: number;
}

/** The whole record. */
export interface PathMtuRunState {
  version: 1;
  /** Chosen by the caller; stable across reloads. */
  id: string;
  serial: string;
  destination: string;
  start: number;
  end: number;
  cycles: number;
  phase: RunPhase;
  /** Oldest first. */
  stages: RunStage[];
  /** Set while paused. */
  pause?: RunPause;
  createdAt: number;
  updatedAt: number;
}

/** What `startSweep` is asked to start. */
export interface StageStart {
  /** The investigation's id. */
  investigation: string;
  serial: string;
  /** The destination and the stage's sizes and cycles, ready for the start endpoint. */
  request: StartSweepRequest;
  /** The stage's number as shown (a retry keeps the number of the attempt it retries). */
  stage: number;
  purpose: StagePurpose;
  why: string;
}

/** How an awaited stage's task ended. Anything else (401, 403, network trouble…) is a rejection. */
export type StageResult = { kind: 'completed'; output: SweepOutput } | { kind: 'failed'; reason?: string };

export interface PathMtuRunnerOptions {
  /** A new run (`createRunState`) or one read back (`parseRunState`). */
  state: PathMtuRunState;
  /** Starts a sweep and resolves to its task ref (the task key); rejects with an ApiError when refused. */
  startSweep(start: StageStart, signal: AbortSignal): Promise<string>;
  /**
   * Resolves once the task of `ref` is final: its output, or `failed` with Central's reason. Rejects when it
   * cannot be followed (an ApiError: 401, 403, 404 when the task is gone…) or when `signal` aborts.
   */
  awaitResult(ref: string, signal: AbortSignal): Promise<StageResult>;
  /** Stamps the record's times. Default: the system clock. */
  clock?: Pick<Clock, 'now'>;
  /** A listener that throws is reported here and never stops the run. */
  onListenerError?(err: unknown): void;
}

/** What just happened. `stage` is the index in `state.stages` of the stage concerned, when one is. */
export type RunChangeKind =
  'stageStarting' | 'stageStarted' | 'stageAnswered' | 'paused' | 'resumed' | 'done' | 'stopped';
export interface RunChange {
  kind: RunChangeKind;
  state: PathMtuRunState;
  stage?: number;
}
