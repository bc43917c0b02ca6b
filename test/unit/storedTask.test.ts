import { strict as assert } from 'node:assert';
import type { TrackedTask } from '../../src/core/task';
import { STORED_TASK_FORMAT, readStored, toStored } from '../../src/editor/tasks/storedTask';

const SERIAL = 'CN12345678';
const ID = 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e';

/** A task as the extension wrote it before stored tasks had a format: the TrackedTask as it was, as JSON. */
const TODAY: Record<string, unknown> = {
  serial: SERIAL,
  taskId: ID,
  version: 'v1',
  baseUrl: 'https://us5.api.central.arubanetworks.com',
  destination: '10.0.0.1',
  state: 'COMPLETED',
  progressPercent: 100,
  startTime: '2025-09-18T10:00:00Z',
  endTime: '2025-09-18T10:01:00Z',
  output: { successRate: 100, replies: [] },
  addedAt: 1_700_000_000_000,
  updatedAt: 1_700_000_060_000,
  lastPolledAt: 1_700_000_060_000,
  note: 'kept',
  paused: 'failures',
};

const task = (value: unknown): TrackedTask | undefined => {
  const stored = readStored(value);
  return stored && 'task' in stored ? stored.task : undefined;
};

describe('stored tasks', () => {
  it('load from the format written before they had one, field for field', () => {
    assert.deepEqual(task(structuredClone(TODAY)), TODAY);
  });

  it('are written with their format and read back as they were, the result left to its file', () => {
    const t = task(structuredClone(TODAY))!;
    const written = JSON.parse(JSON.stringify(toStored(t)));
    assert.equal(written.format, STORED_TASK_FORMAT);
    const { output: _output, ...rest } = t;
    assert.deepEqual(task(written), { ...rest, resultStored: true });
  });

  it('read a removal as a tombstone, not a task', () => {
    assert.deepEqual(readStored({ removedAt: 5 }), { tombstone: { removedAt: 5 } });
  });

  it('are refused when what everything relies on is missing or malformed', () => {
    for (const bad of [
      null,
      42,
      'text',
      [TODAY],
      { ...TODAY, serial: undefined },
      { ...TODAY, serial: 'not a serial!' },
      { ...TODAY, taskId: 'x'.repeat(10_000) },
      { ...TODAY, baseUrl: 7 },
      { ...TODAY, state: undefined },
      { ...TODAY, addedAt: 'yesterday' },
      { ...TODAY, addedAt: Number.NaN },
      { ...TODAY, format: 99 },
    ]) {
      assert.equal(readStored(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
  });

  it('keep the task when an optional field is odd, and drop only that field', () => {
    const t = task({
      ...TODAY,
      progressPercent: '50',
      destination: { host: 'x' },
      output: 'not an object',
      version: 'v9',
      paused: 'sleeping',
      updatedAt: undefined,
      state: 'SOME_LATER_STATE',
      extra: 'from a later version',
    })!;
    assert.equal(t.progressPercent, 0);
    assert.equal(t.destination, undefined);
    assert.equal(t.output, undefined);
    assert.equal(t.version, undefined);
    assert.equal(t.paused, undefined);
    assert.equal(t.updatedAt, t.addedAt);
    assert.equal(t.state, 'PENDING');
    assert.equal(t.note, 'kept');
  });

  it('copes with a huge field without losing the task', () => {
    const t = task({ ...TODAY, failReason: 'x'.repeat(2_000_000) });
    assert.equal(t?.failReason?.length, 2_000_000);
  });
});
