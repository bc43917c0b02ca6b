/**
 * A fleet sweep in virtual time: N gateways started through the {@link FleetPacer} and polled by the real
 * {@link PollScheduler}, both inside one request budget, against the simulator's state (its fleet of
 * gateways, some offline or unknown; its fixed per-minute rate window, which answers 429 when spent).
 * Measures the busiest minute, the 429s, and when the last result was read, beside the budget's lower bound.
 */
import type { StatusResult } from '../../src/core/client';
import { ApiError } from '../../src/core/errors';
import { FleetPacer, fleetLowerBoundMs } from '../../src/core/fleet';
import { PollScheduler } from '../../src/core/poller';
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

function busiest(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= MINUTE) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Starts and tracks a fleet of sweeps until every one is known, or 60 virtual minutes. */
export async function runFleet(o: FleetRunOptions = {}): Promise<FleetRun> {
  const n = o.gateways ?? 200;
  const rpm = o.requestsPerMinute ?? 60;
  const latency = o.latencyMs ?? 200;
  const [shortest, longest] = o.sweepMs ?? [20_000, 60_000];
  const { fake, clock } = virtualClock();
  const t0 = clock.now();
  const random = seededRandom(o.seed ?? 3);
  const paths = { fleet: { offlineShare: o.offlineShare ?? 0.05, unknownShare: o.unknownShare ?? 0.02 } };
  const sim = new SimState({ now: () => clock.now(), rateLimit: { perMinute: rpm }, paths });
  const pacer = new FleetPacer({ requestsPerMinute: rpm, pollShare: o.pollShare });
  const sends: number[] = [];
  const serials = Array.from({ length: n }, (_, i) => `CNFLT${String(i).padStart(5, '0')}`);
  const done = new Map<string, number>();
  const tasks = new Map<string, string>();
  let starts = 0;
  let polls = 0;
  let rateLimited = 0;
  let startsDoneAt = t0;

  /** One request's trip: counted by the server half-way, answered after the full round trip. */
  const trip = <T>(serve: () => T): Promise<T> =>
    new Promise((resolve) => {
      let answer: T;
      clock.setTimeout(() => (answer = serve()), latency / 2);
      clock.setTimeout(() => resolve(answer), latency);
    });
  const serverWindow = () => {
    const budget = sim.takeRateBudget();
    const info = parseRateLimit(new Headers(budget.headers), clock.now());
    pacer.noteServer(info, clock.now());
    return budget.exceeded;
  };
  let scheduler: PollScheduler;
  const sent = (kind: 'start' | 'poll') => {
    const now = clock.now();
    sends.push(now);
    if (kind === 'start') pacer.startSent(now);
    else pacer.pollSent(now);
    scheduler.noteRateLimit(pacer.pollWindow(now));
  };

  scheduler = new PollScheduler({
    clock,
    requestsPerMinute: rpm,
    random,
    poll: (key: string): Promise<StatusResult> => {
      polls++;
      sent('poll');
      return trip(() => {
        if (serverWindow()) return undefined;
        const task = sim.tasks.get(tasks.get(key)!)!;
        const elapsed = clock.now() - task.startedAt;
        const over = elapsed >= task.durationMs;
        const status = over ? 'COMPLETED' : elapsed < 1000 ? 'INITIATED' : 'RUNNING';
        const progressPercent = over ? 100 : Math.floor((100 * elapsed) / task.durationMs);
        return { status, progressPercent, startTime: new Date(task.startedAt).toISOString(), endTime: null, failReason: null, output: null } as const;
      }).then((status) => {
        if (!status) {
          rateLimited++;
          throw new ApiError('rateLimited', 'Rate limit reached (429)', { status: 429 });
        }
        return { status, rateLimit: {}, receivedAt: clock.now() };
      });
    },
  });
  scheduler.onUpdate((key, r) => {
    if ((r.status.status === 'COMPLETED' || r.status.status === 'FAILED') && !done.has(key)) done.set(key, clock.now());
  });

  const queue = [...serials];
  const startOne = (serial: string) => {
    starts++;
    sent('start');
    void trip(() => {
      if (serverWindow()) return 'limited' as const;
      const state = sim.gatewayState(serial);
      if (state !== 'online') return state;
      return sim.addTask(serial, 'complete', { durationMs: shortest + random() * (longest - shortest) });
    }).then((answer) => {
      if (answer === 'limited') {
        rateLimited++;
        queue.push(serial);
        pacer.enqueue(1);
        pumpStarts();
      } else if (answer === 'offline' || answer === 'absent') done.set(serial, clock.now());
      else {
        tasks.set(serial, answer);
        scheduler.add(serial, { state: 'INITIATED', progressPercent: 0, startTime: new Date(clock.now()).toISOString() });
      }
    });
  };
  let timer: unknown;
  const pumpStarts = (): void => {
    clock.clearTimeout(timer);
    for (;;) {
      const now = clock.now();
      const at = pacer.nextStartAt(now);
      if (at === Infinity) return;
      if (at > now) {
        timer = clock.setTimeout(pumpStarts, at - now);
        return;
      }
      startOne(queue.shift()!);
      if (!pacer.pending) startsDoneAt = now;
    }
  };
  pacer.enqueue(n);
  pumpStarts();
  while (done.size < n && fake.now < t0 + 60 * MINUTE) await fake.nextAsync();
  scheduler.dispose();
  const accepted = tasks.size;
  const ends = [...done.values()];
  return {
    gateways: n,
    accepted,
    refused: n - accepted,
    starts,
    polls,
    busiestMinute: busiest(sends),
    budgetPerMinute: rpm,
    rateLimited,
    startsDoneMs: startsDoneAt - t0,
    firstResultMs: Math.min(...ends) - t0,
    finishedMs: Math.max(...ends) - t0,
    lowerBoundMs: fleetLowerBoundMs({ gateways: n, accepted, requestsPerMinute: rpm, burst: Math.ceil(rpm / 6), shortestSweepMs: shortest }),
    unfinished: n - done.size,
  };
}
