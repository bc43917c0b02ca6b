import { validateDestination, validateEndSize, validatePacketSize } from '../../core/startParams';
import { ask } from '../ui/prompts';

// The input boxes Start Sweep and Find Path MTU share: the destination and the size range, each validated as
// it is typed, with the command's title and step counter.

/** Where a box stands in its command's sequence: `Start Sweep (2/6)`. */
export interface BoxStep {
  title: string;
  step: number;
  totalSteps: number;
}

/** The destination box: an IPv4 or IPv6 address or a host name, pinged from `serial`. */
export function askDestination(at: BoxStep, serial: string, value?: string): Promise<string | undefined> {
  return ask({
    ...at,
    prompt: `Destination to ping from ${serial}: IPv4, IPv6 or host name`,
    placeholder: 'e.g. 10.20.30.1 or fw.example.net',
    value,
    validate: validateDestination,
  });
}

/** The smallest size box; resolves to the number. */
export async function askStartSize(at: BoxStep, value: number, prompt?: string): Promise<number | undefined> {
  const typed = await ask({
    ...at,
    prompt: prompt ?? 'Start packet size in bytes (the smallest size sent)',
    value: String(value),
    validate: (v) => validatePacketSize(v, 'Start size'),
  });
  return typed === undefined ? undefined : Number(typed);
}

/**
 * The largest size box, at least `start` (larger than it with `above`, for a range that must hold two sizes);
 * resolves to the number.
 */
export async function askEndSize(
  at: BoxStep,
  start: number,
  value: number,
  opts: { above?: boolean; prompt?: string } = {},
): Promise<number | undefined> {
  const least = opts.above ? start + 1 : start;
  const typed = await ask({
    ...at,
    prompt: opts.prompt ?? `End packet size in bytes (at least ${least})`,
    value: String(Math.max(least, value)),
    validate: (v) =>
      validateEndSize(v, start) ??
      (opts.above && Number(v) === start ? `End size must be larger than the start size (${start})` : undefined),
  });
  return typed === undefined ? undefined : Number(typed);
}
