/**
 * Two or more completed sweeps side by side: the answer rate of every size in each (a size a sweep did not
 * try is absent there, not a failure), each sweep's verdict and RTTs, and one sentence on what changed from
 * the oldest to the newest, e.g. `1473–1500 bytes now answer; average RTT 4.1 ms lower.`
 */
import type { SweepOutput } from './schemas';
import { analyzeSweep } from './sweep';

/** One sweep to compare. */
export interface CompareInput {
  /** The task's key, to link its own result. */
  key: string;
  serial: string;
  destination?: string;
  /** The API's start time; sweeps are ordered by it, oldest first (unreadable times last, in the order given). */
  startTime?: string | null;
  output: SweepOutput;
}

/** One sweep's column. */
export interface CompareColumn {
  key: string;
  serial: string;
  destination: string;
  startTime: string | null;
  verdict: string;
  /** Null when Central sent one that could not be read. */
  successRate: number | null;
  minRttMs: number | null;
  averageRttMs: number | null;
  maxRttMs: number | null;
  /** Average RTT minus the oldest sweep's (null for the oldest, or when either has none). */
  averageRttDeltaMs: number | null;
}

/** One size's answers in one sweep; null where that sweep did not try the size. */
export type CompareCell = { sent: number; answered: number; rate: number } | null;

/** A size and its cells, one per column. */
export interface CompareRow {
  size: number;
  cells: CompareCell[];
}

/** Sweeps side by side. */
export interface Comparison {
  columns: CompareColumn[];
  rows: CompareRow[];
  /** What changed between the oldest and the newest, in one sentence. */
  change: string;
}

function timeOf(input: CompareInput): number {
  const t = input.startTime ? Date.parse(input.startTime) : NaN;
  return Number.isFinite(t) ? t : Infinity;
}

/** The sweeps side by side, oldest first; fewer than two sweeps is an error said in words. */
export function compareSweeps(inputs: readonly CompareInput[]): Comparison | { error: string } {
  if (inputs.length < 2) return { error: 'Pick at least two completed sweeps to compare.' };
  const ordered = inputs
    .map((input, i) => ({ input, i }))
    .sort((a, b) => timeOf(a.input) - timeOf(b.input) || a.i - b.i);
  const analyses = ordered.map(({ input }) => analyzeSweep(input.output));
  const oldestAvg = ordered[0].input.output.averageRoundTripTimeMilliseconds;
  const columns = ordered.map(({ input }, i): CompareColumn => {
    const o = input.output;
    const avg = o.averageRoundTripTimeMilliseconds;
    return {
      key: input.key,
      serial: input.serial,
      destination: o.destination || input.destination || '',
      startTime: input.startTime ?? null,
      verdict: analyses[i].verdict,
      successRate: o.successRate,
      minRttMs: o.minimumRoundTripTimeMilliseconds,
      averageRttMs: avg,
      maxRttMs: o.maximumRoundTripTimeMilliseconds,
      averageRttDeltaMs: i === 0 || avg === null || oldestAvg === null ? null : round(avg - oldestAvg),
    };
  });
  const sizes = [...new Set(analyses.flatMap((a) => a.sizes.map((r) => r.size)))].sort((a, b) => a - b);
  const bySize = analyses.map((a) => new Map(a.sizes.map((r) => [r.size, r])));
  const rows = sizes.map((size) => ({
    size,
    cells: bySize.map((m): CompareCell => {
      const r = m.get(size);
      return r && r.sent > 0 ? { sent: r.sent, answered: r.answered, rate: r.answered / r.sent } : null;
    }),
  }));
  return { columns, rows, change: changeSentence(rows, columns) };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Consecutive sizes (among those compared) sharing a change, as `1473–1500 bytes`. */
function spans(sizes: number[], all: number[]): string[] {
  const chosen = new Set(sizes);
  const out: string[] = [];
  let first = -1;
  for (let i = 0; i < all.length; i++) {
    const inside = chosen.has(all[i]);
    if (inside && first < 0) first = i;
    if (first >= 0 && (!inside || i === all.length - 1)) {
      const last = inside ? i : i - 1;
      out.push(first === last ? `${all[first]}` : `${all[first]}–${all[last]}`);
      first = -1;
    }
  }
  const more = out.length > 3 ? ` (and ${out.length - 3} more range${out.length === 4 ? '' : 's'})` : '';
  return out.length ? [`${out.slice(0, 3).join(', ')} bytes${more}`] : [];
}

function changeSentence(rows: CompareRow[], columns: CompareColumn[]): string {
  const last = columns.length - 1;
  const both = rows.filter((r) => r.cells[0] && r.cells[last]);
  const full = (c: CompareCell) => c !== null && c.answered === c.sent;
  const nowAnswer = both.filter((r) => !full(r.cells[0]) && full(r.cells[last])).map((r) => r.size);
  const nowTimeOut = both.filter((r) => full(r.cells[0]) && !full(r.cells[last])).map((r) => r.size);
  const common = both.map((r) => r.size);
  const parts: string[] = [];
  if (!common.length)
    parts.push(
      'the oldest and the newest sweep share no packet size, so their answers cannot be compared size by size',
    );
  else if (!nowAnswer.length && !nowTimeOut.length) parts.push('the same sizes answer as before');
  for (const s of spans(nowAnswer, common)) parts.push(`${s} now answer`);
  for (const s of spans(nowTimeOut, common)) parts.push(`${s} now lose replies`);
  const delta = columns[last].averageRttDeltaMs;
  if (delta !== null) {
    parts.push(
      Math.abs(delta) < 0.05
        ? 'average RTT unchanged'
        : `average RTT ${Math.abs(delta).toFixed(1)} ms ${delta < 0 ? 'lower' : 'higher'}`,
    );
  }
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
