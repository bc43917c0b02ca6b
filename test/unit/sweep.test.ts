import { strict as assert } from 'node:assert';
import type { SweepOutput } from '../../src/core/schemas';
import { analyzeSweep, flattenReplies, toCsv, toJson } from '../../src/core/sweep';
import type { TrackedTask } from '../../src/core/task';

/** Cycles of `[size, timedOut]` pairs; request ids are numbered across cycles as the gateway does. */
function output(cycles: Array<Array<[number, boolean]>>, over: Partial<SweepOutput> = {}): SweepOutput {
  let id = 0;
  return {
    destination: '10.0.0.1',
    successRate: 100,
    transmittedPacketsCount: 0,
    receivedPacketsCount: 0,
    minimumRoundTripTimeMilliseconds: 1.5,
    averageRoundTripTimeMilliseconds: 2.25,
    maximumRoundTripTimeMilliseconds: 3,
    responses: cycles.map((replies, i) => ({
      count: i + 1,
      replies: replies.map(([size, timedOut]) => ({ requestId: ++id, size, timedOut })),
    })),
    ...over,
  };
}

/** `cycles` identical cycles over `sizes`, where sizes >= `cutoff` time out. */
function cutoffSweep(sizes: number[], cutoff: number, cycles = 2): SweepOutput {
  return output(Array.from({ length: cycles }, () => sizes.map((s): [number, boolean] => [s, s >= cutoff])));
}

describe('analyzeSweep', () => {
  it('finds a clean cut-off: largest always answered, smallest timed out, per-size counts', () => {
    const a = analyzeSweep(cutoffSweep([1300, 1350, 1400, 1450, 1500], 1450, 3));
    assert.equal(a.largestAlwaysAnswered, 1400);
    assert.equal(a.smallestTimedOut, 1450);
    assert.equal(a.replies, 15);
    assert.equal(a.timedOut, 6);
    assert.deepEqual(a.sizes[2], { size: 1400, sent: 3, answered: 3, timedOut: 0 });
    assert.deepEqual(a.sizes[3], { size: 1450, sent: 3, answered: 0, timedOut: 3 });
    assert.equal(a.verdict, 'answers up to 1400 bytes; first timeout at 1450');
  });

  it('sorts sizes the gateway reported out of order and merges repeated sizes', () => {
    const a = analyzeSweep(
      output([
        [
          [50, false],
          [10, false],
          [30, true],
        ],
        [
          [30, false],
          [10, false],
          [50, false],
        ],
      ]),
    );
    assert.deepEqual(
      a.sizes.map((r) => [r.size, r.sent, r.answered, r.timedOut]),
      [
        [10, 2, 2, 0],
        [30, 2, 1, 1],
        [50, 2, 2, 0],
      ],
    );
    // 50 always answered although 30 lost one: scattered loss, not a size limit.
    assert.equal(a.largestAlwaysAnswered, 50);
    assert.equal(a.smallestTimedOut, 30);
    assert.match(a.verdict, /^intermittent loss: first timeout at 30 bytes, yet 50 bytes always answered$/);
  });

  it('reports an empty output without inventing thresholds', () => {
    for (const out of [output([]), output([[]])]) {
      const a = analyzeSweep(out);
      assert.deepEqual(a.sizes, []);
      assert.equal(a.largestAlwaysAnswered, null);
      assert.equal(a.smallestTimedOut, null);
      assert.equal(a.replies, 0);
      assert.equal(a.verdict, 'no replies recorded');
    }
  });

  it('says every size answered when nothing timed out', () => {
    const a = analyzeSweep(cutoffSweep([100, 200, 300], Infinity));
    assert.equal(a.largestAlwaysAnswered, 300);
    assert.equal(a.smallestTimedOut, null);
    assert.equal(a.timedOut, 0);
    assert.equal(a.verdict, 'every size answered (100–300 bytes)');
  });

  it('says nothing answered when every reply timed out', () => {
    const a = analyzeSweep(cutoffSweep([100, 200], 0));
    assert.equal(a.largestAlwaysAnswered, null);
    assert.equal(a.smallestTimedOut, 100);
    assert.equal(a.timedOut, a.replies);
    assert.equal(a.verdict, 'nothing answered (100–200 bytes all timed out)');
  });

  it('names loss at every size when each size lost some but not all replies', () => {
    const a = analyzeSweep(
      output([
        [
          [100, true],
          [200, false],
        ],
        [
          [100, false],
          [200, true],
        ],
      ]),
    );
    assert.equal(a.largestAlwaysAnswered, null);
    assert.equal(a.smallestTimedOut, 100);
    assert.equal(a.verdict, 'replies lost at every size (100–200 bytes); first timeout at 100');
  });

  it('flags a cut-off above which some replies still came back', () => {
    const a = analyzeSweep(
      output([
        [
          [100, false],
          [200, true],
          [300, true],
        ],
        [
          [100, false],
          [200, true],
          [300, false],
        ],
      ]),
    );
    assert.equal(a.largestAlwaysAnswered, 100);
    assert.equal(a.smallestTimedOut, 200);
    assert.equal(
      a.verdict,
      'answers up to 100 bytes; first timeout at 200, but some larger sizes still answered (intermittent loss)',
    );
  });

  it('handles a single size', () => {
    assert.equal(analyzeSweep(cutoffSweep([64], Infinity, 1)).verdict, 'every size answered (64 bytes)');
  });
});

describe('flattenReplies', () => {
  it('keeps the gateway order and labels each reply with its cycle number', () => {
    const out = output([
      [
        [10, false],
        [20, true],
      ],
      [[10, false]],
    ]);
    out.responses[1].count = 7;
    assert.deepEqual(flattenReplies(out), [
      { cycle: 1, requestId: 1, size: 10, timedOut: false },
      { cycle: 1, requestId: 2, size: 20, timedOut: true },
      { cycle: 7, requestId: 3, size: 10, timedOut: false },
    ]);
  });
});

describe('toCsv', () => {
  it('writes the header and one CRLF-terminated record per reply', () => {
    const csv = toCsv(
      output([
        [
          [10, false],
          [20, true],
        ],
      ]),
    );
    assert.equal(csv, 'cycle,requestId,size,timedOut\r\n1,1,10,false\r\n1,2,20,true\r\n');
  });

  it('writes only the header for an empty output', () => {
    assert.equal(toCsv(output([])), 'cycle,requestId,size,timedOut\r\n');
  });

  it('has as many records as replies, every one with four fields', () => {
    const csv = toCsv(cutoffSweep([1, 2, 3, 4, 5], 4, 4));
    const lines = csv.split('\r\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 1 + 20);
    assert.ok(lines.every((l) => l.split(',').length === 4 && !l.includes('\n')));
  });
});

describe('toJson', () => {
  const base: TrackedTask = {
    serial: 'CN12345678',
    taskId: 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e',
    baseUrl: 'https://user:secret-pass@de1.api.central.arubanetworks.com',
    state: 'COMPLETED',
    progressPercent: 100,
    startTime: '2025-09-18T10:00:01Z',
    endTime: '2025-09-18T10:00:05Z',
    addedAt: 1,
    updatedAt: 2,
    problem: 'Bearer abcdefghijkl',
  };

  it('carries identity, status, times, summary and replies', () => {
    const doc = JSON.parse(toJson({ ...base, output: cutoffSweep([100, 200], 200, 1) }));
    assert.deepEqual(Object.keys(doc), [
      'serial',
      'taskId',
      'destination',
      'status',
      'startTime',
      'endTime',
      'durationMs',
      'failReason',
      'summary',
      'replies',
      'notes',
    ]);
    assert.equal(doc.serial, 'CN12345678');
    assert.equal(doc.destination, '10.0.0.1');
    assert.equal(doc.status, 'COMPLETED');
    assert.equal(doc.durationMs, 4000);
    assert.equal(doc.summary.largestAlwaysAnswered, 100);
    assert.equal(doc.summary.smallestTimedOut, 200);
    assert.equal(doc.summary.averageRoundTripTimeMilliseconds, 2.25);
    assert.deepEqual(
      doc.summary.sizes.map((r: { size: number }) => r.size),
      [100, 200],
    );
    assert.deepEqual(doc.replies[1], { cycle: 1, requestId: 2, size: 200, timedOut: true });
  });

  it('never copies anything beyond the whitelisted fields (no base URL, no problem text)', () => {
    const text = toJson({ ...base, output: cutoffSweep([100], 1000, 1), token: 'tok-123456789' } as TrackedTask);
    assert.doesNotMatch(text, /secret-pass|Bearer|tok-123456789|baseUrl/);
  });

  it('exports a task without output (failed) with null summary and no replies', () => {
    const doc = JSON.parse(toJson({ ...base, state: 'FAILED', failReason: 'gateway offline', endTime: undefined }));
    assert.equal(doc.summary, null);
    assert.deepEqual(doc.replies, []);
    assert.equal(doc.failReason, 'gateway offline');
    assert.equal(doc.durationMs, null);
    assert.equal(doc.destination, null);
  });
});
