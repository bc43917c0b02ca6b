import * as assert from 'node:assert/strict';
import { ApiError } from '../../src/core/errors';
import { FleetPacer, createFleetState, parseFleetState } from '../../src/core/fleet';
import { virtualClock } from '../bench/pollSim';
import { Simulator, SimulatorOptions, startSimulator } from '../simulator/server';
import { TOKEN, clientFor } from './helpers/central';
import { Fleet, PARAMS, drive, serials } from './helpers/fleetHarness';

describe('fleet runner: stops, failures and resuming', () => {
  let sim: Simulator;
  const start = async (opts: SimulatorOptions = {}) => {
    sim = await startSimulator({ tokens: [TOKEN], ...opts });
    return new Fleet(sim);
  };
  afterEach(() => sim?.close());

  it('stops on cancel: nothing more is sent, what waited is cancelled, and the report says so', async () => {
    const { fake, clock } = virtualClock();
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
    assert.match(
      report.details,
      /Cancelled before they started: 80\n {2}CNFLT00020: Not started: the fleet was stopped first\./,
    );
    assert.match(
      report.details,
      /Interrupted: may have started: 1\n {2}CNFLT00019: Stopped while its start was on its way/,
    );
  });

  it('stops at a 401: every other start would be refused too', async () => {
    const fleet = await start();
    sim.revokeTokens();
    const state = createFleetState({ id: 'f', serials: serials(30), params: PARAMS, now: 1 });
    const report = await fleet
      .runner(state, { pacer: new FleetPacer({ requestsPerMinute: 1000 }), maxInFlight: 1 })
      .run();
    assert.equal(sim.requests.length, 1);
    assert.equal(report.sentence, 'Started 0 of 30; 30 not started: credentials refused (401)');
    assert.equal(report.cancelled, false);
  });

  it('counts a start it could not send as failed, and keeps the others', async () => {
    const fleet = await start();
    const state = createFleetState({
      id: 'f',
      serials: ['CNGOOD0001', 'CNTHROWS01', 'CNGOOD0002'],
      params: PARAMS,
      now: 1,
    });
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
    assert.match(report.details, /Failed: 1\n {2}CNTHROWS01: Could not reach Central \(ECONNREFUSED\)/);
  });

  it('goes on when a callback throws, and reports each error', async () => {
    const fleet = await start();
    const errors: unknown[] = [];
    const boom = () => {
      throw new Error('the caller failed');
    };
    const state = createFleetState({ id: 'f', serials: serials(5), params: PARAMS, now: 1 });
    const report = await fleet
      .runner(state, {
        pacer: new FleetPacer({ requestsPerMinute: 1000 }),
        onChange: boom,
        onStarted: boom,
        onStartSent: boom,
        onCallbackError: (e) => errors.push(e),
      })
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
    assert.deepEqual(
      parsed.state.entries.map((e) => e.status),
      ['started', 'started', 'refused', 'waiting', 'waiting', 'waiting'],
    );
    const before = sim.requests.length;
    const report = await fleet.runner(parsed.state, { pacer: new FleetPacer({ requestsPerMinute: 1000 }) }).run();
    assert.equal(sim.requests.length - before, 3, 'the three that waited');
    assert.equal(report.sentence, 'Started 5 of 6; 1 interrupted');
    assert.equal(
      report.state.entries[0].status === 'started' && report.state.entries[0].taskKey,
      saved.entries[0].status === 'started' && saved.entries[0].taskKey,
    );
  });
});
