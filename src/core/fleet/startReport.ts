/**
 * What became of a fleet's starts, for the person who asked: one sentence for a single message
 * (`Started 21 of 24; 2 offline, 1 unknown`) and a details text that names every refused gateway with the
 * reason, grouped by kind, for a Show Details action. Never one pop-up per gateway.
 */
import { ApiError, InputError, describeError } from '../errors';
import type { StartSweepRequest } from '../schemas';
import { describeStartFailure } from '../startParams';
import type { FleetRefusal, FleetState, RefusalKind } from './state';

/** Each kind in the sentence (`2 offline`) and as a heading of the details (`Offline (409)`), in this order. */
const KIND_WORDS: Record<RefusalKind, { short: string; heading: string }> = {
  offline: { short: 'offline', heading: 'Offline or busy (409)' },
  unknown: { short: 'unknown', heading: 'Unknown to this Central account (404)' },
  forbidden: { short: 'denied (403)', heading: 'Access denied (403)' },
  badRequest: { short: 'refused the parameters (400)', heading: 'Parameters refused (400)' },
  unauthorized: {
    short: 'not started: credentials refused (401)',
    heading: 'Not started: the credentials were refused (401)',
  },
  rateLimited: { short: 'rate-limited (429)', heading: 'Still rate-limited after waiting (429)' },
  error: { short: 'failed', heading: 'Failed' },
  cancelled: { short: 'cancelled', heading: 'Cancelled before they started' },
  interrupted: { short: 'interrupted', heading: 'Interrupted: may have started' },
};
const KIND_ORDER = Object.keys(KIND_WORDS) as RefusalKind[];

const KIND_OF_ERROR: Partial<Record<ApiError['kind'], RefusalKind>> = {
  conflict: 'offline',
  notFound: 'unknown',
  forbidden: 'forbidden',
  badRequest: 'badRequest',
  unauthorized: 'unauthorized',
  rateLimited: 'rateLimited',
  aborted: 'cancelled',
};

/** The refusal a failed start stands for: its kind by the error's kind (never the vendor's code), and words. */
export function refusalOf(err: unknown, serial: string): FleetRefusal {
  if (err instanceof ApiError)
    return { kind: KIND_OF_ERROR[err.kind] ?? 'error', message: describeStartFailure(err, serial) };
  if (err instanceof InputError) return { kind: 'badRequest', message: describeError(err) };
  return {
    kind: 'error',
    message: err === undefined || err === null ? 'The start came back without an answer.' : describeError(err),
  };
}

/** A fleet's starts in numbers. */
export interface FleetStartCounts {
  total: number;
  started: number;
  /** Not answered yet: waiting for their turn, or on their way. */
  pending: number;
  refused: Record<RefusalKind, number>;
}

export function fleetStartCounts(state: FleetState): FleetStartCounts {
  const refused = Object.fromEntries(KIND_ORDER.map((k) => [k, 0])) as Record<RefusalKind, number>;
  let started = 0;
  let pending = 0;
  for (const e of state.entries) {
    if (e.status === 'started') started++;
    else if (e.status === 'refused') refused[e.refusal.kind]++;
    else pending++;
  }
  return { total: state.entries.length, started, pending, refused };
}

/** One sentence, e.g. `Started 21 of 24; 2 offline, 1 unknown` (`3 waiting` while starts remain). */
export function fleetStartSentence(state: FleetState): string {
  const c = fleetStartCounts(state);
  const parts = KIND_ORDER.filter((k) => c.refused[k] > 0).map((k) => `${c.refused[k]} ${KIND_WORDS[k].short}`);
  if (c.pending) parts.push(`${c.pending} waiting`);
  return `Started ${c.started} of ${c.total}${parts.length ? `; ${parts.join(', ')}` : ''}`;
}

/** The sweep a fleet runs, in words: `Ping sweep to 10.1.1.1 (1400–1500 bytes, step 50, 5 cycles)`. */
export function fleetSweepText(p: StartSweepRequest): string {
  return `Ping sweep to ${p.destination} (${p.startPacketSize}–${p.endPacketSize} bytes, step ${p.sweepInterval}, ${p.count} cycle${p.count === 1 ? '' : 's'})`;
}

/** The details: what was swept, the sentence, then every gateway that did not start, by kind, with why. */
export function fleetStartDetails(state: FleetState): string {
  const n = state.entries.length;
  const lines = [
    `${fleetSweepText(state.params)} on ${n} gateway${n === 1 ? '' : 's'}.`,
    `${fleetStartSentence(state)}.`,
  ];
  for (const kind of KIND_ORDER) {
    const refused = state.entries.flatMap((e) => (e.status === 'refused' && e.refusal.kind === kind ? [e] : []));
    if (!refused.length) continue;
    lines.push('', `${KIND_WORDS[kind].heading}: ${refused.length}`);
    for (const e of refused) lines.push(`  ${e.serial}: ${e.refusal.message}`);
  }
  return lines.join('\n');
}
