// The moment a window takes a task over from another whose poll lease ran out, in virtual time: the other
// window may have found the task finished or gone just before it closed, and that answer, left in the shared
// state, stands. Central is asked only when the stored task is still unfinished.
import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import type { TrackedTask } from '../../src/core/task';
import { PollLeases } from '../../src/editor/tasks/pollLeases';
import { virtualClock } from '../bench/pollSim';

const LEASE_MS = 600;
const KEY = 'CNLEASE001/00000000-0000-4000-8000-000000000001';

/** One window's globalState, written at once (the sharing between windows is not what is tested here). */
class MapMemento implements vscode.Memento {
  readonly values = new Map<string, unknown>();
  keys = () => [...this.values.keys()];
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  update(key: string, value: unknown): Thenable<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    return Promise.resolve();
  }
}

function task(state: TrackedTask['state']): TrackedTask {
  const [serial, taskId] = KEY.split('/');
  return { serial, taskId, baseUrl: 'https://x', state, progressPercent: 60, addedAt: 1, updatedAt: 2 };
}

describe('Taking a task over when the lease of the window that polled it runs out', () => {
  for (const [stored, asks] of [
    ['NOT_FOUND', false],
    ['COMPLETED', false],
    ['FAILED', false],
    ['RUNNING', true],
  ] as const) {
    it(`${asks ? 'asks Central' : 'takes the stored answer, asking nothing'} when the other window left it ${stored}`, () => {
      const { fake, clock } = virtualClock();
      const memento = new MapMemento();
      memento.values.set(`pingSweep.lease:${KEY}`, { owner: 'the-other-window', until: clock.now() + LEASE_MS });
      const freed: string[] = [];
      const leases = new PollLeases(memento, {
        clock,
        leaseMs: LEASE_MS,
        polls: () => true,
        onFree: (key) => freed.push(key),
      });
      try {
        let current = task('RUNNING');
        const first = leases.polledElsewhere(KEY, () => current);
        assert.equal(
          first?.elsewhere.status,
          'RUNNING',
          'while the other window holds the lease, its results are read',
        );
        // Its last poll found the task finished (or gone), and then the window closed without handing over.
        current = task(stored);
        fake.tick(LEASE_MS + 50);
        assert.deepEqual(freed, [KEY], 'the lease ran out and this window was told');
        const taking = leases.polledElsewhere(KEY, () => current);
        if (asks) {
          assert.equal(taking, undefined, 'an unfinished task is polled here from now on');
        } else {
          assert.equal(taking?.elsewhere.status, stored, 'the stored answer stands; Central is not asked');
        }
        assert.equal(
          leases.polledElsewhere(KEY, () => current),
          undefined,
          'and this window holds the lease now',
        );
      } finally {
        leases.dispose();
      }
    });
  }
});
