import * as assert from 'node:assert/strict';
import { taskKey, type TrackedTask } from '../../src/core/task';
import {
  compareState,
  givenKeys,
  NEEDS_TWO,
  restoredKeys,
  selectForCompare,
} from '../../src/editor/compare/compareState';
import { MAX_COMPARED } from '../../src/shared/compareProtocol';
import { sweepOutput } from './helpers/outputs';

const SERIAL = 'CN12345678';

/** A sweep over 1400 and 1500 bytes; sizes from `timeoutFrom` up time out. */
const output = (timeoutFrom: number, rtt: number) => sweepOutput({ sizes: [1400, 1500], mtu: timeoutFrom - 1, rtt });

function task(n: number, over: Partial<TrackedTask> = {}): TrackedTask {
  return {
    serial: SERIAL,
    taskId: `00000000-0000-4000-8000-00000000000${n}`,
    baseUrl: 'http://127.0.0.1:1',
    destination: '10.1.1.1',
    state: 'COMPLETED',
    progressPercent: 100,
    startTime: `2026-01-0${n}T10:00:00Z`,
    output: output(1500, 10),
    addedAt: n,
    updatedAt: n,
    ...over,
  };
}

function lookup(...tasks: TrackedTask[]): (key: string) => TrackedTask | undefined {
  const byKey = new Map(tasks.map((t) => [taskKey(t), t]));
  return (key) => byKey.get(key);
}

describe('Compare Results: what the command was given', () => {
  it('takes the selected items of a tree, else keys from a script in either argument, else nothing (the palette asks)', () => {
    assert.deepEqual(givenKeys('a', ['a', 'b']), ['a', 'b']);
    assert.deepEqual(givenKeys(['a', 'b'], undefined), ['a', 'b']);
    assert.deepEqual(givenKeys(undefined, ['a', 'b']), ['a', 'b']);
    assert.deepEqual(givenKeys('a', undefined), ['a']);
    assert.deepEqual(givenKeys('a', []), ['a']);
    assert.equal(givenKeys(undefined, undefined), undefined);
    assert.deepEqual(givenKeys(42, 'x'), [42]);
  });
});

describe('Compare Results: which tasks are compared', () => {
  const [a, b, c] = [task(1), task(2), task(3)];

  it('compares completed tasks once each, in the order given', () => {
    const s = selectForCompare([taskKey(b), taskKey(a), taskKey(b)], lookup(a, b));
    assert.deepEqual(s, { keys: [taskKey(b), taskKey(a)], notice: undefined });
  });

  it('names every task not completed in one notice and leaves it out', () => {
    const running = task(4, { state: 'RUNNING', progressPercent: 40, output: undefined, destination: '10.9.9.9' });
    const failed = task(5, { state: 'FAILED', output: undefined, destination: '10.8.8.8' });
    const s = selectForCompare([a, running, b, failed].map(taskKey), lookup(a, b, running, failed));
    assert.deepEqual(s.keys, [taskKey(a), taskKey(b)]);
    assert.equal(s.problem, undefined);
    assert.equal(
      s.notice,
      `Ping Sweep: compared 2 sweeps; left out, not completed: 10.9.9.9 on ${SERIAL} (RUNNING 40%), 10.8.8.8 on ${SERIAL} (FAILED).`,
    );
  });

  it('counts a completed task without its result yet as not completed', () => {
    const s = selectForCompare([a, { ...b, output: undefined }].map(taskKey), lookup(a, { ...b, output: undefined }));
    assert.match(
      s.problem ?? '',
      /only one was given; left out, not completed: 10\.1\.1\.1 on CN12345678 \(COMPLETED\)/,
    );
  });

  it('refuses fewer than two completed with the message that two or more are needed', () => {
    const running = task(4, { state: 'RUNNING', progressPercent: 10, output: undefined });
    for (const given of [[], [taskKey(a)], [taskKey(a), taskKey(a)], [taskKey(a), taskKey(running)]]) {
      const s = selectForCompare(given, lookup(a, running));
      assert.deepEqual(s.keys, []);
      assert.ok(s.problem?.startsWith(`${NEEDS_TWO};`), s.problem);
    }
    assert.match(selectForCompare([], lookup()).problem!, /none was given\.$/);
  });

  it('names what is not a tracked task, quoted and cut short, and never throws on odd values', () => {
    const long = `CN1/${'x'.repeat(5000)}`;
    const s = selectForCompare([taskKey(a), 7, null, { key: 1 }, long, taskKey(c)], lookup(a, c));
    assert.deepEqual(s.keys, [taskKey(a), taskKey(c)]);
    assert.ok(s.notice!.includes('"number" (not tracked)'), s.notice);
    assert.ok(s.notice!.includes('"object" (not tracked)'), s.notice);
    assert.ok(s.notice!.length < 400, `a short message, not ${s.notice!.length} characters`);
  });

  it('names tasks inertly: a destination from Central or a key from a script cannot become a link or reorder the line', () => {
    const odd = task(6, {
      state: 'FAILED',
      output: undefined,
      destination: '[x](command:workbench.action.quit) \u202eevil',
    });
    const s = selectForCompare(
      [taskKey(a), taskKey(b), taskKey(odd), 'CN1/x\n\n[y](https://example.com)'],
      lookup(a, b, odd),
    );
    assert.doesNotMatch(s.notice!, /\]\(|\u202e|\n/);
    assert.ok(s.notice!.includes('<U+202E>evil on CN12345678 (FAILED)'), s.notice);
  });

  it('names at most five left-out tasks and counts the rest', () => {
    const given = [taskKey(a), taskKey(b), ...Array.from({ length: 300 }, (_, i) => `CN1/${i}`)];
    const s = selectForCompare(given, lookup(a, b));
    assert.match(s.notice!, /"CN1\/4" \(not tracked\) and 295 more\.$/);
  });

  it(`refuses more than ${MAX_COMPARED} sweeps at once`, () => {
    const many = Array.from({ length: MAX_COMPARED + 1 }, (_, i) => ({ ...a, taskId: `t${i}` }));
    const s = selectForCompare(many.map(taskKey), lookup(...many));
    assert.deepEqual(s.keys, []);
    assert.match(s.problem!, new RegExp(`at most ${MAX_COMPARED} sweeps at once; ${MAX_COMPARED + 1} were given`));
  });
});

describe('Compare Results: what the page is sent', () => {
  it('the tasks side by side, oldest first, with the change stated', () => {
    const older = task(1, { output: output(1500, 14) });
    const newer = task(2, { output: output(9999, 10) });
    const state = compareState([taskKey(newer), taskKey(older)], lookup(older, newer));
    assert.equal(state.kind, 'comparison');
    if (state.kind !== 'comparison') return;
    assert.equal(state.title, 'Compare 2 sweeps');
    assert.deepEqual(
      state.comparison.columns.map((c) => c.key),
      [taskKey(older), taskKey(newer)],
    );
    assert.equal(state.comparison.change, '1500 bytes now answer; average RTT 4.0 ms lower.');
  });

  it('leaves out a compared task that was removed or is no longer completed, and says so below two', () => {
    const [x, y, z] = [task(1), task(2), task(3)];
    const keys = [x, y, z].map(taskKey);
    const two = compareState(keys, lookup(x, z));
    assert.equal(two.kind === 'comparison' && two.comparison.columns.length, 2);
    const one = compareState(keys, lookup(x));
    assert.equal(one.kind, 'error');
    if (one.kind !== 'error') return;
    assert.equal(one.title, 'Compare Results');
    assert.match(one.message, /Only 1 of the 3 sweeps compared here is still tracked and completed/);
    assert.deepEqual(one.keys, keys, 'the keys stay, so a reload restores the same comparison');
  });

  it('says a comparison that names no sweep could not be restored', () => {
    const state = compareState([], lookup());
    assert.equal(state.kind === 'error' && /could not be restored/.test(state.message), true);
  });
});

describe('Compare Results: a comparison restored after a reload', () => {
  const key = `${SERIAL}/00000000-0000-4000-8000-000000000001`;

  it('takes back only keys a task could have, whatever the page kept', () => {
    assert.deepEqual(restoredKeys({ keys: [key, `${SERIAL}/../../x`, 'CN1/a', '/x', 'nokey', 7, null] }), [key]);
    assert.deepEqual(restoredKeys({ keys: [` ${key}`, `${key}/more`, `${SERIAL.toLowerCase()}x/${key}`] }), []);
    for (const odd of [undefined, null, 'keys', 42, [], { keys: 'x' }, { keys: { 0: key } }]) {
      assert.deepEqual(restoredKeys(odd), [], JSON.stringify(odd));
    }
  });

  it(`takes back at most ${MAX_COMPARED}`, () => {
    const many = Array.from(
      { length: 5000 },
      (_, i) => `${SERIAL}/00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    assert.equal(restoredKeys({ keys: many }).length, MAX_COMPARED);
  });
});
