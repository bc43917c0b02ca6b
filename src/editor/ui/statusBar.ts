import * as vscode from 'vscode';
import { inert } from '../../core/errors';
import { VIEW_ID } from '../platform/constants';
import { TaskStore } from '../tasks/taskStore';
import { isRunning } from './taskText';
import { taskKey } from '../../core/task';
import type { Groups } from '../groups/groups';

/**
 * One status bar item, rendered from the stores by one `update()`; hidden while nothing runs. A running group
 * (an investigation, a fleet) counts as one item with its overall progress; its tasks are not counted again.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: TaskStore,
    private readonly groups?: Groups,
  ) {
    this.item = vscode.window.createStatusBarItem('pingSweep.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Ping Sweep';
    this.item.command = `${VIEW_ID}.focus`;
    const changes = [store.onDidChange(() => this.update())];
    if (groups) changes.push(groups.onDidChange(() => this.update()));
    this.subscription = vscode.Disposable.from(...changes);
    this.update();
  }

  update(): void {
    const running = this.runningItems();
    if (running.length === 0) {
      this.item.hide();
      return;
    }
    const progress = Math.round(running.reduce((sum, r) => sum + r.percent, 0) / running.length);
    this.item.text = `$(sync~spin) Ping Sweep ${running.length} running · ${progress}%`;
    this.item.tooltip = running.map((r) => r.line).join('\n');
    this.item.accessibilityInformation = {
      label: `Ping Sweep: ${running.length} running, ${progress} percent`,
    };
    this.item.show();
  }

  /** The running groups, then the running tasks of no group. */
  private runningItems(): Array<{ percent: number; line: string }> {
    const groups = this.groups?.all() ?? [];
    const items = groups.map((g) => this.groups!.progress(g.id)).filter((p) => p?.running === true);
    const tasks = this.store
      .all()
      .filter((t) => isRunning(t) && !this.groups?.groupOf(taskKey(t)))
      // Inert: right-to-left controls in a destination cannot reorder the rest of the line.
      .map((t) => ({
        percent: t.progressPercent,
        line: `${inert(t.destination || t.taskId)} on ${t.serial}: ${t.state} ${Math.round(t.progressPercent)}%`,
      }));
    return [...items.map((p) => ({ percent: p!.percent, line: p!.line })), ...tasks];
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
