/**
 * `npm run bench`: prints a table per part and, last, one JSON line with every figure.
 *  1. Polling in virtual time: our poller and the peers' fixed intervals over 15 sweeps.
 *  2. 50 tracked sweeps for 10 virtual minutes against the simulator's rate-limit model.
 *  3. Extension weight: bundles, the .vsix, and activate() as logged in real extension hosts.
 *  4. Result view: Open Result to the reply table painted, for 100 and 10,000 replies, in a real VS Code.
 *  5. Path MTU planner: sweeps and requests to a byte-exact boundary, beside the lower bound and by hand.
 *  6. Fleet sweep: 200 gateways started inside the shared request budget, in virtual time.
 *  7. The first webview open: our result view against a minimal extension's webview, same host and run.
 *  8. Storage: 200 tasks of 100 replies, restore, one update and heap, the baseline commit beside this tree.
 *
 *   node out/test/bench/run.js [--skip-ui] [--opens N] [--reloads N] [--browsers N] [--integration]
 *
 * Needs `npm run build` and `npm run compile-tests` first; parts 3 (activation) and 4 need the offline host
 * (`test/host/README.md`), which `--skip-ui` leaves out. `--integration` also reads the activations of one
 * run of the integration suites (about 100 s more).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { runRateLimited, type RateLimitRun } from './multiSim';
import { diagnosisParts } from './diagnosisReport';
import {
  STRATEGIES,
  SweepRun,
  beyondPriorScenarios,
  detectionTarget,
  formatSweepTable,
  robustnessScenarios,
  runSweep,
  runSweepBench,
  summarize,
} from './pollSim';
import { reportFirstOpens } from './firstOpenReport';
import { RESULT_NAMES, runUiBench, type UiBenchResult } from './uiBench';
import { runStorageBench, storageRows, type StorageBench } from './storageBench';
import type { LongestFrame } from './webviewProbe';
import { Activation, ROOT, bundleSizes, integrationActivations, median, packageVsix } from './weight';

const t0 = Date.now();
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
function progress(line: string): void {
  process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);
}

function table(head: string[], rows: string[][]): string {
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) =>
      r
        .map((c, i) => (c ?? '').padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const USAGE = 'usage: node out/test/bench/run.js [--skip-ui] [--opens N] [--reloads N] [--browsers N] [--integration]';

function parseArgs(argv: string[]): {
  skipUi: boolean;
  opens: number;
  reloads: number;
  browsers: number;
  integration: boolean;
} {
  const out = { skipUi: false, opens: 3, reloads: 8, browsers: 8, integration: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--skip-ui') out.skipUi = true;
    else if (a === '--integration') out.integration = true;
    else if (a === '--opens' || a === '--reloads' || a === '--browsers') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} expects a whole number of at least 1`);
      out[a.slice(2) as 'opens' | 'reloads' | 'browsers'] = n;
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return out;
}

async function polling() {
  progress('part 1: polling in virtual time');
  const runs = await runSweepBench();
  const totals = summarize(runs);
  const base = totals['fixed 1 s'].requests;
  say('\n## 1. Polling, in virtual time (requests until the end was seen / detection delay)\n');
  say(formatSweepTable(runs));
  say('');
  say(
    table(
      ['strategy', 'requests', 'share of fixed 1 s', 'over delay target', 'gave up', 'worst delay / target'],
      STRATEGIES.map((s) => [
        s,
        String(totals[s].requests),
        pct(totals[s].requests / base),
        `${totals[s].overTarget} of 15`,
        `${totals[s].gaveUp} of 15`,
        Number.isFinite(totals[s].worstDelayShare) ? totals[s].worstDelayShare.toFixed(2) : 'never seen',
      ]),
    ),
  );
  const extra: SweepRun[] = [];
  for (const s of robustnessScenarios()) extra.push(await runSweep(s, 'ours'));
  const beyond: SweepRun[] = [];
  for (const s of beyondPriorScenarios()) beyond.push(await runSweep(s, 'ours'));
  const share = (r: SweepRun) =>
    r.detectionDelayMs === null ? Infinity : r.detectionDelayMs / detectionTarget(r.lengthMs);
  const robustness = {
    sweeps: extra.length,
    overTarget: extra.filter((r) => share(r) > 1).length,
    gaveUp: extra.filter((r) => r.gaveUp).length,
    worstDelayShare: Math.max(...extra.map(share)),
    beyondPriorSweeps: beyond.length,
    beyondPriorWorstDelayShare: Math.max(...beyond.map(share)),
  };
  say(
    `\nOther shapes (ping-level, per-cycle, speeding up, slowing down, waits up to 19x the run): ${robustness.sweeps} sweeps, ` +
      `${robustness.overTarget} over the delay target, ${robustness.gaveUp} gave up, worst delay ${robustness.worstDelayShare.toFixed(2)} x target.`,
  );
  say(
    `Beyond the INITIATED prior (waits 49x and 199x the run): worst delay ${robustness.beyondPriorWorstDelayShare.toFixed(2)} x target.`,
  );
  return {
    totals,
    requestShare: totals.ours.requests / base,
    runs: runs.map((r) => ({
      scenario: r.scenario,
      strategy: r.strategy,
      requests: r.requests,
      delayMs: r.detectionDelayMs,
      gaveUp: r.gaveUp,
    })),
    robustness,
  };
}

async function rateLimits() {
  progress('part 2: 50 sweeps under a rate limit');
  const variants: Array<[string, Parameters<typeof runRateLimited>[0]]> = [
    ['server 60/min, budget 60/min, X-RateLimit-* on every answer', { serverPerMinute: 60, requestsPerMinute: 60 }],
    ['server 30/min, budget 60/min, X-RateLimit-* on every answer', { serverPerMinute: 30, requestsPerMinute: 60 }],
    [
      'server 30/min, budget 60/min, only 429 + Retry-After',
      { serverPerMinute: 30, requestsPerMinute: 60, headers: false },
    ],
  ];
  const out: Array<{ variant: string; budgetPerMinute: number } & RateLimitRun> = [];
  for (const [variant, o] of variants) {
    out.push({
      variant,
      budgetPerMinute: o?.requestsPerMinute ?? 60,
      ...(await runRateLimited({ tasks: 50, durationMs: 10 * 60_000, ...o })),
    });
  }
  say('\n## 2. 50 tracked sweeps of mixed lengths, 10 virtual minutes, simulator rate-limit model\n');
  say(
    table(
      ['setup', 'requests', 'busiest minute', 'busiest second', '429s', 'sent before reset', 'ends seen'],
      out.map((r) => [
        r.variant,
        String(r.requests),
        String(r.busiestMinute),
        String(r.busiestSecond),
        String(r.rateLimited),
        String(r.sentBeforeReset),
        `${r.endsSeen} of ${r.ends}`,
      ]),
    ),
  );
  return out;
}

function weight(ui: UiBenchResult | undefined, integration: Activation[] | undefined) {
  progress('part 3: extension weight (bundles, vsce package)');
  const bundles = bundleSizes();
  const vsix = packageVsix();
  const acts = ui?.activations ?? [];
  const ms = acts.map((a) => a.ms);
  const warm = integration?.map((a) => a.ms) ?? [];
  say('\n## 3. Extension weight\n');
  say(
    table(
      ['file', 'raw', 'gzip'],
      [
        ...bundles.map((b) => [b.file, `${b.bytes} B (${kb(b.bytes)})`, `${b.gzipBytes} B (${kb(b.gzipBytes)})`]),
        ['.vsix', `${vsix.bytes} B (${kb(vsix.bytes)})`, ''],
      ],
    ),
  );
  say(
    `\n.vsix holds ${vsix.files.length} entries; outside dist, media, README, CHANGELOG, LICENSE, package.json: ${vsix.unexpected.length ? vsix.unexpected.join(', ') : 'none'}`,
  );
  if (acts.length) {
    say(
      `activate(): median ${median(ms).toFixed(2)} ms over ${acts.length} extension hosts (min ${Math.min(...ms).toFixed(2)}, max ${Math.max(...ms).toFixed(2)}): ` +
        acts.map((a) => `${a.ms} ms (${a.trackedTasks} tasks)`).join(', '),
    );
  } else say('activate(): not measured');
  if (integration) {
    say(
      `activate() in one integration run (mostly re-activations in a warm extension host): median ${median(warm).toFixed(2)} ms over ${warm.length}: ${warm.join(', ')} ms`,
    );
  }
  return {
    bundles,
    vsix: { bytes: vsix.bytes, entries: vsix.files.length, unexpected: vsix.unexpected },
    activation: acts.length
      ? { medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), runs: acts }
      : null,
    integrationActivation: integration ? { medianMs: median(warm), runs: integration } : null,
  };
}

function resultView(ui: UiBenchResult | undefined) {
  if (!ui) {
    say('\n## 4. Result view\n\nnot measured');
    return null;
  }
  const rows = RESULT_NAMES.map((name) => {
    const runs = ui.opens.filter((o) => o.name === name);
    const loafs = runs.map((o) => o.longestLoaf).filter((l): l is LongestFrame => l !== null);
    const loaf = loafs.reduce<LongestFrame | null>((m, l) => (!m || l.durationMs > m.durationMs ? l : m), null);
    return {
      replies: name,
      opens: runs.length,
      firstOpenToPaintedMs: runs[0]?.openToPaintedMs ?? NaN,
      openToPaintedMs: median(runs.map((o) => o.openToPaintedMs)),
      openToDocumentMs: median(runs.map((o) => o.openToDocumentMs)),
      paintMs: median(runs.map((o) => o.paintMs)),
      longestFrameMs: Math.max(...runs.map((o) => o.longestFrameMs)),
      longestLoaf: loaf,
    };
  });
  say(
    `\n## 4. Result view: Open Result to reply table painted (median of ${rows[0].opens} opens each; frames: the worst)\n`,
  );
  say(
    table(
      [
        'replies',
        'open -> painted',
        'first open',
        'open -> webview loaded',
        'table fill',
        'longest frame',
        'longest LoAF: script / style+layout',
      ],
      rows.map((r) => [
        r.replies,
        `${r.openToPaintedMs} ms`,
        `${r.firstOpenToPaintedMs} ms`,
        `${r.openToDocumentMs} ms`,
        `${r.paintMs} ms`,
        `${r.longestFrameMs} ms`,
        r.longestLoaf
          ? `${r.longestLoaf.durationMs} ms: ${r.longestLoaf.scriptMs} / ${r.longestLoaf.styleLayoutMs} ms`
          : 'none over 50 ms',
      ]),
    ),
  );
  for (const r of rows)
    if (r.longestLoaf?.topScript)
      say(`longest LoAF with ${r.replies} replies: longest script ${r.longestLoaf.topScript}`);
  return { summary: rows, opens: ui.opens };
}

/** Part 8: the baseline commit and this tree, each in a fresh extension host (about a minute each). */
function storagePart(): StorageBench | null {
  progress('part 8: storage, the baseline commit beside this tree');
  let b: StorageBench;
  try {
    b = runStorageBench({ log: progress });
  } catch (err) {
    progress(`the storage part failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
    return null;
  }
  say(`\n## 8. Storage: ${b.now.tasks} tracked tasks of ${b.now.replies} replies, baseline beside now\n`);
  say(table(['', `baseline ${b.baselineCommit.slice(0, 7)}`, 'now'], storageRows(b)));
  return b;
}

/**
 * Parts 3 and 4 drive the offline host in Chromium: a missing system package is named (with the command that
 * installs it) before part 1 starts, not after it.
 */
function checkSystemPackages(): void {
  const system = require(path.join(ROOT, 'test', 'host', 'system.js')) as { requireHostPackages(): void };
  try {
    system.requireHostPackages();
  } catch (err) {
    process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.skipUi) checkSystemPackages();
  const load = os.loadavg();
  say(
    `# Ping Sweep bench on ${os.cpus().length} cores, load ${load.map((l) => l.toFixed(1)).join(' ')}, ${new Date().toISOString()}`,
  );
  const poll = await polling();
  const rate = await rateLimits();
  let ui: UiBenchResult | undefined;
  let uiError: string | undefined;
  if (!args.skipUi) {
    progress('parts 3 and 4: a real VS Code (offline host) against the simulator');
    try {
      ui = await runUiBench({ opens: args.opens, reloads: args.reloads, browsers: args.browsers, log: progress });
    } catch (err) {
      // The other figures still count: print them, then fail.
      uiError = err instanceof Error ? err.message : String(err);
      progress(`the VS Code part failed: ${uiError}`);
    }
  }
  let integration: Activation[] | undefined;
  if (args.integration) {
    progress('part 3: activations in one integration run (about 100 s)');
    try {
      integration = integrationActivations().activations;
    } catch (err) {
      uiError = err instanceof Error ? err.message : String(err);
      progress(`the integration run failed: ${uiError}`);
    }
  }
  const w = weight(ui, integration);
  const view = resultView(ui);
  const diagnosis = await diagnosisParts(say, table, progress);
  const firstOpen = ui?.firstOpens.length ? reportFirstOpens(ui.firstOpens, say, table) : null;
  const storage = args.skipUi ? null : storagePart();
  const main = w.bundles[0];
  const r100 = view?.summary[0];
  const r10k = view?.summary[1];
  const targets = {
    requestShareAtMost10Percent: poll.requestShare <= 0.1,
    everyDelayWithinTarget: poll.totals.ours.overTarget === 0,
    neverGaveUp: poll.totals.ours.gaveUp === 0,
    withinBudgetEveryMinute: rate.every((r) => r.busiestMinute <= r.budgetPerMinute),
    nothingBeforeReset: rate.every((r) => r.sentBeforeReset === 0),
    mainBundleAtMost100KB: main.bytes <= 100 * 1024,
    activateUnder5ms: w.activation ? w.activation.medianMs < 5 : null,
    paint100Under100ms: r100 ? r100.openToPaintedMs < 100 : null,
    paint10kUnder1s: r10k ? r10k.openToPaintedMs < 1000 : null,
    // A long frame as Chromium counts one (long tasks, LoAF): over 50 ms.
    noLongFrameWhileFilling10k: r10k ? r10k.longestFrameMs <= 50 : null,
    firstOpenAtMost1_2xMinimal: firstOpen ? firstOpen.newBrowser.ratio <= 1.2 && firstOpen.reloaded.ratio <= 1.2 : null,
    ...diagnosis.targets,
    storageUpdateFasterThanBaseline: storage ? storage.now.updateMs < storage.baseline.updateMs : null,
  };
  say('\n## Targets\n');
  say(
    table(
      ['target', 'met'],
      Object.entries(targets).map(([k, v]) => [k, v === null ? 'not measured' : v ? 'yes' : 'NO']),
    ),
  );
  const seconds = (Date.now() - t0) / 1000;
  say(`\nbench took ${seconds.toFixed(0)} s`);
  say(
    JSON.stringify({
      bench: 'ping-sweep',
      at: new Date().toISOString(),
      machine: { cores: os.cpus().length, loadAverage: load },
      polling: poll,
      rateLimit: rate,
      weight: w,
      resultView: view,
      firstOpen,
      storage,
      ...diagnosis.figures,
      targets,
      uiError: uiError ?? null,
      seconds,
    }),
  );
  if (uiError) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
