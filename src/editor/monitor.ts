import * as vscode from 'vscode';
import type { StatusResult } from '../core/client';
import { ApiError, describeError } from '../core/errors';
import type { StartSweepRequest, StatusResponse, TaskStatus } from '../core/schemas';
import { Clock, PollOptions, PollScheduler, systemClock } from '../core/poller';
import { TrackedTask, isFinal, taskKey } from '../core/task';
import { patchFromStatus } from '../core/taskUpdate';
import { CentralAccess, TaskRef } from './central';
import { COMMANDS } from './constants';
import { CredentialStore } from './credentials';
import { ErrorFunnel } from './errorFunnel';
import { Logger } from './log';
import { PollLeases } from './pollLeases';
import { Settings, affectsUs, readSettings } from './settings';
import { TaskStore } from './taskStore';

/**
 * Connects the store to the core poller: decides which tasks are polled, turns answers into store patches
 * and problems into one message each. All network I/O of the status endpoint goes through here.
 *
 * Each task is polled by the window that holds its lease (see PollLeases); another window reads the results
 * from the shared store at the same pace instead of asking Central, and takes over when the lease runs out
 * (its window closed or crashed).
 */
export class Monitor implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private scheduler: PollScheduler | undefined;
  private settings: Settings = readSettings();
  private readonly central: CentralAccess;
  private readonly leases: PollLeases;
  /** Answers made from another window's results, which need no patch. */
  private readonly fromPeer = new WeakSet<StatusResult>();
  private readonly _onDidFinish = new vscode.EventEmitter<string>();
  /** Fires with a task's key when polling sees it reach a final state. */
  readonly onDidFinish = this._onDidFinish.event;

  constructor(
    private readonly store: TaskStore,
    private readonly credentials: CredentialStore,
    globalState: vscode.Memento,
    private readonly log: Logger,
    private readonly funnel: ErrorFunnel,
    private readonly clock: Clock = systemClock,
    /** Fine tuning of poll timing (tests run backoff in milliseconds). */
    private readonly timing?: Partial<PollOptions>,
  ) {
    this.central = new CentralAccess(() => this.settings, credentials, globalState, log, (info) =>
      this.scheduler?.noteRateLimit(info),
    );
    this.leases = new PollLeases(globalState);
    this.disposables.push(
      this._onDidFinish,
      credentials.onDidChange(() => this.onCredentialsChanged()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsUs(e)) {
          this.onSettingsChanged();
        }
      }),
      store.onDidChange(({ removed }) => removed.forEach((key) => this.scheduler?.remove(key))),
    );
  }

  /** Starts polling every unfinished task. Cheap: timers only, the first request comes later. */
  start(): void {
    this.rebuildScheduler();
    // Paused for credentials in an earlier session: if some are set now (perhaps in another window), try them.
    void this.credentials.get().then((creds) => creds && this.resumePaused('credentials'));
  }

  /** Tracks a task (or finds it already tracked) and polls it now. Returns its key. */
  track(ref: TaskRef): { key: string; added: boolean } {
    const key = taskKey(ref);
    const existing = this.store.get(key);
    if (existing) {
      this.resume(key);
      return { key, added: false };
    }
    const now = Date.now();
    this.store.upsert({
      serial: ref.serial,
      taskId: ref.taskId,
      version: ref.version,
      baseUrl: this.settings.baseUrl,
      destination: ref.destination,
      state: 'PENDING',
      progressPercent: 0,
      addedAt: now,
      updatedAt: now,
    });
    this.schedule(key, true);
    return { key, added: true };
  }

  /**
   * Polls one task now (resuming it if it had stopped), or every task without its result when no key is given.
   * The user asked: one request goes out even while Central's wait (Retry-After) is in force.
   */
  refresh(key?: string): void {
    if (key === undefined) {
      for (const task of this.store.all()) {
        if (!isDone(task)) {
          this.resume(taskKey(task), true);
        }
      }
      return;
    }
    this.resume(key, true);
  }

  dispose(): void {
    this.scheduler?.dispose();
    this.scheduler = undefined;
    this.disposables.forEach((d) => d.dispose());
    this.leases.releaseAll();
  }

  private resume(key: string, probe = false): void {
    const task = this.store.get(key);
    if (!task) {
      return;
    }
    if (task.paused) {
      this.store.update(key, { paused: undefined });
    }
    this.schedule(key, true, probe);
  }

  private resumePaused(reason: TrackedTask['paused']): void {
    for (const task of this.store.all()) {
      if (task.paused === reason) {
        this.resume(taskKey(task));
      }
    }
  }

  /** Adds a task to the scheduler if it is ours to poll; `now` asks for an immediate poll, `probe` despite a server wait. */
  private schedule(key: string, now: boolean, probe = false): void {
    const task = this.store.get(key);
    const scheduler = this.scheduler;
    if (!task || !scheduler) {
      return;
    }
    if (task.baseUrl !== this.settings.baseUrl) {
      this.store.update(key, { problem: `tracked on ${task.baseUrl}; select that cluster to poll it` });
      return;
    }
    if (isDone(task) && !now) {
      return;
    }
    if (!scheduler.has(key)) {
      scheduler.add(key, {
        state: task.state === 'PENDING' || task.state === 'NOT_FOUND' ? undefined : task.state,
        progressPercent: task.progressPercent,
        startTime: task.startTime,
      });
    }
    if (now) {
      scheduler.pollNow(key, { probe });
    }
  }

  private rebuildScheduler(): void {
    this.scheduler?.dispose();
    const s = this.settings;
    const scheduler = new PollScheduler({
      clock: this.clock,
      poll: (key, signal) => this.pollOnce(key, signal),
      requestsPerMinute: s.requestsPerMinute,
      maxConsecutiveFailures: s.maxConsecutiveFailures,
      giveUpAfterMs: s.giveUpAfterMs,
      // A safety net only: the client's own timeout (per attempt, up to four with a token renewal) comes first.
      requestTimeoutMs: 4 * s.requestTimeoutMs + 1_000,
      timing: this.timing,
    });
    scheduler.onUpdate((key, result) => this.onUpdate(key, result));
    scheduler.onError((key, err, retryAt) => this.onError(key, err, retryAt));
    scheduler.onStop((key, reason) => this.onStop(key, reason));
    this.scheduler = scheduler;
    for (const task of this.store.all()) {
      if (!task.paused) {
        this.schedule(taskKey(task), false);
      }
    }
  }

  private async pollOnce(key: string, signal: AbortSignal): Promise<StatusResult> {
    const task = this.store.get(key);
    if (!task) {
      throw new ApiError('aborted', 'the task is no longer tracked');
    }
    if (this.leases.leasedElsewhere(key)) {
      return this.peerResult(key);
    }
    const client = await this.central.getClient();
    const { value, version } = await this.central.withVersion(task.version, key, (v) =>
      client.getStatus({ serial: task.serial, taskId: task.taskId, version: v }, signal),
    );
    if (task.version !== version) {
      this.store.update(key, { version });
    }
    return value;
  }

  /** Starts a sweep on a gateway and tracks the task it became. Nothing is tracked if the start is refused. */
  async startSweep(serial: string, request: StartSweepRequest, signal?: AbortSignal): Promise<string> {
    return this.track(await this.central.startSweep(serial, request, signal)).key;
  }

  /** The ping sweep tasks a gateway knows of, newest first. */
  listPingSweeps(serial: string, signal?: AbortSignal): Promise<TaskRef[]> {
    return this.central.listPingSweeps(serial, signal);
  }

  /** One status read of a task that is not tracked (what Import shows), sent within the polls' request budget. */
  async peekStatus(ref: TaskRef, signal?: AbortSignal): Promise<StatusResponse> {
    if (!this.scheduler) throw new ApiError('aborted', 'polling has not started');
    const client = await this.central.getClient();
    const read = (s: AbortSignal) =>
      this.central.withVersion(ref.version, taskKey(ref), (v) => client.getStatus({ serial: ref.serial, taskId: ref.taskId, version: v }, s));
    return (await this.scheduler.spend(read, signal)).value.status;
  }

  private onUpdate(key: string, result: StatusResult): void {
    const task = this.store.get(key);
    if (!task || this.fromPeer.has(result)) {
      return;
    }
    // Central answers again: a problem shown so far may be shown again if it comes back.
    this.funnel.resolved('stopped');
    this.funnel.resolved('auth');
    const wasFinal = isFinal(task.state);
    this.store.update(key, patchFromStatus(task, result.status));
    const after = this.store.get(key);
    if (after && isFinal(after.state) && !isFinal(result.status.status)) {
      // A finished task that the server calls running again stays finished; asking on would change nothing.
      this.scheduler?.remove(key);
    }
    if (!wasFinal && after && isFinal(after.state)) {
      this._onDidFinish.fire(key);
    }
  }

  private onError(key: string, err: ApiError, retryAt: number | undefined): void {
    const text = describeError(err);
    const retry = retryAt === undefined ? '' : `; next try in ${((retryAt - this.clock.now()) / 1000).toFixed(1)} s`;
    this.log.warn('monitor', `${key}: ${text}${retry}`);
    // The task keeps its last good state; the problem shows in its tooltip until a poll succeeds.
    this.store.update(key, { problem: text });
  }

  private onStop(key: string, reason: string): void {
    const task = this.store.get(key);
    if (!task) {
      return;
    }
    switch (reason) {
      case 'notFound':
        this.store.update(key, { state: 'NOT_FOUND', problem: undefined });
        this._onDidFinish.fire(key);
        break;
      case 'unauthorized':
        this.store.update(key, { paused: 'credentials' });
        this.funnel.showOnce('auth', 'Ping Sweep: Central refused the credentials, or none are set. Polling is paused.', [
          { title: 'Set Credentials', run: () => vscode.commands.executeCommand(COMMANDS.setCredentials) },
        ]);
        break;
      case 'failures':
      case 'gaveUp': {
        const problem =
          reason === 'gaveUp'
            ? `gave up waiting: no change for ${Math.round(this.settings.giveUpAfterMs / 60_000)} min`
            : `stopped after repeated failures: ${task.problem ?? 'no answer'}`;
        this.store.update(key, { paused: 'failures', problem });
        // One message however many tasks stop: they stop for the same reason, and Retry resumes them all.
        this.funnel.showOnce('stopped', `Ping Sweep: ${label(task)} ${problem}`, [
          { title: 'Retry', run: () => this.resumePaused('failures') },
        ]);
        break;
      }
      default:
        break;
    }
  }

  private onCredentialsChanged(): void {
    this.central.reset();
    this.funnel.resolved('auth');
    this.resumePaused('credentials');
  }

  /** Another window polls the task: its results in the shared store stand in for Central's answer. */
  private peerResult(key: string): StatusResult {
    const task = this.store.adopt(key);
    if (!task) {
      throw new ApiError('aborted', 'another window stopped tracking the task');
    }
    const result: StatusResult = {
      status: {
        // PENDING: no answer yet over there. NOT_FOUND stops the poller here just as a 404 would.
        status: (task.state === 'PENDING' ? 'INITIATED' : task.state) as TaskStatus,
        progressPercent: task.progressPercent,
        startTime: task.startTime ?? null,
        endTime: null,
        failReason: null,
        output: null,
      },
      rateLimit: {},
      receivedAt: Date.now(),
    };
    this.fromPeer.add(result);
    return result;
  }

  private onSettingsChanged(): void {
    this.settings = readSettings();
    this.central.reset();
    this.rebuildScheduler();
  }

}

/** Finished, with whatever result it will ever have: never asked again unless the user asks. */
function isDone(task: TrackedTask): boolean {
  return isFinal(task.state) && (task.state !== 'COMPLETED' || task.output !== undefined);
}

function label(task: TrackedTask): string {
  return task.destination ? `sweep to ${task.destination}` : `task ${task.taskId}`;
}
