import * as assert from 'node:assert/strict';
import { createTokenSource } from '../../src/core/auth';
import { CentralClient } from '../../src/core/client';
import { InputError } from '../../src/core/errors';
import type { StartSweepRequest } from '../../src/core/schemas';
import { Simulator, SimulatorOptions, startSimulator } from '../simulator/server';
import { SERIAL, TOKEN, clientFor, expectApiError } from './helpers/central';

const BODY: StartSweepRequest = {
  destination: '10.1.1.1',
  startPacketSize: 1000,
  endPacketSize: 1500,
  sweepInterval: 100,
  count: 5,
};
const CLIENT = { id: 'client-0001', secret: 'super-secret-value-0001' };

describe('client: start, list and token refresh', () => {
  let sim: Simulator;
  const start = async (opts: SimulatorOptions) => {
    await sim?.close();
    sim = await startSimulator({ tokens: [TOKEN], ...opts });
  };
  afterEach(() => sim.close());

  for (const locationIn of ['body', 'header', 'both'] as const) {
    it(`startSweep: 202 with the location in the ${locationIn}`, async () => {
      await start({ locationIn });
      const started = await clientFor(sim).startSweep(SERIAL, 'v1alpha1', BODY);
      assert.equal(started.serial, SERIAL);
      assert.equal(started.version, 'v1alpha1');
      assert.deepEqual(sim.taskIds(SERIAL), [started.taskId]);
      assert.match(started.startTime ?? '', /^\d{4}-\d\d-\d\dT/);
      const status = await clientFor(sim).getStatus(started);
      assert.equal(status.status.status, 'INITIATED');
    });
  }

  it('startSweep: sends the body as JSON and the simulator builds the sweep from it', async () => {
    let t = 0;
    await start({ now: () => t, startScenario: { durationMs: 1000, timeoutFromSize: 1400 } });
    const started = await clientFor(sim).startSweep(SERIAL, 'v1', BODY);
    t = 1000;
    const { status } = await clientFor(sim).getStatus(started);
    const sizes = status.output?.responses[0].replies.map((r) => `${r.size}${r.timedOut ? 'x' : ''}`);
    assert.deepEqual(sizes, ['1000', '1100', '1200', '1300', '1400x', '1500x']);
    assert.equal(status.output?.responses.length, 5);
    assert.equal(status.output?.successRate, 66.67);
  });

  it('startSweep: refuses bad parameters before sending anything', async () => {
    await start({});
    await assert.rejects(
      clientFor(sim).startSweep(SERIAL, 'v1', { ...BODY, endPacketSize: 10 }),
      (e: unknown) => e instanceof InputError && /endPacketSize/.test(e.message),
    );
    await assert.rejects(clientFor(sim).startSweep('CN/1', 'v1', BODY), InputError);
    assert.equal(sim.requests.length, 0);
  });

  it('startSweep: 400, 404 (gateway), 409 (offline), 401 map to their kinds', async () => {
    await start({});
    sim.scriptStart(SERIAL, [400]);
    const bad = await expectApiError(clientFor(sim).startSweep(SERIAL, 'v1', BODY), 'badRequest');
    assert.match(bad.serverMessage ?? '', /Validation errors/);
    sim.setGateway('CNABSENT01', 'absent');
    const absent = await expectApiError(clientFor(sim).startSweep('CNABSENT01', 'v1', BODY), 'notFound');
    assert.equal(absent.serverMessage, 'Device not found: CNABSENT01');
    sim.setGateway('CNOFFLINE1', 'offline');
    const offline = await expectApiError(clientFor(sim).startSweep('CNOFFLINE1', 'v1alpha1', BODY), 'conflict');
    assert.equal(offline.code, 'HPE_GRAVITY_CONFLICT');
    const noAuth = clientFor(sim, { auth: createTokenSource({ kind: 'token', token: 'wrong-token-0123456789' }) });
    await expectApiError(noAuth.startSweep(SERIAL, 'v1', BODY), 'unauthorized');
  });

  it('startSweep: a location on another host is refused', async () => {
    await start({});
    sim.scriptStart(SERIAL, [
      {
        status: 202,
        body: { status: 'INITIATED' },
        headers: {
          Location:
            'https://evil.example.com/network-troubleshooting/v1/gateways/CN12345678/pingSweep/async-operations/c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e',
        },
      },
    ]);
    const err = await expectApiError(clientFor(sim).startSweep(SERIAL, 'v1', BODY), 'schema');
    assert.match(err.message, /evil\.example\.com/);
  });

  it('listTasks: groups of locations, newest first', async () => {
    let t = 1000;
    await start({ now: () => t });
    const older = sim.addTask(SERIAL, 'complete');
    const other = sim.addTask(SERIAL, 'complete', { testName: 'traceroute' });
    t = 2000;
    const newer = sim.addTask(SERIAL, 'complete');
    const groups = await clientFor(sim).listTasks(SERIAL, 'v1');
    const prefix = `/network-troubleshooting/v1/gateways/${SERIAL}`;
    assert.deepEqual(groups, [
      {
        testName: 'pingSweep',
        locations: [`${prefix}/pingSweep/async-operations/${newer}`, `${prefix}/pingSweep/async-operations/${older}`],
      },
      { testName: 'traceroute', locations: [`${prefix}/traceroute/async-operations/${other}`] },
    ]);
    sim.setGateway('CNABSENT01', 'absent');
    await expectApiError(clientFor(sim).listTasks('CNABSENT01', 'v1'), 'notFound');
  });

  describe('with client credentials', () => {
    const clientCreds = () =>
      new CentralClient({
        baseUrl: sim.baseUrl,
        auth: createTokenSource(
          { kind: 'client', clientId: CLIENT.id, clientSecret: CLIENT.secret },
          { tokenUrl: sim.tokenUrl },
        ),
        timeoutMs: 2000,
      });
    const trail = () =>
      sim.requests.map((r) => `${r.method} ${r.path.startsWith('/as/') ? 'token' : 'api'} ${r.status} ${r.auth}`);

    it('401: renews the token once and retries once', async () => {
      await start({ clients: [CLIENT] });
      const taskId = sim.addTask(SERIAL, 'complete');
      const client = clientCreds();
      await client.getStatus({ serial: SERIAL, taskId, version: 'v1' });
      sim.revokeTokens();
      const result = await client.getStatus({ serial: SERIAL, taskId, version: 'v1' });
      assert.equal(result.status.status, 'INITIATED');
      assert.deepEqual(trail(), [
        'POST token 200 none',
        'GET api 200 valid',
        'GET api 401 invalid',
        'POST token 200 none',
        'GET api 200 valid',
      ]);
    });

    it('401 again after renewal: gives up with unauthorized, no loop', async () => {
      await start({ clients: [CLIENT] });
      const taskId = sim.addTask(SERIAL, 'complete', { script: [401, 401, 401] });
      await expectApiError(clientCreds().getStatus({ serial: SERIAL, taskId, version: 'v1' }), 'unauthorized');
      assert.deepEqual(trail(), [
        'POST token 200 none',
        'GET api 401 valid',
        'POST token 200 none',
        'GET api 401 valid',
      ]);
    });

    it('refused client credentials surface as unauthorized before any API request', async () => {
      await start({ clients: [{ id: CLIENT.id, secret: 'another-secret-000' }] });
      await expectApiError(clientCreds().listTasks(SERIAL, 'v1'), 'unauthorized');
      assert.deepEqual(trail(), ['POST token 401 none']);
    });
  });
});
