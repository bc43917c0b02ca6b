/**
 * The path MTU planner: from the answers of every stage so far to the next sweep, or to a conclusion.
 *
 * A coarse sweep spreads the most sizes the 100-request cap allows over the range (its last size on the
 * range's end); each later stage sweeps the sizes between the largest that answered and the first that did
 * not, until they are 1 byte apart. On a clean path that takes ceil(log_(k+1)(width + 2)) sweeps with
 * k = floor(100 / cycles) sizes each, within one of the lower bound ceil(log_k(width)). Loss can hide a reply
 * but never fake one: when answers are inconsistent (a size stayed silent below one that answered), or when
 * too few tries make the first silent size's silence explainable by loss, the boundary pair is retested with
 * more cycles until it is not, at most {@link MAX_RETESTS} times.
 */
import { allAnswerConclusion, exactConclusion, lossyConclusion, noneAnswerConclusion } from './conclusion';
import {
  Bounds,
  SizeEvidence,
  chanceSilencedByLoss,
  mergeStages,
  rangeEvidence,
  readBounds,
  triesAt,
} from './evidence';
import { layoutSweep, retestCycles } from './layout';
import {
  CHECK_CYCLES,
  CHECK_SIZE,
  CONFIRM_CHANCE,
  MAX_RETESTS,
  MAX_STAGES,
  PathMtuInvestigation,
  PathMtuStep,
  StagePurpose,
  SweepPlan,
} from './types';

/** The size of the check sweep of an investigation (never above its range). */
export function checkSizeOf(inv: Pick<PathMtuInvestigation, 'start'>): number {
  return Math.min(CHECK_SIZE, inv.start);
}

function sweep(purpose: StagePurpose, plan: SweepPlan, why: string): PathMtuStep {
  return { kind: 'sweep', purpose, plan, why };
}

function count(inv: PathMtuInvestigation, purpose: StagePurpose): number {
  return inv.stages.filter((s) => s.purpose === purpose).length;
}

function describeSpread(plan: SweepPlan): string {
  const n = Math.floor((plan.endPacketSize - plan.startPacketSize) / plan.sweepInterval) + 1;
  return plan.sweepInterval === 1
    ? `every size from ${plan.startPacketSize} to ${plan.endPacketSize} bytes`
    : `${n} sizes from ${plan.startPacketSize} to ${plan.endPacketSize} bytes, ${plan.sweepInterval} apart`;
}

/**
 * The next step of an investigation. Pure: the same investigation always gives the same step. A stage still
 * without answers is waited for; nothing is planned past it.
 */
export function nextStep(inv: PathMtuInvestigation): PathMtuStep {
  const pending = inv.stages.findIndex((s) => !s.sizes);
  if (pending >= 0) return { kind: 'wait', stage: pending };
  const evidence = rangeEvidence(inv);
  const b = readBounds(evidence, inv.start, inv.end);
  const emptyStages = inv.stages.filter((s) => s.sizes && s.sizes.length === 0).length;
  if (inv.stages.length >= MAX_STAGES || emptyStages >= 2) return giveUp(inv, b, evidence);
  const refine = layoutSweep(b.largest, b.firstSilent, inv.cycles, b.firstSilent > inv.end);
  if (refine) {
    if (evidence.length === 0) return sweep('coarse', refine, `Coarse sweep: ${describeSpread(refine)}.`);
    const low = b.largest < inv.start ? 'nothing answered yet' : `${b.largest} answered`;
    const high = b.firstSilent > inv.end ? `the range ends at ${inv.end}` : `${b.firstSilent} did not`;
    return sweep('refine', refine, `Finer sweep between the sizes known (${low}; ${high}): ${describeSpread(refine)}.`);
  }
  if (b.largest < inv.start) return nothingAnswered(inv);
  if (b.largest >= inv.end) return { kind: 'done', conclusion: allAnswerConclusion(inv, b.lossRate) };
  return boundaryPair(inv, b, evidence);
}

/** The pair `largest`, `largest + 1` is found: conclude, or retest it when loss could explain the silence. */
function boundaryPair(inv: PathMtuInvestigation, b: Bounds, evidence: SizeEvidence[]): PathMtuStep {
  const tries = triesAt(evidence, b.firstSilent);
  const retests = count(inv, 'retest');
  const inconsistent = b.silentBelow.length > 0 && retests === 0;
  const explained = chanceSilencedByLoss(b.sentBelow, b.answeredBelow, tries) > CONFIRM_CHANCE;
  if (!inconsistent && !explained) return { kind: 'done', conclusion: exactConclusion(inv, b.largest, b.lossRate) };
  if (retests >= MAX_RETESTS) return giveUp(inv, b, evidence);
  const cycles = retestCycles(inv.cycles);
  const plan = {
    startPacketSize: b.largest,
    endPacketSize: b.firstSilent,
    sweepInterval: b.firstSilent - b.largest,
    count: cycles,
  };
  const why = inconsistent
    ? `Retest of ${b.largest} and ${b.firstSilent} with ${cycles} cycles: ${b.silentBelow[0]} got no answer although ${b.largest} did (loss or load balancing).`
    : `Retest of ${b.largest} and ${b.firstSilent} with ${cycles} cycles: replies are being lost, so ${b.firstSilent}'s silence is not yet conclusive.`;
  return sweep('retest', plan, why);
}

/** Nothing in the range answered: a check at a small size tells what it looks like. */
function nothingAnswered(inv: PathMtuInvestigation): PathMtuStep {
  const size = checkSizeOf(inv);
  const checks = inv.stages.filter((s) => s.purpose === 'check');
  if (checks.length === 0) {
    const plan = { startPacketSize: size, endPacketSize: size, sweepInterval: 1, count: CHECK_CYCLES };
    return sweep(
      'check',
      plan,
      `Check: ${CHECK_CYCLES} pings of ${size} bytes, since no size from ${inv.start} to ${inv.end} answered.`,
    );
  }
  const answered = mergeStages(checks).some((e) => e.answered > 0);
  return { kind: 'done', conclusion: noneAnswerConclusion(inv, answered ? 'largeDropped' : 'unreachable', size) };
}

/** The stage budget is spent (or the gateway keeps recording nothing): say so, with the best estimate. */
function giveUp(inv: PathMtuInvestigation, b: Bounds, evidence: SizeEvidence[]): PathMtuStep {
  const estimate = b.largest >= inv.start ? b.largest : null;
  const firstSilent = b.firstSilent <= inv.end ? b.firstSilent : null;
  const tries = firstSilent === null ? 0 : triesAt(evidence, firstSilent);
  return { kind: 'done', conclusion: lossyConclusion(inv, estimate, firstSilent, b.lossRate, tries) };
}
