/** Sweep outputs for the tests of stored results, fleets and comparisons. */
import type { SweepOutput } from '../../../src/core/schemas';

/** A completed sweep's output: `cycles` cycles over `sizes`, sizes above `mtu` timing out. */
export function sweepOutput(
  o: { sizes?: number[]; cycles?: number; mtu?: number; rtt?: number; destination?: string } = {},
): SweepOutput {
  const sizes = o.sizes ?? [1400, 1450, 1500];
  const cycles = o.cycles ?? 5;
  const mtu = o.mtu ?? Infinity;
  let requestId = 0;
  const responses = Array.from({ length: cycles }, (_, c) => ({
    count: c + 1,
    replies: sizes.map((size) => ({ requestId: ++requestId, size, timedOut: size > mtu })),
  }));
  const sent = sizes.length * cycles;
  const received = sizes.filter((s) => s <= mtu).length * cycles;
  const rtt = o.rtt ?? 12.5;
  return {
    destination: o.destination ?? '10.1.1.1',
    successRate: Math.round((10000 * received) / sent) / 100,
    transmittedPacketsCount: sent,
    receivedPacketsCount: received,
    minimumRoundTripTimeMilliseconds: received ? rtt - 2 : null,
    averageRoundTripTimeMilliseconds: received ? rtt : null,
    maximumRoundTripTimeMilliseconds: received ? rtt + 3 : null,
    responses,
  };
}
