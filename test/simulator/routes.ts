/**
 * The simulator's Central API routes: status of a ping sweep, start of a sweep, list-tasks. Every answer
 * passes the bearer check and the rate budget first, like the real gateway in front of Central.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestLogEntry } from './server';
import { ScriptStep, SimApiVersion, SimTask, isoSeconds, schemaBreakingBody, statusBody } from './scenarios';
import type { SimState } from './state';
import { checkSweepBody, errorBody, readBody, sendFlood, sendHtml, sendJson, sendReset } from './wire';

const ROUTE =
  /^\/network-troubleshooting\/([^/]+)\/gateways\/([^/]+)\/(?:pingSweep(?:\/async-operations\/([^/]+))?|(list-tasks))$/;

/** Everything an answer needs: where to write, in which error family, with which rate headers. */
interface Ctx {
  state: SimState;
  res: ServerResponse;
  version: SimApiVersion;
  headers: Record<string, string>;
  entry: RequestLogEntry;
}

function fail(
  ctx: Ctx,
  status: number,
  message?: string,
  taskNotFound = false,
  extra: Record<string, string> = {},
): void {
  sendJson(ctx.res, status, errorBody(ctx.version, status, message, taskNotFound), { ...ctx.headers, ...extra });
}

export async function handleApi(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  entry: RequestLogEntry,
): Promise<void> {
  const m = ROUTE.exec(path);
  const version: SimApiVersion = m?.[1] === 'v1alpha1' ? 'v1alpha1' : 'v1';
  const ctx: Ctx = { state, res, version, headers: {}, entry };
  entry.auth = state.checkBearer(req.headers);
  if (entry.auth !== 'valid') return fail(ctx, 401, undefined, false, { 'WWW-Authenticate': 'Bearer' });
  const budget = state.takeRateBudget();
  ctx.headers = budget.headers;
  if (budget.exceeded) return fail(ctx, 429);
  const versions = state.opts.versions ?? ['v1', 'v1alpha1'];
  if (!m || !versions.includes(m[1] as SimApiVersion)) return fail(ctx, 404, `No route for ${req.method} ${path}`);
  const serial = decodeURIComponent(m[2]);
  if (state.gatewayState(serial) === 'absent') return fail(ctx, 404, `Device not found: ${serial}`);
  const method = req.method ?? 'GET';
  const expected = m[3] !== undefined || m[4] !== undefined ? 'GET' : 'POST';
  if (method !== expected) return fail(ctx, 405, undefined, false, { Allow: expected });
  if (m[3] !== undefined) return answerStatus(ctx, serial, decodeURIComponent(m[3]).toLowerCase());
  if (m[4] !== undefined) return answerList(ctx, serial);
  return answerStart(ctx, req, serial);
}

/** Plays one scripted step; `normal` is the scenario's own answer (for 200 / 202 steps). */
function playStep(ctx: Ctx, step: ScriptStep, normal: () => void, task?: SimTask): void {
  const { res, entry } = ctx;
  if (step === 'reset' || step === 'hang') {
    entry.fault = step;
    if (step === 'reset') sendReset(res);
    return;
  }
  if (step === 'html') return sendHtml(res, 200, ctx.headers);
  if (step === 'badJson') return sendJson(res, 200, '{"status":"RUNNING","progressPercent":', ctx.headers);
  if (step === 'schema') {
    if (!task) return sendJson(res, 200, { unexpected: true }, ctx.headers);
    return sendJson(res, 200, schemaBreakingBody(task, ctx.state.now()), ctx.headers);
  }
  if (typeof step === 'object' && 'flood' in step)
    return sendFlood(res, step.status, step.flood, { ...ctx.headers, ...step.headers });
  const { status, body, headers, delayMs } =
    typeof step === 'number' ? { status: step, body: undefined, headers: undefined, delayMs: undefined } : step;
  const answer = () => {
    if ((status === 200 || status === 202) && body === undefined) return normal();
    // A scripted 429 without headers waits 1 s; one with headers says only what they say (e.g. a reset alone).
    const extra = { ...(status === 429 && !headers ? { 'Retry-After': '1' } : {}), ...headers };
    if (body === undefined) {
      const notFound = status === 404 && task ? `Async operation task not found: ${task.taskId}` : undefined;
      return fail(ctx, status, notFound, status === 404 && !!task, extra);
    }
    sendJson(res, status, body, { ...ctx.headers, ...extra });
  };
  if (delayMs) ctx.state.later(delayMs, answer);
  else answer();
}

function answerStatus(ctx: Ctx, serial: string, taskId: string): void {
  const task = ctx.state.tasks.get(taskId);
  if (!task || task.serial !== serial || task.testName !== 'pingSweep') {
    return fail(ctx, 404, `Async operation task not found: ${taskId}`, true);
  }
  const step = task.script.shift();
  const normal = () => answerScenario(ctx, task);
  if (step !== undefined) return playStep(ctx, step, normal, task);
  normal();
}

function answerScenario(ctx: Ctx, task: SimTask): void {
  const { state, res, headers } = ctx;
  const now = state.now();
  switch (task.scenario) {
    case 'notFound':
      if (now - task.startedAt >= (task.opts.notFoundAfterMs ?? 0)) {
        return fail(ctx, 404, `Async operation task not found: ${task.taskId}`, true);
      }
      return sendJson(res, 200, statusBody(task, now, state.clockOffsetMs), headers);
    case 'rateLimited':
      return fail(ctx, 429, undefined, false, { 'Retry-After': String(task.opts.retryAfterS ?? 30) });
    case 'serverError':
      return fail(ctx, task.opts.serverStatus ?? 500);
    case 'slow':
      return state.later(task.opts.delayMs ?? 1000, () =>
        sendJson(res, 200, statusBody(task, state.now(), state.clockOffsetMs), headers),
      );
    case 'malformed':
      return playStep(ctx, task.opts.malformed ?? 'schema', () => undefined, task);
    case 'hang':
    case 'reset':
      return playStep(ctx, task.scenario, () => undefined, task);
    default:
      return sendJson(res, 200, statusBody(task, now, state.clockOffsetMs), headers);
  }
}

function locationOf(version: SimApiVersion, task: SimTask): string {
  return `/network-troubleshooting/${version}/gateways/${task.serial}/${task.testName}/async-operations/${task.taskId}`;
}

function answerList(ctx: Ctx, serial: string): void {
  const groups = new Map<string, string[]>();
  for (const task of ctx.state.tasksOf(serial)) {
    const list = groups.get(task.testName) ?? [];
    list.push(locationOf(ctx.version, task));
    groups.set(task.testName, list);
  }
  const body = [...groups].map(([testName, locations]) => ({ testName, locations }));
  sendJson(ctx.res, 200, body, ctx.headers);
}

async function answerStart(ctx: Ctx, req: IncomingMessage, serial: string): Promise<void> {
  const { state } = ctx;
  const text = await readBody(req);
  const step = state.startScripts.get(serial)?.shift();
  const normal = () => startTask(ctx, serial, text);
  if (step !== undefined) return playStep(ctx, step, normal);
  normal();
}

function startTask(ctx: Ctx, serial: string, text: string): void {
  const { state } = ctx;
  if (state.gatewayState(serial) === 'offline') return fail(ctx, 409, `Device is offline: ${serial}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(ctx, 400, 'Validation errors - body is not JSON');
  }
  const checked = checkSweepBody(json);
  if ('error' in checked) return fail(ctx, 400, checked.error);
  const { scenario, ...opts } = state.opts.startScenario ?? {};
  const path = state.paths.forStart(serial, checked.params.destination);
  const taskId = state.addTask(serial, scenario ?? 'complete', {
    ...opts,
    ...(path?.durationMs !== undefined ? { durationMs: path.durationMs } : {}),
    params: checked.params,
    ...(path ? { path } : {}),
  });
  const task = state.tasks.get(taskId) as SimTask;
  const location = locationOf(ctx.version, task);
  const where = state.opts.locationIn ?? 'both';
  const body: Record<string, unknown> = {
    status: 'INITIATED',
    startTime: isoSeconds(task.startedAt + state.clockOffsetMs),
  };
  if (where !== 'header') body.location = location;
  const headers = where !== 'body' ? { ...ctx.headers, Location: location } : ctx.headers;
  sendJson(ctx.res, 202, body, headers);
}
