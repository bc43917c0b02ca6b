/**
 * The result view's protocol: every message between the extension and the result webview, the state the
 * extension posts, and the state the page keeps across hide and show. Both sides import these types (the
 * extension under Node, the page under the DOM lib), so a change here breaks the type check of both halves,
 * not a user. Imports nothing but types, and nothing that needs `vscode` or Node.
 */
import type { FlatReply, SizeRow } from '../core/sweep';
import type { TaskState } from '../core/task';

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

/** One reply of the reply table, in the gateway's order. */
export type ReplyRow = FlatReply;

/** The reply table's columns, in their order on screen; each is a numeric (or yes/no) field of {@link ReplyRow}. */
export const REPLY_COLUMNS = ['cycle', 'requestId', 'size', 'timedOut'] as const;
export type ReplyColumn = (typeof REPLY_COLUMNS)[number];

export interface Sort {
  column: ReplyColumn;
  direction: 'ascending' | 'descending';
}

/**
 * The replies as parallel columns: index i of each array is one reply, in the gateway's order. A quarter of
 * the bytes of an array of objects, and several times quicker to serialize and clone for 10,000 replies.
 */
export interface ReplyColumns {
  /** null: a value Central sent that could not be read (shown as a dash) */
  cycle: Array<number | null>;
  requestId: Array<number | null>;
  size: Array<number | null>;
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
  /** The answers show a boundary (a size answered, a larger one never did): "Refine around the boundary" is offered. */
  canRefine: boolean;
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
  /** start a path MTU investigation seeded with this sweep's answers */
  | { type: 'refine' }
  /** the reply table finished painting `rows` rows, `paintMs` after the state (or a sort or filter) asked for it */
  | { type: 'rendered'; rows: number; paintMs: number };

// ---- kept by the page -----------------------------------------------------------------------------------

/**
 * What the page keeps in the webview state (`setState`), which survives hide and show and a window reload.
 * The extension's serializer reads only `key`, and trusts nothing of it unchecked.
 */
export interface SavedViewState {
  /** `serial/taskId` of the panel's task */
  key: string;
  sort: Sort | null;
  onlyTimedOut: boolean;
  sizeFilter: string;
}
