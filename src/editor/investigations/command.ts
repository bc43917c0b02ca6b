import {
  DEFAULT_CYCLES,
  DEFAULT_RANGE,
  MAX_CYCLES,
  PathMtuInput,
  lowerBoundSweeps,
  sizesPerSweep,
} from '../../core/pathMtu';
import { MAX_PACKET_SIZE, parseWhole } from '../../core/startParams';
import { BoxStep, askDestination, askEndSize, askStartSize } from '../commands/boxes';
import { askSerial } from '../commands/shared';
import type { Services } from '../services';
import { ask } from '../ui/prompts';

const TITLE = 'Find Path MTU';
const STEPS = 5;

/** The cycles box: whole cycles per size, with what they mean for each sweep and the fewest sweeps. */
function askCycles(at: BoxStep, start: number, end: number): Promise<string | undefined> {
  const validate = (v: string) => {
    const n = parseWhole(v);
    return n === undefined || n < 1 || n > MAX_CYCLES
      ? `Cycles per size must be a whole number from 1 to ${MAX_CYCLES}`
      : undefined;
  };
  return ask({
    ...at,
    prompt: 'Ping cycles per size (more cycles tell loss from a boundary better, but fit fewer sizes in a sweep)',
    value: String(DEFAULT_CYCLES),
    validate,
    hint: (v) => {
      if (validate(v)) return undefined;
      const n = Number(v);
      return `${n} ${n === 1 ? 'cycle' : 'cycles'} per size: up to ${sizesPerSweep(n)} sizes per sweep, at least ${lowerBoundSweeps(start, end, n)} sweeps to a byte-exact answer`;
    },
  });
}

/** Where the boxes sit in a command's steps: its title, the first box's step and the command's step count. */
export interface RangeSteps {
  title: string;
  firstStep: number;
  totalSteps: number;
}

/** What Find Path MTU asks after the gateway: the destination, the size range and the cycles. */
export type PathMtuRange = Omit<PathMtuInput, 'serial'>;

/** Asks the question box by box (`Find Path MTU (2/5)`); undefined when a box is dismissed. */
export async function askQuestion(s: Services): Promise<PathMtuInput | undefined> {
  const serial = await askSerial(s, TITLE, 1, STEPS);
  if (!serial) return undefined;
  const range = await askRange(s, serial, { title: TITLE, firstStep: 2, totalSteps: STEPS });
  return range && { serial, ...range };
}

/**
 * The destination, size range and cycles boxes (four steps from `steps.firstStep`), for one gateway or, from
 * Start Sweep on Several Gateways, for each of them (`from` names them in the destination box).
 */
export async function askRange(
  s: Services,
  from: string,
  steps: RangeSteps,
  recentSerial = from,
): Promise<PathMtuRange | undefined> {
  const at = (n: number): BoxStep => ({ title: steps.title, step: steps.firstStep + n, totalSteps: steps.totalSteps });
  const destination = await askDestination(at(0), from, s.recents.startParams(recentSerial)?.destination);
  if (destination === undefined) return undefined;
  const start = await askStartSize(
    at(1),
    DEFAULT_RANGE.start,
    "Smallest size to try, in bytes (the API's packet size: the ICMP payload; 576 fits every IPv4 path)",
  );
  if (start === undefined) return undefined;
  const end = await askEndSize(at(2), start, DEFAULT_RANGE.end, {
    above: true,
    prompt: `Largest size to try, in bytes (above ${start}; up to ${MAX_PACKET_SIZE} for jumbo paths)`,
  });
  if (end === undefined) return undefined;
  const cycles = await askCycles(at(3), start, end);
  if (cycles === undefined) return undefined;
  return { destination, start, end, cycles: Number(cycles) };
}
