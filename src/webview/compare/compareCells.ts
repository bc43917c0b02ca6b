/**
 * Words and numbers of the compare page: each sweep's heading, an answer rate (or a size the sweep did not try,
 * which is no failure), RTTs and their difference from the oldest sweep, the check of each message, and the
 * state kept across hide and show. Pure: no DOM, unit-tested under Node.
 */
import {
  type CompareCell,
  type CompareColumn,
  type CompareExtensionMessage,
  type CompareRow,
} from '../../shared/compareProtocol';
import { formatTime, type BadgeTone } from '../format';

export { restoreCompareView } from '../../shared/compareProtocol';

const DASH = '\u2014';
const MINUS = '\u2212';

export type RateTone = 'good' | 'warn' | 'bad' | 'absent';

/** One size's answers in one sweep, e.g. `100% (5/5)`; a size the sweep did not try says so, in a tone of its own. */
export function rateText(cell: CompareCell): { text: string; tone: RateTone; percent: number | null } {
  if (!cell) return { text: 'not in this sweep', tone: 'absent', percent: null };
  const percent = Math.round(cell.rate * 100);
  const tone: RateTone = cell.answered === cell.sent ? 'good' : cell.answered === 0 ? 'bad' : 'warn';
  return { text: `${percent}% (${cell.answered}/${cell.sent})`, tone, percent };
}

/** A time in ms to one decimal, or a dash where there is none. */
export function msText(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? DASH : `${Math.round(ms * 10) / 10} ms`;
}

/** A percentage, or a dash. */
export function percentText(n: number | null): string {
  return n === null || !Number.isFinite(n) ? DASH : `${Math.round(n * 10) / 10}%`;
}

/** The average RTT against the oldest sweep's: `−4.1 ms` (lower, good), `+2 ms` (higher, bad); '' for the oldest. */
export function deltaText(ms: number | null): { text: string; tone: BadgeTone; words: string } {
  if (ms === null || !Number.isFinite(ms)) return { text: '', tone: 'neutral', words: '' };
  const abs = Math.round(Math.abs(ms) * 10) / 10;
  if (abs === 0) return { text: `±0 ms`, tone: 'neutral', words: 'the same as the oldest sweep' };
  return ms < 0
    ? { text: `${MINUS}${abs} ms`, tone: 'good', words: `${abs} ms lower than the oldest sweep` }
    : { text: `+${abs} ms`, tone: 'bad', words: `${abs} ms higher than the oldest sweep` };
}

/** What heads a sweep's column: its gateway, destination and start time (in the user's zone). */
export function columnHeading(col: CompareColumn): { serial: string; destination: string; time: string } {
  const t = col.startTime ? formatTime(col.startTime) : undefined;
  return {
    serial: col.serial,
    destination: col.destination || DASH,
    time: t ? `${t.date} ${t.time}`.trim() : 'start time unknown',
  };
}

/** True when a size answers in full in the oldest sweep and not in the newest, or the other way round. */
export function sizeChanged(row: CompareRow): boolean {
  const first = row.cells[0];
  const last = row.cells[row.cells.length - 1];
  if (!first || !last || row.cells.length < 2) return false;
  return (first.answered === first.sent) !== (last.answered === last.sent);
}

/** A message from the extension, or undefined for anything that is not one. */
export function parseCompareMessage(data: unknown): CompareExtensionMessage | undefined {
  const m = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const state = typeof m.state === 'object' && m.state !== null ? (m.state as Record<string, unknown>) : undefined;
  if (m.type !== 'state' || !state) return undefined;
  if (state.kind === 'error' && typeof state.message === 'string') return m as CompareExtensionMessage;
  const c = state.comparison as Record<string, unknown> | null | undefined;
  const ok =
    state.kind === 'comparison' &&
    typeof c === 'object' &&
    c !== null &&
    Array.isArray(c.columns) &&
    Array.isArray(c.rows);
  return ok ? (m as CompareExtensionMessage) : undefined;
}
