import * as assert from 'node:assert/strict';
import { PathMtuRunner, createRunState, parseRunState } from '../../src/core/pathMtu';
import { SERIAL } from './helpers/central';
import { MtuHarness } from './helpers/mtuRun';

/** A COMPLETED status body whose output reports `sizes` once each, every one answered. */
function completedWith(sizes: number[]) {
  return {
    status: 'COMPLETED',
    progressPercent: 100,
    startTime: '2025-09-18T10:00:00Z',
    endTime: '2025-09-18T10:00:20Z',
    failReason: null,
    output: {
      destination: '10.1.1.1',
      successRate: '100',
      transmittedPacketsCount: String(sizes.length),
      receivedPacketsCount: String(sizes.length),
      minimumRoundTripTimeMilliseconds: '1.000',
      averageRoundTripTimeMilliseconds: '1.000',
      maximumRoundTripTimeMilliseconds: '1.000',
      responses: [
        {
          count: '1',
          replies: sizes.map((size, i) => ({ requestId: String(i + 1), size: String(size), timedOut: false })),
        },
      ],
    },
  };
}

/** The record survives the round trip through JSON that every save makes. */
function assertReadable(state: unknown): void {
  const parsed = parseRunState(JSON.parse(JSON.stringify(state)));
  assert.ok('state' in parsed, 'error' in parsed ? parsed.error : '');
}

describe('path MTU runner: odd and hostile answers keep the record readable', () => {
  let h: MtuHarness;
  beforeEach(async () => {
    h = await MtuHarness.open({ destinations: { '10.1.1.1': { mtu: 1472 } } });
  });
  afterEach(() => h.close());

  it('records only the sizes a stage asked for, however many others the gateway reports', async () => {
    h.onStarted = (taskId) => {
      const extra = Array.from({ length: 3000 }, (_, i) => 20_000 + i);
      h.sim.script(taskId, [{ status: 200, body: completedWith([588, 607, 1500, 1501, ...extra]) }]);
      h.onStarted = undefined;
    };
    const runner = h.runner(h.newState({ destination: '10.1.1.1' }));
    await runner.run();
    assert.deepEqual(
      runner.state.stages[0].sizes!.map((r) => r.size),
      [588, 607, 1500],
    );
    assert.equal(runner.state.phase, 'done');
    assert.equal(runner.conclusion?.kind, 'allAnswer', 'planned from what was asked and answered');
    assertReadable(runner.state);
  });

  it('clips a long failure reason from Central', async () => {
    h.onStarted = (taskId) => {
      h.sim.script(taskId, [
        { status: 200, body: { ...completedWith([]), status: 'FAILED', output: null, failReason: 'x'.repeat(5000) } },
      ]);
    };
    const runner = h.runner(h.newState({ destination: '10.1.1.1' }));
    await runner.run();
    assert.equal(runner.state.pause?.cause, 'failed');
    assert.equal(runner.state.pause!.reason.length, 500);
    assert.ok(runner.state.pause!.reason.endsWith('…'));
    assert.equal(runner.state.stages[0].reason, runner.state.pause!.reason);
    assertReadable(runner.state);
  });

  it('pauses when a start gives back no task it can follow', async () => {
    for (const ref of ['', 7, 'x'.repeat(201)]) {
      const runner = new PathMtuRunner({
        state: h.newState({ destination: '10.1.1.1' }),
        clock: h.clock,
        startSweep: async () => ref as string,
        awaitResult: () => Promise.reject(new Error('nothing to await')),
      });
      await runner.run();
      assert.equal(runner.state.pause?.cause, 'error', String(ref));
      assert.match(runner.state.pause!.reason, /^Stage 1 started, but the task it became could not be read/);
      assert.equal(runner.state.stages[0].status, 'failed');
      assertReadable(runner.state);
    }
  });

  it('refuses a sweep to start from with more sizes than a sweep can hold', () => {
    const sizes = Array.from({ length: 101 }, (_, i) => ({ size: 1000 + i, sent: 1, answered: 1, timedOut: 0 }));
    const plan = { startPacketSize: 1000, endPacketSize: 1100, sweepInterval: 1, count: 1 };
    const r = createRunState({ id: 'inv-1', serial: SERIAL, destination: '10.1.1.1', seed: [{ plan, sizes }] }, 0);
    assert.ok('error' in r);
    assert.equal(r.error, 'The sweep to start from has more than 100 sizes; a sweep holds at most 100.');
  });

  it('starts nothing when a listener stops the run on hearing of the stage', async () => {
    const runner = h.runner(h.newState({ destination: '10.1.1.1' }));
    runner.onDidChange((c) => {
      if (c.kind === 'stageStarting') void runner.stop();
    });
    await runner.run();
    assert.equal(runner.state.phase, 'stopped');
    assert.equal(runner.state.stages[0].status, 'cancelled');
    assert.equal(h.starts.length, 0);
    assert.equal(h.sweepsStarted(), 0);
  });
});
