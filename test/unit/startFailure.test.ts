import { strict as assert } from 'node:assert';
import { describeStartFailure } from '../../src/core/startParams';
import { startSimulator, Simulator } from '../simulator/server';
import { SERIAL, TOKEN, clientFor } from './helpers/central';

const REQUEST = { destination: '10.1.1.1', startPacketSize: 1400, endPacketSize: 1500, sweepInterval: 50, count: 5 };

/** The message a person sees when a start with this scripted answer is refused, on both API versions. */
async function messageFor(
  sim: Simulator,
  version: 'v1' | 'v1alpha1',
  step: Parameters<Simulator['scriptStart']>[1][number],
) {
  sim.scriptStart(SERIAL, [step]);
  try {
    await clientFor(sim).startSweep(SERIAL, version, REQUEST);
  } catch (err) {
    return describeStartFailure(err, SERIAL);
  }
  assert.fail('the start was not refused');
}

describe('start sweep failures, as the user reads them', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ tokens: [TOKEN] });
  });
  after(() => sim.close());

  for (const version of ['v1', 'v1alpha1'] as const) {
    it(`${version}: every status of the start endpoint gets its own message`, async () => {
      const badRequest = await messageFor(sim, version, {
        status: 400,
        body: { errorCode: 'X', message: 'Validation errors - packetSize must be between 10 and 2000' },
      });
      assert.match(
        badRequest,
        /refused the sweep parameters: Validation errors - packetSize must be between 10 and 2000/,
      );
      assert.match(await messageFor(sim, version, 401), /refused the credentials \(401\)\. Set new credentials/);
      assert.match(await messageFor(sim, version, 403), new RegExp(`may not run diagnostics on ${SERIAL} \\(403\\)`));
      assert.match(await messageFor(sim, version, 404), new RegExp(`Gateway ${SERIAL} was not found .*\\(404\\)`));
      assert.match(await messageFor(sim, version, 409), new RegExp(`Gateway ${SERIAL} is offline or busy \\(409\\)`));
      assert.match(
        await messageFor(sim, version, { status: 429, headers: { 'Retry-After': '42' } }),
        /rate limit is reached \(429\); try again in 42 s/,
      );
      assert.match(await messageFor(sim, version, 503), /server error \(503\)/);
    });
  }

  it('an offline gateway of the simulator reads as offline', async () => {
    sim.setGateway('CNOFFLINE9', 'offline');
    try {
      await clientFor(sim).startSweep('CNOFFLINE9', 'v1', REQUEST);
      assert.fail('the start was not refused');
    } catch (err) {
      assert.match(describeStartFailure(err, 'CNOFFLINE9'), /CNOFFLINE9 is offline/);
    }
  });
});
