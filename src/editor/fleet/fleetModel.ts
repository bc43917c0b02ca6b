/**
 * A fleet group's state as the views read it: checked like a stored fleet, except that a start on its way stays
 * on its way (only the window that takes the fleet over calls it interrupted), and the fleet table, summary and
 * page state built from it and the tracked tasks. No `vscode` here.
 */
import {
  type FleetState,
  type FleetTask,
  fleetMembers,
  fleetRows,
  fleetStartSentence,
  fleetSummary,
  fleetSweepText,
  parseFleetState,
} from '../../core/fleet';
import type { FleetRow, FleetView } from '../../shared/fleetProtocol';

/** Fleets read, by the stored value: a group's state is replaced on each write, never changed in place. */
const read = new WeakMap<object, FleetState | undefined>();

/**
 * The fleet a group stores, for showing it (the same object for the same stored value: never change it);
 * undefined when the stored value is not a fleet.
 */
export function readFleet(stored: unknown): FleetState | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  if (read.has(stored)) return read.get(stored);
  const parsed = parseFleetState(stored);
  let state: FleetState | undefined;
  if ('state' in parsed) {
    const raw = (stored as { entries: Array<{ status?: unknown }> }).entries;
    state = parsed.state;
    state.entries = state.entries.map((e, i) =>
      raw[i]?.status === 'sending' ? { serial: e.serial, status: 'sending' } : e,
    );
  }
  read.set(stored, state);
  return state;
}

/** True while some gateway of a stored fleet still waits for its start, or its start is on its way. */
export function startsPending(stored: unknown): boolean {
  const entries = (stored as { entries?: unknown } | null)?.entries;
  return (
    Array.isArray(entries) &&
    entries.some((e) => ['waiting', 'sending'].includes((e as { status?: unknown } | null)?.status as string))
  );
}

/** The task keys of the fleet's started gateways, in the fleet's order. */
export function fleetTaskKeys(state: FleetState): string[] {
  return state.entries.flatMap((e) => (e.status === 'started' ? [e.taskKey] : []));
}

/** The fleet table, one row per gateway. */
export function fleetTable(state: FleetState, taskOf: (key: string) => FleetTask | undefined): FleetRow[] {
  return fleetRows(fleetMembers(state, taskOf));
}

/** What the fleet page shows. */
export function fleetView(state: FleetState, taskOf: (key: string) => FleetTask | undefined): FleetView {
  const rows = fleetTable(state, taskOf);
  const summary = fleetSummary(state.params.destination, rows);
  return {
    kind: 'fleet',
    id: state.id,
    title: summary.label,
    description: summary.description,
    sweep: fleetSweepText(state.params),
    starts: fleetStartSentence(state),
    progressPercent: summary.progressPercent,
    active: summary.active || startsPending(state),
    rows,
  };
}
