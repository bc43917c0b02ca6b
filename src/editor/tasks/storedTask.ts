import * as z from 'zod/mini';
import { validateSerial, validateTaskId } from '../../core/endpoints';
import type { SweepOutput } from '../../core/schemas';
import { TaskPauseReason, TaskState, TrackedTask } from '../../core/task';

// What the task store keeps in globalState, and how it reads it back: stored state may come from an older
// version or another window. A DTO checked by a versioned schema, and a mapper each way.

/** What a removal leaves under the task's key, so other windows drop the task instead of writing it back. */
export interface Tombstone {
  removedAt: number;
}

/** Tombstones older than this are forgotten. */
export const TOMBSTONE_MS = 30 * 24 * 3_600_000;

/**
 * The format written today; data without `format` is the first one, which had the same fields. Results once
 * lived inline (`output`); today they are kept in files and the entry says `resultStored`. Both read back,
 * and an older version of the extension reads today's entries too (it asks Central for the result again).
 */
export const STORED_TASK_FORMAT = 1;

const STATES: readonly TaskState[] = ['PENDING', 'INITIATED', 'RUNNING', 'COMPLETED', 'FAILED', 'NOT_FOUND'];
const PAUSES: readonly TaskPauseReason[] = ['credentials', 'forbidden', 'failures'];

/** A field where a value of another kind counts as absent, never as an error: one odd field loses no task. */
function lenient<T>(accept: (v: unknown) => v is T) {
  return z.optional(
    z.pipe(
      z.unknown(),
      z.transform((v): T | undefined => (accept(v) ? v : undefined)),
    ),
  );
}
const isText = (v: unknown): v is string => typeof v === 'string';
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    (values as readonly unknown[]).includes(v);
const valid = (check: (v: string) => string | undefined) => z.string().check(z.refine((v) => check(v) === undefined));

/** A stored task: what everything relies on is required, the rest is read leniently. */
const storedTaskSchema = z.looseObject({
  format: z.optional(z.literal(STORED_TASK_FORMAT)),
  serial: valid(validateSerial),
  taskId: valid(validateTaskId),
  baseUrl: z.string(),
  state: z.string(),
  addedAt: z.number().check(z.refine(Number.isFinite)),
  updatedAt: lenient(isTime),
  progressPercent: lenient(isTime),
  version: lenient(oneOf(['v1', 'v1alpha1'] as const)),
  destination: lenient(isText),
  startTime: lenient(isText),
  endTime: lenient(isText),
  failReason: lenient(isText),
  output: lenient(isObject),
  resultStored: lenient((v): v is boolean => typeof v === 'boolean'),
  lastPolledAt: lenient(isTime),
  problem: lenient(isText),
  note: lenient(isText),
  paused: lenient(oneOf(PAUSES)),
});
type StoredTaskDto = z.output<typeof storedTaskSchema>;

const tombstoneSchema = z.object({ removedAt: z.number() });

/**
 * What a stored value is: a task, a removal, or nothing this version can use. `inline` marks a task stored
 * with its result in it (the older format): the result is to move to its file.
 */
export type Stored = { task: TrackedTask; inline?: true } | { tombstone: Tombstone } | undefined;

export function readStored(value: unknown): Stored {
  const tombstone = tombstoneSchema.safeParse(value);
  if (tombstone.success) {
    return { tombstone: tombstone.data };
  }
  const dto = storedTaskSchema.safeParse(value);
  if (!dto.success) return undefined;
  const task = fromDto(dto.data);
  return task.output ? { task, inline: true } : { task };
}

export function isTombstone(value: unknown): value is Tombstone {
  return tombstoneSchema.safeParse(value).success;
}

/**
 * The value written for a task: everything but its result, which lives in a file (globalState is written
 * whole on every update, so it keeps only small entries). `resultStored` says there is one to read. With
 * `keepInline` (an older entry whose result is not in its file yet) the result stays in the entry.
 */
export function toStored(task: TrackedTask, keepInline = false): Omit<TrackedTask, 'output'> & { format: number } {
  if (keepInline) return { ...task, format: STORED_TASK_FORMAT }; // not in its file yet: it stays where it was
  const { output, resultStored, ...rest } = task;
  const stored = output !== undefined || resultStored === true;
  return { ...rest, ...(stored ? { resultStored: true } : {}), format: STORED_TASK_FORMAT };
}

function fromDto(dto: StoredTaskDto): TrackedTask {
  const { format: _format, state, output, ...rest } = dto;
  const task: TrackedTask = {
    ...rest,
    // A state a later version added reads as "not asked yet": the task is polled and finds its state.
    state: oneOf(STATES)(state) ? state : 'PENDING',
    progressPercent: dto.progressPercent ?? 0,
    updatedAt: dto.updatedAt ?? dto.addedAt,
    // Checked at the wire when Central sent it; here only its kind.
    output: output as SweepOutput | undefined,
  };
  for (const k of Object.keys(task) as Array<keyof TrackedTask>) {
    if (task[k] === undefined) delete task[k];
  }
  return task;
}

/**
 * A task as Track makes it: not asked yet, on the cluster chosen now. Only Track sets `addedAt`: it is the
 * task's tracking generation, which a removal is weighed against (see SharedTaskState).
 */
export function newTask(
  ref: { serial: string; taskId: string; version?: TrackedTask['version']; destination?: string },
  baseUrl: string,
  now: number,
): TrackedTask {
  const { serial, taskId, version, destination } = ref;
  return {
    serial,
    taskId,
    version,
    baseUrl,
    destination,
    state: 'PENDING',
    progressPercent: 0,
    addedAt: now,
    updatedAt: now,
  };
}

/** Equal but for bookkeeping times (undefined fields count as absent, as in storage). */
export function sameTask(a: TrackedTask, b: TrackedTask): boolean {
  const content = (t: TrackedTask) => JSON.stringify({ ...t, updatedAt: 0, lastPolledAt: 0 });
  return content(a) === content(b);
}
