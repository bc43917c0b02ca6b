/**
 * What the stages of an investigation have shown so far, merged per size. A reply proves that a size gets
 * through; loss can only hide that, never fake it. So the boundary is read from the largest size with any
 * answer, and the first size above it with none; silent sizes below that largest one are loss (or load
 * balancing over paths of different MTUs) and make the path "noisy".
 */
import type { PathMtuInvestigation, PathMtuStage } from './types';

/** Replies of one size over every stage. */
export interface SizeEvidence {
  size: number;
  sent: number;
  answered: number;
}

/** The boundary as the evidence reads it. */
export interface Bounds {
  /** Largest size in the range with an answer; `start - 1` when none answered. */
  largest: number;
  /** Smallest size above `largest` in the range that never answered; `end + 1` when none did. */
  firstSilent: number;
  /** Sizes below `largest` that never answered. */
  silentBelow: number[];
  /** Share of replies lost at sizes at or below `largest` (0 when nothing answered). */
  lossRate: number;
  /** Replies sent, and answered, at sizes at or below `largest`. */
  sentBelow: number;
  answeredBelow: number;
}

/** Every size a set of stages tested, merged, ascending. Sizes outside `[lo, hi]` are left out when given. */
export function mergeStages(stages: readonly PathMtuStage[], lo = -Infinity, hi = Infinity): SizeEvidence[] {
  const bySize = new Map<number, SizeEvidence>();
  for (const stage of stages) {
    for (const row of stage.sizes ?? []) {
      if (row.size < lo || row.size > hi) continue;
      const e = bySize.get(row.size) ?? { size: row.size, sent: 0, answered: 0 };
      e.sent += row.sent;
      e.answered += row.answered;
      bySize.set(row.size, e);
    }
  }
  return [...bySize.values()].sort((a, b) => a.size - b.size);
}

/** The evidence inside the investigation's range. */
export function rangeEvidence(inv: PathMtuInvestigation): SizeEvidence[] {
  return mergeStages(inv.stages, inv.start, inv.end);
}

/** Reads the boundary from merged evidence of the range `[start, end]`. */
export function readBounds(evidence: readonly SizeEvidence[], start: number, end: number): Bounds {
  let largest = start - 1;
  for (const e of evidence) if (e.answered > 0 && e.sent > 0) largest = Math.max(largest, e.size);
  let firstSilent = end + 1;
  const silentBelow: number[] = [];
  let sent = 0;
  let answered = 0;
  for (const e of evidence) {
    if (e.sent <= 0) continue;
    if (e.size <= largest) {
      sent += e.sent;
      answered += e.answered;
      if (e.answered === 0) silentBelow.push(e.size);
    } else if (e.answered === 0 && e.size < firstSilent) {
      firstSilent = e.size;
    }
  }
  const lossRate = sent > 0 ? (sent - answered) / sent : 0;
  return { largest, firstSilent, silentBelow, lossRate, sentBelow: sent, answeredBelow: answered };
}

/** Tries sent at one size so far. */
export function triesAt(evidence: readonly SizeEvidence[], size: number): number {
  return evidence.find((e) => e.size === size)?.sent ?? 0;
}

/** ICMP requests the investigation has sent (completed stages). */
export function requestsSent(inv: PathMtuInvestigation): number {
  let n = 0;
  for (const stage of inv.stages) for (const row of stage.sizes ?? []) n += row.sent;
  return n;
}

/**
 * The chance that loss alone silenced `tries` replies in a row of a size that does get through, given the
 * replies seen at sizes that answered. The loss rate is not known, only estimated from a sample, so it is
 * averaged over what the sample allows (a Beta(1/2, 1/2) prior, Jeffreys'): a clean sample of n replies still
 * leaves about 1 / (2n) for a single try, which is why one silent try is rarely proof on its own.
 */
export function chanceSilencedByLoss(sent: number, answered: number, tries: number): number {
  const lost = Math.max(0, sent - answered);
  let chance = 1;
  for (let i = 0; i < tries && chance > 1e-12; i++) chance *= (0.5 + lost + i) / (1 + lost + answered + i);
  return chance;
}
