/**
 * Creating, advancing and restoring an investigation. Inputs are checked with the same rules as Start
 * Sweep (serial, destination, sizes), and a stored record is validated field by field before it is trusted.
 */
import * as z from 'zod/mini';
import { normalizeSerial, validateSerial } from '../endpoints';
import type { StartSweepRequest } from '../schemas';
import { MAX_PACKET_SIZE, validateDestination } from '../startParams';
import type { SizeRow } from '../sweep';
import { usableRows } from './rows';

export { usableRows } from './rows';
import {
  DEFAULT_CYCLES,
  DEFAULT_RANGE,
  MAX_CYCLES,
  PathMtuInvestigation,
  PathMtuStage,
  StagePurpose,
  SweepPlan,
} from './types';

/** What a person (or a script) asks. Sizes and cycles may be omitted for the defaults. */
export interface PathMtuInput {
  serial: string;
  destination: string;
  start?: number;
  end?: number;
  cycles?: number;
  /** Completed sweeps to start from (a sweep's "Refine around the boundary"). */
  seed?: Array<{ plan: SweepPlan; sizes: SizeRow[]; task?: string }>;
}

function wholeIn(value: unknown, lo: number, hi: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= lo && value <= hi;
}

function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value;
}

/** The first problem with the sizes and cycles, in words that say what is expected; undefined when fine. */
export function validateRange(start: unknown, end: unknown, cycles: unknown): string | undefined {
  if (!wholeIn(start, 1, MAX_PACKET_SIZE))
    return `The start size must be a whole number of bytes from 1 to ${MAX_PACKET_SIZE}; got ${shown(start)}.`;
  if (!wholeIn(end, 1, MAX_PACKET_SIZE))
    return `The end size must be a whole number of bytes from 1 to ${MAX_PACKET_SIZE}; got ${shown(end)}.`;
  if (end <= start) {
    return `The end size must be larger than the start size (a range of one size has no boundary to find); got ${start}–${end}.`;
  }
  if (!wholeIn(cycles, 1, MAX_CYCLES))
    return `Cycles per size must be a whole number from 1 to ${MAX_CYCLES}; got ${shown(cycles)}.`;
  return undefined;
}

/** A new investigation, or what is wrong with the input. */
export function createInvestigation(input: PathMtuInput): { investigation: PathMtuInvestigation } | { error: string } {
  const serial = normalizeSerial(String(input.serial ?? ''));
  const serialProblem = validateSerial(serial);
  if (serialProblem) return { error: serialProblem };
  const destination = String(input.destination ?? '').trim();
  const destinationProblem = validateDestination(destination);
  if (destinationProblem) return { error: destinationProblem };
  const start = input.start ?? DEFAULT_RANGE.start;
  const end = input.end ?? DEFAULT_RANGE.end;
  const cycles = input.cycles ?? DEFAULT_CYCLES;
  const problem = validateRange(start, end, cycles);
  if (problem) return { error: problem };
  const stages: PathMtuStage[] = [];
  for (const s of input.seed ?? []) {
    const parsed = stageSchema.safeParse({ purpose: 'seed', plan: s.plan, sizes: s.sizes, task: s.task });
    if (!parsed.success) return { error: 'The sweep to start from has unreadable sizes or answers.' };
    stages.push(parsed.data);
  }
  return { investigation: { version: 1, serial, destination, start, end, cycles, stages } };
}

/** The investigation with one more stage (running: no answers yet). */
export function addStage(
  inv: PathMtuInvestigation,
  purpose: StagePurpose,
  plan: SweepPlan,
  task?: string,
): PathMtuInvestigation {
  const stage: PathMtuStage =
    task === undefined ? { purpose, plan: { ...plan } } : { purpose, plan: { ...plan }, task };
  return { ...inv, stages: [...inv.stages, stage] };
}

/**
 * The investigation with the answers of stage `index` (e.g. `analyzeSweep(output).sizes`). A row a gateway
 * reported oddly (a size that is not a whole number of bytes, counts that do not add up) is left out rather
 * than planned from.
 */
export function recordStage(inv: PathMtuInvestigation, index: number, sizes: readonly SizeRow[]): PathMtuInvestigation {
  if (!inv.stages[index])
    throw new RangeError(`No stage ${index} in this investigation (it has ${inv.stages.length}).`);
  const rows = usableRows(sizes);
  return { ...inv, stages: inv.stages.map((s, i) => (i === index ? { ...s, sizes: rows } : s)) };
}

/**
 * The investigation without stage `index`, which must have no answers yet: a stage whose sweep failed or was
 * refused is dropped, and planning again gives the same sweep to retry. A stage with answers is never dropped.
 */
export function abandonStage(inv: PathMtuInvestigation, index: number): PathMtuInvestigation {
  const stage = inv.stages[index];
  if (!stage) throw new RangeError(`No stage ${index} in this investigation (it has ${inv.stages.length}).`);
  if (stage.sizes) throw new RangeError(`Stage ${index + 1} has answers; they are kept.`);
  return { ...inv, stages: inv.stages.filter((_, i) => i !== index) };
}

/** The start request of a planned stage. */
export function toStartRequest(inv: Pick<PathMtuInvestigation, 'destination'>, plan: SweepPlan): StartSweepRequest {
  return { destination: inv.destination, ...plan };
}

const count = z.number().check(z.int(), z.minimum(0));
const size = z.number().check(z.int(), z.minimum(1), z.maximum(MAX_PACKET_SIZE));
/** One size's answers, as stored. */
export const sizeRowSchema = z
  .object({ size, sent: count, answered: count, timedOut: count })
  .check(z.refine((r) => r.answered + r.timedOut === r.sent, 'sent must equal answered + timedOut'));
/** A stored sweep plan. */
export const sweepPlanSchema = z.object({
  startPacketSize: size,
  endPacketSize: size,
  sweepInterval: z.number().check(z.int(), z.minimum(1)),
  count: z.number().check(z.int(), z.minimum(1), z.maximum(100)),
});
/** Why a stage ran, as stored. */
export const stagePurposeSchema = z.enum(['coarse', 'refine', 'retest', 'check', 'seed']);
const stageSchema = z.object({
  purpose: stagePurposeSchema,
  plan: sweepPlanSchema,
  sizes: z.optional(z.array(sizeRowSchema)),
  task: z.optional(z.string()),
});
const investigationSchema = z.object({
  version: z.literal(1),
  serial: z.string(),
  destination: z.string(),
  start: size,
  end: size,
  cycles: z.number().check(z.int(), z.minimum(1), z.maximum(MAX_CYCLES)),
  stages: z.array(stageSchema),
});

/**
 * An investigation read back from storage, or why it cannot be used. Unknown fields are dropped; a record
 * whose question no longer passes the input rules is refused rather than half trusted.
 */
export function parseInvestigation(value: unknown): { investigation: PathMtuInvestigation } | { error: string } {
  const parsed = investigationSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      error: `The stored investigation is unreadable (${issue ? issue.path.join('.') || 'record' : 'record'}).`,
    };
  }
  const inv = parsed.data;
  const problem =
    validateSerial(inv.serial) ?? validateDestination(inv.destination) ?? validateRange(inv.start, inv.end, inv.cycles);
  return problem ? { error: `The stored investigation is unreadable: ${problem}` } : { investigation: inv };
}
