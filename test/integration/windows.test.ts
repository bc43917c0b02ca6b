// Two windows: globalState is shared between windows the way VS Code shares it (each window writes its
// whole copy of the extension's state, which reaches the other windows a moment later; see SharedState).
// Two windows built from the extension's classes must keep each other's tasks and not both poll one task.
import { strict as assert } from 'node:assert';
import type { TrackedTask } from '../../src/core/task';
import { systemClock } from '../../src/core/clock';
import { countingClock } from '../../src/editor/platform/countingClock';
import { SharedTaskState } from '../../src/editor/tasks/sharedTasks';
import type { TaskStore } from '../../src/editor/tasks/taskStore';
import { Simulator, startSimulator } from '../simulator/server';
import { SERIAL, TOKEN, configure, sleep, waitFor } from './helpers';
import {
  FAST_TIMING,
  LineLogger,
  MemorySecrets,
  SharedState,
  SentRequest,
  TestWindow,
  openWindow,
  spyFetch,
  statusPathOf,
} from './harness';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function task(n: number): TrackedTask {
  return {
    serial: SERIAL,
    taskId: ID(n),
    baseUrl: 'http://127.0.0.1:1',
    state: 'RUNNING',
    progressPercent: n,
    addedAt: n,
    updatedAt: n,
  };
}

const keys = (store: TaskStore) =>
  store
    .all()
    .map((t) => t.taskId)
    .sort();

describe('Two windows over one shared global state', function () {
  this.timeout(60_000);

  it("keeps each other's tasks, even when both write at the same moment", async () => {
    const shared = new SharedState(30);
    const a = new SharedTaskState(shared.window(), new LineLogger(), shared.results());
    const b = new SharedTaskState(shared.window(), new LineLogger(), shared.results());
    a.store.upsert(task(1));
    await shared.settled();
    b.store.upsert(task(2));
    await shared.settled();
    // Within the propagation delay: each window writes its whole copy, and the later one wins in storage.
    a.store.upsert(task(3));
    b.store.upsert(task(4));
    await shared.settled();
    const stored = () => Object.keys(shared.stored).filter((k) => shared.stored[k] !== undefined).length;
    assert.equal(stored(), 3, 'the storage model loses one of two simultaneous writes, as VS Code can');
    a.reload();
    b.reload();
    await shared.settled();
    a.reload();
    b.reload();
    assert.deepEqual(keys(a.store), [ID(1), ID(2), ID(3), ID(4)]);
    assert.deepEqual(keys(b.store), [ID(1), ID(2), ID(3), ID(4)]);
    assert.equal(stored(), 4, 'the lost task was written again');
  });

  it('writes again what vanished when VS Code hands back an older copy of the state just before a flush', async () => {
    const shared = new SharedState(0, true);
    const w = new SharedTaskState(shared.window(), new LineLogger(), shared.results());
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    const stored = (n: number) =>
      shared.stored[`pingSweep.task:${SERIAL}/${ID(n)}`] as Partial<TrackedTask> & { removedAt?: number };
    w.store.upsert(task(1));
    await tick(); // {1} is written; its echo is on the way
    w.store.upsert(task(2));
    shared.deliver(); // the echo {1} lands before {1, 2} is flushed and replaces this window's copy
    await tick();
    await tick();
    assert.ok(stored(1) && stored(2), 'the vanished task was written again');
    // The echo of {1, 2} is on the way. A removal and an update, then that older copy lands before the flush.
    w.store.remove(`${SERIAL}/${ID(1)}`);
    w.store.update(`${SERIAL}/${ID(2)}`, { progressPercent: 90 });
    shared.deliver();
    await tick();
    await tick();
    assert.ok(stored(1)?.removedAt, 'the removal was written again');
    assert.equal(stored(2)?.progressPercent, 90, 'the update was written again');
  });

  it('a window disposed while its write is in flight writes nothing after: an older inline result stored since stays', async () => {
    const shared = new SharedState(0, true);
    const memento = shared.window();
    const w = new SharedTaskState(memento, new LineLogger(), shared.results());
    const stateKey = `pingSweep.task:${SERIAL}/${ID(1)}`;
    w.store.upsert(task(1));
    w.store.update(`${SERIAL}/${ID(1)}`, { progressPercent: 50 }); // its flush is pending
    w.dispose();
    // Stored right after: the entry an older version wrote, its result inline (an older copy of the task).
    const output = { responses: [{ reply: 'kept' }] };
    const older = { ...task(1), output };
    const written = memento.update(stateKey, older);
    await written; // the flush that ends the disposed window's write: its audit must not follow
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual((shared.stored[stateKey] as Partial<TrackedTask>)?.output, output, 'the inline result is kept');
    assert.deepEqual((memento.get(stateKey) as Partial<TrackedTask>)?.output, output);
  });

  it('a task removed in one window is not written back by the other, and leaves it on reload', async () => {
    const shared = new SharedState(30);
    const a = new SharedTaskState(shared.window(), new LineLogger(), shared.results());
    const b = new SharedTaskState(shared.window(), new LineLogger(), shared.results());
    a.store.upsert(task(1));
    a.store.upsert(task(2));
    await shared.settled();
    b.reload();
    assert.deepEqual(keys(b.store), [ID(1), ID(2)]);
    a.store.remove(`${SERIAL}/${ID(1)}`);
    await shared.settled();
    const removed: string[] = [];
    b.store.onDidChange((e) => removed.push(...e.removed));
    b.store.update(`${SERIAL}/${ID(1)}`, { progressPercent: 50 }); // a poll in window B
    await shared.settled();
    assert.deepEqual(removed, [`${SERIAL}/${ID(1)}`], 'B drops the task instead of saving it');
    a.reload();
    assert.deepEqual(keys(a.store), [ID(2)], 'A does not see it come back');
    b.store.update(`${SERIAL}/${ID(2)}`, { progressPercent: 70 });
    await shared.settled();
    a.reload();
    assert.equal(a.store.get(`${SERIAL}/${ID(2)}`)?.progressPercent, 70, "A takes B's newer copy");
  });

  it('a removal wins over what the other window wrote before it heard of it (a poll, a lease), 100 ms apart', async () => {
    const shared = new SharedState(100);
    const a = new SharedTaskState(shared.window(), new LineLogger(), shared.results());
    const mb = shared.window();
    const b = new SharedTaskState(mb, new LineLogger(), shared.results());
    const key = `${SERIAL}/${ID(1)}`;
    try {
      a.store.upsert(task(1));
      a.store.upsert(task(2));
      await shared.settled();
      b.reload();
      assert.deepEqual(keys(b.store), [ID(1), ID(2)]);
      a.store.remove(key);
      await sleep(30); // the removal is on its way to B
      b.store.update(key, { progressPercent: 60 }); // a poll in B, later than the removal
      await sleep(30);
      await mb.update(`pingSweep.lease:${SERIAL}/${ID(2)}`, { owner: 'b', until: Date.now() + 30_000 }); // B's whole copy again
      await shared.settled();
      a.reload();
      assert.deepEqual(keys(a.store), [ID(2)], 'A does not take the task back');
      await waitFor(
        'B to hear of the removal',
        () => {
          b.reload();
          return !b.store.has(key);
        },
        5_000,
      );
      b.store.update(key, { progressPercent: 70 });
      await shared.settled();
      a.reload();
      b.reload();
      assert.deepEqual([keys(a.store), keys(b.store)], [[ID(2)], [ID(2)]], 'neither window brings it back');
      assert.ok(
        (shared.stored[`pingSweep.task:${key}`] as { removedAt?: number })?.removedAt,
        'the removal is what is stored',
      );

      // Tracking it again is a new Track: that one wins, in both windows.
      const now = Date.now();
      b.store.upsert({ ...task(1), addedAt: now, updatedAt: now });
      await shared.settled();
      a.reload();
      assert.deepEqual(keys(a.store), [ID(1), ID(2)], 'a new Track brings it back everywhere');
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  describe('polling', () => {
    let sim: Simulator;
    let spy: { requests: SentRequest[]; restore(): void };
    const TOKEN_A = 'window-a-token-0123456789';
    const TOKEN_B = 'window-b-token-0123456789';

    before(async () => {
      sim = await startSimulator({ tokens: [TOKEN, TOKEN_A, TOKEN_B] });
      await configure({ baseUrl: sim.baseUrl, apiVersion: 'v1', 'polling.requestsPerMinute': 1000 });
      spy = spyFetch();
    });

    after(async () => {
      spy.restore();
      await configure({ baseUrl: undefined, apiVersion: undefined, 'polling.requestsPerMinute': undefined });
      await sim.close();
    });

    // Each window signs in with its own token, so that the requests of each can be told apart.
    async function windowWith(
      shared: SharedState,
      token: string,
      more: Partial<Parameters<typeof openWindow>[0]> = {},
    ) {
      const secrets = new MemorySecrets();
      await secrets.store('pingSweep.credentials', JSON.stringify({ kind: 'token', token }));
      return openWindow({ memento: shared.window(), secrets, timing: FAST_TIMING, ...more });
    }
    /** A tracks a task and polls it; B learns of it (on focus, in the extension) and is asked to refresh it. */
    async function pollInAShowInB(shared: SharedState, a: TestWindow, b: TestWindow, taskId: string): Promise<string> {
      const key = `${SERIAL}/${taskId}`;
      a.monitor.track({ serial: SERIAL, taskId });
      await waitFor('A to poll', () => sentWith(TOKEN_A, taskId) >= 1);
      await shared.settled();
      b.shared.reload();
      b.monitor.refresh(key);
      return key;
    }
    const sentWith = (token: string, taskId: string) =>
      spy.requests.filter((r) => r.authorization === `Bearer ${token}` && r.url.endsWith(statusPathOf(SERIAL, taskId)))
        .length;

    it('one window polls a task both track; the other shows its results, and takes over when it closes', async () => {
      const shared = new SharedState(20);
      const a = await windowWith(shared, TOKEN_A);
      const b = await windowWith(shared, TOKEN_B);
      try {
        const alone = sim.addTask(SERIAL, 'complete', { durationMs: 2000 });
        const both = sim.addTask(SERIAL, 'complete', { durationMs: 2000 });
        a.monitor.track({ serial: SERIAL, taskId: alone });
        a.monitor.track({ serial: SERIAL, taskId: both });
        await shared.settled();
        b.shared.reload(); // B learns of the task (on focus, in the extension)
        b.monitor.refresh(`${SERIAL}/${both}`);
        const key = `${SERIAL}/${both}`;
        await waitFor(
          'both windows to see the end',
          () => a.store.get(key)?.state === 'COMPLETED' && b.store.get(key)?.state === 'COMPLETED',
        );
        await waitFor('the other task to end', () => a.store.get(`${SERIAL}/${alone}`)?.state === 'COMPLETED');
        const byA = sentWith(TOKEN_A, both);
        const byB = sentWith(TOKEN_B, both);
        const single = sentWith(TOKEN_A, alone);
        assert.ok(byB <= 1, `window B asked Central ${byB} times about a task window A polls`);
        assert.ok(
          byA + byB <= single * 1.5 + 2,
          `${byA} + ${byB} requests for the shared task, ${single} for a task one window tracks`,
        );
        await waitFor('B to hold the result', () => b.store.get(key)?.output !== undefined);
        assert.deepEqual(b.store.get(key)?.output, a.store.get(key)?.output, 'B shows the result A fetched');

        // A window closes mid-sweep: the other one goes on polling at once.
        const next = sim.addTask(SERIAL, 'complete', { durationMs: 3000 });
        const nextKey = `${SERIAL}/${next}`;
        a.monitor.track({ serial: SERIAL, taskId: next });
        await shared.settled();
        b.shared.reload();
        b.monitor.refresh(nextKey);
        await waitFor('A to poll it', () => sentWith(TOKEN_A, next) >= 2);
        a.dispose();
        await shared.settled();
        await waitFor('B to take over and finish', () => b.store.get(nextKey)?.state === 'COMPLETED');
        assert.ok(sentWith(TOKEN_B, next) >= 1, 'B polled once A was gone');
      } finally {
        a.dispose();
        b.dispose();
      }
    });

    it('a lease left by a window that crashed holds its tasks only until it runs out', async () => {
      const shared = new SharedState(20);
      const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 1000 });
      const key = `${SERIAL}/${taskId}`;
      const crashed = shared.window();
      const expires = Date.now() + 2500;
      await crashed.update(`pingSweep.lease:${key}`, { owner: 'a-window-that-crashed', until: expires });
      await shared.settled();
      const b = await windowWith(shared, TOKEN_B);
      try {
        b.monitor.track({ serial: SERIAL, taskId });
        await waitFor('B to finish the task', () => b.store.get(key)?.state === 'COMPLETED', 20_000);
        const first = spy.requests.find(
          (r) => r.authorization === `Bearer ${TOKEN_B}` && r.url.endsWith(statusPathOf(SERIAL, taskId)),
        );
        assert.ok(first, 'B polled');
        const firstAt = sim.requests.find((r) => r.path === statusPathOf(SERIAL, taskId))!.at;
        assert.ok(firstAt >= expires - 50, `B asked ${expires - firstAt} ms before the lease ran out`);
      } finally {
        b.dispose();
      }
    });

    it('the window that polls keeps its lease between polls far apart; the other asks nothing, and takes over within the lease when it dies', async () => {
      const LEASE_MS = 600;
      const shared = new SharedState(20);
      const mA = shared.window();
      const clockA = countingClock(systemClock);
      const a = await windowWith(shared, TOKEN_A, { memento: mA, clock: clockA, leaseMs: LEASE_MS });
      const b = await windowWith(shared, TOKEN_B, { leaseMs: LEASE_MS });
      try {
        // A long sweep well under way: its polls come seconds apart, far more than the lease lasts.
        const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 3_600_000, startedAt: Date.now() - 120_000 });
        const key = await pollInAShowInB(shared, a, b, taskId);
        await sleep(6_000);
        const byA = spy.requests.filter(
          (r) => r.authorization === `Bearer ${TOKEN_A}` && r.url.endsWith(statusPathOf(SERIAL, taskId)),
        );
        const gaps = byA.slice(1).map((r, i) => r.at - byA[i].at);
        assert.ok(
          gaps.every((ms) => ms > LEASE_MS),
          `A's polls came ${gaps.join(', ')} ms apart: more than the lease`,
        );
        assert.ok(
          byA.length < 6_000 / LEASE_MS,
          `${byA.length} polls by A in 6 s: the lease must outlive the gaps between them`,
        );
        assert.equal(sentWith(TOKEN_B, taskId), 0, 'B asked Central about a task A polls');
        assert.ok(b.store.get(key)?.state === 'RUNNING', "B shows A's results");

        // A crashes: it cannot hand its lease over.
        mA.detach();
        const diedAt = Date.now();
        a.dispose();
        assert.equal(clockA.pendingTimers(), 0, 'no timer of the closed window is left running');
        await waitFor('B to take over', () => sentWith(TOKEN_B, taskId) >= 1, 5_000);
        const tookOverAfter = Date.now() - diedAt;
        assert.ok(
          tookOverAfter <= LEASE_MS + 500,
          `B took over ${tookOverAfter} ms after A died (lease ${LEASE_MS} ms)`,
        );
      } finally {
        a.dispose();
        b.dispose();
      }
    });

    it('a task found gone (404) is announced by the window that polled it, not by every window', async () => {
      const shared = new SharedState(20);
      const a = await windowWith(shared, TOKEN_A);
      const b = await windowWith(shared, TOKEN_B);
      const finished = { a: [] as string[], b: [] as string[] };
      a.monitor.onDidFinish((k) => finished.a.push(k));
      b.monitor.onDidFinish((k) => finished.b.push(k));
      try {
        const taskId = sim.addTask(SERIAL, 'notFound', { notFoundAfterMs: 1500, durationMs: 60_000 });
        const key = await pollInAShowInB(shared, a, b, taskId);
        await waitFor(
          'both windows to see NOT FOUND',
          () => a.store.get(key)?.state === 'NOT_FOUND' && b.store.get(key)?.state === 'NOT_FOUND',
          20_000,
        );
        await sleep(500);
        assert.equal(sentWith(TOKEN_B, taskId), 0, "B read A's results");
        assert.deepEqual(finished, { a: [key], b: [] }, 'only the window that polled speaks');
      } finally {
        a.dispose();
        b.dispose();
      }
    });

    it('a lease that claims too much (far ahead, as after the clock went back, or not a number) holds nothing and spins no timer', async () => {
      const shared = new SharedState(20);
      const seed = shared.window();
      const ids = [0, 1, 2].map(() => sim.addTask(SERIAL, 'complete', { durationMs: 600 }));
      const claims = [Date.now() + 3_600_000, Number.MAX_SAFE_INTEGER, 'tomorrow'];
      for (const [i, until] of claims.entries()) {
        await seed.update(`pingSweep.lease:${SERIAL}/${ids[i]}`, { owner: 'a-window-long-gone', until });
      }
      await shared.settled();
      let timersSet = 0;
      const counting = countingClock(systemClock);
      const clock = {
        ...counting,
        setTimeout: (fn: () => void, ms: number) => (timersSet++, counting.setTimeout(fn, ms)),
      };
      const b = await windowWith(shared, TOKEN_B, { clock, leaseMs: 600 });
      try {
        ids.forEach((taskId) => b.monitor.track({ serial: SERIAL, taskId }));
        for (const taskId of ids) {
          await waitFor(
            `${taskId} to complete`,
            () => b.store.get(`${SERIAL}/${taskId}`)?.state === 'COMPLETED',
            10_000,
          );
        }
        await sleep(1000);
        assert.ok(timersSet < 100, `${timersSet} timers set in a few seconds`);
      } finally {
        b.dispose();
      }
      assert.equal(counting.pendingTimers(), 0);
    });
  });
});
