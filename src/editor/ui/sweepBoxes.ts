import type { StartSweepRequest } from '../../core/schemas';
import { DEFAULT_COUNT, sizeCount, validateCount, validateStep } from '../../core/startParams';
import { askDestination, askEndSize, askStartSize } from '../commands/boxes';
import { ask } from './prompts';

/** Where a sweep's boxes sit in a command's sequence: its title, the step of the first box, the steps in all. */
export interface SweepBoxesOptions {
  title: string;
  firstStep: number;
  totalSteps: number;
  /** Who pings, in the destination's prompt: a serial, or e.g. `24 gateways`. */
  from: string;
  /** The values last used, to prefill the boxes. */
  last?: Partial<StartSweepRequest>;
}

/** The number of boxes {@link askSweepRequest} shows. */
export const SWEEP_BOXES = 5;

/**
 * The parameter boxes of a sweep (destination, start and end sizes, step, cycles), each validated as typed and
 * prefilled with the last values: shared by the commands that start sweeps. Undefined when dismissed.
 */
export async function askSweepRequest(o: SweepBoxesOptions): Promise<StartSweepRequest | undefined> {
  const { last } = o;
  const step = (n: number) => ({ title: o.title, step: o.firstStep + n, totalSteps: o.totalSteps });
  const destination = await askDestination(step(0), o.from, last?.destination);
  if (destination === undefined) return undefined;
  const startSize = await askStartSize(step(1), last?.startPacketSize ?? 1300);
  if (startSize === undefined) return undefined;
  const endSize = await askEndSize(step(2), startSize, last?.endPacketSize ?? 1500);
  if (endSize === undefined) return undefined;
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
