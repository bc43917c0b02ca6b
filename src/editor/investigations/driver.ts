import * as vscode from 'vscode';
import {
  PathMtuRunState,
  PathMtuRunner,
  StageProgress,
  StageStart,
  inFlight,
  parseRunState,
  runDescription,
  runLabel,
  runTooltip,
  stageNumber,
} from '../../core/pathMtu';
import { type TrackedTask, taskKey } from '../../core/task';
import { describeError } from '../../core/errors';
import type { GroupItemView, GroupKindHandler, GroupProgress, GroupRecord } from '../groups/types';
import type { Services } from '../services';
import type { TaskStore } from '../tasks/taskStore';
import { awaitTask } from './awaitTask';
import { StagePacer } from './stagePacer';
import type { InvestigationGroups } from './types';

const LOG = 'pathMtu';
/** The command a group item runs when clicked: opens the investigation's page. */
export const OPEN_COMMAND = 'pingSweep.openInvestigation';

/** The run state of a stored group, or undefined when it is unreadable. */
export function runStateOf(record: GroupRecord | undefined): PathMtuRunState | undefined {
  if (!record || record.kind !== 'investigation') return undefined;
  const parsed = parseRunState(record.state);
  return 'state' in parsed ? parsed.state : undefined;
}

/** What the store knows of the task of the stage in flight. */
export function stageProgress(state: PathMtuRunState, tasks: TaskStore): StageProgress | undefined {
  const key = inFlight(state)?.stage.task;
  const task = key === undefined ? undefined : tasks.get(key);
  return task ? { state: task.state, progressPercent: task.progressPercent } : undefined;
}

/**
 * The investigation kind of task group: how its item, members and progress read, and driving it in this
 * window with a {@link PathMtuRunner} whose stages are ordinary tracked tasks, its state written back to the
 * group store on every change.
 */
export class InvestigationDriver implements GroupKindHandler, vscode.Disposable {
  private readonly runners = new Map<string, PathMtuRunner>();
  /** Stage starts of this window's investigations take their turn inside the request budget: made on the first. */
  private pacer: StagePacer | undefined;

  constructor(
    private readonly s: Services,
    private readonly groups: InvestigationGroups,
  ) {}

  dispose(): void {
    this.pacer?.dispose();
  }

  private turn(signal: AbortSignal): Promise<void> {
    const { s } = this;
    this.pacer ??= new StagePacer({
      clock: s.clock,
      requestsPerMinute: () => s.settings.current.requestsPerMinute,
      onDidSendPoll: s.monitor.onDidSendPoll,
      noteRateLimit: (w) => s.monitor.noteRateLimit(w),
    });
    return this.pacer.turn(signal);
  }

  members(record: GroupRecord): string[] {
    const state = runStateOf(record);
    return state ? state.stages.flatMap((st) => (st.task === undefined ? [] : [st.task])) : [];
  }

  item(record: GroupRecord, tasks: TaskStore): GroupItemView {
    const state = runStateOf(record);
    if (!state) {
      return {
        label: 'Path MTU',
        description: 'unreadable',
        tooltip: 'This investigation could not be read back; remove it.',
        icon: 'warning',
        contextValue: 'group.investigation.unreadable',
      };
    }
    const progress = stageProgress(state, tasks);
    return {
      label: runLabel(state),
      description: runDescription(state, progress),
      tooltip: runTooltip(state, progress),
      icon: state.phase === 'paused' ? 'debug-pause' : state.phase === 'running' ? 'pulse' : 'symbol-ruler',
      contextValue: `group.investigation.${state.phase}`,
      command: { title: 'Open Investigation', command: OPEN_COMMAND, arguments: [record.id] },
    };
  }

  /** A stage's task by its stage and range (`stage 2 · 1400–1500`): each sweeps the same destination. */
  childLabel(record: GroupRecord, task: TrackedTask): string | undefined {
    const state = runStateOf(record);
    const key = taskKey(task);
    const index = state ? state.stages.findIndex((st) => st.task === key) : -1;
    if (!state || index < 0) return undefined;
    const { startPacketSize, endPacketSize } = state.stages[index].plan;
    return `stage ${stageNumber(state, index)} · ${startPacketSize}–${endPacketSize}`;
  }

  progress(record: GroupRecord, tasks: TaskStore): GroupProgress {
    const state = runStateOf(record);
    if (!state) return { running: false, percent: 0, line: 'Path MTU: unreadable' };
    const stage = stageProgress(state, tasks);
    return {
      running: state.phase === 'running',
      percent: Math.max(0, Math.min(100, Math.round(stage?.progressPercent ?? 0))),
      line: `${runLabel(state)}: ${runDescription(state, stage)}`,
    };
  }

  finished(record: GroupRecord): boolean {
    const state = runStateOf(record);
    return !state || state.phase === 'done' || state.phase === 'stopped';
  }

  drive(record: GroupRecord): vscode.Disposable {
    const state = runStateOf(record);
    if (!state) {
      this.s.log.warn(LOG, `investigation ${record.id} is unreadable; it is not driven`);
      return { dispose: () => undefined };
    }
    this.runners.get(record.id)?.dispose();
    const runner = new PathMtuRunner({
      state,
      startSweep: (start, signal) => this.startStage(start, signal),
      awaitResult: (key, signal) => awaitTask(this.s.store, key, signal, (k) => this.s.results.want(k)),
      clock: this.s.clock,
      onListenerError: (err) => this.s.log.error(LOG, 'an investigation listener failed', err),
    });
    this.runners.set(record.id, runner);
    runner.onDidChange((change) => {
      this.groups.update(record.id, runner.toJSON());
      if (change.kind === 'paused') this.s.log.warn(LOG, `${record.id} paused: ${change.state.pause?.reason ?? ''}`);
      else this.s.log.info(LOG, `${record.id}: ${change.kind}`);
    });
    void runner.run();
    return {
      dispose: () => {
        runner.dispose();
        if (this.runners.get(record.id) === runner) this.runners.delete(record.id);
      },
    };
  }

  /** The runner driving the investigation in this window, if this window drives it. */
  runner(id: string): PathMtuRunner | undefined {
    return this.runners.get(id);
  }

  /** Retries a paused investigation driven here: the stage's task is polled again first when it stopped. */
  async retry(id: string): Promise<boolean> {
    const runner = this.runners.get(id);
    if (!runner) return false;
    const task = inFlight(runner.state)?.stage.task;
    if (task !== undefined && this.s.store.get(task)?.paused) this.s.monitor.refresh(task);
    await Promise.race([runner.retry(), Promise.resolve()]);
    return true;
  }

  /** Stops an investigation driven here, keeping what was found. */
  async stop(id: string): Promise<boolean> {
    const runner = this.runners.get(id);
    if (!runner) return false;
    await runner.stop();
    return true;
  }

  private async startStage(start: StageStart, signal: AbortSignal): Promise<string> {
    this.s.log.info(LOG, `${start.investigation}: starting stage ${start.stage} (${start.why})`);
    try {
      await this.turn(signal);
      const ref = await this.s.central.startSweep(start.serial, start.request, signal);
      return this.s.monitor.track(ref).key;
    } catch (err) {
      this.s.log.warn(LOG, `${start.investigation}: stage ${start.stage} not started: ${describeError(err)}`);
      throw err;
    }
  }
}
