// Central's clock: its offset from ours, read from the HTTP Date header, so that its times (startTime, resets)
// are read on our clock and the end of a sweep is seen in time even when Central's clock is off by minutes.
import { strict as assert } from 'node:assert';
import { clockOffsetFrom } from '../../src/core/clock';
import { Simulator, startSimulator } from '../simulator/server';
import { SERIAL, TOKEN, clientFor } from './helpers/central';

const S = 1000;
const MIN = 60 * S;
const OFFSETS = [-5 * MIN, -2 * MIN, 3 * MIN, 7 * MIN];

describe("Central's clock offset", () => {
  it('is read from a Date header against the middle of the round trip, to about a second', () => {
    const sent = Date.parse('2025-09-18T10:00:00.300Z');
    const offset = clockOffsetFrom('Thu, 18 Sep 2025 10:05:00 GMT', sent, sent + 400);
    assert.ok(offset !== undefined && Math.abs(offset - 5 * MIN) <= S, String(offset));
    assert.equal(clockOffsetFrom(null, sent, sent + 1), undefined);
    assert.equal(clockOffsetFrom('not a date', sent, sent + 1), undefined);
    // Within a second the header cannot tell: no offset.
    assert.equal(clockOffsetFrom('Thu, 18 Sep 2025 10:00:00 GMT', sent, sent + 10), 0);
  });

  describe('over loopback HTTP, against a simulator whose clock is off', () => {
    let sim: Simulator | undefined;
    afterEach(() => sim?.close());

    for (const offset of OFFSETS) {
      it(`measures ${offset / MIN} min and reads startTime and an absolute reset on our clock`, async () => {
        sim = await startSimulator({
          tokens: [TOKEN],
          clockOffsetMs: offset,
          rateLimit: { perMinute: 50, resetFormat: 'epoch' },
        });
        const startedAt = Date.now() - 2 * S;
        const taskId = sim.addTask(SERIAL, 'complete', { startedAt, durationMs: 60 * S });
        const before = Date.now();
        const r = await clientFor(sim).getStatus({ serial: SERIAL, taskId, version: 'v1' });
        assert.ok(
          r.serverClockOffsetMs !== undefined && Math.abs(r.serverClockOffsetMs - offset) <= 1.5 * S,
          `${r.serverClockOffsetMs}`,
        );
        // Central writes its own clock's times...
        assert.ok(Math.abs(Date.parse(r.status.startTime!) - (startedAt + offset)) <= S);
        // ...and its reset, an absolute time on its clock, is read on ours: within the coming minute.
        const resetAt = r.rateLimit.resetAt!;
        assert.ok(resetAt >= before - S && resetAt <= before + MIN + 2 * S, `reset ${resetAt - before} ms from now`);
      });
    }

    it('reads no offset from a simulator whose clock is right', async () => {
      sim = await startSimulator({ tokens: [TOKEN] });
      const taskId = sim.addTask(SERIAL, 'complete');
      const r = await clientFor(sim).getStatus({ serial: SERIAL, taskId, version: 'v1' });
      assert.equal(r.serverClockOffsetMs, 0);
    });
  });
});
