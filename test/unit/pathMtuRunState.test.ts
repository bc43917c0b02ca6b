import * as assert from 'node:assert/strict';
import {
  MAX_KEPT_FAILURES,
  PathMtuRunState,
  RunStage,
  createRunState,
  currentStage,
  headline,
  parseRunState,
  runDescription,
  runTooltip,
  stageNumber,
} from '../../src/core/pathMtu';

const T = 1_700_000_000_000;
const PLAN = { startPacketSize: 576, endPacketSize: 1500, sweepInterval: 19, count: 2 };

function rows(largest: number, sizes: number[]) {
  return sizes.map((size) => ({ size, sent: 2, answered: size <= largest ? 2 : 0, timedOut: size <= largest ? 0 : 2 }));
}

function stage(over: Partial<RunStage> = {}): RunStage {
  return {
    purpose: 'coarse',
    plan: PLAN,
    why: 'Coarse sweep.',
    status: 'completed',
    task: 'CN12345678/t1',
    sizes: rows(1472, [1400, 1450, 1500]),
    startedAt: T,
    endedAt: T + 1,
    ...over,
  };
}

function state(over: Partial<PathMtuRunState> = {}): PathMtuRunState {
  const created = createRunState({ id: 'inv-1', serial: 'CN12345678', destination: '10.1.1.1' }, T);
  if ('error' in created) throw new Error(created.error);
  return { ...created.state, ...over };
}

function refused(value: unknown): string {
  const r = parseRunState(value);
  assert.ok('error' in r, `accepted ${JSON.stringify(value).slice(0, 200)}`);
  return r.error;
}

describe('path MTU run record', () => {
  it('starts running with the defaults, and says what is wrong with the input', () => {
    const s = state();
    assert.deepEqual(
      { ...s, stages: s.stages.length },
      {
        version: 1,
        id: 'inv-1',
        serial: 'CN12345678',
        destination: '10.1.1.1',
        start: 576,
        end: 1500,
        cycles: 2,
        phase: 'running',
        stages: 0,
        createdAt: T,
        updatedAt: T,
      },
    );
    const bad = (input: Record<string, unknown>) => {
      const r = createRunState({ id: 'inv-1', serial: 'CN12345678', destination: '10.1.1.1', ...input } as never, T);
      return 'error' in r ? r.error : 'accepted';
    };
    assert.match(bad({ id: '' }), /investigation id must be 1 to 100 letters/);
    assert.match(bad({ id: 'a/b' }), /investigation id/);
    assert.match(bad({ id: 'x'.repeat(101) }), /investigation id/);
    assert.match(bad({ serial: 'a b' }), /serial/i);
    assert.match(bad({ destination: '300.1.1.1' }), /not a valid IPv4 address/);
    assert.match(bad({ start: 1500, end: 576 }), /end size must be larger/);
    assert.match(bad({ cycles: 0 }), /Cycles per size must be a whole number from 1 to 50/);
  });

  it('reads back what it wrote, dropping unknown fields', () => {
    const s = state({
      stages: [
        stage(),
        stage({ purpose: 'refine', status: 'running', sizes: undefined, endedAt: undefined, task: 'CN12345678/t2' }),
      ],
    });
    delete s.stages[1].sizes;
    delete s.stages[1].endedAt;
    const parsed = parseRunState({ ...JSON.parse(JSON.stringify(s)), extra: 'x' });
    assert.ok('state' in parsed);
    assert.deepEqual(parsed.state, s);
  });

  it('refuses a record that breaks the format or tells an inconsistent story, saying where', () => {
    const json = (over: Partial<PathMtuRunState>) => JSON.parse(JSON.stringify(state(over)));
    assert.match(refused(null), /unreadable \(record\)/);
    assert.match(refused({ ...json({}), version: 2 }), /unreadable \(version\)/);
    assert.match(refused({ ...json({}), phase: 'exploded' }), /unreadable \(phase\)/);
    assert.match(refused(json({ stages: [stage({ purpose: 'guess' as never })] })), /stages\.0\.purpose/);
    assert.match(
      refused(json({ stages: [stage({ sizes: [{ size: 1400, sent: 2, answered: 2, timedOut: 1 }] })] })),
      /stages\.0\.sizes/,
    );
    assert.match(refused(json({ stages: [stage({ startedAt: -1 })] })), /stages\.0\.startedAt/);
    assert.match(refused(json({ stages: [stage({ why: 'x'.repeat(5000) })] })), /stages\.0\.why/);
    assert.match(refused(json({ stages: Array.from({ length: 65 }, () => stage()) })), /unreadable \(stages\)/);
    assert.match(
      refused(json({ stages: [stage({ status: 'running', task: undefined, sizes: undefined })] })),
      /stage 1 is running without a task/,
    );
    assert.match(
      refused(json({ stages: [stage({ status: 'running', sizes: undefined }), stage()] })),
      /stage 1 is in flight but is not the last/,
    );
    assert.match(refused(json({ stages: [stage({ sizes: undefined })] })), /stage 1 completed without answers/);
    assert.match(refused(json({ phase: 'paused' })), /paused without a reason/);
    assert.match(
      refused(json({ phase: 'done', stages: [stage({ status: 'starting', task: undefined, sizes: undefined })] })),
      /done with a stage in flight/,
    );
    assert.match(refused(json({ destination: 'not a host!' })), /Expected an IPv4 or IPv6 address/);
    assert.match(refused(json({ start: 1500, end: 1000 })), /end size must be larger/);
    assert.match(refused(json({ id: '../x' })), /investigation id/);
  });

  it('numbers stages so that a failed attempt and its retry share a number', () => {
    const failed = stage({ status: 'failed', task: undefined, sizes: undefined, reason: 'refused' });
    const s = state({
      stages: [stage(), failed, failed, stage({ purpose: 'refine', status: 'running', sizes: undefined })],
    });
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => stageNumber(s, i)),
      [1, 2, 2, 2],
    );
    assert.equal(currentStage(s), 2);
    assert.equal(currentStage(state({ stages: [stage()] })), 2);
    assert.equal(currentStage(state()), 1);
    assert.ok(MAX_KEPT_FAILURES >= 3);
  });
});

describe('path MTU run words (tree item and headline)', () => {
  const running = state({ stages: [stage(), stage({ purpose: 'refine', status: 'running', sizes: undefined })] });

  it('describes the stage in flight with its task state and progress', () => {
    assert.equal(runDescription(running, { state: 'RUNNING', progressPercent: 40 }), 'stage 2 · RUNNING 40%');
    assert.equal(runDescription(running, { state: 'RUNNING', progressPercent: 39.6 }), 'stage 2 · RUNNING 40%');
    assert.equal(runDescription(running, { state: 'INITIATED', progressPercent: NaN }), 'stage 2 · INITIATED 0%');
    assert.equal(runDescription(running, { state: 'RUNNING', progressPercent: 250 }), 'stage 2 · RUNNING 100%');
    assert.equal(runDescription(running, { state: 'NOT_FOUND', progressPercent: 0 }), 'stage 2 · NOT FOUND');
    assert.equal(runDescription(running), 'stage 2 · PENDING');
    assert.equal(runDescription(state()), 'stage 1 · starting');
    assert.match(
      headline(running),
      /^Looking for the largest size that reaches 10\.1\.1\.1 from CN12345678: stage 2\.$/,
    );
  });

  it('gives the answer when done, and the pause and its reason when paused', () => {
    const exact = rows(1472, [1470, 1471, 1472, 1473, 1474]).map((r) => ({
      ...r,
      sent: 20,
      answered: r.answered ? 20 : 0,
      timedOut: r.answered ? 0 : 20,
    }));
    const done = state({
      phase: 'done',
      stages: [
        stage({
          purpose: 'refine',
          plan: { ...PLAN, startPacketSize: 1470, endPacketSize: 1474, sweepInterval: 1, count: 20 },
          sizes: exact,
        }),
      ],
    });
    assert.equal(runDescription(done), '1472 bytes');
    assert.match(headline(done), /^The largest ICMP size that reaches 10\.1\.1\.1 from CN12345678 is 1472 bytes;/);
    const paused = state({
      phase: 'paused',
      stages: [stage()],
      pause: { reason: 'Stage 2 could not start: Conflict (409).', cause: 'conflict', at: T },
    });
    assert.equal(runDescription(paused), 'stage 2 · paused');
    assert.equal(headline(paused), 'Paused at stage 2: Retry goes on from there; Stop keeps what was found.');
    const tip = runTooltip(paused);
    assert.match(
      tip,
      /^Gateway: CN12345678\nDestination: 10\.1\.1\.1\nSizes: 576–1500 bytes, 2 cycles per size\nStatus: stage 2 · paused\n/,
    );
    assert.match(tip, /Paused: Stage 2 could not start: Conflict \(409\)\.$/);
  });

  it('says what a stopped run found', () => {
    const stopped = state({ phase: 'stopped', stages: [stage(), stage({ status: 'cancelled', sizes: undefined })] });
    assert.equal(runDescription(stopped), 'stopped');
    assert.equal(
      headline(stopped),
      'Stopped after 1 sweep, before a conclusion: 1450 bytes got an answer and 1500 did not, so the largest size that gets through is between them.',
    );
    assert.match(runTooltip(stopped), /\nStopped after 1 sweep/);
    const some = state({ phase: 'stopped', stages: [stage({ sizes: rows(1500, [1400, 1450]) })] });
    assert.equal(
      headline(some),
      'Stopped after 1 sweep, before a conclusion: every size tried answered, up to 1450 bytes.',
    );
    // When the answers already allow a conclusion, a stopped run gives it.
    const all = state({ phase: 'stopped', stages: [stage({ sizes: rows(1500, [1400, 1450, 1500]) })] });
    assert.equal(runDescription(all), 'at least 1500 bytes · stopped');
    assert.match(headline(all), /^Every size from 576 to 1500 bytes reaches 10\.1\.1\.1/);
    const none = state({ phase: 'stopped', stages: [stage({ sizes: rows(0, [1400, 1450, 1500]) })] });
    assert.equal(
      headline(none),
      'Stopped after 1 sweep, before a conclusion: no size tried got an answer from 10.1.1.1.',
    );
  });
});
