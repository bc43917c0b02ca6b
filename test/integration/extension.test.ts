import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSimulator, Simulator } from '../simulator/server';
import type { PingSweepApi } from '../../src/extension';
import {
  EXTENSION_ID,
  SERIAL,
  TOKEN,
  api,
  resultTabs,
  setBaseUrl,
  sleep,
  taskOf,
  useApi,
  waitFor,
  waitForState,
} from './helpers';

const CONTRACT_COMMANDS = [
  'pingSweep.trackTask',
  'pingSweep.startSweep',
  'pingSweep.importTasks',
  'pingSweep.setCredentials',
  'pingSweep.clearCredentials',
  'pingSweep.selectCluster',
  'pingSweep.openResult',
  'pingSweep.refresh',
  'pingSweep.removeTask',
  'pingSweep.exportResult',
  'pingSweep.showLog',
  'pingSweep.startSweepOnGateways',
];

describe('Ping Sweep in a real extension host', function () {
  this.timeout(30_000);
  let sim: Simulator;
  let ext: PingSweepApi;

  before(async () => {
    sim = await startSimulator({ tokens: [TOKEN], startScenario: { durationMs: 2500 } });
    await setBaseUrl(sim.baseUrl);
    ext = await api();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sim?.close();
  });

  it('registers every contract command and the Tracked Tasks view', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const contributed = new Set(
      (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands as { command: string }[]).map(
        (c) => c.command,
      ),
    );
    for (const id of CONTRACT_COMMANDS) {
      assert.ok(all.has(id), `${id} is not registered`);
      assert.ok(contributed.has(id), `${id} is not contributed to the palette`);
    }
    await vscode.commands.executeCommand('pingSweep.tasks.focus');
  });

  it('round-trips credentials through SecretStorage and polls with them', async () => {
    assert.equal(await vscode.commands.executeCommand('pingSweep.setCredentials', { token: TOKEN }), true);
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 2000, params: { destination: '10.9.8.7' } });
    const key = await vscode.commands.executeCommand<string>('pingSweep.trackTask', SERIAL, taskId);
    assert.equal(key, `${SERIAL}/${taskId}`);
    const done = await waitForState(ext, taskId, 'COMPLETED');
    assert.equal(done.destination, '10.9.8.7');
    assert.equal(done.progressPercent, 100);
    assert.ok(done.output && done.output.responses.length > 0, 'the output was stored');
    const polls = sim.requests.filter((r) => r.path.endsWith(taskId));
    assert.ok(polls.length >= 1);
    assert.ok(
      polls.every((r) => r.auth === 'valid'),
      'every poll carried the stored token',
    );
  });

  it('tracks a task from a pasted location path, and refuses a duplicate', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 1500 });
    const location = `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${taskId}`;
    const before = ext.tasks().length;
    await vscode.commands.executeCommand('pingSweep.trackTask', location);
    assert.equal(ext.tasks().length, before + 1);
    await vscode.commands.executeCommand('pingSweep.trackTask', `${sim.baseUrl}${location}`);
    assert.equal(ext.tasks().length, before + 1, 'the same task pasted as a URL is not added twice');
    await waitForState(ext, taskId, 'COMPLETED');
  });

  it('refuses bad input and stores nothing', async () => {
    const before = ext.tasks().length;
    assert.equal(await vscode.commands.executeCommand('pingSweep.trackTask', 'CN 12/../x', 'nope'), undefined);
    assert.equal(await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, 'not-a-uuid'), undefined);
    assert.equal(
      await vscode.commands.executeCommand(
        'pingSweep.trackTask',
        `https://evil.example.com/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e`,
      ),
      undefined,
    );
    assert.equal(ext.tasks().length, before);
  });

  it('shows a failed task with its reason, and a task Central does not know as NOT_FOUND', async () => {
    const failed = sim.addTask(SERIAL, 'fail', { durationMs: 800, failReason: 'Destination unreachable <b>x</b>' });
    const missing = sim.addTask(SERIAL, 'notFound');
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, failed);
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, missing);
    const f = await waitForState(ext, failed, 'FAILED');
    assert.equal(f.failReason, 'Destination unreachable <b>x</b>');
    await waitForState(ext, missing, 'NOT_FOUND');
    const polled = sim.requests.filter((r) => r.path.endsWith(missing)).length;
    await sleep(1500);
    assert.equal(sim.requests.filter((r) => r.path.endsWith(missing)).length, polled, 'a 404 task is not polled again');
  });

  it('opens one result panel per task and reuses it', async () => {
    const done = ext.tasks().find((t) => t.state === 'COMPLETED');
    assert.ok(done);
    const key = `${done.serial}/${done.taskId}`;
    await vscode.commands.executeCommand('pingSweep.openResult', key);
    await waitFor('a result tab', () => resultTabs().length === 1);
    await vscode.commands.executeCommand('pingSweep.openResult', key);
    await sleep(300);
    assert.equal(resultTabs().length, 1, 'opening again reveals the same panel');
  });

  it('exports a result as CSV and JSON without the token', async () => {
    const done = ext.tasks().find((t) => t.state === 'COMPLETED' && t.output);
    assert.ok(done?.output);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingsweep-export-'));
    const key = `${done.serial}/${done.taskId}`;
    const csvPath = path.join(dir, 'r.csv');
    const jsonPath = path.join(dir, 'r.json');
    await vscode.commands.executeCommand('pingSweep.exportResult', key, vscode.Uri.file(csvPath));
    await vscode.commands.executeCommand('pingSweep.exportResult', key, vscode.Uri.file(jsonPath));
    const csv = fs.readFileSync(csvPath, 'utf8').trim().split(/\r?\n/);
    const replies = done.output.responses.reduce((n, r) => n + r.replies.length, 0);
    assert.equal(csv[0], 'cycle,requestId,size,timedOut');
    assert.equal(csv.length, replies + 1);
    const json = fs.readFileSync(jsonPath, 'utf8');
    assert.equal(JSON.parse(json).taskId, done.taskId);
    assert.ok(!json.includes(TOKEN) && !csv.join('\n').includes(TOKEN));
  });

  it('pauses on cleared credentials and resumes when new ones are set', async () => {
    await vscode.commands.executeCommand('pingSweep.clearCredentials');
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 1500 });
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, taskId);
    await waitFor('the task to pause for credentials', () => taskOf(ext, taskId)?.paused === 'credentials');
    assert.equal(sim.requests.filter((r) => r.path.endsWith(taskId)).length, 0, 'nothing is sent without credentials');
    await vscode.commands.executeCommand('pingSweep.setCredentials', { token: TOKEN });
    await waitForState(ext, taskId, 'COMPLETED');
  });

  it('pauses on a 401 and resumes with a new token', async () => {
    sim.revokeTokens(TOKEN);
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 1500 });
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, taskId);
    await waitFor('a 401 pause', () => taskOf(ext, taskId)?.paused === 'credentials');
    const fresh = 'integration-token-renewed-42';
    sim.addToken(fresh);
    await vscode.commands.executeCommand('pingSweep.setCredentials', { token: fresh });
    await waitForState(ext, taskId, 'COMPLETED');
    sim.addToken(TOKEN);
    await vscode.commands.executeCommand('pingSweep.setCredentials', { token: TOKEN });
  });

  it('starts a sweep, tracks it with its destination, and imports recent tasks', async () => {
    const request = {
      destination: '192.0.2.10',
      startPacketSize: 1400,
      endPacketSize: 1500,
      sweepInterval: 20,
      count: 5,
    };
    const key = await vscode.commands.executeCommand<string>('pingSweep.startSweep', SERIAL, request);
    assert.ok(key, 'a key was returned');
    const [, taskId] = key.split('/');
    assert.equal(taskOf(ext, taskId)?.destination, '192.0.2.10');
    await waitForState(ext, taskId, 'COMPLETED');
    const other = sim.addTask(SERIAL, 'complete', { durationMs: 500 });
    const imported = await vscode.commands.executeCommand<string[]>('pingSweep.importTasks', SERIAL, [other]);
    assert.deepEqual(imported, [`${SERIAL}/${other}`]);
    assert.ok(taskOf(ext, other));
  });

  it('tracks nothing when a start is refused (gateway offline)', async () => {
    sim.setGateway('CNOFFLINE1', 'offline');
    const before = ext.tasks().length;
    const request = {
      destination: '192.0.2.10',
      startPacketSize: 100,
      endPacketSize: 200,
      sweepInterval: 50,
      count: 1,
    };
    assert.equal(await vscode.commands.executeCommand('pingSweep.startSweep', 'CNOFFLINE1', request), undefined);
    assert.equal(ext.tasks().length, before);
  });

  it('speaks v1alpha1 when a cluster serves only that, and remembers it', async () => {
    const old = await startSimulator({ tokens: [TOKEN], versions: ['v1alpha1'] });
    try {
      await setBaseUrl(old.baseUrl);
      const taskId = old.addTask(SERIAL, 'complete', { durationMs: 800 });
      await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, taskId);
      const done = await waitForState(ext, taskId, 'COMPLETED');
      assert.equal(done.version, 'v1alpha1');
      const paths = old.requests.filter((r) => r.path.endsWith(taskId)).map((r) => r.path.split('/')[2]);
      assert.equal(paths[0], 'v1', 'auto tries v1 first on a new base URL');
      const second = old.addTask(SERIAL, 'complete', { durationMs: 300 });
      await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, second);
      await waitForState(ext, second, 'COMPLETED');
      const firstAsk = old.requests.find((r) => r.path.endsWith(second));
      assert.equal(firstAsk?.path.split('/')[2], 'v1alpha1', 'the version that worked is tried first next time');
    } finally {
      await setBaseUrl(sim.baseUrl);
      await old.close();
    }
  });

  it('removes a task without touching the device', async () => {
    const t = ext.tasks()[0];
    const key = `${t.serial}/${t.taskId}`;
    const requests = sim.requests.length;
    await vscode.commands.executeCommand('pingSweep.removeTask', key);
    assert.equal(taskOf(ext, t.taskId), undefined);
    assert.ok(
      sim.requests.slice(requests).every((r) => r.method === 'GET'),
      'no request changed anything',
    );
  });

  it('copies a task id to the clipboard, refreshes one task on demand, and clears the finished ones', async () => {
    // A task of the current cluster: those of another one are not polled until it is selected again.
    const done = ext.tasks().find((t) => t.state === 'COMPLETED' && t.baseUrl === sim.baseUrl);
    assert.ok(done);
    const key = `${done.serial}/${done.taskId}`;
    await vscode.commands.executeCommand('pingSweep.copyTaskId', key);
    assert.equal(await vscode.env.clipboard.readText(), done.taskId);

    const asked = () => sim.requests.filter((r) => r.path.endsWith(done.taskId)).length;
    const before = asked();
    await vscode.commands.executeCommand('pingSweep.refresh', key);
    await waitFor('one more poll of the refreshed task', () => asked() === before + 1);

    const finished = ext.tasks().filter((t) => ['COMPLETED', 'FAILED', 'NOT_FOUND'].includes(t.state)).length;
    assert.ok(finished > 0);
    const total = ext.tasks().length;
    assert.equal(await vscode.commands.executeCommand('pingSweep.clearFinished'), finished);
    assert.equal(ext.tasks().length, total - finished);
    assert.ok(ext.tasks().every((t) => !['COMPLETED', 'FAILED', 'NOT_FOUND'].includes(t.state)));
  });

  it('leaves no timer behind on deactivation, and restores and resumes its tasks on activation', async () => {
    const running = sim.addTask(SERIAL, 'complete', { durationMs: 4000 });
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, running);
    await waitFor('the task to run', () => taskOf(ext, running)?.state === 'RUNNING' || undefined);
    const testing = ext.testing;
    assert.ok(testing, 'the testing hooks exist under the test runner');
    const known = ext
      .tasks()
      .map((t) => t.taskId)
      .sort();
    for (const d of testing.context.subscriptions.splice(0)) {
      d.dispose();
    }
    assert.equal(testing.pendingTimers(), 0, 'no poll timer survives deactivation');
    const sent = sim.requests.length;
    await sleep(1500);
    assert.equal(sim.requests.length, sent, 'no request after deactivation');

    // A fresh activation over the same global state and secrets, as after a window reload.
    const ext2 = vscode.extensions.getExtension(EXTENSION_ID)!;
    const mod = require(path.join(ext2.extensionPath, 'dist', 'extension.js')) as typeof import('../../src/extension');
    const context = Object.create(testing.context, { subscriptions: { value: [] } }) as vscode.ExtensionContext;
    const again = mod.activate(context);
    // The new instance owns the commands and views now: later suites use it.
    useApi(again);
    assert.deepEqual(
      again
        .tasks()
        .map((t) => t.taskId)
        .sort(),
      known,
    );
    await waitForState(again, running, 'COMPLETED');
  });
});
