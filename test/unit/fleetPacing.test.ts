import * as assert from 'node:assert/strict';
import { FleetPacer, budgetLowerBoundMs, fleetLowerBoundMs } from '../../src/core/fleet';
import { busiest, runFleet } from '../bench/fleetSim';

const T0 = Date.parse('2025-09-18T10:00:00Z');
const MINUTE = 60_000;

/** Sends every start as soon as the pacer allows; returns their times. */
function drain(pacer: FleetPacer, from = T0): number[] {
  const times: number[] = [];
  let now = from;
  while (pacer.pending > 0) {
    now = pacer.nextStartAt(now);
    pacer.startSent(now);
    times.push(now);
  }
  return times;
}

describe('fleet pacing', () => {
  it("starts a fleet at the budget less the polls' reserve, never faster in any minute", () => {
    const pacer = new FleetPacer({ requestsPerMinute: 60 });
    assert.equal(pacer.pollReserve, 6);
    pacer.enqueue(200);
    const times = drain(pacer);
    assert.equal(times.length, 200);
    assert.equal(busiest(times), 54);
    // The burst goes at once, then the pace of 54 a minute.
    assert.equal(times[9], T0);
    assert.ok(times[199] - T0 <= budgetLowerBoundMs(200, 54, 10) + 1000, `${times[199] - T0} ms`);
    assert.equal(pacer.nextStartAt(T0), Infinity);
  });

  it('tells the poll scheduler to keep to the reserve while starts wait, and frees the rest after', () => {
    const pacer = new FleetPacer({ requestsPerMinute: 60 });
    pacer.enqueue(100);
    assert.deepEqual(pacer.pollWindow(T0), { remaining: 6, resetAt: T0 + MINUTE + 1 });
    for (let i = 0; i < 6; i++) pacer.pollSent(T0 + i * 1000);
    assert.deepEqual(pacer.pollWindow(T0 + 6000), { remaining: 0, resetAt: T0 + MINUTE + 1 });
    // Starts take what the polls left.
    const starts = drain(pacer, T0 + 6000);
    assert.ok(busiest([...starts, ...Array.from({ length: 6 }, (_, i) => T0 + i * 1000)].sort((a, b) => a - b)) <= 60);
    const end = starts[starts.length - 1];
    const all = [...starts, ...Array.from({ length: 6 }, (_, i) => T0 + i * 1000)];
    const inLastMinute = all.filter((t) => t >= end - MINUTE).length;
    // No start waits any more: polls may have all the budget has left, not just the reserve.
    const window = pacer.pollWindow(end);
    assert.equal(window.remaining, 60 - inLastMinute);
    assert.ok(pacer.pollWindow(end + 30_000).remaining > pacer.pollReserve);
    assert.ok(window.resetAt > end && window.resetAt <= end + MINUTE + 1);
    assert.equal(pacer.pollWindow(end + MINUTE + 1).remaining, 60);
  });

  it('holds starts and polls while a server says its window is spent', () => {
    const pacer = new FleetPacer({ requestsPerMinute: 60 });
    pacer.enqueue(5);
    pacer.noteServer({ remaining: 0, resetAt: T0 + 30_000 }, T0);
    assert.equal(pacer.nextStartAt(T0), T0 + 30_000);
    assert.deepEqual(pacer.pollWindow(T0), { remaining: 0, resetAt: T0 + 30_000 });
    pacer.noteServer({ retryAfterMs: 45_000 }, T0);
    assert.equal(pacer.nextStartAt(T0), T0 + 45_000);
    pacer.noteServer({ remaining: 10, resetAt: T0 + 99_000 }, T0);
    assert.equal(pacer.nextStartAt(T0), T0 + 45_000, 'a window with room left never loosens a hold');
    pacer.cancel();
    assert.equal(pacer.pending, 0);
  });

  it('copes with odd options and counts', () => {
    for (const rpm of [0, -5, NaN, 0.4]) {
      const p = new FleetPacer({ requestsPerMinute: rpm });
      p.enqueue(3);
      assert.equal(drain(p).length, 3);
    }
    const greedy = new FleetPacer({ requestsPerMinute: 60, pollShare: 5 });
    assert.equal(greedy.pollReserve, 54);
    const p = new FleetPacer({ requestsPerMinute: 60 });
    for (const n of [-1, 0, NaN, 1.5, Infinity]) p.enqueue(n);
    assert.equal(p.pending, 0);
  });

  it("computes the budget's lower bound: its burst, then its pace, in whole windows at least", () => {
    assert.equal(budgetLowerBoundMs(400, 60, 10), 390_000);
    assert.equal(budgetLowerBoundMs(10, 60, 10), 0);
    assert.equal(budgetLowerBoundMs(61, 60, 100), 60_000);
    assert.equal(budgetLowerBoundMs(0, 60, 10), 0);
    assert.equal(
      fleetLowerBoundMs({ gateways: 200, accepted: 193, requestsPerMinute: 60, burst: 10, shortestSweepMs: 20_000 }),
      383_000,
    );
    assert.equal(
      fleetLowerBoundMs({ gateways: 20, accepted: 20, requestsPerMinute: 60, burst: 10, shortestSweepMs: 20_000 }),
      30_000,
    );
    assert.equal(
      fleetLowerBoundMs({ gateways: 20, accepted: 0, requestsPerMinute: 60, burst: 10, shortestSweepMs: 20_000 }),
      10_000,
    );
  });

  it('finishes 200 gateways within 10% of the lower bound, never over budget, in virtual time against the simulator', async () => {
    for (const o of [{}, { requestsPerMinute: 30, seed: 8 }]) {
      const r = await runFleet(o);
      assert.equal(r.unfinished, 0);
      assert.ok(r.refused > 0 && r.accepted > 150, JSON.stringify(r));
      assert.ok(r.busiestMinute <= r.budgetPerMinute, `busiest minute ${r.busiestMinute}`);
      assert.equal(r.rateLimited, 0);
      assert.ok(r.finishedMs <= 1.1 * r.lowerBoundMs, `${r.finishedMs} ms against a bound of ${r.lowerBoundMs} ms`);
      assert.ok(r.firstResultMs < r.startsDoneMs, 'results come in while the fleet is still starting');
    }
  });
});
