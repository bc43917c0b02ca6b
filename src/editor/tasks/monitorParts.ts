import type * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import type { PollOptions } from '../../core/polling/timing';
import type { CredentialStore } from '../platform/credentials';
import type { ErrorFunnel } from '../platform/errorFunnel';
import type { Logger } from '../platform/log';
import type { LiveSettings } from '../platform/settings';
import type { CentralAccess } from './central';
import type { SharedTaskState } from './sharedTasks';
import type { TaskStore } from './taskStore';

export interface MonitorTuning {
  timing?: Partial<PollOptions>;
  leaseMs?: number;
}

/** What a monitor works with; built once in the composition root. */
export interface MonitorParts {
  store: TaskStore;
  /** Where another window's word on a task is taken in. */
  shared: Pick<SharedTaskState, 'adopt'>;
  credentials: CredentialStore;
  central: CentralAccess;
  settings: LiveSettings;
  globalState: vscode.Memento;
  log: Logger;
  funnel: ErrorFunnel;
  clock?: Clock;
  /** Fine tuning for tests: poll timing (backoff in milliseconds), the lease's length. */
  tuning?: MonitorTuning;
}
