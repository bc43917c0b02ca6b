/** Fleet sweeps, pure core: the fleet table and its summary, and the pacing of starts inside the budget. */
export { fleetCsv, fleetRows, sortFleetRows } from './rows';
export type { FleetMember, FleetRow, FleetSortKey, FleetStatus } from './rows';
export { fleetSummary } from './summary';
export type { FleetGroup, FleetSummary } from './summary';
export { FleetPacer, budgetLowerBoundMs, fleetLowerBoundMs } from './pacing';
export type { FleetPacerOptions, PollWindow } from './pacing';
