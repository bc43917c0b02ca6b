/**
 * Reading of a status answer, field by field. Only the status is strict: the poller decides from it whether a
 * task is finished. Any other field Central sends oddly degrades that field alone: it is read as well as it can
 * be (a number as text, a time in epoch seconds), kept as sent where it cannot be, and noted in a
 * {@link FieldNote}; the rest of the answer, and the result above all, is never thrown away for it.
 */
import { toFiniteNumber, type TaskStatus } from './schemas';

/** A field Central sent in an unexpected form. */
export interface FieldNote {
  /** Where it was, e.g. `status` or `output.responses.0.replies.3.size`. */
  field: string;
  /** The value as sent (text as is, anything else as JSON), cut to 100 characters. */
  sent: string;
  /** What became of it, in words: `read as 2025-09-18T10:00:01.000Z`, `not a number; shown as sent`. */
  readAs: string;
  /** For the user's eyes (an unknown status, a value that could not be read), not only the log. */
  shown: boolean;
}

/** One ICMP echo of one cycle; null where Central's value could not be read (see `SweepOutput.asSent`). */
export interface Reply {
  requestId: number | null;
  size: number | null;
  timedOut: boolean | null;
}

/** One cycle of the sweep (`count` is the cycle number, from 1). */
export interface PingResponse {
  count: number | null;
  replies: Reply[];
}

/** The result of a completed sweep. RTTs are null when nothing answered; any number is null when unreadable. */
export interface SweepOutput {
  destination: string;
  successRate: number | null;
  transmittedPacketsCount: number | null;
  receivedPacketsCount: number | null;
  minimumRoundTripTimeMilliseconds: number | null;
  averageRoundTripTimeMilliseconds: number | null;
  maximumRoundTripTimeMilliseconds: number | null;
  responses: PingResponse[];
  /** Values that could not be read, as sent, by their path in the output (`responses.0.replies.3.size`). */
  asSent?: Record<string, string>;
}

/** A status answer as the rest of the extension uses it. */
export interface StatusResponse {
  status: TaskStatus;
  progressPercent: number;
  startTime: string | null;
  endTime: string | null;
  failReason: string | null;
  output: SweepOutput | null;
  /** Fields sent in an unexpected form; absent when there were none. */
  notes?: FieldNote[];
}

const STATUSES: readonly TaskStatus[] = ['INITIATED', 'RUNNING', 'COMPLETED', 'FAILED'];
const MAX_TEXT = 1000;
/** Below this an epoch number is seconds (10^11 s is the year 5138), at or above it milliseconds. */
const EPOCH_MS_FROM = 1e11;

/** A value as sent, as text: a string as is, anything else as JSON; cut to `max` characters. */
export function sentText(value: unknown, max = 100): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** Collects the notes of one answer. */
class Reader {
  readonly notes: FieldNote[] = [];
  readonly asSent: Record<string, string> = {};

  note(field: string, value: unknown, readAs: string, shown: boolean): void {
    this.notes.push({ field, sent: sentText(value), readAs, shown });
  }

  status(value: string): TaskStatus {
    const upper = value.trim().toUpperCase();
    const known = STATUSES.find((s) => s === upper);
    if (known) {
      if (known !== value) this.note('status', value, `read as ${known}`, false);
      return known;
    }
    this.note('status', value, 'not a status this version knows; the task is treated as not finished', true);
    return 'RUNNING';
  }

  percent(value: unknown): number {
    if (absent(value)) return 0;
    const n = toFiniteNumber(value);
    if (n !== undefined) return Math.min(100, Math.max(0, n));
    this.note('progressPercent', value, 'not a number; read as 0', true);
    return 0;
  }

  /** An API time: ISO text as is; epoch seconds or ms (number or digits) as ISO; anything else as sent. */
  time(field: string, value: unknown): string | null {
    if (absent(value)) return null;
    const digits = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value);
    if (typeof value === 'string' && !digits && Number.isFinite(Date.parse(value))) return value;
    if (typeof value !== 'number' && !digits) return this.kept(field, value, 'not a time');
    const n = Number(value);
    if (!Number.isFinite(n)) {
      this.note(field, value, 'not a finite number; no time', true);
      return null;
    }
    const ms = Math.abs(n) < EPOCH_MS_FROM ? n * 1000 : n;
    const date = new Date(Math.round(ms));
    if (Number.isNaN(date.getTime())) return this.kept(field, value, 'beyond any date');
    const iso = date.toISOString();
    this.note(field, value, `epoch ${ms === n ? 'milliseconds' : 'seconds'}, read as ${iso}`, false);
    return iso;
  }

  /** A value that cannot be read, kept as sent for the user to see. */
  private kept(field: string, value: unknown, what: string): string {
    this.note(field, value, `${what}; shown as sent`, true);
    return sentText(value, MAX_TEXT);
  }

  text(field: string, value: unknown): string | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' && value.length <= MAX_TEXT) return value;
    this.note(
      field,
      value,
      typeof value === 'string' ? `cut to ${MAX_TEXT} characters` : 'not text; shown as sent',
      false,
    );
    return sentText(value, MAX_TEXT);
  }

  /** A number of the output; null when absent (silently where `optional`) or unreadable (kept as sent). */
  number(path: string, value: unknown, optional = false): number | null {
    if (absent(value)) {
      if (!optional) this.note(`output.${path}`, value, 'missing', false);
      return null;
    }
    const n = toFiniteNumber(value);
    if (n !== undefined) return n;
    return this.unreadable(path, value, 'not a finite number');
  }

  flag(path: string, value: unknown): boolean | null {
    if (typeof value === 'boolean') return value;
    const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : '';
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    return this.unreadable(path, value, 'not true or false');
  }

  unreadable(path: string, value: unknown, what: string): null {
    this.asSent[path] = sentText(value, 200);
    this.note(`output.${path}`, value, `${what}; shown as sent`, true);
    return null;
  }

  list(path: string, value: unknown): unknown[] {
    if (Array.isArray(value)) return value;
    if (value !== null && value !== undefined) this.note(`output.${path}`, value, 'not a list; read as empty', true);
    return [];
  }

  output(value: unknown): SweepOutput | null {
    if (value === null || value === undefined) return null;
    if (!isRecord(value)) {
      this.note('output', value, 'not an object; the result could not be read', true);
      return null;
    }
    const o = value;
    const destination =
      typeof o.destination === 'string' ? o.destination : (this.text('output.destination', o.destination) ?? '');
    const out: SweepOutput = {
      destination,
      successRate: this.number('successRate', o.successRate),
      transmittedPacketsCount: this.number('transmittedPacketsCount', o.transmittedPacketsCount),
      receivedPacketsCount: this.number('receivedPacketsCount', o.receivedPacketsCount),
      minimumRoundTripTimeMilliseconds: this.number(
        'minimumRoundTripTimeMilliseconds',
        o.minimumRoundTripTimeMilliseconds,
        true,
      ),
      averageRoundTripTimeMilliseconds: this.number(
        'averageRoundTripTimeMilliseconds',
        o.averageRoundTripTimeMilliseconds,
        true,
      ),
      maximumRoundTripTimeMilliseconds: this.number(
        'maximumRoundTripTimeMilliseconds',
        o.maximumRoundTripTimeMilliseconds,
        true,
      ),
      responses: this.list('responses', o.responses).map((r, i) => this.response(`responses.${i}`, r)),
    };
    if (Object.keys(this.asSent).length) out.asSent = this.asSent;
    return out;
  }

  private response(path: string, value: unknown): PingResponse {
    const r = isRecord(value) ? value : {};
    if (!isRecord(value)) this.note(`output.${path}`, value, 'not an object; read as an empty cycle', true);
    const replies = this.list(`${path}.replies`, r.replies).map((x, i) => {
      const at = `${path}.replies.${i}`;
      const reply = isRecord(x) ? x : {};
      if (!isRecord(x)) this.note(`output.${at}`, x, 'not an object; read as an unknown reply', true);
      return {
        requestId: this.number(`${at}.requestId`, reply.requestId),
        size: this.number(`${at}.size`, reply.size),
        timedOut: this.flag(`${at}.timedOut`, reply.timedOut),
      };
    });
    return { count: this.number(`${path}.count`, r.count), replies };
  }
}

/** Reads a status body whose `status` is known to be text (the schema checked it). */
export function readStatusBody(body: Record<string, unknown> & { status: string }): StatusResponse {
  const r = new Reader();
  let status = r.status(body.status);
  const failReason = r.text('failReason', body.failReason);
  const output = r.output(body.output);
  // Central's published examples of sibling tests answer COMPLETED with a reason and no output for a test that
  // could not run: a failed sweep, not a success without a result.
  if (status === 'COMPLETED' && output === null && failReason?.trim()) {
    status = 'FAILED';
    r.note('status', body.status, 'COMPLETED with a failReason and no output; read as FAILED', false);
  }
  const result: StatusResponse = {
    status,
    progressPercent: r.percent(body.progressPercent),
    startTime: r.time('startTime', body.startTime),
    endTime: r.time('endTime', body.endTime),
    failReason,
    output,
  };
  if (r.notes.length) result.notes = r.notes;
  return result;
}
