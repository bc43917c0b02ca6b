// Import Recent Tasks in a real extension host against the simulator: the pick shows what can be known of each
// recent sweep (status, progress, start, destination), read by status requests that wait their turn in the
// polling budget, at most 8 of them, newest first.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { startSimulator, Simulator } from '../simulator/server';
import type { PingSweepApi } from '../../src/extension';
import { statusPathOf } from './harness';
import { answerPick, api, configure, setBaseUrl, sleep, taskOf, TOKEN, waitFor } from './helpers';

/** An item of the import pick. */
type ImportPick = vscode.QuickPickItem & { taskId: string };

const MIN = 60_000;

describe('Import Recent Tasks against the simulator', function () {
  this.timeout(40_000);
  let sim: Simulator;
  let ext: PingSweepApi;

  /** Status requests for these tasks of `serial` since `from`. */
  const statusReads = (serial: string, ids: string[], from: number) =>
    sim.requests.filter(
      (r) => r.at >= from && r.method === 'GET' && ids.some((id) => r.path === statusPathOf(serial, id)),
    );

  before(async () => {
    sim = await startSimulator({ tokens: [TOKEN] });
    await setBaseUrl(sim.baseUrl);
    ext = await api();
    await vscode.commands.executeCommand('pingSweep.setCredentials', { token: TOKEN });
  });

  after(async () => {
    await configure({ 'polling.requestsPerMinute': undefined });
    await sim?.close();
  });

  it('shows status, progress, start and destination of each recent sweep, newest first, and tracks the picked ones', async () => {
    const serial = 'CNIMPORT01';
    const now = Date.now();
    const done = sim.addTask(serial, 'complete', {
      startedAt: now - 20 * MIN,
      durationMs: 2000,
      params: { destination: '172.16.9.1' },
    });
    const failed = sim.addTask(serial, 'fail', {
      startedAt: now - 10 * MIN,
      durationMs: 1000,
      failReason: 'Gateway uplink is down',
    });
    sim.addTask(serial, 'complete', { startedAt: now - 8 * MIN, testName: 'traceroute' });
    const tracked = sim.addTask(serial, 'complete', {
      startedAt: now - 5 * MIN,
      durationMs: 1000,
      params: { destination: '172.16.9.2' },
    });
    const running = sim.addTask(serial, 'complete', {
      startedAt: now - 30_000,
      durationMs: 100_000,
      params: { destination: '172.16.9.3' },
    });
    await vscode.commands.executeCommand('pingSweep.trackTask', serial, tracked);
    await waitFor('the tracked task to complete', () => taskOf(ext, tracked)?.state === 'COMPLETED');

    const pick = answerPick<vscode.QuickPickItem & { taskId: string }>((items) =>
      items.filter((i) => i.taskId === running || i.taskId === done),
    );
    const from = Date.now();
    let keys: string[] | undefined;
    try {
      keys = await vscode.commands.executeCommand<string[]>('pingSweep.importTasks', serial);
    } finally {
      pick.restore();
    }
    assert.equal(pick.shown.length, 1, 'one pick');
    const { items, options } = pick.shown[0];
    assert.equal(options?.canPickMany, true);
    assert.deepEqual(
      items.map((i) => i.taskId),
      [running, tracked, failed, done],
      'ping sweeps only, newest first',
    );
    const [r, t, f, d] = items;
    assert.equal(r.label, `${running.slice(0, 8)}…`, 'a running sweep does not name its destination yet');
    assert.match(r.description ?? '', /^RUNNING (29|3\d)% · started just now$/);
    assert.equal(t.label, '172.16.9.2');
    assert.equal(t.description, 'COMPLETED · started 5 min ago · already tracked');
    assert.equal(f.label, `${failed.slice(0, 8)}…`);
    assert.equal(f.description, 'FAILED · started 10 min ago');
    assert.match(f.detail ?? '', new RegExp(`^Task ${failed} · started \\S+ · fail reason: Gateway uplink is down$`));
    assert.equal(d.label, '172.16.9.1');
    assert.equal(d.description, 'COMPLETED · started 20 min ago');

    // One status request for each sweep not tracked; the tracked one was described from the store.
    const reads = statusReads(serial, [running, failed, done], from);
    assert.deepEqual(
      reads.map((q) => q.path).sort(),
      [running, failed, done].map((id) => statusPathOf(serial, id)).sort(),
    );
    assert.deepEqual(keys, [`${serial}/${running}`, `${serial}/${done}`]);
    assert.ok(
      taskOf(ext, running) && taskOf(ext, done) && !taskOf(ext, failed),
      'the picked sweeps, and only they, are tracked',
    );
  });

  it('reads at most the 8 newest statuses and says so of the others', async () => {
    const serial = 'CNIMPORT02';
    const now = Date.now();
    const ids = Array.from({ length: 12 }, (_, i) =>
      sim.addTask(serial, 'complete', {
        startedAt: now - (i + 1) * MIN,
        durationMs: 1000,
        params: { destination: `10.0.2.${i + 1}` },
      }),
    );
    const pick = answerPick<ImportPick>(() => []);
    const from = Date.now();
    try {
      assert.deepEqual(await vscode.commands.executeCommand('pingSweep.importTasks', serial), []);
    } finally {
      pick.restore();
    }
    const { items } = pick.shown[0];
    assert.deepEqual(
      items.map((i) => i.taskId),
      ids,
      'newest first',
    );
    assert.deepEqual(
      items.slice(0, 8).map((i) => i.label),
      ids.slice(0, 8).map((_, i) => `10.0.2.${i + 1}`),
    );
    for (const item of items.slice(8)) {
      assert.equal(item.description, 'status not read: only the 8 newest are read');
    }
    const read = new Set(statusReads(serial, ids, from).map((q) => q.path));
    assert.deepEqual(
      [...read].sort(),
      ids
        .slice(0, 8)
        .map((id) => statusPathOf(serial, id))
        .sort(),
    );
    assert.equal(statusReads(serial, ids, from).length, 8, 'one request each');
  });

  it('waits for its turn in pingSweep.polling.requestsPerMinute, and opens the pick after 5 s with what it could read', async () => {
    await configure({ 'polling.requestsPerMinute': 1 });
    await sleep(300);
    const serial = 'CNIMPORT03';
    const now = Date.now();
    const ids = [1, 2, 3].map((i) => sim.addTask(serial, 'complete', { startedAt: now - i * MIN, durationMs: 1000 }));
    const pick = answerPick<ImportPick>(() => []);
    const from = Date.now();
    try {
      await vscode.commands.executeCommand('pingSweep.importTasks', serial);
    } finally {
      pick.restore();
    }
    const took = Date.now() - from;
    // A budget of one request a minute, shared with the polls: one read at most, the others wait and are dropped.
    const reads = statusReads(serial, ids, from);
    assert.ok(reads.length <= 1, `${reads.length} status requests went past a budget of 1 a minute`);
    const unread = pick.shown[0].items.filter(
      (i) => i.description === 'status not read: no room in the request budget in time',
    );
    assert.equal(unread.length, 3 - reads.length, JSON.stringify(pick.shown[0].items.map((i) => i.description)));
    assert.ok(took >= 4_500 && took < 15_000, `the pick opened after ${took} ms`);
    await sleep(200);
    assert.equal(statusReads(serial, ids, from).length, reads.length, 'a dropped read was sent later anyway');
  });
});
