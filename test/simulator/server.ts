/**
 * A Central simulator: a real HTTP server on loopback (node:http only) that serves the ping-sweep
 * endpoints of `v1` and `v1alpha1`, list-tasks, and an OAuth client-credentials token endpoint, with
 * scriptable per-task scenarios. Time comes from an injectable `now()` so no test has to wait.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimState } from './state';
import { handleApi } from './routes';
import { handleToken } from './token';
import type { ScenarioName, ScriptStep, SimApiVersion, TaskOptions } from './scenarios';
import type { PathConfig } from './paths';

export type { ScenarioName, ScriptStep, SimApiVersion, SweepParams, TaskOptions } from './scenarios';
export type { DestinationPath, GatewayPath, PathConfig } from './paths';

/** One served request. Token values are never kept, only whether the bearer was valid. */
export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Status line sent (0 when none was). */
  status: number;
  /** `none` for the token endpoint, which takes no bearer. */
  auth: 'valid' | 'invalid' | 'missing' | 'none';
  /** `now()` when it arrived. */
  at: number;
  fault?: 'reset' | 'hang';
}

/** A task to create when the simulator starts. */
export type TaskSeed = { serial: string; scenario?: ScenarioName } & TaskOptions;

/** Options of {@link startSimulator}; all optional. */
export interface SimulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bearer tokens that are always valid. Default `['test-token-0123456789']` unless `clients` is given. */
  tokens?: string[];
  /** API clients accepted by the token endpoint. */
  clients?: Array<{ id: string; secret: string }>;
  /** Lifetime of issued tokens, seconds. Default 7200. */
  tokenTtlS?: number;
  /**
   * What the token endpoint answers instead of its usual answer, given the form it was sent (`raw` as it came);
   * undefined keeps the usual answer. `{token}` in a string body field is replaced by a newly issued token.
   */
  tokenReply?: (form: URLSearchParams, raw: string) => { status: number; body: Record<string, unknown> } | undefined;
  /** Tasks to create at start. */
  scenarios?: TaskSeed[];
  /** Clock of scenario progress, token expiry and rate windows. Default Date.now. */
  now?: () => number;
  /**
   * How far Central's wall clock is ahead of `now()` (negative: behind). It shows in every time Central writes:
   * the `Date` header, `startTime`/`endTime`, absolute `X-RateLimit-Reset` values. Default 0.
   */
  clockOffsetMs?: number;
  /** Fixed-window budget of API requests per minute; headers on every API answer, 429 when spent. */
  rateLimit?: { perMinute: number; resetFormat?: 'rfc3339' | 'seconds' | 'epoch' };
  /** API versions served; a request for another answers 404. Default both. */
  versions?: SimApiVersion[];
  /** How tasks created by `POST .../pingSweep` behave. Default `complete` over 20 s. */
  startScenario?: { scenario?: ScenarioName } & Omit<TaskOptions, 'taskId' | 'params' | 'startedAt'>;
  /** Where the 202 answer puts the new task's location. Default 'both'. */
  locationIn?: 'body' | 'header' | 'both';
  /** Paths of started sweeps (MTU, loss, reachability) and the fleet of gateways; see `paths.ts`. */
  paths?: PathConfig;
}

/** A running simulator. */
export interface Simulator {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** `<baseUrl>/as/token.oauth2` */
  readonly tokenUrl: string;
  readonly port: number;
  /** Every request served, oldest first. */
  readonly requests: RequestLogEntry[];
  /** Creates a task and returns its id. */
  addTask(serial: string, scenario?: ScenarioName, opts?: TaskOptions): string;
  /** Replaces the scripted answers of a task's status requests. */
  script(taskId: string, steps: ScriptStep[]): void;
  /** Scripts the answers of `POST .../gateways/{serial}/pingSweep`. */
  scriptStart(serial: string, steps: ScriptStep[]): void;
  /** `offline` answers 409 to starts; `absent` answers 404 to everything about the gateway. */
  setGateway(serial: string, state: 'online' | 'offline' | 'absent'): void;
  /** Makes a bearer token valid. */
  addToken(token: string): void;
  /** Makes one token, or every token (static and issued), invalid from now on. */
  revokeTokens(token?: string): void;
  /** Ids of a gateway's tasks, newest first. */
  taskIds(serial: string): string[];
  /** Replaces the paths met by sweeps started from now on (a change on the network between two sweeps). */
  configurePaths(config: PathConfig | undefined): void;
  close(): Promise<void>;
}

/** Starts a simulator; resolves once it listens. */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const state = new SimState(opts);
  for (const seed of opts.scenarios ?? []) {
    const { serial, scenario, ...taskOpts } = seed;
    state.addTask(serial, scenario ?? 'complete', taskOpts);
  }
  const server = createServer((req, res) => {
    handle(state, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    baseUrl,
    tokenUrl: `${baseUrl}/as/token.oauth2`,
    port,
    requests: state.requests,
    addTask: (serial, scenario = 'complete', taskOpts = {}) => state.addTask(serial, scenario, taskOpts),
    script: (taskId, steps) => state.setScript(taskId, steps),
    scriptStart: (serial, steps) => state.startScripts.set(serial, [...steps]),
    setGateway: (serial, gwState) => state.gateways.set(serial, gwState),
    addToken: (token) => state.tokens.set(token, Infinity),
    revokeTokens: (token) => {
      if (token === undefined) state.tokens.clear();
      else state.tokens.delete(token);
    },
    taskIds: (serial) => state.tasksOf(serial).map((t) => t.taskId),
    configurePaths: (config) => {
      state.paths.config = config;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of state.timers) clearTimeout(timer);
        server.close(() => resolve());
        // Hanging and keep-alive connections would otherwise hold close() open forever.
        server.closeAllConnections();
      }),
  };
}

async function handle(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const method = req.method ?? 'GET';
  const entry: RequestLogEntry = { method, path, status: 0, auth: 'none', at: state.now() };
  state.requests.push(entry);
  // What a real server writes: its own clock, to the second.
  res.setHeader('Date', new Date(state.wallClock()).toUTCString());
  res.on('finish', () => {
    entry.status = res.statusCode;
  });
  res.on('close', () => {
    if (res.headersSent && !entry.status) entry.status = res.statusCode;
  });
  if (path === '/as/token.oauth2') return handleToken(state, req, res);
  return handleApi(state, req, res, path, entry);
}
