import * as vscode from 'vscode';
import { TrackedTask, taskKey } from '../../core/task';
import { describeState } from './taskText';
import { taskLabels } from '../../core/taskLabels';
import { COMMANDS } from '../platform/constants';
import { TaskStore } from '../tasks/taskStore';
import { groupElement, groupIdOf } from '../groups/elements';
import type { Groups } from '../groups/groups';
import type { GroupItemView } from '../groups/types';

/**
 * The "Tracked Tasks" view. Elements are task keys and group elements (`group:<id>`, see groups/elements.ts):
 * groups come first, newest first, with their tasks as children; then the tasks of no group. Items are
 * rendered from the stores on demand, and a task change repaints only its item and its group's (a whole
 * refresh only when tasks or groups come, go or change members).
 */
export class TaskTreeProvider implements vscode.TreeDataProvider<string>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<string | string[] | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly subscriptions: vscode.Disposable[];
  private known = new Set<string>();
  /** Labels by key, made again when tasks come or go (each depends on the other tasks of its gateway). */
  private labels: Map<string, string> | undefined;

  constructor(
    private readonly store: TaskStore,
    private readonly groups?: Groups,
  ) {
    this.subscriptions = [
      store.onDidChange(({ changed, removed }) => {
        const added = changed.some((k) => !this.known.has(k));
        if (added || removed.length > 0) {
          this.labels = undefined;
          this._onDidChangeTreeData.fire(undefined);
        } else if (changed.length > 0) {
          const owners = changed.map((k) => this.groups?.groupOf(k)?.id).filter((id) => id !== undefined);
          this._onDidChangeTreeData.fire([...changed, ...new Set(owners.map(groupElement))]);
        }
      }),
    ];
    if (groups) {
      this.subscriptions.push(groups.onDidChange(() => this._onDidChangeTreeData.fire(undefined)));
    }
  }

  getChildren(element?: string): string[] {
    const groupId = groupIdOf(element);
    if (groupId !== undefined) {
      return this.groups!.members(groupId).filter((key) => this.store.has(key));
    }
    if (element !== undefined) {
      return [];
    }
    const keys = this.store.all().map(taskKey);
    this.known = new Set(keys);
    const groups = this.groups?.all() ?? [];
    return [...groups.map((g) => groupElement(g.id)), ...keys.filter((key) => !this.groups?.groupOf(key))];
  }

  getParent(element: string): string | undefined {
    const group = groupIdOf(element) === undefined ? this.groups?.groupOf(element) : undefined;
    return group ? groupElement(group.id) : undefined;
  }

  getTreeItem(element: string): vscode.TreeItem {
    const groupId = groupIdOf(element);
    if (groupId !== undefined) {
      return renderGroup(element, this.groups?.item(groupId));
    }
    const task = this.store.get(element);
    if (!task) {
      return new vscode.TreeItem(element);
    }
    const group = this.groups?.groupOf(element);
    const childLabel = group && this.groups!.childLabel(group.id, task);
    if (childLabel) {
      return renderItem(task, undefined, childLabel);
    }
    if (!this.labels?.has(element)) {
      this.labels = taskLabels(this.store.all());
    }
    return renderItem(task, this.labels.get(element));
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this._onDidChangeTreeData.dispose();
  }
}

/** A group's item: what its kind says, expanded by default (VS Code then remembers what the person chose). */
function renderGroup(element: string, view: GroupItemView | undefined): vscode.TreeItem {
  if (!view) {
    return new vscode.TreeItem('Unknown group', vscode.TreeItemCollapsibleState.None);
  }
  const item = new vscode.TreeItem(view.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = element;
  item.description = view.description;
  item.tooltip = view.tooltip;
  item.iconPath = new vscode.ThemeIcon(view.icon);
  item.contextValue = view.contextValue;
  item.command = view.command;
  item.accessibilityInformation = { label: `${view.label}, ${view.description}` };
  return item;
}

/**
 * The tree item of a task: label, status description, icon, tooltip, and the context value menus key on.
 * `idLabel` is its label among the other tracked tasks (see taskLabels) while no destination is known;
 * `groupLabel`, its group's label for it (its gateway in a fleet, its stage in an investigation), comes first.
 */
export function renderItem(task: TrackedTask, idLabel?: string, groupLabel?: string): vscode.TreeItem {
  const label = groupLabel || task.destination || idLabel || taskLabels([task]).get(taskKey(task)) || task.taskId;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = taskKey(task);
  item.description = describeState(task);
  item.iconPath = iconFor(task);
  item.tooltip = tooltipFor(task);
  // A result still loading from its file counts: Export and Open Result await it.
  const hasResult = task.output !== undefined || task.resultStored === true;
  item.contextValue = `task.${task.state.toLowerCase()}${hasResult ? '.hasResult' : ''}`;
  item.command = { command: COMMANDS.openResult, title: 'Open Result', arguments: [item.id] };
  item.accessibilityInformation = { label: `${item.label as string}, ${item.description}` };
  return item;
}

function iconFor(task: TrackedTask): vscode.ThemeIcon {
  switch (task.state) {
    case 'COMPLETED':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'FAILED':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'NOT_FOUND':
      return new vscode.ThemeIcon('question', new vscode.ThemeColor('disabledForeground'));
    case 'RUNNING':
    case 'INITIATED':
      return task.paused
        ? new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('editorWarning.foreground'))
        : new vscode.ThemeIcon('sync~spin');
    default:
      return new vscode.ThemeIcon('clock');
  }
}

/** Plain-text tooltip: server strings are never interpreted as markdown. */
function tooltipFor(task: TrackedTask): string {
  const lines = [`Gateway: ${task.serial}`, `Task: ${task.taskId}`, `Status: ${describeState(task)}`];
  if (task.destination) lines.push(`Destination: ${task.destination}`);
  if (task.startTime) lines.push(`Started: ${task.startTime}`);
  if (task.endTime) lines.push(`Ended: ${task.endTime}`);
  if (task.failReason) lines.push(`Fail reason: ${task.failReason}`);
  if (task.problem) lines.push(`Problem: ${task.problem}`);
  if (task.note) lines.push(`Note: ${task.note}`);
  if (task.version) lines.push(`API: ${task.version} at ${task.baseUrl}`);
  return lines.join('\n');
}
