// Results kept as files under the global storage folder, not in globalState, in the real extension host
// against the simulator over loopback: a reload restores them from their files, the older inline format
// moves to files, a corrupt or missing file is fetched again or reported, and a removal deletes the file.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PingSweepApi } from '../../src/extension';
import { resultFileName } from '../../src/core/storage/fileNames';
import type { TrackedTask } from '../../src/core/task';
import { STATE_KEYS } from '../../src/editor/platform/constants';
import { buildResultState } from '../../src/editor/results/webviewProtocol';
import { Simulator, startSimulator } from '../simulator/server';
import { SERIAL, TOKEN, configure, sleep, taskOf, waitFor, waitForState } from './helpers';
import { activateFresh, recordMessages, statusPathOf } from './harness';

describe('Results kept as files', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let ext: PingSweepApi;
  let context: vscode.ExtensionContext;
  let deactivate: () => void;
  let recorder: ReturnType<typeof recordMessages>;

  const folder = () => path.join(context.globalStorageUri.fsPath, 'results');
  const fileOf = (taskId: string) => path.join(folder(), resultFileName(`${SERIAL}/${taskId}`)!);
  const entryOf = (taskId: string) =>
    context.globalState.get<Record<string, unknown>>(`${STATE_KEYS.taskPrefix}${SERIAL}/${taskId}`);
  const polls = (taskId: string) => sim.requests.filter((r) => r.path === statusPathOf(SERIAL, taskId)).length;

  async function reload(): Promise<void> {
    deactivate();
    ({ api: ext, context, deactivate } = await activateFresh());
  }

  /**
   * Writes a globalState entry as an older version left it, and makes sure it stays. VS Code hands each write
   * back to the extension host a moment later as a copy of the whole state; one of an earlier write (the
   * instance just deactivated) that lands before this write is flushed replaces it. So: wait for those to
   * land, write, and write again if it went.
   */
  async function putStored(stateKey: string, value: Record<string, unknown>): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      await sleep(300);
      if (attempt === 0 || JSON.stringify(context.globalState.get(stateKey)) !== JSON.stringify(value)) {
        await context.globalState.update(stateKey, value);
      } else {
        return;
      }
    }
    assert.fail(`${stateKey} could not be stored`);
  }

  async function completedTask(): Promise<{ id: string; done: TrackedTask }> {
    const id = sim.addTask(SERIAL, 'complete', { durationMs: 300, timeoutFromSize: 1450 });
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, id);
    const done = await waitFor('the result', () => taskOf(ext, id)?.output && taskOf(ext, id));
    await waitFor('the result file', () => fs.existsSync(fileOf(id)));
    return { id, done };
  }

  before(async () => {
    sim = await startSimulator({ tokens: [TOKEN] });
    await configure({ baseUrl: sim.baseUrl, apiVersion: 'v1', 'polling.requestsPerMinute': 1000 });
    recorder = recordMessages();
    ({ api: ext, context, deactivate } = await activateFresh());
    assert.equal(await vscode.commands.executeCommand('pingSweep.setCredentials', { token: TOKEN }), true);
  });

  after(async () => {
    recorder.restore();
    await vscode.commands.executeCommand('pingSweep.clearCredentials').then(undefined, () => undefined);
    await configure({ baseUrl: undefined, apiVersion: undefined, 'polling.requestsPerMinute': undefined });
    await sim.close();
  });

  it('keeps a result in its file and only a small entry in globalState; a reload restores it from the file', async () => {
    const { id, done } = await completedTask();
    await waitFor('the entry to be saved without its result', () => entryOf(id)?.resultStored === true);
    const entry = entryOf(id)!;
    assert.equal(entry.output, undefined, 'no result in globalState');
    assert.ok(JSON.stringify(entry).length < 1000, `a small entry (${JSON.stringify(entry).length} chars)`);

    const asked = polls(id);
    await reload();
    const restored = taskOf(ext, id)!;
    assert.equal(restored.state, 'COMPLETED', 'the task is there at once');
    const back = await waitFor('the result read from its file', () => taskOf(ext, id)?.output);
    assert.deepEqual(back, done.output);
    await sleep(500);
    assert.equal(polls(id), asked, 'restored from the file: Central was not asked again');
  });

  it('moves a result stored inline by an older version to its file, then drops it from globalState', async () => {
    const { id, done } = await completedTask();
    deactivate();
    fs.rmSync(fileOf(id));
    const old: Record<string, unknown> = { ...entryOf(id)!, output: done.output };
    delete old.resultStored;
    await putStored(`${STATE_KEYS.taskPrefix}${SERIAL}/${id}`, old);
    const asked = polls(id);
    ({ api: ext, context, deactivate } = await activateFresh());
    assert.deepEqual(taskOf(ext, id)?.output, done.output, 'the result is there from the start');
    await waitFor('the file to be written', () => fs.existsSync(fileOf(id)));
    await waitFor('the inline result to leave globalState', () => entryOf(id)?.output === undefined);
    assert.equal(entryOf(id)?.resultStored, true);
    await reload();
    assert.deepEqual(await waitFor('the result', () => taskOf(ext, id)?.output), done.output);
    assert.equal(polls(id), asked, 'nothing was fetched again');
  });

  it('fetches a result again when its file is corrupt and Central still has the task', async () => {
    const { id, done } = await completedTask();
    deactivate();
    fs.writeFileSync(fileOf(id), '{"format":"pingSweep.result","version":1,"output":{"responses":[{"rep');
    const asked = polls(id);
    ({ api: ext, context, deactivate } = await activateFresh());
    const back = await waitFor('the result fetched again', () => taskOf(ext, id)?.output);
    assert.deepEqual(back.responses, done.output!.responses);
    assert.ok(polls(id) > asked, 'Central was asked again');
    assert.ok(fs.existsSync(`${fileOf(id)}.corrupt`), 'the corrupt file is kept aside to look at');
    await waitFor('a good file again', () => fs.existsSync(fileOf(id)));
    await waitFor('the problem to clear', () => taskOf(ext, id)?.problem === undefined || undefined);
  });

  it('reports a missing file of a task Central no longer has, in the task and its result view, never as an empty result', async () => {
    const { id } = await completedTask();
    deactivate();
    fs.rmSync(fileOf(id));
    sim.script(id, [404, 404, 404]); // Central has expired it
    ({ api: ext, context, deactivate } = await activateFresh());
    const task = await waitFor(
      'the loss to be reported',
      () => {
        const t = taskOf(ext, id);
        return t?.problem && /not stored here|could not be read/.test(t.problem) && !t.resultStored ? t : undefined;
      },
      20_000,
    );
    await waitForState(ext, id, 'COMPLETED');
    assert.equal(task.output, undefined);
    const view = buildResultState(`${SERIAL}/${id}`, taskOf(ext, id), { includeReplies: true, repliesRevision: 0 });
    assert.ok(view.kind === 'task');
    assert.equal(view.result, null, 'no table is built without the result');
    assert.match(String(view.problem), /result/);
  });

  it('deletes the file when the task is no longer tracked (Stop Tracking, Clear Finished)', async () => {
    const a = await completedTask();
    const b = await completedTask();
    await vscode.commands.executeCommand('pingSweep.removeTask', `${SERIAL}/${a.id}`);
    await waitFor('the file of the removed task to go', () => !fs.existsSync(fileOf(a.id)));
    assert.ok(fs.existsSync(fileOf(b.id)));
    await vscode.commands.executeCommand('pingSweep.clearFinished');
    await waitFor('the files of cleared tasks to go', () => !fs.existsSync(fileOf(b.id)));
  });
});
