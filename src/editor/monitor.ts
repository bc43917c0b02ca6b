import * as vscode from 'vscode';
import { CentralClient, StatusResult } from '../core/client';
import { createTokenSource } from '../core/auth';
import { ApiError, describeError } from '../core/errors';
import { ApiVersion, parseTaskReference, validateBaseUrl } from '../core/endpoints';
import type { StartSweepRequest } from '../core/schemas';
import { Clock, PollScheduler, systemClock } from '../core/poller';
import { TrackedTask, isFinal, taskKey } from '../core/task';
import { patchFromStatus } from '../core/taskUpdate';
import { versionsToTry } from '../core/versions';
import { COMMANDS, STATE_KEYS } from './constants';
import { CredentialStore } from './credentials';
import { ErrorFunnel } from './errorFunnel';
import { Logger } from './log';
import { Settings, affectsUs, readSettings } from './settings';
import { TaskStore } from './taskStore';

export interface TaskRef {
  serial: string;
  taskId: string;
  version?: ApiVersion;
  destination?: string;
}

/**
 * Connects the store to the core poller: decides which tasks are polled, turns answers into store patches
 * and problems into one message each. All network I/O of the status endpoint goes through here.
 */
export class Monitor implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private scheduler: PollScheduler | undefined;
  private client: { fingerprint: string; client: CentralClient } | undefined;
  private settings: Settings = readSettings();
  private readonly _onDidFinish = new vscode.EventEmitter<string>();
  /** Fires with a task's key when polling sees it reach a final state. */
  readonly onDidFinish = this._onDidFinish.event;

  constructor(
    private readonly store: TaskStore,
    private readonly credentials: CredentialStore,
    private readonly globalState: vscode.Memento,
    private readonly log: Logger,
    private readonly funnel: ErrorFunnel,
    private readonly clock: Clock = systemClock,
  ) {
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

  /** Polls one task now (resuming it if it had stopped), or every polled task when no key is given. */
  refresh(key?: string): void {
    if (key === undefined) {
      for (const task of this.store.all()) {
        if (!isFinal(task.state) || !task.output) {
          this.resume(taskKey(task));
        }
      }
      return;
    }
    this.resume(key);
  }

  dispose(): void {
    this.scheduler?.dispose();
    this.scheduler = undefined;
    this.disposables.forEach((d) => d.dispose());
  }

  private resume(key: string): void {
    const task = this.store.get(key);
    if (!task) {
      return;
    }
    if (task.paused || task.problem) {
      this.store.update(key, { paused: undefined });
    }
    this.schedule(key, true);
  }

  /** Adds a task to the scheduler if it is ours to poll; `now` asks for an immediate poll. */
  private schedule(key: string, now: boolean): void {
    const task = this.store.get(key);
    const scheduler = this.scheduler;
    if (!task || !scheduler) {
      return;
    }
    if (task.baseUrl !== this.settings.baseUrl) {
      this.store.update(key, { problem: `tracked on ${task.baseUrl}; select that cluster to poll it` });
      return;
    }
    const done = isFinal(task.state) && (task.state !== 'COMPLETED' || task.output !== undefined);
    if (done && !now) {
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
      scheduler.pollNow(key);
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
    });
    scheduler.onUpdate((key, result) => this.onUpdate(key, result));
    scheduler.onError((key, err) => this.onError(key, err));
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
    const client = await this.getClient();
    const { value, version } = await this.withVersion(task.version, key, (v) =>
      client.getStatus({ serial: task.serial, taskId: task.taskId, version: v }, signal),
    );
    if (task.version !== version) {
      this.store.update(key, { version });
    }
    return value;
  }

  /** Starts a sweep on a gateway and tracks the task it became. Nothing is tracked if the start is refused. */
  async startSweep(serial: string, request: StartSweepRequest, signal?: AbortSignal): Promise<string> {
    const client = await this.getClient();
    const { value } = await this.withVersion(undefined, serial, (v) => client.startSweep(serial, v, request, signal));
    return this.track({ ...value, destination: request.destination }).key;
  }

  /** The ping sweep tasks a gateway knows of, newest first, with the version that answered. */
  async listPingSweeps(serial: string, signal?: AbortSignal): Promise<TaskRef[]> {
    const client = await this.getClient();
    const { value, version } = await this.withVersion(undefined, serial, (v) => client.listTasks(serial, v, signal));
    const refs: TaskRef[] = [];
    // A task is a ping sweep when its location is a ping-sweep async operation; testName wording varies.
    for (const entry of value) {
      for (const location of entry.locations) {
        const parsed = parseTaskReference(location);
        if (!('error' in parsed) && parsed.serial === serial) {
          refs.push({ serial, taskId: parsed.taskId, version: parsed.version ?? version });
        }
      }
    }
    return refs;
  }

  /**
   * Runs a request with the task's known version, or with the versions `pingSweep.apiVersion` allows in turn:
   * a 404 on a guessed version may only mean that the other version serves this base URL. The version that
   * answers is remembered for the base URL.
   */
  private async withVersion<T>(
    known: ApiVersion | undefined,
    what: string,
    request: (version: ApiVersion) => Promise<T>,
  ): Promise<{ value: T; version: ApiVersion }> {
    const remembered = this.rememberedVersion();
    const versions = known ? [known] : versionsToTry(this.settings.apiVersion, remembered);
    for (let i = 0; ; i++) {
      const version = versions[i];
      try {
        const value = await request(version);
        if (!known && remembered !== version) {
          void this.rememberVersion(version);
        }
        return { value, version };
      } catch (err) {
        if (err instanceof ApiError && err.kind === 'notFound' && i + 1 < versions.length) {
          this.log.info('monitor', `${what}: not found on ${version}, trying ${versions[i + 1]}`);
          continue;
        }
        throw err;
      }
    }
  }

  private async getClient(): Promise<CentralClient> {
    const s = this.settings;
    const urlProblem = s.baseUrl ? validateBaseUrl(s.baseUrl) : 'no Central cluster is selected';
    if (urlProblem) {
      throw new ApiError('badRequest', `pingSweep.baseUrl: ${urlProblem}`);
    }
    const creds = await this.credentials.get();
    if (!creds) {
      throw new ApiError('unauthorized', 'no credentials are set');
    }
    const fingerprint = JSON.stringify([s.baseUrl, s.tokenUrl, s.requestTimeoutMs, creds]);
    if (this.client?.fingerprint !== fingerprint) {
      const auth = createTokenSource(creds, { tokenUrl: s.tokenUrl, timeoutMs: s.requestTimeoutMs });
      const client = new CentralClient({
        baseUrl: s.baseUrl,
        auth,
        timeoutMs: s.requestTimeoutMs,
        log: (line) => this.log.info('http', line),
        // Headers of failed answers count too: a 429's reset holds every task, not just the one that hit it.
        onRateLimit: (info) => this.scheduler?.noteRateLimit(info),
      });
      this.client = { fingerprint, client };
    }
    return this.client.client;
  }

  private onUpdate(key: string, result: StatusResult): void {
    const task = this.store.get(key);
    if (!task) {
      return;
    }
    const wasFinal = isFinal(task.state);
    this.store.update(key, patchFromStatus(task, result.status));
    this.funnel.resolved(`poll:${key}`);
    this.funnel.resolved('auth');
    const after = this.store.get(key);
    if (!wasFinal && after && isFinal(after.state)) {
      this._onDidFinish.fire(key);
    }
  }

  private onError(key: string, err: ApiError): void {
    this.log.warn('monitor', `${key}: ${describeError(err)}`);
    this.store.update(key, { problem: describeError(err) });
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
        const why = reason === 'gaveUp' ? 'gave up waiting' : 'stopped after repeated failures';
        this.store.update(key, { paused: 'failures', problem: `${why}: ${task.problem ?? 'no answer'}` });
        this.funnel.showOnce(`poll:${key}`, `Ping Sweep: ${label(task)} ${why}.`, [
          { title: 'Retry', run: () => this.resume(key) },
        ]);
        break;
      }
      default:
        break;
    }
  }

  private onCredentialsChanged(): void {
    this.client = undefined;
    this.funnel.resolved('auth');
    for (const task of this.store.all()) {
      if (task.paused === 'credentials') {
        this.resume(taskKey(task));
      }
    }
  }

  private onSettingsChanged(): void {
    this.settings = readSettings();
    this.client = undefined;
    this.rebuildScheduler();
  }

  private rememberedVersion(): ApiVersion | undefined {
    const map = this.globalState.get<Record<string, ApiVersion>>(STATE_KEYS.versionByBaseUrl, {});
    return map[this.settings.baseUrl];
  }

  private async rememberVersion(version: ApiVersion): Promise<void> {
    const map = this.globalState.get<Record<string, ApiVersion>>(STATE_KEYS.versionByBaseUrl, {});
    await this.globalState.update(STATE_KEYS.versionByBaseUrl, { ...map, [this.settings.baseUrl]: version });
  }
}

function label(task: TrackedTask): string {
  return task.destination ? `sweep to ${task.destination}` : `task ${task.taskId}`;
}
