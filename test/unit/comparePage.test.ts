import { strict as assert } from 'node:assert';
import { type CompareColumn, type Comparison, compareSweeps } from '../../src/core/compare';
import { parseCompareWebviewMessage } from '../../src/shared/compareProtocol';
import {
  columnHeading,
  deltaText,
  msText,
  parseCompareMessage,
  percentText,
  rateText,
  restoreCompareView,
  sizeChanged,
} from '../../src/webview/compare/compareCells';
import { sweepOutput } from './helpers/outputs';

/** The pure parts of the compare webview's page (src/webview/compare) and its protocol, run under Node. */

const comparison = compareSweeps([
  {
    key: 'CN1/new',
    serial: 'CNAAAA0001',
    startTime: '2025-09-18T12:00:00Z',
    output: sweepOutput({ sizes: [1400, 1472, 1500, 1550], mtu: 1500, rtt: 10.1 }),
  },
  {
    key: 'CN1/old',
    serial: 'CNAAAA0001',
    startTime: '2025-09-18T10:00:00Z',
    output: sweepOutput({ sizes: [1300, 1400, 1472, 1500], mtu: 1472, rtt: 14.2 }),
  },
]) as Comparison;

describe('compare page: cells', () => {
  it('shows a size a sweep did not try as absent, never as a failure', () => {
    const [r1300, , , r1500, r1550] = comparison.rows;
    assert.deepEqual(rateText(r1300.cells[1]), { text: 'not in this sweep', tone: 'absent', percent: null });
    assert.deepEqual(rateText(r1300.cells[0]), { text: '100% (5/5)', tone: 'good', percent: 100 });
    assert.deepEqual(rateText(r1500.cells[0]), { text: '0% (0/5)', tone: 'bad', percent: 0 });
    assert.deepEqual([rateText(r1550.cells[0]).tone, rateText(r1550.cells[1]).tone], ['absent', 'bad']);
    assert.deepEqual(rateText({ sent: 3, answered: 2, rate: 2 / 3 }), { text: '67% (2/3)', tone: 'warn', percent: 67 });
    assert.equal(rateText(undefined as never).tone, 'absent', 'a row shorter than the columns');
  });

  it('marks a size whose answer changed from the oldest to the newest sweep, not one only some sweeps tried', () => {
    assert.deepEqual(
      comparison.rows.map((r) => [r.size, sizeChanged(r)]),
      [
        [1300, false],
        [1400, false],
        [1472, false],
        [1500, true],
        [1550, false],
      ],
    );
  });

  it('words RTTs and the difference from the oldest sweep', () => {
    assert.equal(comparison.columns[0].key, 'CN1/old', 'oldest first');
    assert.deepEqual(deltaText(comparison.columns[1].averageRttDeltaMs), {
      text: '\u22124.1 ms',
      tone: 'good',
      words: '4.1 ms lower than the oldest sweep',
    });
    assert.deepEqual(deltaText(2), { text: '+2 ms', tone: 'bad', words: '2 ms higher than the oldest sweep' });
    assert.equal(deltaText(0.01).text, '±0 ms');
    assert.equal(deltaText(null).text, '');
    assert.equal(deltaText(Number.NaN).text, '');
    assert.deepEqual([msText(12.345), msText(null), msText(Infinity)], ['12.3 ms', '—', '—']);
    assert.deepEqual([percentText(83.333), percentText(null)], ['83.3%', '—']);
  });

  it('heads each column with gateway, destination and start time; an unreadable time shown as it came', () => {
    const col = comparison.columns[0];
    const h = columnHeading(col);
    assert.equal(h.serial, 'CNAAAA0001');
    assert.equal(h.destination, '10.1.1.1');
    assert.match(h.time, /2025/);
    const odd: CompareColumn = { ...col, destination: '', startTime: 'yesterday' };
    assert.deepEqual(columnHeading(odd), { serial: 'CNAAAA0001', destination: '—', time: 'yesterday' });
    assert.equal(columnHeading({ ...col, startTime: null }).time, 'start time unknown');
  });
});

describe('compare page: messages and saved state', () => {
  it('takes a comparison or an error, and ignores anything else', () => {
    const ok = { type: 'state', state: { kind: 'comparison', title: 'Compare 2 sweeps', comparison } };
    assert.deepEqual(parseCompareMessage(ok), ok);
    const error = {
      type: 'state',
      state: { kind: 'error', title: 'Compare', message: 'Pick at least two.', keys: [] },
    };
    assert.deepEqual(parseCompareMessage(error), error);
    for (const data of [
      null,
      {},
      { type: 'state' },
      { type: 'state', state: { kind: 'comparison' } },
      { type: 'state', state: { kind: 'comparison', comparison: { columns: [] } } },
      { type: 'state', state: { kind: 'error' } },
      { type: 'x', state: ok.state },
    ]) {
      assert.equal(parseCompareMessage(data), undefined, JSON.stringify(data));
    }
  });

  it('keeps the compared keys for a reload, and drops what is not one', () => {
    assert.deepEqual(restoreCompareView({ keys: ['CN1/a', 'CN1/b'] }), { keys: ['CN1/a', 'CN1/b'] });
    assert.deepEqual(restoreCompareView({ keys: ['CN1/a', 7, '', 'k'.repeat(201), null] }), { keys: ['CN1/a'] });
    for (const bad of [undefined, null, 'x', { keys: 'CN1/a' }])
      assert.deepEqual(restoreCompareView(bad), { keys: [] });
    assert.equal(restoreCompareView({ keys: Array.from({ length: 500 }, (_, i) => `CN1/${i}`) }).keys.length, 50);
  });

  it('lets the extension take only ready and openTask with a key', () => {
    assert.deepEqual(parseCompareWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseCompareWebviewMessage({ type: 'openTask', key: 'CN1/old' }), {
      type: 'openTask',
      key: 'CN1/old',
    });
    for (const data of [
      undefined,
      { type: 'export' },
      { type: 'openTask', key: ['CN1/old'] },
      { type: 'openTask', key: 'k'.repeat(201) },
    ]) {
      assert.equal(parseCompareWebviewMessage(data), undefined, JSON.stringify(data));
    }
  });
});
