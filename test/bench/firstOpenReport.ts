/**
 * The comparison of first webview opens (firstOpen.ts) as printed by `npm run bench`: medians of each kind of
 * open, the webview's timeline split into its steps, and ours over the minimal one.
 */
import type { FirstOpen } from './firstOpen';
import { median } from './weight';
import type { OpenRun } from './webviewProbe';

function stats(values: number[]): string {
  return values.length
    ? `${Math.round(median(values))} ms (${values.map((v) => Math.round(v)).join(', ')})`
    : 'not measured';
}

function medianOf(runs: FirstOpen[], pick: (r: OpenRun) => number | null): number {
  const values = runs.map((r) => pick(r.run)).filter((v): v is number => v !== null && Number.isFinite(v));
  return values.length ? Math.round(median(values)) : NaN;
}

/** One row of the table: medians of a group of opens, each figure in ms after the click. */
function row(label: string, runs: FirstOpen[]): string[] {
  const js = (r: OpenRun) => r.timeline.pageResources.filter(([name]) => name.endsWith('.js'));
  return [
    label,
    stats(runs.map((r) => r.run.openToPaintedMs)),
    `${medianOf(runs, (r) => r.timeline.hostFrame)} ms`,
    `${medianOf(runs, (r) => r.timeline.workerWaitMs)} ms`,
    `${medianOf(runs, (r) => r.timeline.htmlWritten)} ms`,
    `${medianOf(runs, (r) => (js(r).length ? Math.max(...js(r).map(([, , end]) => end)) : null))} ms`,
    `${medianOf(runs, (r) => r.timeline.ready)} ms`,
    `${medianOf(runs, (r) => r.timeline.state)} ms`,
    `${medianOf(runs, (r) => r.timeline.rendered)} ms`,
    `${medianOf(runs, (r) => r.openToPaintedMs)} ms`,
  ];
}

export interface FirstOpenSummary {
  /** medians of click -> painted, first webview of a new browser's first window */
  newBrowser: { oursMs: number; minimalMs: number; ratio: number };
  /** the same in a reloaded window */
  reloaded: { oursMs: number; minimalMs: number; ratio: number };
}

function compare(runs: FirstOpen[]): { oursMs: number; minimalMs: number; ratio: number } {
  const oursMs = medianOf(
    runs.filter((r) => r.who === 'ours'),
    (r) => r.openToPaintedMs,
  );
  const minimalMs = medianOf(
    runs.filter((r) => r.who === 'minimal'),
    (r) => r.openToPaintedMs,
  );
  return { oursMs, minimalMs, ratio: Math.round((oursMs / minimalMs) * 100) / 100 };
}

/** Prints the comparison as a table, then each run's timeline, and returns the medians. */
export function reportFirstOpens(
  runs: FirstOpen[],
  say: (line: string) => void,
  table: (head: string[], rows: string[][]) => string,
): FirstOpenSummary {
  const group = (who: FirstOpen['who'], window: FirstOpen['window'], first: boolean) =>
    runs.filter((r) => r.who === who && r.window === window && r.first === first);
  say(
    `\n## 7. First webview open: Ping Sweep's result (100 replies) and a minimal extension's webview, same host, same run\n`,
  );
  say(
    "New browser: the first webview of a new Chromium's first window. Reloaded: the first (or second) webview after a",
  );
  say(
    'window reload. Ours and the minimal one take turns. Medians, in ms after the click; "worker wait" is how long the',
  );
  say('webview host waited for its service worker, "ready sent" to "rendered" are the page\'s own marks.\n');
  say(
    table(
      [
        'open',
        'click -> painted (each run)',
        'frame made',
        'worker wait',
        'HTML written',
        'script loaded',
        'ready sent',
        'state in',
        'rendered',
        'painted',
      ],
      [
        row('ours, new browser', group('ours', 'new browser', true)),
        row('minimal, new browser', group('minimal', 'new browser', true)),
        row('ours, reloaded, first', group('ours', 'reloaded', true)),
        row('minimal, reloaded, first', group('minimal', 'reloaded', true)),
        row('ours, reloaded, second', group('ours', 'reloaded', false)),
        row('minimal, reloaded, second', group('minimal', 'reloaded', false)),
      ],
    ),
  );
  const summary: FirstOpenSummary = {
    newBrowser: compare(runs.filter((r) => r.window === 'new browser')),
    reloaded: compare(runs.filter((r) => r.window === 'reloaded' && r.first)),
  };
  for (const [name, c] of Object.entries(summary)) {
    say(
      `First open, ${name === 'newBrowser' ? 'new browser' : 'reloaded window'}: ours ${c.oursMs} ms, minimal ${c.minimalMs} ms: ${c.ratio.toFixed(2)}x`,
    );
  }
  for (const r of runs.filter((x) => x.first)) {
    const t = r.run.timeline;
    const loads = t.pageResources.map(([name, start, end]) => `${name} ${start}-${end}`).join(', ');
    say(
      `  ${r.window}, ${r.who}: frame ${t.hostFrame}, worker wait ${t.workerWaitMs}, HTML ${t.htmlWritten}; loads ${loads || 'none seen'}; ` +
        `ready ${t.ready}, state ${t.state}, rendered ${t.rendered}, painted ${r.run.openToPaintedMs}`,
    );
  }
  return summary;
}
