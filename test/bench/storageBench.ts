/**
 * Storage: 200 tracked tasks of 100 replies each, in a real extension host (the offline host), for the
 * baseline (the commit before results moved to files, built here from `git archive` into a temporary folder)
 * and for this tree, one after the other on the same machine in the same run. For each build the probe
 * (storageProbe/) seeds the tasks as the baseline stored them, lets the build load them once (today's moves
 * the results to files then), and measures:
 *  - restore, after a deactivation, as a window reload does (median of the reloads): from `activate()` called
 *    over the stored state to every tree item there as it shows (state, and a result loaded or known stored:
 *    its Open Result and Export), and to every result loaded;
 *  - one task update: one task's globalState entry written back, awaited (VS Code stores the extension's whole
 *    state object at each write); today's build also writes a result file when the update brings a result;
 *  - heap used in the extension host after a full collection, with the tasks restored.
 *
 *   node out/test/bench/storageBench.js     (after `npm run build` and `npm run compile-tests`)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './weight';

/** The cluster of the seeded tasks, set as the profile's: no task is taken for one of another cluster. */
const BENCH_BASE_URL = 'https://bench.central.example';

/** main as it was when results moved out of globalState: results inline in every task's entry. */
export const STORAGE_BASELINE = 'f3105e7cd9f5766a8855ad4d54740d2cce7922cd';

export interface StorageFigures {
  tasks: number;
  replies: number;
  reloads: number;
  restoreMs: number;
  restoreRuns: number[];
  activateMs: number;
  itemsMs: number;
  updateMs: number;
  updateRuns: number[];
  resultFileWriteMs: number;
  heapUsedBytes: number;
  heapRuns: number[];
  globalStateBytes: number;
  resultFilesIn: number;
}

export interface StorageBench {
  baselineCommit: string;
  baseline: StorageFigures;
  now: StorageFigures;
}

function run(cmd: string, args: string[], cwd: string, what: string): void {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  if (res.status !== 0) {
    throw new Error(`${what} failed (${res.status ?? res.signal}): ${(res.stderr || res.stdout || '').slice(-1500)}`);
  }
}

/** The baseline's source from git, built with this tree's node_modules (same lock file) into `dir`. */
function buildBaseline(dir: string): void {
  run('git', ['cat-file', '-e', `${STORAGE_BASELINE}^{commit}`], ROOT, `finding commit ${STORAGE_BASELINE}`);
  const tar = path.join(dir, '..', 'baseline.tar');
  run('git', ['archive', '--format=tar', '-o', tar, STORAGE_BASELINE], ROOT, 'git archive of the baseline');
  run('tar', ['-xf', tar, '-C', dir], dir, 'unpacking the baseline');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  run(process.execPath, ['esbuild.js', '--production'], dir, 'building the baseline');
}

/** Runs the probe in a fresh offline host beside the extension in `extension`; returns its figures. */
function probe(extension: string, files: boolean, work: string, reloads: number): StorageFigures {
  const out = path.join(work, `figures-${files ? 'now' : 'baseline'}.json`);
  const res = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'test', 'host', 'runIntegration.js'),
      ...['--extension', extension, '--tests', path.join(ROOT, 'out', 'test', 'bench', 'storageProbe')],
      ...['--setting', `pingSweep.baseUrl=${JSON.stringify(BENCH_BASE_URL)}`, '--timeout', '600'],
      ...['--env', `STORAGE_BENCH_OUT=${out}`, '--env', `STORAGE_BENCH_FILES=${files ? 1 : 0}`],
      ...['--env', `STORAGE_BENCH_RELOADS=${reloads}`, '--env', `STORAGE_BENCH_BASE_URL=${BENCH_BASE_URL}`],
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 700_000, env: { ...process.env, FORCE_COLOR: '0' } },
  );
  if (res.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`the storage probe failed (${res.status ?? res.signal}):\n${(res.stdout ?? '').slice(-3000)}`);
  }
  return JSON.parse(fs.readFileSync(out, 'utf8')) as StorageFigures;
}

export function runStorageBench(opts: { reloads?: number; log?: (line: string) => void } = {}): StorageBench {
  const say = opts.log ?? (() => undefined);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pingsweep-storage-bench-'));
  try {
    const baselineDir = path.join(work, 'baseline');
    fs.mkdirSync(baselineDir);
    say(`building the baseline ${STORAGE_BASELINE.slice(0, 7)} from git`);
    buildBaseline(baselineDir);
    say('storage: the baseline in a fresh extension host');
    const baseline = probe(baselineDir, false, work, opts.reloads ?? 5);
    say('storage: this tree in a fresh extension host');
    const now = probe(ROOT, true, work, opts.reloads ?? 5);
    return { baselineCommit: STORAGE_BASELINE, baseline, now };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The table: baseline against now. */
export function storageRows(b: StorageBench): string[][] {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const mb = (x: number) => `${(x / 1024 / 1024).toFixed(1)} MiB`;
  const { baseline: a, now: n } = b;
  return [
    ['restore: activate() to every tree item shown', ms(a.itemsMs), ms(n.itemsMs)],
    ['restore: activate() to every result loaded', ms(a.restoreMs), ms(n.restoreMs)],
    ['activate() itself', ms(a.activateMs), ms(n.activateMs)],
    ['one task update (globalState entry, awaited)', ms(a.updateMs), ms(n.updateMs)],
    ['one update that brings a result (entry + result file)', ms(a.updateMs), ms(n.updateMs + n.resultFileWriteMs)],
    ['extension host heap used, tasks restored', mb(a.heapUsedBytes), mb(n.heapUsedBytes)],
    ['task entries in globalState', mb(a.globalStateBytes), mb(n.globalStateBytes)],
  ];
}

if (require.main === module) {
  const t0 = Date.now();
  const b = runStorageBench({
    log: (l) => process.stderr.write(`[storage ${((Date.now() - t0) / 1000).toFixed(0)}s] ${l}\n`),
  });
  const rows = [['', `baseline ${b.baselineCommit.slice(0, 7)}`, 'now'], ...storageRows(b)];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i])).join('  ')}\n`);
  process.stdout.write(`${JSON.stringify(b)}\n`);
}
