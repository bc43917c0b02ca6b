/**
 * The Central client for gateway ping sweeps: status, start and list-tasks. It adds the bearer token,
 * bounds every request by a timeout, validates each answer with its schema and turns every failure into
 * an {@link ApiError}. It never retries, except once after a 401 when the token can be renewed.
 */
import type { TokenSource } from './auth';
import { clockOffsetFrom } from './clock';
import { ApiVersion, listTasksPath, normalizeBaseUrl, parseTaskReference, startPath, statusPath } from './endpoints';
import { ApiError, InputError, redact } from './errors';
import { RateLimitInfo, hasRateLimitInfo, parseRateLimit } from './rateLimit';
import {
  SchemaError,
  StartSweepRequest,
  StatusResponse,
  listTasksSchema,
  parseWith,
  startResponseSchema,
  startSweepRequestSchema,
  statusResponseSchema,
} from './schemas';
import { Answer, contentTypeOf, errorFromAnswer, exchange, tryJson } from './transport';
import type * as z from 'zod/mini';

/** Options of {@link CentralClient}. */
export interface ClientOptions {
  /** e.g. `https://de1.api.central.arubanetworks.com`; http only for loopback. */
  baseUrl: string;
  auth: TokenSource;
  /** Defaults to the platform's global `fetch`. */
  fetch?: typeof fetch;
  /** Per attempt, headers and body together. Default 15000. */
  timeoutMs?: number;
  now?: () => number;
  /** One line per request: `GET /path -> 200 (123 ms)`. Never a header value. */
  log?: (line: string) => void;
  /** Called with the rate-limit headers of every answer that has any. */
  onRateLimit?: (info: RateLimitInfo) => void;
}

/** A validated status answer with the rate-limit headers that came with it. */
export interface StatusResult {
  status: StatusResponse;
  rateLimit: RateLimitInfo;
  /** `now()` when the answer was read, epoch ms. */
  receivedAt: number;
  /** Central's clock minus ours, from the answer's Date header (0 within a second); undefined without one. */
  serverClockOffsetMs?: number;
  /** The API version that answered. */
  version?: ApiVersion;
}

/** The task a started sweep became. */
export interface StartedSweep {
  serial: string;
  taskId: string;
  version: ApiVersion;
  startTime?: string | null;
}

interface Sent {
  answer: Answer;
  rateLimit: RateLimitInfo;
  clockOffsetMs?: number;
  /** Kept only to redact it from the server's message. */
  token: string;
}

/** Talks to one Central base URL with one token source. */
export class CentralClient {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly noted = new Set<string>();

  constructor(private readonly opts: ClientOptions) {
    this.baseUrl = normalizeBaseUrl(opts.baseUrl);
    // Looked up at call time so tests (and VS Code's proxy support) can replace the global.
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.now = opts.now ?? Date.now;
  }

  /** Reads a sweep's status and, when completed, its output. */
  async getStatus(
    ref: { serial: string; taskId: string; version: ApiVersion },
    signal?: AbortSignal,
  ): Promise<StatusResult> {
    const path = statusPath(ref.version, ref.serial, ref.taskId);
    const sent = await this.send('GET', path, undefined, signal);
    const { answer, rateLimit } = sent;
    if (answer.status !== 200) throw this.failure(sent);
    const status = redactStatus(this.validate(answer, statusResponseSchema, 'status response'), [sent.token]);
    this.logNotes(path, status);
    return { status, rateLimit, receivedAt: this.now(), serverClockOffsetMs: sent.clockOffsetMs, version: ref.version };
  }

  /** Starts a sweep on a gateway and returns the task it became (from the body's or header's location). */
  async startSweep(
    serial: string,
    version: ApiVersion,
    body: StartSweepRequest,
    signal?: AbortSignal,
  ): Promise<StartedSweep> {
    const path = startPath(version, serial);
    let request: StartSweepRequest;
    try {
      request = parseWith(startSweepRequestSchema, body, 'sweep parameters');
    } catch (err) {
      throw new InputError(
        `Invalid sweep parameters: ${err instanceof SchemaError ? err.issues.join('; ') : String(err)}`,
      );
    }
    const sent = await this.send('POST', path, JSON.stringify(request), signal);
    const { answer } = sent;
    if (answer.status !== 202 && answer.status !== 201 && answer.status !== 200) throw this.failure(sent);
    const header = answer.headers.get('location') ?? undefined;
    const json = tryJson(answer.text);
    let location: string | undefined;
    let startTime: string | null | undefined;
    if (header && (!json || !hasLocation(json.value))) {
      // The Location header alone is enough; the body only lends its startTime when it has one.
      location = header;
      startTime = startTimeOf(json?.value);
    } else {
      if (!json) throw this.notJson(answer);
      const parsed = this.validateValue(json.value, startResponseSchema, 'start response');
      location = parsed.location;
      startTime = parsed.startTime;
    }
    const ref = parseTaskReference(location, this.baseUrl);
    if ('error' in ref) {
      throw new ApiError('schema', `Central started the sweep but its location could not be read: ${ref.error}`, {
        status: answer.status,
      });
    }
    return { serial: ref.serial, taskId: ref.taskId, version: ref.version ?? version, startTime };
  }

  /** Lists a gateway's recent troubleshooting tasks (all kinds), newest first. */
  async listTasks(
    serial: string,
    version: ApiVersion,
    signal?: AbortSignal,
  ): Promise<Array<{ testName: string; locations: string[] }>> {
    const sent = await this.send('GET', listTasksPath(version, serial), undefined, signal);
    if (sent.answer.status !== 200) throw this.failure(sent);
    const { answer } = sent;
    return this.validate(answer, listTasksSchema, 'list-tasks response');
  }

  /** One request, retried once with a renewed token after a 401 when the token source can renew. */
  private async send(method: string, path: string, body: string | undefined, signal?: AbortSignal): Promise<Sent> {
    let token = await this.opts.auth.getToken(signal);
    let sent = await this.attempt(method, path, body, token, signal);
    if (sent.answer.status === 401 && this.opts.auth.refreshable) {
      this.opts.auth.invalidate(token);
      token = await this.opts.auth.getToken(signal);
      sent = await this.attempt(method, path, body, token, signal);
    }
    return sent;
  }

  private async attempt(
    method: string,
    path: string,
    body: string | undefined,
    token: string,
    signal?: AbortSignal,
  ): Promise<Sent> {
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const started = this.now();
    let answer: Answer;
    try {
      answer = await exchange(
        `${this.baseUrl}${path}`,
        { method, headers, body },
        {
          fetch: this.fetchFn,
          timeoutMs: this.timeoutMs,
          now: this.now,
          signal,
        },
      );
    } catch (err) {
      const what = err instanceof ApiError ? err.kind : 'error';
      this.opts.log?.(`${method} ${path} -> ${what} (${this.now() - started} ms)`);
      throw err;
    }
    this.opts.log?.(`${method} ${path} -> ${answer.status} (${answer.elapsedMs} ms)`);
    // Central's absolute times (a reset, a Retry-After date) are on its clock: read them on ours.
    const clockOffsetMs = clockOffsetFrom(answer.headers.get('date'), started, this.now());
    const rateLimit = parseRateLimit(answer.headers, this.now(), clockOffsetMs);
    if (hasRateLimitInfo(rateLimit)) this.opts.onRateLimit?.(rateLimit);
    return { answer, rateLimit, token, clockOffsetMs };
  }

  /** Logs each field Central sent oddly once per path and value, however often it is read again. */
  private logNotes(path: string, status: StatusResponse): void {
    for (const n of status.notes ?? []) {
      const line = `GET ${path}: ${n.field} (sent "${n.sent}") ${n.readAs}`;
      if (this.noted.has(line)) continue;
      // Bounded: a long session over many tasks forgets the oldest and may log one again.
      if (this.noted.size >= 1000) this.noted.clear();
      this.noted.add(line);
      this.opts.log?.(line);
    }
  }

  private failure(sent: Sent): ApiError {
    return errorFromAnswer(sent.answer, this.now(), [sent.token], sent.clockOffsetMs);
  }

  private notJson(answer: Answer): ApiError {
    return new ApiError(
      'notJson',
      `Central answered ${contentTypeOf(answer)} instead of JSON (HTTP ${answer.status}); check the base URL or proxy`,
      { status: answer.status },
    );
  }

  private validate<S extends z.ZodMiniType>(answer: Answer, schema: S, what: string): z.output<S> {
    const json = tryJson(answer.text);
    if (!json) throw this.notJson(answer);
    return this.validateValue(json.value, schema, what, answer.status);
  }

  private validateValue<S extends z.ZodMiniType>(value: unknown, schema: S, what: string, status = 200): z.output<S> {
    try {
      return parseWith(schema, value, what);
    } catch (err) {
      if (!(err instanceof SchemaError)) throw err;
      throw new ApiError('schema', `Unexpected answer from Central: ${err.message}`, { status, cause: err });
    }
  }
}

/** The server's free text in a status answer, redacted of the token before it leaves the core. */
function redactStatus(status: StatusResponse, secrets: string[]): StatusResponse {
  if (status.failReason) status.failReason = redact(status.failReason, secrets);
  for (const n of status.notes ?? []) n.sent = redact(n.sent, secrets);
  const asSent = status.output?.asSent;
  for (const key of Object.keys(asSent ?? {})) asSent![key] = redact(asSent![key], secrets);
  return status;
}

function startTimeOf(value: unknown): string | null | undefined {
  const t = typeof value === 'object' && value !== null ? (value as { startTime?: unknown }).startTime : undefined;
  return typeof t === 'string' || t === null ? t : undefined;
}

function hasLocation(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { location?: unknown }).location === 'string';
}
