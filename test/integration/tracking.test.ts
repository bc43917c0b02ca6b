// What a task becomes over its life, against the simulator over real HTTP: a finished task that Central has
// since expired, a task tracked before a cluster was chosen or under another spelling of the cluster's URL, a
// keyring that is locked for a while, and a gateway the credentials may not reach.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PingSweepApi } from '../../src/extension';
import { CredentialStore } from '../../src/editor/platform/credentials';
import { renderItem } from '../../src/editor/ui/tree';
import { describeState } from '../../src/editor/ui/taskText';
import { Simulator, startSimulator } from '../simulator/server';
import { api, configure, SERIAL, sleep, taskOf, TOKEN, waitFor, waitForState } from './helpers';
import {
  FAST_TIMING,
  LineLogger,
  MemorySecrets,
  SharedState,
  ShownMessage,
  TestWindow,
  openWindow,
  recordMessages,
  statusPathOf,
} from './harness';

const SETTINGS = ['baseUrl', 'apiVersion', 'polling.requestsPerMinute', 'polling.maxConsecutiveFailures'];

describe("Tracking over a task's life", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let recorder: { messages: ShownMessage[]; restore(): void };
  const windows: TestWindow[] = [];

  before(async () => {
    sim = await startSimulator({ tokens: [TOKEN] });
    await configure({
      baseUrl: sim.baseUrl,
      apiVersion: 'v1',
      'polling.requestsPerMinute': 1000,
      'polling.maxConsecutiveFailures': 20,
    });
  });

  beforeEach(() => {
    recorder = recordMessages();
  });

  afterEach(() => {
    windows.splice(0).forEach((w) => w.dispose());
    recorder.restore();
  });

  after(async () => {
    await configure(Object.fromEntries(SETTINGS.map((k) => [k, undefined])));
    await sim.close();
  });

  async function tokenSecrets(): Promise<MemorySecrets> {
    const secrets = new MemorySecrets();
    await secrets.store('pingSweep.credentials', JSON.stringify({ kind: 'token', token: TOKEN }));
    return secrets;
  }

  function open(opts: Parameters<typeof openWindow>[0]): TestWindow {
    const w = openWindow({ timing: FAST_TIMING, ...opts });
    windows.push(w);
    return w;
  }

  const asked = (taskId: string, status?: number) =>
    sim.requests.filter((r) => r.path === statusPathOf(SERIAL, taskId) && (status === undefined || r.status === status))
      .length;

  it('Refresh of a finished task that Central has since expired keeps its state and result: a note, no warning', async () => {
    const ext: PingSweepApi = await api();
    assert.equal(await vscode.commands.executeCommand('pingSweep.setCredentials', { token: TOKEN }), true);
    const completed = sim.addTask(SERIAL, 'complete', { durationMs: 400 });
    const failed = sim.addTask(SERIAL, 'fail', { durationMs: 400, failReason: 'Gateway unreachable' });
    for (const id of [completed, failed]) {
      await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, id);
    }
    const done = await waitFor('the result', () => taskOf(ext, completed)?.output && taskOf(ext, completed));
    await waitForState(ext, failed, 'FAILED');
    await sleep(300); // the completion messages
    recorder.messages.splice(0);

    for (const id of [completed, failed]) {
      sim.script(id, [404]); // Central has expired it
      await vscode.commands.executeCommand('pingSweep.refresh', `${SERIAL}/${id}`);
      await waitFor('the 404', () => asked(id, 404) === 1);
      await waitFor('the refresh to be handled', () => {
        const t = taskOf(ext, id);
        return t && (t.state === 'NOT_FOUND' || /404/.test(String(renderItem(t).tooltip)));
      });
    }
    await sleep(300);
    const after = taskOf(ext, completed)!;
    assert.equal(after.state, 'COMPLETED', 'a finished task never changes state');
    assert.deepEqual(after.output, done.output, 'the result fetched earlier stands');
    assert.equal(describeState(after), 'COMPLETED', 'the tree shows it as it was');
    assert.match(String(renderItem(after).tooltip), /Note: Central no longer knows this task \(404\)/);
    assert.equal(taskOf(ext, failed)?.state, 'FAILED');
    assert.equal(taskOf(ext, failed)?.failReason, 'Gateway unreachable');
    assert.deepEqual(
      recorder.messages.map((m) => m.text),
      [],
      'no pop-up for a 404 on a finished task',
    );

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pingsweep-expired-')), 'r.json');
    await vscode.commands.executeCommand('pingSweep.exportResult', `${SERIAL}/${completed}`, vscode.Uri.file(file));
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).status, 'COMPLETED');
    await vscode.commands.executeCommand('pingSweep.clearCredentials');
  });

  it('writes the store once per poll: the answer and the API version that gave it together', async () => {
    const w = open({ secrets: await tokenSecrets() });
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 60_000 });
    const key = `${SERIAL}/${taskId}`;
    const seen: Array<{ state?: string; version?: string }> = [];
    const sub = w.store.onDidChange(({ changed }) => {
      if (changed.includes(key)) seen.push({ state: w.store.get(key)?.state, version: w.store.get(key)?.version });
    });
    try {
      w.monitor.track({ serial: SERIAL, taskId });
      await waitFor('the first answer', () => seen.some((e) => e.state !== 'PENDING'));
      const untilAnswered = seen.slice(0, seen.findIndex((e) => e.state !== 'PENDING') + 1);
      assert.deepEqual(
        untilAnswered.map((e) => (e.state === 'PENDING' ? 'PENDING' : 'answered')),
        ['PENDING', 'answered'],
        JSON.stringify(seen),
      );
      assert.equal(untilAnswered[1].version, 'v1', 'the version came with the answer');
    } finally {
      sub.dispose();
    }
  });

  it('a task tracked before any cluster was chosen is polled once one is', async () => {
    await configure({ baseUrl: undefined });
    const w = open({ secrets: await tokenSecrets() });
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 800 });
    const { key } = w.monitor.track({ serial: SERIAL, taskId });
    assert.equal(w.store.get(key)?.baseUrl, '');
    await sleep(300);
    await configure({ baseUrl: sim.baseUrl });
    await waitFor('the task to complete', () => w.store.get(key)?.state === 'COMPLETED', 15_000);
    assert.equal(w.store.get(key)?.baseUrl, sim.baseUrl, 'it adopted the cluster chosen');
    assert.equal(w.store.get(key)?.problem, undefined);
  });

  it('another spelling of the same cluster URL (letter case, trailing slash) does not orphan a task', async () => {
    const shared = new SharedState();
    const memento = shared.window();
    // A task saved by an earlier session, when the setting was spelled another way.
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 800 });
    const key = `${SERIAL}/${taskId}`;
    const now = Date.now();
    await memento.update(`pingSweep.task:${key}`, {
      serial: SERIAL,
      taskId,
      baseUrl: `${sim.baseUrl.toUpperCase()}/`,
      state: 'RUNNING',
      progressPercent: 5,
      addedAt: now,
      updatedAt: now,
    });
    await configure({ baseUrl: `HTTP://127.0.0.1:${sim.port}/` });
    try {
      const w = open({ memento, secrets: await tokenSecrets() });
      await waitFor('the task to complete', () => w.store.get(key)?.state === 'COMPLETED', 15_000);
      const second = sim.addTask(SERIAL, 'complete', { durationMs: 500 });
      const tracked = w.monitor.track({ serial: SERIAL, taskId: second }).key;
      await configure({ baseUrl: sim.baseUrl });
      await waitFor('the second task to complete', () => w.store.get(tracked)?.state === 'COMPLETED', 15_000);
      assert.ok(!/select that cluster/.test(w.store.get(tracked)?.problem ?? ''));
    } finally {
      await configure({ baseUrl: sim.baseUrl });
    }
  });

  it('a locked keyring does not stick: the next need reads it again after a short wait', async () => {
    const secrets = await tokenSecrets();
    secrets.locked = true;
    const w = open({ secrets });
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 1000 });
    const { key } = w.monitor.track({ serial: SERIAL, taskId });
    await waitFor('the failed read to show on the task', () =>
      /secret storage.*locked/i.test(w.store.get(key)?.problem ?? ''),
    );
    assert.equal(asked(taskId), 0, 'nothing is sent without credentials');
    await sleep(1500);
    const reads = secrets.reads;
    assert.ok(reads <= 4, `${reads} reads of a locked keyring in 1.5 s: reads back off`);
    secrets.locked = false; // unlocked, and SecretStorage says nothing
    await waitFor('the task to complete', () => w.store.get(key)?.state === 'COMPLETED', 20_000);
  });

  it('a locked keyring is read again at once when SecretStorage reports a change', async () => {
    const secrets = await tokenSecrets();
    secrets.locked = true;
    const credentials = new CredentialStore(secrets, new LineLogger());
    try {
      await assert.rejects(credentials.get(), /locked/);
      secrets.locked = false;
      await assert.rejects(credentials.get(), /locked/, 'within the wait, the failure stands');
      secrets.fireChange('another.extension.key');
      assert.deepEqual(await credentials.get(), { kind: 'token', token: TOKEN });
    } finally {
      credentials.dispose();
    }
  });

  it('a 403 on one gateway stops only its tasks, says the credentials lack access to it; other gateways go on', async () => {
    const DENIED = 'CNDENIED01';
    const w = open({ secrets: await tokenSecrets() });
    const running = {
      status: 200,
      body: { status: 'RUNNING', progressPercent: 10, startTime: null, endTime: null, failReason: null, output: null },
    };
    const denied = sim.addTask(DENIED, 'complete', { durationMs: 2000, script: [running, 403] });
    const others = [0, 1].map(() => sim.addTask(SERIAL, 'complete', { durationMs: 2500 }));
    const deniedKey = w.monitor.track({ serial: DENIED, taskId: denied }).key;
    const otherKeys = others.map((taskId) => w.monitor.track({ serial: SERIAL, taskId }).key);
    await waitFor('the denied task to stop', () => w.store.get(deniedKey)?.paused !== undefined);
    for (const key of otherKeys) {
      await waitFor(`${key} to complete`, () => w.store.get(key)?.state === 'COMPLETED', 20_000);
      assert.equal(w.store.get(key)?.paused, undefined);
    }
    const t = w.store.get(deniedKey)!;
    assert.equal(t.state, 'RUNNING', 'the last good state is kept');
    assert.notEqual(t.paused, 'credentials', 'a 403 is not a credentials problem');
    assert.match(describeState(t), /no access/);
    assert.match(t.problem ?? '', /403/);
    const sent = sim.requests.filter((r) => r.path.includes(`/gateways/${DENIED}/`)).length;
    await sleep(1000);
    assert.equal(
      sim.requests.filter((r) => r.path.includes(`/gateways/${DENIED}/`)).length,
      sent,
      'the denied gateway is not asked again',
    );
    assert.equal(recorder.messages.length, 1);
    const [message] = recorder.messages;
    assert.match(message.text, new RegExp(`lack access to gateway ${DENIED} \\(403\\)`));
    assert.doesNotMatch(message.text, /refused the credentials|set new credentials/i);
  });
});
