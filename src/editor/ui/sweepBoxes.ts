import type { StartSweepRequest } from '../../core/schemas';
import {
  DEFAULT_COUNT,
  sizeCount,
  validateCount,
  validateDestination,
  validateEndSize,
  validatePacketSize,
  validateStep,
} from '../../core/startParams';
import { ask } from './prompts';

/** Where the sweep's boxes sit in a multi-step input: its title, the step of the first box, the steps in all. */
export interface SweepBoxesOptions {
  title: string;
  firstStep: number;
  totalSteps: number;
  /** Who pings, in the destination's prompt: a serial, or e.g. `24 gateways`. */
  from: string;
  /** The values last used, to prefill the boxes. */
  last?: Partial<StartSweepRequest>;
}

/**
 * The parameter boxes of a sweep (destination, start and end sizes, step, cycles), each validated as typed
 * and prefilled with the last values: shared by every command that starts sweeps. Undefined when dismissed.
 */
export async function askSweepRequest(o: SweepBoxesOptions): Promise<StartSweepRequest | undefined> {
  const { last } = o;
  const step = (n: number) => ({ title: o.title, step: o.firstStep + n, totalSteps: o.totalSteps });
  const destination = await ask({
    ...step(0),
    prompt: `Destination to ping from ${o.from}: IPv4, IPv6 or host name`,
    placeholder: 'e.g. 10.20.30.1 or fw.example.net',
    value: last?.destination,
    validate: validateDestination,
  });
  if (destination === undefined) return undefined;
  const start = await ask({
    ...step(1),
    prompt: 'Start packet size in bytes (the smallest size sent)',
    value: String(last?.startPacketSize ?? 1300),
    validate: (v) => validatePacketSize(v, 'Start size'),
  });
  if (start === undefined) return undefined;
  const startSize = Number(start);
  const end = await ask({
    ...step(2),
    prompt: `End packet size in bytes (at least ${startSize})`,
    value: String(Math.max(startSize, last?.endPacketSize ?? 1500)),
    validate: (v) => validateEndSize(v, startSize),
  });
  if (end === undefined) return undefined;
  const endSize = Number(end);
  const interval = await ask({
    ...step(3),
    prompt: 'Step between sizes in bytes',
    value: String(last?.sweepInterval ?? 20),
    validate: (v) => validateStep(v, startSize, endSize),
    hint: (v) => (Number(v) >= 1 ? `Step between sizes: ${sizeCount(startSize, endSize, Number(v))} sizes` : undefined),
  });
  if (interval === undefined) return undefined;
  const stepSize = Number(interval);
  const sizes = sizeCount(startSize, endSize, stepSize);
  const count = await ask({
    ...step(4),
    prompt: `Ping cycles over the ${sizes} sizes`,
    value: String(last?.count ?? DEFAULT_COUNT),
    validate: (v) => validateCount(v, startSize, endSize, stepSize),
    hint: (v) =>
      Number(v) >= 1
        ? `Ping cycles: ${Number(v)} × ${sizes} sizes = ${Number(v) * sizes} ICMP requests (at most 100)`
        : undefined,
  });
  if (count === undefined) return undefined;
  return {
    destination,
    startPacketSize: startSize,
    endPacketSize: endSize,
    sweepInterval: stepSize,
    count: Number(count),
  };
}

/** The number of boxes {@link askSweepRequest} shows. */
export const SWEEP_BOXES = 5;
