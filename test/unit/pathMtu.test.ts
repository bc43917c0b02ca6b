import * as assert from 'node:assert/strict';
import {
  CHECK_CYCLES,
  MAX_RETESTS,
  MAX_STAGES,
  PathMtuInvestigation,
  addStage,
  createInvestigation,
  lowerBoundSweeps,
  nextStep,
  planSizes,
  recordStage,
  retestCycles,
} from '../../src/core/pathMtu';
import { validateStartRequest } from '../../src/core/startParams';
import { answerSweep, runPlanner } from '../bench/pathMtuSim';
import { seededRandom } from '../bench/pollSim';

function created(input: Parameters<typeof createInvestigation>[0]): PathMtuInvestigation {
  const r = createInvestigation(input);
  if ('error' in r) throw new Error(r.error);
  return r.investigation;
}

describe('path MTU planner: outcomes', () => {
  it('finds the exact boundary and says it in one sentence', () => {
    const run = runPlanner({}, { mtu: 1472 });
    assert.equal(run.conclusion.kind, 'exact');
    assert.equal(
      run.conclusion.sentence,
      'The largest ICMP size that reaches 10.1.1.1 from CN123 is 1472 bytes; 1473 and above get no answer.',
    );
    assert.equal(run.conclusion.lossRate, 0);
    assert.ok(run.sweeps <= 2, `${run.sweeps} sweeps`);
    assert.match(run.conclusion.sizeNote, /20-byte IP and 8-byte ICMP headers/);
    assert.match(run.conclusion.sizeNote, /path MTU is 1500 bytes \(1472 \+ 28\); if it counts them, it is 1472 bytes/);
  });

  it('concludes that every size answers after one sweep whose last size is the range end', () => {
    const run = runPlanner({}, { mtu: 9000 });
    assert.equal(run.conclusion.kind, 'allAnswer');
    assert.equal(run.sweeps, 1);
    assert.equal(run.investigation.stages[0].plan.endPacketSize, 1500);
    assert.match(
      run.conclusion.sentence,
      /^Every size from 576 to 1500 bytes reaches 10\.1\.1\.1 from CN123: .* at least 1500 bytes\.$/,
    );
    assert.match(
      run.conclusion.sizeNote,
      /the path MTU is at least 1528 bytes \(1500 \+ 28\); if it counts them, it is at least 1500 bytes\.$/,
    );
  });

  it('checks a small size when nothing answers, and says it looks unreachable when that fails too', () => {
    const run = runPlanner({}, { mtu: null });
    assert.equal(run.conclusion.kind, 'noneAnswer');
    const last = run.investigation.stages[run.investigation.stages.length - 1];
    assert.equal(last.purpose, 'check');
    assert.deepEqual(last.plan, { startPacketSize: 64, endPacketSize: 64, sweepInterval: 1, count: CHECK_CYCLES });
    assert.ok(run.conclusion.kind === 'noneAnswer' && run.conclusion.looksLike === 'unreachable');
    assert.match(run.conclusion.sentence, /nor did 64-byte pings: the destination looks unreachable/);
  });

  it('says large packets are dropped when only the small check answers', () => {
    const run = runPlanner({}, { mtu: null, smallAnswerUpTo: 128 });
    assert.ok(run.conclusion.kind === 'noneAnswer' && run.conclusion.looksLike === 'largeDropped');
    assert.match(
      run.conclusion.sentence,
      /yet 64-byte pings do: something on the path drops packets of 576 bytes and more/,
    );
  });

  it('checks at the range start when the range starts below the check size', () => {
    const run = runPlanner({ start: 20, end: 200 }, { mtu: null });
    const last = run.investigation.stages[run.investigation.stages.length - 1];
    assert.equal(last.plan.startPacketSize, 20);
    assert.equal(run.conclusion.kind, 'noneAnswer');
  });

  it('retests the boundary pair with more cycles when a larger size answered after a smaller one failed', () => {
    let inv = created({ serial: 'CN123', destination: '10.1.1.1', start: 1000, end: 1010 });
    // One sweep of every size: 1003 silent although 1005 answered, 1006 and above silent.
    inv = addStage(inv, 'coarse', { startPacketSize: 1000, endPacketSize: 1010, sweepInterval: 1, count: 2 });
    const rows = planSizes(inv.stages[0].plan).map((size) => {
      const answered = size === 1003 || size > 1005 ? 0 : 2;
      return { size, sent: 2, answered, timedOut: 2 - answered };
    });
    inv = recordStage(inv, 0, rows);
    const step = nextStep(inv);
    assert.equal(step.kind, 'sweep');
    assert.ok(step.kind === 'sweep');
    assert.equal(step.purpose, 'retest');
    assert.deepEqual(step.plan, {
      startPacketSize: 1005,
      endPacketSize: 1006,
      sweepInterval: 1,
      count: retestCycles(2),
    });
    assert.match(step.why, /1003 got no answer although 1005 did \(loss or load balancing\)/);
    // The retest confirms: 1005 answers, 1006 stays silent through every cycle.
    inv = addStage(inv, step.purpose, step.plan);
    inv = recordStage(inv, 1, [
      { size: 1005, sent: 10, answered: 10, timedOut: 0 },
      { size: 1006, sent: 10, answered: 0, timedOut: 10 },
    ]);
    const done = nextStep(inv);
    assert.ok(done.kind === 'done' && done.conclusion.kind === 'exact');
    assert.equal(done.conclusion.largest, 1005);
    assert.match(done.conclusion.sentence, /Some replies were lost on the way \(9\.1% at sizes that answered\)\./);
  });

  it('moves the boundary up when the retest shows the first silent size answering after all', () => {
    let inv = created({ serial: 'CN123', destination: '10.1.1.1', start: 1000, end: 1010 });
    inv = addStage(inv, 'coarse', { startPacketSize: 1000, endPacketSize: 1010, sweepInterval: 1, count: 2 });
    inv = recordStage(
      inv,
      0,
      planSizes(inv.stages[0].plan).map((size) => {
        const answered = size === 1002 || size >= 1006 ? 0 : size === 1001 ? 1 : 2;
        return { size, sent: 2, answered, timedOut: 2 - answered };
      }),
    );
    const retest = nextStep(inv);
    assert.ok(retest.kind === 'sweep' && retest.purpose === 'retest');
    inv = recordStage(addStage(inv, retest.purpose, retest.plan), 1, [
      { size: 1005, sent: 10, answered: 9, timedOut: 1 },
      { size: 1006, sent: 10, answered: 3, timedOut: 7 },
    ]);
    // 1006 answered after all: the pair is now 1006 and 1007, which the loss seen still has to rule out.
    const next = nextStep(inv);
    assert.ok(next.kind === 'sweep' && next.purpose === 'retest', JSON.stringify(next));
    assert.deepEqual([next.plan.startPacketSize, next.plan.endPacketSize], [1006, 1007]);
  });
});

describe('path MTU planner: noisy paths', () => {
  it('never states a wrong exact boundary under 10% or 25% random loss, and says when it is unsure', () => {
    for (const loss of [0.1, 0.25]) {
      for (let seed = 1; seed <= 60; seed++) {
        const mtu = 600 + ((seed * 97) % 880);
        const run = runPlanner({ cycles: 1 + (seed % 3) }, { mtu, loss, seed });
        const c = run.conclusion;
        assert.ok(run.investigation.stages.length <= MAX_STAGES);
        if (c.kind === 'exact') assert.equal(c.largest, mtu, `loss ${loss}, seed ${seed}`);
        else assert.equal(c.kind, 'lossy', `loss ${loss}, seed ${seed}: ${c.sentence}`);
        if (c.kind === 'lossy') assert.ok(c.estimate === null || c.estimate <= mtu);
        assert.ok(run.investigation.stages.filter((s) => s.purpose === 'retest').length <= MAX_RETESTS);
      }
    }
  });

  it('gives a lossy conclusion with the best estimate after a bounded number of retests', () => {
    const run = runPlanner({}, { mtu: 1400, loss: 0.75, seed: 3 });
    assert.equal(run.conclusion.kind, 'lossy');
    assert.ok(run.conclusion.kind === 'lossy' && run.conclusion.estimate !== null && run.conclusion.estimate <= 1400);
    assert.match(
      run.conclusion.sentence,
      /lost too often to be sure \(\d+% lost at sizes that answered\): the best estimate/,
    );
    assert.ok(run.investigation.stages.length <= MAX_STAGES);
  });

  it('reports the larger path under load balancing, with the loss it causes below it', () => {
    const run = runPlanner({}, { mtu: 1400, balance: { mtu2: 1472, share: 0.5 }, seed: 5 });
    const c = run.conclusion;
    assert.ok(c.kind === 'exact' || c.kind === 'lossy', c.sentence);
    if (c.kind === 'exact') assert.equal(c.largest, 1472);
    assert.ok(c.lossRate > 0);
  });
});

describe('path MTU planner: efficiency and the cap', () => {
  const cases: Array<[number, number, number[]]> = [
    [576, 1500, [2, 2, 2]],
    [1000, 9216, [2, 3, 3]],
  ];
  for (const [start, end, bounds] of cases) {
    for (const cycles of [1, 2, 3]) {
      it(`${start}-${end} at ${cycles} cycles: byte-exact within one sweep of the lower bound, every sweep within the cap`, () => {
        const bound = lowerBoundSweeps(start, end, cycles);
        assert.equal(bound, bounds[cycles - 1]);
        const stride = end - start > 2000 ? 37 : 1;
        for (let mtu = start; mtu <= end; mtu += stride) {
          const run = runPlanner({ start, end, cycles }, { mtu });
          const c = run.conclusion;
          assert.ok(c.kind === (mtu === end ? 'allAnswer' : 'exact'), `${mtu}: ${c.sentence}`);
          assert.ok(c.kind !== 'exact' || c.largest === mtu);
          assert.ok(run.sweeps <= bound + 1, `${mtu}: ${run.sweeps} sweeps`);
          for (const stage of run.investigation.stages) {
            assert.equal(validateStartRequest({ destination: '10.1.1.1', ...stage.plan }), undefined);
            assert.ok(stage.plan.startPacketSize >= start && stage.plan.endPacketSize <= end);
            // The last stage may spend what the cap leaves on more cycles; no stage uses fewer.
            assert.ok(stage.plan.count >= cycles);
          }
        }
      });
    }
  }

  it('handles ranges whose sizes do not divide evenly', () => {
    const random = seededRandom(11);
    for (let i = 0; i < 300; i++) {
      const start = 1 + Math.floor(random() * 3000);
      const end = start + 1 + Math.floor(random() * (i % 2 ? 60 : 5000));
      const cycles = 1 + Math.floor(random() * 4);
      const mtu = start + Math.floor(random() * (end - start + 1));
      const run = runPlanner({ start, end, cycles }, { mtu });
      const c = run.conclusion;
      assert.ok(
        c.kind === 'exact' ? c.largest === mtu : c.kind === 'allAnswer' && mtu === end,
        `${start}-${end} c${cycles} mtu ${mtu}: ${c.sentence}`,
      );
      assert.ok(run.sweeps <= lowerBoundSweeps(start, end, cycles) + 1);
      for (const stage of run.investigation.stages)
        assert.equal(validateStartRequest({ destination: 'x.example', ...stage.plan }), undefined);
    }
  });

  it('starts from a seeded sweep and refines only inside its boundary', () => {
    const seedPlan = { startPacketSize: 1200, endPacketSize: 1500, sweepInterval: 50, count: 5 };
    const sizes = answerSweep({ mtu: 1420 }, planSizes(seedPlan), 5, () => 0.5);
    const inv = created({
      serial: 'cn123',
      destination: '10.1.1.1',
      start: 1200,
      end: 1500,
      seed: [{ plan: seedPlan, sizes }],
    });
    assert.equal(inv.serial, 'CN123');
    const step = nextStep(inv);
    assert.ok(step.kind === 'sweep' && step.purpose === 'refine');
    // 49 sizes left: the cap leaves room for 2 cycles each, no more.
    assert.deepEqual(step.plan, { startPacketSize: 1401, endPacketSize: 1449, sweepInterval: 1, count: 2 });
  });
});
