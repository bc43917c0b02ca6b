import { strict as assert } from 'node:assert';
import type { StatusResult } from '../../src/core/client';
import { ApiError } from '../../src/core/errors';
import { PollScheduler } from '../../src/core/polling/scheduler';
import type { PollSchedulerOptions } from '../../src/core/polling/parts';
import type { StopReason } from '../../src/core/polling/timing';
import type { RateLimitInfo } from '../../src/core/rateLimit';
import type { TaskStatus } from '../../src/core/schemas';
import { virtualClock } from '../bench/pollSim';

const S = 1000;
const MIN = 60 * S;

type Answer = { status?: TaskStatus; progress?: number; rateLimit?: RateLimitInfo } | ApiError;

function ok(status: TaskStatus, progress = 0, rateLimit: RateLimitInfo = {}): Answer {
  return { status, progress, rateLimit };
}

/**
 * A scheduler on a fake clock whose poll answers from `answer(key, n)` (n = 0 for the first request of that
 * key) after `latencyMs` of virtual time. Records every request and event.
 */
function setup(
  answer: (key: string, n: number) => Answer,
  opts: Partial<PollSchedulerOptions> & { latencyMs?: number } = {},
) {
  const { fake, clock } = virtualClock();
  const t0 = clock.now();
  const calls: Array<{ key: string; at: number; signal: AbortSignal }> = [];
  const events: string[] = [];
  const count = new Map<string, number>();
  const latency = opts.latencyMs ?? 100;
  const scheduler = new PollScheduler({
    clock,
    random: () => 0.5,
    poll: (key, signal) => {
      const n = count.get(key) ?? 0;
      count.set(key, n + 1);
      calls.push({ key, at: clock.now() - t0, signal });
      const a = answer(key, n);
      return new Promise<StatusResult>((resolve, reject) => {
        const h = clock.setTimeout(() => {
          if (a instanceof ApiError) return reject(a);
          resolve({
            status: {
              status: a.status ?? 'RUNNING',
              progressPercent: a.progress ?? 0,
              startTime: new Date(t0).toISOString(),
              endTime: null,
              failReason: null,
              output: null,
            },
            rateLimit: a.rateLimit ?? {},
            receivedAt: clock.now(),
          });
        }, latency);
        signal.addEventListener('abort', () => {
          clock.clearTimeout(h);
          reject(new ApiError('aborted', 'aborted'));
        });
      });
    },
    ...opts,
  });
  scheduler.onUpdate((key, r) => events.push(`update ${key} ${r.status.status}`));
  scheduler.onError((key, err) => events.push(`error ${key} ${err.kind}`));
  scheduler.onStop((key, reason: StopReason) => events.push(`stop ${key} ${reason}`));
  return {
    fake,
    clock,
    t0,
    scheduler,
    calls,
    events,
    keysCalled: (key: string) => calls.filter((c) => c.key === key).length,
  };
}

describe('PollScheduler', () => {
  it('polls a new task at once, then stops on COMPLETED after reporting it', async () => {
    const h = setup((_k, n) => (n < 3 ? ok('RUNNING', n * 30) : ok('COMPLETED', 100)));
    h.scheduler.add('a');
    await h.fake.tickAsync(10 * MIN);
    assert.equal(h.calls[0].at, 0);
    assert.equal(h.calls.length, 4);
    assert.deepEqual(h.events.slice(-2), ['update a COMPLETED', 'stop a final']);
    assert.equal(h.fake.countTimers(), 0);
  });

  it('stops on FAILED as final, and on 404 as notFound after reporting the error', async () => {
    const h = setup((k) => (k === 'f' ? ok('FAILED') : new ApiError('notFound', 'Not found (404)', { status: 404 })));
    h.scheduler.add('f');
    h.scheduler.add('g');
    await h.fake.tickAsync(10 * MIN);
    assert.equal(h.calls.length, 2);
    assert.ok(h.events.includes('stop f final'));
    assert.deepEqual(
      h.events.filter((e) => e.includes(' g ')),
      ['error g notFound', 'stop g notFound'],
    );
  });

  it('on 401 stops that task and every idle one (shared credentials); pollNow revives', async () => {
    let refuse = true;
    const h = setup(() => (refuse ? new ApiError('unauthorized', 'refused', { status: 401 }) : ok('RUNNING', 10)));
    h.scheduler.add('a');
    await h.fake.tickAsync(S);
    h.scheduler.add('b', { state: 'RUNNING', progressPercent: 5 });
    h.scheduler.add('c', { state: 'RUNNING', progressPercent: 5 });
    h.scheduler.pollNow('c');
    await h.fake.tickAsync(5 * MIN);
    assert.equal(h.keysCalled('b'), 0, 'b was never asked');
    assert.ok(h.events.includes('stop a unauthorized') && h.events.includes('stop b unauthorized'));
    refuse = false;
    h.scheduler.pollNow('b');
    await h.fake.tickAsync(S);
    assert.equal(h.keysCalled('b'), 1);
    assert.equal(h.scheduler.inspect('b')?.stopped, undefined);
  });

  it('backs off on 5xx with the injected jitter, and stops after maxConsecutiveFailures', async () => {
    const h = setup(() => new ApiError('server', 'boom', { status: 500 }), { maxConsecutiveFailures: 4 });
    h.scheduler.add('a');
    await h.fake.tickAsync(10 * MIN);
    // random() = 0.5: 0.75 of 2 s, 4 s, 8 s, after each answer (100 ms).
    assert.deepEqual(
      h.calls.map((c) => c.at),
      [0, 1600, 4700, 10800],
    );
    assert.equal(h.events.at(-1), 'stop a failures');
    h.scheduler.pollNow('a');
    await h.fake.tickAsync(0);
    assert.equal(h.calls.length, 5, 'pollNow revives a task stopped for failures');
  });

  it('never sends any request before a 429 Retry-After has passed', async () => {
    const h = setup((k, n) =>
      k === 'a' && n === 0
        ? new ApiError('rateLimited', '429', { status: 429, retryAfterMs: 30 * S })
        : ok('RUNNING', 1),
    );
    h.scheduler.add('a');
    await h.fake.tickAsync(150);
    h.scheduler.add('b');
    h.scheduler.add('c');
    await h.fake.tickAsync(2 * MIN);
    const after = h.calls.filter((c) => c.at > 0);
    assert.ok(after.length >= 3);
    assert.ok(
      after.every((c) => c.at >= 100 + 30 * S),
      JSON.stringify(after.map((c) => c.at)),
    );
  });

  it('never sends a request before a reported reset once the window is spent', async () => {
    const h = setup((_k, n) => ok('RUNNING', n));
    const resetAt = h.t0 + 5 * MIN;
    h.scheduler.noteRateLimit({ remaining: 0, resetAt });
    h.scheduler.add('a');
    h.scheduler.add('b');
    await h.fake.tickAsync(10 * MIN);
    assert.ok(h.calls.length > 2);
    assert.ok(h.calls.every((c) => c.at >= 5 * MIN));
  });

  it('keeps to requestsPerMinute in every sliding minute, with one timer for all tasks', async () => {
    const h = setup(() => ok('INITIATED'), { requestsPerMinute: 12, latencyMs: 0 });
    for (let i = 0; i < 30; i++) h.scheduler.add(`t${i}`);
    await h.fake.tickAsync(S);
    assert.equal(h.fake.countTimers(), 1, 'one timer while nothing is in flight');
    await h.fake.tickAsync(10 * MIN);
    const times = h.calls.map((c) => c.at);
    for (const t of times) assert.ok(times.filter((u) => u >= t && u <= t + MIN).length <= 12, `window at ${t}`);
    assert.ok(times.length >= 10 * 12 - 2, `used the budget: ${times.length}`);
  });

  it('never has two requests in flight for one task', async () => {
    const h = setup(() => ok('RUNNING', 10), { latencyMs: 20 * S });
    h.scheduler.add('a');
    for (let i = 0; i < 10; i++) {
      h.scheduler.pollNow('a');
      h.scheduler.pollNow();
      await h.fake.tickAsync(S);
    }
    assert.equal(h.calls.length, 1);
  });

  it('aborts the request in flight on remove, and reports nothing after', async () => {
    const h = setup(() => ok('COMPLETED', 100), { latencyMs: 5 * S });
    h.scheduler.add('a');
    await h.fake.tickAsync(S);
    h.scheduler.remove('a');
    assert.equal(h.calls[0].signal.aborted, true);
    await h.fake.tickAsync(MIN);
    assert.deepEqual(h.events, []);
    assert.equal(h.scheduler.has('a'), false);
  });

  it('leaves no timer, request or event after dispose, even when an answer arrives later', async () => {
    let release: (r: StatusResult) => void = () => undefined;
    const { fake, clock } = virtualClock();
    const seen: string[] = [];
    let polls = 0;
    const s = new PollScheduler({ clock, poll: () => (polls++, new Promise((r) => (release = r))) });
    s.onUpdate(() => seen.push('update'));
    s.add('a');
    s.add('b', { state: 'RUNNING', progressPercent: 3 });
    await fake.tickAsync(10);
    s.dispose();
    release({
      status: {
        status: 'COMPLETED',
        progressPercent: 100,
        startTime: null,
        endTime: null,
        failReason: null,
        output: null,
      },
      rateLimit: {},
      receivedAt: 0,
    });
    await fake.tickAsync(60 * MIN);
    assert.equal(fake.countTimers(), 0);
    assert.deepEqual(seen, []);
    assert.equal(polls, 1);
    s.pollNow();
    s.add('c');
    assert.equal(polls, 1);
  });

  it('abandons a request that never answers after requestTimeoutMs, and retries', async () => {
    const { fake, clock } = virtualClock();
    const errors: string[] = [];
    let polls = 0;
    const s = new PollScheduler({
      clock,
      requestTimeoutMs: 20 * S,
      random: () => 0,
      poll: () => (polls++, new Promise<StatusResult>(() => undefined)),
    });
    s.onError((_k, e) => errors.push(e.kind));
    s.add('a');
    await fake.tickAsync(25 * S);
    assert.deepEqual(errors, ['timeout']);
    assert.equal(polls, 2);
    s.dispose();
  });

  it('keeps scheduling when a listener throws', async () => {
    const logs: string[] = [];
    const h = setup((_k, n) => ok(n < 2 ? 'RUNNING' : 'COMPLETED', 50), { log: (l) => logs.push(l) });
    h.scheduler.onUpdate(() => {
      throw new Error('listener bug');
    });
    h.scheduler.add('a');
    await h.fake.tickAsync(10 * MIN);
    assert.equal(h.calls.length, 3);
    assert.ok(logs.some((l) => l.includes('listener bug')));
  });

  it('gives up on a task stuck INITIATED after 30 minutes, not before', async () => {
    const h = setup(() => ok('INITIATED'));
    h.scheduler.add('a', { state: 'INITIATED' });
    await h.fake.tickAsync(29 * MIN);
    assert.deepEqual(
      h.events.filter((e) => e.startsWith('stop')),
      [],
    );
    await h.fake.tickAsync(3 * MIN);
    assert.deepEqual(
      h.events.filter((e) => e.startsWith('stop')),
      ['stop a gaveUp'],
    );
  });

  it('asks at once about a task whose stored state is old, but at the pace of its age about one just read', async () => {
    const h = setup(() => ok('RUNNING', 40));
    // One answer first: Central's clock is known, so its start times are believed.
    h.scheduler.add('first');
    await h.fake.tickAsync(S);
    const startTime = new Date(h.clock.now() - 3 * 60 * MIN).toISOString();
    h.scheduler.add('old', { state: 'RUNNING', progressPercent: 40, startTime, observedAt: h.clock.now() - 60 * MIN });
    h.scheduler.add('fresh', { state: 'RUNNING', progressPercent: 40, startTime });
    await h.fake.tickAsync(S);
    assert.equal(h.keysCalled('old'), 1);
    assert.equal(h.keysCalled('fresh'), 0);
  });

  it("does not rely on a start time before Central's clock is known: the first read comes early", async () => {
    const h = setup(() => ok('RUNNING', 40));
    const startTime = new Date(h.t0 - 3 * 60 * MIN).toISOString();
    h.scheduler.add('fresh', { state: 'RUNNING', progressPercent: 40, startTime });
    await h.fake.tickAsync(2 * S);
    assert.ok(h.keysCalled('fresh') >= 1);
  });

  it('never gives up on a two-hour sweep whose progress keeps rising', async () => {
    const h = setup(() => ok('RUNNING', Math.min(99, Math.floor((100 * (h.clock.now() - h.t0)) / (120 * MIN)))));
    h.scheduler.add('a', { state: 'RUNNING', progressPercent: 0 });
    await h.fake.tickAsync(119 * MIN);
    assert.deepEqual(
      h.events.filter((e) => e.startsWith('stop')),
      [],
    );
    // Fixed 1 s polling would have sent 7,140.
    assert.ok(h.calls.length < 100, `${h.calls.length} requests over two hours`);
  });
});

describe('PollScheduler and clock jumps', () => {
  it('after the wall clock leaps forward (sleep), due tasks go out in one burst at most, then spread', async () => {
    const h = setup(() => ok('RUNNING', 1), { requestsPerMinute: 60, burst: 5, latencyMs: 50 });
    for (let i = 0; i < 40; i++) h.scheduler.add(`t${i}`, { state: 'RUNNING', progressPercent: 1 });
    await h.fake.tickAsync(2 * MIN);
    const jumpAt = h.clock.now() - h.t0 + 60 * MIN;
    h.fake.setSystemTime(h.clock.now() + 60 * MIN);
    await h.fake.tickAsync(2 * MIN);
    const after = h.calls.filter((c) => c.at >= jumpAt).map((c) => c.at);
    assert.ok(after.length > 20, `${after.length} requests after waking`);
    assert.ok(after.filter((t) => t < jumpAt + S).length <= 5 + 1, 'a burst at most');
    for (const t of after) assert.ok(after.filter((u) => u >= t && u <= t + MIN).length <= 60);
  });

  it('keeps its pace when the wall clock is set back', async () => {
    const h = setup(() => ok('INITIATED'));
    h.scheduler.add('a', { state: 'INITIATED' });
    await h.fake.tickAsync(MIN);
    const before = h.calls.length;
    h.fake.setSystemTime(h.clock.now() - 60 * MIN);
    await h.fake.tickAsync(MIN);
    // Every 6 to 12 s at one to two minutes of age (about 10% of the age while INITIATED), as without the
    // jump: neither an hour's silence nor a flood of requests while the samples taken "in the future" catch up.
    const n = h.calls.length - before;
    assert.ok(n >= 5 && n <= 12, `${n} requests in the minute after`);
  });
});
