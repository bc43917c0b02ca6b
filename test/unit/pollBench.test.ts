import { strict as assert } from 'node:assert';
import { runRateLimited } from '../bench/multiSim';
import {
  SweepRun,
  beyondPriorScenarios,
  detectionTarget,
  formatSweepTable,
  robustnessScenarios,
  runSweep,
  runSweepBench,
  summarize,
  sweepScenarios,
  sweepStateAt,
} from '../bench/pollSim';

const S = 1000;
const MIN = 60 * S;

/**
 * The target: at most 10% of fixed-1 s requests. Most requests go to the phases where progress is
 * still 0 (the first quarter of the "stuck" sweeps, the first 15% of the "jumps" ones), where only "5% of the
 * elapsed time" is safe. The INITIATED prior (a run at least 1/20 of the wait) halves the INITIATED part:
 * 8.8% at the defaults, 8.6-9.3% over round trips of 50-400 ms and tracking delays of 0-650 ms (10.0-11.1%
 * without the prior).
 */
const REQUEST_SHARE_TARGET = 0.1;

function describeMisses(runs: SweepRun[]): string {
  return runs
    .filter((r) => r.detectionDelayMs === null || r.detectionDelayMs > detectionTarget(r.lengthMs))
    .map((r) => `${r.scenario}: ${r.detectionDelayMs} ms`)
    .join(', ');
}

describe('sweep model of the bench', () => {
  it('rises evenly, in jumps, or after a quarter stuck at INITIATED, and completes at its length', () => {
    const [even, jumps, stuck] = ['even', 'jumps', 'stuck'].map((shape) =>
      sweepScenarios().find((s) => s.name === `1 min ${shape}`)!,
    );
    assert.deepEqual(sweepStateAt(even, 30 * S), { status: 'RUNNING', progressPercent: 50 });
    assert.deepEqual(sweepStateAt(jumps, 15 * S), { status: 'RUNNING', progressPercent: 10 });
    assert.deepEqual(sweepStateAt(jumps, 5 * S), { status: 'RUNNING', progressPercent: 0 });
    assert.deepEqual(sweepStateAt(stuck, 10 * S), { status: 'INITIATED', progressPercent: 0 });
    assert.deepEqual(sweepStateAt(stuck, 60 * S), { status: 'COMPLETED', progressPercent: 100 });
    assert.equal(sweepScenarios().length, 15);
  });
});

describe('poll timing targets, in virtual time', function () {
  this.timeout(30_000);

  for (const trackDelayMs of [0, 250, 650]) {
    it(`sees every end within max(1 s, 5% of the length) and never gives up (tracking ${trackDelayMs} ms after the start)`, async () => {
      const runs = (await runSweepBench({ trackDelayMs })).filter((r) => r.strategy === 'ours');
      assert.equal(runs.length, 15);
      assert.equal(describeMisses(runs), '');
      assert.ok(runs.every((r) => !r.gaveUp));
    });
  }

  it(`sends at most ${REQUEST_SHARE_TARGET * 100}% of the requests of fixed 1 s polling over the 15 sweeps, whatever the round trip`, async () => {
    for (const latencyMs of [50, 200, 400]) {
      const runs = await runSweepBench({ latencyMs });
      const totals = summarize(runs);
      const share = totals.ours.requests / totals['fixed 1 s'].requests;
      assert.ok(
        share <= REQUEST_SHARE_TARGET,
        `round trip ${latencyMs} ms: ${(share * 100).toFixed(1)}%\n${formatSweepTable(runs)}`,
      );
    }
    const runs = await runSweepBench();
    const totals = summarize(runs);
    // And far fewer than the peers that keep up at all.
    assert.ok(totals.ours.requests < totals['fixed 5 s'].requests / 1.5);
  });

  it('shows the simple strategies as they are known to behave: 5 s x 5 gives up on long sweeps, 5 s misses short targets', async () => {
    const totals = summarize(await runSweepBench());
    assert.equal(totals['fixed 5 s x 5'].gaveUp, 9);
    assert.ok(totals['fixed 5 s'].overTarget > 0);
    assert.equal(totals['fixed 1 s'].overTarget, 0);
  });

  it('is not tuned to the 15 sweeps: ping-level, per-cycle, speeding-up and slowing-down sweeps meet the target too', async () => {
    const runs: SweepRun[] = [];
    for (const s of robustnessScenarios()) runs.push(await runSweep(s, 'ours'));
    assert.equal(runs.length, 70);
    assert.equal(describeMisses(runs), '');
    assert.ok(runs.every((r) => !r.gaveUp));
  });

  it('beyond its INITIATED prior (a run under 1/20 of the wait), sees the end at most about twice the target late', async () => {
    const runs: SweepRun[] = [];
    for (const s of [...beyondPriorScenarios(), ...beyondPriorScenarios([30 * MIN])])
      runs.push(await runSweep(s, 'ours'));
    const worst = Math.max(...runs.map((r) => (r.detectionDelayMs ?? Infinity) / detectionTarget(r.lengthMs)));
    assert.ok(worst <= 2.1, `worst delay ${worst.toFixed(2)} x the target`);
    // Without the prior, they are all in time: the prior is what costs.
    const safe: SweepRun[] = [];
    for (const s of beyondPriorScenarios()) safe.push(await runSweep(s, 'ours', { timing: { initiatedRunShare: 0 } }));
    assert.equal(describeMisses(safe), '');
  });

  it("keeps the target when Central's clock is off by a few seconds (its startTime reads early or late)", async () => {
    // 60 s behind would make short sweeps look a minute old: some ends are then seen late (up to 1.5x).
    for (const serverClockOffsetMs of [-5 * S, 5 * S]) {
      const runs = (await runSweepBench({ serverClockOffsetMs })).filter((r) => r.strategy === 'ours');
      assert.equal(describeMisses(runs), '', `Central's clock ${serverClockOffsetMs} ms off`);
    }
  });

  it("keeps the target when Central's clock is off by minutes either way, read from its Date header", async () => {
    for (const serverClockOffsetMs of [-5 * MIN, -2 * MIN, -30 * S, 2 * MIN, 5 * MIN]) {
      const runs = (await runSweepBench({ serverClockOffsetMs })).filter((r) => r.strategy === 'ours');
      assert.equal(describeMisses(runs), '', `Central's clock ${serverClockOffsetMs / S} s off`);
      assert.ok(runs.every((r) => !r.gaveUp));
    }
  });

  it('keeps the target with slower and faster round trips', async () => {
    for (const latencyMs of [50, 400]) {
      const runs = (await runSweepBench({ latencyMs })).filter((r) => r.strategy === 'ours');
      assert.equal(describeMisses(runs), '', `round trip ${latencyMs} ms`);
    }
  });
});

describe('many tasks under a rate limit, in virtual time', function () {
  this.timeout(30_000);

  it('50 sweeps for 10 minutes: never above the budget in any minute, nothing before a reported reset', async () => {
    const r = await runRateLimited({ tasks: 50, durationMs: 10 * MIN, serverPerMinute: 60, requestsPerMinute: 60 });
    assert.ok(r.busiestMinute <= 60, `busiest minute ${r.busiestMinute}`);
    assert.equal(r.sentBeforeReset, 0);
    assert.equal(r.rateLimited, 0);
    assert.equal(r.endsSeen, r.ends);
  });

  it('with a server stricter than the budget and no headers, waits out every 429', async () => {
    const r = await runRateLimited({ serverPerMinute: 30, requestsPerMinute: 60, headers: false });
    assert.ok(r.rateLimited > 0, 'the server did refuse some');
    assert.equal(r.sentBeforeReset, 0);
    assert.equal(r.endsSeen, r.ends);
  });

  it('with a server stricter than the budget but reporting X-RateLimit-*, paces itself and gets no 429', async () => {
    const r = await runRateLimited({ serverPerMinute: 30, requestsPerMinute: 60 });
    assert.equal(r.rateLimited, 0);
    assert.equal(r.sentBeforeReset, 0);
  });

  it('after waking from a 20-minute sleep, sends one burst at most, then keeps to the budget', async () => {
    const r = await runRateLimited({ jumpByMs: 20 * MIN, jumpAtMs: 3 * MIN, requestsPerMinute: 60 });
    assert.ok(r.sentInSecondAfterJump <= 10, `${r.sentInSecondAfterJump} in the first second`);
    assert.ok(r.busiestMinute <= 60);
    assert.equal(r.endsSeen, r.ends);
  });
});
