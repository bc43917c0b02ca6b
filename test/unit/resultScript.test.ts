import { strict as assert } from 'node:assert';
import type { ReplyRow, TaskView } from '../../src/shared/resultProtocol';
import { describeState, formatDuration, formatTime, sentence } from '../../src/webview/format';
import { nextSort, parseSizeFilter, rowsFromColumns, validSort, visibleOrder } from '../../src/webview/replyRows';
import { MAX_FILTER_LENGTH, restoreViewState } from '../../src/webview/viewState';
import { parseExtensionMessage } from '../../src/webview/messages';
import { markStart } from '../../src/webview/startMarks';

/** The pure helpers of the result webview's page (src/webview), run under Node. */
const lib = {
  parseSizeFilter,
  visibleOrder,
  nextSort,
  validSort,
  formatDuration,
  formatTime,
  describeState,
  rowsFromColumns,
};

/** The fields of a task state that the badge and status line read. */
function words(
  state: TaskView['state'],
  progressPercent = 0,
  result: Partial<NonNullable<TaskView['result']>> | null = null,
) {
  return describeState({ state, progressPercent, result: result as TaskView['result'] });
}

const rows: ReplyRow[] = [
  { cycle: 1, requestId: 1, size: 1400, timedOut: false },
  { cycle: 1, requestId: 2, size: 1450, timedOut: true },
  { cycle: 1, requestId: 3, size: 1500, timedOut: true },
  { cycle: 2, requestId: 4, size: 1400, timedOut: false },
  { cycle: 2, requestId: 5, size: 1450, timedOut: false },
  { cycle: 2, requestId: 6, size: 1500, timedOut: true },
];

function matches(text: string, sizes: number[]): boolean[] {
  const { test, error } = lib.parseSizeFilter(text);
  assert.equal(error, null, text);
  return sizes.map((s) => (test ? test(s) : true));
}

describe('result page: size filter', () => {
  it('matches everything when empty', () => {
    assert.deepEqual(lib.parseSizeFilter('  '), { test: null, error: null });
  });

  it('understands sizes, ranges, bounds and lists', () => {
    const sizes = [1399, 1400, 1450, 1500, 1501];
    assert.deepEqual(matches('1400', sizes), [false, true, false, false, false]);
    assert.deepEqual(matches('1400-1500', sizes), [false, true, true, true, false]);
    assert.deepEqual(matches('1500 - 1400', sizes), [false, true, true, true, false]);
    assert.deepEqual(matches('1400..1450', sizes), [false, true, true, false, false]);
    assert.deepEqual(matches('>=1450', sizes), [false, false, true, true, true]);
    assert.deepEqual(matches('>1450', sizes), [false, false, false, true, true]);
    assert.deepEqual(matches('<= 1400', sizes), [true, true, false, false, false]);
    assert.deepEqual(matches('<1400', sizes), [true, false, false, false, false]);
    assert.deepEqual(matches('1399, 1500-1501', sizes), [true, false, false, true, true]);
  });

  it('explains what it expects instead of guessing', () => {
    for (const bad of ['abc', '14OO', '>=', '1400-', '<script>', '1e3']) {
      const r = lib.parseSizeFilter(bad);
      assert.equal(r.test, null, bad);
      assert.match(r.error ?? '', /1400-1500/);
    }
  });
});

describe('result page: order of the reply table', () => {
  const all = { sort: null, onlyTimedOut: false, sizeTest: null };

  it('keeps the server order by default', () => {
    assert.deepEqual(lib.visibleOrder(rows, all), [0, 1, 2, 3, 4, 5]);
  });

  it('filters to timed-out replies and by size', () => {
    assert.deepEqual(lib.visibleOrder(rows, { ...all, onlyTimedOut: true }), [1, 2, 5]);
    const sizeTest = lib.parseSizeFilter('1450').test;
    assert.deepEqual(lib.visibleOrder(rows, { ...all, sizeTest }), [1, 4]);
    assert.deepEqual(lib.visibleOrder(rows, { ...all, onlyTimedOut: true, sizeTest }), [1]);
  });

  it('sorts by a column, both ways, keeping the server order among equals', () => {
    assert.deepEqual(
      lib.visibleOrder(rows, { ...all, sort: { column: 'size', direction: 'ascending' } }),
      [0, 3, 1, 4, 2, 5],
    );
    assert.deepEqual(
      lib.visibleOrder(rows, { ...all, sort: { column: 'size', direction: 'descending' } }),
      [2, 5, 1, 4, 0, 3],
    );
    assert.deepEqual(
      lib.visibleOrder(rows, { ...all, sort: { column: 'timedOut', direction: 'descending' } }),
      [1, 2, 5, 0, 3, 4],
    );
    assert.deepEqual(
      lib.visibleOrder(rows, { ...all, sort: { column: 'requestId', direction: 'descending' } }),
      [5, 4, 3, 2, 1, 0],
    );
  });

  it('sorts 10,000 rows quickly', () => {
    const many: ReplyRow[] = Array.from({ length: 10_000 }, (_, i) => ({
      cycle: 1 + (i % 100),
      requestId: i + 1,
      size: 100 + ((i * 37) % 1500),
      timedOut: i % 7 === 0,
    }));
    const t0 = Date.now();
    const order = lib.visibleOrder(many, { ...all, sort: { column: 'size', direction: 'descending' } });
    assert.ok(Date.now() - t0 < 200);
    assert.equal(order.length, 10_000);
    for (let i = 1; i < order.length; i++) {
      assert.ok(many[order[i - 1]].size! >= many[order[i]].size!);
    }
  });

  it('cycles a header between ascending and descending', () => {
    assert.deepEqual(lib.nextSort(null, 'size'), { column: 'size', direction: 'ascending' });
    assert.deepEqual(lib.nextSort({ column: 'size', direction: 'ascending' }, 'size'), {
      column: 'size',
      direction: 'descending',
    });
    assert.deepEqual(lib.nextSort({ column: 'size', direction: 'descending' }, 'size'), {
      column: 'size',
      direction: 'ascending',
    });
    assert.deepEqual(lib.nextSort({ column: 'size', direction: 'descending' }, 'cycle'), {
      column: 'cycle',
      direction: 'ascending',
    });
  });

  it('restores only a sort it knows from saved webview state', () => {
    assert.deepEqual(lib.validSort({ column: 'cycle', direction: 'descending' }), {
      column: 'cycle',
      direction: 'descending',
    });
    assert.equal(lib.validSort({ column: 'constructor', direction: 'ascending' }), null);
    assert.equal(lib.validSort({ column: 'size', direction: 'up' }), null);
    assert.equal(lib.validSort('size'), null);
    assert.equal(lib.validSort(null), null);
  });
});

describe('result page: posted columns', () => {
  it('turns the columns the extension posts back into rows', () => {
    assert.deepEqual(lib.rowsFromColumns({ cycle: [1, 2], requestId: [7, 8], size: [1400, 1450], timedOut: [0, 1] }), [
      { cycle: 1, requestId: 7, size: 1400, timedOut: false },
      { cycle: 2, requestId: 8, size: 1450, timedOut: true },
    ]);
  });

  it('paints nothing from columns that do not line up', () => {
    assert.deepEqual(lib.rowsFromColumns(undefined), []);
    assert.deepEqual(lib.rowsFromColumns({ cycle: [1], requestId: [1], size: [1, 2], timedOut: [0] }), []);
    assert.deepEqual(lib.rowsFromColumns({ cycle: '1', requestId: [1], size: [1], timedOut: [0] }), []);
  });
});

describe('result page: formatting', () => {
  it('formats durations', () => {
    assert.equal(lib.formatDuration(850), '850 ms');
    assert.equal(lib.formatDuration(4_000), '4 s');
    assert.equal(lib.formatDuration(125_000), '2 min 05 s');
    assert.equal(lib.formatDuration(3_780_000), '1 h 03 min');
    assert.equal(lib.formatDuration(-5), '—');
    assert.equal(lib.formatDuration(Number.NaN), '—');
  });

  it('shows a time it cannot read as it came', () => {
    assert.deepEqual(lib.formatTime('not a time'), { time: 'not a time', date: '' });
    const t = lib.formatTime('2025-09-18T10:00:01Z');
    assert.match(t.time, /\d{1,2}:\d{2}:01/);
    assert.match(t.date, /2025/);
  });

  it('words each state', () => {
    assert.equal(words('RUNNING', 40).badge, 'Running 40%');
    assert.match(
      words('COMPLETED', 100, { replyCount: 10000, timedOutCount: 12 }).status,
      /10,000 replies, 12 timed out/,
    );
    assert.equal(words('COMPLETED', 100).status, 'Completed.');
    assert.equal(words('FAILED').tone, 'bad');
    assert.equal(words('FAILED').status, '', 'the banner says why');
    assert.equal(words('NOT_FOUND').badge, 'Not found');
    assert.match(words('RUNNING', 5).status, /5% done/);
    assert.match(words('PENDING').status, /first status/);
    assert.equal(words('INITIATED').tone, 'running');
  });

  it('ends a problem with exactly one full stop', () => {
    assert.equal(sentence('Central answered 503'), 'Central answered 503.');
    assert.equal(sentence('Timed out after 15 s. \n'), 'Timed out after 15 s.');
    assert.equal(sentence('Gone...'), 'Gone.');
  });
});

describe('result page: saved view state', () => {
  it('starts from the key in the page, else the saved one, and keeps a valid saved sort and filter', () => {
    const saved = {
      key: 'CN1/old',
      sort: { column: 'size', direction: 'descending' },
      onlyTimedOut: true,
      sizeFilter: '>=1400',
    };
    assert.deepEqual(restoreViewState(saved, 'CN1/new'), { ...saved, key: 'CN1/new' });
    assert.equal(restoreViewState(saved, '').key, 'CN1/old');
  });

  it('drops, field by field, whatever was saved in another shape', () => {
    const empty = { key: '', sort: null, onlyTimedOut: false, sizeFilter: '' };
    for (const saved of [undefined, null, 'x', 42, [], {}]) {
      assert.deepEqual(restoreViewState(saved, ''), empty, JSON.stringify(saved));
    }
    assert.deepEqual(
      restoreViewState(
        { key: 7, sort: { column: 'constructor', direction: 'ascending' }, onlyTimedOut: 'yes', sizeFilter: ['1400'] },
        '',
      ),
      empty,
    );
    const huge = restoreViewState({ sizeFilter: '1'.repeat(1_000_000) }, '');
    assert.equal(huge.sizeFilter.length, MAX_FILTER_LENGTH);
  });
});

describe('result page: messages from the extension', () => {
  it('takes a state of either kind', () => {
    const missing = { type: 'state', state: { kind: 'missing', key: 'k', title: 't', message: 'm' } };
    assert.deepEqual(parseExtensionMessage(missing), missing);
    const task = { type: 'state', state: { kind: 'task' } };
    assert.deepEqual(parseExtensionMessage(task), task);
  });

  it('ignores anything else', () => {
    for (const data of [
      undefined,
      null,
      'state',
      42,
      {},
      { type: 'state' },
      { type: 'state', state: null },
      { type: 'state', state: 'x' },
      { type: 'state', state: { kind: 'evil' } },
      { type: 'run', state: { kind: 'task' } },
    ]) {
      assert.equal(parseExtensionMessage(data), undefined, JSON.stringify(data));
    }
  });
});

describe('result page: values Central sent that could not be read', () => {
  const cols = { cycle: [1, null, 1], requestId: [1, 2, null], size: [1500, null, 1400], timedOut: [0, 1, 0] };

  it('keeps them as null from the posted columns, and turns anything not a finite number into null', () => {
    const read = rowsFromColumns({
      cycle: [1, NaN, 'x'],
      requestId: [Infinity, 2, null],
      size: [1, 2, 3],
      timedOut: [0, 1, 0],
    });
    assert.deepEqual(
      read.map((r) => [r.cycle, r.requestId]),
      [
        [1, null],
        [null, 2],
        [null, null],
      ],
    );
  });

  it('sorts them after every number, both ways, and leaves them out of a size filter', () => {
    const odd = rowsFromColumns(cols);
    const all = { sort: null, onlyTimedOut: false, sizeTest: null };
    assert.deepEqual(visibleOrder(odd, { ...all, sort: { column: 'size', direction: 'ascending' } }), [2, 0, 1]);
    assert.deepEqual(visibleOrder(odd, { ...all, sort: { column: 'size', direction: 'descending' } }), [0, 2, 1]);
    assert.deepEqual(visibleOrder(odd, { ...all, sizeTest: parseSizeFilter('>=1').test }), [0, 2]);
  });
});

describe('result page: start marks', () => {
  it('marks each step of the start once, however many states follow', () => {
    for (let i = 0; i < 1000; i++) {
      markStart('state');
      markStart('rendered');
    }
    assert.equal(performance.getEntriesByName('pingSweep/state', 'mark').length, 1);
    assert.equal(performance.getEntriesByName('pingSweep/rendered', 'mark').length, 1);
    performance.clearMarks();
  });
});
