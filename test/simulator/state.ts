/**
 * Mutable state of one simulator: tasks, gateways, valid tokens, scripts, the rate window and the
 * request log. Kept apart from the HTTP handling so the routes stay readable.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { DEFAULT_PARAMS, ScenarioName, ScriptStep, SimTask, TaskOptions, isoSeconds } from './scenarios';
import type { RequestLogEntry, SimulatorOptions } from './server';
import { PathModel } from './paths';

const DEFAULT_TOKEN = 'test-token-0123456789';

export class SimState {
  readonly now: () => number;
  /** Central's wall clock minus `now()`. */
  readonly clockOffsetMs: number;
  readonly tasks = new Map<string, SimTask>();
  readonly gateways = new Map<string, 'online' | 'offline' | 'absent'>();
  /** Valid bearer tokens and when each expires (`now()` ms; Infinity for static ones). */
  readonly tokens = new Map<string, number>();
  readonly startScripts = new Map<string, ScriptStep[]>();
  readonly requests: RequestLogEntry[] = [];
  /** Delayed answers (slow scenario, delayed steps) to cancel on close. */
  readonly timers = new Set<NodeJS.Timeout>();
  /** Paths and fleet of gateways (the `paths` option). */
  readonly paths: PathModel;
  private seq = 0;
  private window = { index: -1, used: 0 };

  constructor(readonly opts: SimulatorOptions) {
    this.now = opts.now ?? Date.now;
    this.clockOffsetMs = opts.clockOffsetMs ?? 0;
    this.paths = new PathModel(opts.paths);
    const tokens = opts.tokens ?? (opts.clients ? [] : [DEFAULT_TOKEN]);
    for (const t of tokens) this.tokens.set(t, Infinity);
  }

  addTask(serial: string, scenario: ScenarioName, opts: TaskOptions): string {
    const taskId = (opts.taskId ?? randomUUID()).toLowerCase();
    if (this.tasks.has(taskId)) throw new Error(`simulator: task ${taskId} exists`);
    const durationMs = opts.durationMs ?? (scenario === 'fail' ? 5000 : 20_000);
    this.tasks.set(taskId, {
      serial,
      taskId,
      scenario,
      opts,
      params: { ...DEFAULT_PARAMS, ...opts.params },
      startedAt: opts.startedAt ?? this.now(),
      durationMs,
      testName: opts.testName ?? 'pingSweep',
      script: [...(opts.script ?? [])],
      seq: ++this.seq,
    });
    return taskId;
  }

  setScript(taskId: string, steps: ScriptStep[]): void {
    const task = this.tasks.get(taskId.toLowerCase());
    if (!task) throw new Error(`simulator: no task ${taskId}`);
    task.script = [...steps];
  }

  /** A gateway's tasks, newest first. */
  tasksOf(serial: string): SimTask[] {
    return [...this.tasks.values()]
      .filter((t) => t.serial === serial)
      .sort((a, b) => b.startedAt - a.startedAt || b.seq - a.seq);
  }

  gatewayState(serial: string): 'online' | 'offline' | 'absent' {
    return this.gateways.get(serial) ?? this.paths.gatewayState(serial);
  }

  /** Checks `Authorization: Bearer <token>` against valid, unexpired tokens. */
  checkBearer(headers: IncomingHttpHeaders): 'valid' | 'invalid' | 'missing' {
    const header = headers.authorization;
    if (!header) return 'missing';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return 'invalid';
    const expiresAt = this.tokens.get(m[1]);
    return expiresAt !== undefined && this.now() < expiresAt ? 'valid' : 'invalid';
  }

  /** The time Central's own clock shows. */
  wallClock(): number {
    return this.now() + this.clockOffsetMs;
  }

  /** Issues a token for the token endpoint. */
  issueToken(): { token: string; ttlS: number } {
    const ttlS = this.opts.tokenTtlS ?? 7200;
    const token = `sim-${randomUUID().replace(/-/g, '')}`;
    this.tokens.set(token, this.now() + ttlS * 1000);
    return { token, ttlS };
  }

  /**
   * Counts one API request against the per-minute budget. Returns the headers to send, and whether the
   * budget was already spent (then the answer is 429).
   */
  takeRateBudget(): { headers: Record<string, string>; exceeded: boolean } {
    const limit = this.opts.rateLimit;
    if (!limit) return { headers: {}, exceeded: false };
    const now = this.now();
    const index = Math.floor(now / 60_000);
    if (index !== this.window.index) this.window = { index, used: 0 };
    const exceeded = this.window.used >= limit.perMinute;
    if (!exceeded) this.window.used++;
    const resetAt = (index + 1) * 60_000;
    const secondsLeft = Math.max(1, Math.ceil((resetAt - now) / 1000));
    const format = limit.resetFormat ?? 'rfc3339';
    const reset =
      format === 'seconds'
        ? String(secondsLeft)
        : format === 'epoch'
          ? String(Math.floor((resetAt + this.clockOffsetMs) / 1000))
          : isoSeconds(resetAt + this.clockOffsetMs);
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(limit.perMinute),
      'X-RateLimit-Remaining': String(Math.max(0, limit.perMinute - this.window.used)),
      'X-RateLimit-Reset': reset,
    };
    if (exceeded) headers['Retry-After'] = String(secondsLeft);
    return { headers, exceeded };
  }

  /** Runs `fn` after `ms` of real time unless the simulator closes first. */
  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }
}
