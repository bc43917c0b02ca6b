/**
 * Path MTU planner figures (no VS Code): sweeps and ICMP requests to a byte-exact answer, for every boundary
 * position of 576-1500 and 1000-9216 at 1, 2 and 3 cycles, beside the lower bound ceil(log_k(width)) and
 * beside the by-hand method; then the same planner on lossy paths.
 */
import { lowerBoundSweeps } from '../../src/core/pathMtu';
import { byHand, runPlanner } from './pathMtuSim';

/** One range at one cycle count, over every boundary position. */
export interface PathMtuCase {
  range: string;
  cycles: number;
  positions: number;
  lowerBound: number;
  planner: { worstSweeps: number; meanSweeps: number; worstRequests: number; meanRequests: number };
  byHand: { worstSweeps: number; meanSweeps: number; worstRequests: number; meanRequests: number };
  /** Every answer named the boundary exactly. */
  allExact: boolean;
}

/** The planner on lossy paths: how often it is right, unsure, and how long it takes. */
export interface PathMtuNoisy {
  loss: number;
  runs: number;
  exactRight: number;
  exactWrong: number;
  lossy: number;
  meanSweeps: number;
  worstSweeps: number;
}

function stats(values: Array<{ sweeps: number; requests: number }>) {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    worstSweeps: Math.max(...values.map((v) => v.sweeps)),
    meanSweeps: mean(values.map((v) => v.sweeps)),
    worstRequests: Math.max(...values.map((v) => v.requests)),
    meanRequests: mean(values.map((v) => v.requests)),
  };
}

/** Every boundary position from `start` (only the start answers) to `end` (everything answers). */
export function runPathMtuCase(start: number, end: number, cycles: number): PathMtuCase {
  const ours: Array<{ sweeps: number; requests: number }> = [];
  const hand: Array<{ sweeps: number; requests: number }> = [];
  let allExact = true;
  for (let mtu = start; mtu <= end; mtu++) {
    const run = runPlanner({ start, end, cycles }, { mtu });
    const c = run.conclusion;
    if (!(c.kind === 'exact' ? c.largest === mtu : c.kind === 'allAnswer' && mtu === end)) allExact = false;
    ours.push(run);
    hand.push(byHand(start, end, cycles, mtu));
  }
  return {
    range: `${start}-${end}`,
    cycles,
    positions: end - start + 1,
    lowerBound: lowerBoundSweeps(start, end, cycles),
    planner: stats(ours),
    byHand: stats(hand),
    allExact,
  };
}

/** 576-1500 at 2 cycles with random loss: `runs` seeded paths per loss rate, boundaries spread over the range. */
export function runPathMtuNoisy(losses: number[] = [0.05, 0.2, 0.5], runs = 200): PathMtuNoisy[] {
  return losses.map((loss) => {
    const out: PathMtuNoisy = { loss, runs, exactRight: 0, exactWrong: 0, lossy: 0, meanSweeps: 0, worstSweeps: 0 };
    for (let seed = 1; seed <= runs; seed++) {
      const mtu = 577 + ((seed * 389) % 922);
      const run = runPlanner({}, { mtu, loss, seed });
      const c = run.conclusion;
      if (c.kind === 'exact') {
        if (c.largest === mtu) out.exactRight++;
        else out.exactWrong++;
      } else out.lossy++;
      out.meanSweeps += run.sweeps / runs;
      out.worstSweeps = Math.max(out.worstSweeps, run.sweeps);
    }
    return out;
  });
}

/** All the cases the README shows. */
export function runPathMtuBench(): { cases: PathMtuCase[]; noisy: PathMtuNoisy[] } {
  const cases: PathMtuCase[] = [];
  for (const [start, end] of [
    [576, 1500],
    [1000, 9216],
  ]) {
    for (const cycles of [1, 2, 3]) cases.push(runPathMtuCase(start, end, cycles));
  }
  return { cases, noisy: runPathMtuNoisy() };
}
