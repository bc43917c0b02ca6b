import * as assert from 'node:assert/strict';
import { CompareInput, compareSweeps } from '../../src/core/compare';
import type { SweepOutput } from '../../src/core/schemas';

/** An output of `cycles` cycles over `sizes`; `answers(size, cycle)` says which replies came back. */
function output(
  sizes: number[],
  answers: (size: number, cycle: number) => boolean,
  avgRtt: number | null,
  cycles = 2,
): SweepOutput {
  let id = 0;
  const responses = Array.from({ length: cycles }, (_, c) => ({
    count: c + 1,
    replies: sizes.map((size) => ({ requestId: ++id, size, timedOut: !answers(size, c) })),
  }));
  const received = responses.flatMap((r) => r.replies).filter((r) => !r.timedOut).length;
  return {
    destination: '10.1.1.1',
    successRate: (100 * received) / id,
    transmittedPacketsCount: id,
    receivedPacketsCount: received,
    minimumRoundTripTimeMilliseconds: avgRtt === null ? null : avgRtt - 1,
    averageRoundTripTimeMilliseconds: avgRtt,
    maximumRoundTripTimeMilliseconds: avgRtt === null ? null : avgRtt + 1,
    responses,
  };
}

const sizes = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
const sweep = (key: string, startTime: string | null, out: SweepOutput): CompareInput => ({
  key,
  serial: 'CN123',
  startTime,
  output: out,
});

describe('compare sweeps', () => {
  it('states what changed between the oldest and the newest, whatever order they are given in', () => {
    const before = sweep(
      'CN123/a',
      '2025-09-18T10:00:00Z',
      output(sizes(1400, 1500, 1), (s) => s <= 1472, 16.3),
    );
    const after = sweep(
      'CN123/b',
      '2025-09-19T10:00:00Z',
      output(sizes(1400, 1500, 1), () => true, 12.2),
    );
    const c = compareSweeps([after, before]);
    assert.ok('columns' in c);
    assert.deepEqual(
      c.columns.map((col) => col.key),
      ['CN123/a', 'CN123/b'],
    );
    assert.equal(c.change, '1473–1500 bytes now answer; average RTT 4.1 ms lower.');
    assert.deepEqual(
      c.columns.map((col) => col.averageRttDeltaMs),
      [null, -4.1],
    );
    assert.equal(c.columns[0].verdict, 'answers up to 1472 bytes; first timeout at 1473');
    assert.equal(c.columns[1].verdict, 'every size answered (1400–1500 bytes)');
    const row = c.rows.find((r) => r.size === 1480)!;
    assert.deepEqual(row.cells, [
      { sent: 2, answered: 0, rate: 0 },
      { sent: 2, answered: 2, rate: 1 },
    ]);
  });

  it('shows sizes present in only some sweeps as absent, not as failures, and compares only shared sizes', () => {
    const a = sweep(
      'k/a',
      '2025-09-18T10:00:00Z',
      output(sizes(1200, 1500, 50), (s) => s < 1450, 10),
    );
    const b = sweep(
      'k/b',
      '2025-09-18T11:00:00Z',
      output(sizes(1400, 1500, 10), (s) => s < 1450, 10),
    );
    const c = compareSweeps([a, b]);
    assert.ok('rows' in c);
    assert.deepEqual(c.rows.find((r) => r.size === 1200)!.cells, [{ sent: 2, answered: 2, rate: 1 }, null]);
    assert.deepEqual(c.rows.find((r) => r.size === 1410)!.cells, [null, { sent: 2, answered: 2, rate: 1 }]);
    assert.equal(c.change, 'The same sizes answer as before; average RTT unchanged.');
    const apart = compareSweeps([
      a,
      sweep(
        'k/c',
        '2025-09-18T12:00:00Z',
        output([1201, 1202], () => true, null),
      ),
    ]);
    assert.ok('change' in apart);
    assert.equal(
      apart.change,
      'The oldest and the newest sweep share no packet size, so their answers cannot be compared size by size.',
    );
  });

  it('names sizes that now lose replies, in ranges of the sizes compared, and bounds a long list', () => {
    const grid = sizes(1000, 1900, 100);
    const a = sweep(
      'k/a',
      '2025-09-18T10:00:00Z',
      output(grid, () => true, 10),
    );
    const b = sweep(
      'k/b',
      '2025-09-18T11:00:00Z',
      output(grid, (s, cycle) => !(s >= 1500 && s <= 1700 && cycle === 1), 12.55),
    );
    const c = compareSweeps([a, b]);
    assert.ok('change' in c);
    assert.equal(c.change, '1500–1700 bytes now lose replies; average RTT 2.5 ms higher.');
    const scattered = sweep(
      'k/s',
      '2025-09-18T12:00:00Z',
      output(grid, (s) => ![1000, 1200, 1400, 1600, 1800].includes(s), 10),
    );
    const d = compareSweeps([a, scattered]);
    assert.ok('change' in d);
    assert.equal(d.change, '1000, 1200, 1400 bytes (and 2 more ranges) now lose replies; average RTT unchanged.');
  });

  it('puts sweeps with unreadable start times last, in the order given, and skips RTT when a sweep has none', () => {
    const grid = sizes(100, 300, 100);
    const c = compareSweeps([
      sweep(
        'k/x',
        'not a time',
        output(grid, () => false, null),
      ),
      sweep(
        'k/y',
        null,
        output(grid, () => true, 5),
      ),
      sweep(
        'k/z',
        '2025-01-01T00:00:00Z',
        output(grid, () => true, 5),
      ),
    ]);
    assert.ok('columns' in c);
    assert.deepEqual(
      c.columns.map((col) => col.key),
      ['k/z', 'k/x', 'k/y'],
    );
    assert.deepEqual(
      c.columns.map((col) => col.averageRttDeltaMs),
      [null, null, 0],
    );
    assert.equal(c.change, 'The same sizes answer as before; average RTT unchanged.');
    const lost = compareSweeps(
      [c.columns[0], c.columns[1]].map((col, i) =>
        sweep(
          col.key,
          `2025-01-0${i + 1}T00:00:00Z`,
          output(grid, () => i === 0, i === 0 ? 5 : null),
        ),
      ),
    );
    assert.ok('change' in lost);
    assert.equal(lost.change, '100–300 bytes now lose replies.');
  });

  it('refuses fewer than two sweeps with a message', () => {
    assert.deepEqual(compareSweeps([]), { error: 'Pick at least two completed sweeps to compare.' });
    assert.ok(
      'error' in
        compareSweeps([
          sweep(
            'k/a',
            null,
            output([1], () => true, 1),
          ),
        ]),
    );
  });
});
