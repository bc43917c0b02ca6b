/**
 * Fleet sweeps, pure core: the fleet table and its summary, the pacing of starts inside the budget, the
 * runner that starts them, and the fleet's saved state with the report of its starts.
 */
export { FLEET_SORT_KEYS, fleetCsv, fleetRows, sortFleetRows } from './rows';
export type { FleetMember, FleetRow, FleetSortKey, FleetStatus } from './rows';
export { fleetSummary } from './summary';
export type { FleetGroup, FleetSummary } from './summary';
export { FleetPacer, budgetLowerBoundMs, fleetLowerBoundMs } from './pacing';
export type { FleetPacerOptions, PollWindow } from './pacing';
export { FleetRunner } from './runner';
export type { FleetRunnerOptions, FleetStartReport, StartSweepFn } from './runner';
export { FLEET_STATE_VERSION, REFUSAL_KINDS, createFleetState, fleetMembers, parseFleetState } from './state';
export type { FleetEntry, FleetRefusal, FleetState, FleetTask, RefusalKind } from './state';
export { fleetStartCounts, fleetStartDetails, fleetStartSentence, fleetSweepText, refusalOf } from './startReport';
export type { FleetStartCounts } from './startReport';
