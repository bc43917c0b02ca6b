import * as vscode from 'vscode';
import type { StartSweepRequest } from '../../core/schemas';
import type { ComparePageState } from '../../shared/compareProtocol';
import type { FindPathMtuOptions } from '../investigations/types';

/** What `pingSweep.setCredentials` takes from a script: a token, or an API client's id and secret. */
export type CredentialsArgument = { token: string } | { clientId: string; clientSecret: string };

/**
 * Every command of the contract with the arguments a caller may pass and what it resolves to. The handlers
 * (commands/index.ts) must match it, and the extension's own calls go through {@link executeCommand}, so the
 * compiler checks both ends. Handlers still check what they are given: menus, links and scripts pass anything.
 */
export interface PingSweepCommands {
  'pingSweep.trackTask': (serialOrUrl?: string, taskId?: string) => Promise<string | undefined>;
  'pingSweep.startSweep': (serial?: string, request?: StartSweepRequest) => Promise<string | undefined>;
  'pingSweep.importTasks': (serial?: string, taskIds?: string[]) => Promise<string[]>;
  'pingSweep.setCredentials': (credentials?: CredentialsArgument) => Promise<boolean>;
  'pingSweep.clearCredentials': () => Promise<void>;
  'pingSweep.selectCluster': (url?: string) => Promise<string | undefined>;
  'pingSweep.openResult': (key?: string) => Promise<string | undefined>;
  /** From the tree: the clicked item and the selected ones (tasks, `group:<id>`); from a script: one key. */
  'pingSweep.refresh': (key?: string, keys?: string[]) => void;
  'pingSweep.removeTask': (key?: string, keys?: string[]) => Promise<void>;
  'pingSweep.exportResult': (key?: string, target?: vscode.Uri | string) => Promise<vscode.Uri | undefined>;
  'pingSweep.showLog': () => void;
  'pingSweep.copyTaskId': (key?: string, keys?: string[]) => Promise<void>;
  'pingSweep.clearFinished': () => number;
  'pingSweep.retryTask': (key?: string, keys?: string[]) => void;
  /** With `{ pathMtu: true }`: Find Path MTU on each gateway, `request` its `{ destination, start?, end?, cycles? }`. */
  'pingSweep.startSweepOnGateways': (
    serials?: string[] | string,
    request?: StartSweepRequest | ({ destination: string } & FindPathMtuOptions),
    options?: { pathMtu?: boolean },
  ) => Promise<string | string[] | undefined>;
  'pingSweep.findPathMtu': (
    serial?: string,
    destination?: string,
    options?: { start?: number; end?: number; cycles?: number },
  ) => Promise<string | undefined>;
  'pingSweep.openInvestigation': (id?: string) => void;
  'pingSweep.retryInvestigation': (id?: string) => Promise<void>;
  'pingSweep.stopInvestigation': (id?: string) => Promise<void>;
  'pingSweep.refineBoundary': (key?: string) => Promise<string | undefined>;
  /** From the tree: the clicked task and the selected ones; from a script: task keys (either argument). */
  'pingSweep.compareResults': (key?: string | string[], keys?: string[]) => Promise<ComparePageState | undefined>;
}

export type CommandId = keyof PingSweepCommands;

/** Runs one of the extension's commands with arguments the compiler has checked against {@link PingSweepCommands}. */
export function executeCommand<K extends CommandId>(
  id: K,
  ...args: Parameters<PingSweepCommands[K]>
): Thenable<Awaited<ReturnType<PingSweepCommands[K]>> | undefined> {
  return vscode.commands.executeCommand(id, ...args);
}
