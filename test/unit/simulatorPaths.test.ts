import * as assert from 'node:assert/strict';
import type { CentralClient } from '../../src/core/client';
import { ApiError } from '../../src/core/errors';
import {
  PathMtuConclusion,
  addStage,
  createInvestigation,
  nextStep,
  recordStage,
  toStartRequest,
} from '../../src/core/pathMtu';
import type { StartSweepRequest, SweepOutput } from '../../src/core/schemas';
import { analyzeSweep } from '../../src/core/sweep';
import type { PathConfig } from '../simulator/paths';
import { Simulator, startSimulator } from '../simulator/server';
import { SERIAL, TOKEN, clientFor } from './helpers/central';

const T0 = Date.parse('2025-09-18T10:00:00Z');
const SWEEP = { destination: '10.1.1.1', startPacketSize: 1300, endPacketSize: 1500, sweepInterval: 50, count: 2 };

describe('simulator paths and fleet (over loopback HTTP)', () => {
  let sim: Simulator | undefined;
  let t = T0;
  let client: CentralClient;
  const open = async (paths?: PathConfig) => {
    await sim?.close();
    t = T0;
    sim = await startSimulator({ tokens: [TOKEN], now: () => t, paths });
    client = clientFor(sim);
    return sim;
  };
  /** Starts a sweep, lets it finish on the simulator's clock, and returns its output. */
  const sweep = async (serial: string, body: StartSweepRequest = SWEEP): Promise<SweepOutput> => {
    const started = await client.startSweep(serial, 'v1', body);
    t += 60_000;
    const { status } = await client.getStatus(started);
    assert.equal(status.status, 'COMPLETED');
    return status.output!;
  };
  const answered = (output: SweepOutput) =>
    analyzeSweep(output)
      .sizes.map((r) => `${r.size}:${r.answered}/${r.sent}`)
      .join(' ');

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('knows any valid serial as a gateway, and no invalid one', async () => {
    await open();
    assert.equal((await sweep('CNANYTHING42')).responses.length, 2);
    const res = await fetch(`${sim!.baseUrl}/network-troubleshooting/v1/gateways/a-b/list-tasks`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(res.status, 404);
  });

  it('times out sizes above the MTU of the destination, the gateway, or the pair', async () => {
    await open({
      destinations: { '10.1.1.1': { mtu: 1472 } },
      gateways: { CNSMALL001: { mtu: 1400 }, CNPAIR0001: { mtu: 1300, destinations: { '10.1.1.1': { mtu: 1450 } } } },
    });
    assert.equal(answered(await sweep(SERIAL)), '1300:2/2 1350:2/2 1400:2/2 1450:2/2 1500:0/2');
    assert.equal(answered(await sweep('CNSMALL001')), '1300:2/2 1350:2/2 1400:2/2 1450:0/2 1500:0/2');
    assert.equal(answered(await sweep('CNPAIR0001')), '1300:2/2 1350:2/2 1400:2/2 1450:2/2 1500:0/2');
    assert.equal(
      answered(await sweep(SERIAL, { ...SWEEP, destination: '10.9.9.9' })),
      '1300:2/2 1350:2/2 1400:2/2 1450:2/2 1500:2/2',
    );
  });

  it('loses replies at random, reproducibly for the same seed and order of sweeps', async () => {
    const config: PathConfig = { loss: 0.3, seed: 7 };
    const body = { ...SWEEP, startPacketSize: 100, endPacketSize: 1089, sweepInterval: 10, count: 1 };
    await open(config);
    const first = [await sweep(SERIAL, body), await sweep(SERIAL, body)];
    await open(config);
    const again = [await sweep(SERIAL, body), await sweep(SERIAL, body)];
    assert.deepEqual(
      again.map((o) => o.responses),
      first.map((o) => o.responses),
    );
    assert.notDeepEqual(first[1].responses, first[0].responses);
    const lost = analyzeSweep(first[0]).timedOut;
    assert.ok(lost >= 15 && lost <= 45, `${lost} of 99 lost at 30%`);
    assert.equal(first[0].transmittedPacketsCount, 99);
    assert.equal(first[0].receivedPacketsCount, 99 - lost);
    await open({ loss: 0.3, seed: 8 });
    assert.notDeepEqual((await sweep(SERIAL, body)).responses, first[0].responses);
  });

  it('serves an unreachable destination (nothing answers) and an ICMP-filtered one (only small echoes)', async () => {
    await open({
      destinations: {
        '192.0.2.1': { reach: 'unreachable' },
        '192.0.2.2': { reach: 'icmpFiltered', filteredAbove: 100 },
      },
    });
    const small = { ...SWEEP, startPacketSize: 64, endPacketSize: 164, sweepInterval: 36 };
    const dead = await sweep(SERIAL, { ...small, destination: '192.0.2.1' });
    assert.equal(answered(dead), '64:0/2 100:0/2 136:0/2');
    assert.equal(dead.averageRoundTripTimeMilliseconds, null);
    assert.equal(answered(await sweep(SERIAL, { ...small, destination: '192.0.2.2' })), '64:2/2 100:2/2 136:0/2');
  });

  it('makes a fleet: shares offline (409) and unknown (404) by serial, each gateway with its own MTU', async () => {
    const config: PathConfig = {
      fleet: {
        offlineShare: 0.2,
        unknownShare: 0.1,
        mtus: [
          { mtu: 1400, share: 0.25 },
          { mtu: 1472, share: 0.25 },
        ],
      },
    };
    const serials = Array.from({ length: 60 }, (_, i) => `CNFLEET${String(i).padStart(3, '0')}`);
    const body = { ...SWEEP, startPacketSize: 1400, endPacketSize: 1499, sweepInterval: 1, count: 1 };
    const survey = async () => {
      const kinds: string[] = [];
      for (const serial of serials) {
        try {
          kinds.push(`mtu ${analyzeSweep(await sweep(serial, body)).largestAlwaysAnswered}`);
        } catch (err) {
          kinds.push(err instanceof ApiError ? err.kind : String(err));
        }
      }
      return kinds;
    };
    await open(config);
    const kinds = await survey();
    const tally: Record<string, number> = {};
    for (const k of kinds) tally[k] = (tally[k] ?? 0) + 1;
    assert.deepEqual(Object.keys(tally).sort(), ['conflict', 'mtu 1400', 'mtu 1472', 'mtu 1499', 'notFound']);
    assert.ok(tally.conflict >= 6 && tally.conflict <= 20, JSON.stringify(tally));
    assert.ok(tally.notFound >= 2 && tally.notFound <= 12, JSON.stringify(tally));
    // Another simulator with the same shares gives every serial the same state and MTU.
    await open(config);
    assert.deepEqual(await survey(), kinds);
    // An explicit state wins over the shares.
    const offline = serials[kinds.indexOf('conflict')];
    sim!.setGateway(offline, 'online');
    assert.equal((await sweep(offline, body)).responses.length, 1);
  });

  it('applies a new path configuration to later sweeps only', async () => {
    await open({ mtu: 1400 });
    const before = await client.startSweep(SERIAL, 'v1', SWEEP);
    sim!.configurePaths({ mtu: 1500 });
    const after = await client.startSweep(SERIAL, 'v1', SWEEP);
    t += 60_000;
    assert.equal(analyzeSweep((await client.getStatus(before)).status.output!).smallestTimedOut, 1450);
    assert.equal(analyzeSweep((await client.getStatus(after)).status.output!).smallestTimedOut, null);
  });

  /** Runs a whole investigation against the simulator with the real client. */
  const investigate = async (
    destination: string,
    input: { start?: number; end?: number; cycles?: number } = {},
  ): Promise<PathMtuConclusion> => {
    const created = createInvestigation({ serial: SERIAL, destination, ...input });
    assert.ok('investigation' in created);
    let inv = created.investigation;
    for (let i = 0; i < 20; i++) {
      const step = nextStep(inv);
      if (step.kind === 'done') return step.conclusion;
      assert.equal(step.kind, 'sweep');
      if (step.kind !== 'sweep') break;
      inv = addStage(inv, step.purpose, step.plan);
      const output = await sweep(SERIAL, toStartRequest(inv, step.plan));
      inv = recordStage(inv, inv.stages.length - 1, analyzeSweep(output).sizes);
    }
    throw new Error('no conclusion');
  };

  it('lets the planner find every outcome against the simulator, naming its configured boundary exactly', async () => {
    await open({
      destinations: {
        '10.1.1.1': { mtu: 1472 },
        '10.2.2.2': { mtu: 9000 },
        '10.3.3.3': { reach: 'unreachable' },
        '10.4.4.4': { reach: 'icmpFiltered' },
        '10.5.5.5': { mtu: 1436, loss: 0.15 },
      },
    });
    const exact = await investigate('10.1.1.1');
    assert.equal(
      exact.sentence,
      `The largest ICMP size that reaches 10.1.1.1 from ${SERIAL} is 1472 bytes; 1473 and above get no answer.`,
    );
    assert.ok(exact.sweeps <= 3 && exact.requests <= 300);
    assert.equal((await investigate('10.2.2.2')).kind, 'allAnswer');
    const jumbo = await investigate('10.2.2.2', { start: 1000, end: 9216, cycles: 3 });
    assert.ok(jumbo.kind === 'exact' && jumbo.largest === 9000);
    const dead = await investigate('10.3.3.3');
    assert.ok(dead.kind === 'noneAnswer' && dead.looksLike === 'unreachable');
    const filtered = await investigate('10.4.4.4');
    assert.ok(filtered.kind === 'noneAnswer' && filtered.looksLike === 'largeDropped');
    const lossy = await investigate('10.5.5.5');
    assert.ok(lossy.kind === 'exact' ? lossy.largest === 1436 : lossy.kind === 'lossy', lossy.sentence);
    assert.ok(lossy.lossRate > 0);
  });
});
