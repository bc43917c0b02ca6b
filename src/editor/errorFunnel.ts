import * as vscode from 'vscode';
import { ApiError } from '../core/errors';
import { COMMANDS } from './constants';
import { Logger } from './log';

export interface FunnelAction {
  title: string;
  run(): unknown;
}

/**
 * One place where problems reach the user: logged in full, shown once per distinct problem (until it is
 * resolved), short, with the action that fixes it and "Show Log". Cancellation is silent.
 */
export class ErrorFunnel {
  private readonly showing = new Set<string>();

  constructor(private readonly log: Logger) {}

  /** Shows a warning unless the same problem is already on screen or was shown and not yet resolved. */
  showOnce(id: string, message: string, actions: FunnelAction[] = []): void {
    if (this.showing.has(id)) {
      return;
    }
    this.showing.add(id);
    present(vscode.window.showWarningMessage, message, actions);
  }

  /** The problem went away: the next occurrence may be shown again. */
  resolved(id: string): void {
    this.showing.delete(id);
  }

  /** Reports the failure of a user action: silent when cancelled, otherwise logged and shown. */
  report(component: string, what: string, err: unknown): void {
    if (isCancellation(err)) {
      return;
    }
    this.log.error(component, what, err);
    const detail = err instanceof Error ? err.message : String(err);
    const actions: FunnelAction[] =
      err instanceof ApiError && err.kind === 'unauthorized'
        ? [{ title: 'Set Credentials', run: () => vscode.commands.executeCommand(COMMANDS.setCredentials) }]
        : [];
    present(vscode.window.showErrorMessage, `${what}: ${detail}`, actions);
  }
}

function present(
  show: (message: string, ...items: string[]) => Thenable<string | undefined>,
  message: string,
  actions: FunnelAction[],
): void {
  void show(message, ...actions.map((a) => a.title), 'Show Log').then((picked) => {
    if (picked === 'Show Log') {
      void vscode.commands.executeCommand(COMMANDS.showLog);
    } else {
      actions.find((a) => a.title === picked)?.run();
    }
  });
}

export function isCancellation(err: unknown): boolean {
  return (
    err instanceof vscode.CancellationError ||
    (err instanceof ApiError && err.kind === 'aborted') ||
    (err instanceof Error && err.name === 'AbortError')
  );
}
