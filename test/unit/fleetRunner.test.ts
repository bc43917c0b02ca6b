import * as assert from 'node:assert/strict';
import { FleetPacer, budgetLowerBoundMs, createFleetState, parseFleetState } from '../../src/core/fleet';
import { busiest } from '../bench/fleetSim';
import { virtualClock } from '../bench/pollSim';
import { PathModel } from '../simulator/paths';
import { Simulator, SimulatorOptions, startSimulator } from '../simulator/server';
import { TOKEN } from './helpers/central';
import { Fleet, PARAMS, drive, serials } from './helpers/fleetHarness';

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
    const refusedBy = (kind: string) =>
      report.state.entries.filter((e) => e.status === 'refused' && e.refusal.kind === kind).map((e) => e.serial);
    const offline = refusedBy('offline');
    const unknown = refusedBy('unknown');
    assert.deepEqual(
      offline,
      all.filter((s) => model.gatewayState(s) === 'offline'),
    );
    assert.deepEqual(
      unknown,
      all.filter((s) => model.gatewayState(s) === 'absent'),
    );
    assert.ok(offline.length > 3 && unknown.length > 1, `${offline.length} offline, ${unknown.length} unknown`);
    const started = report.state.entries.filter((e) => e.status === 'started');
    assert.equal(started.length + offline.length + unknown.length, 200);
    assert.equal(
      report.sentence,
      `Started ${started.length} of 200; ${offline.length} offline, ${unknown.length} unknown`,
    );
    for (const e of started) {
      assert.ok(
        e.status === 'started' &&
          sim.taskIds(e.serial).length === 1 &&
          e.taskKey === `${e.serial}/${sim.taskIds(e.serial)[0]}`,
      );
    }
    for (const serial of [...offline, ...unknown]) {
      assert.deepEqual(sim.taskIds(serial), [], `${serial} started nothing`);
      assert.match(report.details, new RegExp(`  ${serial}: Gateway ${serial} (is offline|was not found)`));
    }
    assert.equal(fleet.started.length, started.length);
    assert.equal(fleet.sentAt.length, 200);
    assert.equal(sim.requests.filter((r) => r.method === 'POST').length, 200, 'one start per gateway');
    assert.deepEqual(
      parseFleetState(JSON.parse(JSON.stringify(report.state))),
      { state: report.state },
      'the state survives a reload',
    );
  });

  it('sorts 403 and 400 apart, and names each gateway once in the details', async () => {
    const fleet = await start();
    sim.scriptStart('CNDENIED01', [{ status: 403, body: { message: 'Forbidden for this group' } }]);
    sim.scriptStart('CNBADREQ01', [400]);
    const state = createFleetState({
      id: 'f',
      serials: ['CNGOOD0001', 'CNDENIED01', 'CNBADREQ01', 'CNGOOD0002'],
      params: PARAMS,
      now: 1,
    });
    const report = await fleet.runner(state, { pacer: new FleetPacer({ requestsPerMinute: 1000 }) }).run();
    assert.equal(report.sentence, 'Started 2 of 4; 1 denied (403), 1 refused the parameters (400)');
    assert.match(
      report.details,
      /^Ping sweep to 10\.1\.1\.1 \(1400–1500 bytes, step 50, 5 cycles\) on 4 gateways\.\nStarted 2 of 4;/,
    );
    assert.match(
      report.details,
      /Access denied \(403\): 1\n {2}CNDENIED01: These credentials may not run diagnostics on CNDENIED01 \(403\): Forbidden for this group/,
    );
    assert.match(report.details, /Parameters refused \(400\): 1\n {2}CNBADREQ01: Central refused the sweep parameters/);
    assert.equal(report.details.match(/CNDENIED01/g)?.length, 2, 'its line names it twice: the serial and the message');
  });

  it("keeps to the budget less the polls' reserve, and tells the polls what is left while starts wait", async function () {
    this.timeout(30_000);
    const { fake, clock } = virtualClock();
    const fleet = await start({
      now: () => fake.now,
      rateLimit: { perMinute: 60 },
      paths: { fleet: { offlineShare: 0.05 } },
    });
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
    assert.equal(sim.requests.filter((r) => r.status === 429).length, 0, "never over the server's window");
    assert.ok(busiest(fleet.sentAt) <= 60 - pacer.pollReserve, `busiest minute ${busiest(fleet.sentAt)}`);
    assert.ok(
      windows.every((w) => w <= pacer.pollReserve),
      'polls keep to their reserve while starts wait',
    );
    const took = fleet.sentAt[199] - fleet.sentAt[0];
    const bound = budgetLowerBoundMs(200, 60 - pacer.pollReserve, 10);
    assert.ok(took >= bound - 1 && took <= bound * 1.1, `${took} ms against a bound of ${bound} ms`);
    assert.match(report.sentence, /^Started \d+ of 200; \d+ offline$/);
  });

  it('puts a gateway answering 429 back in line after the wait it asked for', async () => {
    const { fake, clock } = virtualClock();
    const fleet = await start({ now: () => fake.now });
    sim.scriptStart('CNLIMITED1', [{ status: 429, headers: { 'Retry-After': '7' } }, 202]);
    sim.scriptStart('CNLIMITED2', [429, 429, 429]);
    const state = createFleetState({
      id: 'f',
      serials: ['CNLIMITED1', 'CNLIMITED2', 'CNGOOD0001'],
      params: PARAMS,
      now: fake.now,
    });
    const t0 = fake.now;
    const report = await drive(
      fake,
      fleet,
      fleet.runner(state, { pacer: new FleetPacer({ requestsPerMinute: 600 }), clock, rateLimitWaitMs: 1000 }).run(),
    );
    assert.equal(report.sentence, 'Started 2 of 3; 1 rate-limited (429)');
    const retried = sim.requests.filter((r) => r.path.includes('CNLIMITED1')).map((r) => r.at - t0);
    assert.equal(retried.length, 2);
    assert.ok(retried[1] >= 7000, `retried after ${retried[1]} ms`);
    assert.equal(sim.requests.filter((r) => r.path.includes('CNLIMITED2')).length, 3);
  });
});
