import { strict as assert } from 'node:assert';
import type { StatusResult } from '../../src/core/client';
import type { PollOutcome } from '../../src/core/polling/parts';
import { PollScheduler } from '../../src/core/polling/scheduler';
import type { TaskStatus } from '../../src/core/schemas';
import { virtualClock } from '../bench/pollSim';

const S = 1000;
const MIN = 60 * S;

/** A scheduler whose polls come back from `outcome(n)` at once; records what it reports. */
function setup(outcome: (n: number) => PollOutcome) {
  const { fake, clock } = virtualClock();
  const events: string[] = [];
  let n = 0;
  const scheduler = new PollScheduler({ clock, random: () => 0.5, poll: async () => outcome(n++) });
  scheduler.onUpdate((key, r) => events.push(`update ${key} ${r.status.status}`));
  scheduler.onError((key, err) => events.push(`error ${key} ${err.kind}`));
  scheduler.onStop((key, reason) => events.push(`stop ${key} ${reason}`));
  return { fake, scheduler, events, polls: () => n };
}

function elsewhere(status: TaskStatus, progressPercent: number): PollOutcome {
  return { elsewhere: { status, progressPercent, startTime: null } };
}

function answer(status: TaskStatus, progressPercent: number): StatusResult {
  const body = { status, progressPercent, startTime: null, endTime: null, failReason: null, output: null };
  return { status: body, rateLimit: {}, receivedAt: 0 };
}

describe('PollScheduler: a task another window polls', () => {
  it('is paced like an answered task but never reported as an update', async () => {
    const h = setup((n) => elsewhere('RUNNING', Math.min(90, n * 10)));
    h.scheduler.add('a', { state: 'RUNNING', progressPercent: 0 });
    h.scheduler.pollNow('a');
    await h.fake.tickAsync(5 * MIN);
    assert.ok(h.polls() > 3, `read again and again (${h.polls()} reads)`);
    assert.ok(h.polls() < 120, `at a sweep's pace, not in a loop (${h.polls()} reads)`);
    assert.deepEqual(h.events, []);
    h.scheduler.dispose();
  });

  it('stops when the other window saw it end, without an update of its own', async () => {
    const h = setup((n) => (n < 2 ? elsewhere('RUNNING', 50) : elsewhere('COMPLETED', 100)));
    h.scheduler.add('a', { state: 'RUNNING', progressPercent: 50 });
    h.scheduler.pollNow('a');
    await h.fake.tickAsync(10 * MIN);
    assert.equal(h.polls(), 3);
    assert.deepEqual(h.events, ['stop a final']);
    assert.equal(h.scheduler.inspect('a')?.stopped, 'final');
  });

  it("reports Central's answers again once this window asks Central itself", async () => {
    const h = setup((n) => (n < 2 ? elsewhere('RUNNING', 20) : answer('COMPLETED', 100)));
    h.scheduler.add('a', { state: 'RUNNING', progressPercent: 20 });
    h.scheduler.pollNow('a');
    await h.fake.tickAsync(10 * MIN);
    assert.deepEqual(h.events, ['update a COMPLETED', 'stop a final']);
  });
});
