// Find Path MTU in the real extension host against the simulator's paths (a configured MTU, loss,
// unreachable and ICMP-filtered destinations): every outcome, a stage that fails and is retried, Stop, and
// resuming after a reload from the stored state.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { PathMtuRunState, conclusionOf } from '../../src/core/pathMtu';
import type { PingSweepApi } from '../../src/extension';
import type { GroupRecord } from '../../src/editor/groups/types';
import { Simulator, startSimulator } from '../simulator/server';
import { activateFresh } from './harness';
import { TOKEN, api, configure, waitFor } from './helpers';

const SETTINGS = ['baseUrl', 'apiVersion', 'polling.requestsPerMinute', 'polling.maxConsecutiveFailures'];
const DESTINATIONS = {
  exact: '10.1.1.1',
  open: '10.3.3.3',
  unreachable: '192.0.2.1',
  filtered: '198.51.100.1',
  lossy: '10.2.2.2',
};

describe('Find Path MTU', function () {
  this.timeout(120_000);
  let sim: Simulator;
  let ext: PingSweepApi;

  before(async () => {
    sim = await startSimulator({
      tokens: [TOKEN],
      startScenario: { durationMs: 400 },
      paths: {
        // Seeded: this loss makes a size below the boundary fall silent in the first sweeps (see paths.ts).
        seed: 4,
        destinations: {
          [DESTINATIONS.exact]: { mtu: 1472 },
          [DESTINATIONS.unreachable]: { reach: 'unreachable' },
          [DESTINATIONS.filtered]: { reach: 'icmpFiltered', filteredAbove: 128 },
          [DESTINATIONS.lossy]: { mtu: 1400, loss: 0.25 },
        },
      },
    });
    await configure({
      baseUrl: sim.baseUrl,
      apiVersion: 'v1',
      'polling.requestsPerMinute': 1000,
      'polling.maxConsecutiveFailures': 20,
    });
    ext = await api();
    assert.equal(await vscode.commands.executeCommand('pingSweep.setCredentials', { token: TOKEN }), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await configure(Object.fromEntries(SETTINGS.map((k) => [k, undefined])));
    await sim.close();
  });

  /** The stored run of an investigation, as the group store keeps it in globalState. */
  function stored(id: string): PathMtuRunState | undefined {
    const record = ext.testing!.context.globalState.get<GroupRecord>(`pingSweep.group:${id}`);
    return record?.state as PathMtuRunState | undefined;
  }

  function until(id: string, what: string, check: (s: PathMtuRunState) => boolean): Promise<PathMtuRunState> {
    return waitFor(
      `${id} ${what}`,
      () => {
        const s = stored(id);
        return s && check(s) ? s : undefined;
      },
      60_000,
    );
  }

  async function find(serial: string, destination: string): Promise<string> {
    const id = await vscode.commands.executeCommand<string | undefined>('pingSweep.findPathMtu', serial, destination);
    assert.ok(id, 'the investigation started');
    return id;
  }

  const starts = (serial: string) =>
    sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/gateways/${serial}/pingSweep`));

  it('finds the exact boundary: the simulator configured MTU, byte-exact', async () => {
    const outcome = await ext.findPathMtu('CNPMTU0001', DESTINATIONS.exact);
    assert.equal(outcome.phase, 'done');
    assert.equal(outcome.conclusion?.kind, 'exact');
    assert.equal(outcome.conclusion?.largest, 1472);
    assert.match(outcome.headline, /1472 bytes; 1473 and above get no answer/);
    const state = stored(outcome.id);
    assert.ok(state && state.stages.length >= 2 && state.stages.every((s) => s.status === 'completed'));
    assert.equal(starts('CNPMTU0001').length, state.stages.length, 'one start per stage');
  });

  it('says the MTU is at least the range end when every size answers', async () => {
    const outcome = await ext.findPathMtu('CNPMTU0002', DESTINATIONS.open, { start: 1200, end: 1500 });
    assert.equal(outcome.conclusion?.kind, 'allAnswer');
    assert.equal(outcome.conclusion?.largest, 1500);
  });

  it('tells an unreachable destination from an ICMP-filtered one with a check at a small size', async () => {
    const unreachable = await ext.findPathMtu('CNPMTU0003', DESTINATIONS.unreachable);
    const filtered = await ext.findPathMtu('CNPMTU0003', DESTINATIONS.filtered);
    assert.equal(unreachable.conclusion?.kind, 'noneAnswer');
    assert.equal(filtered.conclusion?.kind, 'noneAnswer');
    const looks = (o: typeof unreachable) => (o.conclusion?.kind === 'noneAnswer' ? o.conclusion.looksLike : '');
    assert.equal(looks(unreachable), 'unreachable');
    assert.equal(looks(filtered), 'largeDropped');
  });

  it('re-tests the boundary pair with more cycles when answers are inconsistent (loss)', async () => {
    const outcome = await ext.findPathMtu('CNPMTU0004', DESTINATIONS.lossy);
    const state = stored(outcome.id);
    assert.ok(
      state?.stages.some((s) => s.purpose === 'retest'),
      JSON.stringify(state?.stages.map((s) => s.purpose)),
    );
    assert.equal(outcome.conclusion?.kind, 'exact', JSON.stringify(outcome.conclusion));
    assert.equal(outcome.conclusion?.largest, 1400);
  });

  it('pauses on a refused stage with the reason, and Retry resumes without repeating what was measured', async () => {
    const serial = 'CNPMTU0005';
    sim.scriptStart(serial, [202, 409]);
    const paused = await until(await find(serial, DESTINATIONS.exact), 'pauses', (s) => s.phase === 'paused');
    assert.equal(paused.pause?.cause, 'conflict');
    assert.match(paused.pause?.reason ?? '', /Stage 2 could not start: .*offline or busy/);
    assert.deepEqual(
      paused.stages.map((s) => s.status),
      ['completed', 'failed'],
    );
    const before = starts(serial).length;
    await vscode.commands.executeCommand('pingSweep.retryInvestigation', paused.id);
    const done = await until(paused.id, 'is done after Retry', (s) => s.phase === 'done');
    const completed = done.stages.filter((s) => s.status === 'completed');
    assert.deepEqual(completed[0], paused.stages[0], 'the first stage is kept as it was');
    assert.equal(starts(serial).length - before, completed.length - 1, 'no stage measured before is started again');
    assert.equal(done.stages.filter((s) => s.status === 'failed').length, 1, 'the refused attempt stays on record');
    // A script learns of the pause as a rejection with the reason.
    sim.scriptStart('CNPMTU0008', [409]);
    await assert.rejects(ext.findPathMtu('CNPMTU0008', DESTINATIONS.exact), /Stage 1 could not start: .*409/);
  });

  it('Stop cancels the remaining stages and keeps what was found', async () => {
    const serial = 'CNPMTU0006';
    // The second start is answered late: Stop comes while it is out.
    sim.scriptStart(serial, [202, { status: 202, delayMs: 2_000 }]);
    const id = await find(serial, DESTINATIONS.exact);
    await until(id, 'starts its second stage', (s) => s.stages.length === 2 && s.stages[1].status === 'starting');
    await vscode.commands.executeCommand('pingSweep.stopInvestigation', id);
    const stopped = await until(id, 'is stopped', (s) => s.phase === 'stopped');
    assert.deepEqual(
      stopped.stages.map((s) => s.status),
      ['completed', 'cancelled'],
    );
    assert.ok((stopped.stages[0].sizes ?? []).length > 0, 'the answers of the first stage are kept');
    const count = starts(serial).length;
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(starts(serial).length, count, 'nothing more is started');
  });

  it('resumes after a reload from the stored state, awaiting the stage in flight rather than starting it again', async () => {
    const serial = 'CNPMTU0007';
    const id = await find(serial, DESTINATIONS.exact);
    await until(id, 'runs its first stage', (s) => s.stages[0]?.status === 'running');
    const fresh = await activateFresh();
    ext = fresh.api;
    const done = await until(id, 'is done in the reloaded window', (s) => s.phase === 'done');
    assert.equal(starts(serial).length, done.stages.length, 'one start per stage, none repeated across the reload');
    assert.ok(done.stages.every((s) => s.status === 'completed'));
  });

  it('pauses when the credentials are refused while a stage runs, and Retry goes on once they are good again', async () => {
    const serial = 'CNPMTU0010';
    const id = await find(serial, DESTINATIONS.exact);
    await until(id, 'runs its first stage', (s) => s.stages[0]?.status === 'running');
    sim.revokeTokens();
    const paused = await until(id, 'pauses', (s) => s.phase === 'paused');
    assert.equal(paused.pause?.cause, 'unauthorized');
    assert.match(paused.pause?.reason ?? '', /Stage 1 could not be followed: .*401/);
    sim.addToken(TOKEN);
    await vscode.commands.executeCommand('pingSweep.retryInvestigation', `group:${id}`);
    const done = await until(id, 'is done after Retry', (s) => s.phase === 'done');
    assert.equal(done.stages[0].task, paused.stages[0].task, 'the stage in flight was awaited again, not restarted');
    assert.equal(starts(serial).length, done.stages.length);
  });

  it('refines around the boundary of a completed sweep, starting from its answers', async () => {
    const serial = 'CNPMTU0009';
    const params = {
      destination: DESTINATIONS.exact,
      startPacketSize: 1300,
      endPacketSize: 1500,
      sweepInterval: 50,
      count: 2,
    };
    const taskId = sim.addTask(serial, 'complete', { durationMs: 300, timeoutFromSize: 1500, params });
    const key = await vscode.commands.executeCommand<string>('pingSweep.trackTask', serial, taskId);
    await waitFor('the sweep to complete', () => ext.tasks().find((t) => t.taskId === taskId)?.state === 'COMPLETED');
    const id = await vscode.commands.executeCommand<string | undefined>('pingSweep.refineBoundary', key);
    assert.ok(id);
    const done = await until(id, 'is done', (s) => s.phase === 'done');
    assert.equal(done.stages[0].purpose, 'seed');
    assert.equal(done.stages[0].task, key);
    assert.deepEqual([done.start, done.end], [1300, 1500]);
    assert.ok(done.stages.slice(1).every((s) => s.plan.startPacketSize >= 1450 && s.plan.endPacketSize <= 1500));
    assert.equal(starts(serial).length, done.stages.length - 1, 'the seed sweep is not swept again');
    const conclusion = conclusionOf(done);
    assert.equal(conclusion?.kind === 'exact' && conclusion.largest, 1472);
  });

  it('refuses bad arguments with one message saying what is expected, and starts nothing', async () => {
    await assert.rejects(ext.findPathMtu('CN-1', '10.1.1.1'), /Expected findPathMtu\(serial, destination/);
    await assert.rejects(
      ext.findPathMtu('CNPMTU0011', '10.1.1.1', { start: 1500, end: 1000 }),
      /end size must be larger than the start size/,
    );
    assert.equal(await vscode.commands.executeCommand('pingSweep.findPathMtu', 'CNPMTU0011', 42), undefined);
    assert.equal(starts('CNPMTU0011').length, 0);
  });
});
