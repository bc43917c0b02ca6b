import * as assert from 'node:assert/strict';
import { createTokenSource } from '../../src/core/auth';
import { API_VERSIONS } from '../../src/core/endpoints';
import type { ApiErrorKind } from '../../src/core/errors';
import type { RateLimitInfo } from '../../src/core/rateLimit';
import { Simulator, startSimulator } from '../simulator/server';
import { SERIAL, TOKEN, clientFor, expectApiError } from './helpers/central';

/** Every error status of the spec (and the 5xx a proxy in front of Central adds). */
const STATUSES: Array<[number, ApiErrorKind, string]> = [
  [400, 'badRequest', 'BAD_REQUEST'],
  [401, 'unauthorized', 'UNAUTHORIZED'],
  [403, 'forbidden', 'FORBIDDEN'],
  [404, 'notFound', 'NOT_FOUND'],
  [409, 'conflict', 'CONFLICT'],
  [429, 'rateLimited', 'TOO_MANY_REQUESTS'],
  [500, 'server', 'INTERNAL_SERVER_ERROR'],
  [502, 'server', 'BAD_GATEWAY'],
  [503, 'server', 'SERVICE_UNAVAILABLE'],
];
const FAMILY = { v1: 'HPE_GL_ERROR_', v1alpha1: 'HPE_GRAVITY_' } as const;

describe('client: status codes over loopback HTTP', () => {
  let sim: Simulator;
  let t: number;

  beforeEach(async () => {
    t = Date.parse('2025-09-18T10:00:00Z');
    sim = await startSimulator({ tokens: [TOKEN], now: () => t });
  });
  afterEach(() => sim.close());

  for (const version of API_VERSIONS) {
    describe(version, () => {
      it('200: reads a running task, then its completed output', async () => {
        const taskId = sim.addTask(SERIAL, 'complete', {
          durationMs: 10_000,
          params: { destination: '9.9.9.9', startPacketSize: 100, endPacketSize: 300, sweepInterval: 100, count: 2 },
        });
        const client = clientFor(sim, { now: () => t });
        t += 5000;
        const running = await client.getStatus({ serial: SERIAL, taskId, version });
        assert.equal(running.status.status, 'RUNNING');
        assert.equal(running.status.progressPercent, 50);
        assert.equal(running.status.output, null);
        assert.equal(running.receivedAt, t);
        t += 5000;
        const done = await client.getStatus({ serial: SERIAL, taskId, version });
        assert.equal(done.status.status, 'COMPLETED');
        assert.equal(done.status.output?.destination, '9.9.9.9');
        assert.equal(done.status.output?.transmittedPacketsCount, 6);
        assert.equal(
          sim.requests.at(-1)?.path,
          `/network-troubleshooting/${version}/gateways/${SERIAL}/pingSweep/async-operations/${taskId}`,
        );
      });

      for (const [status, kind, suffix] of STATUSES) {
        it(`${status}: ${kind} with the ${FAMILY[version]}* code and the server's message`, async () => {
          const taskId = sim.addTask(SERIAL, 'complete', { script: [status] });
          const err = await expectApiError(clientFor(sim).getStatus({ serial: SERIAL, taskId, version }), kind);
          assert.equal(err.status, status);
          const code =
            status === 404 && version === 'v1alpha1' ? 'HPE_GRAVITY_TASK_NOT_FOUND' : `${FAMILY[version]}${suffix}`;
          assert.equal(err.code, code);
          assert.ok(err.serverMessage, 'the server message is carried');
          assert.ok(err.message.includes(err.serverMessage), 'and shown in the message');
          if (status === 404) assert.equal(err.serverMessage, `Async operation task not found: ${taskId}`);
          if (status === 429) assert.equal(err.retryAfterMs, 1000);
        });
      }
    });
  }

  it('401 with a pasted token: no retry', async () => {
    const taskId = sim.addTask(SERIAL, 'complete');
    const client = clientFor(sim, { auth: createTokenSource({ kind: 'token', token: 'not-the-right-token-000' }) });
    const err = await expectApiError(client.getStatus({ serial: SERIAL, taskId, version: 'v1' }), 'unauthorized');
    assert.equal(err.serverMessage, 'Authentication required.');
    assert.deepEqual(
      sim.requests.map((r) => [r.status, r.auth]),
      [[401, 'invalid']],
    );
  });

  it('429 carries the wait time of Retry-After, and the server message is redacted', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', {
      script: [
        { status: 429, headers: { 'Retry-After': '7' } },
        { status: 400, body: { errorCode: 'X', message: `bad header: Bearer ${TOKEN}` } },
      ],
    });
    const client = clientFor(sim);
    const limited = await expectApiError(client.getStatus({ serial: SERIAL, taskId, version: 'v1' }), 'rateLimited');
    assert.equal(limited.retryAfterMs, 7000);
    assert.match(limited.message, /retry in 7 s/);
    const bad = await expectApiError(client.getStatus({ serial: SERIAL, taskId, version: 'v1' }), 'badRequest');
    assert.equal(bad.serverMessage, 'bad header: Bearer ***');
  });

  it('reports the rate-limit headers, and 429 with the wait until the window resets', async () => {
    await sim.close();
    t = Date.parse('2025-09-18T10:00:15Z');
    sim = await startSimulator({ tokens: [TOKEN], now: () => t, rateLimit: { perMinute: 2 } });
    const taskId = sim.addTask(SERIAL, 'complete');
    const seen: RateLimitInfo[] = [];
    const client = clientFor(sim, { now: () => t, onRateLimit: (info) => seen.push(info) });
    const first = await client.getStatus({ serial: SERIAL, taskId, version: 'v1' });
    assert.deepEqual(first.rateLimit, { limit: 2, remaining: 1, resetAt: Date.parse('2025-09-18T10:01:00Z') });
    await client.getStatus({ serial: SERIAL, taskId, version: 'v1' });
    const err = await expectApiError(client.getStatus({ serial: SERIAL, taskId, version: 'v1' }), 'rateLimited');
    assert.equal(err.retryAfterMs, 45_000);
    assert.deepEqual(
      seen.map((s) => s.remaining),
      [1, 0, 0],
    );
    t = Date.parse('2025-09-18T10:01:00Z');
    const again = await client.getStatus({ serial: SERIAL, taskId, version: 'v1' });
    assert.equal(again.rateLimit.remaining, 1);
  });

  it('logs one line per request with status and duration, never a header value', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', { script: [500] });
    const lines: string[] = [];
    const client = clientFor(sim, { log: (l) => lines.push(l) });
    await expectApiError(client.getStatus({ serial: SERIAL, taskId, version: 'v1' }), 'server');
    await client.getStatus({ serial: SERIAL, taskId, version: 'v1' });
    const path = `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${taskId}`;
    assert.equal(lines.length, 2);
    assert.match(lines[0], new RegExp(`^GET ${path} -> 500 \\(\\d+ ms\\)$`));
    assert.match(lines[1], new RegExp(`^GET ${path} -> 200 \\(\\d+ ms\\)$`));
    assert.ok(lines.every((l) => !l.includes(TOKEN)));
  });
});
