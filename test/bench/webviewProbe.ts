/**
 * How the bench times one webview open in the offline host: a click on a tree row, then the webview's own
 * timeline up to its table painted. Used for Ping Sweep's result view and for the minimal extension's webview
 * alike (both mark their table the same way), so that their figures compare.
 */

/* Minimal views of the Playwright objects and of the harness (plain JS) that the bench uses. */
export interface Frame {
  evaluate<T>(expression: string): Promise<T>;
}
export interface Locator {
  click(): Promise<void>;
  first(): Locator;
  waitFor(opts: { state: 'visible' | 'attached'; timeout: number }): Promise<void>;
  isVisible(): Promise<boolean>;
}
export interface Page extends Frame {
  exposeFunction(name: string, fn: (...args: unknown[]) => void): Promise<void>;
  frames(): Frame[];
  mainFrame(): Frame;
  locator(selector: string, opts?: { has: Locator }): Locator;
  context(): { addInitScript(script: { content: string }): Promise<void> };
}
export interface Ui {
  browser: { close(): Promise<void> };
  page: Page;
  server: { userDataDir: string; extensionsDir: string; logFile: string };
  workbenchLog: string[];
  open(): Promise<void>;
  runCommand(title: string, opts?: { timeoutMs?: number }): Promise<void>;
  pickQuickItem(label: string): Promise<void>;
  typeInQuickInput(text: string): Promise<void>;
  treeRow(label: string, opts: { view: string }): Locator;
  treeRows(view: string): Promise<string[]>;
  reload(): Promise<void>;
  close(opts?: { keepLogs?: boolean }): Promise<void>;
}

/**
 * Runs in every frame before its own scripts; only a webview's document (the inner frame, which starts as
 * about:blank and is then written by the webview host) has a `#replies` table. A timer looks for it (animation
 * frame callbacks would not survive the document being written); from then on it watches every animation
 * frame: when rows started to be painted (aria-busy), when the last row was painted (data-rendered-rows), and
 * the longest gap between two frames until then. Once painted it copies the timeline: the webview host's own
 * marks (its frame is the parent, kept before the page's preamble hides it), the page's marks (`ready`,
 * `state`, `rendered`) and every resource both loaded.
 */
export const FRAME_PROBE = `(() => {
  if (window === window.top || location.href !== 'about:blank') return;
  const host = window.parent;
  const b = { createdAt: Date.now(), docAt: 0, busyAt: 0, paintedAt: 0, rows: -1, paintMs: -1, maxGapMs: 0, frames: 0, hostAt: 0, marks: {}, pageMarks: {}, resources: [] };
  window.__pingSweepBench = b;
  const timeline = () => {
    try {
      b.hostAt = Math.round(host.performance.timeOrigin);
      for (const m of host.performance.getEntriesByType('mark')) b.marks[m.name.replace('webview/index.html/', '')] = Math.round(host.performance.timeOrigin + m.startTime);
      for (const m of performance.getEntriesByType('mark')) b.pageMarks[m.name.split('/').pop()] = Math.round(performance.timeOrigin + m.startTime);
      const res = (w, where) => w.performance.getEntriesByType('resource').map((r) => [where + ':' + r.name.split('?')[0].split('/').pop(), Math.round(w.performance.timeOrigin + r.startTime), Math.round(w.performance.timeOrigin + r.responseEnd)]);
      b.resources = [...res(host, 'host'), ...res(window, 'page')];
    } catch (err) { b.timelineError = String(err); }
  };
  let last = 0;
  const tick = (ts) => {
    const table = document.getElementById('replies');
    if (last) b.maxGapMs = Math.max(b.maxGapMs, ts - last);
    last = ts;
    b.frames++;
    if (!b.busyAt && table.getAttribute('aria-busy') === 'true') b.busyAt = Date.now();
    if (table.dataset.renderedRows && Number(table.dataset.totalRows) > 0) {
      b.rows = Number(table.dataset.renderedRows);
      b.paintMs = table.dataset.paintMs ? Number(table.dataset.paintMs) : -1;
      timeline();
      b.paintedAt = Date.now();
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
  hostAt: number;
  marks: Record<string, number>;
  pageMarks: Record<string, number>;
  resources: Array<[name: string, start: number, end: number]>;
}

/** The webview's timeline, in ms after the click. */
export interface OpenTimeline {
  /** the webview host's frame (its index.html) created: the command ran and the workbench made the webview */
  hostFrame: number;
  /** the webview host asked for the service worker and got it (`content/started` to `content/workerReady`) */
  workerWaitMs: number | null;
  /** the page's HTML written into its frame (the host's `content/wroteInnerContent`) */
  htmlWritten: number | null;
  /** resources the page loaded: [name, start, end] after the click */
  pageResources: Array<[name: string, start: number, end: number]>;
  /** the page said "ready", got its first state, and rendered it (the page's own marks) */
  ready: number | null;
  state: number | null;
  rendered: number | null;
}

export interface OpenRun {
  /** Which result (see `RESULT_NAMES`), or the minimal webview. */
  name: string;
  replies: number;
  /** Click on the task to its last reply row painted. */
  openToPaintedMs: number;
  /** Click to the webview's document written (webview created and loaded). */
  openToDocumentMs: number;
  /** The table's own figure: rows received to the last one painted (-1: the page gives none). */
  paintMs: number;
  /** Longest gap between two animation frames of the webview from its document written to the table painted. */
  longestFrameMs: number;
  /** The longest LoAF entry from the click to the table painted (null: none over 50 ms, or unsupported). */
  longestLoaf: LongestFrame | null;
  timeline: OpenTimeline;
}

/** What to click and what to wait for. */
export interface OpenTarget {
  name: string;
  /** the tree row's label (a substring of its accessible label) */
  label: string;
  view: string;
  /** rows the table shows once painted */
  rows: number;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function until<T>(
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

/** Shows Ping Sweep's container in the sidebar (Tracked Tasks, and the minimal extension's view beside it). */
export async function showContainer(ui: Ui): Promise<void> {
  const pane = ui.page.locator('.part.sidebar .pane', {
    has: ui.page.locator('.pane-header[aria-label^="Tracked Tasks"]'),
  });
  if (!(await pane.isVisible()))
    await ui.page.locator('.part.activitybar .action-item [aria-label^="Ping Sweep"]').first().click();
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

function timelineOf(probe: Probe, clickedAt: number): OpenTimeline {
  const mark = (name: string) => (probe.marks[name] ? probe.marks[name] - clickedAt : null);
  const pageMark = (name: string) => (probe.pageMarks[name] ? probe.pageMarks[name] - clickedAt : null);
  const started = mark('content/started');
  const ready = mark('content/workerReady');
  return {
    hostFrame: probe.hostAt - clickedAt,
    workerWaitMs: started !== null && ready !== null ? ready - started : null,
    htmlWritten: mark('content/wroteInnerContent'),
    pageResources: probe.resources
      .filter(([name]) => name.startsWith('page:'))
      .map(([name, s, e]) => [name.slice(5), s - clickedAt, e - clickedAt]),
    ready: pageMark('ready'),
    state: pageMark('state'),
    rendered: pageMark('rendered'),
  };
}

/** Clicks a tree row that opens a webview, waits for its table to be painted, and closes every editor again. */
export async function openOnce(ui: Ui, target: OpenTarget): Promise<OpenRun> {
  const page = ui.page;
  await page.evaluate(
    `(window.__benchDown = 0, document.addEventListener('mousedown', () => { window.__benchDown = Date.now(); }, { capture: true, once: true }), 0)`,
  );
  await ui.treeRow(target.label, { view: target.view }).click();
  const clickedAt = await page.evaluate<number>('window.__benchDown');
  const { frame, probe } = await until(`the ${target.name} table painted`, async () => {
    for (const frame of page.frames()) {
      const text = await frame
        .evaluate<string>(
          `window.__pingSweepBench && window.__pingSweepBench.paintedAt ? JSON.stringify(window.__pingSweepBench) : ''`,
        )
        .catch(() => '');
      if (!text) continue;
      const probe = JSON.parse(text) as Probe;
      if (probe.createdAt >= clickedAt && probe.rows === target.rows) return { frame, probe };
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
    name: target.name,
    replies: target.rows,
    openToPaintedMs: probe.paintedAt - clickedAt,
    openToDocumentMs: probe.docAt - clickedAt,
    paintMs: probe.paintMs,
    longestFrameMs: Math.round(probe.maxGapMs),
    longestLoaf: longestIn([...(inWebview ?? []), ...(inWorkbench ?? [])], clickedAt, probe.paintedAt),
    timeline: timelineOf(probe, clickedAt),
  };
}
