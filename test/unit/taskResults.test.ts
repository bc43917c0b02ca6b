import { strict as assert } from 'node:assert';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SweepOutput } from '../../src/core/schemas';
import { resultFileName } from '../../src/core/storage/fileNames';
import { ResultFiles } from '../../src/core/storage/resultFiles';
import type { TrackedTask } from '../../src/core/task';
import { LazyResults } from '../../src/editor/tasks/lazyResults';
import { readStored, toStored } from '../../src/editor/tasks/storedTask';
import { ResultsHost, TaskResults } from '../../src/editor/tasks/taskResults';
import { LineLogger } from './helpers/lineLogger';
import { sweepOutput } from './helpers/outputs';

const KEY = 'CN12345678/c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e';
const OTHER = 'CN87654321/0f9a3b2c-1d0e-4b7c-8d1e-c7a3f2d1e8a9';

function completed(key: string, extra: Partial<TrackedTask> = {}): TrackedTask {
  const [serial, taskId] = key.split('/');
  return {
    serial,
    taskId,
    baseUrl: 'https://central.example',
    state: 'COMPLETED',
    progressPercent: 100,
    addedAt: 1_700_000_000_000,
    updatedAt: 1_700_000_060_000,
    ...extra,
  };
}

/** A store of tasks as the results see it, recording what they tell it. */
class FakeHost implements ResultsHost {
  readonly tasks = new Map<string, TrackedTask>();
  readonly fills: Array<Map<string, SweepOutput>> = [];
  readonly lost: Array<{ key: string; reason: string }> = [];
  readonly migrated: string[] = [];
  readonly unstorable: Array<{ key: string; reason: string }> = [];
  task(key: string): TrackedTask | undefined {
    return this.tasks.get(key);
  }
  keys(): string[] {
    return [...this.tasks.keys()];
  }
  fill(outputs: ReadonlyMap<string, SweepOutput>): void {
    this.fills.push(new Map(outputs));
    outputs.forEach((output, key) => this.tasks.set(key, { ...this.tasks.get(key)!, output }));
  }
  lose(key: string, reason: string): void {
    this.lost.push({ key, reason });
  }
  migrate(key: string): void {
    this.migrated.push(key);
  }
  cannotStore(key: string, reason: string): void {
    this.unstorable.push({ key, reason });
  }
}

describe('task results kept as files', () => {
  let root: string;
  let folder: string;
  let host: FakeHost;
  let log: LineLogger;
  let results: TaskResults;

  const fileOf = (key: string) => path.join(folder, resultFileName(key)!);
  const put = async (key: string, text: string) => {
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(fileOf(key), text);
  };
  const exists = (file: string) =>
    fs.stat(file).then(
      () => true,
      () => false,
    );

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ps-task-results-'));
    folder = path.join(root, 'results');
    host = new FakeHost();
    log = new LineLogger();
    results = new TaskResults(new ResultFiles(folder, { maxBytes: 64 * 1024 }), host, log, { retryMissingMs: 20 });
  });
  afterEach(async () => {
    results.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('stores a task without its result in globalState, marked as kept in a file', () => {
    const output = sweepOutput();
    const stored = JSON.parse(JSON.stringify(toStored(completed(KEY, { output }))));
    assert.equal(stored.output, undefined, 'the result is not in globalState');
    assert.equal(stored.resultStored, true);
    const back = readStored(stored);
    assert.ok(back && 'task' in back);
    assert.equal(back.task.output, undefined);
    assert.equal(back.task.resultStored, true);
    assert.equal(back.inline, undefined);
  });

  it('reads the older format with its result inline, and says it is to be moved to a file', () => {
    const output = sweepOutput();
    const back = readStored({ ...completed(KEY), format: 1, output });
    assert.ok(back && 'task' in back);
    assert.deepEqual(back.task.output, output);
    assert.equal(back.inline, true);
  });

  it('loads every stored result in one go, only once started, and fills them with one change', async () => {
    const a = sweepOutput({ mtu: 1450 });
    const b = sweepOutput({ destination: '10.2.2.2' });
    await new ResultFiles(folder).write(KEY, a);
    await new ResultFiles(folder).write(OTHER, b);
    host.tasks.set(KEY, completed(KEY, { resultStored: true }));
    host.tasks.set(OTHER, completed(OTHER, { resultStored: true }));
    results.want(KEY);
    results.want(OTHER);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(host.fills.length, 0, 'nothing is read before start()');
    results.start();
    await results.whenLoaded(KEY);
    await results.whenLoaded();
    assert.equal(host.fills.length, 1);
    assert.deepEqual(host.fills[0].get(KEY), a);
    assert.deepEqual(host.fills[0].get(OTHER), b);
    assert.deepEqual(host.lost, []);
  });

  it('reports a corrupt file, sets it aside, and never fills an empty result', async () => {
    host.tasks.set(KEY, completed(KEY, { resultStored: true }));
    await put(KEY, '{"format":"pingSweep.result","version":1,"key":"' + KEY + '","savedAt":1,"output":{"responses"');
    results.want(KEY);
    results.start();
    await results.whenLoaded(KEY);
    assert.equal(host.fills.flatMap((f) => [...f.keys()]).length, 0);
    assert.equal(host.lost.length, 1);
    assert.equal(host.lost[0].key, KEY);
    assert.match(host.lost[0].reason, /not JSON/);
    assert.equal(await exists(fileOf(KEY)), false, 'the corrupt file is set aside');
    assert.equal(await exists(`${fileOf(KEY)}.corrupt`), true);
  });

  it('reports a missing file after one more look (another window may be writing it)', async () => {
    host.tasks.set(KEY, completed(KEY, { resultStored: true }));
    results.want(KEY);
    results.start();
    await results.whenLoaded(KEY);
    assert.deepEqual(
      host.lost.map((l) => l.key),
      [KEY],
    );
    assert.match(host.lost[0].reason, /no result file/);
  });

  it('takes a file that appears between the two looks', async () => {
    host.tasks.set(KEY, completed(KEY, { resultStored: true }));
    results.want(KEY);
    results.start();
    await new Promise((r) => setTimeout(r, 5));
    const output = sweepOutput();
    await new ResultFiles(folder).write(KEY, output);
    await results.whenLoaded(KEY);
    assert.deepEqual(host.lost, []);
    assert.deepEqual(host.tasks.get(KEY)?.output, output);
  });

  it('moves an inline result to its file, and only then lets globalState drop it', async () => {
    const output = sweepOutput();
    host.tasks.set(KEY, completed(KEY, { output }));
    results.migrate(KEY);
    assert.equal(results.keepsInline(KEY), true);
    assert.deepEqual(host.migrated, [], 'nothing moves before start()');
    results.start();
    await results.whenLoaded();
    await results.idle();
    assert.deepEqual(host.migrated, [KEY]);
    assert.equal(results.keepsInline(KEY), false);
    const read = await new ResultFiles(folder).read(KEY);
    assert.equal(read.kind, 'ok');
    assert.deepEqual(read.kind === 'ok' && read.output, output);
  });

  it('keeps an inline result in globalState when its file cannot be written', async () => {
    const huge = sweepOutput({ sizes: Array.from({ length: 2000 }, (_, i) => i + 1), cycles: 5 });
    host.tasks.set(KEY, completed(KEY, { output: huge }));
    results.migrate(KEY);
    results.start();
    await results.idle();
    assert.deepEqual(host.migrated, []);
    assert.equal(results.keepsInline(KEY), true, 'the result stays inline in globalState');
    assert.match(log.lines.join('\n'), /at most 65536/);
  });

  it('writes a result a poll brought once, and refuses one over the cap in words, without a crash', async () => {
    const output = sweepOutput();
    results.saved(KEY, completed(KEY, { output }));
    results.saved(KEY, completed(KEY, { output, progressPercent: 100 }));
    await results.idle();
    assert.equal((await new ResultFiles(folder).read(KEY)).kind, 'ok');
    const huge = sweepOutput({ sizes: Array.from({ length: 3000 }, (_, i) => i + 1), cycles: 3 });
    results.saved(OTHER, completed(OTHER, { output: huge }));
    await results.idle();
    assert.equal(host.unstorable.length, 1);
    assert.equal(host.unstorable[0].key, OTHER);
    assert.equal((await new ResultFiles(folder).read(OTHER)).kind, 'missing');
  });

  it('reports odd JSON in a result file by what is wrong, for each kind', async () => {
    const odd = [
      'null',
      '[]',
      '"text"',
      JSON.stringify({ format: 'pingSweep.result', version: 1, key: KEY, savedAt: 1, output: { responses: 'x' } }),
      JSON.stringify({ format: 'pingSweep.result', version: 1, key: OTHER, savedAt: 1, output: sweepOutput() }),
      '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
    ];
    for (const text of odd) {
      host.lost.length = 0;
      host.tasks.set(KEY, completed(KEY, { resultStored: true }));
      await put(KEY, text);
      results.want(KEY);
      results.start();
      await results.whenLoaded(KEY);
      assert.equal(host.lost.length, 1, text.slice(0, 60));
      assert.equal(host.tasks.get(KEY)?.output, undefined);
    }
  });

  it('refuses a file over the cap without reading it whole', async () => {
    host.tasks.set(KEY, completed(KEY, { resultStored: true }));
    await put(KEY, 'x'.repeat(5 * 1024 * 1024));
    results.want(KEY);
    results.start();
    await results.whenLoaded(KEY);
    assert.equal(host.lost.length, 1);
    assert.equal(host.tasks.get(KEY)?.output, undefined);
  });

  it('deletes the file of a removed task, and sweeps files no task owns once they are old', async () => {
    const output = sweepOutput();
    await new ResultFiles(folder).write(KEY, output);
    await new ResultFiles(folder).write(OTHER, output);
    results.removed(KEY);
    await results.idle();
    assert.equal(await exists(fileOf(KEY)), false);
    // OTHER belongs to no task here; a fresh file may be another window's new task.
    assert.equal(await results.sweepOrphans(60_000), 0);
    assert.equal(await exists(fileOf(OTHER)), true);
    const old = new Date(Date.now() - 120_000);
    await fs.utimes(fileOf(OTHER), old, old);
    assert.equal(await results.sweepOrphans(60_000), 1);
    assert.equal(await exists(fileOf(OTHER)), false);
  });

  it('never sweeps the file of a tracked task', async () => {
    await new ResultFiles(folder).write(KEY, sweepOutput());
    const old = new Date(Date.now() - 120_000);
    await fs.utimes(fileOf(KEY), old, old);
    host.tasks.set(KEY, completed(KEY, { resultStored: true }));
    assert.equal(await results.sweepOrphans(60_000), 0);
    assert.equal(await exists(fileOf(KEY)), true);
  });

  it('lets nobody wait forever for the result of a task removed before it was read', async () => {
    host.tasks.set(KEY, completed(KEY, { resultStored: true }));
    results.want(KEY);
    host.tasks.delete(KEY);
    results.removed(KEY);
    await results.whenLoaded(KEY);
    await results.whenLoaded();
  });

  it('answers whenLoaded at once for a key with nothing to load', async () => {
    let done = false;
    void results.whenLoaded('nothing/here').then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(done, true);
    assert.ok(log.lines.length >= 0);
  });
});

describe('results loaded after activation', () => {
  it('keep what the store asked before the start, in order, and hand it over at the start', async () => {
    const calls: string[] = [];
    let loads = 0;
    const real = {
      start: () => calls.push('start'),
      want: (k: string) => calls.push(`want ${k}`),
      migrate: (k: string) => calls.push(`migrate ${k}`),
      keepsInline: () => false,
      saved: (k: string) => calls.push(`saved ${k}`),
      removed: (k: string) => calls.push(`removed ${k}`),
      whenLoaded: () => Promise.resolve(),
      sweepOrphans: () => Promise.resolve(3),
      dispose: () => calls.push('dispose'),
    };
    const lazy = new LazyResults(() => (loads++, real));
    lazy.want(KEY);
    lazy.migrate(OTHER);
    assert.equal(lazy.keepsInline(OTHER), true, 'an inline result stays inline until its file is written');
    lazy.removed(KEY);
    let waited = false;
    const wait = lazy.whenLoaded(KEY).then(() => (waited = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(loads, 0, 'nothing is loaded before the start');
    assert.equal(waited, false, 'a wait lasts until the results are loaded');
    lazy.start();
    lazy.start();
    await wait;
    assert.equal(loads, 1);
    assert.deepEqual(calls, [`want ${KEY}`, `migrate ${OTHER}`, `removed ${KEY}`, 'start']);
    assert.equal(lazy.keepsInline(OTHER), false, 'the loaded results answer from now on');
    assert.equal(await lazy.sweepOrphans(0), 3);
    lazy.dispose();
    assert.equal(calls.at(-1), 'dispose');
  });

  it('let nobody wait forever when disposed before the start', async () => {
    const lazy = new LazyResults(() => {
      throw new Error('never loaded');
    });
    const wait = lazy.whenLoaded(KEY);
    lazy.dispose();
    await wait;
    lazy.start(); // after disposal: nothing to load
  });
});
