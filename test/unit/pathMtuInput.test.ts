import * as assert from 'node:assert/strict';
import {
  MAX_STAGES,
  abandonStage,
  PathMtuInvestigation,
  addStage,
  createInvestigation,
  layoutSweep,
  lowerBoundSweeps,
  nextStep,
  parseInvestigation,
  planSizes,
  recordStage,
  sizeNote,
  toStartRequest,
} from '../../src/core/pathMtu';
import { answerSweep, byHand, runPlanner } from '../bench/pathMtuSim';
import { seededRandom } from '../bench/pollSim';

const BASE = { serial: 'CN123', destination: '10.1.1.1' };

function errorOf(input: Record<string, unknown>): string {
  const r = createInvestigation({ ...BASE, ...input } as Parameters<typeof createInvestigation>[0]);
  assert.ok('error' in r, `accepted ${JSON.stringify(input)}`);
  return r.error;
}

describe('path MTU input', () => {
  it('defaults to 576-1500 bytes at 2 cycles, and normalizes the serial', () => {
    const r = createInvestigation({ serial: ' cn123 ', destination: ' 10.1.1.1 ' });
    assert.ok('investigation' in r);
    assert.deepEqual(r.investigation, {
      version: 1,
      serial: 'CN123',
      destination: '10.1.1.1',
      start: 576,
      end: 1500,
      cycles: 2,
      stages: [],
    });
  });

  it('refuses hostile ranges with a message that says what is expected', () => {
    assert.match(errorOf({ start: 1500, end: 576 }), /end size must be larger than the start size .* got 1500–576/);
    assert.match(errorOf({ start: 1500, end: 1500 }), /a range of one size has no boundary to find/);
    assert.match(errorOf({ start: NaN }), /start size must be a whole number of bytes from 1 to 65507; got NaN/);
    assert.match(errorOf({ end: Infinity }), /end size must be .* got Infinity/);
    assert.match(errorOf({ start: 0 }), /start size/);
    assert.match(errorOf({ start: 576.5 }), /start size/);
    assert.match(errorOf({ end: 65508 }), /end size must be a whole number of bytes from 1 to 65507/);
    assert.match(errorOf({ start: '576' }), /got string/);
    assert.match(errorOf({ cycles: 0 }), /Cycles per size must be a whole number from 1 to 50; got 0/);
    assert.match(errorOf({ cycles: 51 }), /from 1 to 50/);
    assert.match(errorOf({ cycles: NaN }), /got NaN/);
    assert.match(errorOf({ serial: 'CN/../x' }), /letters and digits/);
    assert.match(errorOf({ destination: '' }), /Enter the destination/);
    assert.match(errorOf({ destination: '10.1.1.300' }), /not a valid IPv4 address/);
  });

  it('accepts jumbo ranges up to the largest size the API takes', () => {
    const r = createInvestigation({ ...BASE, start: 1000, end: 65507, cycles: 3 });
    assert.ok('investigation' in r);
    const run = runPlanner({ start: 1000, end: 65507, cycles: 3 }, { mtu: 9000 });
    assert.ok(run.conclusion.kind === 'exact' && run.conclusion.largest === 9000);
    assert.ok(run.sweeps <= lowerBoundSweeps(1000, 65507, 3) + 1);
  });

  it('refuses a seed sweep whose answers do not add up', () => {
    const plan = { startPacketSize: 1000, endPacketSize: 1010, sweepInterval: 10, count: 1 };
    const bad = [{ size: 1000, sent: 1, answered: 2, timedOut: 0 }];
    const r = createInvestigation({ ...BASE, start: 1000, end: 1010, seed: [{ plan, sizes: bad }] });
    assert.ok('error' in r && /unreadable/.test(r.error));
  });
});

describe('path MTU stored state', () => {
  it('survives a JSON round trip at every step, planning the same next sweep after a reload', () => {
    let inv = (
      createInvestigation({ ...BASE, start: 1000, end: 9216, cycles: 3 }) as { investigation: PathMtuInvestigation }
    ).investigation;
    const random = seededRandom(4);
    for (;;) {
      const restored = parseInvestigation(JSON.parse(JSON.stringify(inv)));
      assert.ok('investigation' in restored);
      assert.deepEqual(nextStep(restored.investigation), nextStep(inv));
      const step = nextStep(inv);
      if (step.kind !== 'sweep') break;
      inv = addStage(inv, step.purpose, step.plan, `CN123/task-${inv.stages.length}`);
      assert.deepEqual(nextStep(inv), { kind: 'wait', stage: inv.stages.length - 1 });
      inv = recordStage(
        inv,
        inv.stages.length - 1,
        answerSweep({ mtu: 8999, loss: 0.05 }, planSizes(step.plan), step.plan.count, random),
      );
    }
    assert.equal(inv.stages[0].task, 'CN123/task-0');
  });

  it('refuses corrupt records and names the field, and drops unknown fields', () => {
    const good = { version: 1, serial: 'CN123', destination: '10.1.1.1', start: 576, end: 1500, cycles: 2, stages: [] };
    assert.ok('investigation' in parseInvestigation({ ...good, extra: 'x' }));
    assert.equal(
      'extra' in (parseInvestigation({ ...good, extra: 'x' }) as { investigation: object }).investigation,
      false,
    );
    const bad: Array<[unknown, RegExp]> = [
      [null, /unreadable/],
      ['{"version":1}', /unreadable/],
      [{ ...good, version: 2 }, /version/],
      [{ ...good, cycles: 0 }, /cycles/],
      [{ ...good, start: 1500, end: 576 }, /end size must be larger/],
      [{ ...good, serial: '../../etc' }, /letters and digits/],
      [
        {
          ...good,
          stages: [
            {
              purpose: 'coarse',
              plan: { startPacketSize: 1, endPacketSize: 2, sweepInterval: 1, count: 1 },
              sizes: [{ size: 1, sent: -1, answered: 0, timedOut: 0 }],
            },
          ],
        },
        /stages\.0\.sizes\.0/,
      ],
      [{ ...good, stages: [{ purpose: 'guess', plan: {} }] }, /stages\.0/],
    ];
    for (const [value, re] of bad) {
      const r = parseInvestigation(value);
      assert.ok('error' in r, JSON.stringify(value));
      assert.match(r.error, re);
    }
  });

  it('refuses to record answers of a stage that does not exist, and leaves out rows reported oddly', () => {
    let inv = (createInvestigation(BASE) as { investigation: PathMtuInvestigation }).investigation;
    assert.throws(() => recordStage(inv, 0, []), /No stage 0/);
    const step = nextStep(inv);
    assert.ok(step.kind === 'sweep');
    inv = recordStage(addStage(inv, step.purpose, step.plan), 0, [
      { size: 1472.5, sent: 2, answered: 2, timedOut: 0 },
      { size: NaN, sent: 2, answered: 2, timedOut: 0 },
      { size: 1000, sent: 2, answered: 3, timedOut: 0 },
      { size: 99_999, sent: 2, answered: 2, timedOut: 0 },
      { size: 1500, sent: 2, answered: 0, timedOut: 2 },
    ]);
    assert.deepEqual(inv.stages[0].sizes, [{ size: 1500, sent: 2, answered: 0, timedOut: 2 }]);
    assert.ok('investigation' in parseInvestigation(JSON.parse(JSON.stringify(inv))));
    const next = nextStep(inv);
    assert.ok(next.kind === 'sweep' && next.plan.startPacketSize >= 576 && next.plan.endPacketSize < 1500);
    assert.ok(Object.values(next.plan).every(Number.isInteger));
  });

  it('drops a stage that failed so that the same sweep is planned again, never one with answers', () => {
    let inv = (createInvestigation(BASE) as { investigation: PathMtuInvestigation }).investigation;
    const first = nextStep(inv);
    assert.ok(first.kind === 'sweep');
    inv = addStage(inv, first.purpose, first.plan, 'CN123/failed-task');
    assert.deepEqual(nextStep(abandonStage(inv, 0)), first);
    inv = recordStage(
      inv,
      0,
      answerSweep({ mtu: 1400 }, planSizes(first.plan), first.plan.count, () => 0.5),
    );
    assert.throws(() => abandonStage(inv, 0), /has answers; they are kept/);
    assert.throws(() => abandonStage(inv, 3), /No stage 3/);
  });

  it('turns a plan into the start request of Start Sweep', () => {
    const plan = { startPacketSize: 588, endPacketSize: 1500, sweepInterval: 19, count: 2 };
    assert.deepEqual(toStartRequest({ destination: 'fw.example.net' }, plan), {
      destination: 'fw.example.net',
      ...plan,
    });
  });

  it('stops with a lossy conclusion when the gateway keeps recording no replies', () => {
    let inv = (createInvestigation(BASE) as { investigation: PathMtuInvestigation }).investigation;
    for (let i = 0; i < 2; i++) {
      const step = nextStep(inv);
      assert.ok(step.kind === 'sweep' && step.purpose === 'coarse');
      inv = recordStage(addStage(inv, step.purpose, step.plan), i, []);
    }
    const done = nextStep(inv);
    assert.ok(done.kind === 'done' && done.conclusion.kind === 'lossy' && done.conclusion.estimate === null);
  });

  it('never plans more than the stage limit', () => {
    let inv = (createInvestigation({ ...BASE, start: 1000, end: 1002 }) as { investigation: PathMtuInvestigation })
      .investigation;
    const silent = (size: number) => [{ size, sent: 1, answered: 0, timedOut: 1 }];
    for (let i = 0; i < MAX_STAGES; i++)
      inv = recordStage(
        addStage(inv, 'seed', { startPacketSize: 1001, endPacketSize: 1001, sweepInterval: 1, count: 1 }),
        i,
        silent(1001),
      );
    assert.equal(nextStep(inv).kind, 'done');
  });
});

describe('path MTU layout', () => {
  it('spreads at most floor(100 / cycles) sizes strictly inside the bounds, groups no wider than the step', () => {
    const random = seededRandom(9);
    for (let i = 0; i < 2000; i++) {
      const largest = Math.floor(random() * 10_000);
      const firstSilent = largest + 2 + Math.floor(random() * (i % 3 ? 300 : 20_000));
      const cycles = 1 + Math.floor(random() * 50);
      const plan = layoutSweep(largest, firstSilent, cycles, i % 2 === 0)!;
      const sizes = planSizes(plan);
      assert.ok(sizes.length * plan.count <= 100 && plan.count >= cycles);
      assert.ok(sizes[0] > largest && sizes[sizes.length - 1] < firstSilent);
      const edges = [largest, ...sizes, firstSilent];
      const widest = Math.max(...edges.slice(1).map((e, j) => e - edges[j]));
      const k = Math.floor(100 / cycles);
      assert.ok(
        widest <= Math.max(1, Math.ceil((firstSilent - largest - 1) / k)),
        `${largest}..${firstSilent} c${cycles}`,
      );
    }
    assert.equal(layoutSweep(10, 11, 2, false), undefined);
  });

  it("puts the coarse sweep's last size on the range end", () => {
    for (const [start, end, cycles] of [
      [576, 1500, 2],
      [1000, 9216, 3],
      [577, 1499, 1],
      [100, 65507, 2],
    ]) {
      assert.equal(layoutSweep(start - 1, end + 1, cycles, true)!.endPacketSize, end);
    }
  });

  it('computes the lower bound ceil(log_floor(100/cycles)(width))', () => {
    assert.deepEqual(
      [1, 2, 3].map((c) => lowerBoundSweeps(576, 1500, c)),
      [2, 2, 2],
    );
    assert.deepEqual(
      [1, 2, 3].map((c) => lowerBoundSweeps(1000, 9216, c)),
      [2, 3, 3],
    );
    assert.equal(lowerBoundSweeps(1000, 1050, 2), 1);
    assert.equal(lowerBoundSweeps(1000, 1100, 1), 1);
    assert.equal(lowerBoundSweeps(1000, 1101, 1), 2);
  });

  it('prices the by-hand method: a 10-byte sweep split to fit the cap, then a 1-byte one', () => {
    // 93 sizes at 2 cycles: two sweeps of 50 and 43; the boundary is in the second; then 9 sizes.
    assert.deepEqual(byHand(576, 1500, 2, 1472), { sweeps: 3, requests: 2 * (93 + 9) });
    // The boundary in the first half: the second 10-byte sweep is never needed.
    assert.deepEqual(byHand(576, 1500, 2, 700), { sweeps: 2, requests: 2 * (50 + 9) });
  });

  it('states both readings of the API size, with numbers', () => {
    assert.equal(
      sizeNote(1472),
      "Sizes are the API's packet size in bytes; the API does not say whether it counts the 20-byte IP and 8-byte ICMP headers: " +
        'if it is the ICMP data, as with ping -s, the path MTU is 1500 bytes (1472 + 28); if it counts them, it is 1472 bytes.',
    );
    assert.ok(sizeNote().endsWith('headers.'));
  });
});
