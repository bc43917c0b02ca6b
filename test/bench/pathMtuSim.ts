/**
 * Runs the path MTU planner against a model path, in memory: every planned sweep is answered size by size
 * and cycle by cycle, and the planner goes on until it concludes. Shared by the unit tests and the bench,
 * which also prices the by-hand method (a 10-byte sweep, then a 1-byte one, each split to fit the cap).
 */
import {
  PathMtuConclusion,
  PathMtuInput,
  PathMtuInvestigation,
  addStage,
  createInvestigation,
  nextStep,
  planSizes,
  recordStage,
  sizesPerSweep,
} from '../../src/core/pathMtu';
import type { SizeRow } from '../../src/core/sweep';
import { seededRandom } from './pollSim';

/** A model path: which sizes get an answer. */
export interface ModelPath {
  /** Largest size that answers; null: nothing answers at any size. */
  mtu: number | null;
  /** Share of replies lost at random at any size. */
  loss?: number;
  /** Sizes at or below this answer even when `mtu` is null (a filter on large ICMP only). */
  smallAnswerUpTo?: number;
  /** Load balancing: this share of replies takes a second path whose largest size is `mtu2`. */
  balance?: { mtu2: number; share: number };
  seed?: number;
}

/** One investigation run to its end. */
export interface PlannerRun {
  conclusion: PathMtuConclusion;
  investigation: PathMtuInvestigation;
  sweeps: number;
  requests: number;
}

function answers(path: ModelPath, size: number, random: () => number): boolean {
  if (path.loss && random() < path.loss) return false;
  let limit = path.mtu;
  if (path.balance && random() < path.balance.share) limit = path.balance.mtu2;
  if (limit !== null && size <= limit) return true;
  return path.smallAnswerUpTo !== undefined && size <= path.smallAnswerUpTo;
}

/** Answers one sweep on the model path. */
export function answerSweep(path: ModelPath, sizes: number[], count: number, random: () => number): SizeRow[] {
  const rows = sizes.map((size) => ({ size, sent: 0, answered: 0, timedOut: 0 }));
  for (let cycle = 0; cycle < count; cycle++) {
    for (const row of rows) {
      row.sent++;
      if (answers(path, row.size, random)) row.answered++;
      else row.timedOut++;
    }
  }
  return rows;
}

/** Runs the planner from `input` on `path` until it concludes (or 50 steps, which fails loudly). */
export function runPlanner(
  input: Omit<PathMtuInput, 'serial' | 'destination'> & Partial<PathMtuInput>,
  path: ModelPath,
): PlannerRun {
  const created = createInvestigation({ serial: 'CN123', destination: '10.1.1.1', ...input });
  if ('error' in created) throw new Error(created.error);
  let inv = created.investigation;
  const random = seededRandom(path.seed ?? 1);
  for (let i = 0; i < 50; i++) {
    const step = nextStep(inv);
    if (step.kind === 'done') {
      return {
        conclusion: step.conclusion,
        investigation: inv,
        sweeps: step.conclusion.sweeps,
        requests: step.conclusion.requests,
      };
    }
    if (step.kind === 'wait') throw new Error('the planner waits for a stage that was answered');
    inv = addStage(inv, step.purpose, step.plan);
    inv = recordStage(inv, inv.stages.length - 1, answerSweep(path, planSizes(step.plan), step.plan.count, random));
  }
  throw new Error('the planner did not conclude within 50 sweeps');
}

/**
 * What a person does by hand: sweeps of every 10th size from the start, split to fit the cap and run in
 * order until one shows a silent size (or the range ends), then every size between the last that answered
 * and the first that did not (or the range's end), split likewise. Clean path, boundary `mtu`.
 */
export function byHand(start: number, end: number, cycles: number, mtu: number): { sweeps: number; requests: number } {
  const k = sizesPerSweep(cycles);
  let sweeps = 0;
  let requests = 0;
  const run = (sizes: number[]) => {
    sweeps++;
    requests += sizes.length * cycles;
  };
  let lastAnswered = start - 1;
  let firstSilent = end + 1;
  const coarse: number[] = [];
  for (let s = start; s <= end; s += 10) coarse.push(s);
  for (let i = 0; i < coarse.length && firstSilent > end; i += k) {
    const chunk = coarse.slice(i, i + k);
    run(chunk);
    for (const s of chunk) {
      if (s <= mtu) lastAnswered = s;
      else if (firstSilent > end) firstSilent = s;
    }
  }
  const fine: number[] = [];
  for (let s = lastAnswered + 1; s < firstSilent; s++) fine.push(s);
  for (let i = 0; i < fine.length; i += k) run(fine.slice(i, i + k));
  return { sweeps, requests };
}
