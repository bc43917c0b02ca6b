// Look-ups a person asks for (Import Recent Tasks reads each sweep's status) spend the pollers' request budget:
// together with the polls they never exceed it, and they wait for their turn instead.
import { strict as assert } from 'node:assert';
import type { StatusResult } from '../../src/core/client';
import { ApiError } from '../../src/core/errors';
import { PollScheduler } from '../../src/core/polling/scheduler';
import { virtualClock } from '../bench/pollSim';

const S = 1000;
const MIN = 60 * S;

function setup(requestsPerMinute: number, burst?: number) {
  const { fake, clock } = virtualClock();
  const t0 = clock.now();
  const sent: Array<{ what: string; at: number }> = [];
  const scheduler = new PollScheduler({
    clock,
    random: () => 0.5,
    requestsPerMinute,
    burst,
    poll: (key) => {
      sent.push({ what: `poll ${key}`, at: clock.now() - t0 });
      return Promise.resolve<StatusResult>({
        status: {
          status: 'INITIATED',
          progressPercent: 0,
          startTime: null,
          endTime: null,
          failReason: null,
          output: null,
        },
        rateLimit: {},
        receivedAt: clock.now(),
      });
    },
  });
  const lookUp = (what: string, signal?: AbortSignal) =>
    scheduler.spend(async () => {
      sent.push({ what, at: clock.now() - t0 });
      return what;
    }, signal);
  return { fake, clock, scheduler, sent, lookUp };
}

describe('PollScheduler.spend: look-ups within the polling budget', () => {
  it('sends look-ups at once while the budget has room, and counts them', async () => {
    const h = setup(60);
    const answers = await Promise.all([h.lookUp('a'), h.lookUp('b'), h.lookUp('c')]);
    assert.deepEqual(answers, ['a', 'b', 'c']);
    assert.deepEqual(
      h.sent.map((s) => s.at),
      [0, 0, 0],
    );
    h.scheduler.dispose();
  });

  it('makes a look-up wait for its turn when the burst is spent, instead of going over', async () => {
    const h = setup(6); // burst 1: a request every 10 s
    const first = h.lookUp('first');
    const second = h.lookUp('second');
    await h.fake.tickAsync(30 * S);
    assert.equal(await first, 'first');
    assert.equal(await second, 'second');
    assert.deepEqual(
      h.sent.map((s) => s.at),
      [0, 10 * S],
    );
    h.scheduler.dispose();
  });

  it('keeps polls and look-ups together within requestsPerMinute in every sliding minute', async () => {
    const h = setup(12);
    for (let i = 0; i < 10; i++) h.scheduler.add(`t${i}`);
    const lookUps = Array.from({ length: 20 }, (_, i) => h.lookUp(`look ${i}`));
    await h.fake.tickAsync(5 * MIN);
    await Promise.all(lookUps);
    const times = h.sent.map((s) => s.at);
    for (const t of times) assert.ok(times.filter((u) => u >= t && u <= t + MIN).length <= 12, `window at ${t}`);
    const looks = h.sent.filter((s) => s.what.startsWith('look'));
    assert.equal(looks.length, 20, 'every look-up went out');
    // Polls that are always due cannot starve them: they take the next free places, first come first served.
    assert.ok(looks[19].at <= 2 * MIN, `the last look-up waited until ${looks[19].at} ms`);
    assert.deepEqual(
      looks.map((s) => s.what),
      Array.from({ length: 20 }, (_, i) => `look ${i}`),
    );
    assert.ok(
      h.sent.some((s) => s.what.startsWith('poll') && s.at > looks[19].at),
      'polls went on after them',
    );
    h.scheduler.dispose();
  });

  it('gives up a waiting look-up on abort without spending anything', async () => {
    const h = setup(6);
    await h.lookUp('spends the burst');
    const controller = new AbortController();
    const waiting = h.lookUp('never', controller.signal);
    await h.fake.tickAsync(3 * S);
    controller.abort();
    await assert.rejects(waiting, (err: unknown) => err instanceof ApiError && err.kind === 'aborted');
    await h.fake.tickAsync(7 * S);
    // The token the aborted look-up would have taken is still there.
    const next = h.lookUp('next');
    await h.fake.tickAsync(0);
    assert.equal(await next, 'next');
    assert.deepEqual(
      h.sent.map((s) => [s.what, s.at]),
      [
        ['spends the burst', 0],
        ['next', 10 * S],
      ],
    );
    h.scheduler.dispose();
  });

  it('gives up a waiting look-up at once when the scheduler is disposed', async () => {
    const h = setup(1);
    await h.lookUp('spends the minute');
    const waiting = h.lookUp('never');
    waiting.catch(() => undefined);
    h.scheduler.dispose();
    await assert.rejects(waiting, (err: unknown) => err instanceof ApiError && err.kind === 'aborted');
    assert.equal(h.sent.length, 1);
  });

  it('waits out a reported rate-limit reset like a poll', async () => {
    const h = setup(60);
    h.scheduler.noteRateLimit({ retryAfterMs: 20 * S });
    const later = h.lookUp('after the reset');
    await h.fake.tickAsync(25 * S);
    assert.equal(await later, 'after the reset');
    assert.ok(h.sent[0].at >= 20 * S, `sent at ${h.sent[0].at}`);
    h.scheduler.dispose();
  });
});
