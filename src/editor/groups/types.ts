import type * as vscode from 'vscode';
import type { TrackedTask } from '../../core/task';
import type { TaskStore } from '../tasks/taskStore';

/** The kinds of task groups: a path MTU investigation (its stages) and a fleet sweep (one task per gateway). */
export type GroupKind = 'investigation' | 'fleet';

/**
 * A group of tracked tasks as stored in globalState (one key per group, like tasks): its kind, its id, and the
 * JSON of its runner's state (a path MTU run state or a fleet state), which says which tasks belong to it.
 */
export interface GroupRecord {
  readonly id: string;
  readonly kind: GroupKind;
  /** Local epoch ms, set when the group is created; newest groups come first in the tree. */
  readonly addedAt: number;
  /** Local epoch ms of the last write; the newer copy wins between windows. */
  readonly updatedAt: number;
  /** The runner's `toJSON()`; parsed again by the kind's {@link GroupKindHandler}. */
  readonly state: unknown;
}

export interface GroupStoreChange {
  changed: string[];
  removed: string[];
}

/** How the tree shows a group item: the kind renders it from its state and the task store. */
export interface GroupItemView {
  label: string;
  description: string;
  tooltip: string;
  /** A codicon id, e.g. 'pulse' or 'server-environment'. */
  icon: string;
  /** Menus key on it: `group.investigation.running`, `group.fleet.done` … */
  contextValue: string;
  /** Opens the group's page when the item is clicked. */
  command?: vscode.Command;
}

/** What the status bar shows of a group: one item with its overall progress, while it runs. */
export interface GroupProgress {
  running: boolean;
  /** 0-100. */
  percent: number;
  /** One line of the status bar's tooltip. */
  line: string;
}

/**
 * What each kind of group tells the shared parts (store, tree, status bar, lease host). One handler per kind,
 * registered once in the composition root.
 */
export interface GroupKindHandler {
  /** The task keys of the group, in the order the tree shows them. Bad state: []. */
  members(record: GroupRecord): string[];
  item(record: GroupRecord, tasks: TaskStore): GroupItemView;
  /**
   * The label of one of the group's tasks in the tree, when the destination (shared by every member) does not
   * tell them apart: a fleet's tasks by gateway, an investigation's by stage. Undefined: the task's own label.
   */
  childLabel?(record: GroupRecord, task: TrackedTask): string | undefined;
  progress(record: GroupRecord, tasks: TaskStore): GroupProgress;
  /** True when nothing is left to drive (concluded, stopped, all started): no lease is taken for it. */
  finished(record: GroupRecord): boolean;
  /**
   * Starts or resumes driving the group in this window (it holds the group's lease). The runner writes its
   * state back with `GroupStore.update`. Disposing stops driving here without cancelling anything: another
   * window, or this one after a reload, resumes from the stored state.
   */
  drive(record: GroupRecord): vscode.Disposable;
}
