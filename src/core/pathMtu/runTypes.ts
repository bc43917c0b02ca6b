/**
 * Types of the record of a path MTU investigation being run (see runState.ts). Type-only, so the result
 * view's protocol can name them without pulling any code into the page.
 */
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
