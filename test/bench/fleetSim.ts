/**
 * A fleet sweep in virtual time: N gateways started through the {@link FleetPacer} and polled by the real
 * {@link PollScheduler}, both inside one request budget, against the simulator's state (its fleet of
 * gateways, some offline or unknown; its fixed per-minute rate window, which answers 429 when spent).
 * Measures the busiest minute, the 429s, and when the last result was read, beside the budget's lower bound.
 */
import type { StatusResult } from '../../src/core/client';
import type { Clock } from '../../src/core/clock';
import { ApiError } from '../../src/core/errors';
import { FleetPacer, fleetLowerBoundMs } from '../../src/core/fleet';
import { PollScheduler } from '../../src/core/polling/scheduler';
import { parseRateLimit } from '../../src/core/rateLimit';
import { SimState } from '../simulator/state';
import { seededRandom, virtualClock } from './pollSim';

export interface FleetRunOptions {
  gateways?: number;
  requestsPerMinute?: number;
  pollShare?: number;
  latencyMs?: number;
  /** Sweep lengths are spread evenly over this range. */
  sweepMs?: [number, number];
  offlineShare?: number;
  unknownShare?: number;
  seed?: number;
}

export interface FleetRun {
  gateways: number;
  accepted: number;
  refused: number;
  starts: number;
  polls: number;
  /** Most requests (starts and polls) in any sliding 60 s. */
  busiestMinute: number;
  budgetPerMinute: number;
  rateLimited: number;
  startsDoneMs: number;
  firstResultMs: number;
  /** When the last sweep's end (or the last refusal) was known, from the first request. */
  finishedMs: number;
  lowerBoundMs: number;
  unfinished: number;
}

const MINUTE = 60_000;

/** Most of `times` (ascending) within any sliding 60 s. */
export function busiest(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= MINUTE) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

type Status = StatusResult['status'];

/** One fleet run: the simulator's state, the pacer, the poll scheduler, and what was sent when. */
class FleetHarness {
  readonly sends: number[] = [];
  readonly done = new Map<string, number>();
  readonly tasks = new Map<string, string>();
  readonly queue: string[];
  starts = 0;
  polls = 0;
  rateLimited = 0;
  startsDoneAt: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly sim: SimState;
  private readonly pacer: FleetPacer;
  private readonly scheduler: PollScheduler;
  private timer: unknown;

  constructor(
    readonly o: Required<FleetRunOptions>,
    clock: Clock,
  ) {
    this.clock = clock;
    this.startsDoneAt = clock.now();
    this.random = seededRandom(o.seed);
    const paths = { fleet: { offlineShare: o.offlineShare, unknownShare: o.unknownShare } };
    this.sim = new SimState({ now: () => clock.now(), rateLimit: { perMinute: o.requestsPerMinute }, paths });
    this.pacer = new FleetPacer({ requestsPerMinute: o.requestsPerMinute, pollShare: o.pollShare });
    this.queue = Array.from({ length: o.gateways }, (_, i) => `CNFLT${String(i).padStart(5, '0')}`);
    this.scheduler = new PollScheduler({
      clock,
      requestsPerMinute: o.requestsPerMinute,
      random: this.random,
      poll: (key) => this.poll(key),
    });
    this.scheduler.onUpdate((key, r) => {
      if ((r.status.status === 'COMPLETED' || r.status.status === 'FAILED') && !this.done.has(key))
        this.done.set(key, clock.now());
    });
  }

  begin(): void {
    this.pacer.enqueue(this.queue.length);
    this.pumpStarts();
  }

  dispose(): void {
    this.clock.clearTimeout(this.timer);
    this.scheduler.dispose();
  }

  /** One request's trip: counted by the server half-way, answered after the full round trip. */
  private trip<T>(serve: () => T): Promise<T> {
    return new Promise((resolve) => {
      let answer: T;
      this.clock.setTimeout(() => (answer = serve()), this.o.latencyMs / 2);
      this.clock.setTimeout(() => resolve(answer), this.o.latencyMs);
    });
  }

  /** The server counts a request in its window; true when the window was already spent (a 429). */
  private spent(): boolean {
    const budget = this.sim.takeRateBudget();
    this.pacer.noteServer(parseRateLimit(new Headers(budget.headers), this.clock.now()), this.clock.now());
    return budget.exceeded;
  }

  /** Every request is counted by the pacer, which then tells the scheduler what polls may spend. */
  private sent(kind: 'start' | 'poll'): void {
    const now = this.clock.now();
    this.sends.push(now);
    if (kind === 'start') this.pacer.startSent(now);
    else this.pacer.pollSent(now);
    this.scheduler.noteRateLimit(this.pacer.pollWindow(now));
  }

  private statusOf(key: string): Status {
    const task = this.sim.tasks.get(this.tasks.get(key)!)!;
    const elapsed = this.clock.now() - task.startedAt;
    const over = elapsed >= task.durationMs;
    return {
      status: over ? 'COMPLETED' : elapsed < 1000 ? 'INITIATED' : 'RUNNING',
      progressPercent: over ? 100 : Math.floor((100 * elapsed) / task.durationMs),
      startTime: new Date(task.startedAt).toISOString(),
      endTime: null,
      failReason: null,
      output: null,
    };
  }

  private async poll(key: string): Promise<StatusResult> {
    this.polls++;
    this.sent('poll');
    const status = await this.trip(() => (this.spent() ? undefined : this.statusOf(key)));
    if (!status) {
      this.rateLimited++;
      throw new ApiError('rateLimited', 'Rate limit reached (429)', { status: 429 });
    }
    return { status, rateLimit: {}, receivedAt: this.clock.now() };
  }

  private async startOne(serial: string): Promise<void> {
    this.starts++;
    this.sent('start');
    const answer = await this.trip(() => {
      if (this.spent()) return 'limited' as const;
      const state = this.sim.gatewayState(serial);
      if (state !== 'online') return state;
      const [shortest, longest] = this.o.sweepMs;
      return this.sim.addTask(serial, 'complete', { durationMs: shortest + this.random() * (longest - shortest) });
    });
    if (answer === 'limited') {
      this.rateLimited++;
      this.queue.push(serial);
      this.pacer.enqueue(1);
      this.pumpStarts();
    } else if (answer === 'offline' || answer === 'absent') this.done.set(serial, this.clock.now());
    else {
      this.tasks.set(serial, answer);
      this.scheduler.add(serial, {
        state: 'INITIATED',
        progressPercent: 0,
        startTime: new Date(this.clock.now()).toISOString(),
      });
    }
  }

  private pumpStarts(): void {
    this.clock.clearTimeout(this.timer);
    for (;;) {
      const now = this.clock.now();
      const at = this.pacer.nextStartAt(now);
      if (at === Infinity) return;
      if (at > now) {
        this.timer = this.clock.setTimeout(() => this.pumpStarts(), at - now);
        return;
      }
      void this.startOne(this.queue.shift()!);
      if (!this.pacer.pending) this.startsDoneAt = now;
    }
  }
}

/** Starts and tracks a fleet of sweeps until every one is known, or 60 virtual minutes. */
export async function runFleet(opts: FleetRunOptions = {}): Promise<FleetRun> {
  const o: Required<FleetRunOptions> = {
    gateways: 200,
    requestsPerMinute: 60,
    pollShare: 0.1,
    latencyMs: 200,
    sweepMs: [20_000, 60_000],
    offlineShare: 0.05,
    unknownShare: 0.02,
    seed: 3,
    ...opts,
  };
  const { fake, clock } = virtualClock();
  const t0 = clock.now();
  const h = new FleetHarness(o, clock);
  h.begin();
  while (h.done.size < o.gateways && fake.now < t0 + 60 * MINUTE) await fake.nextAsync();
  h.dispose();
  const accepted = h.tasks.size;
  const ends = [...h.done.values()];
  const rpm = o.requestsPerMinute;
  return {
    gateways: o.gateways,
    accepted,
    refused: o.gateways - accepted,
    starts: h.starts,
    polls: h.polls,
    busiestMinute: busiest(h.sends),
    budgetPerMinute: rpm,
    rateLimited: h.rateLimited,
    startsDoneMs: h.startsDoneAt - t0,
    firstResultMs: Math.min(...ends) - t0,
    finishedMs: Math.max(...ends) - t0,
    lowerBoundMs: fleetLowerBoundMs({
      gateways: o.gateways,
      accepted,
      requestsPerMinute: rpm,
      burst: Math.ceil(rpm / 6),
      shortestSweepMs: o.sweepMs[0],
    }),
    unfinished: o.gateways - h.done.size,
  };
}
