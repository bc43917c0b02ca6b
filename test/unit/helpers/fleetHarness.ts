/** A fleet sweep against the simulator, for the tests of the fleet runner. */
import type * as FakeTimers from '@sinonjs/fake-timers';
import type { StartedSweep } from '../../../src/core/client';
import type { ApiError } from '../../../src/core/errors';
import { FleetPacer, FleetRunner, FleetState, type FleetRunnerOptions } from '../../../src/core/fleet';
import type { StartSweepRequest } from '../../../src/core/schemas';
import type { Simulator } from '../../simulator/server';
import { clientFor } from './central';

export const PARAMS: StartSweepRequest = {
  destination: '10.1.1.1',
  startPacketSize: 1400,
  endPacketSize: 1500,
  sweepInterval: 50,
  count: 5,
};
export const serials = (n: number, prefix = 'CNFLT') =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

/** A fleet against a simulator: the real client over loopback, the starts counted while on their way. */
export class Fleet {
  inFlight = 0;
  readonly sentAt: number[] = [];
  readonly started: StartedSweep[] = [];
  readonly saved: FleetState[] = [];
  constructor(readonly sim: Simulator) {}

  runner(state: FleetState, o: Partial<FleetRunnerOptions> & { pacer: FleetPacer }): FleetRunner {
    const client = clientFor(this.sim);
    return new FleetRunner(state, {
      startSweep: async (serial, params, signal) => {
        this.inFlight++;
        try {
          return await client.startSweep(serial, 'v1', params, signal);
        } catch (err) {
          return err as ApiError;
        } finally {
          this.inFlight--;
        }
      },
      onStartSent: (now) => this.sentAt.push(now),
      onStarted: (s) => this.started.push(s),
      onChange: (s) => this.saved.push(s),
      ...o,
    });
  }
}

/** Runs virtual time forward whenever nothing is on its way, until `done` settles. */
export async function drive<T>(fake: FakeTimers.Clock, fleet: Fleet, done: Promise<T>): Promise<T> {
  let settled = false;
  void done.then(() => (settled = true));
  while (!settled) {
    await new Promise((resolve) => setImmediate(resolve));
    if (settled || fleet.inFlight > 0) continue;
    if (fake.countTimers() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    else fake.next();
  }
  return done;
}
