// Several items selected in the Tracked Tasks view: VS Code passes a context-menu command the clicked element
// and every selected one. Stop Tracking, Refresh, Retry and Copy Task ID act on each (tasks and groups alike),
// in the real extension host against the simulator over loopback; a script's single key still works, and
// garbage in the array is left alone item by item with one message.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { PingSweepApi } from '../../src/extension';
import { Simulator, startSimulator } from '../simulator/server';
import { SERIAL, TOKEN, api, configure, sleep, taskOf, waitFor } from './helpers';
import { ShownMessage, recordMessages, statusPathOf } from './harness';

const PARAMS = { destination: '10.78.0.1', startPacketSize: 1400, endPacketSize: 1500, sweepInterval: 50, count: 2 };

describe('Many items selected in the tree', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let ext: PingSweepApi;
  let recorder: { messages: ShownMessage[]; restore(): void };

  const polls = (id: string) => sim.requests.filter((r) => r.path === statusPathOf(SERIAL, id)).length;
  const keyOf = (id: string) => `${SERIAL}/${id}`;

  /** Three completed tasks, tracked. */
  async function three(): Promise<string[]> {
    const ids = [0, 1, 2].map(() => sim.addTask(SERIAL, 'complete', { durationMs: 100 }));
    for (const id of ids) await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, id);
    await waitFor('the three to complete', () => ids.every((id) => taskOf(ext, id)?.state === 'COMPLETED'));
    await sleep(300);
    recorder.messages.splice(0); // their completion notices
    return ids;
  }

  before(async () => {
    sim = await startSimulator({ tokens: [TOKEN] });
    await configure({ baseUrl: sim.baseUrl, apiVersion: 'v1', 'polling.requestsPerMinute': 1000 });
    ext = await api();
    await vscode.commands.executeCommand('pingSweep.setCredentials', { token: TOKEN });
  });

  beforeEach(() => (recorder = recordMessages()));
  afterEach(() => recorder.restore());

  after(async () => {
    await vscode.commands.executeCommand('pingSweep.clearCredentials').then(undefined, () => undefined);
    await configure({ baseUrl: undefined, apiVersion: undefined, 'polling.requestsPerMinute': undefined });
    await sim.close();
  });

  it('Stop Tracking removes exactly the two selected of three; one key from a script still works', async () => {
    const [a, b, c] = await three();
    await vscode.commands.executeCommand('pingSweep.removeTask', keyOf(a), [keyOf(a), keyOf(b)]);
    assert.equal(taskOf(ext, a), undefined);
    assert.equal(taskOf(ext, b), undefined);
    assert.ok(taskOf(ext, c), 'the one not selected stays');
    await vscode.commands.executeCommand('pingSweep.removeTask', keyOf(c));
    assert.equal(taskOf(ext, c), undefined);
    assert.deepEqual(recorder.messages, [], 'nothing to complain about');
  });

  it('Refresh and Retry poll exactly the selected tasks', async () => {
    const [a, b, c] = await three();
    for (const command of ['pingSweep.refresh', 'pingSweep.retryTask']) {
      const before = [a, b, c].map(polls);
      await vscode.commands.executeCommand(command, keyOf(b), [keyOf(a), keyOf(b)]);
      await waitFor(`${command}: one more poll of each selected`, () => polls(a) > before[0] && polls(b) > before[1]);
      await sleep(500);
      assert.deepEqual([a, b, c].map(polls), [before[0] + 1, before[1] + 1, before[2]], command);
    }
    await vscode.commands.executeCommand('pingSweep.removeTask', keyOf(a), [a, b, c].map(keyOf));
  });

  it('Copy Task ID copies every selected id, one per line; one key copies one', async () => {
    const [a, b, c] = await three();
    await vscode.commands.executeCommand('pingSweep.copyTaskId', keyOf(c), [keyOf(c), keyOf(a)]);
    assert.equal(await vscode.env.clipboard.readText(), `${c}\n${a}`);
    await vscode.commands.executeCommand('pingSweep.copyTaskId', keyOf(b));
    assert.equal(await vscode.env.clipboard.readText(), b);
    await vscode.commands.executeCommand('pingSweep.removeTask', keyOf(a), [a, b, c].map(keyOf));
  });

  it('leaves garbage in the array alone item by item, with one message, and acts on the rest', async () => {
    const [a, b, c] = await three();
    const huge = Array.from({ length: 10_000 }, (_, i) => `${SERIAL}/not-a-task-${i}`);
    const garbage = [42, null, { key: keyOf(c) }, 'group:nope', '[x](command:pingSweep.clearFinished)', ...huge];
    const before = [a, b, c].map(polls);
    await vscode.commands.executeCommand('pingSweep.refresh', keyOf(a), [keyOf(a), ...garbage]);
    await waitFor('one more poll of the one task given', () => polls(a) > before[0]);
    assert.equal(recorder.messages.length, 1, JSON.stringify(recorder.messages.map((m) => m.text)));
    const [message] = recorder.messages;
    assert.equal(message.severity, 'warning');
    assert.match(message.text, /^Ping Sweep: Refresh left 10005 of the 10006 selected item\(s\) alone/);
    assert.match(message.text, /a number, null, an object and 10002 more\. Expected "SERIAL\/task-id" keys\.$/);
    assert.ok(message.text.length < 400, 'one short message');

    await vscode.commands.executeCommand('pingSweep.removeTask', keyOf(b), [keyOf(b), ...garbage]);
    assert.equal(taskOf(ext, b), undefined);
    assert.ok(taskOf(ext, c), 'a key inside an object is not taken');
    assert.equal(recorder.messages.length, 2);
    await vscode.commands.executeCommand('pingSweep.copyTaskId', 7, [7, 'nope']);
    assert.equal(recorder.messages.length, 3, 'nothing valid: the one message only');
    assert.equal(await vscode.env.clipboard.readText().then((t) => t.includes('nope')), false);
    await vscode.commands.executeCommand('pingSweep.removeTask', keyOf(a), [a, c].map(keyOf));
    assert.equal(recorder.messages.length, 3);
  });

  it('acts on a selected group element like on its item: its tasks are removed with it', async () => {
    const [a] = await three();
    const id = await vscode.commands.executeCommand<string>('pingSweep.startSweepOnGateways', ['CNSELECT01'], PARAMS);
    assert.ok(id);
    const groups = ext.testing!.groups;
    const members = await waitFor('the fleet task', () => groups.members(id).length === 1 && groups.members(id));
    const fleetTask = ext.tasks().find((t) => `${t.serial}/${t.taskId}` === members[0]);
    assert.ok(fleetTask);
    await vscode.commands.executeCommand('pingSweep.copyTaskId', keyOf(a), [keyOf(a), `group:${id}`]);
    assert.equal(await vscode.env.clipboard.readText(), `${a}\n${fleetTask.taskId}`);
    await vscode.commands.executeCommand('pingSweep.removeTask', keyOf(a), [keyOf(a), `group:${id}`]);
    assert.equal(groups.get(id), undefined, 'the group went');
    assert.equal(taskOf(ext, a), undefined);
    assert.equal(taskOf(ext, fleetTask.taskId), undefined, 'and its task');
  });
});
