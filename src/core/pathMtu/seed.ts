/**
 * What "Refine around the boundary" starts from: a completed sweep whose answers show a boundary (a size that
 * answered, and a larger one that never did), as the seed of an investigation over that sweep's range. Pure.
 */
import type { SweepOutput } from '../schemas';
import { analyzeSweep } from '../sweep';
import type { SizeRow } from '../sweep';
import { usableRows } from './rows';
import type { SweepPlan } from './types';

export interface SweepSeed {
  start: number;
  end: number;
  plan: SweepPlan;
  sizes: SizeRow[];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The seed of a sweep's answers, or undefined when they show no boundary to refine. */
export function sweepSeed(output: SweepOutput | undefined): SweepSeed | undefined {
  if (!output) return undefined;
  const sizes = usableRows(analyzeSweep(output).sizes).sort((a, b) => a.size - b.size);
  if (sizes.length < 2 || sizes.length > 100) return undefined;
  const answered = sizes.filter((r) => r.answered > 0).map((r) => r.size);
  if (answered.length === 0) return undefined;
  const smallestAnswered = Math.min(...answered);
  if (!sizes.some((r) => r.size > smallestAnswered && r.answered === 0)) return undefined;
  const start = sizes[0].size;
  const end = sizes[sizes.length - 1].size;
  const step = sizes.slice(1).reduce((g, r, i) => gcd(g, r.size - sizes[i].size), 0);
  const count = Math.min(100, Math.max(...sizes.map((r) => r.sent)));
  if (step < 1 || count < 1) return undefined;
  return { start, end, plan: { startPacketSize: start, endPacketSize: end, sweepInterval: step, count }, sizes };
}
