/**
 * Scenario model of the Central simulator: what a task answers at a given instant. Everything here is a
 * pure function of the task and `now`, so tests and the virtual-time benchmark can move time freely.
 */
import { TaskPath, pathTimeouts } from './paths';

export type SimApiVersion = 'v1' | 'v1alpha1';

/** How a task behaves when its status is asked for. */
export type ScenarioName =
  | 'complete' // INITIATED, RUNNING with rising progress, then COMPLETED with an output
  | 'fail' // like complete, but ends FAILED with failReason and no output
  | 'notFound' // 404 (from the start, or after notFoundAfterMs)
  | 'rateLimited' // always 429 with Retry-After
  | 'serverError' // always 5xx (serverStatus, default 500)
  | 'slow' // like complete, but every answer is delayed by delayMs of real time
  | 'malformed' // 200 with a broken body (see `malformed`)
  | 'hang' // accepts the request and never answers
  | 'reset'; // sends headers and half a body, then destroys the socket

/** One scripted answer: a status code (200 = the scenario's normal answer), a fault, or a raw answer. */
export type ScriptStep =
  | number
  | 'reset'
  | 'hang'
  | 'html'
  | 'badJson'
  | 'schema'
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /**
   * A body of `bytes` bytes (Infinity: one that never ends), `chunk` repeated, written as fast as the client
   * reads it; stops by itself when the client goes away (or after 256 MiB).
   */
  | {
      status: number;
      flood: { bytes: number; chunk?: string; contentLength?: number };
      headers?: Record<string, string>;
    };

/** Body of `POST .../pingSweep`. */
export interface SweepParams {
  destination: string;
  startPacketSize: number;
  endPacketSize: number;
  sweepInterval: number;
  count: number;
}

/** Options of one simulated task. Every field has a default. */
export interface TaskOptions {
  /** Fixed id (a UUID); random by default. */
  taskId?: string;
  params?: Partial<SweepParams>;
  /** When the task started, in the simulator's `now()` ms; default: when it is added. */
  startedAt?: number;
  /** Time from start to the final state (complete, fail, slow). Default 20000 (fail: 5000). */
  durationMs?: number;
  /** Sizes at or above this time out in every cycle. */
  timeoutFromSize?: number;
  /** Base round-trip time of the destination; default 12. */
  baseRttMs?: number;
  /** fail: the reason reported. */
  failReason?: string;
  /** fail: progress reached when it fails. Default 40. */
  failAtPercent?: number;
  /** slow: real delay before each answer. Default 1000. */
  delayMs?: number;
  /** malformed: which kind of broken body. Default 'schema'. */
  malformed?: 'schema' | 'badJson' | 'html';
  /** serverError: the status. Default 500. */
  serverStatus?: number;
  /** rateLimited: Retry-After in seconds. Default 30. */
  retryAfterS?: number;
  /** notFound: answer normally until this long after start. Default 0 (never found). */
  notFoundAfterMs?: number;
  /** Send output numbers as JSON numbers instead of Central's strings. */
  numbersAsNumbers?: boolean;
  /** Name shown by list-tasks; only `pingSweep` tasks are served by the ping-sweep status path. */
  testName?: string;
  /** Answers to the next status requests, consumed one per request before the scenario applies. */
  script?: ScriptStep[];
  /** The network path the sweep meets (MTU, loss, reachability); set at start from the `paths` option. */
  path?: TaskPath;
}

/** A task held by the simulator. */
export interface SimTask {
  serial: string;
  taskId: string;
  scenario: ScenarioName;
  opts: TaskOptions;
  params: SweepParams;
  startedAt: number;
  durationMs: number;
  testName: string;
  script: ScriptStep[];
  /** Insertion order, to list newest first among equal start times. */
  seq: number;
}

export const DEFAULT_PARAMS: SweepParams = {
  destination: '1.1.1.1',
  startPacketSize: 100,
  endPacketSize: 1500,
  sweepInterval: 100,
  count: 5,
};

/** ISO time without milliseconds, as Central writes it. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Small deterministic PRNG so outputs are stable per task id. */
function seededRandom(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return () => {
    h = (h + 0x6d2b79f5) | 0;
    let t = Math.imul(h ^ (h >>> 15), 1 | h);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The packet sizes of a sweep, start..end by step. */
export function sweepSizes(p: SweepParams): number[] {
  const sizes: number[] = [];
  for (let s = p.startPacketSize; s <= p.endPacketSize; s += p.sweepInterval) sizes.push(s);
  return sizes;
}

function formatRate(rate: number): string {
  return Number.isInteger(rate) ? String(rate) : rate.toFixed(2).replace(/0+$/, '');
}

/** A realistic completed output: `count` cycles over all sizes, RTT summary, success rate. */
export function buildOutput(task: SimTask): Record<string, unknown> {
  const num = (n: number, digits = 0): string | number =>
    task.opts.numbersAsNumbers ? Number(n.toFixed(digits)) : digits ? n.toFixed(digits) : String(n);
  const random = seededRandom(task.taskId);
  const onPath = pathTimeouts(task.opts.path);
  const base = task.opts.baseRttMs ?? 12;
  const sizes = sweepSizes(task.params);
  const rtts: number[] = [];
  const responses: unknown[] = [];
  let requestId = 0;
  for (let cycle = 1; cycle <= task.params.count; cycle++) {
    const replies = sizes.map((size) => {
      requestId++;
      const timedOut = (task.opts.timeoutFromSize !== undefined && size >= task.opts.timeoutFromSize) || onPath(size);
      if (!timedOut) rtts.push(base + size * 0.002 + random() * 0.5);
      return { requestId: num(requestId), size: num(size), timedOut };
    });
    responses.push({ count: num(cycle), replies });
  }
  const sent = requestId;
  const received = rtts.length;
  const rtt = (n: number | undefined) => (n === undefined ? null : num(n, 3));
  const rate = formatRate((received / sent) * 100);
  return {
    destination: task.params.destination,
    successRate: task.opts.numbersAsNumbers ? Number(rate) : rate,
    transmittedPacketsCount: num(sent),
    receivedPacketsCount: num(received),
    minimumRoundTripTimeMilliseconds: rtt(received ? Math.min(...rtts) : undefined),
    averageRoundTripTimeMilliseconds: rtt(received ? rtts.reduce((a, b) => a + b, 0) / received : undefined),
    maximumRoundTripTimeMilliseconds: rtt(received ? Math.max(...rtts) : undefined),
    responses,
  };
}

/** The 200 status body of a complete/fail/slow task at `now`; its times on a clock `clockOffsetMs` ahead. */
export function statusBody(task: SimTask, now: number, clockOffsetMs = 0): Record<string, unknown> {
  const elapsed = now - task.startedAt;
  const initiatedMs = Math.min(1000, task.durationMs / 10);
  const body = {
    status: 'RUNNING',
    progressPercent: 0,
    startTime: isoSeconds(task.startedAt + clockOffsetMs),
    endTime: null as string | null,
    failReason: null as string | null,
    output: null as Record<string, unknown> | null,
  };
  const failing = task.scenario === 'fail';
  const ceiling = failing ? (task.opts.failAtPercent ?? 40) : 100;
  if (elapsed < initiatedMs) return { ...body, status: 'INITIATED' };
  if (elapsed < task.durationMs) {
    return { ...body, progressPercent: Math.min(ceiling - 1, Math.floor((elapsed / task.durationMs) * ceiling)) };
  }
  const endTime = isoSeconds(task.startedAt + task.durationMs + clockOffsetMs);
  if (failing) {
    return {
      ...body,
      status: 'FAILED',
      progressPercent: ceiling,
      endTime,
      failReason: task.opts.failReason ?? 'Gateway did not respond to the ping request',
    };
  }
  return { ...body, status: 'COMPLETED', progressPercent: 100, endTime, output: buildOutput(task) };
}

/**
 * A 200 body that passes as JSON but breaks the schema: a status that is not text, the one field the client
 * cannot do without (any other odd field only degrades that field).
 */
export function schemaBreakingBody(task: SimTask, now: number): Record<string, unknown> {
  const done = statusBody({ ...task, scenario: 'complete', startedAt: now - task.durationMs }, now);
  return { ...done, status: 4 };
}
