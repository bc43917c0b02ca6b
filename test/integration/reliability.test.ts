// Reliability: credentials that stop working, restarts mid-sweep and clock jumps, against the simulator
// over real HTTP. The bundled extension is activated afresh for the end-to-end cases; the clock-jump case
// builds a window from the extension's classes with a clock the test can move.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { PingSweepApi } from '../../src/extension';
import type { Clock } from '../../src/core/clock';
import { Simulator, startSimulator } from '../simulator/server';
import { configure, SERIAL, sleep, taskOf, waitFor, waitForState } from './helpers';
import { MemorySecrets, ShownMessage, activateFresh, openWindow, recordMessages, statusPathOf } from './harness';

const CLIENT = { id: 'integration-client', secret: 'integration-secret-0123456789' };
const OTHER_CLIENT = { id: 'integration-client-2', secret: 'integration-secret-9876543210' };

describe('Reliability: credentials, restarts and clock jumps', function () {
  this.timeout(60_000);
  let sim: Simulator;
  const clients = [CLIENT, OTHER_CLIENT];
  let ext: PingSweepApi;
  let deactivate: () => void;
  let recorder: { messages: ShownMessage[]; restore(): void };

  before(async () => {
    sim = await startSimulator({ clients });
    await configure({
      baseUrl: sim.baseUrl,
      tokenUrl: sim.tokenUrl,
      apiVersion: 'v1',
      'polling.requestsPerMinute': 600,
    });
    recorder = recordMessages();
    ({ api: ext, deactivate } = await activateFresh());
    await vscode.commands.executeCommand('pingSweep.setCredentials', {
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
    });
  });

  after(async () => {
    recorder?.restore();
    await vscode.commands.executeCommand('pingSweep.clearCredentials').then(undefined, () => undefined);
    await configure({
      baseUrl: undefined,
      tokenUrl: undefined,
      apiVersion: undefined,
      'polling.requestsPerMinute': undefined,
    });
    await sim.close();
  });

  const polls = (taskId: string) => sim.requests.filter((r) => r.path === statusPathOf(SERIAL, taskId));
  const tokenRequests = () => sim.requests.filter((r) => r.path === '/as/token.oauth2');
  const authMessages = () =>
    recorder.messages.filter((m) => /credentials/i.test(m.text) && m.items.includes('Set Credentials'));

  it('401 with client credentials: renews the token once, retries once, and the user notices nothing', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 3000 });
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, taskId);
    await waitFor('two good polls', () => polls(taskId).filter((r) => r.status === 200).length >= 2);
    const tokensBefore = tokenRequests().length;
    assert.ok(tokensBefore >= 1, 'a token was fetched with the client credentials');
    sim.revokeTokens();
    await waitForState(ext, taskId, 'COMPLETED');
    const log = sim.requests.slice(sim.requests.findIndex((r) => r.status === 401));
    assert.deepEqual(
      log.slice(0, 3).map((r) => `${r.method} ${r.path === '/as/token.oauth2' ? 'token' : 'status'} ${r.status}`),
      ['GET status 401', 'POST token 200', 'GET status 200'],
      'one renewal, one retry',
    );
    assert.equal(tokenRequests().length, tokensBefore + 1, 'exactly one renewal');
    assert.equal(sim.requests.filter((r) => r.status === 401).length, 1);
    const task = taskOf(ext, taskId)!;
    assert.equal(task.paused, undefined);
    assert.deepEqual(authMessages(), []);
  });

  it('still 401 after the renewal: pauses every task with one "Set Credentials" message, resumes when they change', async () => {
    const ids = [0, 1].map(() => sim.addTask(SERIAL, 'complete', { durationMs: 4000 }));
    for (const id of ids) {
      await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, id);
    }
    await waitFor('both tasks to be polled', () => ids.every((id) => polls(id).some((r) => r.status === 200)));
    clients.splice(0, 1); // the SSO no longer knows the client the user set
    sim.revokeTokens();
    await waitFor('both tasks to pause', () => ids.every((id) => taskOf(ext, id)?.paused === 'credentials'), 20_000);
    const sent = sim.requests.length;
    await sleep(1500);
    assert.equal(sim.requests.length, sent, 'nothing is sent while paused');
    assert.equal(authMessages().length, 1, 'one message, not one per task');
    assert.deepEqual(authMessages()[0].items, ['Set Credentials', 'Show Log']);
    assert.ok(
      ids.every((id) => taskOf(ext, id)?.state !== 'PENDING'),
      'the last good state is kept',
    );
    await vscode.commands.executeCommand('pingSweep.setCredentials', {
      clientId: OTHER_CLIENT.id,
      clientSecret: OTHER_CLIENT.secret,
    });
    for (const id of ids) {
      await waitForState(ext, id, 'COMPLETED');
    }
    assert.equal(authMessages().length, 1);
  });

  it('credentials set in one window resume the tasks paused in every window', async () => {
    // SecretStorage is shared by all windows and fires onDidChange in each; two windows, one secret store.
    const secrets = new MemorySecrets();
    const windows = [openWindow({ secrets }), openWindow({ secrets })];
    try {
      const ids = windows.map((w) => {
        const id = sim.addTask(SERIAL, 'complete', { durationMs: 1500 });
        w.monitor.track({ serial: SERIAL, taskId: id });
        return id;
      });
      await waitFor('both windows to pause', () =>
        windows.every((w, i) => w.store.get(`${SERIAL}/${ids[i]}`)?.paused === 'credentials'),
      );
      await windows[0].credentials.set({
        kind: 'client',
        clientId: OTHER_CLIENT.id,
        clientSecret: OTHER_CLIENT.secret,
      });
      await waitFor('both windows to finish', () =>
        windows.every((w, i) => w.store.get(`${SERIAL}/${ids[i]}`)?.state === 'COMPLETED'),
      );
    } finally {
      windows.forEach((w) => w.dispose());
    }
  });

  it('restart mid-sweep: every task is still there and resumes at once; a result already fetched is not fetched again', async () => {
    const finished = sim.addTask(SERIAL, 'complete', { durationMs: 500 });
    const runningId = sim.addTask(SERIAL, 'complete', { durationMs: 4000 });
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, finished);
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, runningId);
    await waitForState(ext, finished, 'COMPLETED');
    await waitFor('the sweep to run', () => taskOf(ext, runningId)?.state === 'RUNNING');
    const known = ext
      .tasks()
      .map((t) => `${t.taskId} ${t.state}`)
      .sort();
    const testing = ext.testing!;
    deactivate();
    assert.equal(testing.pendingTimers(), 0, 'no poll timer survives deactivation');
    const finishedPolls = polls(finished).length;
    const stoppedAt = Date.now();
    await sleep(1000);

    ({ api: ext, deactivate } = await activateFresh());
    const restartedAt = Date.now();
    assert.deepEqual(
      ext
        .tasks()
        .map((t) => `${t.taskId} ${t.state}`)
        .sort(),
      known,
      'every task, in the state it had',
    );
    await waitForState(ext, runningId, 'COMPLETED');
    const resumed = polls(runningId).find((r) => r.at > stoppedAt)!;
    assert.ok(
      resumed.at - restartedAt < 3000,
      `the running sweep was asked again ${resumed.at - restartedAt} ms after the restart`,
    );
    assert.equal(polls(finished).length, finishedPolls, 'the finished result was not fetched again');
  });

  it('clock jumps: a leap forward (sleep) sends one burst at most, a step back does not stall polling', async () => {
    await configure({ 'polling.requestsPerMinute': 60 }); // burst: 10 requests
    let offset = 0;
    const clock: Clock = {
      now: () => Date.now() + offset,
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
    const secrets = new MemorySecrets();
    await secrets.store(
      'pingSweep.credentials',
      JSON.stringify({ kind: 'client', clientId: OTHER_CLIENT.id, clientSecret: OTHER_CLIENT.secret }),
    );
    const w = openWindow({ secrets, clock });
    try {
      // Twice as many tasks as the burst: waking up, every one of them is due at once.
      const ids = Array.from({ length: 20 }, () => sim.addTask(SERIAL, 'complete', { durationMs: 600_000 }));
      ids.forEach((id) => w.monitor.track({ serial: SERIAL, taskId: id }));
      const isPoll = (r: { path: string }) => ids.some((id) => r.path === statusPathOf(SERIAL, id));
      await waitFor('the first burst', () => sim.requests.filter(isPoll).length >= 10);
      await sleep(1500);
      const jumpedAt = Date.now();
      offset += 20 * 60_000;
      await sleep(1000);
      const burst = sim.requests.filter((r) => r.at >= jumpedAt && isPoll(r)).length;
      assert.ok(burst <= 11, `${burst} requests in the second after waking: one burst (10) at most`);
      offset -= 40 * 60_000;
      const backAt = Date.now();
      await sleep(3000);
      const after = sim.requests.filter((r) => r.at >= backAt && isPoll(r)).length;
      assert.ok(after >= 2, `${after} requests in the 3 s after the clock went back: polling goes on`);
    } finally {
      w.dispose();
      await configure({ 'polling.requestsPerMinute': 600 });
    }
  });
});
