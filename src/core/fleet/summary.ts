/**
 * The fleet as one item: a label, a description that counts gateways by outcome, and one overall progress
 * (for the tree's group item and the status bar).
 */
import type { FleetRow, FleetStatus } from './rows';

/** Outcome groups, in the order the description names them. */
export type FleetGroup = 'done' | 'running' | 'failed' | 'not found' | 'refused';

const GROUP_OF: Record<FleetStatus, FleetGroup> = {
  COMPLETED: 'done',
  PENDING: 'running',
  INITIATED: 'running',
  RUNNING: 'running',
  FAILED: 'failed',
  NOT_FOUND: 'not found',
  REFUSED: 'refused',
};
const GROUPS: FleetGroup[] = ['done', 'running', 'failed', 'not found', 'refused'];

/** A fleet in one line or two. */
export interface FleetSummary {
  /** e.g. `10.1.1.1 on 24 gateways` */
  label: string;
  /** e.g. `18 done · 4 running · 2 refused` */
  description: string;
  counts: Record<FleetGroup, number>;
  /** 0..100 over the gateways whose start was accepted (final ones count 100); 100 when none was. */
  progressPercent: number;
  /** True while any gateway's sweep may still change. */
  active: boolean;
  /** Gateways whose answer differs from the majority. */
  differing: number;
}

/** Summarizes a fleet's rows for the group item. */
export function fleetSummary(destination: string, rows: readonly FleetRow[]): FleetSummary {
  const counts = Object.fromEntries(GROUPS.map((g) => [g, 0])) as Record<FleetGroup, number>;
  for (const r of rows) counts[GROUP_OF[r.status] ?? 'running']++;
  const started = rows.filter((r) => r.status !== 'REFUSED');
  const total = started.reduce((sum, r) => sum + (GROUP_OF[r.status] === 'running' ? r.progressPercent : 100), 0);
  const progressPercent = started.length ? Math.floor(total / started.length) : 100;
  const n = rows.length;
  const parts = GROUPS.filter((g) => counts[g] > 0).map((g) => `${counts[g]} ${g}`);
  return {
    label: `${destination} on ${n} gateway${n === 1 ? '' : 's'}`,
    description: parts.length ? parts.join(' · ') : 'no gateways',
    counts,
    progressPercent,
    active: counts.running > 0,
    differing: rows.filter((r) => r.differs).length,
  };
}
