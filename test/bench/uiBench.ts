/**
 * The parts of the bench that need a real VS Code (weight and responsiveness), in one session of the offline
 * host (`test/host/ui.js`: code-server in headless Chromium, the extension loaded from this folder) against
 * the Central simulator started here:
 *  - Result view: from the click on a tracked task (Open Result, the item's default action) to its reply
 *    table painted, for 100 replies and for a synthetic 10,000; and the longest frame meanwhile.
 *  - `activate()`: the time the extension logs for itself, once per extension host (window loads).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator } from '../simulator/server';
import { Activation, ROOT, activationTimes } from './weight';

/* Minimal views of the Playwright objects and of the harness (plain JS) that the bench uses. */
interface Frame {
  evaluate<T>(expression: string): Promise<T>;
}
interface Locator {
  click(): Promise<void>;
  first(): Locator;
  waitFor(opts: { state: 'visible' | 'attached'; timeout: number }): Promise<void>;
  isVisible(): Promise<boolean>;
}
interface Page extends Frame {
  frames(): Frame[];
  mainFrame(): Frame;
  locator(selector: string, opts?: { has: Locator }): Locator;
  context(): { addInitScript(script: { content: string }): Promise<void> };
}
interface Ui {
  page: Page;
  server: { userDataDir: string; logFile: string };
  workbenchLog: string[];
  runCommand(title: string, opts?: { timeoutMs?: number }): Promise<void>;
  pickQuickItem(label: string): Promise<void>;
  typeInQuickInput(text: string): Promise<void>;
  treeRow(label: string, opts: { view: string }): Locator;
  treeRows(view: string): Promise<string[]>;
  reload(): Promise<void>;
  close(opts?: { keepLogs?: boolean }): Promise<void>;
}

const VIEW = 'Tracked Tasks';
const TOKEN = 'bench-token-0123456789abcdef';
const SERIAL = 'CNBENCH001';
/**
 * The results opened. Central allows at most 100 ICMP requests per sweep, so 10,000 replies are synthetic:
 * 100 sizes x 100 cycles keeps the per-size table as long as a real sweep's can be, and 2,000 sizes x 5
 * cycles also stresses that table. The largest sizes time out, as on a path with an MTU fault.
 */
const RESULTS = [
  {
    name: '100',
    replies: 100,
    destination: '192.0.2.100',
    params: { startPacketSize: 100, endPacketSize: 2000, sweepInterval: 100, count: 5 },
  },
  {
    name: '10,000',
    replies: 10_000,
    destination: '192.0.2.101',
    params: { startPacketSize: 100, endPacketSize: 10_000, sweepInterval: 100, count: 100 },
  },
  {
    name: '10,000 (2,000 sizes)',
    replies: 10_000,
    destination: '192.0.2.102',
    params: { startPacketSize: 1, endPacketSize: 2000, sweepInterval: 1, count: 5 },
  },
] as const;

/** Names of the results opened, in the order of {@link RESULTS}. */
export const RESULT_NAMES: readonly string[] = RESULTS.map((r) => r.name);

/**
 * Runs in every frame before its own scripts; only the result webview's document (the inner frame, which
 * starts as about:blank and is then written by the webview host) has a `#replies` table. A timer looks for
 * it (animation frame callbacks would not survive the document being written); from then on it watches
 * every animation frame: when rows started to be painted (aria-busy), when the last row was painted
 * (data-rendered-rows), and the longest gap between two frames until then.
 */
const FRAME_PROBE = `(() => {
  if (window === window.top || location.href !== 'about:blank') return;
  const b = { createdAt: Date.now(), docAt: 0, busyAt: 0, paintedAt: 0, rows: -1, paintMs: -1, maxGapMs: 0, frames: 0 };
  window.__pingSweepBench = b;
  let last = 0;
  const tick = (ts) => {
    const table = document.getElementById('replies');
    if (last) b.maxGapMs = Math.max(b.maxGapMs, ts - last);
    last = ts;
    b.frames++;
    if (!b.busyAt && table.getAttribute('aria-busy') === 'true') b.busyAt = Date.now();
    if (table.dataset.renderedRows && Number(table.dataset.totalRows) > 0) {
      b.paintedAt = Date.now();
      b.rows = Number(table.dataset.renderedRows);
      b.paintMs = Number(table.dataset.paintMs);
      return;
    }
    if (Date.now() - b.createdAt < 120000) requestAnimationFrame(tick);
  };
  const look = setInterval(() => {
    if (Date.now() - b.createdAt > 120000) clearInterval(look);
    if (!document.getElementById('replies')) return;
    clearInterval(look);
    b.docAt = Date.now();
    requestAnimationFrame(tick);
  }, 5);
})();`;

/**
 * Long animation frames (Chromium's LoAF entries: frames over 50 ms) a frame's timeline holds, as
 * [epoch start, duration, time in scripts, time in style and layout, the longest script]. The workbench's
 * timeline also holds those of the webview, which runs in the same renderer.
 */
const LONG_FRAMES = `new Promise((resolve) => {
  const out = [];
  let po;
  try {
    po = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const scripts = e.scripts.map((s) => [s.duration, (s.sourceURL || '').split('?')[0].split('/').pop() + (s.sourceFunctionName ? ':' + s.sourceFunctionName : '') + ' (' + s.invoker + ')']);
        scripts.sort((a, b) => b[0] - a[0]);
        const script = scripts.reduce((n, x) => n + x[0], 0);
        const style = e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0;
        out.push([performance.timeOrigin + e.startTime, e.duration, script, style, scripts.length ? scripts[0][1] : '']);
      }
    });
    po.observe({ type: 'long-animation-frame', buffered: true });
  } catch (err) { resolve(null); return; }
  setTimeout(() => { po.disconnect(); resolve(out); }, 100);
})`;

type LongFrame = [start: number, duration: number, scriptMs: number, styleLayoutMs: number, topScript: string];

/** The longest of the long frames during [from, to]. */
export interface LongestFrame {
  durationMs: number;
  scriptMs: number;
  styleLayoutMs: number;
  topScript: string;
}

interface Probe {
  createdAt: number;
  docAt: number;
  busyAt: number;
  paintedAt: number;
  rows: number;
  paintMs: number;
  maxGapMs: number;
}

export interface OpenRun {
  /** Which result (see {@link RESULT_NAMES}). */
  name: string;
  replies: number;
  /** Click on the task to its last reply row painted. */
  openToPaintedMs: number;
  /** Click to the webview's document written (webview created and loaded). */
  openToDocumentMs: number;
  /** The table's own figure: rows received to the last one painted. */
  paintMs: number;
  /** Longest gap between two animation frames of the webview from its document written to the table painted. */
  longestFrameMs: number;
  /** The longest LoAF entry from the click to the table painted (null: none over 50 ms, or unsupported). */
  longestLoaf: LongestFrame | null;
}

export interface UiBenchResult {
  opens: OpenRun[];
  activations: Activation[];
  seconds: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

function longestIn(entries: LongFrame[], from: number, to: number): LongestFrame | null {
  let best: LongFrame | undefined;
  for (const e of entries) if (e[0] < to && e[0] + e[1] > from && (!best || e[1] > best[1])) best = e;
  return best
    ? {
        durationMs: Math.round(best[1]),
        scriptMs: Math.round(best[2]),
        styleLayoutMs: Math.round(best[3]),
        topScript: best[4],
      }
    : null;
}

/** Opens one task's result from the tree, waits for its table to be painted, and closes it again. */
async function openOnce(ui: Ui, name: string, destination: string, replies: number): Promise<OpenRun> {
  const page = ui.page;
  await page.evaluate(
    `(window.__benchDown = 0, document.addEventListener('mousedown', () => { window.__benchDown = Date.now(); }, { capture: true, once: true }), 0)`,
  );
  await ui.treeRow(destination, { view: VIEW }).click();
  const clickedAt = await page.evaluate<number>('window.__benchDown');
  const { frame, probe } = await until(`the ${replies}-reply table painted`, async () => {
    for (const frame of page.frames()) {
      const text = await frame
        .evaluate<string>(
          `window.__pingSweepBench && window.__pingSweepBench.paintedAt ? JSON.stringify(window.__pingSweepBench) : ''`,
        )
        .catch(() => '');
      if (!text) continue;
      const probe = JSON.parse(text) as Probe;
      if (probe.createdAt >= clickedAt && probe.rows === replies) return { frame, probe };
    }
    return undefined;
  });
  const [inWebview, inWorkbench] = await Promise.all([
    frame.evaluate<LongFrame[] | null>(LONG_FRAMES),
    page.mainFrame().evaluate<LongFrame[] | null>(LONG_FRAMES),
  ]);
  await ui.runCommand('View: Close All Editors');
  await sleep(300);
  return {
    name,
    replies,
    openToPaintedMs: probe.paintedAt - clickedAt,
    openToDocumentMs: probe.docAt - clickedAt,
    paintMs: probe.paintMs,
    longestFrameMs: Math.round(probe.maxGapMs),
    longestLoaf: longestIn([...(inWebview ?? []), ...(inWorkbench ?? [])], clickedAt, probe.paintedAt),
  };
}

/** After a failure: the workbench's and code-server's logs, in test-results/bench/. */
function keepLogs(ui: Ui): void {
  const dir = path.join(ROOT, 'test-results', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'workbench.log'), ui.workbenchLog.join('\n') + '\n');
  fs.copyFileSync(ui.server.logFile, path.join(dir, 'code-server.log'));
  process.stderr.write(`bench: logs kept in ${path.relative(process.cwd(), dir)}/\n`);
}

/** Starts VS Code with a fresh profile, tracks the two results, measures them, then reloads the window. */
export async function runUiBench(
  opts: { opens?: number; reloads?: number; log?: (line: string) => void } = {},
): Promise<UiBenchResult> {
  const say = opts.log ?? (() => undefined);
  const started = Date.now();
  const { startUi } = require(path.join(ROOT, 'test', 'host', 'ui.js')) as { startUi(o: object): Promise<Ui> };
  const sim = await startSimulator({ tokens: [TOKEN] });
  let ui: Ui | undefined;
  let ok = false;
  try {
    const ids = RESULTS.map((r) =>
      sim.addTask(SERIAL, 'complete', {
        durationMs: 5_000,
        startedAt: Date.now() - 60_000,
        timeoutFromSize: 1500,
        params: { destination: r.destination, ...r.params },
      }),
    );
    say('starting VS Code (offline host)');
    ui = await startUi({ settings: { 'pingSweep.baseUrl': sim.baseUrl } });
    await ui.page.context().addInitScript({ content: FRAME_PROBE });
    say('VS Code is up; setting credentials and tracking the two results');
    await ui.runCommand('Ping Sweep: Set Credentials…');
    await ui.pickQuickItem('Access Token');
    await ui.typeInQuickInput(TOKEN);
    for (const id of ids) {
      await ui.runCommand('Ping Sweep: Track Task…');
      await ui.typeInQuickInput(
        `${sim.baseUrl}/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${id}`,
      );
    }
    const pane = ui.page.locator('.part.sidebar .pane', {
      has: ui.page.locator(`.pane-header[aria-label^="${VIEW}"]`),
    });
    if (!(await pane.isVisible()))
      await ui.page.locator('.part.activitybar .action-item [aria-label^="Ping Sweep"]').first().click();
    const u = ui;
    await until(
      'both tasks COMPLETED in the tree',
      async () => {
        const rows = await u.treeRows(VIEW);
        return RESULTS.every((r) => rows.some((row) => row.includes(r.destination) && row.includes('COMPLETED')))
          ? true
          : undefined;
      },
      60_000,
      250,
    );

    const opens: OpenRun[] = [];
    for (let i = 0; i < (opts.opens ?? 3); i++) {
      for (const r of RESULTS) {
        const run = await openOnce(ui, r.name, r.destination, r.replies);
        say(
          `open ${r.name} replies: painted ${run.openToPaintedMs} ms after the click (table ${run.paintMs} ms), longest frame ${run.longestFrameMs} ms`,
        );
        opens.push(run);
      }
    }

    for (let i = 0; i < (opts.reloads ?? 4); i++) {
      const before = activationTimes(ui.server.userDataDir).length;
      await ui.reload();
      const uu = ui;
      await until(
        'the extension activated after the reload',
        async () => (activationTimes(uu.server.userDataDir).length > before ? true : undefined),
        30_000,
        200,
      );
      say(`reload ${i + 1}: activated`);
    }
    const activations = activationTimes(ui.server.userDataDir);
    ok = true;
    return { opens, activations, seconds: (Date.now() - started) / 1000 };
  } finally {
    if (ui && !ok) keepLogs(ui);
    await ui?.close();
    await sim.close();
  }
}
