// Task groups (investigations, fleets) over globalState shared the way VS Code shares it between windows:
// one window drives a group, another takes over when its lease runs out, removals and damaged entries hold,
// and the tree and status bar show a group as one item over its tasks.
import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { systemClock } from '../../src/core/clock';
import type { TrackedTask } from '../../src/core/task';
import { Groups, groupElement } from '../../src/editor/groups/groups';
import type { GroupKindHandler, GroupRecord } from '../../src/editor/groups/types';
import { FleetGroups } from '../../src/editor/fleet/fleetGroup';
import { InvestigationDriver } from '../../src/editor/investigations/driver';
import type { Services } from '../../src/editor/services';
import { SharedTaskState } from '../../src/editor/tasks/sharedTasks';
import { StatusBar } from '../../src/editor/ui/statusBar';
import { TaskTreeProvider } from '../../src/editor/ui/tree';
import { waitFor } from './helpers';
import { LineLogger, SharedState } from './harness';

const LEASE_MS = 300;

interface TestState {
  keys: string[];
  done: boolean;
  steps: number;
}

/** A kind whose drive counts what it is given and stops when asked; finished once `done`. */
class CountingKind implements GroupKindHandler {
  readonly driven: Array<{ id: string; steps: number }> = [];
  live = 0;
  members = (r: GroupRecord) => (r.state as TestState).keys;
  finished = (r: GroupRecord) => (r.state as TestState).done;
  item = (r: GroupRecord) => ({
    label: `Group ${r.id}`,
    description: `${(r.state as TestState).steps} steps`,
    tooltip: 'a test group',
    icon: 'pulse',
    contextValue: 'group.test',
  });
  progress = (r: GroupRecord) => ({ running: !(r.state as TestState).done, percent: 50, line: `group ${r.id}` });
  drive(record: GroupRecord): vscode.Disposable {
    this.driven.push({ id: record.id, steps: (record.state as TestState).steps });
    this.live++;
    return { dispose: () => this.live-- };
  }
}

function task(n: number, state: TrackedTask['state'] = 'RUNNING'): TrackedTask {
  const taskId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    serial: 'CNGROUP001',
    taskId,
    baseUrl: 'http://127.0.0.1:1',
    state,
    progressPercent: 20,
    addedAt: n,
    updatedAt: n,
  };
}
const keyOf = (n: number) => `CNGROUP001/${task(n).taskId}`;

function window(shared: SharedState) {
  const log = new LineLogger();
  const tasks = new SharedTaskState(shared.window(), log, shared.results());
  const kind = new CountingKind();
  const groups = new Groups(shared.window(), tasks.store, log, systemClock, LEASE_MS);
  groups.register('fleet', kind);
  return { tasks, groups, kind, log, dispose: () => (groups.dispose(), tasks.dispose()) };
}

describe('Task groups', function () {
  this.timeout(20_000);

  it('are driven in one window; another takes over, from the stored state, when that window closes', async () => {
    const shared = new SharedState(20);
    const a = window(shared);
    const b = window(shared);
    a.groups.start();
    a.groups.create('fleet', 'g1', { keys: [], done: false, steps: 0 });
    a.groups.update('g1', { keys: [], done: false, steps: 3 });
    await shared.settled();
    b.groups.start();
    b.groups.reload();
    assert.equal(b.groups.get('g1')?.kind, 'fleet', 'the other window knows the group');
    await new Promise((r) => setTimeout(r, LEASE_MS));
    assert.deepEqual(b.kind.driven, [], 'not driven twice while the first window holds the lease');
    a.dispose();
    await waitFor('the other window to take over', () => b.kind.driven.length === 1, 5_000);
    assert.deepEqual(b.kind.driven, [{ id: 'g1', steps: 3 }], 'resumed from what the first window stored');
    b.dispose();
    assert.equal(b.kind.live, 0, 'closing the window stops driving');
  });

  it('stops driving a finished group, and never drives one restored finished', async () => {
    const shared = new SharedState(10);
    const a = window(shared);
    a.groups.start();
    a.groups.create('fleet', 'g2', { keys: [], done: false, steps: 0 });
    assert.equal(a.kind.live, 1);
    a.groups.update('g2', { keys: [], done: true, steps: 1 });
    await waitFor('the drive to stop', () => a.kind.live === 0, 2_000);
    await shared.settled();
    const b = window(shared);
    b.groups.start();
    assert.equal(b.kind.driven.length, 0);
    a.dispose();
    b.dispose();
  });

  it('a removal reaches the other window, and damaged entries are ignored, not a crash', async () => {
    const shared = new SharedState(10);
    const a = window(shared);
    const b = window(shared);
    a.groups.create('fleet', 'g3', { keys: [], done: true, steps: 0 });
    await shared.settled();
    b.groups.reload();
    assert.ok(b.groups.get('g3'));
    a.groups.remove('g3');
    await shared.settled();
    const w = shared.window();
    await w.update('pingSweep.group:bad', { id: 'other', kind: 'fleet', addedAt: 1, updatedAt: 1, state: {} });
    await w.update('pingSweep.group:odd', 'x'.repeat(100_000));
    await w.update('pingSweep.group:kind', { id: 'kind', kind: 'nope', addedAt: 1, updatedAt: 1, state: {} });
    await shared.settled();
    b.groups.reload();
    assert.equal(b.groups.get('g3'), undefined, 'the removed group is gone in the other window');
    assert.deepEqual(
      b.groups.all().map((g) => g.id),
      [],
      'no damaged entry became a group',
    );
    a.dispose();
    b.dispose();
  });

  it('show as one tree item over their tasks, and as one running item in the status bar', async () => {
    const shared = new SharedState(10);
    const a = window(shared);
    [1, 2, 3].forEach((n) => a.tasks.store.upsert(task(n)));
    a.groups.create('fleet', 'g4', { keys: [keyOf(1), keyOf(2), keyOf(9)], done: false, steps: 2 });
    const tree = new TaskTreeProvider(a.tasks.store, a.groups);
    assert.deepEqual(tree.getChildren(), [groupElement('g4'), keyOf(3)], 'the group first, then the task of no group');
    assert.deepEqual(tree.getChildren(groupElement('g4')), [keyOf(1), keyOf(2)], 'members that are tracked');
    assert.equal(tree.getParent(keyOf(1)), groupElement('g4'));
    assert.equal(tree.getParent(keyOf(3)), undefined);
    const item = tree.getTreeItem(groupElement('g4'));
    assert.equal(item.label, 'Group g4');
    assert.equal(item.description, '2 steps');
    assert.equal(item.contextValue, 'group.test');
    const bar = new StatusBar(a.tasks.store, a.groups);
    const text = () => (bar as unknown as { item: vscode.StatusBarItem }).item.text;
    assert.match(text(), /Ping Sweep 2 running · 35%/, 'the group (50%) and the ungrouped task (20%): two items');
    bar.dispose();
    tree.dispose();
    a.dispose();
  });

  it('label the tasks under a fleet by gateway, and the stages under an investigation by stage', () => {
    const shared = new SharedState(10);
    const log = new LineLogger();
    const tasks = new SharedTaskState(shared.window(), log, shared.results());
    const groups = new Groups(shared.window(), tasks.store, log, systemClock, LEASE_MS);
    // Rendering needs nothing of the services (only driving does, and nothing is driven here).
    const services = {} as Services;
    groups.register('fleet', new FleetGroups(services));
    groups.register('investigation', new InvestigationDriver(services, groups));
    const serials = ['CNFLEET001', 'CNFLEET002', 'CNFLEET003'];
    const fleetTasks = serials.map((serial, i) => ({ ...task(10 + i, 'RUNNING'), serial, destination: '10.1.1.1' }));
    fleetTasks.forEach((t) => tasks.store.upsert(t));
    const started = fleetTasks.map((t) => ({
      serial: t.serial,
      status: 'started',
      taskKey: `${t.serial}/${t.taskId}`,
      version: 'v1',
      startTime: null,
    }));
    const params = { destination: '10.1.1.1', startPacketSize: 1400, endPacketSize: 1500, sweepInterval: 50, count: 2 };
    groups.create('fleet', 'fleet-1', { version: 1, id: 'fleet-1', createdAt: 1, params, entries: started });
    const stage1 = { ...task(20, 'COMPLETED'), serial: 'CNMTU00001', destination: '10.2.2.2' };
    const stage2 = { ...task(21, 'RUNNING'), serial: 'CNMTU00001', destination: '10.2.2.2' };
    [stage1, stage2].forEach((t) => tasks.store.upsert(t));
    const stage = (plan: object, key: string, status: string, sizes?: object[]) => ({
      purpose: 'coarse',
      plan,
      why: 'w',
      status,
      task: key,
      startedAt: 1,
      ...(sizes ? { sizes } : {}),
    });
    groups.create('investigation', 'pmtu-1', {
      version: 1,
      id: 'pmtu-1',
      serial: 'CNMTU00001',
      destination: '10.2.2.2',
      start: 576,
      end: 1500,
      cycles: 1,
      phase: 'running',
      stages: [
        stage(
          { startPacketSize: 576, endPacketSize: 1500, sweepInterval: 10, count: 1 },
          `CNMTU00001/${stage1.taskId}`,
          'completed',
          [1396, 1406].map((size) => ({ size, sent: 1, answered: size < 1400 ? 1 : 0, timedOut: size < 1400 ? 0 : 1 })),
        ),
        stage(
          { startPacketSize: 1400, endPacketSize: 1500, sweepInterval: 1, count: 1 },
          `CNMTU00001/${stage2.taskId}`,
          'running',
        ),
      ],
      createdAt: 1,
      updatedAt: 1,
    });
    const tree = new TaskTreeProvider(tasks.store, groups);
    const fleetChildren = tree.getChildren(groupElement('fleet-1'));
    assert.equal(fleetChildren.length, 3, 'every started gateway is a child');
    const rows = fleetChildren.map((k) => tree.getTreeItem(k));
    assert.deepEqual(
      rows.map((r) => r.label),
      serials,
      'each row says its gateway, not the shared destination',
    );
    assert.ok(
      rows.every((r) => r.description === 'RUNNING 20%'),
      `the status stays the description: ${rows[0].description}`,
    );
    const stages = tree.getChildren(groupElement('pmtu-1')).map((k) => tree.getTreeItem(k).label);
    assert.deepEqual(stages, ['stage 1 · 576–1500', 'stage 2 · 1400–1500']);
    tasks.store.upsert({ ...task(30), serial: 'CNALONE001', destination: '10.3.3.3' });
    assert.equal(
      tree.getTreeItem(`CNALONE001/${task(30).taskId}`).label,
      '10.3.3.3',
      'a task of no group keeps its destination',
    );
    tree.dispose();
    groups.dispose();
    tasks.dispose();
  });
});
