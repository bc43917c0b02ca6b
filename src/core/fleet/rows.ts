/**
 * The fleet table: one row per gateway of a fleet sweep (its status and what its sweep says), the gateways
 * whose answer differs from the majority marked, sorting, and the CSV export.
 */
import { csvField, csvLines, csvText } from '../csv';
import type { SweepOutput } from '../schemas';
import { analyzeSweep } from '../sweep';
import { TaskState, isFinal, taskKey } from '../task';

/** One gateway of a fleet: its tracked task, or why its start was refused. */
export interface FleetMember {
  serial: string;
  task?: { taskId: string; state: TaskState; progressPercent: number; output?: SweepOutput; failReason?: string };
  /** Why the start was refused (409 offline, 404 unknown, 403, 400…), in words for the user. */
  refused?: string;
  /** Not started yet (waiting for its turn in the request budget, or on its way): what it waits for, in words. */
  waiting?: string;
}

/** A task's state, or REFUSED for a gateway whose start was refused. */
export type FleetStatus = TaskState | 'REFUSED';

/** One row of the fleet table. Measured fields are null until the sweep completed (or when it has none). */
export interface FleetRow {
  serial: string;
  status: FleetStatus;
  /** The task's key, to open its own result; absent for a refused start. */
  taskKey?: string;
  progressPercent: number;
  largestAlwaysAnswered: number | null;
  firstTimeout: number | null;
  /** Percent, as Central reports it. */
  successRate: number | null;
  averageRttMs: number | null;
  /** True when this completed sweep's thresholds differ from those most gateways share. */
  differs: boolean;
  /** How it differs, e.g. `answers up to 1400 bytes (most: 1472)`. */
  difference?: string;
  /** A refusal or a failure reason. */
  reason?: string;
}

function rowOf(m: FleetMember): FleetRow {
  const base = {
    serial: m.serial,
    largestAlwaysAnswered: null,
    firstTimeout: null,
    successRate: null,
    averageRttMs: null,
    differs: false,
  };
  if (!m.task && m.waiting !== undefined && m.refused === undefined)
    return { ...base, status: 'PENDING', progressPercent: 0, reason: m.waiting };
  if (!m.task)
    return { ...base, status: 'REFUSED', progressPercent: 100, reason: m.refused ?? 'the start was refused' };
  const t = m.task;
  const row: FleetRow = {
    ...base,
    status: t.state,
    taskKey: taskKey({ serial: m.serial, taskId: t.taskId }),
    progressPercent: isFinal(t.state) ? 100 : Math.max(0, Math.min(100, t.progressPercent || 0)),
  };
  if (t.failReason) row.reason = t.failReason;
  if (t.state === 'COMPLETED' && t.output) {
    const a = analyzeSweep(t.output);
    row.largestAlwaysAnswered = a.largestAlwaysAnswered;
    row.firstTimeout = a.smallestTimedOut;
    row.successRate = t.output.successRate;
    row.averageRttMs = t.output.averageRoundTripTimeMilliseconds;
  }
  return row;
}

const signature = (r: FleetRow) => `${r.largestAlwaysAnswered}|${r.firstTimeout}`;
const measured = (r: FleetRow) =>
  r.status === 'COMPLETED' && (r.largestAlwaysAnswered !== null || r.firstTimeout !== null);
const bytes = (n: number | null, none: string) => (n === null ? none : `${n} bytes`);

/** The thresholds most completed sweeps share: the one most common (at least twice, no tie), or undefined. */
function majorityOf(rows: FleetRow[]): FleetRow | undefined {
  const counts = new Map<string, { row: FleetRow; n: number }>();
  for (const r of rows.filter(measured)) {
    const c = counts.get(signature(r)) ?? { row: r, n: 0 };
    c.n++;
    counts.set(signature(r), c);
  }
  const ranked = [...counts.values()].sort((a, b) => b.n - a.n);
  if (!ranked.length || ranked[0].n < 2 || ranked[1]?.n === ranked[0].n) return undefined;
  return ranked[0].row;
}

function differenceFrom(r: FleetRow, most: FleetRow): string {
  const parts: string[] = [];
  if (r.largestAlwaysAnswered !== most.largestAlwaysAnswered) {
    parts.push(
      `answers up to ${bytes(r.largestAlwaysAnswered, 'no size')} (most: ${bytes(most.largestAlwaysAnswered, 'no size')})`,
    );
  }
  if (r.firstTimeout !== most.firstTimeout) {
    parts.push(`first timeout ${bytes(r.firstTimeout, 'none')} (most: ${bytes(most.firstTimeout, 'none')})`);
  }
  return parts.join('; ');
}

/** The fleet table, in the order given, with the gateways that differ from the majority marked. */
export function fleetRows(members: readonly FleetMember[]): FleetRow[] {
  const rows = members.map(rowOf);
  const most = majorityOf(rows);
  if (!most) return rows;
  for (const r of rows) {
    if (!measured(r) || signature(r) === signature(most)) continue;
    r.differs = true;
    r.difference = differenceFrom(r, most);
  }
  return rows;
}

/** Columns the fleet table sorts by. */
export const FLEET_SORT_KEYS = [
  'serial',
  'status',
  'largestAlwaysAnswered',
  'firstTimeout',
  'successRate',
  'averageRttMs',
  'differs',
] as const;
export type FleetSortKey = (typeof FLEET_SORT_KEYS)[number];

const STATUS_ORDER: FleetStatus[] = ['RUNNING', 'INITIATED', 'PENDING', 'COMPLETED', 'FAILED', 'NOT_FOUND', 'REFUSED'];

function value(r: FleetRow, key: FleetSortKey): string | number | null {
  if (key === 'serial') return r.serial;
  if (key === 'status') return STATUS_ORDER.indexOf(r.status);
  if (key === 'differs') return r.differs ? 0 : 1;
  return r[key];
}

/** A sorted copy; empty values last in either direction, ties kept in their order, then by serial. */
export function sortFleetRows(rows: readonly FleetRow[], key: FleetSortKey, descending = false): FleetRow[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      const x = value(a.row, key);
      const y = value(b.row, key);
      if (x === null || y === null) return x === y ? a.i - b.i : x === null ? 1 : -1;
      const c = typeof x === 'string' || typeof y === 'string' ? String(x).localeCompare(String(y)) : x - y;
      return (descending ? -c : c) || a.i - b.i;
    })
    .map((e) => e.row);
}

const CSV_HEADER = [
  'serial',
  'status',
  'largestAlwaysAnswered',
  'firstTimeout',
  'successRate',
  'averageRttMs',
  'differsFromMajority',
  'difference',
  'reason',
  'taskId',
];

/** The fleet table as CSV (RFC 4180, CRLF); text from Central cannot become a spreadsheet formula. */
export function fleetCsv(rows: readonly FleetRow[]): string {
  const lines = [CSV_HEADER];
  for (const r of rows) {
    lines.push([
      csvField(r.serial),
      csvField(r.status),
      csvField(r.largestAlwaysAnswered),
      csvField(r.firstTimeout),
      csvField(r.successRate),
      csvField(r.averageRttMs),
      csvField(r.differs),
      csvText(r.difference),
      csvText(r.reason),
      csvField(r.taskKey ? r.taskKey.slice(r.serial.length + 1) : ''),
    ]);
  }
  return csvLines(lines);
}
