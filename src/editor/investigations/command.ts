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

/** Asks the question box by box (`Find Path MTU (2/5)`); undefined when a box is dismissed. */
export async function askQuestion(s: Services): Promise<PathMtuInput | undefined> {
  const at = (step: number): BoxStep => ({ title: TITLE, step, totalSteps: STEPS });
  const serial = await askSerial(s, TITLE, 1, STEPS);
  if (!serial) return undefined;
  const destination = await askDestination(at(2), serial, s.recents.startParams(serial)?.destination);
  if (destination === undefined) return undefined;
  const start = await askStartSize(
    at(3),
    DEFAULT_RANGE.start,
    "Smallest size to try, in bytes (the API's packet size: the ICMP payload; 576 fits every IPv4 path)",
  );
  if (start === undefined) return undefined;
  const end = await askEndSize(at(4), start, DEFAULT_RANGE.end, {
    above: true,
    prompt: `Largest size to try, in bytes (above ${start}; up to ${MAX_PACKET_SIZE} for jumbo paths)`,
  });
  if (end === undefined) return undefined;
  const cycles = await askCycles(at(5), start, end);
  if (cycles === undefined) return undefined;
  return { serial, destination, start, end, cycles: Number(cycles) };
}
