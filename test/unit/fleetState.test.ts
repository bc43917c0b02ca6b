import * as assert from 'node:assert/strict';
import { ApiError, InputError, errorForStatus } from '../../src/core/errors';
import {
  FleetState,
  createFleetState,
  fleetMembers,
  fleetRows,
  fleetStartCounts,
  fleetStartSentence,
  fleetSummary,
  parseFleetState,
  refusalOf,
} from '../../src/core/fleet';
import type { StartSweepRequest } from '../../src/core/schemas';
import { sweepOutput } from './helpers/outputs';

const PARAMS: StartSweepRequest = {
  destination: '10.1.1.1',
  startPacketSize: 1400,
  endPacketSize: 1500,
  sweepInterval: 50,
  count: 5,
};
const TASK = 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e';

function saved(): FleetState {
  return {
    version: 1,
    id: 'fleet-1',
    createdAt: 1_700_000_000_000,
    params: PARAMS,
    entries: [
      {
        serial: 'CNAAAA0001',
        status: 'started',
        taskKey: `CNAAAA0001/${TASK}`,
        version: 'v1',
        startTime: '2025-09-18T10:00:00Z',
      },
      {
        serial: 'CNAAAA0002',
        status: 'refused',
        refusal: { kind: 'offline', message: 'Gateway CNAAAA0002 is offline or busy (409)' },
      },
      { serial: 'CNAAAA0003', status: 'waiting' },
      { serial: 'CNAAAA0004', status: 'sending' },
    ],
  };
}

describe('fleet state', () => {
  it('starts every gateway waiting, and refuses what cannot be a fleet with what is expected', () => {
    const state = createFleetState({ id: 'f', serials: ['CN00000001', 'CN00000002'], params: PARAMS, now: 5 });
    assert.deepEqual(state.entries, [
      { serial: 'CN00000001', status: 'waiting' },
      { serial: 'CN00000002', status: 'waiting' },
    ]);
    const bad: Array<[string[], StartSweepRequest, RegExp]> = [
      [[], PARAMS, /at least one gateway/],
      [['CN-1'], PARAMS, /"CN-1" is not a gateway serial: A gateway serial number has 4 to 32 letters/],
      [['CN00000001', 'CN00000001'], PARAMS, /once/],
      [Array.from({ length: 1001 }, (_, i) => `CN${String(i).padStart(8, '0')}`), PARAMS, /At most 1000 gateways/],
      [['CN00000001'], { ...PARAMS, endPacketSize: 10 }, /End size must be at least the start size/],
      [['CN00000001'], { ...PARAMS, destination: 'not a host!' }, /host name/],
    ];
    for (const [serials, params, message] of bad) {
      assert.throws(
        () => createFleetState({ id: 'f', serials, params, now: 1 }),
        (e: unknown) => e instanceof InputError && message.test(e.message),
      );
    }
  });

  it('reads a saved fleet back; a start that was on its way is interrupted, never sent again', () => {
    const read = parseFleetState(JSON.parse(JSON.stringify(saved())));
    assert.ok('state' in read);
    assert.deepEqual(read.state.entries.slice(0, 3), saved().entries.slice(0, 3));
    const last = read.state.entries[3];
    assert.equal(last.status === 'refused' && last.refusal.kind, 'interrupted');
    assert.match(last.status === 'refused' ? last.refusal.message : '', /may have started/);
  });

  it('refuses a saved fleet that is not one, naming the field, and never throws', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /not as expected/],
      ['fleet', /not as expected/],
      [[], /not as expected/],
      [{ ...saved(), version: 2 }, /newer version of the extension \(format 2\)/],
      [{ ...saved(), version: '1' }, /version/],
      [{ ...saved(), entries: [] }, /entries/],
      [{ ...saved(), entries: [{ serial: '../x', status: 'waiting' }] }, /entries\.0\.serial: not a gateway serial/],
      [{ ...saved(), entries: [{ serial: 'CN00000001', status: 'exploded' }] }, /entries\.0/],
      [
        {
          ...saved(),
          entries: [{ serial: 'CN00000001', status: 'started', taskKey: 'nokey', version: 'v1', startTime: null }],
        },
        /taskKey: not a task key/,
      ],
      [
        { ...saved(), entries: [{ serial: 'CN00000001', status: 'refused', refusal: { kind: 'boom', message: 'x' } }] },
        /refusal\.kind/,
      ],
      [{ ...saved(), entries: [saved().entries[2], saved().entries[2]] }, /listed twice/],
      [{ ...saved(), params: { ...PARAMS, count: 1000 } }, /params\.count: sizes x count is 3000/],
      [{ ...saved(), id: '' }, /id/],
      [
        {
          ...saved(),
          entries: Array.from({ length: 1001 }, (_, i) => ({
            serial: `CN${String(i).padStart(8, '0')}`,
            status: 'waiting',
          })),
        },
        /entries/,
      ],
    ];
    for (const [value, message] of cases) {
      const read = parseFleetState(value);
      assert.ok('error' in read, JSON.stringify(value)?.slice(0, 80));
      assert.match(read.error, message);
    }
  });

  it('gives the fleet table its gateways: tracked tasks by key, refusals, and the ones still waiting', () => {
    const state = saved();
    const tasks = new Map([
      [
        `CNAAAA0001/${TASK}`,
        { taskId: TASK, state: 'COMPLETED' as const, progressPercent: 100, output: sweepOutput({ mtu: 1450 }) },
      ],
    ]);
    const rows = fleetRows(fleetMembers(state, (key) => tasks.get(key)));
    assert.deepEqual(
      rows.map((r) => [r.serial, r.status, r.taskKey ?? null, r.largestAlwaysAnswered, r.reason ?? null]),
      [
        ['CNAAAA0001', 'COMPLETED', `CNAAAA0001/${TASK}`, 1450, null],
        ['CNAAAA0002', 'REFUSED', null, null, 'Gateway CNAAAA0002 is offline or busy (409)'],
        ['CNAAAA0003', 'PENDING', null, null, 'Waiting for its turn in the request budget.'],
        ['CNAAAA0004', 'PENDING', null, null, 'Its start is on its way.'],
      ],
    );
    assert.equal(fleetSummary('10.1.1.1', rows).description, '1 done · 2 running · 1 refused');
    const untracked = fleetRows(fleetMembers(state, () => undefined))[0];
    assert.deepEqual(
      [untracked.status, untracked.reason, untracked.taskKey],
      ['NOT_FOUND', 'No longer tracked.', `CNAAAA0001/${TASK}`],
    );
  });
});

describe('fleet start report', () => {
  it('sorts refusals by the error kind, never by the vendor code', () => {
    const cases: Array<[unknown, string]> = [
      [errorForStatus(409, { code: 'HPE_GL_ERROR_NOT_FOUND' }), 'offline'],
      [errorForStatus(404), 'unknown'],
      [errorForStatus(403), 'forbidden'],
      [errorForStatus(400), 'badRequest'],
      [errorForStatus(401), 'unauthorized'],
      [errorForStatus(429, { retryAfterMs: 5000 }), 'rateLimited'],
      [errorForStatus(503), 'error'],
      [new ApiError('aborted', 'Cancelled'), 'cancelled'],
      [new ApiError('timeout', 'Timed out'), 'error'],
      [new InputError('Invalid sweep parameters'), 'badRequest'],
      [new Error('boom'), 'error'],
      ['a string', 'error'],
      [undefined, 'error'],
      [null, 'error'],
    ];
    for (const [err, kind] of cases) assert.equal(refusalOf(err, 'CN00000001').kind, kind, String(err));
    assert.equal(
      refusalOf(errorForStatus(409), 'CN00000001').message,
      'Gateway CN00000001 is offline or busy (409); start the sweep when it is connected',
    );
  });

  it('never lets a token through into the words', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl';
    const message = refusalOf(new Error(`failed with Bearer ${token}`), 'CN00000001').message;
    assert.ok(!message.includes(token), message);
  });

  it('counts every kind, and says it in one sentence', () => {
    const state = saved();
    assert.deepEqual(fleetStartCounts(state).refused.offline, 1);
    assert.equal(fleetStartSentence(state), 'Started 1 of 4; 1 offline, 2 waiting');
    state.entries = state.entries.map((e) =>
      e.status === 'started'
        ? e
        : { serial: e.serial, status: 'started', taskKey: `${e.serial}/${TASK}`, version: 'v1', startTime: null },
    );
    assert.equal(fleetStartSentence(state), 'Started 4 of 4');
  });
});
