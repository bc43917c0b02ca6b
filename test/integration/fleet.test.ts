import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSimulator, Simulator } from '../simulator/server';
import { conclusionOf } from '../../src/core/pathMtu';
import type { PingSweepApi } from '../../src/extension';
import { TOKEN, api, configure, setBaseUrl, sleep, waitFor } from './helpers';
import { activateFresh, recordMessages, type ShownMessage } from './harness';

/** Fleet sweeps in the real extension host, against the simulator over loopback. */

const PARAMS = { destination: '10.77.0.1', startPacketSize: 1400, endPacketSize: 1500, sweepInterval: 50, count: 2 };
const MINUTE = 60_000;

interface StoredEntry {
  serial: string;
  status: string;
  taskKey?: string;
  refusal?: { kind: string; message: string };
}

function context(a: PingSweepApi): vscode.ExtensionContext {
  assert.ok(a.testing, 'the testing hooks exist under the test runner');
  return a.testing.context;
}

/** The fleet's entries as its group holds them. */
function entries(a: PingSweepApi, id: string): StoredEntry[] {
  const record = a.testing?.groups.get(id);
  return (record?.state as { entries?: StoredEntry[] } | undefined)?.entries ?? [];
}

const answered = (list: StoredEntry[]) =>
  list.length > 0 && list.every((e) => ['started', 'refused'].includes(e.status));
const fleetTabs = () =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('pingSweep.fleet'));

/** Most requests the simulator saw in any 60 s, among those at or after `from`. */
function busiestMinute(sim: Simulator, from: number): number {
  const times = sim.requests.filter((r) => r.at >= from && r.auth !== 'none').map((r) => r.at);
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + MINUTE).length));
}

describe('Fleet sweeps in a real extension host', function () {
  this.timeout(120_000);
  let sim: Simulator;
  let recorder: { messages: ShownMessage[]; restore(): void };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ping-sweep-fleet-'));

  before(async () => {
    sim = await startSimulator({
      tokens: [TOKEN],
      startScenario: { durationMs: 1500 },
      paths: {
        gateways: {
          CNFLEET0A1: { mtu: 1450 },
          CNFLEET0A2: { mtu: 1400 },
          CNFLEET0A3: { mtu: 1450 },
          CNFMTU0001: { mtu: 1400 },
          CNFMTU0002: { mtu: 1452 },
          CNFMTU0003: { mtu: 1487 },
        },
      },
    });
    sim.setGateway('CNFLEETOFF', 'offline');
    sim.setGateway('CNFLEETUNK', 'absent');
    await setBaseUrl(sim.baseUrl);
    await vscode.commands.executeCommand('pingSweep.setCredentials', { token: TOKEN });
  });

  beforeEach(() => (recorder = recordMessages()));
  afterEach(async function () {
    recorder.restore();
    if (this.currentTest?.state === 'failed') {
      const file = path.join(context(await api()).logUri.fsPath, 'Ping Sweep.log');
      console.log(fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-60).join('\n') : 'no log');
    }
  });

  after(async () => {
    await configure({ 'polling.requestsPerMinute': undefined });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sweeps the valid serials of a pasted list once each, names the refused ones once, and exports the table', async () => {
    const a = await api();
    const pasted = ['CNFLEET0A1', 'cnfleet0a2', 'CNFLEET0A1', 'CN-BAD', 'CNFLEETOFF', 'CNFLEET0A3', 'CNFLEETUNK', 'x'];
    const id = await vscode.commands.executeCommand<string>('pingSweep.startSweepOnGateways', pasted, PARAMS);
    assert.ok(id, 'the command resolves to the fleet id');
    // The list's own problems come at once, in one message that names each refused entry.
    const listMessage = recorder.messages.find((m) => /gateway list/.test(m.text));
    assert.ok(listMessage, JSON.stringify(recorder.messages));
    assert.match(listMessage.text, /5 gateways; 1 duplicate dropped; 2 refused: "CN-BAD" contains "-".*"x" too short/);
    await waitFor('the fleet page to open', () => fleetTabs().length === 1);

    await waitFor('every start to be answered', () => answered(entries(a, id)), 30_000);
    const fleet = entries(a, id);
    assert.deepEqual(
      fleet.map((e) => [e.serial, e.status, e.refusal?.kind]),
      [
        ['CNFLEET0A1', 'started', undefined],
        ['CNFLEET0A2', 'started', undefined],
        ['CNFLEETOFF', 'refused', 'offline'],
        ['CNFLEET0A3', 'started', undefined],
        ['CNFLEETUNK', 'refused', 'unknown'],
      ],
    );
    for (const serial of ['CNFLEET0A1', 'CNFLEET0A2', 'CNFLEET0A3']) assert.equal(sim.taskIds(serial).length, 1);
    // The group's members (its children in the tree) are the tracked tasks of the started gateways.
    const tracked = new Set(a.tasks().map((t) => `${t.serial}/${t.taskId}`));
    const members = a.testing!.groups.members(id);
    assert.deepEqual(
      members,
      fleet.flatMap((e) => (e.status === 'started' ? [e.taskKey] : [])),
    );
    assert.equal(members.length, 3);
    for (const key of members) assert.ok(tracked.has(key), key);

    const summary = await waitFor('one summary message', () =>
      recorder.messages.find((m) => /Ping sweep to 10\.77\.0\.1 on 5 gateways/.test(m.text)),
    );
    assert.equal(summary.severity, 'warning');
    assert.match(
      summary.text,
      /Started 3 of 5; 1 offline, 1 unknown\. Not started: CNFLEETOFF \(offline\), CNFLEETUNK \(unknown\)/,
    );
    assert.deepEqual(summary.items, ['Show Details']);
    const named = (serial: string) => recorder.messages.filter((m) => m.text.includes(serial)).length;
    assert.deepEqual([named('CNFLEETOFF'), named('CNFLEETUNK')], [1, 1], 'each refused gateway is named once');
    summary.pick('Show Details');
    const details = await waitFor('the details document', () => vscode.window.activeTextEditor?.document);
    assert.equal(details.uri.scheme, 'pingsweep-fleet');
    assert.match(details.getText(), /Offline or busy \(409\): 1\n {2}CNFLEETOFF: /);
    assert.match(details.getText(), /Unknown to this Central account \(404\): 1\n {2}CNFLEETUNK: /);

    await waitFor('the sweeps to complete', () =>
      fleet.every(
        (e) =>
          e.status !== 'started' ||
          a.tasks().find((t) => `${t.serial}/${t.taskId}` === e.taskKey)?.state === 'COMPLETED',
      ),
    );
    const target = path.join(dir, 'fleet.csv');
    const written = await vscode.commands.executeCommand<vscode.Uri>('pingSweep.exportResult', `group:${id}`, target);
    assert.equal(written?.fsPath, target);
    const rows = fs
      .readFileSync(target, 'utf8')
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    assert.deepEqual(rows[0].slice(0, 3), ['serial', 'status', 'largestAlwaysAnswered']);
    // Each gateway's own path MTU shows as the largest size that always answered.
    assert.deepEqual(
      rows.slice(1).map((r) => r.slice(0, 3)),
      [
        ['CNFLEET0A1', 'COMPLETED', '1450'],
        ['CNFLEET0A2', 'COMPLETED', '1400'],
        ['CNFLEETOFF', 'REFUSED', ''],
        ['CNFLEET0A3', 'COMPLETED', '1450'],
        ['CNFLEETUNK', 'REFUSED', ''],
      ],
    );
    // The one that differs from the majority is marked.
    assert.equal(rows[2][6], 'true');
  });

  it('opens the fleet page from its group element, once', async () => {
    const a = await api();
    const id = await vscode.commands.executeCommand<string>('pingSweep.startSweepOnGateways', ['CNFLEETP01'], PARAMS);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the fleet tab to close', () => fleetTabs().length === 0);
    assert.equal(await vscode.commands.executeCommand('pingSweep.openResult', `group:${id}`), id);
    assert.equal(await vscode.commands.executeCommand('pingSweep.openResult', `group:${id}`), id);
    await waitFor('one fleet tab', () => fleetTabs().length === 1);
    await sleep(300);
    assert.equal(fleetTabs().length, 1);
    assert.match(fleetTabs()[0].label, /^10\.77\.0\.1 on 1 gateway$/);
    await waitFor('the start to be answered', () => answered(entries(a, id!)));
  });

  it('keeps starts and polls together inside the requests-per-minute budget', async () => {
    const a = await api();
    const rpm = 12;
    await configure({ 'polling.requestsPerMinute': rpm });
    await sleep(500);
    const from = Date.now();
    const serials = Array.from({ length: 6 }, (_, i) => `CNFLEETB${i}0`);
    const id = await vscode.commands.executeCommand<string>('pingSweep.startSweepOnGateways', serials, PARAMS);
    await waitFor('every start to be answered', () => answered(entries(a, id!)), 60_000);
    // Keep polling a while: the sweeps still run after the last start.
    await sleep(5_000);
    const starts = sim.requests.filter((r) => r.at >= from && r.method === 'POST').length;
    const polls = sim.requests.filter((r) => r.at >= from && r.method === 'GET').length;
    assert.equal(starts, 6);
    assert.ok(polls > 0, 'polls go on while the fleet starts');
    assert.ok(busiestMinute(sim, from) <= rpm, `${busiestMinute(sim, from)} requests in one minute, budget ${rpm}`);
    await configure({ 'polling.requestsPerMinute': undefined });
  });

  it('finds the path MTU on each gateway: its own boundary each, the offline gateway named once', async () => {
    const a = await api();
    const rpm = 120;
    await configure({ 'polling.requestsPerMinute': rpm });
    await sleep(500);
    const from = Date.now();
    const serials = ['CNFMTU0001', 'CNFMTU0002', 'CNFLEETOFF', 'CNFMTU0003'];
    const question = { destination: '10.77.0.9', start: 1300, end: 1500, cycles: 1 };
    const ids = await vscode.commands.executeCommand<string[]>('pingSweep.startSweepOnGateways', serials, question, {
      pathMtu: true,
    });
    assert.ok(Array.isArray(ids) && ids.length === 4, `one investigation per gateway: ${JSON.stringify(ids)}`);
    const summary = await waitFor('one summary message', () =>
      recorder.messages.find((m) => /Find Path MTU to 10\.77\.0\.9 on 4 gateways/.test(m.text)),
    );
    assert.equal(summary.severity, 'warning');
    assert.match(summary.text, /3 started\. Not started: CNFLEETOFF \(conflict\)/);
    type Run = { serial: string; phase: string; stages: Array<{ sizes?: Array<{ size: number; received: number }> }> };
    const runs = () => ids.map((id) => a.testing!.groups.get(id)?.state as Run);
    const done = await waitFor(
      'three investigations to conclude',
      () => (runs().filter((r) => r.phase === 'done').length === 3 ? runs() : undefined),
      90_000,
    );
    const found = Object.fromEntries(
      done.map((r) => [
        r.serial,
        r.phase === 'done' ? (conclusionOf(r as never) as { largest?: number } | undefined)?.largest : r.phase,
      ]),
    );
    assert.deepEqual(found, { CNFMTU0001: 1400, CNFMTU0002: 1452, CNFLEETOFF: 'paused', CNFMTU0003: 1487 });
    assert.equal(recorder.messages.filter((m) => /CNFLEETOFF/.test(m.text)).length, 1, 'the refused gateway, once');
    const pages = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => /Path MTU/.test(t.label));
    assert.equal(pages.length, 0, 'no page per gateway: the tree shows them');
    assert.ok(busiestMinute(sim, from) <= rpm, `${busiestMinute(sim, from)} requests in one minute, budget ${rpm}`);
    await configure({ 'polling.requestsPerMinute': undefined });
  });

  it('resumes the starts after a window reload, never starting a gateway twice', async () => {
    let a = await api();
    await configure({ 'polling.requestsPerMinute': 30 });
    await sleep(500);
    const serials = Array.from({ length: 9 }, (_, i) => `CNFLEETR${i}0`);
    const id = await vscode.commands.executeCommand<string>('pingSweep.startSweepOnGateways', serials, PARAMS);
    await waitFor('a first start', () => entries(a, id!).some((e) => e.status === 'started'));
    const before = entries(a, id!);
    assert.ok(
      before.some((e) => e.status === 'waiting'),
      'some starts still wait at the reload',
    );
    a = (await activateFresh()).api;
    await waitFor('every start to be answered after the reload', () => answered(entries(a, id!)), 60_000);
    const after = entries(a, id!);
    assert.ok(after.filter((e) => e.status === 'started').length > before.filter((e) => e.status === 'started').length);
    for (const e of after) {
      assert.ok(sim.taskIds(e.serial).length <= 1, `${e.serial} started once at most`);
      if (e.status === 'refused') assert.equal(e.refusal?.kind, 'interrupted', `${e.serial} was refused`);
    }
    await configure({ 'polling.requestsPerMinute': undefined });
  });
});
