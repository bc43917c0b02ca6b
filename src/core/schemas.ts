/**
 * zod schemas of every payload exchanged with Central. They are both the runtime check at the wire and,
 * through `z.output`, the TypeScript types the rest of the extension uses.
 *
 * Policy: tolerate what a server may reasonably vary (unknown fields, numbers sent as numbers instead of
 * strings, a missing optional field), reject what would break meaning, and name the failing field.
 */
import { z } from 'zod';

/** Lifecycle of an async operation. */
export const taskStatusSchema = z.enum(['INITIATED', 'RUNNING', 'COMPLETED', 'FAILED']);
export type TaskStatus = z.output<typeof taskStatusSchema>;

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Converts a JSON number or a numeric string to a finite number; anything else gives undefined. */
function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const text = value.trim();
    return NUMERIC_TEXT.test(text) ? Number(text) : undefined;
  }
  return undefined;
}

/**
 * A number that Central sends as a string ("12", "110.597") but may also send as a JSON number.
 * Rejects "", "abc", booleans and null.
 */
export const numberishSchema = z.unknown().transform((value, ctx): number => {
  const n = toFiniteNumber(value);
  if (n === undefined) {
    ctx.addIssue({ code: 'custom', message: value === undefined ? 'missing, expected a number' : 'expected a number' });
    return z.NEVER;
  }
  return n;
});

/** Like {@link numberishSchema}, but null, a missing field and "" mean "no value" (null). */
export const optionalNumberishSchema = z.unknown().optional().transform((value, ctx): number | null => {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  const n = toFiniteNumber(value);
  if (n === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected a number or null' });
    return z.NEVER;
  }
  return n;
});

/** A boolean that may also arrive as the text "true" / "false". */
const booleanishSchema = z.unknown().transform((value, ctx): boolean => {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  ctx.addIssue({ code: 'custom', message: value === undefined ? 'missing, expected true or false' : 'expected true or false' });
  return z.NEVER;
});

/** A string that may be null or absent; both become null. */
const nullableString = z.string().nullish().transform((v) => v ?? null);

/** One ICMP echo of one cycle. */
export const replySchema = z.object({
  requestId: numberishSchema,
  size: numberishSchema,
  timedOut: booleanishSchema,
});
export type Reply = z.output<typeof replySchema>;

/** One cycle of the sweep (`count` is the cycle number, from 1). */
export const pingResponseSchema = z.object({
  count: numberishSchema,
  replies: z.array(replySchema),
});
export type PingResponse = z.output<typeof pingResponseSchema>;

/** The result of a completed sweep. RTTs are null when nothing answered. */
export const sweepOutputSchema = z.object({
  destination: z.string(),
  successRate: numberishSchema,
  transmittedPacketsCount: numberishSchema,
  receivedPacketsCount: numberishSchema,
  minimumRoundTripTimeMilliseconds: optionalNumberishSchema,
  averageRoundTripTimeMilliseconds: optionalNumberishSchema,
  maximumRoundTripTimeMilliseconds: optionalNumberishSchema,
  // A sweep where the gateway recorded no cycle is still a readable result, not a broken one.
  responses: z.array(pingResponseSchema).nullish().transform((v) => v ?? []),
});
export type SweepOutput = z.output<typeof sweepOutputSchema>;

/** 200 body of the status endpoint. */
export const statusResponseSchema = z.object({
  status: taskStatusSchema,
  // Clamped rather than refused: a progress of 101 must not stop a sweep from being tracked.
  progressPercent: optionalNumberishSchema.transform((v) => Math.min(100, Math.max(0, v ?? 0))),
  startTime: nullableString,
  endTime: nullableString,
  failReason: nullableString,
  output: sweepOutputSchema.nullish().transform((v) => v ?? null),
});
export type StatusResponse = z.output<typeof statusResponseSchema>;

/** Body of a 4xx/5xx answer; every field is optional and a wrong type is ignored. */
export const errorBodySchema = z.object({
  errorCode: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
});
export type ErrorBody = z.output<typeof errorBodySchema>;

/** 202 body of `POST .../pingSweep`. */
export const startResponseSchema = z.object({
  location: z.string().min(1),
  status: taskStatusSchema,
  startTime: z.string().nullish(),
});
export type StartResponse = z.output<typeof startResponseSchema>;

/** Body of `GET .../list-tasks`: one entry per test type, newest locations first. */
export const listTasksSchema = z.array(
  z.object({
    testName: z.string(),
    locations: z.array(z.string()),
  }),
);
export type ListTasksResponse = z.output<typeof listTasksSchema>;

/** OAuth 2 client-credentials answer of the token endpoint. */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: numberishSchema,
  token_type: z.string().optional(),
});
export type TokenResponse = z.output<typeof tokenResponseSchema>;

/** Central allows 1..100 ICMP requests per sweep (sizes x cycles). */
export const MAX_SWEEP_REQUESTS = 100;

/** Number of distinct packet sizes of a sweep. */
export function sweepSizeCount(start: number, end: number, step: number): number {
  return Math.floor((end - start) / step) + 1;
}

const positiveInt = z.number().int().min(1);

/** JSON body of `POST .../pingSweep`. `count` defaults to 5. */
export const startSweepRequestSchema = z
  .object({
    destination: z.string().trim().min(1),
    startPacketSize: positiveInt,
    endPacketSize: positiveInt,
    sweepInterval: positiveInt,
    count: positiveInt.default(5),
  })
  .superRefine((body, ctx) => {
    if (body.endPacketSize < body.startPacketSize) {
      ctx.addIssue({ code: 'custom', path: ['endPacketSize'], message: 'must be at least startPacketSize' });
      return;
    }
    const total = sweepSizeCount(body.startPacketSize, body.endPacketSize, body.sweepInterval) * body.count;
    if (total > MAX_SWEEP_REQUESTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['count'],
        message: `sizes x count is ${total}; at most ${MAX_SWEEP_REQUESTS} ICMP requests are allowed`,
      });
    }
  });
export type StartSweepRequest = z.output<typeof startSweepRequestSchema>;


/** A payload did not match its schema; `issues` lists every failing field as `path: problem`. */
export class SchemaError extends Error {
  readonly issues: string[];
  constructor(what: string, issues: string[]) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`${what} is not as expected: ${issues[0] ?? 'invalid'}${more}`);
    this.name = 'SchemaError';
    this.issues = issues;
  }
}

type Issue = z.core.$ZodIssue;

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Words for one issue. Values are never echoed, only their type: a payload may hold a token. */
function issueText(issue: Issue): string {
  const path = issue.path.length ? issue.path.map(String).join('.') : '(body)';
  let problem: string;
  if (issue.code === 'invalid_type') {
    problem =
      issue.input === undefined
        ? `missing, expected ${issue.expected}`
        : `expected ${issue.expected}, got ${describeType(issue.input)}`;
  } else if (issue.code === 'invalid_value') {
    problem = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (issue.code === 'custom') {
    problem = issue.message;
  } else {
    // too_small, too_big, invalid_format...: zod's own words are clear and carry no value.
    problem = issue.message.replace(/^Invalid input: /, '');
  }
  return `${path}: ${problem}`;
}

/**
 * Parses `data` with `schema` or throws a {@link SchemaError} naming each failing field path,
 * e.g. `status response is not as expected: output.responses.0.replies.3.size: expected a number`.
 */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw new SchemaError(what, result.error.issues.map(issueText));
}
