import * as assert from 'node:assert/strict';
import {
  buildInvestigationView,
  isStageTask,
  missingInvestigationView,
  parsePathMtuWebviewMessage,
} from '../../src/core/pathMtu';
import { SERIAL } from './helpers/central';
import { MtuHarness } from './helpers/mtuRun';

describe('path MTU result view state (extension side)', () => {
  let h: MtuHarness;
  beforeEach(async () => {
    h = await MtuHarness.open({ destinations: { '10.1.1.1': { mtu: 1472 } } });
  });
  afterEach(() => h.close());

  it('shows a finished run: the conclusion first, every size merged over the stages, each stage with its task', async () => {
    const runner = h.runner(h.newState({ destination: '10.1.1.1' }));
    await runner.run();
    const tasks = runner.state.stages.map((s) => s.task!);
    const view = buildInvestigationView(runner.state, (task) =>
      task === tasks[0] ? { state: 'COMPLETED', progressPercent: 100 } : undefined,
    );
    assert.equal(view.kind, 'investigation');
    assert.equal(view.title, 'Path MTU to 10.1.1.1');
    assert.equal(view.headline, runner.conclusion!.sentence);
    assert.match(view.sizeNote, /1472 \+ 28/);
    assert.equal(view.phase, 'done');
    assert.equal(view.canRetry || view.canStop, false);
    assert.deepEqual(
      view.stages.map((s) => s.task),
      tasks,
    );
    assert.deepEqual(
      view.stages.map((s) => s.number),
      tasks.map((_, i) => i + 1),
    );
    assert.equal(view.stages[0].taskState, 'COMPLETED');
    assert.equal(view.stages[1].taskState, null);
    const sizes = view.answers.map((a) => a.size);
    assert.deepEqual(
      sizes,
      [...sizes].sort((a, b) => a - b),
    );
    assert.equal(new Set(sizes).size, sizes.length, 'one entry per size');
    assert.deepEqual(view.answers.find((a) => a.size === 1473)?.answered, 0);
    assert.ok(view.answers.find((a) => a.size === 1472)!.answered > 0);
    assert.equal(view.stages[0].testedSizes, runner.state.stages[0].sizes!.length);
    assert.equal(JSON.stringify(JSON.parse(JSON.stringify(view))), JSON.stringify(view), 'plain JSON');
    assert.ok(isStageTask(runner.state, tasks[1]));
    assert.ok(!isStageTask(runner.state, `${SERIAL}/someone-else`));
  });

  it('shows a paused run with its reason, Retry and Stop, and the failed attempt', async () => {
    h.sim.setGateway(SERIAL, 'offline');
    const runner = h.runner(h.newState({ destination: '10.1.1.1' }));
    await runner.run();
    const view = buildInvestigationView(runner.state);
    assert.equal(view.phase, 'paused');
    assert.ok(view.canRetry && view.canStop);
    assert.equal(view.pause?.cause, 'conflict');
    assert.match(view.pause!.reason, /Conflict \(409\)/);
    assert.deepEqual(view.answers, []);
    assert.equal(view.conclusion, null);
    assert.deepEqual(
      [view.stages[0].status, view.stages[0].task, view.stages[0].answeredSizes],
      ['failed', null, null],
    );
    assert.match(view.sizeNote, /does not say whether it counts the 20-byte IP and 8-byte ICMP headers\.$/);
  });

  it('says so when the investigation is gone', () => {
    const view = missingInvestigationView('inv-9');
    assert.equal(view.kind, 'missing');
    assert.equal(view.id, 'inv-9');
    assert.match(view.message, /no longer kept/);
  });

  it('accepts the four messages of the page with only their fields, and nothing else', () => {
    assert.deepEqual(parsePathMtuWebviewMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parsePathMtuWebviewMessage({ type: 'retry' }), { type: 'retry' });
    assert.deepEqual(parsePathMtuWebviewMessage({ type: 'stop' }), { type: 'stop' });
    assert.deepEqual(parsePathMtuWebviewMessage({ type: 'openStage', task: `${SERIAL}/abc`, x: 2 }), {
      type: 'openStage',
      task: `${SERIAL}/abc`,
    });
    for (const bad of [
      null,
      'retry',
      {},
      { type: 'openStage' },
      { type: 'openStage', task: 'noslash' },
      { type: 'openStage', task: 7 },
      { type: 'openStage', task: `${SERIAL}/${'a'.repeat(300)}` },
      { type: 'export' },
      { type: 'RETRY' },
    ]) {
      assert.equal(parsePathMtuWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
