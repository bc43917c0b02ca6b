// Compare Results in a real extension host against the simulator: two completed sweeps of one gateway whose
// answers differ, compared from a key list and from the palette's many-pick; tasks not completed are named
// and left out; fewer than two completed is refused; the open comparison follows its tasks.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { PingSweepApi } from '../../src/extension';
import type { ComparePageState } from '../../src/shared/compareProtocol';
import { startSimulator, Simulator } from '../simulator/server';
import { recordMessages, type ShownMessage } from './harness';
import { answerPick, api, configure, setBaseUrl, sleep, taskOf, TOKEN, waitFor } from './helpers';

const SERIAL = 'CNCOMPARE1';
const HOUR = 3_600_000;
const DESTINATION = '10.44.0.1';

/** Every tab showing a comparison. */
function compareTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('pingSweep.compare'));
}

function compare(...args: unknown[]): Thenable<ComparePageState | undefined> {
  return vscode.commands.executeCommand<ComparePageState | undefined>('pingSweep.compareResults', ...args);
}

describe('Compare Results against the simulator', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let ext: PingSweepApi;
  let recorder: { messages: ShownMessage[]; restore(): void };
  const keys: Record<'before' | 'after' | 'third' | 'running', string> = {
    before: '',
    after: '',
    third: '',
    running: '',
  };

  /** Tracks a task of the simulator and waits until it has its result (or only until it is answered). */
  async function track(taskId: string, completed = true): Promise<string> {
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, taskId);
    await waitFor(`${taskId} to be answered`, () => {
      const t = taskOf(ext, taskId);
      return t && (completed ? t.state === 'COMPLETED' && t.output !== undefined : t.state === 'RUNNING');
    });
    return `${SERIAL}/${taskId}`;
  }

  before(async () => {
    sim = await startSimulator({ tokens: [TOKEN] });
    await setBaseUrl(sim.baseUrl);
    await configure({ 'polling.requestsPerMinute': 1000 });
    ext = await api();
    await vscode.commands.executeCommand('pingSweep.setCredentials', { token: TOKEN });
    const now = Date.now();
    const params = { destination: DESTINATION, startPacketSize: 1300, endPacketSize: 1500, sweepInterval: 100 };
    // Before an MTU fix: 1400 and 1500 bytes time out, the path is slower. After: everything answers.
    const common = { params, durationMs: 400 };
    keys.before = await track(
      sim.addTask(SERIAL, 'complete', { ...common, startedAt: now - 3 * HOUR, timeoutFromSize: 1400, baseRttMs: 20 }),
    );
    keys.after = await track(sim.addTask(SERIAL, 'complete', { ...common, startedAt: now - 2 * HOUR, baseRttMs: 12 }));
    keys.third = await track(sim.addTask(SERIAL, 'complete', { ...common, startedAt: now - HOUR, baseRttMs: 12 }));
    keys.running = await track(
      sim.addTask(SERIAL, 'complete', { params, startedAt: now - 1000, durationMs: 10 * 60_000 }),
      false,
    );
  });

  beforeEach(() => {
    recorder = recordMessages();
  });

  afterEach(async () => {
    recorder.restore();
    // The tab of a panel just opened reaches this host a moment later.
    await sleep(300);
    await vscode.window.tabGroups.close(compareTabs());
    await waitFor('every compare tab to close', () => compareTabs().length === 0);
  });

  after(async () => {
    for (const key of Object.values(keys)) if (key) await vscode.commands.executeCommand('pingSweep.removeTask', key);
    await vscode.commands.executeCommand('pingSweep.clearCredentials');
    await configure({ 'polling.requestsPerMinute': undefined });
    await sim?.close();
  });

  it('compares two sweeps of one gateway from a key list: the change sentence names what moved', async () => {
    // Newest first, as a script might pass them: the view orders them oldest first.
    const state = await compare([keys.after, keys.before]);
    assert.ok(state && state.kind === 'comparison', JSON.stringify(state));
    assert.equal(state.title, 'Compare 2 sweeps');
    const { columns, rows, change } = state.comparison;
    assert.deepEqual(
      columns.map((c) => [c.key, c.serial, c.destination]),
      [
        [keys.before, SERIAL, DESTINATION],
        [keys.after, SERIAL, DESTINATION],
      ],
    );
    assert.deepEqual(
      rows.map((r) => [r.size, ...r.cells.map((c) => c && c.answered / c.sent)]),
      [
        [1300, 1, 1],
        [1400, 0, 1],
        [1500, 0, 1],
      ],
    );
    // 8 ms lower base RTT; the sizes add the same on both sides, the jitter at most 0.5 ms.
    assert.match(change, /^1400–1500 bytes now answer; average RTT (7\.\d|8\.[0-5]) ms lower\.$/);
    assert.deepEqual(recorder.messages, [], 'no message when every task given is completed');
    await waitFor('the compare tab', () => compareTabs().find((t) => t.label === 'Compare 2 sweeps'));
  });

  it('refuses a task that is not completed, named in the message, and fewer than two completed', async () => {
    assert.equal(await compare([keys.before, keys.running]), undefined);
    assert.equal(recorder.messages.length, 1, JSON.stringify(recorder.messages.map((m) => m.text)));
    const [refusal] = recorder.messages;
    assert.equal(refusal.severity, 'warning');
    assert.match(refusal.text, /^Ping Sweep: Compare Results needs two or more completed sweeps; only one was given;/);
    assert.match(
      refusal.text,
      new RegExp(`left out, not completed: ${SERIAL} · ${keys.running.split('/')[1].slice(0, 8)}… \\(RUNNING \\d+%\\)`),
    );

    recorder.messages.splice(0);
    assert.equal(await compare(keys.before), undefined, 'a single task from the tree');
    assert.equal(await compare(['CNNOSUCH01/00000000-0000-4000-8000-000000000000', 42]), undefined);
    assert.equal(recorder.messages.length, 2);
    assert.match(recorder.messages[0].text, /needs two or more completed sweeps; only one was given\.$/);
    assert.match(
      recorder.messages[1].text,
      /none was given; left out, not completed: "CNNOSUCH01\/0+-.*" \(not tracked\)/,
    );
    await sleep(200);
    assert.deepEqual(compareTabs(), [], 'nothing opened');
  });

  it('from the tree: the selected tasks, those not completed left out and named once', async () => {
    // VS Code passes the clicked item and every selected one.
    const state = await compare(keys.running, [keys.running, keys.before, keys.third]);
    assert.equal(state?.kind === 'comparison' && state.comparison.columns.length, 2);
    assert.equal(recorder.messages.length, 1);
    assert.match(recorder.messages[0].text, /^Ping Sweep: compared 2 sweeps; left out, not completed: .*RUNNING/);
  });

  it('from the palette: a many-pick of the completed tasks only; fewer than two picked is refused', async () => {
    const pick = answerPick<vscode.QuickPickItem & { key: string }>((items) =>
      items.filter((i) => i.key === keys.before || i.key === keys.third),
    );
    try {
      const state = await compare();
      assert.equal(pick.shown.length, 1);
      const { items, options } = pick.shown[0];
      assert.equal((options as vscode.QuickPickOptions & { canPickMany?: boolean }).canPickMany, true);
      const ours = items.filter((i) => i.key.startsWith(`${SERIAL}/`));
      assert.deepEqual(ours.map((i) => i.key).sort(), [keys.before, keys.after, keys.third].sort(), 'completed only');
      assert.ok(ours.every((i) => i.label === DESTINATION && i.description?.startsWith(`${SERIAL} · `)));
      assert.ok(state?.kind === 'comparison');
      assert.deepEqual(
        state.comparison.columns.map((c) => c.key),
        [keys.before, keys.third],
      );
    } finally {
      pick.restore();
    }
    const one = answerPick<vscode.QuickPickItem & { key: string }>((items) => items.slice(0, 1));
    try {
      assert.equal(await compare(), undefined);
      assert.match(recorder.messages.at(-1)?.text ?? '', /needs two or more completed sweeps; only one was given\.$/);
    } finally {
      one.restore();
    }
  });

  it('follows its tasks: a removed one leaves the view, below two the view says why', async () => {
    const state = await compare([keys.before, keys.after, keys.third]);
    assert.equal(state?.title, 'Compare 3 sweeps');
    await waitFor('the compare tab', () => compareTabs().find((t) => t.label === 'Compare 3 sweeps'));
    await vscode.commands.executeCommand('pingSweep.removeTask', keys.third);
    await waitFor('the view to drop the removed task', () => compareTabs().find((t) => t.label === 'Compare 2 sweeps'));
    await vscode.commands.executeCommand('pingSweep.removeTask', keys.after);
    await waitFor('the view to say there is nothing to compare', () =>
      compareTabs().find((t) => t.label === 'Compare Results'),
    );
    assert.equal(compareTabs().length, 1, 'one view, repainted in place');
    // Tracked again, the task comes back into the same view.
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, keys.after.split('/')[1]);
    await waitFor('the view to take the task back', () => compareTabs().find((t) => t.label === 'Compare 2 sweeps'));
    keys.third = await track(keys.third.split('/')[1]);
  });
});
