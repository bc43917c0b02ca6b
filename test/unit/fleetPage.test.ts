import { strict as assert } from 'node:assert';
import { type FleetMember, type FleetRow, fleetRows } from '../../src/core/fleet';
import { parseFleetWebviewMessage } from '../../src/shared/fleetProtocol';
import { fleetCellTexts, fleetStatusLine, fleetStatusText } from '../../src/webview/fleet/fleetCells';
import {
  nextFleetSort,
  parseFleetMessage,
  restoreFleetView,
  visibleFleetRows,
} from '../../src/webview/fleet/fleetView';
import { sweepOutput } from './helpers/outputs';

/** The pure parts of the fleet webview's page (src/webview/fleet) and its protocol, run under Node. */

const SIZES = [1400, 1450, 1472, 1500];
const done = (serial: string, mtu: number, rtt = 12.5): FleetMember => ({
  serial,
  task: {
    taskId: `t-${serial}`,
    state: 'COMPLETED',
    progressPercent: 100,
    output: sweepOutput({ sizes: SIZES, mtu, rtt }),
  },
});
const rows: FleetRow[] = fleetRows([
  done('CN0000000A', 1472, 10),
  done('CN0000000B', 1472, 30),
  done('CN0000000C', 1400, 20),
  { serial: 'CN0000000D', task: { taskId: 't-d', state: 'RUNNING', progressPercent: 40 } },
  { serial: 'CN0000000E', refused: 'Gateway CN0000000E is offline or busy (409)' },
  { serial: 'CN0000000F', waiting: 'Waiting for its turn in the request budget.' },
]);

describe('fleet page: cells', () => {
  it('words each row: thresholds of a completed sweep, dashes for one not done, the difference from most', () => {
    const [a, , c, d, e, f] = rows.map(fleetCellTexts);
    assert.deepEqual(a, {
      serial: 'CN0000000A',
      status: 'Completed',
      statusTone: 'good',
      reason: '',
      largestAlwaysAnswered: '1,472 bytes',
      firstTimeout: '1,500 bytes',
      successRate: '75%',
      averageRttMs: '10 ms',
      difference: '',
    });
    assert.equal(
      c.difference,
      'answers up to 1400 bytes (most: 1472 bytes); first timeout 1450 bytes (most: 1500 bytes)',
    );
    assert.deepEqual(
      [d.status, d.statusTone, d.largestAlwaysAnswered, d.successRate],
      ['Running 40%', 'running', '—', '—'],
    );
    assert.deepEqual(
      [e.status, e.statusTone, e.reason],
      ['Refused', 'bad', 'Gateway CN0000000E is offline or busy (409)'],
    );
    assert.deepEqual([f.status, f.reason], ['Pending', 'Waiting for its turn in the request budget.']);
  });

  it('says "none" for a completed sweep without a threshold, never a dash', () => {
    const [all] = fleetRows([done('CN0000000A', 9000)]);
    assert.equal(fleetCellTexts(all).firstTimeout, 'none');
    const [nothing] = fleetRows([done('CN0000000A', 1)]);
    assert.deepEqual(
      [fleetCellTexts(nothing).largestAlwaysAnswered, fleetCellTexts(nothing).averageRttMs],
      ['none', '—'],
    );
  });

  it('words every status, and one it does not know as it came', () => {
    const words = (status: string, progressPercent = 0) =>
      fleetStatusText({ status: status as FleetRow['status'], progressPercent }).text;
    assert.deepEqual(
      ['COMPLETED', 'INITIATED', 'PENDING', 'FAILED', 'NOT_FOUND', 'REFUSED', 'BOGUS'].map((s) => words(s)),
      ['Completed', 'Initiated', 'Pending', 'Failed', 'Not found', 'Refused', 'BOGUS'],
    );
    assert.equal(words('RUNNING', 33.4), 'Running 33%');
    assert.equal(words('RUNNING', Number.NaN), 'Running 0%');
  });

  it('puts the counts, the gateways that differ and the starts in one line', () => {
    assert.equal(
      fleetStatusLine('3 done · 1 running', 'Started 4 of 5; 1 offline', rows),
      '3 done · 1 running · 1 differs from most. Started 4 of 5; 1 offline.',
    );
    assert.equal(fleetStatusLine('1 done', 'Started 1 of 1', rows.slice(0, 1)), '1 done. Started 1 of 1.');
  });
});

describe('fleet page: order and saved state', () => {
  const serials = (list: FleetRow[]) => list.map((r) => r.serial.slice(-1));

  it("shows the fleet's order until a header is clicked, then sorts both ways with empty values last", () => {
    assert.deepEqual(serials(visibleFleetRows(rows, null)), ['A', 'B', 'C', 'D', 'E', 'F']);
    const asc = nextFleetSort(null, 'averageRttMs');
    assert.deepEqual(asc, { column: 'averageRttMs', direction: 'ascending' });
    assert.deepEqual(serials(visibleFleetRows(rows, asc)), ['A', 'C', 'B', 'D', 'E', 'F']);
    const desc = nextFleetSort(asc, 'averageRttMs');
    assert.deepEqual(serials(visibleFleetRows(rows, desc)), ['B', 'C', 'A', 'D', 'E', 'F']);
    assert.deepEqual(serials(visibleFleetRows(rows, { column: 'differs', direction: 'ascending' })), [
      'C',
      'A',
      'B',
      'D',
      'E',
      'F',
    ]);
    assert.deepEqual(nextFleetSort(desc, 'serial'), { column: 'serial', direction: 'ascending' });
  });

  it('sorts 1000 rows quickly', () => {
    const many = fleetRows(
      Array.from({ length: 1000 }, (_, i) =>
        done(`CN${String(i).padStart(8, '0')}`, [1400, 1450, 1472][i % 3], i % 50),
      ),
    );
    const t0 = Date.now();
    const sorted = visibleFleetRows(many, { column: 'averageRttMs', direction: 'descending' });
    assert.ok(Date.now() - t0 < 200);
    assert.equal(sorted[0].averageRttMs, 49);
  });

  it('starts from the id in the page, keeps a valid saved sort, and drops anything else', () => {
    const saved = { id: 'old', sort: { column: 'firstTimeout', direction: 'descending' } };
    assert.deepEqual(restoreFleetView(saved, 'fleet-2'), { id: 'fleet-2', sort: saved.sort });
    assert.equal(restoreFleetView(saved, '').id, 'old');
    for (const bad of [
      undefined,
      null,
      'x',
      42,
      [],
      { id: 7, sort: { column: 'constructor', direction: 'ascending' } },
      { sort: { column: 'serial', direction: 'up' } },
    ]) {
      assert.deepEqual(restoreFleetView(bad, ''), { id: '', sort: null }, JSON.stringify(bad));
    }
    assert.equal(restoreFleetView({ id: 'x'.repeat(100_000) }, '').id.length, 200);
  });
});

describe('fleet page: messages', () => {
  const view = {
    kind: 'fleet',
    id: 'f',
    title: 't',
    description: 'd',
    sweep: 's',
    starts: 'Started 1 of 1',
    progressPercent: 100,
    active: false,
  };

  it('takes a fleet state, dropping rows that are not rows, and a missing fleet', () => {
    const message = parseFleetMessage({
      type: 'state',
      state: { ...view, rows: [rows[0], null, 'x', { serial: 1 }, rows[1]] },
    });
    assert.deepEqual(message?.state.kind === 'fleet' && message.state.rows, [rows[0], rows[1]]);
    const missing = { type: 'state', state: { kind: 'missing', id: 'f', title: 't', message: 'gone' } };
    assert.deepEqual(parseFleetMessage(missing), missing);
  });

  it('ignores anything else', () => {
    for (const data of [
      undefined,
      null,
      'state',
      {},
      { type: 'state' },
      { type: 'state', state: { ...view } },
      { type: 'state', state: { ...view, rows: 'x' } },
      { type: 'state', state: { ...view, id: 3, rows: [] } },
      { type: 'run', state: { ...view, rows: [] } },
      { type: 'state', state: { ...view, kind: 'task', rows: [] } },
    ]) {
      assert.equal(parseFleetMessage(data), undefined, JSON.stringify(data));
    }
  });

  it("lets the extension take only the page's three messages, an openTask only with a key of a sane length", () => {
    assert.deepEqual(parseFleetWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFleetWebviewMessage({ type: 'export', extra: 1 }), { type: 'export' });
    assert.deepEqual(parseFleetWebviewMessage({ type: 'openTask', key: 'CN1/abc', x: 1 }), {
      type: 'openTask',
      key: 'CN1/abc',
    });
    for (const data of [
      null,
      'ready',
      [],
      { type: 'openTask' },
      { type: 'openTask', key: '' },
      { type: 'openTask', key: 7 },
      { type: 'openTask', key: 'k'.repeat(201) },
      { type: 'refresh' },
      { type: '__proto__' },
    ]) {
      assert.equal(parseFleetWebviewMessage(data), undefined, JSON.stringify(data));
    }
  });
});
