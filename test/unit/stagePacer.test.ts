import { strict as assert } from 'node:assert';
import * as FakeTimers from '@sinonjs/fake-timers';
import type { Clock } from '../../src/core/clock';
import { StagePacer } from '../../src/editor/investigations/stagePacer';

const MINUTE = 60_000;

/** A pacer over virtual time, its polls fired by hand; what the poll scheduler was told is kept. */
function pacerAt(rpm: number) {
  const fake = FakeTimers.createClock(0);
  const clock: Clock = {
    now: () => fake.now,
    setTimeout: (fn, ms) => fake.setTimeout(fn, ms),
    clearTimeout: (h) => fake.clearTimeout(h as FakeTimers.TimerId),
  };
  const listeners: Array<(now: number) => void> = [];
  const told: Array<{ remaining: number }> = [];
  let budget = rpm;
  const pacer = new StagePacer({
    clock,
    requestsPerMinute: () => budget,
    onDidSendPoll: (fn: (now: number) => void) => {
      listeners.push(fn);
      return { dispose: () => listeners.splice(listeners.indexOf(fn), 1) };
    },
    noteRateLimit: (w) => told.push(w),
  });
  const poll = () => listeners.forEach((fn) => fn(fake.now));
  return { fake, pacer, told, poll, setBudget: (n: number) => (budget = n), listeners };
}

/** Most of `times` in any 60 s. */
const busiest = (times: number[]) =>
  Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + MINUTE).length));

async function settle(fake: FakeTimers.Clock, done: () => boolean) {
  for (let i = 0; i < 10_000 && !done(); i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!done() && fake.countTimers() > 0) fake.next();
  }
}

describe('Stage starts of several investigations', () => {
  it('take their turns inside the request budget, never in a burst past it', async () => {
    const { fake, pacer } = pacerAt(12);
    const sentAt: number[] = [];
    const turns = Array.from({ length: 30 }, () =>
      pacer.turn(new AbortController().signal).then(() => sentAt.push(fake.now)),
    );
    await settle(fake, () => sentAt.length === 30);
    await Promise.all(turns);
    assert.equal(sentAt.length, 30);
    assert.ok(busiest(sentAt) <= 12, `at most 12 starts in any minute: ${busiest(sentAt)}`);
    assert.ok(sentAt.filter((t) => t === 0).length <= 2, 'a burst of a sixth of the budget at most');
    assert.ok(sentAt[29] >= 2 * MINUTE, `thirty starts at 12 a minute take over two minutes: ${sentAt[29]}`);
    pacer.dispose();
  });

  it('count the polls of the window against the same budget, and tell the poll scheduler what is left', async () => {
    const { fake, pacer, poll, told } = pacerAt(10);
    for (let i = 0; i < 10; i++) poll(); // the whole minute spent on polls
    let started = false;
    void pacer.turn(new AbortController().signal).then(() => (started = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(started, false, 'no start while the polls spent the budget');
    await settle(fake, () => started);
    assert.ok(fake.now >= MINUTE, `the start waited for a slot to free: ${fake.now}`);
    assert.ok(told.length > 0, 'the poll scheduler heard of the start');
    pacer.dispose();
  });

  it('give up a turn whose signal aborts, and the next start takes it; a new budget applies at once', async () => {
    const { fake, pacer, setBudget, listeners } = pacerAt(1);
    await pacer.turn(new AbortController().signal); // the only slot of this minute
    const abort = new AbortController();
    const cancelled = pacer.turn(abort.signal);
    abort.abort(new Error('stopped'));
    await assert.rejects(cancelled, /stopped/);
    setBudget(600);
    let next = false;
    void pacer.turn(new AbortController().signal).then(() => (next = true));
    await settle(fake, () => next);
    assert.ok(fake.now < MINUTE, `the raised budget let it go at once: ${fake.now}`);
    pacer.dispose();
    assert.equal(listeners.length, 0, 'disposing stops counting polls');
  });
});
