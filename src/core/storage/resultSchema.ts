/**
 * What a result file holds: a versioned wrapper around one task's {@link SweepOutput}, in the form the
 * extension keeps it (after `statusReader.ts` has read Central's answer: numbers as numbers, null where a value
 * could not be read). The file is checked against this schema field by field when it is read back.
 */
import * as z from 'zod/mini';
import type { SweepOutput } from '../schemas';

/** Written in every result file; a file without it is none of ours. */
export const RESULT_FORMAT = 'pingSweep.result';
/** The version this code writes and reads. A file of a later version is left alone (a newer extension wrote it). */
export const RESULT_VERSION = 1;

/** A finite number or null: zod rejects NaN and ±Infinity, which JSON cannot carry anyway. */
const maybeNumber = z.nullable(z.number());

const replySchema = z.object({
  requestId: maybeNumber,
  size: maybeNumber,
  timedOut: z.nullable(z.boolean()),
});

const responseSchema = z.object({
  count: maybeNumber,
  replies: z.array(replySchema),
});

/** A stored sweep output. */
export const storedOutputSchema = z.object({
  destination: z.string(),
  successRate: maybeNumber,
  transmittedPacketsCount: maybeNumber,
  receivedPacketsCount: maybeNumber,
  minimumRoundTripTimeMilliseconds: maybeNumber,
  averageRoundTripTimeMilliseconds: maybeNumber,
  maximumRoundTripTimeMilliseconds: maybeNumber,
  responses: z.array(responseSchema),
  asSent: z.optional(z.record(z.string(), z.string())),
});

/** The first look at a file: is it ours, and of which version (the rest is checked only for a version we know). */
export const resultHeaderSchema = z.looseObject({
  format: z.literal(RESULT_FORMAT),
  version: z.number().check(z.int(), z.minimum(1)),
});

/** A whole result file of {@link RESULT_VERSION}. */
export const resultFileSchema = z.object({
  format: z.literal(RESULT_FORMAT),
  version: z.literal(RESULT_VERSION),
  /** The task key the file belongs to: a file copied or renamed under another key's name is caught. */
  key: z.string(),
  /** When it was written, epoch ms. */
  savedAt: z.number(),
  output: storedOutputSchema,
});

export type ResultFile = z.output<typeof resultFileSchema>;

/** Exact type equality (optional fields included), which mutual `extends` does not give. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
// The stored form and the domain type must stay one (a field added to one only would be lost on the way to
// disk): this line stops compiling when they drift apart.
true satisfies Same<z.output<typeof storedOutputSchema>, SweepOutput>;
