import type { CommandId } from './commands';

/** Identifiers of the user-facing contract. People bind keys to these: never rename them. */
export const COMMANDS = {
  trackTask: 'pingSweep.trackTask',
  startSweep: 'pingSweep.startSweep',
  importTasks: 'pingSweep.importTasks',
  setCredentials: 'pingSweep.setCredentials',
  clearCredentials: 'pingSweep.clearCredentials',
  selectCluster: 'pingSweep.selectCluster',
  openResult: 'pingSweep.openResult',
  refresh: 'pingSweep.refresh',
  removeTask: 'pingSweep.removeTask',
  exportResult: 'pingSweep.exportResult',
  showLog: 'pingSweep.showLog',
  copyTaskId: 'pingSweep.copyTaskId',
  clearFinished: 'pingSweep.clearFinished',
  retryTask: 'pingSweep.retryTask',
  startSweepOnGateways: 'pingSweep.startSweepOnGateways',
  findPathMtu: 'pingSweep.findPathMtu',
  openInvestigation: 'pingSweep.openInvestigation',
  retryInvestigation: 'pingSweep.retryInvestigation',
  stopInvestigation: 'pingSweep.stopInvestigation',
  refineBoundary: 'pingSweep.refineBoundary',
  compareResults: 'pingSweep.compareResults',
} as const satisfies Record<string, CommandId>;

export const VIEW_CONTAINER_ID = 'pingSweep';
export const VIEW_ID = 'pingSweep.tasks';
export const RESULT_VIEW_TYPE = 'pingSweep.result';
export const FLEET_VIEW_TYPE = 'pingSweep.fleet';
/** The path MTU investigation's page. */
export const PATH_MTU_VIEW_TYPE = 'pingSweep.pathMtu';
export const COMPARE_VIEW_TYPE = 'pingSweep.compare';

/** Setting names, relative to the `pingSweep` section. */
export const SETTINGS = {
  section: 'pingSweep',
  baseUrl: 'baseUrl',
  apiVersion: 'apiVersion',
  tokenUrl: 'tokenUrl',
  requestsPerMinute: 'polling.requestsPerMinute',
  maxConsecutiveFailures: 'polling.maxConsecutiveFailures',
  giveUpAfterMinutes: 'polling.giveUpAfterMinutes',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
} as const;

/** SecretStorage keys. Values are JSON of core `Credentials`. */
export const SECRET_KEYS = {
  credentials: 'pingSweep.credentials',
} as const;

/** Context keys that drive `when` clauses of menus and welcome views. */
export const CONTEXT_KEYS = {
  hasCredentials: 'pingSweep.hasCredentials',
  hasTasks: 'pingSweep.hasTasks',
} as const;

/** globalState keys. Each task lives under its own key so two windows never overwrite each other's list. */
export const STATE_KEYS = {
  taskPrefix: 'pingSweep.task:',
  /** `{ owner, until }`: the window that polls a task; the others read its results from here. */
  leasePrefix: 'pingSweep.lease:',
  /** A task group (a path MTU investigation, a fleet sweep): its record, or a tombstone after removal. */
  groupPrefix: 'pingSweep.group:',
  versionByBaseUrl: 'pingSweep.versionByBaseUrl',
} as const;
