import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SizeAnswers, StageView } from '../../src/shared/pathMtuProtocol';
import { CHART_BOX, chartGeometry, niceTicks, zoomWindow } from '../../src/webview/pathMtu/chart';
import { parsePathMtuMessage, restoreSaved } from '../../src/webview/pathMtu/messages';
import { badgeOf, boundaryOf, planText, stageRows } from '../../src/webview/pathMtu/rows';
import { buildOf, buildPages } from './helpers/webviewBuild';

/** The pure helpers of the path MTU page (src/webview/pathMtu), run under Node. */

const answers: SizeAnswers[] = [
  { size: 576, sent: 2, answered: 2 },
  { size: 1000, sent: 2, answered: 1 },
  { size: 1472, sent: 12, answered: 12 },
  { size: 1473, sent: 12, answered: 0 },
  { size: 1500, sent: 2, answered: 0 },
];

function stage(over: Partial<StageView> = {}): StageView {
  return {
    number: 1,
    purpose: 'coarse',
    why: 'Coarse sweep.',
    plan: { startPacketSize: 588, endPacketSize: 1500, sweepInterval: 19, count: 2 },
    status: 'completed',
    task: 'CN12345678/t1',
    taskState: null,
    progressPercent: null,
    reason: null,
    answeredSizes: 47,
    testedSizes: 49,
    ...over,
  };
}

describe('path MTU page: chart geometry', () => {
  it('places each size by size and answer rate inside the margins, toned by rate', () => {
    const g = chartGeometry(answers, 576, 1500, 1472);
    const { left, right, top, bottom, width, height } = CHART_BOX;
    assert.deepEqual(
      g.points.map((p) => [p.size, p.tone]),
      [
        [576, 'good'],
        [1000, 'warn'],
        [1472, 'good'],
        [1473, 'bad'],
        [1500, 'bad'],
      ],
    );
    assert.equal(g.points[0].x, left);
    assert.equal(g.points[4].x, width - right);
    assert.equal(g.points[0].y, top);
    assert.equal(g.points[4].y, height - bottom);
    assert.equal(g.points[1].y, (top + height - bottom) / 2);
    assert.ok(g.points.every((p, i) => i === 0 || p.x > g.points[i - 1].x));
    assert.equal(g.points[1].label, '1000 bytes: 1 of 2 answered (50%)');
    assert.deepEqual(
      g.yTicks.map((t) => t.label),
      ['0%', '50%', '100%'],
    );
    assert.ok(g.marker && g.marker.x > g.points[2].x && g.marker.x < g.points[3].x);
    assert.equal(g.marker.label, '1472 | 1473');
  });

  it('leaves out sizes outside its window and sizes without replies; no marker outside', () => {
    const g = chartGeometry([...answers, { size: 1480, sent: 0, answered: 0 }], 1460, 1485, 1472);
    assert.deepEqual(
      g.points.map((p) => p.size),
      [1472, 1473],
    );
    assert.equal(chartGeometry(answers, 576, 1400, 1472).marker, null);
    assert.equal(chartGeometry(answers, 576, 1500, null).marker, null);
  });

  it('copes with a window of one size and odd counts without drawing outside the box', () => {
    const g = chartGeometry(
      [
        { size: 64, sent: 5, answered: 9 },
        { size: 64, sent: -1, answered: 0 },
      ],
      64,
      64,
      null,
    );
    assert.equal(g.points.length, 1);
    assert.equal(g.points[0].y, CHART_BOX.top, 'a rate above 1 is drawn at 100%');
    assert.ok(Number.isFinite(g.points[0].x));
  });

  it('ticks the size axis at round numbers', () => {
    assert.deepEqual(niceTicks(576, 1500, 6), [600, 800, 1000, 1200, 1400]);
    assert.deepEqual(niceTicks(1460, 1485, 6), [1460, 1465, 1470, 1475, 1480, 1485]);
    assert.deepEqual(niceTicks(1000, 9216, 6), [2000, 4000, 6000, 8000]);
    assert.deepEqual(niceTicks(1471, 1473, 6), [1471, 1472, 1473]);
    assert.deepEqual(niceTicks(5, 5), [5]);
    assert.deepEqual(niceTicks(9, 1), []);
    assert.deepEqual(niceTicks(NaN, 1), []);
    assert.ok(niceTicks(1, 65507, 1000).length <= 50);
  });

  it('zooms around the boundary only when the range hides it and sizes near it were tested', () => {
    assert.deepEqual(zoomWindow(answers, 576, 1500, 1472), { from: 1460, to: 1485 });
    assert.equal(zoomWindow(answers, 1460, 1500, 1472), null, 'a narrow range shows it already');
    assert.equal(zoomWindow(answers, 576, 1500, null), null);
    assert.equal(zoomWindow(answers, 576, 1500, 800), null, 'nothing tested near it');
    assert.deepEqual(zoomWindow(answers, 576, 1480, 1472), { from: 1460, to: 1480 });
  });
});

describe('path MTU page: stage rows and badge', () => {
  it('words plans', () => {
    assert.equal(planText(stage().plan), '49 sizes from 588 to 1500 bytes, 19 apart · 2 cycles');
    assert.equal(
      planText({ startPacketSize: 1463, endPacketSize: 1480, sweepInterval: 1, count: 5 }),
      'every size from 1463 to 1480 bytes · 5 cycles',
    );
    assert.equal(
      planText({ startPacketSize: 64, endPacketSize: 64, sweepInterval: 1, count: 1 }),
      '64 bytes · 1 cycle',
    );
    assert.equal(
      planText({ startPacketSize: 100, endPacketSize: 130, sweepInterval: 20, count: 2 }),
      '2 sizes from 100 to 120 bytes, 20 apart · 2 cycles',
    );
  });

  it('gives each stage a title, a status and its task to open', () => {
    const rows = stageRows([
      stage(),
      stage({
        number: 2,
        purpose: 'refine',
        status: 'failed',
        task: null,
        reason: 'Stage 2 could not start: Conflict (409).',
        answeredSizes: null,
        testedSizes: null,
      }),
      stage({
        number: 2,
        purpose: 'refine',
        status: 'running',
        task: 'CN12345678/t2',
        taskState: 'RUNNING',
        progressPercent: 39.6,
      }),
      stage({ number: 3, purpose: 'retest', status: 'running', taskState: null }),
      stage({ number: 3, purpose: 'check', status: 'starting', task: null }),
      stage({ number: 3, purpose: 'seed', status: 'cancelled' }),
      stage({ number: 4, status: 'completed', answeredSizes: 0, testedSizes: 0 }),
    ]);
    assert.deepEqual(
      rows.map((r) => [r.title, r.status, r.tone, r.task]),
      [
        ['Stage 1 · coarse sweep', 'answered at 47 of 49 sizes', 'good', 'CN12345678/t1'],
        ['Stage 2 · finer sweep', 'Stage 2 could not start: Conflict (409).', 'bad', null],
        ['Stage 2 · finer sweep', 'RUNNING 40%', 'running', 'CN12345678/t2'],
        ['Stage 3 · retest of the boundary', 'started', 'running', 'CN12345678/t1'],
        ['Stage 3 · check at a small size', 'starting…', 'running', null],
        ['Stage 3 · the sweep it started from', 'stopped before its answers came', 'neutral', 'CN12345678/t1'],
        ['Stage 4 · coarse sweep', 'no answers recorded', 'neutral', 'CN12345678/t1'],
      ],
    );
    assert.equal(rows[0].why, 'Coarse sweep.');
  });

  it('marks the boundary of an exact or lossy answer, and badges each phase', () => {
    const base = { sentence: '', sizeNote: '', lossRate: 0, sweeps: 2, requests: 100 };
    assert.equal(boundaryOf({ conclusion: { ...base, kind: 'exact', largest: 1472, firstSilent: 1473 } }), 1472);
    assert.equal(boundaryOf({ conclusion: { ...base, kind: 'lossy', estimate: 1436, firstSilent: 1437 } }), 1436);
    assert.equal(boundaryOf({ conclusion: { ...base, kind: 'lossy', estimate: 1500, firstSilent: null } }), null);
    assert.equal(boundaryOf({ conclusion: { ...base, kind: 'allAnswer', largest: 1500 } }), null);
    assert.equal(boundaryOf({ conclusion: null }), null);
    assert.deepEqual(badgeOf({ phase: 'running', conclusion: null }), { text: 'RUNNING', tone: 'running' });
    assert.deepEqual(badgeOf({ phase: 'paused', conclusion: null }), { text: 'PAUSED', tone: 'warn' });
    assert.deepEqual(badgeOf({ phase: 'stopped', conclusion: null }), { text: 'STOPPED', tone: 'neutral' });
    assert.deepEqual(badgeOf({ phase: 'done', conclusion: { ...base, kind: 'allAnswer', largest: 1500 } }), {
      text: 'DONE',
      tone: 'good',
    });
    assert.deepEqual(
      badgeOf({ phase: 'done', conclusion: { ...base, kind: 'lossy', estimate: null, firstSilent: null } }),
      { text: 'DONE', tone: 'warn' },
    );
  });
});

describe('path MTU page: messages and saved state', () => {
  it('takes a state of either kind and nothing else', () => {
    const inv = {
      type: 'state',
      state: { kind: 'investigation', id: 'i', title: 't', headline: 'h', stages: [], answers: [] },
    };
    const missing = { type: 'state', state: { kind: 'missing', id: 'i', title: 't', message: 'gone' } };
    assert.equal(parsePathMtuMessage(inv), inv);
    assert.equal(parsePathMtuMessage(missing), missing);
    for (const bad of [
      null,
      'state',
      { type: 'state' },
      { type: 'other', state: inv.state },
      { type: 'state', state: { ...inv.state, stages: 'x' } },
      { type: 'state', state: { ...inv.state, id: 3 } },
      { type: 'state', state: { ...missing.state, message: null } },
      { type: 'state', state: { ...inv.state, kind: 'task' } },
    ]) {
      assert.equal(parsePathMtuMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it("keeps the page's own id first, else a saved one", () => {
    assert.deepEqual(restoreSaved({ id: 'old' }, 'new'), { id: 'new' });
    assert.deepEqual(restoreSaved({ id: 'old' }, undefined), { id: 'old' });
    assert.deepEqual(restoreSaved({ id: 7 }, ''), { id: '' });
    assert.equal(restoreSaved({ id: 'x'.repeat(5000) }, undefined).id.length, 200);
  });
});

describe('path MTU page: sources and bundle', () => {
  const root = path.resolve(__dirname, '../../..');
  const dir = path.join(root, 'src', 'webview', 'pathMtu');

  it('never writes markup from data, nor inline styles or handlers', () => {
    for (const name of fs.readdirSync(dir)) {
      const code = fs.readFileSync(path.join(dir, name), 'utf8');
      assert.doesNotMatch(
        code,
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|\.style\b/,
        name,
      );
      assert.doesNotMatch(
        code,
        /setAttribute\(\s*['"](style|on\w+|href|xlink:href)['"]/,
        `${name}: inline style, handler or link`,
      );
    }
  });

  it('is bundled for the browser into dist/webview as pathMtu.js and one stylesheet with the base inside', async function () {
    this.timeout(30_000);
    const outputs = await buildPages(buildOf('pathMtu/main.ts'));
    assert.deepEqual(Object.keys(outputs).sort(), ['dist/webview/pathMtu.css', 'dist/webview/pathMtu.js']);
    const script = outputs['dist/webview/pathMtu.js'];
    const style = outputs['dist/webview/pathMtu.css'];
    assert.match(script, /^(?:"use strict";\s*)?\(\(\) => \{/, 'one IIFE, for the browser');
    assert.doesNotMatch(
      script,
      /\brequire\(|innerHTML|\beval\(|zod/,
      'browser code only, no schema library, no markup from data',
    );
    assert.match(script, /acquireVsCodeApi/);
    assert.match(script, /createElementNS/);
    assert.doesNotMatch(style, /@import|url\(\s*['"]?(https?:|\/\/)/, 'one file, nothing remote');
    assert.match(style, /\.banner\.warning/, 'the base of the result page is inside');
    assert.match(style, /\.chart-point\.good\s*\{\s*fill: var\(--vscode-charts-green\)/);
  });
});
