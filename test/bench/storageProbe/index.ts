// Loaded as `extensionTestsPath` by the storage bench (storageBench.ts), beside one build of the extension
// (today's, or the baseline's built from its commit): seeds 200 completed tasks of 100 replies each in the
// extension's globalState, then measures, in this real extension host, the restore after a reload, one task
// update and the heap. Uses only what every build has: its bundle, `activate()` and its testing hooks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import * as vscode from 'vscode';
import type { PingSweepApi } from '../../../src/extension';
import { ResultFiles } from '../../../src/core/storage/resultFiles';
import { sweepOutput } from '../../unit/helpers/outputs';

const EXTENSION_ID = 'pingsweep-dev.aruba-central-ping-sweep';
const PREFIX = 'pingSweep.task:';
const SERIAL = 'CNBENCH001';
const BENCH_BASE_URL = process.env.STORAGE_BENCH_BASE_URL ?? 'https://bench.central.example';

type Activate = (context: vscode.ExtensionContext) => PingSweepApi;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const taskId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** A full collection: the heap figure then counts what is held, not what awaits collection. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

/** The tasks as the versions before results moved to files stored them: each with its result inline. */
function seedEntries(tasks: number, replies: number): Record<string, unknown> {
  const entries: Record<string, unknown> = {};
  const sizes = Array.from({ length: replies / 5 }, (_, i) => 1000 + 25 * i);
  for (let i = 0; i < tasks; i++) {
    const id = taskId(i);
    entries[`${PREFIX}${SERIAL}/${id}`] = {
      format: 1,
      serial: SERIAL,
      taskId: id,
      version: 'v1',
      baseUrl: BENCH_BASE_URL,
      destination: `10.0.${i >> 8}.${i & 255}`,
      state: 'COMPLETED',
      progressPercent: 100,
      startTime: '2026-01-01T10:00:00Z',
      endTime: '2026-01-01T10:01:00Z',
      output: sweepOutput({ sizes, cycles: 5, mtu: 1400, destination: `10.0.${i >> 8}.${i & 255}` }),
      addedAt: 1_760_000_000_000 + i,
      updatedAt: 1_760_000_000_000 + i,
    };
  }
  return entries;
}

/** Every task there with its result loaded. */
function restored(api: PingSweepApi, tasks: number): boolean {
  const all = api.tasks();
  return all.length === tasks && all.every((t) => t.output !== undefined);
}

/** Every task there as its tree item shows it, its result loaded or known to be stored (`resultStored`). */
function itemsReady(api: PingSweepApi, tasks: number): boolean {
  const all = api.tasks();
  return (
    all.length === tasks && all.every((t) => t.output !== undefined || (t as { resultStored?: boolean }).resultStored)
  );
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Deactivates the running instance and activates the bundle afresh over the same state, as a reload does. */
async function reactivate(
  activate: Activate,
  base: vscode.ExtensionContext,
  old: vscode.ExtensionContext,
  tasks: number,
): Promise<{
  api: PingSweepApi;
  context: vscode.ExtensionContext;
  restoreMs: number;
  activateMs: number;
  itemsMs: number;
}> {
  old.subscriptions.splice(0).forEach((d) => d.dispose());
  await sleep(300);
  collect();
  const context = Object.create(base, { subscriptions: { value: [] } }) as vscode.ExtensionContext;
  const t0 = performance.now();
  const api = activate(context);
  const activateMs = performance.now() - t0;
  // Read at once: the store is filled by activate() itself, or never (a later fill would fire a change).
  const itemsMs = itemsReady(api, tasks) ? performance.now() - t0 : NaN;
  if (!restored(api, tasks)) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the tasks were not restored within 60 s')), 60_000);
      const sub = api.onDidChangeTasks(() => {
        if (restored(api, tasks)) {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }
      });
    });
  }
  return { api, context, restoreMs: performance.now() - t0, activateMs, itemsMs };
}

/** One task update as this build stores it: its own entry written back changed, awaited (VS Code stores it). */
async function timeUpdates(base: vscode.ExtensionContext, runs: number): Promise<number[]> {
  const key = `${PREFIX}${SERIAL}/${taskId(7)}`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const entry = base.globalState.get<Record<string, unknown>>(key)!;
    const t0 = performance.now();
    await base.globalState.update(key, { ...entry, updatedAt: Number(entry.updatedAt) + 1, lastPolledAt: Date.now() });
    times.push(performance.now() - t0);
    await sleep(50);
  }
  return times;
}

export async function run(): Promise<void> {
  const out = process.env.STORAGE_BENCH_OUT;
  const tasks = Number(process.env.STORAGE_BENCH_TASKS) || 200;
  const replies = Number(process.env.STORAGE_BENCH_REPLIES) || 100;
  const reloads = Number(process.env.STORAGE_BENCH_RELOADS) || 5;
  if (!out) throw new Error('STORAGE_BENCH_OUT names the file for the figures');
  const ext = vscode.extensions.getExtension<PingSweepApi>(EXTENSION_ID)!;
  const first = await ext.activate();
  const base = first.testing?.context;
  if (!base) throw new Error('the testing hooks are missing: not running under the test runner?');
  const activate = (require(path.join(ext.extensionPath, 'dist', 'extension.js')) as { activate: Activate }).activate;

  for (const [key, value] of Object.entries(seedEntries(tasks, replies))) void base.globalState.update(key, value);
  await base.globalState.update(`${PREFIX}seeded`, undefined);
  // The first activation over the seeded state: a build that keeps results in files moves them now.
  let current = await reactivate(activate, base, base, tasks);
  if (process.env.STORAGE_BENCH_FILES === '1') {
    const inline = (k: string) => base.globalState.get<{ output?: unknown }>(k)?.output !== undefined;
    await until(
      'every result moved to its file',
      () => !base.globalState.keys().some((k) => k.startsWith(PREFIX) && inline(k)),
    );
  }
  await sleep(2_000);
  const restores: number[] = [];
  const activations: number[] = [];
  const items: number[] = [];
  const heaps: number[] = [];
  for (let i = 0; i < reloads; i++) {
    current = await reactivate(activate, base, current.context, tasks);
    restores.push(current.restoreMs);
    activations.push(current.activateMs);
    items.push(current.itemsMs);
    await sleep(1_500);
    collect();
    heaps.push(process.memoryUsage().heapUsed);
  }
  const updates = await timeUpdates(base, 20);
  const files = new ResultFiles(path.join(path.dirname(out), 'bench-results'));
  const resultWrites: number[] = [];
  for (let i = 0; i < 20; i++) {
    const output = current.api.tasks()[i].output!;
    const t0 = performance.now();
    await files.write(`${SERIAL}/${taskId(i)}`, output);
    resultWrites.push(performance.now() - t0);
  }
  const entryBytes = base.globalState
    .keys()
    .filter((k) => k.startsWith(PREFIX))
    .reduce((n, k) => n + JSON.stringify(base.globalState.get(k)).length, 0);
  const figures = {
    tasks,
    replies,
    reloads,
    restoreMs: median(restores),
    restoreRuns: restores,
    activateMs: median(activations),
    itemsMs: median(items),
    updateMs: median(updates),
    updateRuns: updates,
    resultFileWriteMs: median(resultWrites),
    heapUsedBytes: median(heaps),
    heapRuns: heaps,
    globalStateBytes: entryBytes,
    resultFilesIn: fs.existsSync(path.join(base.globalStorageUri.fsPath, 'results'))
      ? fs.readdirSync(path.join(base.globalStorageUri.fsPath, 'results')).length
      : 0,
  };
  fs.writeFileSync(out, JSON.stringify(figures));
  current.context.subscriptions.splice(0).forEach((d) => d.dispose());
}
