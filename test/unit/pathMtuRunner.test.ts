import * as assert from 'node:assert/strict';
import {
  PathMtuRunState,
  PathMtuRunner,
  RunChange,
  runDescription,
  runLabel,
  stageNumber,
} from '../../src/core/pathMtu';
import { SERIAL } from './helpers/central';
import { MtuHarness } from './helpers/mtuRun';

const PATHS = {
  destinations: {
    '10.1.1.1': { mtu: 1472 },
    '10.2.2.2': { mtu: 9000 },
    '10.3.3.3': { reach: 'unreachable' as const },
    '10.4.4.4': { reach: 'icmpFiltered' as const },
    '10.5.5.5': { mtu: 1436, loss: 0.15 },
  },
};

/** Every stage that counts has its own task, started once, and its answers. */
function assertStagesAnswered(h: MtuHarness, state: PathMtuRunState): void {
  const tasks = state.stages.map((s) => s.task);
  assert.ok(
    state.stages.every((s) => s.status === 'completed' && s.sizes && s.sizes.length > 0),
    JSON.stringify(state.stages),
  );
  assert.equal(new Set(tasks).size, tasks.length, 'one task per stage');
  assert.equal(h.sweepsStarted(), state.stages.length, 'one sweep started per stage');
  assert.deepEqual(h.awaited, tasks, 'each task awaited once, in order');
}

describe('path MTU runner: outcomes against the simulator (loopback HTTP, real client)', () => {
  let h: MtuHarness;
  beforeEach(async () => {
    h = await MtuHarness.open(PATHS);
  });
  afterEach(() => h.close());

  const investigate = async (destination: string, input: { start?: number; end?: number; cycles?: number } = {}) => {
    const changes: RunChange[] = [];
    const runner = h.runner(h.newState({ destination, ...input }), changes);
    await runner.run();
    assert.equal(runner.state.phase, 'done');
    assert.deepEqual(h.listenerErrors, []);
    return { runner, changes, conclusion: runner.conclusion! };
  };

  it('names the configured boundary exactly, with one task per stage, and says it in the tree', async () => {
    const { runner, changes, conclusion } = await investigate('10.1.1.1');
    assert.equal(
      conclusion.sentence,
      `The largest ICMP size that reaches 10.1.1.1 from ${SERIAL} is 1472 bytes; 1473 and above get no answer.`,
    );
    assertStagesAnswered(h, runner.state);
    assert.equal(runLabel(runner.state), 'Path MTU to 10.1.1.1');
    assert.equal(runDescription(runner.state), '1472 bytes');
    assert.deepEqual(
      h.starts.map((s) => [s.stage, s.serial, s.request.destination, s.investigation]),
      runner.state.stages.map((_, i) => [i + 1, SERIAL, '10.1.1.1', 'inv-1']),
    );
    // Each stage is announced before its start goes out, again with its task, and with its answers; then the end.
    const kinds = changes.map((c) => c.kind);
    assert.deepEqual(kinds.slice(0, 3), ['stageStarting', 'stageStarted', 'stageAnswered']);
    assert.equal(kinds[kinds.length - 1], 'done');
    assert.equal(kinds.filter((k) => k === 'stageStarting').length, runner.state.stages.length);
    assert.equal(changes[changes.length - 1].state, runner.state);
  });

  it('finds a jumbo boundary over a wide range at 3 cycles', async () => {
    const { conclusion } = await investigate('10.2.2.2', { start: 1000, end: 9216, cycles: 3 });
    assert.ok(conclusion.kind === 'exact' && conclusion.largest === 9000, conclusion.sentence);
  });

  it('concludes that every size answers', async () => {
    const { runner, conclusion } = await investigate('10.2.2.2');
    assert.equal(conclusion.kind, 'allAnswer');
    assert.equal(runDescription(runner.state), 'at least 1500 bytes');
  });

  it('says an unreachable destination looks unreachable, after a check at a small size', async () => {
    const { runner, conclusion } = await investigate('10.3.3.3');
    assert.ok(conclusion.kind === 'noneAnswer' && conclusion.looksLike === 'unreachable');
    assert.equal(runner.state.stages[runner.state.stages.length - 1].purpose, 'check');
    assert.equal(runDescription(runner.state), 'no answer: unreachable or filtered');
    assertStagesAnswered(h, runner.state);
  });

  it('says large packets are dropped when only the small check answers (ICMP filtered)', async () => {
    const { runner, conclusion } = await investigate('10.4.4.4');
    assert.ok(conclusion.kind === 'noneAnswer' && conclusion.looksLike === 'largeDropped');
    assert.equal(runDescription(runner.state), 'large packets dropped (64 bytes answer)');
  });

  it('retests the boundary on a lossy path before it concludes', async () => {
    const { runner, conclusion } = await investigate('10.5.5.5');
    assert.ok(
      conclusion.kind === 'exact' ? conclusion.largest === 1436 : conclusion.kind === 'lossy',
      conclusion.sentence,
    );
    assert.ok(conclusion.lossRate > 0);
    assert.ok(
      runner.state.stages.some((s) => s.purpose === 'retest'),
      'a retest stage ran',
    );
    assertStagesAnswered(h, runner.state);
  });
});

describe('path MTU runner: a failing stage pauses, and Retry plans it again', () => {
  let h: MtuHarness;
  beforeEach(async () => {
    h = await MtuHarness.open(PATHS);
  });
  afterEach(() => h.close());

  /** Runs to the pause, checks it, repairs, retries, and checks that it ends with the exact answer. */
  const pauseThenRetry = async (fail: () => void, repair: () => void, cause: string, reason: RegExp) => {
    const runner = h.runner(h.newState({ destination: '10.1.1.1' }));
    fail();
    await runner.run();
    const paused = runner.state;
    assert.equal(paused.phase, 'paused');
    assert.equal(paused.pause?.cause, cause);
    assert.match(paused.pause?.reason ?? '', reason);
    const failed = paused.stages[paused.stages.length - 1];
    assert.equal(failed.status, 'failed');
    assert.equal(runDescription(paused), `stage ${stageNumber(paused, paused.stages.length - 1)} · paused`);
    const startedBefore = h.sweepsStarted();
    repair();
    await runner.retry();
    const done = runner.state;
    assert.equal(done.phase, 'done', done.pause?.reason);
    assert.equal(runner.conclusion?.kind === 'exact' && runner.conclusion.largest, 1472);
    // The same stage again: same plan, same number; nothing measured before it was asked for again.
    const again = done.stages[paused.stages.length];
    assert.deepEqual(again.plan, failed.plan);
    assert.equal(stageNumber(done, paused.stages.length), stageNumber(paused, paused.stages.length - 1));
    const answered = done.stages.filter((s) => s.status === 'completed');
    assert.equal(h.sweepsStarted() - startedBefore, done.stages.length - paused.stages.length);
    assert.equal(new Set(answered.map((s) => s.task)).size, answered.length);
    return { paused, done };
  };

  it('409 offline gateway at the first start', async () => {
    const { paused } = await pauseThenRetry(
      () => h.sim.setGateway(SERIAL, 'offline'),
      () => h.sim.setGateway(SERIAL, 'online'),
      'conflict',
      /^Stage 1 could not start: Conflict \(409\)/,
    );
    assert.equal(paused.stages[0].task, undefined);
  });

  it("403 at the second start: the first stage's answers are kept", async () => {
    h.onStarted = () => {
      h.sim.scriptStart(SERIAL, [403]);
      h.onStarted = undefined;
    };
    const { paused, done } = await pauseThenRetry(
      () => {},
      () => {},
      'forbidden',
      /^Stage 2 could not start: Access denied \(403\)/,
    );
    assert.equal(paused.stages[0].status, 'completed');
    assert.deepEqual(done.stages[0], paused.stages[0]);
  });

  it('429 at a start: the pause says when Central allows the next one', async () => {
    const { paused } = await pauseThenRetry(
      () => h.sim.scriptStart(SERIAL, [{ status: 429, headers: { 'Retry-After': '30' } }]),
      () => {},
      'rateLimited',
      /^Stage 1 could not start: Rate limit reached \(429\); retry in 30 s/,
    );
    assert.equal(paused.pause?.retryAt, paused.pause!.at + 30_000);
  });

  it('a sweep that FAILED on the gateway: its task stays on the record, and a new sweep replaces it', async () => {
    h.onStarted = (taskId) => {
      h.sim.script(taskId, [
        { status: 200, body: { status: 'FAILED', progressPercent: 40, failReason: 'Gateway busy', output: null } },
      ]);
      h.onStarted = undefined;
    };
    const { paused, done } = await pauseThenRetry(
      () => {},
      () => {},
      'failed',
      /^Stage 1 failed on the gateway: Gateway busy$/,
    );
    assert.ok(paused.stages[0].task);
    assert.equal(done.stages[0].task, paused.stages[0].task);
    assert.notEqual(done.stages[1].task, paused.stages[0].task);
  });

  it('lost credentials (401) while waiting: Retry awaits the same task, never starts it again', async () => {
    const runner = h.runner(h.newState({ destination: '10.1.1.1' }));
    h.onStarted = () => h.sim.revokeTokens();
    await runner.run();
    const paused = runner.state;
    assert.equal(paused.pause?.cause, 'unauthorized');
    assert.match(paused.pause!.reason, /^Stage 1 could not be followed: The credentials were refused \(401\)/);
    assert.equal(paused.stages.length, 1);
    assert.equal(paused.stages[0].status, 'running');
    h.onStarted = undefined;
    h.sim.addToken('unit-test-token-0123456789');
    await runner.retry();
    assert.equal(runner.state.phase, 'done');
    assert.equal(runner.state.stages[0].task, paused.stages[0].task);
    assert.equal(h.awaited[0], h.awaited[1], 'the first task awaited twice');
    assert.equal(h.sweepsStarted(), runner.state.stages.length);
  });

  it('keeps only the newest failed attempts on the record', async () => {
    h.sim.setGateway(SERIAL, 'offline');
    const runner: PathMtuRunner = h.runner(h.newState({ destination: '10.1.1.1' }));
    await runner.run();
    for (let i = 0; i < 12; i++) await runner.retry();
    assert.equal(runner.state.stages.length, 8);
    assert.ok(runner.state.stages.every((s) => s.status === 'failed'));
    assert.equal(runDescription(runner.state), 'stage 1 · paused');
  });
});
