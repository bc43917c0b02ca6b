// Waits the server asks for: capped at an hour, readable whatever their size, overridden once by Refresh, and
// shifted with the wall clock when it is set back.
import { strict as assert } from 'node:assert';
import type { StatusResult } from '../../src/core/client';
import { ApiError } from '../../src/core/errors';
import { PollScheduler } from '../../src/core/polling/scheduler';
import {
  MAX_SERVER_WAIT_MS,
  parseRateLimit,
  parseResetHeader,
  parseRetryAfter,
  retryDelayMs,
} from '../../src/core/rateLimit';
import { errorFromAnswer } from '../../src/core/transport';
import { virtualClock } from '../bench/pollSim';

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const NOW = Date.parse('2025-09-18T10:00:00Z');
const DIGITS_400 = '9'.repeat(400);

describe('server waits: the cap', () => {
  it('is one hour', () => {
    assert.equal(MAX_SERVER_WAIT_MS, HOUR);
  });

  it('caps Retry-After in seconds, as an HTTP date, and a 400-digit value', () => {
    assert.equal(parseRetryAfter('86400', NOW), HOUR);
    assert.equal(parseRetryAfter(DIGITS_400, NOW), HOUR);
    assert.equal(parseRetryAfter('Sat, 20 Sep 2025 10:00:00 GMT', NOW), HOUR);
    assert.equal(parseRetryAfter('3599', NOW), 3_599_000);
  });

  it('caps X-RateLimit-Reset in every form, and reads a 400-digit one', () => {
    for (const value of [
      '86400',
      '999999999',
      DIGITS_400,
      `${DIGITS_400}.5`,
      String(NOW / 1000 + 86_400),
      String(NOW + 86_400_000),
      '2025-09-20T10:00:00Z',
    ]) {
      const at = parseResetHeader(value, NOW);
      assert.equal(at, NOW + HOUR, value.slice(0, 40));
    }
    assert.equal(parseResetHeader('2025-09-18T10:30:00Z', NOW), NOW + 30 * MIN);
  });

  it('says "retry in 3600 s", never "Infinity s", after a 429 with a 400-digit Retry-After', () => {
    for (const headers of [
      { 'retry-after': DIGITS_400 },
      { 'x-ratelimit-reset': DIGITS_400, 'x-ratelimit-remaining': '0' },
    ] as Array<Record<string, string>>) {
      const err = errorFromAnswer({ status: 429, headers: new Headers(headers), text: '', elapsedMs: 1 }, NOW, []);
      assert.equal(err.retryAfterMs, HOUR);
      assert.match(err.message, /retry in 3600 s/);
      assert.doesNotMatch(err.message, /Infinity|NaN/);
    }
    assert.equal(retryDelayMs(parseRateLimit(new Headers({ 'retry-after': DIGITS_400 }), NOW), NOW), HOUR);
  });
});

type Reply = 'ok' | ApiError;

/** A scheduler on a fake clock whose tasks answer `reply(key, n)` 100 ms after each request. */
function setup(reply: (key: string, n: number) => Reply) {
  const { fake, clock } = virtualClock(NOW);
  const calls: Array<{ key: string; at: number }> = [];
  const count = new Map<string, number>();
  const scheduler = new PollScheduler({
    clock,
    random: () => 0.5,
    poll: (key) => {
      const n = count.get(key) ?? 0;
      count.set(key, n + 1);
      calls.push({ key, at: fake.now - NOW });
      const r = reply(key, n);
      return new Promise<StatusResult>((resolve, reject) => {
        clock.setTimeout(() => {
          if (r instanceof ApiError) return reject(r);
          const status = {
            status: 'RUNNING' as const,
            progressPercent: 1,
            startTime: null,
            endTime: null,
            failReason: null,
            output: null,
          };
          resolve({ status, rateLimit: {}, receivedAt: clock.now() });
        }, 100);
      });
    },
  });
  return { fake, clock, scheduler, calls, after: (t: number) => calls.filter((c) => c.at >= t) };
}

const tooMany = (retryAfterMs?: number) =>
  new ApiError('rateLimited', 'Rate limit reached (429)', { status: 429, retryAfterMs });

describe('server waits in the scheduler', () => {
  it('waits at most an hour, whatever a 429 asked', async () => {
    const h = setup((_k, n) => (n === 0 ? tooMany(86_400_000) : 'ok'));
    h.scheduler.add('a');
    await h.fake.tickAsync(3 * HOUR);
    const second = h.calls[1]?.at;
    assert.equal(h.calls[0].at, 0);
    assert.ok(second !== undefined && second <= HOUR + 200 && second >= HOUR, `second request at ${second} ms`);
  });

  it('waits at most an hour, whatever the headers of an answer said', async () => {
    for (const info of [
      { retryAfterMs: 86_400_000 },
      { remaining: 0, resetAt: NOW + 86_400_000 },
      { remaining: 0, resetAt: Infinity },
    ]) {
      const h = setup(() => 'ok');
      h.scheduler.noteRateLimit(info);
      h.scheduler.add('a');
      await h.fake.tickAsync(3 * HOUR);
      assert.ok(h.calls.length > 0 && h.calls[0].at <= HOUR, `${JSON.stringify(info)}: first at ${h.calls[0]?.at}`);
    }
  });

  it('lets Refresh send one probe while a wait is in force; its success ends the wait for every task', async () => {
    const h = setup((k, n) => (k === 'a' && n === 0 ? tooMany(30 * MIN) : 'ok'));
    h.scheduler.add('a');
    await h.fake.tickAsync(S);
    h.scheduler.add('b', { state: 'RUNNING', progressPercent: 1 });
    h.scheduler.add('c', { state: 'RUNNING', progressPercent: 1 });
    await h.fake.tickAsync(MIN);
    assert.equal(h.after(1).length, 0, 'nothing while the wait is in force');
    const refreshAt = h.fake.now - NOW;
    h.scheduler.pollNow('a', { probe: true });
    h.scheduler.pollNow('a', { probe: true });
    await h.fake.tickAsync(50);
    assert.deepEqual(
      h.after(refreshAt).map((c) => c.key),
      ['a'],
      'one probe, at once',
    );
    await h.fake.tickAsync(10 * S);
    assert.ok(
      h.after(refreshAt).some((c) => c.key === 'b') && h.after(refreshAt).some((c) => c.key === 'c'),
      'the others resume',
    );
  });

  it('sends one probe for Refresh of everything, and waits again when the probe meets another 429', async () => {
    const h = setup((k, n) => (k === 'a' || n === 0 ? tooMany(20 * MIN) : 'ok'));
    h.scheduler.add('a');
    await h.fake.tickAsync(S);
    for (const k of ['b', 'c']) h.scheduler.add(k, { state: 'RUNNING', progressPercent: 1 });
    await h.fake.tickAsync(MIN);
    const refreshAt = h.fake.now - NOW;
    h.scheduler.pollNow(undefined, { probe: true });
    await h.fake.tickAsync(5 * MIN);
    assert.equal(h.after(refreshAt).length, 1, JSON.stringify(h.after(refreshAt)));
    await h.fake.tickAsync(30 * MIN);
    assert.ok(h.after(refreshAt + 20 * MIN).length > 0, 'polling resumes after the new wait');
  });

  it('without the probe flag, pollNow keeps to the wait (automatic retries never bypass it)', async () => {
    const h = setup((_k, n) => (n === 0 ? tooMany(10 * MIN) : 'ok'));
    h.scheduler.add('a');
    await h.fake.tickAsync(S);
    h.scheduler.pollNow('a');
    await h.fake.tickAsync(9 * MIN);
    assert.equal(h.calls.length, 1);
  });

  it('shifts a wait set just before the wall clock goes back an hour', async () => {
    const h = setup((_k, n) => (n === 0 ? tooMany(MIN) : 'ok'));
    h.scheduler.add('a');
    await h.fake.tickAsync(S);
    h.fake.setSystemTime(h.fake.now - HOUR);
    h.scheduler.add('b', { state: 'RUNNING', progressPercent: 1 });
    await h.fake.tickAsync(2 * MIN);
    const first = h.calls[1];
    assert.ok(first !== undefined, 'a request within two minutes of the jump');
    // Real time since the 429: the wait of a minute, not 61 minutes.
    assert.ok(
      first.at + HOUR >= MIN && first.at + HOUR <= MIN + 2 * S,
      `first request ${first.at + HOUR} ms after the start`,
    );
  });

  it('shifts a reported reset too', async () => {
    const h = setup(() => 'ok');
    h.scheduler.noteRateLimit({ remaining: 0, resetAt: NOW + 2 * MIN });
    h.scheduler.add('a');
    await h.fake.tickAsync(S);
    h.fake.setSystemTime(h.fake.now - HOUR);
    h.scheduler.add('b');
    await h.fake.tickAsync(3 * MIN);
    assert.ok(h.calls.length > 0, 'requests go out after the two-minute reset, not 62 minutes later');
  });
});
