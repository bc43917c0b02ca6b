import * as vscode from 'vscode';
import { type FleetState, fleetSummary, fleetSweepText, fleetStartSentence, parseFleetState } from '../../core/fleet';
import { inert } from '../../core/errors';
import type { GroupItemView, GroupKindHandler, GroupProgress, GroupRecord } from '../groups/types';
import type { Services } from '../services';
import type { TrackedTask } from '../../core/task';
import type { TaskStore } from '../tasks/taskStore';
import { driveFleet } from './fleetDrive';
import { fleetElement } from './fleetElement';
import { fleetTable, fleetTaskKeys, readFleet, startsPending } from './fleetModel';

/**
 * The fleet kind of task group: one item in the tree (`10.1.1.1 on 24 gateways`, `18 done · 4 running · 2 refused`)
 * with a task per started gateway as children, one item in the status bar with the fleet's overall progress, and
 * the driver that starts what still waits.
 */
export class FleetGroups implements GroupKindHandler {
  constructor(private readonly s: Services) {}

  members(record: GroupRecord): string[] {
    const state = this.read(record);
    return state ? fleetTaskKeys(state) : [];
  }

  item(record: GroupRecord, tasks: TaskStore): GroupItemView {
    const state = this.read(record);
    const command: vscode.Command = {
      command: 'pingSweep.openResult',
      title: 'Open Fleet',
      arguments: [fleetElement(record.id)],
    };
    if (!state) {
      return {
        label: 'Fleet sweep',
        description: 'cannot be read',
        tooltip: 'This fleet was saved in a form this version cannot read.',
        icon: 'warning',
        contextValue: 'group.fleet.done',
      };
    }
    const summary = fleetSummary(
      state.params.destination,
      fleetTable(state, (k) => tasks.get(k)),
    );
    const running = summary.active || startsPending(state);
    return {
      label: inert(summary.label),
      description: summary.description,
      tooltip: inert(`${fleetSweepText(state.params)}\n${fleetStartSentence(state)}\n${summary.description}`),
      icon: 'server-environment',
      contextValue: `group.fleet.${running ? 'running' : 'done'}`,
      command,
    };
  }

  /** Every task of a fleet sweeps the same destination: its gateway tells the rows apart. */
  childLabel(_record: GroupRecord, task: TrackedTask): string {
    return task.serial;
  }

  progress(record: GroupRecord, tasks: TaskStore): GroupProgress {
    const state = this.read(record);
    if (!state) return { running: false, percent: 100, line: 'Fleet sweep: cannot be read' };
    const summary = fleetSummary(
      state.params.destination,
      fleetTable(state, (k) => tasks.get(k)),
    );
    return {
      running: summary.active || startsPending(state),
      percent: summary.progressPercent,
      line: inert(`${summary.label}: ${summary.description}`),
    };
  }

  finished(record: GroupRecord): boolean {
    return !startsPending(record.state);
  }

  drive(record: GroupRecord): vscode.Disposable {
    // Read as a stored fleet: a start that was on its way when its window closed is now interrupted.
    const parsed = parseFleetState(record.state);
    if ('error' in parsed) {
      this.s.log.warn('fleet', `fleet ${record.id} is not driven: ${parsed.error}`);
      return { dispose: () => undefined };
    }
    // What the reading changed (an interrupted start) is stored, so the fleet's state says it too.
    this.s.groups.update(record.id, parsed.state);
    return driveFleet(this.s, parsed.state);
  }

  private read(record: GroupRecord): FleetState | undefined {
    return readFleet(record.state);
  }
}
