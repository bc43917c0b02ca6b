/**
 * zod schemas of every payload exchanged with Central. They are both the runtime check at the wire and,
 * through `z.output`, the TypeScript types the rest of the extension uses.
 *
 * Written with `zod/mini`, the functional API of zod 4: same engine, a small part of its bundle size. It loads
 * no locale, so zod's own messages are a bare "Invalid input"; {@link issueText} words every issue itself.
 *
 * Policy: tolerate what a server may reasonably vary (unknown fields, numbers sent as numbers instead of
 * strings, a missing optional field), reject what would break meaning, and name the failing field.
 */
// A namespace import, not `import { z }`: bundlers can drop what `z.` never reaches only from a namespace import
// (the re-exported `z` object pulls every locale and the JSON-schema code into the bundle).
import * as z from 'zod/mini';
import { readStatusBody } from './statusReader';

export type { FieldNote, PingResponse, Reply, StatusResponse, SweepOutput } from './statusReader';

/** Lifecycle of an async operation. */
export const taskStatusSchema = z.enum(['INITIATED', 'RUNNING', 'COMPLETED', 'FAILED']);
export type TaskStatus = z.output<typeof taskStatusSchema>;

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Records a failure of a transform; the message is the whole problem statement of the field. */
function fail(ctx: z.core.ParsePayload, value: unknown, message: string): never {
  ctx.issues.push({ code: 'custom', message, input: value });
  return z.NEVER;
}

/** Converts a JSON number or a numeric string to a finite number; anything else gives undefined. */
export function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const text = value.trim();
    // "1e400" is numeric text, but no finite number: a bad value like any other.
    const n = NUMERIC_TEXT.test(text) ? Number(text) : NaN;
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * A number that Central sends as a string ("12", "110.597") but may also send as a JSON number.
 * Rejects "", "abc", booleans and null.
 */
export const numberishSchema = z.pipe(
  z.unknown(),
  z.transform((value, ctx): number => {
    const n = toFiniteNumber(value);
    return n ?? fail(ctx, value, value === undefined ? 'missing, expected a number' : 'expected a number');
  }),
);

/**
 * 200 body of the status endpoint. Only `status` must be text (the poller decides from it whether the task is
 * finished); every other field is read leniently by `readStatusBody`, which notes what it had to degrade.
 */
export const statusResponseSchema = z.pipe(
  z.looseObject({ status: z.string() }),
  z.transform((body) => readStatusBody(body)),
);

/**
 * A string field where any other value counts as absent (undefined), never as an error. A transform rather than
 * `z.catch`, whose code drags zod's whole `util` namespace (~12 KB) into the bundle.
 */
const lenientString = z.optional(
  z.pipe(
    z.unknown(),
    z.transform((v): string | undefined => (typeof v === 'string' ? v : undefined)),
  ),
);

/** Body of a 4xx/5xx answer; every field is optional and a wrong type is ignored. */
export const errorBodySchema = z.object({
  errorCode: lenientString,
  message: lenientString,
});
export type ErrorBody = z.output<typeof errorBodySchema>;

/** 202 body of `POST .../pingSweep`. */
export const startResponseSchema = z.object({
  location: z.string().check(z.minLength(1)),
  status: taskStatusSchema,
  startTime: z.nullish(z.string()),
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

/**
 * OAuth 2 client-credentials answer of the token endpoint. `expires_in` is optional (RFC 6749 5.1): absent or
 * unreadable, it is null and the token source assumes a default lifetime.
 */
export const tokenResponseSchema = z.object({
  access_token: z.string().check(z.minLength(1)),
  expires_in: z.pipe(
    z.optional(z.unknown()),
    z.transform((v): number | null => {
      const n = toFiniteNumber(v);
      return n !== undefined && n >= 0 ? n : null;
    }),
  ),
  token_type: z.optional(z.string()),
});
export type TokenResponse = z.output<typeof tokenResponseSchema>;

/** Central allows 1..100 ICMP requests per sweep (sizes x cycles). */
export const MAX_SWEEP_REQUESTS = 100;

/** Number of distinct packet sizes of a sweep. */
export function sweepSizeCount(start: number, end: number, step: number): number {
  return Math.floor((end - start) / step) + 1;
}

const positiveInt = z.number().check(z.int(), z.minimum(1));

/** JSON body of `POST .../pingSweep`. `count` defaults to 5. */
export const startSweepRequestSchema = z
  .object({
    destination: z.string().check(z.trim(), z.minLength(1)),
    startPacketSize: positiveInt,
    endPacketSize: positiveInt,
    sweepInterval: positiveInt,
    count: z._default(positiveInt, 5),
  })
  .check(
    z.superRefine((body, ctx) => {
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
    }),
  );
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
  } else if (issue.code === 'too_small' || issue.code === 'too_big') {
    problem = sizeText(issue);
  } else if (issue.code === 'custom') {
    problem = issue.message;
  } else {
    // Codes none of these schemas raises ("invalid format", "invalid union"...): the code says more than zod's bare "Invalid input".
    problem = issue.code.replace(/_/g, ' ');
  }
  return `${path}: ${problem}`;
}

/** Units of a length limit, by the kind of value limited; a number has none. */
const SIZE_UNITS: Record<string, string> = {
  string: 'characters',
  array: 'items',
  set: 'items',
  map: 'entries',
  file: 'bytes',
};

/** A bound that was crossed, in the words zod's English locale used, e.g. `Too small: expected string to have >=1 characters`. */
function sizeText(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = small ? issue.minimum : issue.maximum;
  const relation = issue.exact ? 'exactly ' : `${small ? '>' : '<'}${issue.inclusive ? '=' : ''}`;
  const unit = SIZE_UNITS[issue.origin];
  const expectation = unit ? `to have ${relation}${bound} ${unit}` : `to be ${relation}${bound}`;
  return `Too ${small ? 'small' : 'big'}: expected ${issue.origin ?? 'value'} ${expectation}`;
}

/**
 * Parses `data` with `schema` or throws a {@link SchemaError} naming each failing field path,
 * e.g. `status response is not as expected: output.responses.0.replies.3.size: expected a number`.
 */
export function parseWith<S extends z.ZodMiniType>(schema: S, data: unknown, what: string): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw new SchemaError(what, result.error.issues.map(issueText));
}
