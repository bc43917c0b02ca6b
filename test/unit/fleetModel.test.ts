import { strict as assert } from 'node:assert';
import { createFleetState } from '../../src/core/fleet';
import { fleetTaskKeys, fleetView, readFleet, startsPending } from '../../src/editor/fleet/fleetModel';
import { sweepOutput } from './helpers/outputs';

/** The fleet as the editor's views read it (tree item, page, export). */

const PARAMS = { destination: '10.1.1.1', startPacketSize: 1400, endPacketSize: 1500, sweepInterval: 50, count: 5 };

describe('fleet as the views read it', () => {
  const state = createFleetState({
    id: 'f1',
    serials: ['CN0000000A', 'CN0000000B', 'CN0000000C'],
    params: PARAMS,
    now: 1,
  });
  state.entries[0] = {
    serial: 'CN0000000A',
    status: 'started',
    taskKey: 'CN0000000A/t-a',
    version: 'v1',
    startTime: null,
  };
  state.entries[1] = { serial: 'CN0000000B', status: 'sending' };

  it('keeps a start on its way as on its way (only the window that takes over calls it interrupted)', () => {
    const read = readFleet(structuredClone(state));
    assert.deepEqual(
      read?.entries.map((e) => e.status),
      ['started', 'sending', 'waiting'],
    );
    assert.deepEqual(fleetTaskKeys(read!), ['CN0000000A/t-a']);
    assert.equal(startsPending(state), true);
  });

  it('reads a stored value once: the same value gives the same fleet', () => {
    const stored = structuredClone(state);
    assert.equal(readFleet(stored), readFleet(stored));
    assert.notEqual(readFleet(structuredClone(state)), readFleet(stored));
  });

  it('reads nothing from a value that is not a fleet, and never throws', () => {
    for (const bad of [
      undefined,
      null,
      42,
      'x',
      { entries: 'no' },
      { ...state, version: 99 },
      { ...state, entries: [] },
    ]) {
      assert.equal(readFleet(bad), undefined);
      assert.equal(startsPending(bad) && readFleet(bad) !== undefined, false);
    }
  });

  it('makes the page state: one row per gateway, the summary and the starts in words', () => {
    const done = {
      ...state,
      entries: [
        state.entries[0],
        {
          serial: 'CN0000000B',
          status: 'refused' as const,
          refusal: { kind: 'offline' as const, message: 'Gateway CN0000000B is offline (409)' },
        },
      ],
    };
    const view = fleetView(done, (key) =>
      key === 'CN0000000A/t-a'
        ? {
            taskId: 't-a',
            state: 'COMPLETED',
            progressPercent: 100,
            output: sweepOutput({ sizes: [1400, 1450, 1500], mtu: 1450 }),
          }
        : undefined,
    );
    assert.equal(view.title, '10.1.1.1 on 2 gateways');
    assert.equal(view.description, '1 done · 1 refused');
    assert.equal(view.starts, 'Started 1 of 2; 1 offline');
    assert.deepEqual(
      view.rows.map((r) => [r.serial, r.status, r.largestAlwaysAnswered]),
      [
        ['CN0000000A', 'COMPLETED', 1450],
        ['CN0000000B', 'REFUSED', null],
      ],
    );
    assert.equal(view.active, false);
  });
});
