import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenSource } from '../../src/core/auth';
import { CentralClient } from '../../src/core/client';
import { ApiError, isRetryable } from '../../src/core/errors';
import { Simulator, startSimulator } from '../simulator/server';
import { SERIAL, TOKEN, clientFor, expectApiError } from './helpers/central';

describe('client: faults over loopback HTTP', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startSimulator({ tokens: [TOKEN] });
  });
  afterEach(() => sim.close());

  const status = (client: CentralClient, taskId: string, signal?: AbortSignal) =>
    client.getStatus({ serial: SERIAL, taskId, version: 'v1' }, signal);

  it('network: connection refused', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const client = new CentralClient({
      baseUrl: `http://127.0.0.1:${port}`,
      auth: createTokenSource({ kind: 'token', token: TOKEN }),
    });
    const err = await expectApiError(status(client, 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e'), 'network');
    assert.match(err.message, /Connection refused by 127\.0\.0\.1:\d+/);
    assert.equal(isRetryable(err), true);
  });

  it('timeout: a server that accepts and never answers', async () => {
    const taskId = sim.addTask(SERIAL, 'hang');
    const started = Date.now();
    const err = await expectApiError(status(clientFor(sim, { timeoutMs: 150 }), taskId), 'timeout');
    assert.ok(Date.now() - started < 1500, 'gave up in time');
    assert.match(err.message, /No answer from 127\.0\.0\.1:\d+ within/);
    assert.equal(sim.requests[0].fault, 'hang');
  });

  it('aborted: the caller cancels, which is not a timeout', async () => {
    const taskId = sim.addTask(SERIAL, 'hang');
    const controller = new AbortController();
    const pending = status(clientFor(sim, { timeoutMs: 5000 }), taskId, controller.signal);
    setTimeout(() => controller.abort(), 30);
    await expectApiError(pending, 'aborted');
    const pre = new AbortController();
    pre.abort();
    await expectApiError(status(clientFor(sim), taskId, pre.signal), 'aborted');
  });

  it('network: the connection is reset in the middle of the body', async () => {
    const taskId = sim.addTask(SERIAL, 'reset');
    const err = await expectApiError(status(clientFor(sim), taskId), 'network');
    assert.match(err.message, /while reading the answer/);
    assert.equal(sim.requests[0].fault, 'reset');
  });

  it('notJson: an HTML page with 200, and broken JSON', async () => {
    const html = sim.addTask(SERIAL, 'malformed', { malformed: 'html' });
    const err = await expectApiError(status(clientFor(sim), html), 'notJson');
    assert.match(err.message, /text\/html instead of JSON \(HTTP 200\)/);
    const broken = sim.addTask(SERIAL, 'malformed', { malformed: 'badJson' });
    await expectApiError(status(clientFor(sim), broken), 'notJson');
  });

  it('an HTML error page is still judged by its status', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', {
      script: [{ status: 502, body: '<html>Bad Gateway</html>', headers: { 'Content-Type': 'text/html' } }],
    });
    const err = await expectApiError(status(clientFor(sim), taskId), 'server');
    assert.equal(err.status, 502);
    assert.equal(err.serverMessage, undefined);
  });

  it('schema: a body that breaks the schema names the field', async () => {
    const taskId = sim.addTask(SERIAL, 'malformed');
    const err = await expectApiError(status(clientFor(sim), taskId), 'schema');
    assert.match(err.message, /status: expected string, got number/);
    assert.equal(isRetryable(err), false);
  });

  it('recovers through a scripted fault sequence [500, 502, reset, 200]', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', { script: [500, 502, 'reset', 200] });
    const client = clientFor(sim);
    const kinds: string[] = [];
    for (let i = 0; i < 4; i++) {
      try {
        await status(client, taskId);
        kinds.push('ok');
      } catch (err) {
        kinds.push(err instanceof ApiError ? `${err.kind}:${err.status ?? '-'}` : 'other');
      }
    }
    assert.deepEqual(kinds, ['server:500', 'server:502', 'network:-', 'ok']);
    assert.deepEqual(
      sim.requests.map((r) => r.status),
      [500, 502, 200, 200],
    );
  });

  it('slow answers within the timeout succeed', async () => {
    const taskId = sim.addTask(SERIAL, 'slow', { delayMs: 50 });
    const result = await status(clientFor(sim, { timeoutMs: 2000 }), taskId);
    assert.equal(result.status.status, 'INITIATED');
  });

  it('does not follow redirects, so the token never travels elsewhere', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', {
      script: [{ status: 302, body: '', headers: { Location: 'https://elsewhere.example.com/' } }],
    });
    const err = await expectApiError(status(clientFor(sim), taskId), 'http');
    assert.match(err.message, /redirect/);
  });

  it('uses the platform fetch unless one is injected', async () => {
    const taskId = sim.addTask(SERIAL, 'complete');
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    await status(clientFor(sim, { fetch: counting }), taskId);
    assert.equal(calls, 1);
  });
});
