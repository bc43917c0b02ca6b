/**
 * The sentences of a path MTU conclusion. Each says what was measured, never more: the API's packet size is
 * reported as measured, and how it relates to the interface MTU is stated with both readings the API allows.
 */
import type { NoneAnswerLooksLike, PathMtuConclusion, PathMtuInvestigation } from './types';
import { requestsSent } from './evidence';

/** IPv4 header without options, plus the ICMP echo header. */
export const IP_ICMP_HEADER_BYTES = 28;

/**
 * What a size means. The API calls it the packet size (`startPacketSize`…`endPacketSize`, and each reply's
 * `size`) and does not document whether the 20-byte IPv4 and 8-byte ICMP headers are counted in it, so both
 * readings are given, with the numbers of this result when there is one.
 */
export function sizeNote(largest?: number, atLeast = false): string {
  const base =
    "Sizes are the API's packet size in bytes; the API does not say whether it counts the 20-byte IP and 8-byte ICMP headers";
  if (largest === undefined) return `${base}.`;
  const is = atLeast ? 'is at least' : 'is';
  return (
    `${base}: if it is the ICMP data, as with ping -s, the path MTU ${is} ${largest + IP_ICMP_HEADER_BYTES} bytes ` +
    `(${largest} + ${IP_ICMP_HEADER_BYTES}); if it counts them, it ${is} ${largest} bytes.`
  );
}

function percent(rate: number): string {
  const p = rate * 100;
  return `${p < 10 ? p.toFixed(1).replace(/\.0$/, '') : Math.round(p)}%`;
}

function lossClause(rate: number): string {
  return rate > 0 ? ` Some replies were lost on the way (${percent(rate)} at sizes that answered).` : '';
}

type Totals = { sweeps: number; requests: number };

function totals(inv: PathMtuInvestigation): Totals {
  return { sweeps: inv.stages.filter((s) => s.sizes).length, requests: requestsSent(inv) };
}

/** The byte-exact boundary. */
export function exactConclusion(inv: PathMtuInvestigation, largest: number, lossRate: number): PathMtuConclusion {
  const sentence =
    `The largest ICMP size that reaches ${inv.destination} from ${inv.serial} is ${largest} bytes; ` +
    `${largest + 1} and above get no answer.${lossClause(lossRate)}`;
  return {
    kind: 'exact',
    largest,
    firstSilent: largest + 1,
    lossRate,
    sentence,
    sizeNote: sizeNote(largest),
    ...totals(inv),
  };
}

/** Every size of the range answered. */
export function allAnswerConclusion(inv: PathMtuInvestigation, lossRate: number): PathMtuConclusion {
  const sentence =
    `Every size from ${inv.start} to ${inv.end} bytes reaches ${inv.destination} from ${inv.serial}: ` +
    `the largest ICMP size that gets through is at least ${inv.end} bytes.${lossClause(lossRate)}`;
  return { kind: 'allAnswer', largest: inv.end, lossRate, sentence, sizeNote: sizeNote(inv.end, true), ...totals(inv) };
}

/** No size of the range answered; the check at a small size tells which of two things it looks like. */
export function noneAnswerConclusion(
  inv: PathMtuInvestigation,
  looksLike: NoneAnswerLooksLike,
  checkSize: number,
): PathMtuConclusion {
  const what = `No size from ${inv.start} to ${inv.end} bytes sent from ${inv.serial} got an answer from ${inv.destination}`;
  const sentence =
    looksLike === 'largeDropped'
      ? `${what}, yet ${checkSize}-byte pings do: something on the path drops packets of ${inv.start} bytes and more ` +
        `(a path MTU below ${inv.start} that is not signalled, or a filter on large ICMP).`
      : `${what}, nor did ${checkSize}-byte pings: the destination looks unreachable from this gateway, ` +
        'or ICMP echo is filtered on the way (a ping sweep cannot tell which).';
  return { kind: 'noneAnswer', looksLike, checkSize, lossRate: 0, sentence, sizeNote: sizeNote(), ...totals(inv) };
}

/** Too much loss to be sure: the best estimate, said to be one. */
export function lossyConclusion(
  inv: PathMtuInvestigation,
  estimate: number | null,
  firstSilent: number | null,
  lossRate: number,
  tries: number,
): PathMtuConclusion {
  const head = `Replies between ${inv.destination} and ${inv.serial} are lost too often to be sure (${percent(lossRate)} lost at sizes that answered)`;
  let sentence: string;
  if (estimate === null) sentence = `${head}, and no size of ${inv.start}–${inv.end} bytes answered reliably.`;
  else if (firstSilent === null)
    sentence = `${head}; every size tried answered at least once, up to ${estimate} bytes.`;
  else {
    sentence =
      `${head}: the best estimate of the largest ICMP size that gets through is ${estimate} bytes; ` +
      `${firstSilent} got no answer in ${tries} tries.`;
  }
  return {
    kind: 'lossy',
    estimate,
    firstSilent,
    lossRate,
    sentence,
    sizeNote: sizeNote(estimate ?? undefined),
    ...totals(inv),
  };
}
