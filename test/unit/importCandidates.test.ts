import { strict as assert } from 'node:assert';
import { ago, describeCandidates, pickText, type Candidate } from '../../src/core/importCandidates';
import type { StatusResponse } from '../../src/core/schemas';
import type { TrackedTask } from '../../src/core/task';

const NOW = Date.parse('2025-09-18T10:30:00Z');
const ID = (n: number) => `d3e0c001-0000-4000-8000-00000000000${n}`;

function status(p: Partial<StatusResponse>): StatusResponse {
  return {
    status: 'RUNNING',
    progressPercent: 0,
    startTime: null,
    endTime: null,
    failReason: null,
    output: null,
    ...p,
  };
}

const OUTPUT = {
  destination: '10.20.30.1',
  successRate: 80,
  transmittedPacketsCount: 10,
  receivedPacketsCount: 8,
  minimumRoundTripTimeMilliseconds: 1,
  averageRoundTripTimeMilliseconds: 2,
  maximumRoundTripTimeMilliseconds: 3,
  responses: [],
};

describe('Import Recent Tasks: what the pick shows of each sweep', () => {
  it('shows destination, status, progress and start time, in the order given', () => {
    const candidates: Candidate[] = [
      {
        taskId: ID(1),
        info: {
          kind: 'read',
          status: status({ status: 'RUNNING', progressPercent: 42.4, startTime: '2025-09-18T10:27:30Z' }),
        },
      },
      {
        taskId: ID(2),
        info: {
          kind: 'read',
          status: status({
            status: 'COMPLETED',
            progressPercent: 100,
            startTime: '2025-09-18T10:20:00Z',
            output: OUTPUT,
          }),
        },
      },
      {
        taskId: ID(3),
        info: {
          kind: 'read',
          status: status({
            status: 'FAILED',
            progressPercent: 40,
            startTime: '2025-09-18T07:00:00Z',
            failReason: 'Destination 192.0.2.55 is unreachable',
          }),
        },
      },
    ];
    const texts = describeCandidates(candidates, NOW);
    assert.deepEqual(
      texts.map((t) => t.label),
      ['d3e0c001…0001', '10.20.30.1', 'd3e0c001…0003'],
    );
    assert.deepEqual(
      texts.map((t) => t.description),
      ['RUNNING 42% · started 2 min ago', 'COMPLETED · started 10 min ago', 'FAILED · started 3 h ago'],
    );
    assert.equal(texts[0].detail, `Task ${ID(1)} · started 2025-09-18T10:27:30Z`);
    assert.equal(
      texts[2].detail,
      `Task ${ID(3)} · started 2025-09-18T07:00:00Z · fail reason: Destination 192.0.2.55 is unreachable`,
    );
  });

  it('describes a tracked sweep from the store and one left unread, and says why', () => {
    const task: TrackedTask = {
      serial: 'CN1',
      taskId: ID(1),
      baseUrl: 'https://x',
      state: 'INITIATED',
      progressPercent: 0,
      startTime: '2025-09-18T10:29:50Z',
      addedAt: NOW,
      updatedAt: NOW,
    };
    const texts = describeCandidates(
      [
        { taskId: ID(1), info: { kind: 'tracked', task } },
        {
          taskId: ID(2),
          info: { kind: 'tracked', task: { ...task, taskId: ID(2), state: 'PENDING', startTime: undefined } },
        },
        { taskId: 'short-id', info: { kind: 'unread', why: 'only the 8 newest are read' } },
      ],
      NOW,
    );
    assert.deepEqual(
      texts.map((t) => [t.label, t.description]),
      [
        ['d3e0c001…0001', 'INITIATED 0% · started just now · already tracked'],
        ['d3e0c001…0002', 'status not known yet · already tracked'],
        ['short-id', 'status not read: only the 8 newest are read'],
      ],
    );
    assert.equal(texts[2].detail, 'Task short-id');
  });

  it('shows text from Central as plain text: no icon syntax, no link, one bounded line', () => {
    const hostile = '$(zap) [click](command:workbench.action.terminal.new)\n\u202eevil' + 'x'.repeat(500);
    const [t] = describeCandidates(
      [
        {
          taskId: ID(1),
          info: {
            kind: 'read',
            status: status({
              status: 'FAILED',
              failReason: hostile,
              startTime: '$(bug) yesterday',
              output: { ...OUTPUT, destination: '$(alert)host' },
            }),
          },
        },
      ],
      NOW,
    );
    for (const text of [t.label, t.description, t.detail]) {
      assert.ok(!text.includes('$('), text);
      assert.ok(!text.includes(']('), text);
      assert.ok(!/[\n\u202e]/.test(text), text);
    }
    assert.equal(t.label, '$\u200b(alert)host');
    assert.match(t.description, /^FAILED · started \$\u200b\(bug\) yesterday$/);
    assert.ok(t.detail.length < 250, `${t.detail.length} characters`);
  });

  it('words times relative to now, and a time it cannot read as sent', () => {
    assert.equal(ago('2025-09-18T10:29:59Z', NOW), 'just now');
    assert.equal(ago('2025-09-18T10:31:00Z', NOW), 'just now', 'a start in the future (clock skew)');
    assert.equal(ago('2025-09-18T09:31:00Z', NOW), '59 min ago');
    assert.equal(ago('2025-09-16T10:30:00Z', NOW), '2 days ago');
    assert.equal(ago('not a time', NOW), 'not a time');
    assert.equal(pickText('a\n\tb  c'), 'a b c');
  });
});
