/**
 * Virtual-time harness for the poller: runs the real {@link PollScheduler} on a fake clock
 * against a model of one sweep, side by side with the blind strategies of the peers, and reports requests
 * sent until the end was seen, detection delay (end seen minus real end) and whether the strategy gave up.
 * No real waiting: a 15-minute sweep takes milliseconds. Used by the unit tests, and meant for `npm run bench`.
 */
import * as FakeTimers from '@sinonjs/fake-timers';
import type { StatusResult } from '../../src/core/client';
import { ApiError } from '../../src/core/errors';
import { type Clock, clockOffsetFrom } from '../../src/core/clock';
import { PollScheduler } from '../../src/core/polling/scheduler';
import type { PollOptions } from '../../src/core/polling/timing';
import type { TaskStatus } from '../../src/core/schemas';

/** How progress rises: evenly, in uneven jumps, or after sitting at 0 (INITIATED) for the first quarter. */
export type ProgressShape = 'even' | 'jumps' | 'stuck';

export interface SweepScenario {
  name: string;
  lengthMs: number;
  shape: ProgressShape;
  /** Overrides `shape`: what the server reports at fraction `x` (0 <= x < 1) of the sweep. */
  model?: (x: number) => { status: TaskStatus; progressPercent: number };
}

export const SWEEP_LENGTHS_MS = [3_000, 15_000, 60_000, 300_000, 900_000] as const;
export const SHAPES: readonly ProgressShape[] = ['even', 'jumps', 'stuck'];

/** The 15 scenarios of the timing targets: every length with every shape. */
export function sweepScenarios(): SweepScenario[] {
  return SHAPES.flatMap((shape) =>
    SWEEP_LENGTHS_MS.map((lengthMs) => ({ name: `${label(lengthMs)} ${shape}`, lengthMs, shape })),
  );
}

function label(ms: number): string {
  return ms < 60_000 ? `${ms / 1000} s` : `${ms / 60_000} min`;
}

/** Jumps at uneven moments to uneven values, fixed before any tuning; the last 10% of time sits at 90%. */
const JUMPS: ReadonlyArray<[number, number]> = [
  [0.15, 10],
  [0.3, 40],
  [0.55, 50],
  [0.7, 80],
  [0.9, 90],
];
const STUCK_FRACTION = 0.25;

/** What the server reports `elapsedMs` after the sweep began. Progress is a whole percent, as Central sends. */
export function sweepStateAt(s: SweepScenario, elapsedMs: number): { status: TaskStatus; progressPercent: number } {
  if (elapsedMs >= s.lengthMs) return { status: 'COMPLETED', progressPercent: 100 };
  const x = Math.max(0, elapsedMs) / s.lengthMs;
  if (s.model) return s.model(x);
  if (s.shape === 'even') return { status: 'RUNNING', progressPercent: Math.floor(100 * x) };
  if (s.shape === 'jumps') {
    const reached = JUMPS.filter(([at]) => x >= at);
    return { status: 'RUNNING', progressPercent: reached.length ? reached[reached.length - 1][1] : 0 };
  }
  if (x < STUCK_FRACTION) return { status: 'INITIATED', progressPercent: 0 };
  return { status: 'RUNNING', progressPercent: Math.floor((100 * (x - STUCK_FRACTION)) / (1 - STUCK_FRACTION)) };
}

/**
 * Sweeps unlike the 15 above, to check that the poller is not tuned to them: ping-by-ping sweeps where large
 * sizes time out (progress slows 3x on each cycle's tail), per-cycle progress of uneven cycles, accelerating
 * and decelerating progress, and other stuck fractions, up to a wait 19 times the run (the poller assumes a
 * run of at least 1/20 of the wait; see `initiatedRunShare`). Seeded, so the set is the same on every run.
 */
export function robustnessScenarios(lengths: readonly number[] = SWEEP_LENGTHS_MS): SweepScenario[] {
  const out: SweepScenario[] = [];
  const shapes: Array<[string, (x: number) => { status: TaskStatus; progressPercent: number }]> = [
    ['accelerating', (x) => running(100 * x ** 1.5)],
    ['decelerating', (x) => running(100 * Math.sqrt(x))],
    ['stuck 10%', (x) => stuckThenEven(x, 0.1)],
    ['stuck 60%', (x) => stuckThenEven(x, 0.6)],
    ['stuck 90%', (x) => stuckThenEven(x, 0.9)],
    ['stuck 95%', (x) => stuckThenEven(x, 0.95)],
    [
      'stuck 50%, 2 cycles',
      (x) => (x < 0.5 ? { status: 'INITIATED', progressPercent: 0 } : running(x < 0.75 ? 0 : 50)),
    ],
    ['pings 10x5, 3 lost', pingSweep(10, 5, 3)],
    ['pings 20x5, 12 lost', pingSweep(20, 5, 12)],
    ['pings 25x4, none lost', pingSweep(25, 4, 0)],
  ];
  for (let seed = 1; seed <= 4; seed++) shapes.push([`cycles #${seed}`, unevenCycles(seededRandom(seed))]);
  for (const lengthMs of lengths) {
    for (const [name, model] of shapes)
      out.push({ name: `${label(lengthMs)} ${name}`, lengthMs, shape: 'even', model });
  }
  return out;
}

/**
 * Sweeps that break the INITIATED prior: a wait 49 and 199 times as long as the run. Their end may be seen
 * late, by at most about twice the target.
 */
export function beyondPriorScenarios(lengths: readonly number[] = SWEEP_LENGTHS_MS): SweepScenario[] {
  const shapes: Array<[string, number]> = [
    ['stuck 98%', 0.98],
    ['stuck 99.5%', 0.995],
  ];
  return lengths.flatMap((lengthMs) =>
    shapes.map(([name, stuck]) => ({
      name: `${label(lengthMs)} ${name}`,
      lengthMs,
      shape: 'even' as const,
      model: (x: number) => stuckThenEven(x, stuck),
    })),
  );
}

function running(percent: number): { status: TaskStatus; progressPercent: number } {
  return { status: 'RUNNING', progressPercent: Math.min(99, Math.floor(percent)) };
}

function stuckThenEven(x: number, stuck: number): { status: TaskStatus; progressPercent: number } {
  return x < stuck ? { status: 'INITIATED', progressPercent: 0 } : running((100 * (x - stuck)) / (1 - stuck));
}

/** `sizes` x `cycles` pings, the largest `lost` sizes of each cycle time out and take 3 times as long. */
function pingSweep(sizes: number, cycles: number, lost: number) {
  const cost = Array.from({ length: sizes * cycles }, (_, i) => (i % sizes >= sizes - lost ? 3 : 1));
  const total = cost.reduce((a, b) => a + b, 0);
  return (x: number) => {
    let spent = 0;
    let done = 0;
    while (done < cost.length && spent + cost[done] <= x * total) spent += cost[done++];
    return running((100 * done) / cost.length);
  };
}

/** 2 to 6 cycles of random length (0.5x to 1.5x); progress is reported once per finished cycle. */
function unevenCycles(random: () => number) {
  const n = 2 + Math.floor(random() * 5);
  const lengths = Array.from({ length: n }, () => 0.5 + random());
  const sum = lengths.reduce((a, b) => a + b, 0);
  let acc = 0;
  const ends = lengths.map((l) => (acc += l / sum));
  return (x: number) => running((100 * ends.filter((e) => x >= e).length) / n);
}

export type StrategyName = 'ours' | 'fixed 5 s x 5' | 'fixed 1 s' | 'fixed 5 s';
export const STRATEGIES: readonly StrategyName[] = ['ours', 'fixed 5 s x 5', 'fixed 1 s', 'fixed 5 s'];

export interface SweepRun {
  scenario: string;
  lengthMs: number;
  strategy: StrategyName;
  /** Requests sent until the end was seen (or until the strategy gave up / the horizon). */
  requests: number;
  /** End seen (answer received) minus real end; null when never seen. */
  detectionDelayMs: number | null;
  gaveUp: boolean;
}

export interface SimOptions {
  /** Round trip of every request; the server reads the task's state half-way. Default 200 ms. */
  latencyMs?: number;
  /** How long after the real end to keep waiting before calling it a miss. Default 60 min. */
  graceMs?: number;
  /** Tuning of our poller, to explore alternatives. */
  timing?: Partial<PollOptions>;
  /** Seed of the jitter source. */
  seed?: number;
  /**
   * Tracking (and the peers' polling) begins this long after the task was created, as the 202 reaches the
   * editor a moment after the gateway took the task. Moves every strategy's polls off the sweep's grid.
   * Default 250 ms.
   */
  trackDelayMs?: number;
  /** How far Central's clock is ahead of ours (negative: behind); shifts the `startTime` it reports. Default 0. */
  serverClockOffsetMs?: number;
}

/** Deterministic [0, 1) numbers (mulberry32), so that every run of the bench prints the same figures. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EPOCH = Date.UTC(2025, 8, 18, 10, 0, 0);

/** A fake clock and the {@link Clock} view of it that the scheduler takes. */
export function virtualClock(start = EPOCH): { fake: FakeTimers.Clock; clock: Clock } {
  const fake = FakeTimers.createClock(start);
  const clock: Clock = {
    now: () => fake.now,
    setTimeout: (fn, ms) => fake.setTimeout(fn, ms),
    clearTimeout: (h) => fake.clearTimeout(h as FakeTimers.TimerId),
  };
  return { fake, clock };
}

/**
 * A status endpoint for one modelled sweep begun at `t0`, answering after `latencyMs` of virtual time. Central's
 * clock is `offsetMs` ahead of ours: its times, and the Date header the client reads, are on that clock.
 */
function modelEndpoint(s: SweepScenario, clock: Clock, t0: number, latencyMs: number, startTime: string, offsetMs = 0) {
  return (signal?: AbortSignal): Promise<StatusResult> =>
    new Promise((resolve, reject) => {
      const sentAt = clock.now();
      const state = sweepStateAt(s, sentAt + latencyMs / 2 - t0);
      const date = new Date(sentAt + latencyMs / 2 + offsetMs).toUTCString();
      const handle = clock.setTimeout(() => {
        const done = state.status === 'COMPLETED';
        resolve({
          status: {
            ...state,
            startTime,
            endTime: done ? new Date(t0 + s.lengthMs + offsetMs).toISOString() : null,
            failReason: null,
            output: null,
          },
          rateLimit: {},
          receivedAt: clock.now(),
          // As the client reads it from the answer's Date header.
          serverClockOffsetMs: clockOffsetFrom(date, sentAt, clock.now()),
        });
      }, latencyMs);
      signal?.addEventListener('abort', () => {
        clock.clearTimeout(handle);
        reject(new ApiError('aborted', 'aborted'));
      });
    });
}

/** Runs the fake clock until `done()` or until no timer is left or the horizon has passed. */
async function runUntil(fake: FakeTimers.Clock, done: () => boolean, horizon: number): Promise<void> {
  while (!done() && fake.now <= horizon && fake.countTimers() > 0) await fake.nextAsync();
}

/** One sweep, one strategy, in virtual time. */
export async function runSweep(s: SweepScenario, strategy: StrategyName, opts: SimOptions = {}): Promise<SweepRun> {
  const latencyMs = opts.latencyMs ?? 200;
  const { fake, clock } = virtualClock();
  const t0 = clock.now();
  fake.tick(opts.trackDelayMs ?? 250);
  // Central's clock may differ from ours: its start time then reads early or late by as much.
  const startTime = new Date(t0 + (opts.serverClockOffsetMs ?? 0)).toISOString();
  const endpoint = modelEndpoint(s, clock, t0, latencyMs, startTime, opts.serverClockOffsetMs);
  const horizon = t0 + s.lengthMs + (opts.graceMs ?? 60 * 60_000);
  let requests = 0;
  let seenAt: number | undefined;
  let gaveUp = false;
  if (strategy === 'ours') {
    const scheduler = new PollScheduler({
      clock,
      random: seededRandom(opts.seed ?? 1),
      timing: opts.timing,
      poll: (_key, signal) => {
        requests++;
        return endpoint(signal);
      },
    });
    scheduler.onUpdate((_key, r) => {
      if (r.status.status === 'COMPLETED' && seenAt === undefined) seenAt = clock.now();
    });
    scheduler.onStop((_key, reason) => {
      if (reason !== 'final') gaveUp = true;
    });
    // As the editor does after a start: the 202 said INITIATED with the start time.
    scheduler.add('task', { state: 'INITIATED', progressPercent: 0, startTime });
    await runUntil(fake, () => seenAt !== undefined || gaveUp, horizon);
    scheduler.dispose();
  } else {
    const intervalMs = strategy === 'fixed 1 s' ? 1_000 : 5_000;
    const tries = strategy === 'fixed 5 s x 5' ? 5 : Infinity;
    // One request every interval, the first after one interval (pycentral sleeps, then asks).
    let tick = 0;
    const next = () => {
      tick++;
      clock.setTimeout(() => {
        if (seenAt !== undefined || gaveUp) return;
        requests++;
        const last = tick >= tries;
        void endpoint().then((r) => {
          if (r.status.status === 'COMPLETED' && seenAt === undefined) seenAt = clock.now();
          else if (last && seenAt === undefined) gaveUp = true;
        });
        if (!last) next();
      }, intervalMs);
    };
    next();
    await runUntil(fake, () => seenAt !== undefined || gaveUp, horizon);
  }
  const detectionDelayMs = seenAt === undefined ? null : seenAt - (t0 + s.lengthMs);
  return {
    scenario: s.name,
    lengthMs: s.lengthMs,
    strategy,
    requests,
    detectionDelayMs,
    gaveUp: gaveUp || seenAt === undefined,
  };
}

/** The detection-delay target for a sweep of this length: max(1 s, 5% of it). */
export function detectionTarget(lengthMs: number): number {
  return Math.max(1_000, 0.05 * lengthMs);
}

/** Every scenario with every strategy. */
export async function runSweepBench(opts: SimOptions = {}): Promise<SweepRun[]> {
  const runs: SweepRun[] = [];
  for (const s of sweepScenarios()) {
    for (const strategy of STRATEGIES) runs.push(await runSweep(s, strategy, opts));
  }
  return runs;
}

/** Totals per strategy: requests over all scenarios, misses of the detection target, give-ups. */
export function summarize(
  runs: SweepRun[],
): Record<StrategyName, { requests: number; overTarget: number; gaveUp: number; worstDelayShare: number }> {
  const out = {} as Record<
    StrategyName,
    { requests: number; overTarget: number; gaveUp: number; worstDelayShare: number }
  >;
  for (const name of STRATEGIES) {
    const mine = runs.filter((r) => r.strategy === name);
    out[name] = {
      requests: mine.reduce((n, r) => n + r.requests, 0),
      overTarget: mine.filter((r) => r.detectionDelayMs === null || r.detectionDelayMs > detectionTarget(r.lengthMs))
        .length,
      gaveUp: mine.filter((r) => r.gaveUp).length,
      // Worst delay as a share of its target: <= 1 meets the target everywhere.
      worstDelayShare: Math.max(
        ...mine.map((r) => (r.detectionDelayMs === null ? Infinity : r.detectionDelayMs / detectionTarget(r.lengthMs))),
      ),
    };
  }
  return out;
}

/** A plain-text table: one row per scenario, requests / delay per strategy. */
export function formatSweepTable(runs: SweepRun[]): string {
  const head = ['scenario', 'target', ...STRATEGIES.map((s) => `${s}: req / delay`)];
  const rows = sweepScenarios().map((s) => [
    s.name,
    `${(detectionTarget(s.lengthMs) / 1000).toFixed(1)} s`,
    ...STRATEGIES.map((name) => {
      const r = runs.find((x) => x.scenario === s.name && x.strategy === name);
      if (!r) return '-';
      return `${r.requests} / ${r.detectionDelayMs === null ? 'gave up' : `${(r.detectionDelayMs / 1000).toFixed(1)} s`}`;
    }),
  ]);
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
