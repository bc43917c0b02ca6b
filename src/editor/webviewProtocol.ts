import { analyzeSweep, flattenReplies, SizeRow } from '../core/sweep';
import { isFinal, TaskState, TrackedTask } from '../core/task';

/**
 * Messages between the extension and the result webview (media/result.js and its helpers), and the view
 * model that turns a tracked task into the state the webview paints. No `vscode` import: unit-tested in
 * plain mocha.
 */

// ---- extension -> webview -------------------------------------------------------------------------------

export type Tone = 'good' | 'warn' | 'bad';

/** How a summary value is shown; times and durations are formatted in the webview (the user's locale and zone). */
export type SummaryValue =
  | { kind: 'text'; text: string; tone?: Tone }
  | { kind: 'time'; iso: string }
  | { kind: 'duration'; ms: number }
  /** a running task: the webview ticks the elapsed time itself */
  | { kind: 'elapsed'; since: string }
  | { kind: 'none' };

export interface SummaryItem {
  /** stable hook, rendered as `data-field` */
  id: 'destination' | 'successRate' | 'packets' | 'rtt' | 'start' | 'end' | 'duration';
  label: string;
  value: SummaryValue;
}

export interface ReplyRow {
  cycle: number;
  requestId: number;
  size: number;
  timedOut: boolean;
}

/**
 * The replies as parallel columns: index i of each array is one reply, in the gateway's order. A quarter of
 * the bytes of an array of objects, and several times quicker to serialize and clone for 10,000 replies.
 */
export interface ReplyColumns {
  cycle: number[];
  requestId: number[];
  size: number[];
  /** 1 = timed out */
  timedOut: Array<0 | 1>;
}

export interface ResultView {
  verdict: string;
  sizes: SizeRow[];
  largestAlwaysAnswered: number | null;
  smallestTimedOut: number | null;
  replyCount: number;
  timedOutCount: number;
  /** changes whenever the replies change; the webview keeps its rows while it stays the same */
  repliesRevision: number;
  /** omitted when the webview already has this revision (saves re-sending and re-painting 10,000 rows) */
  replies?: ReplyColumns;
}

export interface TaskView {
  kind: 'task';
  key: string;
  serial: string;
  taskId: string;
  /** `Ping Sweep: <destination or task id>`, also the panel title */
  title: string;
  state: TaskState;
  final: boolean;
  progressPercent: number;
  failReason: string | null;
  /** last transient error, e.g. a failed poll that will be retried */
  problem: string | null;
  paused: 'credentials' | 'failures' | null;
  summary: SummaryItem[];
  result: ResultView | null;
}

/** The panel's task is no longer tracked (removed, or a restored panel whose task is gone). */
export interface MissingView {
  kind: 'missing';
  key: string;
  title: string;
  message: string;
}

export type ResultState = TaskView | MissingView;

export type ExtensionMessage = { type: 'state'; state: ResultState };

// ---- webview -> extension -------------------------------------------------------------------------------

export type WebviewMessage =
  /** the script is loaded and listening: only now may the extension post */
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'export' }
  /** the reply table finished painting `rows` rows, `paintMs` after the state (or a sort or filter) asked for it */
  | { type: 'rendered'; rows: number; paintMs: number };

/** Checks a message from the webview; anything else (unknown type, bad fields) gives undefined. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return undefined;
  }
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'refresh':
    case 'export':
      return { type: m.type };
    case 'rendered':
      if (isCount(m.rows) && typeof m.paintMs === 'number' && Number.isFinite(m.paintMs) && m.paintMs >= 0) {
        return { type: 'rendered', rows: m.rows, paintMs: m.paintMs };
      }
      return undefined;
    default:
      return undefined;
  }
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
    repliesRevision: opts.repliesRevision,
  };
  if (opts.includeReplies) {
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

/** The inverse of {@link toColumns}; undefined when the columns do not line up. */
export function fromColumns(cols: ReplyColumns): ReplyRow[] | undefined {
  const n = cols.size.length;
  if (cols.cycle.length !== n || cols.requestId.length !== n || cols.timedOut.length !== n) {
    return undefined;
  }
  return cols.size.map((size, i) => ({
    cycle: cols.cycle[i],
    requestId: cols.requestId[i],
    size,
    timedOut: cols.timedOut[i] === 1,
  }));
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
    duration = { kind: 'duration', ms: Math.max(0, endMs - startMs) };
  } else if (start && Number.isFinite(startMs) && !isFinal(task.state)) {
    duration = { kind: 'elapsed', since: start };
  }
  return [
    { id: 'destination', label: 'Destination', value: destination ? text(destination) : NONE },
    {
      id: 'successRate',
      label: 'Success rate',
      value: out ? text(`${formatNumber(out.successRate, 1)}%`, rateTone(out.successRate)) : NONE,
    },
    {
      id: 'packets',
      label: 'Sent / received',
      value: out ? text(`${out.transmittedPacketsCount} / ${out.receivedPacketsCount}`) : NONE,
    },
    { id: 'rtt', label: 'RTT min / avg / max', value: out ? rttValue(out) : NONE },
    { id: 'start', label: 'Start', value: start ? { kind: 'time', iso: start } : NONE },
    { id: 'end', label: 'End', value: end ? { kind: 'time', iso: end } : NONE },
    { id: 'duration', label: duration.kind === 'elapsed' ? 'Elapsed' : 'Duration', value: duration },
  ];
}

const NONE: SummaryValue = { kind: 'none' };

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
  const decimals = Math.max(0, ...parts.map((p) => (typeof p === 'number' ? (formatNumber(p, 3).split('.')[1] ?? '').length : 0)));
  return text(`${parts.map((p) => (typeof p === 'number' && Number.isFinite(p) ? p.toFixed(decimals) : '—')).join(' / ')} ms`);
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
