import * as assert from 'node:assert/strict';
import { FleetMember, fleetCsv, fleetRows, fleetSummary, sortFleetRows } from '../../src/core/fleet';
import type { SweepOutput } from '../../src/core/schemas';

/** A completed sweep's output: sizes up to `mtu` answer every cycle, larger ones time out. */
function output(mtu: number | null, rtt: number | null = 12.5, sizes = [1400, 1450, 1472, 1500]): SweepOutput {
  const replies = sizes.map((size, i) => ({ requestId: i + 1, size, timedOut: mtu === null || size > mtu }));
  const received = replies.filter((r) => !r.timedOut).length;
  return {
    destination: '10.1.1.1',
    successRate: Math.round((100 * received) / sizes.length),
    transmittedPacketsCount: sizes.length,
    receivedPacketsCount: received,
    minimumRoundTripTimeMilliseconds: rtt,
    averageRoundTripTimeMilliseconds: rtt,
    maximumRoundTripTimeMilliseconds: rtt,
    responses: [{ count: 1, replies }],
  };
}

const done = (serial: string, mtu: number | null, rtt?: number | null): FleetMember => ({
  serial,
  task: { taskId: `t-${serial}`, state: 'COMPLETED', progressPercent: 100, output: output(mtu, rtt) },
});

describe('fleet table', () => {
  const members: FleetMember[] = [
    done('CN0000000A', 1472, 10),
    done('CN0000000B', 1472, 30),
    done('CN0000000C', 1400, 20),
    { serial: 'CN0000000D', task: { taskId: 't-d', state: 'RUNNING', progressPercent: 40 } },
    {
      serial: 'CN0000000E',
      task: { taskId: 't-e', state: 'FAILED', progressPercent: 40, failReason: '=HYPERLINK("http://x")' },
    },
    {
      serial: 'CN0000000F',
      refused: 'Gateway CN0000000F is offline or busy (409); start the sweep when it is connected',
    },
    done('CN0000000G', 1472, null),
  ];

  it('has one row per gateway with status, thresholds, success rate and average RTT', () => {
    const rows = fleetRows(members);
    assert.deepEqual(
      rows.map((r) => [
        r.serial,
        r.status,
        r.largestAlwaysAnswered,
        r.firstTimeout,
        r.successRate,
        r.averageRttMs,
        r.taskKey ?? null,
      ]),
      [
        ['CN0000000A', 'COMPLETED', 1472, 1500, 75, 10, 'CN0000000A/t-CN0000000A'],
        ['CN0000000B', 'COMPLETED', 1472, 1500, 75, 30, 'CN0000000B/t-CN0000000B'],
        ['CN0000000C', 'COMPLETED', 1400, 1450, 25, 20, 'CN0000000C/t-CN0000000C'],
        ['CN0000000D', 'RUNNING', null, null, null, null, 'CN0000000D/t-d'],
        ['CN0000000E', 'FAILED', null, null, null, null, 'CN0000000E/t-e'],
        ['CN0000000F', 'REFUSED', null, null, null, null, null],
        ['CN0000000G', 'COMPLETED', 1472, 1500, 75, null, 'CN0000000G/t-CN0000000G'],
      ],
    );
    assert.match(rows[5].reason!, /offline or busy \(409\)/);
  });

  it('marks the gateways whose answer differs from the majority, and says how', () => {
    const rows = fleetRows(members);
    assert.deepEqual(
      rows.filter((r) => r.differs).map((r) => r.serial),
      ['CN0000000C'],
    );
    assert.equal(
      rows[2].difference,
      'answers up to 1400 bytes (most: 1472 bytes); first timeout 1450 bytes (most: 1500 bytes)',
    );
    // No majority (a tie, or a single sweep): nothing is marked.
    assert.ok(fleetRows([done('CN0000000A', 1472), done('CN0000000C', 1400)]).every((r) => !r.differs));
    assert.ok(fleetRows([done('CN0000000A', 1472)]).every((r) => !r.differs));
    const nothing = fleetRows([done('CN0000000A', 1472), done('CN0000000B', 1472), done('CN0000000C', null)]);
    assert.equal(
      nothing[2].difference,
      'answers up to no size (most: 1472 bytes); first timeout 1400 bytes (most: 1500 bytes)',
    );
  });

  it('sorts by any column, empty values last either way, ties in their order', () => {
    const rows = fleetRows(members);
    const order = (key: Parameters<typeof sortFleetRows>[1], desc = false) =>
      sortFleetRows(rows, key, desc)
        .map((r) => r.serial.slice(-1))
        .join('');
    assert.equal(order('averageRttMs'), 'ACBDEFG');
    assert.equal(order('averageRttMs', true), 'BCADEFG');
    assert.equal(order('largestAlwaysAnswered'), 'CABGDEF');
    assert.equal(order('status'), 'DABCGEF');
    assert.equal(order('serial', true), 'GFEDCBA');
    assert.equal(order('differs'), 'CABDEFG');
    assert.equal(rows[0].serial, 'CN0000000A', 'sorting copies');
  });

  it('exports CSV that a spreadsheet cannot run as a formula', () => {
    const csv = fleetCsv(fleetRows(members));
    const lines = csv.split('\r\n');
    assert.equal(
      lines[0],
      'serial,status,largestAlwaysAnswered,firstTimeout,successRate,averageRttMs,differsFromMajority,difference,reason,taskId',
    );
    assert.equal(lines[1], 'CN0000000A,COMPLETED,1472,1500,75,10,false,,,t-CN0000000A');
    assert.equal(
      lines[3],
      'CN0000000C,COMPLETED,1400,1450,25,20,true,answers up to 1400 bytes (most: 1472 bytes); first timeout 1450 bytes (most: 1500 bytes),,t-CN0000000C',
    );
    assert.equal(lines[5], `CN0000000E,FAILED,,,,,false,,"'=HYPERLINK(""http://x"")",t-e`);
    assert.equal(
      lines[6],
      'CN0000000F,REFUSED,,,,,false,,Gateway CN0000000F is offline or busy (409); start the sweep when it is connected,',
    );
    assert.equal(lines.length, members.length + 2);
    assert.equal(lines[lines.length - 1], '');
  });
});

describe('fleet summary', () => {
  it('labels the group and counts gateways by outcome', () => {
    const rows = fleetRows([
      ...Array.from({ length: 18 }, (_, i) => done(`CN00000${String(i).padStart(3, '0')}`, 1472)),
      ...Array.from({ length: 4 }, (_, i): FleetMember => ({
        serial: `CNRUN0000${i}`,
        task: { taskId: `r${i}`, state: 'RUNNING', progressPercent: 50 },
      })),
      { serial: 'CNREF00001', refused: 'offline' },
      { serial: 'CNREF00002', refused: 'unknown' },
    ]);
    const s = fleetSummary('10.1.1.1', rows);
    assert.equal(s.label, '10.1.1.1 on 24 gateways');
    assert.equal(s.description, '18 done · 4 running · 2 refused');
    assert.equal(s.progressPercent, Math.floor((18 * 100 + 4 * 50) / 22));
    assert.ok(s.active);
  });

  it('names failed and lost tasks, counts final ones as finished, and copes with an empty or all-refused fleet', () => {
    const s = fleetSummary(
      'fw.example.net',
      fleetRows([
        { serial: 'CN0000000E', task: { taskId: 'e', state: 'FAILED', progressPercent: 40 } },
        { serial: 'CN0000000N', task: { taskId: 'n', state: 'NOT_FOUND', progressPercent: 0 } },
        { serial: 'CN0000000P', task: { taskId: 'p', state: 'PENDING', progressPercent: 150 } },
      ]),
    );
    assert.equal(s.description, '1 running · 1 failed · 1 not found');
    assert.equal(s.progressPercent, Math.floor((100 + 100 + 100) / 3));
    assert.deepEqual(fleetSummary('x', []), {
      label: 'x on 0 gateways',
      description: 'no gateways',
      counts: { done: 0, running: 0, failed: 0, 'not found': 0, refused: 0 },
      progressPercent: 100,
      active: false,
      differing: 0,
    });
    assert.equal(fleetSummary('x', fleetRows([{ serial: 'CN00000001', refused: 'offline' }])).label, 'x on 1 gateway');
  });
});
