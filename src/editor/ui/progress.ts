import * as vscode from 'vscode';
import { inert } from '../../core/errors';
import { isFinal } from '../../core/task';
import { describeState } from './taskText';
import { TaskStore } from '../tasks/taskStore';

/**
 * A cancellable notification that follows one task until it ends. Cancelling closes the notification only;
 * the task stays tracked and polled.
 */
export function followInNotification(store: TaskStore, key: string): void {
  const first = store.get(key);
  if (!first || isFinal(first.state)) {
    return;
  }
  const title = inert(`Ping Sweep ${first.destination || first.taskId}`);
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) =>
      new Promise<void>((resolve) => {
        let shown = 0;
        const report = () => {
          const task = store.get(key);
          if (!task || isFinal(task.state) || task.paused) {
            done();
            return;
          }
          const percent = Math.round(task.progressPercent);
          progress.report({ increment: Math.max(0, percent - shown), message: describeState(task) });
          shown = Math.max(shown, percent);
        };
        const subscription = store.onDidChange(({ changed, removed }) => {
          if (changed.includes(key) || removed.includes(key)) {
            report();
          }
        });
        const cancel = token.onCancellationRequested(() => done());
        function done() {
          subscription.dispose();
          cancel.dispose();
          resolve();
        }
        report();
      }),
  );
}
