/**
 * The fleet view's protocol: the messages between the extension and the fleet webview (one row per gateway of a
 * fleet sweep), the state the extension posts, and the state the page keeps across hide and show. Both sides
 * import these types; the checks of what arrives are here too, pure, so each side runs the same ones.
 * Imports nothing that needs `vscode`, Node or the DOM.
 */
import { FLEET_SORT_KEYS, type FleetRow, type FleetSortKey } from '../core/fleet/rows';
import { type OpenTaskMessage, messageFields, parseOpenTask } from './openTask';

export type { FleetRow, FleetSortKey } from '../core/fleet/rows';

// ---- extension -> webview -------------------------------------------------------------------------------

export interface FleetView {
  kind: 'fleet';
  /** the group's id (`FleetState.id`) */
  id: string;
  /** e.g. `10.1.1.1 on 24 gateways` (`fleetSummary().label`), also the panel title */
  title: string;
  /** e.g. `18 done · 4 running · 2 refused` (`fleetSummary().description`) */
  description: string;
  /** the sweep every gateway runs, in words (`fleetSweepText`): `Ping sweep to 10.1.1.1 (1400–1500 bytes, step 50, 5 cycles)` */
  sweep: string;
  /** what became of the starts: `Started 21 of 24; 2 offline, 1 unknown` (`fleetStartSentence`) */
  starts: string;
  /** 0..100 over the gateways whose start was accepted */
  progressPercent: number;
  /** true while any gateway's sweep may still change */
  active: boolean;
  /** the table, in the fleet's order (`fleetRows`): the page sorts it, the marks of the differing ones included */
  rows: FleetRow[];
}

/** The panel's fleet is gone (removed, or a restored panel whose group is no longer kept). */
export interface FleetMissingView {
  kind: 'missing';
  id: string;
  title: string;
  message: string;
}

export type FleetPageState = FleetView | FleetMissingView;

export type FleetExtensionMessage = { type: 'state'; state: FleetPageState };

// ---- webview -> extension -------------------------------------------------------------------------------

export type FleetWebviewMessage =
  /** the script listens: only now may the extension post */
  | { type: 'ready' }
  /** open the result of one gateway's task (`FleetRow.taskKey`) */
  | OpenTaskMessage
  /** save the fleet table as CSV (`fleetCsv`) */
  | { type: 'export' };

/** A message from the fleet page, or undefined for anything that is not one. */
export function parseFleetWebviewMessage(data: unknown): FleetWebviewMessage | undefined {
  const m = messageFields(data);
  return m.type === 'ready' || m.type === 'export' ? { type: m.type } : parseOpenTask(m);
}

// ---- kept by the page -----------------------------------------------------------------------------------

export interface FleetSort {
  column: FleetSortKey;
  direction: 'ascending' | 'descending';
}

/** The fleet table's sortable columns, in their order on screen. */
export const FLEET_COLUMNS: readonly FleetSortKey[] = FLEET_SORT_KEYS;

/**
 * What the page keeps in the webview state. The extension's serializer reads only `id`, to restore the panel
 * after a reload, and trusts nothing of it unchecked.
 */
export interface FleetSavedState {
  id: string;
  sort: FleetSort | null;
}
