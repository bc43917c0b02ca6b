/**
 * What a script passes to Find Path MTU, `(serial, destination, options?)`, checked with the input rules of
 * Start Sweep; every problem says what is expected. Pure.
 */
import { normalizeSerial, validateSerial } from '../endpoints';
import { MAX_PACKET_SIZE, validateDestination } from '../startParams';
import { PathMtuInput, validateRange } from './investigation';
import { DEFAULT_CYCLES, DEFAULT_RANGE, MAX_CYCLES } from './types';

/** What Find Path MTU was given, or what is wrong with it. */
export type PathMtuQuestion = { input: PathMtuInput } | { error: string };

const EXPECTED =
  'Expected findPathMtu(serial, destination, { start?, end?, cycles? }): a gateway serial, an IPv4 or IPv6 address ' +
  `or host name, and whole sizes in bytes from 1 to ${MAX_PACKET_SIZE} (end above start) with 1 to ${MAX_CYCLES} cycles per size`;

/** The question a script asked: `(serial, destination, options?)`; every problem says what is expected. */
export function scriptQuestion(serial: unknown, destination: unknown, options: unknown): PathMtuQuestion {
  if (typeof serial !== 'string' || typeof destination !== 'string')
    return { error: `the serial and the destination must be text. ${EXPECTED}.` };
  const serialProblem = validateSerial(normalizeSerial(serial));
  if (serialProblem) return { error: `${serialProblem}. ${EXPECTED}.` };
  const destinationProblem = validateDestination(destination);
  if (destinationProblem) return { error: `${destinationProblem}. ${EXPECTED}.` };
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options)))
    return { error: `the options must be an object. ${EXPECTED}.` };
  const o = (options ?? {}) as Record<string, unknown>;
  const start = o.start ?? DEFAULT_RANGE.start;
  const end = o.end ?? DEFAULT_RANGE.end;
  const cycles = o.cycles ?? DEFAULT_CYCLES;
  const problem = validateRange(start, end, cycles);
  if (problem) return { error: `${problem} ${EXPECTED}.` };
  return {
    input: {
      serial: normalizeSerial(serial),
      destination: destination.trim(),
      start: start as number,
      end: end as number,
      cycles: cycles as number,
    },
  };
}
