/**
 * Words and numbers of the fleet table, one row per gateway: its status, its thresholds, success rate and
 * average RTT, and how it differs from most gateways. Pure: no DOM, unit-tested under Node.
 */
import type { FleetRow } from '../../shared/fleetProtocol';
import { type BadgeTone, formatCount } from '../format';

const DASH = '\u2014';

/** The cells of one row, as text, in the table's order. */
export interface FleetCellTexts {
  serial: string;
  status: string;
  statusTone: BadgeTone;
  /** a refusal or failure reason; '' when there is none */
  reason: string;
  largestAlwaysAnswered: string;
  firstTimeout: string;
  successRate: string;
  averageRttMs: string;
  /** e.g. `answers up to 1400 bytes (most: 1472)`; '' for a gateway like most */
  difference: string;
}

function bytes(n: number | null, completed: boolean, none: string): string {
  if (n === null) return completed ? none : DASH;
  return `${formatCount(n)} bytes`;
}

function number(n: number | null, unit: string): string {
  if (n === null || !Number.isFinite(n)) return DASH;
  return `${Math.round(n * 10) / 10}${unit}`;
}

/** A row's status in words: `Running 40%`, `Refused`… */
export function fleetStatusText(row: Pick<FleetRow, 'status' | 'progressPercent'>): { text: string; tone: BadgeTone } {
  switch (row.status) {
    case 'COMPLETED':
      return { text: 'Completed', tone: 'good' };
    case 'RUNNING':
      return { text: `Running ${Math.round(Number(row.progressPercent) || 0)}%`, tone: 'running' };
    case 'INITIATED':
      return { text: 'Initiated', tone: 'running' };
    case 'PENDING':
      return { text: 'Pending', tone: 'neutral' };
    case 'FAILED':
      return { text: 'Failed', tone: 'bad' };
    case 'NOT_FOUND':
      return { text: 'Not found', tone: 'bad' };
    case 'REFUSED':
      return { text: 'Refused', tone: 'bad' };
    default:
      return { text: String(row.status), tone: 'neutral' };
  }
}

/**
 * The cells of a row. A completed sweep without a threshold says so (`none`: no size always answered, or
 * nothing timed out); a sweep not completed has no values yet (a dash).
 */
export function fleetCellTexts(row: FleetRow): FleetCellTexts {
  const completed = row.status === 'COMPLETED';
  const status = fleetStatusText(row);
  return {
    serial: row.serial,
    status: status.text,
    statusTone: status.tone,
    reason: row.reason ?? '',
    largestAlwaysAnswered: bytes(row.largestAlwaysAnswered, completed, 'none'),
    firstTimeout: bytes(row.firstTimeout, completed, 'none'),
    successRate: number(row.successRate, '%'),
    averageRttMs: number(row.averageRttMs, ' ms'),
    difference: row.differs ? (row.difference ?? 'differs from most') : '',
  };
}

/** The line under the title: what runs, what the starts became, and how many differ. */
export function fleetStatusLine(description: string, starts: string, rows: readonly FleetRow[]): string {
  const differing = rows.filter((r) => r.differs).length;
  const differs = differing ? ` · ${differing} differ${differing === 1 ? 's' : ''} from most` : '';
  return `${description}${differs}. ${starts}.`;
}
