import * as assert from 'node:assert/strict';
import { DEMO_SERIAL, DEMO_TASKS, seedDemo } from '../simulator/main';
import { Simulator, SimulatorOptions, startSimulator } from '../simulator/server';

const TOKEN = 'sim-test-token-0123456789';
const SERIAL = 'CN12345678';
const T0 = Date.parse('2025-09-18T10:00:00Z');

// Raw wire bodies are what is under test here; `any` keeps the deep assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers read loosely on purpose, field by field
type Json = Record<string, any>;

describe('simulator', () => {
  let sim: Simulator;
  let t: number;
  const start = async (opts: SimulatorOptions = {}) => {
    await sim?.close();
    sim = await startSimulator({ tokens: [TOKEN], now: () => t, ...opts });
  };
  const call = async (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token !== null) headers.set('Authorization', `Bearer ${init.token ?? TOKEN}`);
    const res = await fetch(`${sim.baseUrl}${path}`, { ...init, headers });
    const text = await res.text();
    const isJson = /json/.test(res.headers.get('content-type') ?? '');
    return {
      status: res.status,
      headers: res.headers,
      text,
      json: (isJson && text ? JSON.parse(text) : undefined) as Json,
    };
  };
  const statusOf = (taskId: string, version = 'v1') =>
    call(`/network-troubleshooting/${version}/gateways/${SERIAL}/pingSweep/async-operations/${taskId}`);

  beforeEach(async () => {
    t = T0;
    await start();
  });
  afterEach(() => sim.close());

  it('listens on 127.0.0.1 on a free port', () => {
    assert.match(sim.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(sim.port > 0);
    assert.equal(sim.tokenUrl, `${sim.baseUrl}/as/token.oauth2`);
  });

  it('checks the bearer token and logs the outcome without the token', async () => {
    const taskId = sim.addTask(SERIAL);
    const missing = await statusOf(taskId).then(() =>
      call(`/network-troubleshooting/v1/gateways/${SERIAL}/list-tasks`, { token: null }),
    );
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
    assert.equal(missing.json.errorCode, 'HPE_GL_ERROR_UNAUTHORIZED');
    const wrong = await call(`/network-troubleshooting/v1alpha1/gateways/${SERIAL}/list-tasks`, {
      token: 'nope-nope-nope',
    });
    assert.equal(wrong.json.errorCode, 'HPE_GRAVITY_UNAUTHORIZED');
    assert.deepEqual(
      sim.requests.map((r) => [r.status, r.auth]),
      [
        [200, 'valid'],
        [401, 'missing'],
        [401, 'invalid'],
      ],
    );
    assert.ok(!JSON.stringify(sim.requests).includes(TOKEN));
    assert.ok(!JSON.stringify(sim.requests).includes('nope-nope-nope'));
    sim.revokeTokens(TOKEN);
    assert.equal((await statusOf(taskId)).status, 401);
    sim.addToken(TOKEN);
    assert.equal((await statusOf(taskId)).status, 200);
  });

  it('moves a complete task through INITIATED, RUNNING and COMPLETED on the injected clock', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 20_000 });
    const seen: Array<[string, number]> = [];
    for (const at of [0, 500, 1000, 5000, 10_000, 19_999, 20_000, 99_000]) {
      t = T0 + at;
      const { json } = await statusOf(taskId);
      seen.push([json.status, json.progressPercent]);
    }
    assert.deepEqual(seen, [
      ['INITIATED', 0],
      ['INITIATED', 0],
      ['RUNNING', 5],
      ['RUNNING', 25],
      ['RUNNING', 50],
      ['RUNNING', 99],
      ['COMPLETED', 100],
      ['COMPLETED', 100],
    ]);
    const { json } = await statusOf(taskId);
    assert.equal(json.startTime, '2025-09-18T10:00:00Z');
    assert.equal(json.endTime, '2025-09-18T10:00:20Z');
  });

  it('fails a fail task at failAtPercent with its reason', async () => {
    const taskId = sim.addTask(SERIAL, 'fail', { durationMs: 4000, failAtPercent: 60, failReason: 'No route' });
    t = T0 + 2000;
    assert.deepEqual(((await statusOf(taskId)).json as Json).progressPercent, 30);
    t = T0 + 4000;
    const { json } = await statusOf(taskId);
    assert.deepEqual(
      [json.status, json.progressPercent, json.failReason, json.output],
      ['FAILED', 60, 'No route', null],
    );
  });

  it('builds a realistic output: sizes by step, count cycles, strings, RTTs, success rate, timeouts', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', {
      durationMs: 1000,
      timeoutFromSize: 1450,
      params: { destination: '10.0.0.9', startPacketSize: 1300, endPacketSize: 1500, sweepInterval: 50, count: 3 },
    });
    t = T0 + 1000;
    const out = (await statusOf(taskId)).json.output as Json;
    assert.equal(out.destination, '10.0.0.9');
    assert.equal(out.responses.length, 3);
    assert.deepEqual(
      out.responses.map((r: Json) => r.count),
      ['1', '2', '3'],
    );
    const replies = out.responses.flatMap((r: Json) => r.replies);
    assert.deepEqual(
      replies.map((r: Json) => r.requestId),
      Array.from({ length: 15 }, (_, i) => String(i + 1)),
    );
    assert.deepEqual(
      out.responses[2].replies.map((r: Json) => [r.size, r.timedOut]),
      [
        ['1300', false],
        ['1350', false],
        ['1400', false],
        ['1450', true],
        ['1500', true],
      ],
    );
    assert.equal(out.transmittedPacketsCount, '15');
    assert.equal(out.receivedPacketsCount, '9');
    assert.equal(out.successRate, '60');
    for (const key of [
      'minimumRoundTripTimeMilliseconds',
      'averageRoundTripTimeMilliseconds',
      'maximumRoundTripTimeMilliseconds',
    ]) {
      assert.match(out[key], /^\d+\.\d{3}$/, key);
    }
    const [min, avg, max] = [
      out.minimumRoundTripTimeMilliseconds,
      out.averageRoundTripTimeMilliseconds,
      out.maximumRoundTripTimeMilliseconds,
    ].map(Number);
    assert.ok(min <= avg && avg <= max);
  });

  it('gives null RTTs when nothing answered, and JSON numbers on request', async () => {
    const silent = sim.addTask(SERIAL, 'complete', { durationMs: 1, timeoutFromSize: 1, params: { count: 1 } });
    const numeric = sim.addTask(SERIAL, 'complete', { durationMs: 1, numbersAsNumbers: true, params: { count: 1 } });
    t = T0 + 1;
    const none = (await statusOf(silent)).json.output as Json;
    assert.deepEqual(
      [none.successRate, none.receivedPacketsCount, none.minimumRoundTripTimeMilliseconds],
      ['0', '0', null],
    );
    const nums = (await statusOf(numeric)).json.output as Json;
    assert.equal(nums.successRate, 100);
    assert.equal(typeof nums.responses[0].replies[0].size, 'number');
  });

  it('plays other scenarios: notFound after a delay, rateLimited, serverError, unknown task', async () => {
    const vanishing = sim.addTask(SERIAL, 'notFound', { notFoundAfterMs: 3000 });
    assert.equal((await statusOf(vanishing)).status, 200);
    t = T0 + 3000;
    const gone = await statusOf(vanishing, 'v1alpha1');
    assert.deepEqual([gone.status, gone.json.errorCode], [404, 'HPE_GRAVITY_TASK_NOT_FOUND']);
    const limited = await statusOf(sim.addTask(SERIAL, 'rateLimited', { retryAfterS: 12 }));
    assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '12']);
    const broken = await statusOf(sim.addTask(SERIAL, 'serverError', { serverStatus: 503 }));
    assert.deepEqual(
      [broken.status, broken.json.errorCode, broken.json.httpStatusCode],
      [503, 'HPE_GL_ERROR_SERVICE_UNAVAILABLE', 503],
    );
    const unknown = await statusOf('c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e');
    assert.deepEqual(
      [unknown.status, unknown.json.message],
      [404, 'Async operation task not found: c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e'],
    );
  });

  it('consumes a script one step per request, then falls back to the scenario', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', {
      script: [503, { status: 200, body: { status: 'RUNNING', custom: 1 } }, 'html'],
    });
    assert.equal((await statusOf(taskId)).status, 503);
    assert.deepEqual((await statusOf(taskId)).json, { status: 'RUNNING', custom: 1 });
    const html = await call(`/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${taskId}`);
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    assert.equal((await statusOf(taskId)).json.status, 'INITIATED');
    sim.script(taskId, [409]);
    assert.equal((await statusOf(taskId)).status, 409);
  });

  it('keeps a per-minute rate budget with headers in each reset format', async () => {
    for (const [resetFormat, expected] of [
      ['rfc3339', '2025-09-18T10:01:00Z'],
      ['seconds', '50'],
      ['epoch', String(T0 / 1000 + 60)],
    ] as const) {
      t = T0 + 10_000;
      await start({ rateLimit: { perMinute: 1, resetFormat } });
      const first = await call(`/network-troubleshooting/v1/gateways/${SERIAL}/list-tasks`);
      assert.deepEqual(
        ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'].map((h) => first.headers.get(h)),
        ['1', '0', expected],
      );
      const second = await call(`/network-troubleshooting/v1/gateways/${SERIAL}/list-tasks`);
      assert.deepEqual([second.status, second.headers.get('retry-after')], [429, '50']);
    }
  });

  it('serves only the configured versions, and checks methods and start bodies', async () => {
    await start({ versions: ['v1alpha1'] });
    assert.equal((await call(`/network-troubleshooting/v1/gateways/${SERIAL}/list-tasks`)).status, 404);
    assert.equal((await call(`/network-troubleshooting/v1alpha1/gateways/${SERIAL}/list-tasks`)).status, 200);
    const wrongMethod = await call(`/network-troubleshooting/v1alpha1/gateways/${SERIAL}/list-tasks`, {
      method: 'DELETE',
    });
    assert.deepEqual([wrongMethod.status, wrongMethod.headers.get('allow')], [405, 'GET']);
    const post = (body: unknown) =>
      call(`/network-troubleshooting/v1alpha1/gateways/${SERIAL}/pingSweep`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
    const tooMany = await post({
      destination: '1.1.1.1',
      startPacketSize: 1,
      endPacketSize: 1000,
      sweepInterval: 1,
      count: 5,
    });
    assert.deepEqual([tooMany.status, tooMany.json.errorCode], [400, 'HPE_GRAVITY_BAD_REQUEST']);
    const ok = await post({ destination: '1.1.1.1', startPacketSize: 100, endPacketSize: 200, sweepInterval: 100 });
    assert.equal(ok.status, 202);
    assert.equal(ok.json.location, ok.headers.get('location'));
    assert.equal(ok.json.status, 'INITIATED');
  });

  it('issues tokens by client credentials (form or Basic) that expire on the injected clock', async () => {
    await start({ clients: [{ id: 'cid', secret: 'csecret-0001' }], tokenTtlS: 100, tokens: undefined });
    const form = (body: string, headers: Record<string, string> = {}) =>
      call('/as/token.oauth2', {
        method: 'POST',
        body,
        token: null,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      });
    const viaForm = await form('grant_type=client_credentials&client_id=cid&client_secret=csecret-0001');
    assert.deepEqual([viaForm.status, viaForm.json.token_type, viaForm.json.expires_in], [200, 'Bearer', 100]);
    const basic = Buffer.from('cid:csecret-0001').toString('base64');
    assert.equal((await form('grant_type=client_credentials', { Authorization: `Basic ${basic}` })).status, 200);
    assert.equal(
      (await form('grant_type=password&client_id=cid&client_secret=csecret-0001')).json.error,
      'unsupported_grant_type',
    );
    assert.equal((await form('grant_type=client_credentials&client_id=cid&client_secret=x')).status, 401);
    const path = `/network-troubleshooting/v1/gateways/${SERIAL}/list-tasks`;
    assert.equal((await call(path, { token: viaForm.json.access_token })).status, 200);
    t += 100_000;
    assert.equal((await call(path, { token: viaForm.json.access_token })).status, 401);
    assert.equal((await call(path)).status, 401, 'with clients and no tokens option, no static token is valid');
  });

  it('closes promptly with a request left hanging', async () => {
    const taskId = sim.addTask(SERIAL, 'hang');
    const pending = statusOf(taskId).catch(() => 'failed');
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await sim.close();
    assert.ok(Date.now() - started < 500);
    assert.equal(await pending, 'failed');
  });

  it('seeds the demo: running, completed with timeouts at large sizes, failed, and a traceroute', async () => {
    seedDemo(sim, T0);
    const list = (await call(`/network-troubleshooting/v1/gateways/${DEMO_SERIAL}/list-tasks`))
      .json as unknown as Json[];
    assert.deepEqual(
      list.map((g) => [g.testName, g.locations.length]),
      [
        ['pingSweep', 3],
        ['traceroute', 1],
      ],
    );
    const get = (id: string) =>
      call(`/network-troubleshooting/v1/gateways/${DEMO_SERIAL}/pingSweep/async-operations/${id}`);
    t = T0 + 60_000;
    assert.equal((await get(DEMO_TASKS.running)).json.status, 'RUNNING');
    const done = (await get(DEMO_TASKS.completed)).json;
    assert.equal(done.status, 'COMPLETED');
    const timedOut = done.output.responses[0].replies.filter((r: Json) => r.timedOut).map((r: Json) => r.size);
    assert.deepEqual(timedOut, ['1450', '1500']);
    const failed = (await get(DEMO_TASKS.failed)).json;
    assert.equal(failed.status, 'FAILED');
    assert.ok(failed.failReason);
    assert.equal((await get(DEMO_TASKS.traceroute)).status, 404);
  });
});
