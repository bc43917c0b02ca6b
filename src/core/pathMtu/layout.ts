/**
 * Where to put the sizes of the next sweep. The boundary (largest size that answers) is known to lie in
 * `[largest, firstSilent - 1]`: `firstSilent - largest` candidates. A sweep of n evenly spaced sizes splits
 * them into n + 1 groups, and the next stage searches one group; so the groups are made as even as the
 * sweep's arithmetic progression of sizes allows, with as many sizes as the 100-request cap leaves.
 */
import { MAX_ICMP_REQUESTS } from '../startParams';
import type { SweepPlan } from './types';

/** Sizes one sweep may hold at `cycles` cycles each. */
export function sizesPerSweep(cycles: number): number {
  return Math.max(1, Math.floor(MAX_ICMP_REQUESTS / cycles));
}

/** Distinct sizes of a plan (the API's rule: start, start + step, … up to end). */
export function planSizes(plan: SweepPlan): number[] {
  const out: number[] = [];
  for (let s = plan.startPacketSize; s <= plan.endPacketSize; s += plan.sweepInterval) out.push(s);
  return out;
}

/** Cycles of a retest of the boundary pair: five times the ordinary, at least 10, two sizes within the cap. */
export function retestCycles(cycles: number): number {
  return Math.min(50, Math.max(10, 5 * cycles));
}

/**
 * The sweep that tests the sizes strictly between `largest` and `firstSilent` best, or undefined when
 * there are none. `preferTop` puts the last size as close to `firstSilent - 1` as the even spread allows:
 * on the first stage that is the range's end, so "every size answers" is known after one sweep. The last
 * stage (every size left, 1 byte apart) spends what the cap leaves on more cycles, up to a retest's: the
 * first silent size then has enough tries for its silence not to be loss, without one more sweep.
 */
export function layoutSweep(
  largest: number,
  firstSilent: number,
  cycles: number,
  preferTop: boolean,
): SweepPlan | undefined {
  const unknown = firstSilent - largest - 1;
  if (!(unknown >= 1)) return undefined;
  const k = sizesPerSweep(cycles);
  if (unknown <= k) {
    const count = Math.max(cycles, Math.min(retestCycles(cycles), Math.floor(MAX_ICMP_REQUESTS / unknown)));
    return { startPacketSize: largest + 1, endPacketSize: firstSilent - 1, sweepInterval: 1, count };
  }
  const candidates = firstSilent - largest;
  // With the top pinned, k sizes leave k groups of `step` below it (a little wider than k + 1 free groups).
  const step = preferTop ? Math.ceil((candidates - 1) / k) : Math.ceil(candidates / (k + 1));
  // Fewest sizes that keep every group within `step`, or the most that fit when the top is wanted.
  const n = preferTop
    ? Math.min(k, Math.floor((candidates - 2) / step) + 1)
    : Math.min(k, Math.ceil(candidates / step) - 1);
  // The first and last groups share what the n - 1 inner steps leave (between 2 and 2 * step).
  const rest = candidates - (n - 1) * step;
  const last = preferTop ? Math.max(1, rest - step) : Math.floor(rest / 2);
  const endPacketSize = firstSilent - last;
  return { startPacketSize: endPacketSize - (n - 1) * step, endPacketSize, sweepInterval: step, count: cycles };
}

/** Smallest m with k^m >= width: the lower bound ceil(log_k(width)) on sweeps to a byte-exact answer, k = floor(100 / cycles). */
export function lowerBoundSweeps(start: number, end: number, cycles: number): number {
  const width = end - start;
  const k = sizesPerSweep(cycles);
  if (!(width >= 1) || k < 2) return width >= 1 ? width : 0;
  let m = 0;
  for (let reach = 1; reach < width; reach *= k) m++;
  return m;
}
