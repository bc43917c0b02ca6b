import * as assert from 'node:assert/strict';
import * as FakeTimers from '@sinonjs/fake-timers';
import type { StartedSweep } from '../../src/core/client';
import type { Clock } from '../../src/core/clock';
import { ApiError } from '../../src/core/errors';
import { FleetPacer, FleetRunner, FleetState, budgetLowerBoundMs, createFleetState, parseFleetState, type FleetRunnerOptions } from '../../src/core/fleet';
import type { StartSweepRequest } from '../../src/core/schemas';
import { busiest } from '../bench/fleetSim';
import { PathModel } from '../simulator/paths';
import { Simulator, SimulatorOptions, startSimulator } from '../simulator/server';
import { TOKEN, clientFor } from './helpers/central';

const PARAMS: StartSweepRequest = { destination: '10.1.1.1', startPacketSize: 1400, endPacketSize: 1500, sweepInterval: 50, count: 5 };
const serials = (n: number, prefix = 'CNFLT') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

/** A fleet against a simulator: the real client over loopback, the starts counted while on their way. */
class Fleet {
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
async function drive<T>(fake: FakeTimers.Clock, fleet: Fleet, done: Promise<T>): Promise<T> {
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

function virtual(): { fake: FakeTimers.Clock; clock: Clock } {
  const fake = FakeTimers.createClock(Date.parse('2025-09-18T10:00:00Z'));
  return {
    fake,
    clock: { now: () => fake.now, setTimeout: (fn, ms) => fake.setTimeout(fn, ms), clearTimeout: (h) => fake.clearTimeout(h as FakeTimers.TimerId) },
  };
}

describe('fleet runner, against the simulator over loopback', () => {
  let sim: Simulator;
  const start = async (opts: SimulatorOptions = {}) => {
    sim = await startSimulator({ tokens: [TOKEN], ...opts });
    return new Fleet(sim);
  };
  afterEach(() => sim?.close());

  it('starts 200 gateways, some offline or unknown, and words the refusals in one sentence', async function () {
    this.timeout(20_000);
    const paths = { fleet: { offlineShare: 0.06, unknownShare: 0.03 } };
    const fleet = await start({ paths });
    const all = serials(200);
    const model = new PathModel(paths);
    const state = createFleetState({ id: 'fleet-1', serials: all, params: PARAMS, now: 1 });
    const t0 = Date.now();
    const report = await fleet.runner(state, { pacer: new FleetPacer({ requestsPerMinute: 100_000 }) }).run();
    assert.ok(Date.now() - t0 < 15_000, `${Date.now() - t0} ms`);
    const refusedBy = (kind: string) => report.state.entries.filter((e) => e.status === 'refused' && e.refusal.kind === kind).map((e) => e.serial);
    const offline = refusedBy('offline');
    const unknown = refusedBy('unknown');
    assert.deepEqual(offline, all.filter((s) => model.gatewayState(s) === 'offline'));
    assert.deepEqual(unknown, all.filter((s) => model.gatewayState(s) === 'absent'));
    assert.ok(offline.length > 3 && unknown.length > 1, `${offline.length} offline, ${unknown.length} unknown`);
    const started = report.state.entries.filter((e) => e.status === 'started');
    assert.equal(started.length + offline.length + unknown.length, 200);
    assert.equal(report.sentence, `Started ${started.length} of 200; ${offline.length} offline, ${unknown.length} unknown`);
    for (const e of started) {
      assert.ok(e.status === 'started' && sim.taskIds(e.serial).length === 1 && e.taskKey === `${e.serial}/${sim.taskIds(e.serial)[0]}`);
    }
    for (const serial of [...offline, ...unknown]) {
      assert.deepEqual(sim.taskIds(serial), [], `${serial} started nothing`);
      assert.match(report.details, new RegExp(`  ${serial}: Gateway ${serial} (is offline|was not found)`));
    }
    assert.equal(fleet.started.length, started.length);
    assert.equal(fleet.sentAt.length, 200);
    assert.equal(sim.requests.filter((r) => r.method === 'POST').length, 200, 'one start per gateway');
    assert.deepEqual(parseFleetState(JSON.parse(JSON.stringify(report.state))), { state: report.state }, 'the state survives a reload');
  });

  it('sorts 403 and 400 apart, and names each gateway once in the details', async () => {
    const fleet = await start();
    sim.scriptStart('CNDENIED01', [{ status: 403, body: { message: 'Forbidden for this group' } }]);
    sim.scriptStart('CNBADREQ01', [400]);
    const state = createFleetState({ id: 'f', serials: ['CNGOOD0001', 'CNDENIED01', 'CNBADREQ01', 'CNGOOD0002'], params: PARAMS, now: 1 });
    const report = await fleet.runner(state, { pacer: new FleetPacer({ requestsPerMinute: 1000 }) }).run();
    assert.equal(report.sentence, 'Started 2 of 4; 1 denied (403), 1 refused the parameters (400)');
    assert.match(report.details, /^Ping sweep to 10\.1\.1\.1 \(1400–1500 bytes, step 50, 5 cycles\) on 4 gateways\.\nStarted 2 of 4;/);
    assert.match(report.details, /Access denied \(403\): 1\n  CNDENIED01: These credentials may not run diagnostics on CNDENIED01 \(403\): Forbidden for this group/);
    assert.match(report.details, /Parameters refused \(400\): 1\n  CNBADREQ01: Central refused the sweep parameters/);
    assert.equal(report.details.match(/CNDENIED01/g)?.length, 2, 'its line names it twice: the serial and the message');
  });

  it('keeps to the budget less the polls\' reserve, and tells the polls what is left while starts wait', async function () {
    this.timeout(30_000);
    const { fake, clock } = virtual();
    const fleet = await start({ now: () => fake.now, rateLimit: { perMinute: 60 }, paths: { fleet: { offlineShare: 0.05 } } });
    const pacer = new FleetPacer({ requestsPerMinute: 60 });
    const windows: number[] = [];
    const runner = fleet.runner(createFleetState({ id: 'f', serials: serials(200), params: PARAMS, now: fake.now }), {
      pacer,
      clock,
      onStartSent: (now) => {
        fleet.sentAt.push(now);
        if (pacer.pending > 0) windows.push(pacer.pollWindow(now).remaining);
      },
    });
    const report = await drive(fake, fleet, runner.run());
    assert.equal(sim.requests.filter((r) => r.status === 429).length, 0, 'never over the server\'s window');
    assert.ok(busiest(fleet.sentAt) <= 60 - pacer.pollReserve, `busiest minute ${busiest(fleet.sentAt)}`);
    assert.ok(windows.every((w) => w <= pacer.pollReserve), 'polls keep to their reserve while starts wait');
    const took = fleet.sentAt[199] - fleet.sentAt[0];
    const bound = budgetLowerBoundMs(200, 60 - pacer.pollReserve, 10);
    assert.ok(took >= bound - 1 && took <= bound * 1.1, `${took} ms against a bound of ${bound} ms`);
    assert.match(report.sentence, /^Started \d+ of 200; \d+ offline$/);
  });

  it('puts a gateway answering 429 back in line after the wait it asked for', async () => {
    const { fake, clock } = virtual();
    const fleet = await start({ now: () => fake.now });
    sim.scriptStart('CNLIMITED1', [{ status: 429, headers: { 'Retry-After': '7' } }, 202]);
    sim.scriptStart('CNLIMITED2', [429, 429, 429]);
    const state = createFleetState({ id: 'f', serials: ['CNLIMITED1', 'CNLIMITED2', 'CNGOOD0001'], params: PARAMS, now: fake.now });
    const t0 = fake.now;
    const report = await drive(fake, fleet, fleet.runner(state, { pacer: new FleetPacer({ requestsPerMinute: 600 }), clock, rateLimitWaitMs: 1000 }).run());
    assert.equal(report.sentence, 'Started 2 of 3; 1 rate-limited (429)');
    const retried = sim.requests.filter((r) => r.path.includes('CNLIMITED1')).map((r) => r.at - t0);
    assert.equal(retried.length, 2);
    assert.ok(retried[1] >= 7000, `retried after ${retried[1]} ms`);
    assert.equal(sim.requests.filter((r) => r.path.includes('CNLIMITED2')).length, 3);
  });

  it('stops on cancel: nothing more is sent, what waited is cancelled, and the report says so', async () => {
    const { fake, clock } = virtual();
    const fleet = await start({ now: () => fake.now });
    const stop = new AbortController();
    const runner = fleet.runner(createFleetState({ id: 'f', serials: serials(100), params: PARAMS, now: fake.now }), {
      pacer: new FleetPacer({ requestsPerMinute: 60 }),
      clock,
      signal: stop.signal,
      onStartSent: (now) => {
        if (fleet.sentAt.push(now) === 20) stop.abort();
      },
    });
    const report = await drive(fake, fleet, runner.run());
    const sent = sim.requests.length;
    assert.ok(sent >= 19 && sent <= 20, `${sent} requests`);
    fake.tick(10 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(sim.requests.length, sent, 'nothing is sent after the stop');
    assert.equal(report.cancelled, true);
    const counts = report.sentence.match(/^Started (\d+) of 100; (\d+) cancelled, 1 interrupted$/);
    assert.ok(counts, report.sentence);
    assert.equal(Number(counts[1]) + Number(counts[2]), 99);
    assert.ok(Number(counts[1]) >= 18, 'the starts already answered are kept');
    assert.match(report.details, /Cancelled before they started: 80\n  CNFLT00020: Not started: the fleet was stopped first\./);
    assert.match(report.details, /Interrupted: may have started: 1\n  CNFLT00019: Stopped while its start was on its way/);
  });

  it('stops at a 401: every other start would be refused too', async () => {
    const fleet = await start();
    sim.revokeTokens();
    const state = createFleetState({ id: 'f', serials: serials(30), params: PARAMS, now: 1 });
    const report = await fleet.runner(state, { pacer: new FleetPacer({ requestsPerMinute: 1000 }), maxInFlight: 1 }).run();
    assert.equal(sim.requests.length, 1);
    assert.equal(report.sentence, 'Started 0 of 30; 30 not started: credentials refused (401)');
    assert.equal(report.cancelled, false);
  });

  it('counts a start it could not send as failed, and keeps the others', async () => {
    const fleet = await start();
    const state = createFleetState({ id: 'f', serials: ['CNGOOD0001', 'CNTHROWS01', 'CNGOOD0002'], params: PARAMS, now: 1 });
    const report = await fleet
      .runner(state, {
        pacer: new FleetPacer({ requestsPerMinute: 1000 }),
        startSweep: async (serial, params, signal) => {
          if (serial === 'CNTHROWS01') throw new ApiError('network', 'Could not reach Central (ECONNREFUSED)');
          return clientFor(sim).startSweep(serial, 'v1', params, signal);
        },
      })
      .run();
    assert.equal(report.sentence, 'Started 2 of 3; 1 failed');
    assert.match(report.details, /Failed: 1\n  CNTHROWS01: Could not reach Central \(ECONNREFUSED\)/);
  });

  it('goes on when a callback throws, and reports each error', async () => {
    const fleet = await start();
    const errors: unknown[] = [];
    const boom = () => {
      throw new Error('the caller failed');
    };
    const state = createFleetState({ id: 'f', serials: serials(5), params: PARAMS, now: 1 });
    const report = await fleet
      .runner(state, { pacer: new FleetPacer({ requestsPerMinute: 1000 }), onChange: boom, onStarted: boom, onStartSent: boom, onCallbackError: (e) => errors.push(e) })
      .run();
    assert.equal(report.sentence, 'Started 5 of 5');
    assert.equal(errors.length, 5 * 4, 'sending, sent, started, and its change, for each gateway');
  });

  it('resumes a saved fleet: only the gateways that waited are started, one on its way is never sent again', async () => {
    const fleet = await start();
    const client = clientFor(sim);
    const first = fleet.runner(createFleetState({ id: 'f', serials: serials(6), params: PARAMS, now: 1 }), {
      pacer: new FleetPacer({ requestsPerMinute: 1000 }),
      maxInFlight: 1,
      // The third start never comes back: the window closes while it is on its way.
      startSweep: (serial, params, signal) =>
        serial === 'CNFLT00002' ? new Promise(() => undefined) : client.startSweep(serial, 'v1', params, signal),
    });
    void first.run();
    while (!fleet.saved.some((s) => s.entries[2].status === 'sending')) await new Promise((r) => setTimeout(r, 5));
    const saved = fleet.saved.find((s) => s.entries[2].status === 'sending')!;
    first.cancel();
    const parsed = parseFleetState(JSON.parse(JSON.stringify(saved)));
    assert.ok('state' in parsed, JSON.stringify(parsed));
    assert.deepEqual(parsed.state.entries.map((e) => e.status), ['started', 'started', 'refused', 'waiting', 'waiting', 'waiting']);
    const before = sim.requests.length;
    const report = await fleet.runner(parsed.state, { pacer: new FleetPacer({ requestsPerMinute: 1000 }) }).run();
    assert.equal(sim.requests.length - before, 3, 'the three that waited');
    assert.equal(report.sentence, 'Started 5 of 6; 1 interrupted');
    assert.equal(report.state.entries[0].status === 'started' && report.state.entries[0].taskKey, saved.entries[0].status === 'started' && saved.entries[0].taskKey);
  });
});
