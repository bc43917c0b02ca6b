// One unexpected value degrades its field, never the whole answer; only what the poller needs to decide (is it
// finished?) is strict. And a COMPLETED answer with a failReason and no output is a failed sweep.
import { strict as assert } from 'node:assert';
import { SchemaError, StatusResponse, parseWith, statusResponseSchema } from '../../src/core/schemas';
import { analyzeSweep, toCsv, toJson } from '../../src/core/sweep';
import type { TrackedTask } from '../../src/core/task';
import { patchFromStatus } from '../../src/core/taskUpdate';
import { buildSummary } from '../../src/editor/results/webviewProtocol';
import { Simulator, startSimulator } from '../simulator/server';
import { SERIAL, TOKEN, clientFor } from './helpers/central';

const START = '2025-09-18T10:00:01Z';
const START_S = Date.parse(START) / 1000;

function reply(requestId: unknown, size: unknown, timedOut: unknown = false): Record<string, unknown> {
  return { requestId, size, timedOut };
}

function body(over: Record<string, unknown> = {}, output: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'COMPLETED',
    progressPercent: 100,
    startTime: START,
    endTime: '2025-09-18T10:00:05Z',
    failReason: null,
    output: {
      destination: '1.1.1.1',
      successRate: '50',
      transmittedPacketsCount: '4',
      receivedPacketsCount: '2',
      minimumRoundTripTimeMilliseconds: '1.5',
      averageRoundTripTimeMilliseconds: '2',
      maximumRoundTripTimeMilliseconds: '2.5',
      responses: [
        {
          count: '1',
          replies: [reply('1', '100'), reply('2', '200', true), reply('3', '300'), reply('4', '400', true)],
        },
      ],
      ...output,
    },
    ...over,
  };
}

const read = (value: unknown): StatusResponse => parseWith(statusResponseSchema, value, 'status response');

function task(over: Partial<TrackedTask> = {}): TrackedTask {
  return {
    serial: SERIAL,
    taskId: 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e',
    baseUrl: 'http://127.0.0.1:1',
    state: 'RUNNING',
    progressPercent: 10,
    addedAt: 1,
    updatedAt: 1,
    ...over,
  };
}

describe('odd fields: the status', () => {
  it('reads a status in any letter case, with blanks around it', () => {
    for (const [sent, as] of [
      ['completed', 'COMPLETED'],
      [' Running ', 'RUNNING'],
      ['failed', 'FAILED'],
      ['initiated', 'INITIATED'],
    ]) {
      assert.equal(read(body({ status: sent, output: null })).status, as, sent);
    }
  });

  it('treats a status it does not know as not finished, and says so in the tooltip', () => {
    const s = read(body({ status: 'PAUSED', progressPercent: 30, output: null }));
    assert.equal(s.status, 'RUNNING');
    assert.equal(s.progressPercent, 30);
    const note = (s.notes ?? []).find((n) => n.field === 'status');
    assert.ok(note && note.shown && note.sent === 'PAUSED', JSON.stringify(s.notes));
    const patch = patchFromStatus(task(), s);
    assert.equal(patch.state, 'RUNNING');
    assert.match(patch.problem ?? '', /status "PAUSED".*not finished/);
  });

  it('is strict only where the poller decides: a missing or non-text status is still a malformed answer', () => {
    for (const status of [undefined, null, 3, ['COMPLETED'], { v: 1 }]) {
      assert.throws(
        () => read(body({ status })),
        (err: unknown) => err instanceof SchemaError && /status: /.test(err.message),
        String(status),
      );
    }
  });
});

describe('odd fields: times, progress, reasons', () => {
  it('reads startTime and endTime sent as epoch seconds or milliseconds, numbers or text', () => {
    for (const sent of [START_S, START_S * 1000, String(START_S), `${START_S * 1000}`]) {
      const s = read(body({ startTime: sent, endTime: null, status: 'RUNNING', output: null }));
      assert.equal(s.startTime, '2025-09-18T10:00:01.000Z', String(sent));
      assert.ok(
        (s.notes ?? []).some((n) => n.field === 'startTime' && !n.shown),
        'logged, not flagged',
      );
    }
  });

  it('keeps a time it cannot read as sent, flagged; never throws the answer away', () => {
    for (const [sent, shown] of [
      ['yesterday', 'yesterday'],
      [true, 'true'],
      [{ at: 1 }, '{"at":1}'],
      [Number('1e400'), null],
      [-1e300, '-1e+300'],
    ] as const) {
      const s = read(body({ startTime: sent, status: 'RUNNING', output: null }));
      assert.equal(s.startTime, shown, String(sent));
      if (shown !== null)
        assert.ok(
          (s.notes ?? []).some((n) => n.field === 'startTime' && n.shown),
          JSON.stringify(s.notes),
        );
    }
  });

  it('reads a failReason that is not text as sent', () => {
    assert.equal(read(body({ status: 'FAILED', failReason: 42, output: null })).failReason, '42');
    assert.equal(
      read(body({ status: 'FAILED', failReason: { code: 7, text: 'down' }, output: null })).failReason,
      '{"code":7,"text":"down"}',
    );
    assert.equal(read(body({ status: 'FAILED', failReason: false, output: null })).failReason, 'false');
    assert.ok(
      read(body({ status: 'FAILED', failReason: 'x'.repeat(100_000), output: null })).failReason!.length <= 1000,
    );
  });

  it('degrades an unreadable progress to 0, flagged, and keeps the rest', () => {
    for (const sent of ['1e400', 'abc', true, { p: 1 }]) {
      const s = read(body({ status: 'RUNNING', progressPercent: sent, output: null }));
      assert.equal(s.progressPercent, 0);
      assert.ok(
        (s.notes ?? []).some((n) => n.field === 'progressPercent' && n.shown),
        String(sent),
      );
    }
  });
});

describe('odd fields: the output', () => {
  it('reads timedOut as 0/1, "true"/"false" in any case, and "0"/"1"', () => {
    const sent: unknown[] = [0, 1, 'true', 'false', 'TRUE', ' False ', '0', '1'];
    const s = read(body({}, { responses: [{ count: 1, replies: sent.map((t, i) => reply(i + 1, 100, t)) }] }));
    assert.deepEqual(
      s.output!.responses[0].replies.map((r) => r.timedOut),
      [false, true, true, false, true, false, false, true],
    );
  });

  it('reads "1e400" as a bad field, never Infinity: null in the data, as sent in CSV and JSON', () => {
    const s = read(
      body(
        {},
        {
          successRate: '1e400',
          responses: [
            { count: '1', replies: [reply('1', '1e400'), reply('2', '200', true), reply('3', 'ten', 'maybe')] },
          ],
        },
      ),
    );
    const out = s.output!;
    assert.equal(out.successRate, null);
    assert.equal(out.responses[0].replies[0].size, null);
    assert.equal(out.responses[0].replies[2].timedOut, null);
    assert.deepEqual(out.asSent, {
      successRate: '1e400',
      'responses.0.replies.0.size': '1e400',
      'responses.0.replies.2.size': 'ten',
      'responses.0.replies.2.timedOut': 'maybe',
    });
    const csv = toCsv(out);
    assert.doesNotMatch(csv, /Infinity/);
    assert.match(csv, /^1,1,1e400,false\r$/m);
    assert.match(csv, /^1,3,ten,maybe\r$/m);
    const json = toJson({ serial: SERIAL, taskId: 't', state: 'COMPLETED', output: out });
    assert.doesNotMatch(json, /Infinity/);
    const doc = JSON.parse(json) as { summary: { successRate: unknown }; notes: string[] };
    assert.equal(doc.summary.successRate, null);
    assert.ok(
      doc.notes.some((n) => n.includes('successRate') && n.includes('1e400')),
      doc.notes.join('\n'),
    );
    const a = analyzeSweep(out);
    assert.deepEqual(
      a.sizes.map((r) => r.size),
      [200],
      'a reply of unknown size is in no size row',
    );
    assert.equal(a.replies, 3);
  });

  it('keeps a result whose destination, counts or responses are odd', () => {
    const s = read(body({}, { destination: 7, transmittedPacketsCount: 'many', responses: 'none' }));
    assert.equal(s.status, 'COMPLETED');
    assert.equal(s.output!.destination, '7');
    assert.equal(s.output!.transmittedPacketsCount, null);
    assert.deepEqual(s.output!.responses, []);
    const s2 = read(body({}, { responses: [{ count: 'x', replies: 'none' }, 'junk'] }));
    assert.equal(s2.output!.responses.length, 2);
    assert.equal(s2.output!.responses[0].count, null);
    assert.deepEqual(s2.output!.responses[1].replies, []);
  });

  it('never shows null for a present value in the summary: as sent instead', () => {
    const s = read(body({}, { successRate: '1e400', receivedPacketsCount: 'n/a' }));
    const summary = buildSummary(task({ state: 'COMPLETED', output: s.output!, startTime: START }));
    const text = JSON.stringify(summary);
    assert.doesNotMatch(text, /null%|null \/|NaN|Infinity/);
    assert.match(text, /1e400/);
    assert.match(text, /n\/a/);
  });
});

describe('odd fields: an end before the start', () => {
  const t = task({ state: 'COMPLETED', startTime: '2025-09-18T10:00:05Z', endTime: '2025-09-18T10:00:01Z' });

  it('has no duration in the view (not 0 ms)', () => {
    const duration = buildSummary(t).find((i) => i.id === 'duration');
    assert.deepEqual(duration?.value, { kind: 'none' });
  });

  it('says why the duration is missing in the JSON export', () => {
    const doc = JSON.parse(toJson(t)) as { durationMs: unknown; notes: string[] };
    assert.equal(doc.durationMs, null);
    assert.ok(
      doc.notes.some((n) => /durationMs: .*end .* before .*start/.test(n)),
      doc.notes.join('\n'),
    );
  });
});

describe('a COMPLETED answer with a failReason and no output', () => {
  it('is a failed sweep with its reason, in the task and in the export', () => {
    const s = read(body({ failReason: 'Gateway did not respond', output: null }));
    assert.equal(s.status, 'FAILED');
    assert.equal(s.failReason, 'Gateway did not respond');
    const patch = patchFromStatus(task(), s);
    assert.equal(patch.state, 'FAILED');
    assert.equal(patch.failReason, 'Gateway did not respond');
    const doc = JSON.parse(toJson({ ...task(), ...patch })) as { status: string; failReason: string };
    assert.deepEqual([doc.status, doc.failReason], ['FAILED', 'Gateway did not respond']);
  });

  it('stays COMPLETED with an output, or without a reason', () => {
    assert.equal(read(body({ failReason: 'partial' })).status, 'COMPLETED');
    assert.equal(read(body({ failReason: '', output: null })).status, 'COMPLETED');
    assert.equal(read(body({ failReason: '  ', output: null })).status, 'COMPLETED');
  });
});

describe('odd fields over loopback HTTP', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ tokens: [TOKEN] });
  });
  afterEach(() => sim.close());

  it('logs each odd field once however often it is read, redacted of the token', async () => {
    const odd = {
      status: 200,
      body: {
        status: 'paused_by_admin',
        progressPercent: '1e400',
        startTime: START_S,
        failReason: { echo: `Bearer ${TOKEN}` },
      },
    };
    const taskId = sim.addTask(SERIAL, 'complete', { script: [odd, odd, odd] });
    const lines: string[] = [];
    const client = clientFor(sim, { log: (l) => lines.push(l) });
    for (let i = 0; i < 3; i++) {
      const r = await client.getStatus({ serial: SERIAL, taskId, version: 'v1' });
      assert.equal(r.status.status, 'RUNNING');
      assert.ok(!(r.status.failReason ?? '').includes(TOKEN));
    }
    const notes = lines.filter((l) => !/-> \d+ \(\d+ ms\)$/.test(l));
    assert.equal(notes.filter((l) => l.includes('"paused_by_admin"')).length, 1, notes.join('\n'));
    assert.equal(notes.filter((l) => l.includes('progressPercent')).length, 1, notes.join('\n'));
    assert.ok(
      notes.every((l) => !l.includes(TOKEN)),
      notes.join('\n'),
    );
  });
});
