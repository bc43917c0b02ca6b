import { strict as assert } from 'node:assert';
import type { SweepOutput } from '../../src/core/schemas';
import type { TrackedTask } from '../../src/core/task';
import {
  buildResultState,
  describeMessage,
  formatNumber,
  panelTitle,
  parseWebviewMessage,
  toColumns,
} from '../../src/editor/results/webviewProtocol';
import type { ReplyRow, SummaryItem, TaskView } from '../../src/shared/resultProtocol';
import { rowsFromColumns } from '../../src/webview/replyRows';

const SERIAL = 'CN12345678';
const TASK_ID = 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e';
const KEY = `${SERIAL}/${TASK_ID}`;

function task(over: Partial<TrackedTask> = {}): TrackedTask {
  return {
    serial: SERIAL,
    taskId: TASK_ID,
    baseUrl: 'https://de1.api.central.arubanetworks.com',
    state: 'RUNNING',
    progressPercent: 40,
    addedAt: 1,
    updatedAt: 1,
    ...over,
  };
}

/** Two cycles over 1400/1450; 1450 times out. */
function output(over: Partial<SweepOutput> = {}): SweepOutput {
  let id = 0;
  const cycle = (count: number) => ({
    count,
    replies: [1400, 1450].map((size) => ({ requestId: ++id, size, timedOut: size >= 1450 })),
  });
  return {
    destination: '1.1.1.1',
    successRate: 50,
    transmittedPacketsCount: 4,
    receivedPacketsCount: 2,
    minimumRoundTripTimeMilliseconds: 110.597,
    averageRoundTripTimeMilliseconds: 110.7674,
    maximumRoundTripTimeMilliseconds: 110.88,
    responses: [cycle(1), cycle(2)],
    ...over,
  };
}

function item(view: TaskView, id: SummaryItem['id']): SummaryItem['value'] {
  const found = view.summary.find((s) => s.id === id);
  assert.ok(found, `summary item ${id}`);
  return found.value;
}

function asTask(state: ReturnType<typeof buildResultState>): TaskView {
  assert.equal(state.kind, 'task');
  return state as TaskView;
}

describe('parseWebviewMessage', () => {
  it('accepts the four message types and keeps only their fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'refresh', extra: '<b>' }), { type: 'refresh' });
    assert.deepEqual(parseWebviewMessage({ type: 'export' }), { type: 'export' });
    assert.deepEqual(parseWebviewMessage({ type: 'rendered', rows: 10000, paintMs: 412.5, x: 1 }), {
      type: 'rendered',
      rows: 10000,
      paintMs: 412.5,
    });
  });

  it('refuses anything else', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'ready',
      42,
      [],
      [{ type: 'ready' }],
      {},
      { type: 'READY' },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: '__proto__' },
      { type: 'constructor' },
      { type: 'toString' },
      { type: 'hasOwnProperty' },
      { type: 'rendered' },
      { type: 'rendered', rows: -1, paintMs: 1 },
      { type: 'rendered', rows: 1.5, paintMs: 1 },
      { type: 'rendered', rows: '10', paintMs: 1 },
      { type: 'rendered', rows: 1, paintMs: Number.NaN },
      { type: 'rendered', rows: 1, paintMs: Infinity },
    ];
    for (const raw of bad) {
      assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
    }
  });

  it('describes refused messages in one short printable line', () => {
    assert.equal(describeMessage(null), 'null');
    assert.equal(describeMessage('x'), 'string');
    assert.equal(describeMessage({}), 'object without a string type');
    assert.equal(describeMessage({ type: 'a\nb\u001b[31m' }), 'type "a?b?[31m"');
    const long = describeMessage({ type: 'x'.repeat(500) });
    assert.ok(long.length < 60, long);
  });
});

describe('buildResultState', () => {
  const opts = { includeReplies: true, repliesRevision: 1 };

  it('says so when the task is not tracked', () => {
    const s = buildResultState(KEY, undefined, opts);
    assert.equal(s.kind, 'missing');
    assert.equal(s.title, `Ping Sweep: ${TASK_ID}`);
    assert.match(s.kind === 'missing' ? s.message : '', /no longer tracked/);
  });

  it('shows a running task: progress, elapsed time, no result yet', () => {
    const s = asTask(buildResultState(KEY, task({ startTime: '2025-09-18T10:00:01Z', destination: '8.8.8.8' }), opts));
    assert.equal(s.state, 'RUNNING');
    assert.equal(s.final, false);
    assert.equal(s.progressPercent, 40);
    assert.equal(s.title, 'Ping Sweep: 8.8.8.8');
    assert.equal(s.result, null);
    assert.deepEqual(item(s, 'destination'), { kind: 'text', text: '8.8.8.8' });
    assert.deepEqual(item(s, 'start'), { kind: 'time', iso: '2025-09-18T10:00:01Z' });
    assert.deepEqual(item(s, 'duration'), { kind: 'elapsed', since: '2025-09-18T10:00:01Z' });
    assert.equal(s.summary.find((i) => i.id === 'duration')?.label, 'Elapsed');
    assert.deepEqual(item(s, 'successRate'), { kind: 'none' });
  });

  it('names the panel after the task id until the destination is known', () => {
    assert.equal(panelTitle(KEY, task()), `Ping Sweep: ${TASK_ID}`);
    assert.equal(panelTitle(KEY, undefined), `Ping Sweep: ${TASK_ID}`);
  });

  it('clamps and rounds progress', () => {
    assert.equal(asTask(buildResultState(KEY, task({ progressPercent: 140 }), opts)).progressPercent, 100);
    assert.equal(asTask(buildResultState(KEY, task({ progressPercent: -3 }), opts)).progressPercent, 0);
    assert.equal(asTask(buildResultState(KEY, task({ progressPercent: 33.6 }), opts)).progressPercent, 34);
    assert.equal(asTask(buildResultState(KEY, task({ progressPercent: Number.NaN }), opts)).progressPercent, 0);
  });

  it('summarises a completed sweep and carries the core analysis', () => {
    const done = task({
      state: 'COMPLETED',
      progressPercent: 100,
      startTime: '2025-09-18T10:00:01Z',
      endTime: '2025-09-18T10:02:06Z',
      output: output(),
    });
    const s = asTask(buildResultState(KEY, done, opts));
    assert.equal(s.final, true);
    assert.deepEqual(item(s, 'successRate'), { kind: 'text', text: '50%', tone: 'warn' });
    assert.deepEqual(item(s, 'packets'), { kind: 'text', text: '4 / 2' });
    assert.deepEqual(item(s, 'rtt'), { kind: 'text', text: '110.597 / 110.767 / 110.880 ms' });
    assert.deepEqual(item(s, 'end'), { kind: 'time', iso: '2025-09-18T10:02:06Z' });
    assert.deepEqual(item(s, 'duration'), { kind: 'duration', ms: 125_000 });
    assert.ok(s.result);
    assert.equal(s.result.verdict, 'answers up to 1400 bytes; first timeout at 1450');
    assert.equal(s.result.largestAlwaysAnswered, 1400);
    assert.equal(s.result.smallestTimedOut, 1450);
    assert.equal(s.result.replyCount, 4);
    assert.equal(s.result.timedOutCount, 2);
    assert.deepEqual(s.result.sizes, [
      { size: 1400, sent: 2, answered: 2, timedOut: 0 },
      { size: 1450, sent: 2, answered: 0, timedOut: 2 },
    ]);
    assert.equal(s.result.repliesRevision, 1);
    assert.deepEqual(s.result.replies, {
      cycle: [1, 1, 2, 2],
      requestId: [1, 2, 3, 4],
      size: [1400, 1450, 1400, 1450],
      timedOut: [0, 1, 0, 1],
    });
    // What the page makes of them (src/webview reads the same protocol).
    assert.deepEqual(rowsFromColumns(s.result.replies), [
      { cycle: 1, requestId: 1, size: 1400, timedOut: false },
      { cycle: 1, requestId: 2, size: 1450, timedOut: true },
      { cycle: 2, requestId: 3, size: 1400, timedOut: false },
      { cycle: 2, requestId: 4, size: 1450, timedOut: true },
    ]);
  });

  it('leaves the replies out when the webview already holds them', () => {
    const s = asTask(
      buildResultState(KEY, task({ state: 'COMPLETED', output: output() }), {
        includeReplies: false,
        repliesRevision: 3,
      }),
    );
    assert.ok(s.result);
    assert.equal(s.result.replies, undefined);
    assert.equal(s.result.repliesRevision, 3);
    assert.equal(s.result.replyCount, 4);
  });

  it('tones the success rate and copes with a sweep nothing answered', () => {
    const none = output({
      successRate: 0,
      minimumRoundTripTimeMilliseconds: null,
      averageRoundTripTimeMilliseconds: null,
      maximumRoundTripTimeMilliseconds: null,
    });
    const s = asTask(buildResultState(KEY, task({ state: 'COMPLETED', output: none }), opts));
    assert.deepEqual(item(s, 'successRate'), { kind: 'text', text: '0%', tone: 'bad' });
    assert.deepEqual(item(s, 'rtt'), { kind: 'text', text: 'no replies' });
    const mixed = output({
      minimumRoundTripTimeMilliseconds: 14,
      averageRoundTripTimeMilliseconds: 14.5,
      maximumRoundTripTimeMilliseconds: 15.064,
    });
    const m = asTask(buildResultState(KEY, task({ state: 'COMPLETED', output: mixed }), opts));
    assert.deepEqual(
      item(m, 'rtt'),
      { kind: 'text', text: '14.000 / 14.500 / 15.064 ms' },
      'one precision for all three',
    );
    const full = asTask(
      buildResultState(KEY, task({ state: 'COMPLETED', output: output({ successRate: 100 }) }), opts),
    );
    assert.deepEqual(item(full, 'successRate'), { kind: 'text', text: '100%', tone: 'good' });
  });

  it('carries a failure reason, a transient problem and a pause as given', () => {
    const failed = asTask(buildResultState(KEY, task({ state: 'FAILED', failReason: 'Device offline' }), opts));
    assert.equal(failed.failReason, 'Device offline');
    assert.equal(failed.final, true);
    const flaky = asTask(buildResultState(KEY, task({ problem: 'Central answered 503', paused: 'failures' }), opts));
    assert.equal(flaky.problem, 'Central answered 503');
    assert.equal(flaky.paused, 'failures');
    const notFound = asTask(buildResultState(KEY, task({ state: 'NOT_FOUND' }), opts));
    assert.equal(notFound.final, true);
    assert.equal(notFound.failReason, null);
  });

  it('passes device strings through untouched: the webview writes them as text, so nothing is escaped twice', () => {
    const evil = `<img src=x onerror=alert(1)>&amp;`;
    const s = asTask(
      buildResultState(KEY, task({ state: 'FAILED', failReason: evil, output: output({ destination: evil }) }), opts),
    );
    assert.equal(s.failReason, evil);
    assert.equal(s.title, `Ping Sweep: ${evil}`);
    assert.deepEqual(item(s, 'destination'), { kind: 'text', text: evil });
  });

  it('shows no duration for times it cannot read', () => {
    const s = asTask(buildResultState(KEY, task({ state: 'COMPLETED', startTime: 'soon', endTime: 'later' }), opts));
    assert.deepEqual(item(s, 'duration'), { kind: 'none' });
    assert.deepEqual(item(s, 'start'), { kind: 'time', iso: 'soon' });
  });
});

describe('reply columns', () => {
  it('come back as the same rows in the page, whatever their count', () => {
    for (const n of [0, 1, 10_000]) {
      const rows: ReplyRow[] = Array.from({ length: n }, (_, i) => ({
        cycle: 1 + (i % 5),
        requestId: i + 1,
        size: 64 + i,
        timedOut: i % 3 === 0,
      }));
      assert.deepEqual(rowsFromColumns(toColumns(rows)), rows);
    }
  });
});

describe('formatNumber', () => {
  it('keeps at most the given decimals without trailing zeros', () => {
    assert.equal(formatNumber(110.597, 3), '110.597');
    assert.equal(formatNumber(110.5974, 3), '110.597');
    assert.equal(formatNumber(100, 1), '100');
    assert.equal(formatNumber(66.666, 1), '66.7');
    assert.equal(formatNumber(Number.NaN, 1), '—');
  });
});

describe('Refine around the boundary on the result view', () => {
  const opts = { includeReplies: false, repliesRevision: 1 };
  const completed = (over: Partial<TrackedTask>) =>
    asTask(
      buildResultState(KEY, task({ state: 'COMPLETED', destination: '1.1.1.1', output: output(), ...over }), opts),
    );

  it('is offered on a completed sweep whose answers show a boundary, and is a message the page may send', () => {
    assert.equal(completed({}).result?.canRefine, true);
    assert.deepEqual(parseWebviewMessage({ type: 'refine', extra: 1 }), { type: 'refine' });
  });

  it('is not offered while the sweep runs, without a destination, or when every size answered', () => {
    assert.equal(completed({ state: 'RUNNING' }).result?.canRefine, false);
    assert.equal(completed({ destination: undefined }).result?.canRefine, false);
    const allAnswered = output();
    for (const c of allAnswered.responses) for (const r of c.replies) r.timedOut = false;
    assert.equal(completed({ output: allAnswered }).result?.canRefine, false);
  });
});
