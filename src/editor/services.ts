import * as vscode from 'vscode';
import type { Clock } from '../core/clock';
import { CredentialStore } from './platform/credentials';
import { ErrorFunnel } from './platform/errorFunnel';
import { Logger } from './platform/log';
import { CentralAccess } from './tasks/central';
import { Monitor } from './tasks/monitor';
import { LiveSettings } from './platform/settings';
import { Recents } from './ui/recents';
import { ResultViews } from './results/lazyResults';
import type { LazyFleets } from './fleet/lazyFleet';
import type { CompareViews } from './compare/lazyCompare';
import { TaskStore } from './tasks/taskStore';
import type { Investigations } from './investigations/types';
import type { Groups } from './groups/groups';
import type { Results } from './tasks/lazyResults';

/** What command handlers work with; built once in the composition root. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly store: TaskStore;
  /** Results kept in files: `whenLoaded(key)` before reading a task's `output` that may still be loading. */
  readonly results: Results;
  readonly credentials: CredentialStore;
  readonly monitor: Monitor;
  readonly central: CentralAccess;
  readonly settings: LiveSettings;
  readonly panels: ResultViews;
  /** Fleet sweeps: their kind of group and their pages, loaded on first use (see fleet/lazyFleet.ts). */
  readonly fleets: LazyFleets;
  readonly compare: CompareViews;
  readonly funnel: ErrorFunnel;
  readonly log: Logger;
  readonly logChannel: vscode.LogOutputChannel;
  readonly treeView: vscode.TreeView<string>;
  readonly recents: Recents;
  readonly clock: Clock;
  /** Path MTU investigations: their commands, pages and driver, bundled apart and loaded on first use. */
  pathMtu(): Investigations;
  /** Task groups: path MTU investigations and fleet sweeps, each shown as one tree item over its tasks. */
  readonly groups: Groups;
  /** The commands bundled apart (see commands/later.ts), loaded on first use. */
  later(): typeof import('./commands/later');
}
