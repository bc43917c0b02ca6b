/**
 * The state of a fleet sweep, small and serializable so the group survives a window reload: its sweep
 * parameters (the destination among them), and for each gateway whether its start waits, is on its way, was
 * accepted (the task's key) or refused (the kind and words). Checked with a versioned zod schema when read back.
 */
import * as z from 'zod/mini';
import { API_VERSIONS, type ApiVersion, validateSerial } from '../endpoints';
import { InputError } from '../errors';
import { SchemaError, parseWith, startSweepRequestSchema, type StartSweepRequest } from '../schemas';
import { MAX_SERIALS } from '../serialList';
import { validateStartRequest } from '../startParams';
import { parseTaskKey } from '../task';
import type { FleetMember } from './rows';

/** The version of {@link FleetState} this code writes. */
export const FLEET_STATE_VERSION = 1;

/** Why a gateway's sweep did not start. */
export const REFUSAL_KINDS = [
  'offline', // 409
  'unknown', // 404
  'forbidden', // 403
  'badRequest', // 400
  'unauthorized', // 401: no start after it is tried
  'rateLimited', // 429, still after a few waits
  'error', // anything else: network, timeout, server error
  'cancelled', // the fleet was stopped first
  'interrupted', // the window closed while its start was on its way
] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

export interface FleetRefusal {
  kind: RefusalKind;
  /** For the user, one sentence (`describeStartFailure`). */
  message: string;
}

/** One gateway of a fleet. */
export type FleetEntry =
  | { serial: string; status: 'waiting' }
  | { serial: string; status: 'sending' }
  | { serial: string; status: 'started'; taskKey: string; version: ApiVersion; startTime: string | null }
  | { serial: string; status: 'refused'; refusal: FleetRefusal };

export interface FleetState {
  version: typeof FLEET_STATE_VERSION;
  /** The group's own id, given by the caller (unique among its fleets). */
  id: string;
  /** Epoch ms. */
  createdAt: number;
  /** The sweep every gateway runs; `params.destination` names the group. */
  params: StartSweepRequest;
  entries: FleetEntry[];
}

const serialSchema = z.string().check(z.refine((s) => validateSerial(s) === undefined, 'not a gateway serial'));
const entrySchema = z.discriminatedUnion('status', [
  z.object({ serial: serialSchema, status: z.literal('waiting') }),
  z.object({ serial: serialSchema, status: z.literal('sending') }),
  z.object({
    serial: serialSchema,
    status: z.literal('started'),
    taskKey: z.string().check(z.refine((k) => parseTaskKey(k) !== undefined, 'not a task key')),
    version: z.enum(API_VERSIONS),
    startTime: z.nullable(z.string()),
  }),
  z.object({
    serial: serialSchema,
    status: z.literal('refused'),
    refusal: z.object({ kind: z.enum(REFUSAL_KINDS), message: z.string().check(z.maxLength(2000)) }),
  }),
]);

const fleetStateSchema = z.object({
  version: z.literal(FLEET_STATE_VERSION),
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  createdAt: z.number(),
  params: startSweepRequestSchema,
  entries: z.array(entrySchema).check(z.minLength(1), z.maxLength(MAX_SERIALS)),
});

/** A new fleet: every gateway waits for its start. Throws an {@link InputError} that says what is expected. */
export function createFleetState(o: {
  id: string;
  serials: readonly string[];
  params: StartSweepRequest;
  now: number;
}): FleetState {
  if (!o.serials.length) throw new InputError('Give at least one gateway serial.');
  if (o.serials.length > MAX_SERIALS)
    throw new InputError(`At most ${MAX_SERIALS} gateways can be swept at once; ${o.serials.length} were given.`);
  const bad = o.serials.find((s) => validateSerial(s) !== undefined);
  if (bad !== undefined)
    throw new InputError(`"${String(bad).slice(0, 40)}" is not a gateway serial: ${validateSerial(bad)}`);
  if (new Set(o.serials).size !== o.serials.length) throw new InputError('Each gateway may be given once.');
  const problem = validateStartRequest(o.params);
  if (problem) throw new InputError(problem);
  const entries = o.serials.map((serial): FleetEntry => ({ serial, status: 'waiting' }));
  return { version: FLEET_STATE_VERSION, id: o.id, createdAt: o.now, params: { ...o.params }, entries };
}

/** What a start on its way when the window closed has become: it may have started, nobody knows. */
export const INTERRUPTED: FleetRefusal = {
  kind: 'interrupted',
  message:
    "The window closed while its start was on its way, so it may have started: look in the gateway's recent tasks.",
};

/**
 * A fleet state read back (from globalState or a file): checked field by field. A start that was on its way
 * becomes `interrupted` (never sent again: it may have started). Never throws.
 */
export function parseFleetState(value: unknown): { state: FleetState } | { error: string } {
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > FLEET_STATE_VERSION) {
    return { error: `The fleet was saved by a newer version of the extension (format ${version}).` };
  }
  let state: FleetState;
  try {
    state = parseWith(fleetStateSchema, value, 'The saved fleet');
  } catch (err) {
    return { error: err instanceof SchemaError ? err.message : String(err) };
  }
  if (new Set(state.entries.map((e) => e.serial)).size !== state.entries.length) {
    return { error: 'The saved fleet is not as expected: a gateway is listed twice.' };
  }
  state.entries = state.entries.map((e) =>
    e.status === 'sending' ? { serial: e.serial, status: 'refused', refusal: { ...INTERRUPTED } } : e,
  );
  return { state };
}

/** What the fleet table needs of a tracked task (see `rows.ts`). */
export type FleetTask = NonNullable<FleetMember['task']>;

/**
 * The fleet's gateways for the fleet table: each started one with its tracked task (looked up by key; one no
 * longer tracked shows as not found), each refused one with why, each waiting one as waiting.
 */
export function fleetMembers(state: FleetState, taskOf: (key: string) => FleetTask | undefined): FleetMember[] {
  return state.entries.map((e): FleetMember => {
    switch (e.status) {
      case 'started': {
        const task = taskOf(e.taskKey);
        const taskId = parseTaskKey(e.taskKey)?.taskId ?? '';
        return {
          serial: e.serial,
          task: task ?? { taskId, state: 'NOT_FOUND', progressPercent: 100, failReason: 'No longer tracked.' },
        };
      }
      case 'refused':
        return { serial: e.serial, refused: e.refusal.message };
      case 'sending':
        return { serial: e.serial, waiting: 'Its start is on its way.' };
      default:
        return { serial: e.serial, waiting: 'Waiting for its turn in the request budget.' };
    }
  });
}
