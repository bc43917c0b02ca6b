/**
 * Reading of a completed sweep: the per-size table, the MTU-like thresholds, a one-line verdict, and the
 * CSV / JSON exports. Pure functions of a validated {@link SweepOutput}; nothing here touches I/O.
 */
import type { SweepOutput } from './schemas';
import type { TaskState } from './task';

/** Replies of one packet size, over every cycle. */
export interface SizeRow {
  size: number;
  sent: number;
  answered: number;
  timedOut: number;
}

/** What a sweep says about the path. */
export interface SweepAnalysis {
  /** One row per distinct size, ascending, whatever order the gateway reported them in. */
  sizes: SizeRow[];
  /** Largest size none of whose replies timed out; null when every size lost at least one. */
  largestAlwaysAnswered: number | null;
  /** Smallest size with at least one timeout; null when nothing timed out. */
  smallestTimedOut: number | null;
  /** Number of replies (sent ICMP requests) in the output. */
  replies: number;
  /** How many of them timed out. */
  timedOut: number;
  /** One plain sentence, e.g. `answers up to 1400 bytes; first timeout at 1450`. */
  verdict: string;
}

/** One reply with the cycle it belongs to, in the order the gateway reported them; null where unreadable. */
export interface FlatReply {
  cycle: number | null;
  requestId: number | null;
  size: number | null;
  timedOut: boolean | null;
}

/** Every reply of every cycle, flattened. `cycle` is the gateway's cycle number (`count`). */
export function flattenReplies(output: SweepOutput): FlatReply[] {
  const rows: FlatReply[] = [];
  for (const response of output.responses) {
    for (const r of response.replies) {
      rows.push({ cycle: response.count, requestId: r.requestId, size: r.size, timedOut: r.timedOut });
    }
  }
  return rows;
}

/**
 * Builds the per-size table, the thresholds and the verdict. A reply whose size could not be read counts in the
 * totals but in no size's row; one whose outcome could not be read counts as sent, neither answered nor timed
 * out, so its size is not "always answered".
 */
export function analyzeSweep(output: SweepOutput): SweepAnalysis {
  const bySize = new Map<number, SizeRow>();
  let replies = 0;
  let timedOut = 0;
  for (const r of flattenReplies(output)) {
    replies++;
    if (r.timedOut === true) timedOut++;
    if (r.size === null) continue;
    let row = bySize.get(r.size);
    if (!row) {
      row = { size: r.size, sent: 0, answered: 0, timedOut: 0 };
      bySize.set(r.size, row);
    }
    row.sent++;
    if (r.timedOut === true) row.timedOut++;
    else if (r.timedOut === false) row.answered++;
  }
  const sizes = [...bySize.values()].sort((a, b) => a.size - b.size);
  let largestAlwaysAnswered: number | null = null;
  let smallestTimedOut: number | null = null;
  for (const row of sizes) {
    if (row.answered === row.sent) largestAlwaysAnswered = row.size;
    else if (smallestTimedOut === null) smallestTimedOut = row.size;
  }
  const verdict = verdictFor(sizes, largestAlwaysAnswered, smallestTimedOut);
  return { sizes, largestAlwaysAnswered, smallestTimedOut, replies, timedOut, verdict };
}

function span(sizes: SizeRow[]): string {
  const lo = sizes[0].size;
  const hi = sizes[sizes.length - 1].size;
  return lo === hi ? `${lo} bytes` : `${lo}–${hi} bytes`;
}

/**
 * The sentence distinguishes a clean cut-off (the signature of an MTU or fragmentation limit) from scattered
 * loss, because the two call for different fixes and a bare pair of numbers hides the difference.
 */
function verdictFor(sizes: SizeRow[], largest: number | null, smallest: number | null): string {
  if (sizes.length === 0) return 'no replies recorded';
  if (smallest === null) return `every size answered (${span(sizes)})`;
  if (sizes.every((row) => row.answered === 0)) return `nothing answered (${span(sizes)} all timed out)`;
  if (largest === null) return `replies lost at every size (${span(sizes)}); first timeout at ${smallest}`;
  if (largest < smallest) {
    const base = `answers up to ${largest} bytes; first timeout at ${smallest}`;
    const aboveAnswered = sizes.some((row) => row.size >= smallest && row.answered > 0);
    return aboveAnswered ? `${base}, but some larger sizes still answered (intermittent loss)` : base;
  }
  return `intermittent loss: first timeout at ${smallest} bytes, yet ${largest} bytes always answered`;
}

const CSV_HEADER = ['cycle', 'requestId', 'size', 'timedOut'];

/** RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled. */
function csvField(value: string | number | boolean): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The replies as CSV (RFC 4180: CRLF line ends, header `cycle,requestId,size,timedOut`). A value that could not
 * be read is written as Central sent it.
 */
export function toCsv(output: SweepOutput): string {
  const lines = [CSV_HEADER.join(',')];
  const sent = output.asSent ?? {};
  output.responses.forEach((response, i) => {
    response.replies.forEach((r, j) => {
      const at = `responses.${i}.replies.${j}`;
      const cells = [
        [response.count, `responses.${i}.count`],
        [r.requestId, `${at}.requestId`],
        [r.size, `${at}.size`],
        [r.timedOut, `${at}.timedOut`],
      ] as const;
      lines.push(cells.map(([value, path]) => csvField(value ?? sent[path] ?? '')).join(','));
    });
  });
  return lines.join('\r\n') + '\r\n';
}

/** The task facts a JSON export carries. A {@link TrackedTask} fits; only these fields are read. */
export interface SweepExportSource {
  serial: string;
  taskId: string;
  destination?: string;
  state?: TaskState;
  startTime?: string | null;
  endTime?: string | null;
  failReason?: string | null;
  output?: SweepOutput | null;
}

/** Milliseconds between two API times; null when either is missing or unreadable, or the end is before the start. */
export function durationMs(start: string | null | undefined, end: string | null | undefined): number | null {
  if (!start || !end) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/** Why a JSON export holds null where the task had a value: nothing is left out without a word. */
function exportNotes(task: SweepExportSource): string[] {
  const notes: string[] = [];
  const { startTime: start, endTime: end } = task;
  if (start && end && durationMs(start, end) === null) {
    const why =
      Number.isFinite(Date.parse(start)) && Number.isFinite(Date.parse(end))
        ? 'the end is before the start'
        : 'a time could not be read';
    notes.push(`durationMs: unknown, ${why} (start ${start}, end ${end})`);
  }
  for (const [path, sent] of Object.entries(task.output?.asSent ?? {})) {
    notes.push(`output.${path}: Central sent ${JSON.stringify(sent)}, which could not be read; null here`);
  }
  return notes;
}

/**
 * The task and its result as pretty-printed JSON. Fields are copied one by one, never spread, so that
 * nothing else a caller's object holds (a base URL with credentials, a token) can leak into a file.
 */
export function toJson(task: SweepExportSource): string {
  const output = task.output ?? null;
  const analysis = output ? analyzeSweep(output) : null;
  const doc = {
    serial: task.serial,
    taskId: task.taskId,
    destination: output?.destination || task.destination || null,
    status: task.state ?? null,
    startTime: task.startTime ?? null,
    endTime: task.endTime ?? null,
    durationMs: durationMs(task.startTime, task.endTime),
    failReason: task.failReason ?? null,
    summary:
      output && analysis
        ? {
            successRate: output.successRate,
            transmittedPacketsCount: output.transmittedPacketsCount,
            receivedPacketsCount: output.receivedPacketsCount,
            minimumRoundTripTimeMilliseconds: output.minimumRoundTripTimeMilliseconds,
            averageRoundTripTimeMilliseconds: output.averageRoundTripTimeMilliseconds,
            maximumRoundTripTimeMilliseconds: output.maximumRoundTripTimeMilliseconds,
            replies: analysis.replies,
            timedOut: analysis.timedOut,
            largestAlwaysAnswered: analysis.largestAlwaysAnswered,
            smallestTimedOut: analysis.smallestTimedOut,
            verdict: analysis.verdict,
            sizes: analysis.sizes,
          }
        : null,
    replies: output ? flattenReplies(output) : [],
    notes: exportNotes(task),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
