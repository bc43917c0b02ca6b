/**
 * The record of a path MTU investigation being run: its question, every stage started with its task and
 * answers (failed attempts too), and where the run stands. Plain JSON, versioned, and validated field by field
 * on load, so that it survives reloads and a window can resume it where another left it.
 */
import * as z from 'zod/mini';
import {
  PathMtuInput,
  createInvestigation,
  parseInvestigation,
  sizeRowSchema,
  stagePurposeSchema,
  sweepPlanSchema,
} from './investigation';
import { nextStep } from './planner';
import type { PathMtuRunState, RunStage } from './runTypes';
import type { PathMtuConclusion, PathMtuInvestigation, PathMtuStage } from './types';

export type { PathMtuRunState, RunPause, RunPhase, RunStage, RunStageStatus } from './runTypes';

/** Failed attempts kept for the record (the newest); the stages that count are always kept. */
export const MAX_KEPT_FAILURES = 8;
const MAX_TEXT = 1000;
/** A sweep holds at most 100 ICMP requests, so at most 100 sizes. */
const MAX_SIZES = 100;

/** A new run of the investigation `input` asks for, or what is wrong with the input. */
export function createRunState(
  input: PathMtuInput & { id: string },
  now: number,
): { state: PathMtuRunState } | { error: string } {
  const idProblem = checkId(input.id);
  if (idProblem) return { error: idProblem };
  const created = createInvestigation(input);
  if ('error' in created) return created;
  const { version, serial, destination, start, end, cycles, stages } = created.investigation;
  if (stages.some((s) => (s.sizes?.length ?? 0) > MAX_SIZES))
    return { error: `The sweep to start from has more than ${MAX_SIZES} sizes; a sweep holds at most ${MAX_SIZES}.` };
  const seeds = stages.map((s): RunStage => {
    const stage: RunStage = {
      purpose: s.purpose,
      plan: s.plan,
      why: 'The sweep this investigation started from.',
      status: 'completed',
      sizes: s.sizes ?? [],
      startedAt: now,
      endedAt: now,
    };
    return s.task === undefined ? stage : { ...stage, task: s.task };
  });
  return {
    state: {
      version,
      id: input.id,
      serial,
      destination,
      start,
      end,
      cycles,
      phase: 'running',
      stages: seeds,
      createdAt: now,
      updatedAt: now,
    },
  };
}

function checkId(id: unknown): string | undefined {
  return typeof id === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(id)
    ? undefined
    : 'An investigation id must be 1 to 100 letters, digits, dots, colons, hyphens or underscores.';
}

/** The stages the planner counts (failed and cancelled ones left out), as the planner's investigation. */
export function investigationOf(state: PathMtuRunState): PathMtuInvestigation {
  const stages = state.stages.filter(counts).map((s): PathMtuStage => {
    const stage: PathMtuStage = { purpose: s.purpose, plan: s.plan };
    if (s.status === 'completed') stage.sizes = s.sizes ?? [];
    if (s.task !== undefined) stage.task = s.task;
    return stage;
  });
  const { serial, destination, start, end, cycles } = state;
  return { version: 1, serial, destination, start, end, cycles, stages };
}

function counts(stage: RunStage): boolean {
  return stage.status === 'completed' || stage.status === 'running' || stage.status === 'starting';
}

/** The number a stage is shown with: a failed attempt and the one that retries it share a number. */
export function stageNumber(state: PathMtuRunState, index: number): number {
  let n = 1;
  for (let i = 0; i < index && i < state.stages.length; i++) if (state.stages[i].status !== 'failed') n++;
  return n;
}

/** The stage whose task is awaited or whose start is out, if any (always the last). */
export function inFlight(state: PathMtuRunState): { index: number; stage: RunStage } | undefined {
  const index = state.stages.length - 1;
  const stage = state.stages[index];
  return stage && (stage.status === 'running' || stage.status === 'starting') ? { index, stage } : undefined;
}

/** The stages without the oldest failed attempts beyond {@link MAX_KEPT_FAILURES}. */
export function pruneFailures(stages: readonly RunStage[]): RunStage[] {
  let extra = stages.filter((s) => s.status === 'failed').length - MAX_KEPT_FAILURES;
  return stages.filter((s) => !(s.status === 'failed' && extra-- > 0));
}

const text = z.string().check(z.maxLength(MAX_TEXT));
const time = z.number().check(z.int(), z.minimum(0));
const runStageSchema = z.object({
  purpose: stagePurposeSchema,
  plan: sweepPlanSchema,
  why: text,
  status: z.enum(['starting', 'running', 'completed', 'failed', 'cancelled']),
  task: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  sizes: z.optional(z.array(sizeRowSchema).check(z.maxLength(MAX_SIZES))),
  reason: z.optional(text),
  startedAt: time,
  endedAt: z.optional(time),
});
const runStateSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  serial: z.string(),
  destination: z.string(),
  start: z.number(),
  end: z.number(),
  cycles: z.number(),
  phase: z.enum(['running', 'paused', 'done', 'stopped']),
  stages: z.array(runStageSchema).check(z.maxLength(64)),
  pause: z.optional(
    z.object({ reason: text, cause: z.string().check(z.maxLength(40)), at: time, retryAt: z.optional(time) }),
  ),
  createdAt: time,
  updatedAt: time,
});

/**
 * A run read back from storage (or from a script), or why it cannot be used. Unknown fields are dropped; the
 * question is checked with the input rules, and the stages must tell one consistent story (one stage in flight
 * at most, and last; answers on every completed stage; a task on every awaited one) before it is trusted.
 */
export function parseRunState(value: unknown): { state: PathMtuRunState } | { error: string } {
  const parsed = runStateSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      error: `The stored investigation is unreadable (${issue ? issue.path.join('.') || 'record' : 'record'}).`,
    };
  }
  const state = parsed.data as PathMtuRunState;
  const problem = checkId(state.id) ?? storyProblem(state);
  if (problem) return { error: `The stored investigation is unreadable: ${problem}` };
  const inv = parseInvestigation(investigationOf(state));
  return 'error' in inv ? inv : { state };
}

function storyProblem(state: PathMtuRunState): string | undefined {
  const last = state.stages.length - 1;
  for (const [i, s] of state.stages.entries()) {
    if ((s.status === 'starting' || s.status === 'running') && i !== last)
      return `stage ${i + 1} is in flight but is not the last.`;
    if (s.status === 'running' && s.task === undefined) return `stage ${i + 1} is running without a task.`;
    if (s.status === 'completed' && s.sizes === undefined) return `stage ${i + 1} completed without answers.`;
  }
  if (state.phase === 'paused' && !state.pause) return 'it is paused without a reason.';
  if ((state.phase === 'done' || state.phase === 'stopped') && inFlight(state))
    return `it is ${state.phase} with a stage in flight.`;
  return undefined;
}

/** The conclusion of a run that ended: the planner's, from every answer recorded; undefined while it runs or when the answers allow none. */
export function conclusionOf(state: PathMtuRunState): PathMtuConclusion | undefined {
  if (state.phase !== 'done' && state.phase !== 'stopped') return undefined;
  const step = nextStep(investigationOf(state));
  return step.kind === 'done' ? step.conclusion : undefined;
}
