import { executeCommand } from './commands';
import * as vscode from 'vscode';
import { ApiError, describeError, inert, isAbort } from '../../core/errors';
import { Logger } from './log';

export interface FunnelAction {
  title: string;
  run(): unknown;
}

/**
 * One place where problems reach the user: logged in full, shown once per distinct problem (until it is
 * resolved or the user acted on it), short, with the action that fixes it and "Show Log". Cancellation is
 * silent. Every message is logged as shown and made inert: text from Central never becomes a link.
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
    this.present(vscode.window.showWarningMessage, message, actions, id);
  }

  /** The problem went away: the next occurrence may be shown again. */
  resolved(id: string): void {
    this.showing.delete(id);
  }

  /**
   * Reports the failure of a user action: silent when cancelled, otherwise logged and shown as
   * `what: detail`, where `detail` words the error for that action (by default its own, redacted message).
   */
  report(component: string, what: string, err: unknown, detail: (err: unknown) => string = describeError): void {
    if (isCancellation(err)) {
      return;
    }
    this.log.error(component, what, err);
    const actions: FunnelAction[] =
      err instanceof ApiError && err.kind === 'unauthorized'
        ? [{ title: 'Set Credentials', run: () => executeCommand('pingSweep.setCredentials') }]
        : [];
    this.present(vscode.window.showErrorMessage, `${what}: ${detail(err)}`, actions);
  }

  private present(
    show: (message: string, ...items: string[]) => Thenable<string | undefined>,
    message: string,
    actions: FunnelAction[],
    id?: string,
  ): void {
    const text = inert(message);
    this.log.info('message', text);
    void show(text, ...actions.map((a) => a.title), 'Show Log').then((picked) => {
      if (picked === 'Show Log') {
        void executeCommand('pingSweep.showLog');
      } else if (picked) {
        // Acted on: if the action does not fix it, the user hears about it again.
        this.resolved(id ?? '');
        actions.find((a) => a.title === picked)?.run();
      }
    });
  }
}

export function isCancellation(err: unknown): boolean {
  return err instanceof vscode.CancellationError || isAbort(err);
}
