/**
 * The fleet page's state and what it is told: the sort kept across hide and show, the check of each message
 * from the extension, and the order of the rows. Pure: no DOM, unit-tested under Node.
 */
import { sortFleetRows } from '../../core/fleet/rows';
import {
  FLEET_COLUMNS,
  type FleetExtensionMessage,
  type FleetRow,
  type FleetSavedState,
  type FleetSort,
  type FleetView,
} from '../../shared/fleetProtocol';
import { nextColumnSort, validColumnSort } from '../sorting';

/** Longest id kept from saved state. */
const MAX_ID = 200;

/** The view to start from: the id the extension wrote into the page wins; a saved sort is kept if valid. */
export function restoreFleetView(saved: unknown, pageId: string): FleetSavedState {
  const s = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
  const id = pageId || (typeof s.id === 'string' ? s.id.slice(0, MAX_ID) : '');
  return { id, sort: validColumnSort(s.sort, FLEET_COLUMNS) };
}

/** The sort after a click on a column's header. */
export function nextFleetSort(current: FleetSort | null, column: FleetSort['column']): FleetSort {
  return nextColumnSort(current, column);
}

/** The rows in the order shown: the fleet's own, or sorted (empty values last either way, ties by serial order). */
export function visibleFleetRows(rows: readonly FleetRow[], sort: FleetSort | null): FleetRow[] {
  return sort ? sortFleetRows(rows, sort.column, sort.direction === 'descending') : [...rows];
}

function isRow(r: unknown): r is FleetRow {
  const row = r as Partial<FleetRow> | null;
  return typeof row === 'object' && row !== null && typeof row.serial === 'string' && typeof row.status === 'string';
}

/** A message from the extension, or undefined for anything that is not one (rows that are not rows are dropped). */
export function parseFleetMessage(data: unknown): FleetExtensionMessage | undefined {
  const m = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const state = typeof m.state === 'object' && m.state !== null ? (m.state as Record<string, unknown>) : undefined;
  if (m.type !== 'state' || !state || typeof state.id !== 'string') return undefined;
  if (state.kind === 'missing') return m as FleetExtensionMessage;
  if (state.kind !== 'fleet' || !Array.isArray(state.rows)) return undefined;
  const view = state as unknown as FleetView;
  return { type: 'state', state: { ...view, rows: view.rows.filter(isRow) } };
}
