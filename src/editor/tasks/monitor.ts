import * as vscode from 'vscode';
import type { StatusResult } from '../../core/client';
import { canonicalBaseUrl, sameBaseUrl } from '../../core/endpoints';
import { ApiError, describeError } from '../../core/errors';
import type { RateLimitInfo } from '../../core/rateLimit';
import type { StatusResponse } from '../../core/schemas';
import { Clock, systemClock } from '../../core/clock';
import { PollScheduler } from '../../core/polling/scheduler';
import { TaskPauseReason, TrackedTask, isFinal, taskKey } from '../../core/task';
import { patchFromStatus } from '../../core/taskUpdate';
import { CentralAccess, TaskRef } from './central';
import type { PollOutcome } from '../../core/polling/parts';
import { CredentialStore } from '../platform/credentials';
import { ErrorFunnel } from '../platform/errorFunnel';
import { Logger } from '../platform/log';
import { PollLeases } from './pollLeases';
import type { LiveSettings, Settings } from '../platform/settings';
import { Disposable } from '../platform/lifecycle';
import { StopContext, forbiddenMessageId, handleStop, resumeWithNewCredentials } from './stops';
import type { SharedTaskState } from './sharedTasks';
import type { MonitorParts, MonitorTuning } from './monitorParts';
import { newTask } from './storedTask';
import { TaskStore } from './taskStore';
import { isDone } from '../ui/taskText';

/**
 * Connects the store to the core poller: decides which tasks are polled, turns answers into store patches
 * and problems into one message each. All network I/O of the status endpoint goes through here.
 *
 * Each task is polled by the window that holds its lease (see PollLeases); another window reads the results
 * from the shared store at the same pace instead of asking Central, and takes over when the lease runs out
 * (its window closed or crashed).
 */
export class Monitor extends Disposable {
  private scheduler: PollScheduler | undefined;
  private readonly store: TaskStore;
  private readonly shared: Pick<SharedTaskState, 'adopt'>;
  private readonly credentials: CredentialStore;
  private readonly central: CentralAccess;
  private readonly live: LiveSettings;
  private readonly log: Logger;
  private readonly funnel: ErrorFunnel;
  private readonly clock: Clock;
  private readonly tuning: MonitorTuning;
  private readonly leases: PollLeases;
  private readonly stops: StopContext;
  private readonly _onDidFinish = this._register(new vscode.EventEmitter<string>());
  /** Fires with a task's key when polling sees it reach a final state. */
  readonly onDidFinish = this._onDidFinish.event;
  private readonly _onDidSendPoll = this._register(new vscode.EventEmitter<number>());
  /** Fires with the time each status request of this window leaves: a fleet's pacer counts it in the budget. */
  readonly onDidSendPoll = this._onDidSendPoll.event;

  constructor(parts: MonitorParts) {
    super();
    ({
      store: this.store,
      shared: this.shared,
      credentials: this.credentials,
      central: this.central,
      settings: this.live,
    } = parts);
    ({ log: this.log, funnel: this.funnel, clock: this.clock = systemClock, tuning: this.tuning = {} } = parts);
    this.leases = this._register(
      new PollLeases(parts.globalState, {
        clock: this.clock,
        leaseMs: this.tuning.leaseMs,
        polls: (key) => this.polls(key),
        onFree: (key) => this.polls(key) && this.scheduler?.pollNow(key),
      }),
    );
    this.stops = {
      store: this.store,
      funnel: this.funnel,
      log: this.log,
      giveUpAfterMs: () => this.settings.giveUpAfterMs,
      resumePaused: (reason, which) => this.resumePaused(reason, which),
      finished: (key) => this._onDidFinish.fire(key),
    };
    this._register(this.central.onRateLimit((info) => this.scheduler?.noteRateLimit(info)));
    this._register(this.credentials.onDidChange(() => this.onCredentialsChanged()));
    this._register(this.live.onDidChange((before) => this.onSettingsChanged(before)));
    this._register(this.store.onDidChange(({ removed }) => removed.forEach((key) => this.scheduler?.remove(key))));
    this._register({
      dispose: () => {
        this.scheduler?.dispose();
        this.scheduler = undefined;
      },
    });
  }

  private get settings(): Settings {
    return this.live.current;
  }

  /** Starts polling every unfinished task. Cheap: timers only, the first request comes later. */
  start(): void {
    this.rebuildScheduler();
    // Paused for credentials in an earlier session: if some are set now (perhaps in another window), try them.
    this.credentials.get().then(
      (creds) => creds && this.resumePaused('credentials'),
      (err: unknown) => this.log.warn('auth', `could not read the credentials: ${describeError(err)}`),
    );
  }

  /** Tracks a task (or finds it already tracked) and polls it now. Returns its key. */
  track(ref: TaskRef): { key: string; added: boolean } {
    const key = taskKey(ref);
    // Another window may have stopped tracking it meanwhile: then this is a new Track.
    const existing = this.shared.adopt(key);
    if (existing) {
      this.resume(key);
      return { key, added: false };
    }
    this.store.upsert(newTask(ref, this.settings.baseUrl, this.clock.now()));
    this.schedule(key, true);
    return { key, added: true };
  }

  /**
   * Polls one task now (resuming it if it had stopped), or every task without its result when no key is given.
   * The user asked: one request goes out even while Central's wait (Retry-After) is in force.
   */
  refresh(key?: string): void {
    const unfinished = (): string[] => this.store.all().flatMap((t) => (isDone(t) ? [] : [taskKey(t)]));
    (key !== undefined ? [key] : unfinished()).forEach((k) => this.resume(k, true));
  }

  /** What polls may spend now, from a fleet's pacer that shares the budget with its starts. */
  noteRateLimit(info: RateLimitInfo): void {
    this.scheduler?.noteRateLimit(info);
  }

  /** True while this window's scheduler polls the task (not stopped). */
  private polls(key: string): boolean {
    const entry = this.scheduler?.inspect(key);
    return entry !== undefined && entry.stopped === undefined;
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

  private resumePaused(reason: TaskPauseReason, which: (task: TrackedTask) => boolean = () => true): void {
    for (const task of this.store.all()) {
      if (task.paused === reason && which(task)) {
        this.resume(taskKey(task));
      }
    }
  }

  /** Adds a task to the scheduler if it is ours to poll; `now` asks for an immediate poll, `probe` despite a server wait. */
  private schedule(key: string, now: boolean, probe = false): void {
    const task = this.adoptCluster(key);
    const scheduler = this.scheduler;
    if (!task || !scheduler) {
      return;
    }
    if (!sameBaseUrl(task.baseUrl, this.settings.baseUrl)) {
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

  /** A task tracked before any cluster was chosen belongs to the first one chosen. */
  private adoptCluster(key: string): TrackedTask | undefined {
    const task = this.store.get(key);
    if (task && !canonicalBaseUrl(task.baseUrl) && this.settings.baseUrl) {
      this.log.info('monitor', `${key}: tracked before a cluster was chosen; now polled on ${this.settings.baseUrl}`);
      this.store.update(key, { baseUrl: this.settings.baseUrl, problem: undefined });
      return this.store.get(key);
    }
    return task;
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
      timing: this.tuning.timing,
    });
    scheduler.onUpdate((key, result) => this.onUpdate(key, result));
    scheduler.onError((key, err, retryAt) => this.onError(key, err, retryAt));
    scheduler.onStop((key, reason) => handleStop(this.stops, key, reason));
    this.scheduler = scheduler;
    for (const task of this.store.all()) {
      if (!task.paused) {
        this.schedule(taskKey(task), false);
      }
    }
  }

  private async pollOnce(key: string, signal: AbortSignal): Promise<PollOutcome> {
    const task = this.store.get(key);
    if (!task) {
      throw new ApiError('aborted', 'the task is no longer tracked');
    }
    const elsewhere = this.leases.polledElsewhere(key, () => this.shared.adopt(key));
    if (elsewhere) {
      return elsewhere;
    }
    const client = await this.central.getClient();
    this._onDidSendPoll.fire(this.clock.now());
    const { value, version } = await this.central.withVersion(task.version, key, (v) =>
      client.getStatus({ serial: task.serial, taskId: task.taskId, version: v }, signal),
    );
    return { ...value, version };
  }

  /** One status read of a task that is not tracked (what Import shows), sent within the polls' request budget. */
  async peekStatus(ref: TaskRef, signal?: AbortSignal): Promise<StatusResponse> {
    if (!this.scheduler) throw new ApiError('aborted', 'polling has not started');
    const client = await this.central.getClient();
    const read = (s: AbortSignal) =>
      this.central.withVersion(ref.version, taskKey(ref), (v) =>
        client.getStatus({ serial: ref.serial, taskId: ref.taskId, version: v }, s),
      );
    return (await this.scheduler.spend(read, signal)).value.status;
  }

  private onUpdate(key: string, result: StatusResult): void {
    const task = this.store.get(key);
    if (!task) {
      return;
    }
    // Central answers again: a problem shown so far may be shown again if it comes back.
    this.funnel.resolved('stopped');
    this.funnel.resolved('auth');
    this.funnel.resolved(forbiddenMessageId(task.serial));
    const wasFinal = isFinal(task.state);
    // One write per poll: the API version that answered goes with the status.
    const version = result.version ?? task.version;
    this.store.update(key, {
      ...patchFromStatus(task, result.status),
      note: undefined,
      ...(version !== task.version ? { version } : {}),
    });
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

  private onCredentialsChanged(): void {
    this.central.reset();
    resumeWithNewCredentials(this.stops);
  }

  private onSettingsChanged(before: Settings): void {
    this.central.reset();
    this.rebuildScheduler();
    if (!sameBaseUrl(before.baseUrl, this.settings.baseUrl)) {
      // Those failures may have been the cluster's (none chosen, or the wrong one): try the new one.
      this.resumePaused('failures');
    }
  }
}
