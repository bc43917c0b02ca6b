import { strict as assert } from 'node:assert';
import {
  DEFAULT_POLL_OPTIONS,
  PollTiming,
  backoffDelay,
  nextPollDelay,
  stopReasonFor,
} from '../../src/core/polling/timing';
import { ProgressSample, addSample, estimateEnd, granularity, isSteady } from '../../src/core/polling/progressEstimate';

const T0 = 1_700_000_000_000;
const S = 1000;
const MIN = 60 * S;

function timing(over: Partial<PollTiming> = {}): PollTiming {
  return {
    now: T0,
    state: 'RUNNING',
    firstSeenAt: T0,
    startedAt: T0,
    samples: [],
    consecutiveFailures: 0,
    consecutiveRateLimited: 0,
    latencyMs: 200,
    jitter: 0.5,
    ...over,
  };
}

/** Readings every `every` ms of a sweep of `lengthMs` rising evenly from `t0`, up to `until`. */
function evenSamples(lengthMs: number, every: number, until: number, t0 = T0): ProgressSample[] {
  let out: ProgressSample[] = [];
  for (let at = t0 + every; at <= until; at += every)
    out = addSample(out, at, Math.floor((100 * (at - t0)) / lengthMs));
  return out;
}

describe('stopReasonFor', () => {
  it('stops on COMPLETED and FAILED as final, and on NOT_FOUND or a 404 as notFound', () => {
    assert.equal(stopReasonFor(timing({ state: 'COMPLETED' })), 'final');
    assert.equal(stopReasonFor(timing({ state: 'FAILED' })), 'final');
    assert.equal(stopReasonFor(timing({ state: 'NOT_FOUND' })), 'notFound');
    assert.equal(stopReasonFor(timing({ lastErrorKind: 'notFound', consecutiveFailures: 1 })), 'notFound');
  });

  it('stops on unusable credentials (401 after the client retried)', () => {
    assert.equal(stopReasonFor(timing({ lastErrorKind: 'unauthorized', consecutiveFailures: 1 })), 'unauthorized');
  });

  it('tells a 403 (no permission for that gateway) from refused credentials', () => {
    assert.equal(stopReasonFor(timing({ lastErrorKind: 'forbidden', consecutiveFailures: 1 })), 'forbidden');
  });

  it('stops after maxConsecutiveFailures failures, not counting 429s', () => {
    const max = DEFAULT_POLL_OPTIONS.maxConsecutiveFailures;
    assert.equal(stopReasonFor(timing({ lastErrorKind: 'server', consecutiveFailures: max - 1 })), undefined);
    assert.equal(stopReasonFor(timing({ lastErrorKind: 'server', consecutiveFailures: max })), 'failures');
    assert.equal(stopReasonFor(timing({ lastErrorKind: 'rateLimited', consecutiveRateLimited: 50 })), undefined);
  });

  it('gives up only after giveUpAfterMs without any change, measured from the last change', () => {
    const giveUp = DEFAULT_POLL_OPTIONS.giveUpAfterMs;
    assert.equal(giveUp, 30 * MIN);
    assert.equal(stopReasonFor(timing({ now: T0 + giveUp - 1 })), undefined);
    assert.equal(stopReasonFor(timing({ now: T0 + giveUp })), 'gaveUp');
    assert.equal(stopReasonFor(timing({ now: T0 + 2 * giveUp, lastChangeAt: T0 + giveUp + 1 })), undefined);
  });

  it('makes nextPollDelay return Infinity for a stopped task', () => {
    assert.equal(nextPollDelay(timing({ state: 'COMPLETED' })), Infinity);
  });
});

describe('nextPollDelay', () => {
  it('asks a never-polled task at once', () => {
    assert.equal(nextPollDelay(timing({ state: 'PENDING' })), 0);
  });

  it('reads a young INITIATED task again within 1 s, counting the round trip', () => {
    // Read at T0 + 100 (answer at T0 + 200): the next read must come by T0 + 100 + 1000 - 100.
    const d = nextPollDelay(timing({ state: 'INITIATED', now: T0 + 200, samples: [{ at: T0 + 100, percent: 0 }] }));
    assert.equal(d, 700);
  });

  it('without progress, waits 5% of the elapsed time less 1.5 round trips: slower for older tasks', () => {
    const at = (e: number) =>
      nextPollDelay(timing({ state: 'INITIATED', now: T0 + e + 100, samples: [{ at: T0 + e, percent: 0 }] }));
    assert.equal(at(10 * MIN), 0.05 * 10 * MIN - 300);
    assert.ok(at(20 * MIN) > at(10 * MIN));
  });

  it('assumes a task that waited w INITIATED runs at least 5% of w: about 10% of the age between reads', () => {
    const at = (e: number, initiatedRunShare?: number) =>
      nextPollDelay(
        timing({ state: 'INITIATED', now: T0 + e + 100, initiatedAt: T0 + e, samples: [{ at: T0 + e, percent: 0 }] }),
        initiatedRunShare === undefined ? {} : { initiatedRunShare },
      );
    assert.equal(DEFAULT_POLL_OPTIONS.initiatedRunShare, 0.05);
    // Earliest end 1.05 e; the target there is 5% of 1.05 e; less 1.5 round trips.
    assert.equal(at(10 * MIN), Math.ceil(1.1025 * 10 * MIN - 10 * MIN - 300));
    assert.equal(at(10 * MIN, 0), 0.05 * 10 * MIN - 300);
    // Young tasks: the 1 s floor, plus 5% of the wait.
    assert.equal(at(4 * S), 4 * S * 0.05 + 1 * S - 300);
  });

  it('keeps the INITIATED prior once the task runs with progress still 0', () => {
    const initiatedAt = T0 + 10 * MIN;
    const samples = [
      { at: initiatedAt, percent: 0 },
      { at: initiatedAt + 5 * S, percent: 0 },
    ];
    const d = nextPollDelay(timing({ now: initiatedAt + 5 * S + 100, initiatedAt, samples }));
    // Not before 10.5 min, then within 5% of that.
    assert.equal(d, Math.ceil(initiatedAt + 0.5 * MIN + 0.05 * 10.5 * MIN - 100 - (initiatedAt + 5 * S + 100) - 100));
  });

  it('reads a task that has not changed once more when its give-up time comes, not a long stride later', () => {
    const e = 29 * MIN;
    const d = nextPollDelay(
      timing({
        state: 'INITIATED',
        now: T0 + e + 100,
        initiatedAt: T0 + e,
        samples: [{ at: T0 + e, percent: 0 }],
        lastChangeAt: T0,
      }),
    );
    assert.equal(d, 30 * MIN - e - 100);
  });

  it('waits far longer while evenly rising progress puts the end far away', () => {
    const samples = evenSamples(15 * MIN, 30 * S, T0 + 3 * MIN);
    const now = T0 + 3 * MIN + 100;
    const d = nextPollDelay(timing({ now, samples }));
    const safe = 0.05 * 3 * MIN;
    assert.ok(d > 4 * safe, `delay ${d}`);
    // ...but never beyond the earliest end the pace allows, nor the cap.
    assert.ok(now + d < T0 + 15 * MIN);
    assert.ok(d <= DEFAULT_POLL_OPTIONS.maxDelayMs);
  });

  it('aims a read just after the expected end of a steady sweep when it comes before the next safe read', () => {
    const samples = evenSamples(15 * MIN, 20 * S, T0 + 880 * S);
    const now = T0 + 880 * S + 100;
    const d = nextPollDelay(timing({ now, samples }));
    // The safe spacing would read at about +924 s; the read (sent + 100 ms) lands just after +900 s instead,
    // within the half-percent the reported whole percents leave open (4.5 s here).
    const read = now + d + 100;
    assert.ok(read >= T0 + 900 * S && read <= T0 + 905 * S, `read at +${(read - T0) / S} s`);
  });

  it('returns to the safe spacing when the last jump seen could already finish the task', () => {
    // Jumps of 25% every 20 s; at 75% the next jump may be the end.
    let samples: ProgressSample[] = [];
    for (let at = T0 + 2 * S; at <= T0 + 62 * S; at += 2 * S)
      samples = addSample(samples, at, 25 * Math.floor((at - T0) / (20 * S)));
    const d = nextPollDelay(timing({ now: T0 + 62 * S + 100, samples }));
    assert.equal(d, 0.05 * 62 * S - 300);
  });

  it('is pure: same input, same answer, and the input is left alone', () => {
    const samples = Object.freeze(evenSamples(5 * MIN, 10 * S, T0 + MIN).map((s) => Object.freeze(s)));
    const t = Object.freeze(timing({ now: T0 + MIN + 100, samples }));
    assert.equal(nextPollDelay(t), nextPollDelay(t));
  });

  it('backs off exponentially with jitter after failures, at least what the server asked', () => {
    const d = (n: number, jitter: number, retryAfterMs?: number) =>
      nextPollDelay(timing({ consecutiveFailures: n, lastErrorKind: 'server', jitter, retryAfterMs }));
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => d(n, 1)),
      [2000, 4000, 8000, 16000],
    );
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => d(n, 0)),
      [1000, 2000, 4000, 8000],
    );
    assert.equal(d(9, 1), DEFAULT_POLL_OPTIONS.backoffMaxMs);
    assert.equal(d(1, 0, 30 * S), 30 * S);
    // 429s back off too.
    assert.equal(nextPollDelay(timing({ consecutiveRateLimited: 2, lastErrorKind: 'rateLimited', jitter: 1 })), 4000);
  });

  it('never asks before a reported rate-limit reset when the window is spent', () => {
    const resetAt = T0 + 7 * MIN;
    assert.equal(nextPollDelay(timing({ state: 'PENDING', rateLimit: { remaining: 0, resetAt } })), 7 * MIN);
    assert.equal(nextPollDelay(timing({ state: 'PENDING', rateLimit: { remaining: 3, resetAt } })), 0);
  });

  it('keeps backoff jitter in [step/2, step]', () => {
    for (const j of [0, 0.25, 0.999]) {
      const b = backoffDelay(3, j);
      assert.ok(b >= 4000 && b <= 8000);
    }
  });
});

describe('progress estimate', () => {
  it('keeps samples non-decreasing and only the first and last of each value', () => {
    let s: ProgressSample[] = [];
    for (const [at, p] of [
      [1, 0],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 3],
      [6, 9],
    ])
      s = addSample(s, at, p);
    assert.deepEqual(s, [
      { at: 1, percent: 0 },
      { at: 2, percent: 5 },
      { at: 5, percent: 5 },
      { at: 6, percent: 9 },
    ]);
  });

  it('has no bound from a single sighting of progress (it may have begun an instant before)', () => {
    const e = estimateEnd(
      [
        { at: T0, percent: 0 },
        { at: T0 + 800, percent: 2 },
      ],
      T0,
    );
    assert.equal(e.earliest, undefined);
  });

  it('for even progress: steady, expected end close to the real one, earliest not after it', () => {
    const samples = evenSamples(10 * MIN, 20 * S, T0 + 5 * MIN);
    const e = estimateEnd(samples, T0);
    assert.equal(isSteady(samples, 0), true);
    assert.ok(Math.abs(e.expected! - (T0 + 10 * MIN)) < 15 * S, `expected +${(e.expected! - T0) / S} s`);
    assert.ok(e.earliest! <= T0 + 10 * MIN);
    assert.equal(granularity(samples, 0) <= 2, true);
  });

  it('for progress in jumps: not steady, and the jump size counts as unreported progress', () => {
    let samples: ProgressSample[] = [];
    for (let at = T0; at <= T0 + 60 * S; at += 2 * S)
      samples = addSample(samples, at, 25 * Math.floor((at - T0) / (20 * S)));
    const f = samples.findIndex((x) => x.percent > 0);
    assert.equal(isSteady(samples, f), false);
    assert.ok(granularity(samples, f) > 20);
  });
});
