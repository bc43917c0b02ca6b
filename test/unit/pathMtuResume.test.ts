import * as assert from 'node:assert/strict';
import {
  PathMtuRunState,
  PathMtuRunner,
  RunChange,
  parseRunState,
  runDescription,
  stoppedSentence,
} from '../../src/core/pathMtu';
import { analyzeSweep } from '../../src/core/sweep';
import { SERIAL } from './helpers/central';
import { MtuHarness, changeWhere } from './helpers/mtuRun';

const PATHS = { destinations: { '10.1.1.1': { mtu: 1472 } } };

/** What an editor would have saved: the state of a change, through JSON, read back. */
function reload(state: PathMtuRunState): PathMtuRunState {
  const parsed = parseRunState(JSON.parse(JSON.stringify(state)));
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.state;
}

describe('path MTU runner: Stop and resume', () => {
  let h: MtuHarness;
  beforeEach(async () => {
    h = await MtuHarness.open(PATHS);
  });
  afterEach(() => h.close());

  /** A runner that holds stage `index + 1` once its task is known; resolves when that stage is awaited. */
  const holdStage = (runner: PathMtuRunner, index: number) => {
    let held: ReturnType<MtuHarness['hold']> | undefined;
    const started = changeWhere(runner, (c) => c.kind === 'stageStarted' && c.stage === index).then((c) => {
      held = h.hold();
      return c;
    });
    const running = runner.run();
    const waiting = started.then(async (c) => {
      await held!.waiting;
      return c;
    });
    return { running, waiting, release: () => held?.release() };
  };

  it('Stop mid-way cancels the stage in flight, keeps every answer and starts nothing more', async () => {
    const changes: RunChange[] = [];
    const runner = h.runner(h.newState({ destination: '10.1.1.1' }), changes);
    const { running, waiting, release } = holdStage(runner, 1);
    await waiting;
    await runner.stop();
    await running;
    const state = runner.state;
    assert.equal(state.phase, 'stopped');
    assert.equal(state.stages[0].status, 'completed');
    assert.ok(state.stages[0].sizes!.length > 0);
    assert.equal(state.stages[1].status, 'cancelled');
    assert.ok(state.stages[1].task, 'the cancelled stage keeps its task');
    assert.equal(runner.conclusion, undefined);
    assert.equal(runDescription(state), 'stopped');
    assert.match(
      stoppedSentence(state),
      /^Stopped after 1 sweep, before a conclusion: 14\d\d bytes got an answer and 1[45]\d\d did not/,
    );
    release();
    await runner.run();
    await runner.retry();
    await runner.stop();
    assert.equal(h.starts.length, 2);
    assert.equal(h.sweepsStarted(), 2);
    assert.equal(changes[changes.length - 1].kind, 'stopped');
    assert.equal(reload(runner.state).phase, 'stopped');
  });

  it('Stop while paused ends the run and forgets the pause', async () => {
    h.sim.setGateway(SERIAL, 'offline');
    const runner = h.runner(h.newState({ destination: '10.1.1.1' }));
    await runner.run();
    assert.equal(runner.state.phase, 'paused');
    await runner.stop();
    assert.equal(runner.state.phase, 'stopped');
    assert.equal(runner.state.pause, undefined);
    assert.equal(
      stoppedSentence(runner.state),
      'Stopped before any sweep answered; nothing was measured towards 10.1.1.1.',
    );
  });

  it('resumes mid-stage from the saved JSON: the stage in flight is awaited, not started again', async () => {
    const first = h.runner(h.newState({ destination: '10.1.1.1' }));
    const { running, waiting, release } = holdStage(first, 1);
    await waiting;
    const saved = first.state;
    assert.equal(saved.stages[1].status, 'running');
    first.dispose();
    release();
    await running;
    const startsBefore = h.starts.length;
    const awaitedBefore = h.awaited.length;
    const changes: RunChange[] = [];
    const second = h.runner(reload(saved), changes);
    assert.equal(runDescription(second.state, { state: 'RUNNING', progressPercent: 40 }), 'stage 2 · RUNNING 40%');
    await second.run();
    assert.equal(second.state.phase, 'done');
    assert.equal(second.conclusion?.kind === 'exact' && second.conclusion.largest, 1472);
    assert.equal(h.awaited[awaitedBefore], saved.stages[1].task, 'resumed by awaiting its task');
    assert.ok(
      h.starts.slice(startsBefore).every((s) => s.stage > 2),
      'no stage before the third started again',
    );
    assert.equal(h.sweepsStarted(), second.state.stages.length);
    assert.deepEqual(second.state.stages.slice(0, 1), saved.stages.slice(0, 1));
    assert.equal(changes[0].kind, 'stageAnswered');
    assert.equal(changes[0].stage, 1);
    assert.deepEqual(h.listenerErrors, []);
  });

  it('does not start blindly again a stage whose start was out when the window closed', async () => {
    const first = h.runner(h.newState({ destination: '10.1.1.1' }));
    const starting = changeWhere(first, (c) => c.kind === 'stageStarting' && c.stage === 1);
    const running = first.run();
    const saved = (await starting).state;
    first.dispose();
    await running;
    const second = h.runner(reload(saved));
    assert.equal(runDescription(second.state), 'stage 2 · starting');
    await second.run();
    assert.equal(second.state.phase, 'paused');
    assert.equal(second.state.pause?.cause, 'interrupted');
    assert.match(
      second.state.pause!.reason,
      /^Stage 2 was being started when the extension stopped; it may have started/,
    );
    assert.equal(second.state.stages[1].status, 'failed');
    await second.retry();
    assert.equal(second.state.phase, 'done');
    assert.deepEqual(second.state.stages[2].plan, saved.stages[1].plan);
  });

  it('a dispose mid-stage leaves the record as it was and announces nothing more', async () => {
    const changes: RunChange[] = [];
    const runner = h.runner(h.newState({ destination: '10.1.1.1' }), changes);
    const { running, waiting, release } = holdStage(runner, 0);
    await waiting;
    const before = runner.state;
    const count = changes.length;
    runner.dispose();
    release();
    await running;
    assert.equal(runner.state, before);
    assert.equal(changes.length, count);
    await runner.run();
    assert.equal(h.starts.length, 1);
  });

  it('resumes a paused run and a finished one from JSON as they were', async () => {
    h.sim.setGateway(SERIAL, 'offline');
    const first = h.runner(h.newState({ destination: '10.1.1.1' }));
    await first.run();
    const second = h.runner(reload(first.state));
    await second.run();
    assert.equal(second.state.phase, 'paused', 'a paused run waits for Retry');
    assert.equal(h.starts.length, 1);
    h.sim.setGateway(SERIAL, 'online');
    await second.retry();
    const third = h.runner(reload(second.state));
    await third.run();
    assert.equal(third.state.updatedAt, second.state.updatedAt, 'a finished run does nothing');
    assert.deepEqual(third.conclusion, second.conclusion);
  });

  it('starts from a seed sweep (Refine around the boundary) without sweeping it again', async () => {
    const started = await h.client.startSweep(SERIAL, 'v1', {
      destination: '10.1.1.1',
      startPacketSize: 1400,
      endPacketSize: 1500,
      sweepInterval: 10,
      count: 2,
    });
    h.t += 60_000;
    const output = (await h.client.getStatus(started)).status.output!;
    const plan = { startPacketSize: 1400, endPacketSize: 1500, sweepInterval: 10, count: 2 };
    const state = h.newState({
      destination: '10.1.1.1',
      seed: [{ plan, sizes: analyzeSweep(output).sizes, task: `${SERIAL}/${started.taskId}` }],
    });
    const runner = h.runner(state);
    await runner.run();
    assert.equal(runner.conclusion?.kind === 'exact' && runner.conclusion.largest, 1472);
    assert.equal(runner.state.stages[0].purpose, 'seed');
    assert.equal(h.starts[0].purpose, 'refine');
    assert.equal(h.starts[0].request.startPacketSize, 1471);
    assert.equal(h.sweepsStarted(), runner.state.stages.length);
  });

  it('a listener that throws neither stops the run nor hides the change from the others', async () => {
    const runner = h.runner(h.newState({ destination: '10.1.1.1' }));
    runner.onDidChange(() => {
      throw new Error('listener bug');
    });
    const seen: string[] = [];
    runner.onDidChange((c) => seen.push(c.kind));
    await runner.run();
    assert.equal(runner.state.phase, 'done');
    assert.ok(h.listenerErrors.length > 0);
    assert.equal(seen[seen.length - 1], 'done');
  });
});
