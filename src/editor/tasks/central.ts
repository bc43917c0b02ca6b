import * as path from 'path';
import * as vscode from 'vscode';
import type { CentralClient } from '../../core/client';
import { ApiVersion, parseTaskReference, validateBaseUrl, validateTokenUrl } from '../../core/endpoints';
import { ApiError } from '../../core/errors';
import type { RateLimitInfo } from '../../core/rateLimit';
import { versionsToTry } from '../../core/versions';
import { STATE_KEYS } from '../platform/constants';
import { CredentialStore } from '../platform/credentials';
import { Logger } from '../platform/log';
import { LiveSettings, Settings } from '../platform/settings';

/**
 * The client is a bundle of its own (see esbuild.js), required by path so that it is not folded into this one;
 * in a test build the module sits beside this file under the same name.
 */
function loadClient(): typeof import('./clientBundle') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, loaded on first use
  return require(path.join(__dirname, 'clientBundle.js')) as typeof import('./clientBundle');
}

export interface TaskRef {
  serial: string;
  taskId: string;
  version?: ApiVersion;
  destination?: string;
}

/**
 * The way to Central: one client for the configured base URL and the stored credentials (rebuilt when either
 * changes), and the choice of API version per request.
 */
export class CentralAccess implements vscode.Disposable {
  private client: { fingerprint: string; client: CentralClient } | undefined;
  /** The API version that last answered, per base URL (also in globalState, for the next session). */
  private readonly versions = new Map<string, ApiVersion>();
  private readonly rateLimits = new vscode.EventEmitter<RateLimitInfo>();
  /** The rate-limit headers of every answer that has any, also of failed requests. */
  readonly onRateLimit = this.rateLimits.event;

  constructor(
    private readonly live: LiveSettings,
    private readonly credentials: CredentialStore,
    private readonly globalState: vscode.Memento,
    private readonly log: Logger,
  ) {}

  dispose(): void {
    this.rateLimits.dispose();
  }

  private settings(): Settings {
    return this.live.current;
  }

  /** Forgets the client: the next request builds one from the current settings and credentials. */
  reset(): void {
    this.client = undefined;
  }

  /** The client, or an ApiError saying what is missing (a cluster, credentials, a usable token URL). */
  async getClient(): Promise<CentralClient> {
    const s = this.settings();
    const urlProblem = s.baseUrl ? validateBaseUrl(s.baseUrl) : 'no Central cluster is selected';
    if (urlProblem) {
      throw new ApiError('badRequest', `pingSweep.baseUrl: ${urlProblem}`);
    }
    const creds = await this.credentials.get();
    if (!creds) {
      throw new ApiError('unauthorized', 'no credentials are set');
    }
    // Client credentials travel to the token URL: the same rule as for the base URL (https, or loopback).
    const tokenUrlProblem = creds.kind === 'client' ? validateTokenUrl(s.tokenUrl) : undefined;
    if (tokenUrlProblem) {
      throw new ApiError('badRequest', `pingSweep.tokenUrl: ${tokenUrlProblem}`);
    }
    const fingerprint = JSON.stringify([s.baseUrl, s.tokenUrl, s.requestTimeoutMs, creds]);
    if (this.client?.fingerprint !== fingerprint) {
      const { createTokenSource, CentralClient } = loadClient();
      const log = (line: string) => this.log.info('http', line);
      const auth = createTokenSource(creds, { tokenUrl: s.tokenUrl, timeoutMs: s.requestTimeoutMs, log });
      // Headers of failed answers count too: a 429's reset holds every task, not just the one that hit it.
      const client = new CentralClient({
        baseUrl: s.baseUrl,
        auth,
        timeoutMs: s.requestTimeoutMs,
        log,
        onRateLimit: (info) => this.rateLimits.fire(info),
      });
      this.client = { fingerprint, client };
    }
    return this.client.client;
  }

  /** Starts a sweep; the task it became, with the version that answered. */
  async startSweep(
    serial: string,
    request: Parameters<CentralClient['startSweep']>[2],
    signal?: AbortSignal,
  ): Promise<TaskRef> {
    const client = await this.getClient();
    const { value } = await this.withVersion(undefined, serial, (v) => client.startSweep(serial, v, request, signal));
    return { ...value, destination: request.destination };
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
  async withVersion<T>(
    known: ApiVersion | undefined,
    what: string,
    request: (version: ApiVersion) => Promise<T>,
  ): Promise<{ value: T; version: ApiVersion }> {
    const { baseUrl, apiVersion } = this.settings();
    const stored = () => this.globalState.get<Record<string, ApiVersion>>(STATE_KEYS.versionByBaseUrl, {});
    const remembered = this.versions.get(baseUrl) ?? stored()[baseUrl];
    const versions = known ? [known] : versionsToTry(apiVersion, remembered);
    for (let i = 0; ; i++) {
      const version = versions[i];
      try {
        const value = await request(version);
        // Kept here too: VS Code may drop a global state write (see TaskStore), and the next guess then
        // writes it again.
        this.versions.set(baseUrl, version);
        if (!known && stored()[baseUrl] !== version) {
          void this.globalState.update(STATE_KEYS.versionByBaseUrl, { ...stored(), [baseUrl]: version });
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
}
