import { sweepSeed } from '../../core/pathMtu/seed';
import { analyzeSweep, flattenReplies } from '../../core/sweep';
import { isFinal, TrackedTask } from '../../core/task';
import type {
  MissingView,
  ReplyColumns,
  ReplyRow,
  ResultState,
  ResultView,
  SummaryItem,
  SummaryValue,
  Tone,
  WebviewMessage,
} from '../../shared/resultProtocol';

/**
 * The extension's half of the result view's protocol (the types are in src/shared/resultProtocol.ts, shared
 * with the page in src/webview): the check of what the webview sends, and the view model that turns a tracked
 * task into the state the webview paints. No `vscode` import: unit-tested in plain mocha.
 */

type Parsers = {
  [T in WebviewMessage['type']]: (m: Record<string, unknown>) => Extract<WebviewMessage, { type: T }> | undefined;
};

/** One check per message type: a type added to the protocol does not compile until it is checked here. */
const PARSERS: Parsers = {
  ready: () => ({ type: 'ready' }),
  refresh: () => ({ type: 'refresh' }),
  export: () => ({ type: 'export' }),
  refine: () => ({ type: 'refine' }),
  rendered: (m) =>
    isCount(m.rows) && typeof m.paintMs === 'number' && Number.isFinite(m.paintMs) && m.paintMs >= 0
      ? { type: 'rendered', rows: m.rows, paintMs: m.paintMs }
      : undefined,
};

/** Checks a message from the webview; anything else (unknown type, bad fields) gives undefined. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return undefined;
  }
  const m = raw as Record<string, unknown>;
  if (typeof m.type !== 'string' || !Object.hasOwn(PARSERS, m.type)) {
    return undefined;
  }
  return PARSERS[m.type as WebviewMessage['type']](m);
}

/** A short, single-line, printable description of a refused message, safe for a log line. */
export function describeMessage(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) {
    return raw === null ? 'null' : typeof raw;
  }
  const type = (raw as Record<string, unknown>).type;
  if (typeof type !== 'string') {
    return 'object without a string type';
  }
  const clean = type.replace(/[^\x20-\x7e]/g, '?');
  return `type "${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}"`;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

// ---- view model -----------------------------------------------------------------------------------------

export interface BuildOptions {
  /** include the reply rows (false when the webview already holds `repliesRevision`) */
  includeReplies: boolean;
  repliesRevision: number;
}

export function panelTitle(key: string, task: TrackedTask | undefined): string {
  const name = task?.output?.destination || task?.destination || task?.taskId || key.split('/').pop() || key;
  return `Ping Sweep: ${name}`;
}

export function missingState(key: string, reason: 'removed' | 'unrestorable'): MissingView {
  return {
    kind: 'missing',
    key,
    title: panelTitle(key, undefined),
    message:
      reason === 'removed'
        ? 'This task is no longer tracked. Track it again with "Ping Sweep: Track Task…" to see its result.'
        : 'This result could not be restored. Open it again from the Tracked Tasks view.',
  };
}

/** Turns a tracked task into the state posted to the webview. */
export function buildResultState(key: string, task: TrackedTask | undefined, opts: BuildOptions): ResultState {
  if (!task) {
    return missingState(key, 'removed');
  }
  return {
    kind: 'task',
    key,
    serial: task.serial,
    taskId: task.taskId,
    title: panelTitle(key, task),
    state: task.state,
    final: isFinal(task.state),
    progressPercent: clampPercent(task.progressPercent),
    failReason: task.failReason ?? null,
    problem: task.problem ?? null,
    // The page words a gateway the credentials may not reach (403) like any stop that Refresh retries.
    paused: task.paused === 'forbidden' ? 'failures' : (task.paused ?? null),
    summary: buildSummary(task),
    result: task.output ? buildResult(task, opts) : null,
  };
}

function buildResult(task: TrackedTask, opts: BuildOptions): ResultView {
  const output = task.output!;
  const analysis = analyzeSweep(output);
  const view: ResultView = {
    verdict: analysis.verdict,
    sizes: analysis.sizes,
    largestAlwaysAnswered: analysis.largestAlwaysAnswered,
    smallestTimedOut: analysis.smallestTimedOut,
    replyCount: analysis.replies,
    timedOutCount: analysis.timedOut,
    canRefine: task.state === 'COMPLETED' && !!task.destination && sweepSeed(output) !== undefined,
    repliesRevision: opts.repliesRevision,
  };
  if (opts.includeReplies) {
    // A value Central sent that could not be read (see the tooltip and the log) stays null: the page shows a dash.
    view.replies = toColumns(flattenReplies(output));
  }
  return view;
}

export function toColumns(rows: readonly ReplyRow[]): ReplyColumns {
  const cols: ReplyColumns = { cycle: [], requestId: [], size: [], timedOut: [] };
  for (const r of rows) {
    cols.cycle.push(r.cycle);
    cols.requestId.push(r.requestId);
    cols.size.push(r.size);
    cols.timedOut.push(r.timedOut ? 1 : 0);
  }
  return cols;
}

export function buildSummary(task: TrackedTask): SummaryItem[] {
  const out = task.output;
  const destination = out?.destination || task.destination;
  const start = task.startTime;
  const end = task.endTime;
  let duration: SummaryValue = { kind: 'none' };
  const startMs = start ? Date.parse(start) : NaN;
  const endMs = end ? Date.parse(end) : NaN;
  if (Number.isFinite(startMs) && Number.isFinite(endMs)) {
    // An end before the start leaves the duration unknown, not 0 ms.
    duration = endMs >= startMs ? { kind: 'duration', ms: endMs - startMs } : { kind: 'none' };
  } else if (start && Number.isFinite(startMs) && !isFinal(task.state)) {
    duration = { kind: 'elapsed', since: start };
  }
  return [
    { id: 'destination', label: 'Destination', value: destination ? text(destination) : NONE },
    {
      id: 'successRate',
      label: 'Success rate',
      value: !out
        ? NONE
        : out.successRate === null
          ? asSent(out, 'successRate')
          : text(`${formatNumber(out.successRate, 1)}%`, rateTone(out.successRate)),
    },
    {
      id: 'packets',
      label: 'Sent / received',
      value: out
        ? text(
            `${out.transmittedPacketsCount ?? sentOr(out, 'transmittedPacketsCount')} / ${out.receivedPacketsCount ?? sentOr(out, 'receivedPacketsCount')}`,
          )
        : NONE,
    },
    { id: 'rtt', label: 'RTT min / avg / max', value: out ? rttValue(out) : NONE },
    { id: 'start', label: 'Start', value: start ? { kind: 'time', iso: start } : NONE },
    { id: 'end', label: 'End', value: end ? { kind: 'time', iso: end } : NONE },
    { id: 'duration', label: duration.kind === 'elapsed' ? 'Elapsed' : 'Duration', value: duration },
  ];
}

const NONE: SummaryValue = { kind: 'none' };

/** A summary number Central sent in a form that could not be read: shown as sent, or as "—" when it was missing. */
function sentOr(out: NonNullable<TrackedTask['output']>, field: string): string {
  return out.asSent?.[field] ?? '—';
}

function asSent(out: NonNullable<TrackedTask['output']>, field: string): SummaryValue {
  return out.asSent?.[field] !== undefined ? text(`${out.asSent[field]} (as sent)`, 'warn') : NONE;
}

function text(t: string, tone?: Tone): SummaryValue {
  return tone ? { kind: 'text', text: t, tone } : { kind: 'text', text: t };
}

function rttValue(out: NonNullable<TrackedTask['output']>): SummaryValue {
  const parts = [
    out.minimumRoundTripTimeMilliseconds,
    out.averageRoundTripTimeMilliseconds,
    out.maximumRoundTripTimeMilliseconds,
  ];
  if (parts.every((p) => p === null || p === undefined)) {
    return text('no replies');
  }
  // One precision for the three, so that they line up: 14.000 / 14.513 / 15.064, not 14 / 14.513 / 15.064.
  const decimals = Math.max(
    0,
    ...parts.map((p) => (typeof p === 'number' ? (formatNumber(p, 3).split('.')[1] ?? '').length : 0)),
  );
  return text(
    `${parts.map((p) => (typeof p === 'number' && Number.isFinite(p) ? p.toFixed(decimals) : '—')).join(' / ')} ms`,
  );
}

function rateTone(rate: number): Tone {
  return rate >= 100 ? 'good' : rate > 0 ? 'warn' : 'bad';
}

/** At most `digits` decimals, no trailing zeros: 110.5970 -> "110.597", 100 -> "100". */
export function formatNumber(n: number, digits: number): string {
  if (!Number.isFinite(n)) {
    return '—';
  }
  return String(Number(n.toFixed(digits)));
}

function clampPercent(p: number): number {
  return Number.isFinite(p) ? Math.min(100, Math.max(0, Math.round(p))) : 0;
}
