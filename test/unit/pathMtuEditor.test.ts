import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiError } from '../../src/core/errors';
import type { StageResult } from '../../src/core/pathMtu';
import { sweepSeed } from '../../src/core/pathMtu/seed';
import { scriptQuestion } from '../../src/core/pathMtu/scriptInput';
import type { SweepOutput } from '../../src/core/schemas';
import type { TrackedTask } from '../../src/core/task';
import { stageOutcome } from '../../src/editor/investigations/awaitTask';
import { buildShellHtml } from '../../src/editor/results/webviewShell';
import { DEMO_PATHS, readPaths } from '../simulator/main';

/** A sweep's output: `answered(size, cycle)` says whether that reply came back. */
function output(sizes: number[], cycles: number, answered: (size: number, cycle: number) => boolean): SweepOutput {
  let id = 0;
  return {
    destination: '10.1.1.1',
    successRate: null,
    transmittedPacketsCount: null,
    receivedPacketsCount: null,
    minimumRoundTripTimeMilliseconds: null,
    averageRoundTripTimeMilliseconds: null,
    maximumRoundTripTimeMilliseconds: null,
    responses: Array.from({ length: cycles }, (_, c) => ({
      count: c + 1,
      replies: sizes.map((size) => ({ requestId: ++id, size, timedOut: !answered(size, c) })),
    })),
  };
}

const task = (over: Partial<TrackedTask>): TrackedTask => ({
  serial: 'CN12345678',
  taskId: 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e',
  baseUrl: 'https://example.test',
  state: 'RUNNING',
  progressPercent: 40,
  addedAt: 1,
  updatedAt: 1,
  ...over,
});

describe('path MTU: refine seed of a completed sweep', () => {
  it('seeds from a sweep that shows a boundary, with its range, step and cycles', () => {
    const seed = sweepSeed(output([1200, 1250, 1300, 1350, 1400, 1450, 1500], 5, (s) => s <= 1400));
    assert.ok(seed);
    assert.deepEqual(
      { start: seed.start, end: seed.end, plan: seed.plan },
      {
        start: 1200,
        end: 1500,
        plan: { startPacketSize: 1200, endPacketSize: 1500, sweepInterval: 50, count: 5 },
      },
    );
    assert.equal(seed.sizes.length, 7);
  });

  it('offers nothing when every size answered, none did, or there is one size', () => {
    assert.equal(sweepSeed(output([1000, 1100, 1200], 2, () => true)), undefined);
    assert.equal(sweepSeed(output([1000, 1100, 1200], 2, () => false)), undefined);
    assert.equal(sweepSeed(output([1000], 2, () => true)), undefined);
    assert.equal(sweepSeed(undefined), undefined);
  });

  it('takes the common step of uneven sizes and ignores unreadable rows', () => {
    const out = output([1000, 1006, 1009, 1021], 1, (s) => s < 1009);
    out.responses[0].replies.push({ requestId: 99, size: null, timedOut: false });
    const seed = sweepSeed(out);
    assert.equal(seed?.plan.sweepInterval, 3);
    assert.equal(seed?.sizes.length, 4);
  });
});

describe('path MTU: what a script passes to Find Path MTU', () => {
  it('takes the defaults and normalizes the serial', () => {
    assert.deepEqual(scriptQuestion(' cn12345678 ', '10.1.1.1', undefined), {
      input: { serial: 'CN12345678', destination: '10.1.1.1', start: 576, end: 1500, cycles: 2 },
    });
    assert.deepEqual(scriptQuestion('CN12345678', 'fw.example.net', { start: 1000, end: 9216, cycles: 3 }), {
      input: { serial: 'CN12345678', destination: 'fw.example.net', start: 1000, end: 9216, cycles: 3 },
    });
  });

  for (const [what, args, pattern] of [
    ['a serial that is not text', [42, '10.1.1.1', undefined], /must be text/],
    ['a bad serial', ['CN-12', '10.1.1.1', undefined], /letters and digits/],
    ['a bad destination', ['CN12345678', '300.1.1.1', undefined], /not a valid IPv4/],
    ['options that are not an object', ['CN12345678', '10.1.1.1', [1]], /options must be an object/],
    ['an end below the start', ['CN12345678', '10.1.1.1', { start: 1500, end: 576 }], /larger than the start/],
    ['a huge end', ['CN12345678', '10.1.1.1', { end: 1e9 }], /from 1 to 65507/],
    ['text cycles', ['CN12345678', '10.1.1.1', { cycles: '2' }], /Cycles per size/],
    ['fractional sizes', ['CN12345678', '10.1.1.1', { start: 576.5 }], /whole number/],
  ] as const) {
    it(`refuses ${what}, saying what is expected`, () => {
      const q = scriptQuestion(...(args as unknown as [unknown, unknown, unknown]));
      assert.ok('error' in q, JSON.stringify(q));
      assert.match(q.error, pattern);
      assert.match(q.error, /Expected findPathMtu\(serial, destination/);
    });
  }
});

const reasonOf = (r: StageResult | undefined): string => (r?.kind === 'failed' ? (r.reason ?? '') : 'not failed');

describe('path MTU: a stage awaiting its tracked task', () => {
  const key = 'CN12345678/c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e';
  it('waits while it runs, and reads its answers once completed', () => {
    assert.equal(stageOutcome(key, task({})), undefined);
    const out = output([1000], 1, () => true);
    assert.deepEqual(stageOutcome(key, task({ state: 'COMPLETED', output: out })), { kind: 'completed', output: out });
  });

  it('fails with the reason on FAILED, NOT_FOUND, a completion without answers or a task no longer tracked', () => {
    assert.deepEqual(stageOutcome(key, task({ state: 'FAILED', failReason: 'unreachable' })), {
      kind: 'failed',
      reason: 'unreachable',
    });
    assert.match(reasonOf(stageOutcome(key, task({ state: 'NOT_FOUND' }))), /404/);
    assert.match(reasonOf(stageOutcome(key, task({ state: 'COMPLETED' }))), /without its answers/);
    assert.equal(
      stageOutcome(key, task({ state: 'COMPLETED', resultStored: true })),
      undefined,
      'its file is read first',
    );
    assert.match(reasonOf(stageOutcome(key, undefined)), /no longer tracked/);
  });

  it('throws what the runner pauses on when polling stopped: credentials, access, failures', () => {
    const kinds = (['credentials', 'forbidden', 'failures'] as const).map((paused) => {
      try {
        stageOutcome(key, task({ paused }));
        return 'none';
      } catch (err) {
        assert.ok(err instanceof ApiError);
        return err.kind;
      }
    });
    assert.deepEqual(kinds, ['unauthorized', 'forbidden', 'network']);
  });
});

describe('webview shell shared by the pages', () => {
  const base = {
    cspSource: 'https://x.vscode-cdn.net',
    scriptUri: 'https://x.vscode-cdn.net/p.js',
    styleUri: 'https://x.vscode-cdn.net/p.css',
    nonce: 'AAAAAAAAAAAAAAAAAAAAAA==',
    title: 'Path MTU',
    body: '',
  };
  it('escapes data attributes and refuses odd attribute names', () => {
    const html = buildShellHtml({ ...base, data: { 'investigation-id': '"><script>x</script>' } });
    assert.match(html, /data-investigation-id="&quot;&gt;&lt;script&gt;x&lt;\/script&gt;"/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.throws(() => buildShellHtml({ ...base, data: { 'x" onload="y': '1' } }), /invalid data attribute/);
  });
});

describe('simulator --paths', () => {
  it('reads the demo preset and a JSON file, and says what is expected otherwise', () => {
    assert.equal(readPaths('demo'), DEMO_PATHS);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paths-'));
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify({ destinations: { '10.1.1.1': { mtu: 1472 } } }));
    assert.equal(readPaths(good).destinations?.['10.1.1.1']?.mtu, 1472);
    fs.writeFileSync(path.join(dir, 'bad.json'), '[1]');
    assert.throws(() => readPaths(path.join(dir, 'bad.json')), /expected a JSON object/);
    assert.throws(() => readPaths(path.join(dir, 'missing.json')), /expected "demo" or a readable JSON file/);
  });
});
