import * as vscode from 'vscode';
import { inert } from '../../core/errors';
import { VIEW_ID } from '../platform/constants';
import { TaskStore } from '../tasks/taskStore';
import { isRunning } from './taskText';

/** One status bar item, rendered from the store by one `update()`; hidden while nothing runs. */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: TaskStore) {
    this.item = vscode.window.createStatusBarItem('pingSweep.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Ping Sweep';
    this.item.command = `${VIEW_ID}.focus`;
    this.subscription = store.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const running = this.store.all().filter(isRunning);
    if (running.length === 0) {
      this.item.hide();
      return;
    }
    const progress = Math.round(running.reduce((sum, t) => sum + t.progressPercent, 0) / running.length);
    this.item.text = `$(sync~spin) Ping Sweep ${running.length} running · ${progress}%`;
    this.item.tooltip = running
      // Inert: right-to-left controls in a destination cannot reorder the rest of the line.
      .map((t) => `${inert(t.destination || t.taskId)} on ${t.serial}: ${t.state} ${Math.round(t.progressPercent)}%`)
      .join('\n');
    this.item.accessibilityInformation = {
      label: `Ping Sweep: ${running.length} running, ${progress} percent`,
    };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
