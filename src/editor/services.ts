import * as vscode from 'vscode';
import { CredentialStore } from './credentials';
import { ErrorFunnel } from './errorFunnel';
import { Logger } from './log';
import { Monitor } from './monitor';
import { Recents } from './recents';
import { ResultViews } from './lazyResults';
import { TaskStore } from './taskStore';

/** What command handlers work with; built once in the composition root. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly store: TaskStore;
  readonly credentials: CredentialStore;
  readonly monitor: Monitor;
  readonly panels: ResultViews;
  readonly funnel: ErrorFunnel;
  readonly log: Logger;
  readonly logChannel: vscode.LogOutputChannel;
  readonly treeView: vscode.TreeView<string>;
  readonly recents: Recents;
}
