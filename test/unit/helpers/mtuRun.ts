/**
 * Runs path MTU investigations against the simulator over loopback HTTP with the real client: `startSweep`
 * starts a sweep and returns its task key, `awaitResult` polls its status, moving the simulator's clock on by
 * 5 s between polls, until it is final. `hold()` keeps every await waiting until released, to act mid-stage.
 */
import type { CentralClient } from '../../../src/core/client';
import { ApiError } from '../../../src/core/errors';
import {
  PathMtuInput,
  PathMtuRunState,
  PathMtuRunner,
  RunChange,
  StageResult,
  StageStart,
  createRunState,
} from '../../../src/core/pathMtu';
import { parseTaskKey, taskKey } from '../../../src/core/task';
import type { PathConfig, Simulator, SimulatorOptions } from '../../simulator/server';
import { startSimulator } from '../../simulator/server';
import { SERIAL, TOKEN, clientFor } from './central';

export const T0 = Date.parse('2025-09-18T10:00:00Z');

export class MtuHarness {
  t = T0;
  readonly starts: StageStart[] = [];
  /** Task keys awaited, in order, one per `awaitResult` call. */
  readonly awaited: string[] = [];
  /** Called with each started task's id, before anyone polls it. */
  onStarted?: (taskId: string) => void;
  private held: { promise: Promise<void>; release: () => void; waited: () => void } | undefined;
  readonly clock = { now: () => this.t };
  readonly listenerErrors: unknown[] = [];

  private constructor(
    readonly sim: Simulator,
    readonly client: CentralClient,
  ) {}

  static async open(paths?: PathConfig, extra: Partial<SimulatorOptions> = {}): Promise<MtuHarness> {
    let harness: MtuHarness | undefined;
    const sim = await startSimulator({ tokens: [TOKEN], now: () => harness?.t ?? T0, paths, ...extra });
    harness = new MtuHarness(sim, clientFor(sim));
    return harness;
  }

  close(): Promise<void> {
    this.held?.release();
    return this.sim.close();
  }

  /** A new run of `input` (serial defaults to the test serial). */
  newState(input: Partial<PathMtuInput> & { destination: string }, id = 'inv-1'): PathMtuRunState {
    const created = createRunState({ serial: SERIAL, id, ...input }, this.t);
    if ('error' in created) throw new Error(created.error);
    return created.state;
  }

  /** A runner of `state` wired to this simulator; `changes` collects every change it announces. */
  runner(state: PathMtuRunState, changes: RunChange[] = []): PathMtuRunner {
    const runner = new PathMtuRunner({
      state,
      clock: this.clock,
      startSweep: (start, signal) => this.startSweep(start, signal),
      awaitResult: (ref, signal) => this.awaitResult(ref, signal),
      onListenerError: (err) => this.listenerErrors.push(err),
    });
    runner.onDidChange((change) => changes.push(change));
    return runner;
  }

  /**
   * From now on every await waits until `release` is called; `waiting` resolves once one does. Call it from a
   * change listener to hold the stage that change announces.
   */
  hold(): { release: () => void; waiting: Promise<void> } {
    let release = () => {};
    let waited = () => {};
    const promise = new Promise<void>((resolve) => (release = resolve));
    const waiting = new Promise<void>((resolve) => (waited = resolve));
    this.held = { promise, release, waited };
    return {
      release: () => {
        this.held = undefined;
        release();
      },
      waiting,
    };
  }

  /** Ids of the sweeps the simulator started on the test gateway. */
  sweepsStarted(serial = SERIAL): number {
    return this.sim.taskIds(serial).length;
  }

  private async startSweep(start: StageStart, signal: AbortSignal): Promise<string> {
    this.starts.push(start);
    const started = await this.client.startSweep(start.serial, 'v1', start.request, signal);
    this.onStarted?.(started.taskId);
    return taskKey(started);
  }

  private async awaitResult(ref: string, signal: AbortSignal): Promise<StageResult> {
    this.awaited.push(ref);
    if (this.held) {
      this.held.waited();
      await abortable(this.held.promise, signal);
    }
    const parts = parseTaskKey(ref);
    if (!parts) throw new Error(`not a task key: ${ref}`);
    for (let polls = 0; polls < 100; polls++) {
      const { status } = await this.client.getStatus({ ...parts, version: 'v1' }, signal);
      if (status.status === 'COMPLETED' && status.output) return { kind: 'completed', output: status.output };
      if (status.status === 'FAILED') return { kind: 'failed', reason: status.failReason ?? undefined };
      this.t += 5_000;
    }
    throw new Error(`${ref} never ended`);
  }
}

/** `promise`, or a rejection as the client's when `signal` aborts first. */
function abortable(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(new ApiError('aborted', 'The request was cancelled'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject);
  });
}

/** The first change `runner` announces from now on that `matches`. */
export function changeWhere(runner: PathMtuRunner, matches: (change: RunChange) => boolean): Promise<RunChange> {
  return new Promise((resolve) => {
    const sub = runner.onDidChange((change) => {
      if (!matches(change)) return;
      sub.dispose();
      resolve(change);
    });
  });
}
