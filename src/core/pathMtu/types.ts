/**
 * Types of a path MTU investigation: a chain of ping sweeps (stages) on one gateway towards one destination,
 * planned one at a time from the answers of the stages before, until the boundary is byte-exact or the
 * answers say why it cannot be. Everything here is plain JSON, so an investigation survives reloads.
 */
import type { SizeRow } from '../sweep';

/** Why a stage was run: the first spread over the range, a finer one inside the boundary, a retest, a check. */
export type StagePurpose = 'coarse' | 'refine' | 'retest' | 'check' | 'seed';

/** The sizes and cycles of one sweep, as the start endpoint takes them (without the destination). */
export interface SweepPlan {
  startPacketSize: number;
  endPacketSize: number;
  sweepInterval: number;
  count: number;
}

/** One sweep of an investigation. */
export interface PathMtuStage {
  purpose: StagePurpose;
  plan: SweepPlan;
  /** The answers per size (`analyzeSweep(output).sizes`) once the sweep completed; absent while it runs. */
  sizes?: SizeRow[];
  /** The tracked task that runs this stage (its task key), when the editor started one. */
  task?: string;
}

/** A whole investigation: its question and every stage so far, oldest first. */
export interface PathMtuInvestigation {
  /** Format of the stored record. */
  version: 1;
  serial: string;
  destination: string;
  /** The range searched, inclusive, in the API's packet size (bytes). */
  start: number;
  end: number;
  /** Ping cycles per size of the ordinary stages. */
  cycles: number;
  stages: PathMtuStage[];
}

/** What the tests say a size outside the searched range looks like when nothing in the range answered. */
export type NoneAnswerLooksLike = 'unreachable' | 'largeDropped';

/** Facts common to every conclusion. */
interface ConclusionBase {
  /** The conclusion in one plain sentence, e.g. `The largest ICMP size that reaches 10.1.1.1 from CN123 is 1472 bytes; 1473 and above get no answer.` */
  sentence: string;
  /** What the API's size means and how it relates to the interface MTU, in one sentence. */
  sizeNote: string;
  /** Share of replies lost at sizes at or below the largest that answered (0 on a clean path). */
  lossRate: number;
  /** Sweeps and ICMP requests the investigation used. */
  sweeps: number;
  requests: number;
}

/** The answer of an investigation. */
export type PathMtuConclusion = ConclusionBase &
  (
    | { kind: 'exact'; largest: number; firstSilent: number }
    | { kind: 'allAnswer'; largest: number }
    | { kind: 'noneAnswer'; looksLike: NoneAnswerLooksLike; checkSize: number }
    | { kind: 'lossy'; estimate: number | null; firstSilent: number | null }
  );

/** What to do next: run one more sweep, wait for the one running, or stop with a conclusion. */
export type PathMtuStep =
  | { kind: 'sweep'; purpose: StagePurpose; plan: SweepPlan; why: string }
  | { kind: 'wait'; stage: number }
  | { kind: 'done'; conclusion: PathMtuConclusion };

/** Default range: the smallest datagram every IPv4 host must accept, to Ethernet's MTU. */
export const DEFAULT_RANGE = { start: 576, end: 1500 } as const;
/** Default ping cycles per size: a lost reply alone then rarely silences a size. */
export const DEFAULT_CYCLES = 2;
/** Most cycles per size: a retest sweeps two sizes and a sweep holds at most 100 ICMP requests. */
export const MAX_CYCLES = 50;
/** Size of the check sweep when nothing in the range answered (never above the range's start). */
export const CHECK_SIZE = 64;
/** Cycles of the check sweep. */
export const CHECK_CYCLES = 5;
/** Retests of the boundary pair before a lossy path is concluded as such. */
export const MAX_RETESTS = 3;
/** Hard stop, whatever the answers: no investigation runs more sweeps than this. */
export const MAX_STAGES = 16;
/**
 * A boundary is confirmed when the chance that loss alone silenced every try of the first silent size, at
 * the loss seen below it (see `chanceSilencedByLoss`), is at most this.
 */
export const CONFIRM_CHANCE = 0.001;
