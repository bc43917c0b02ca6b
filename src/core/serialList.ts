/**
 * A pasted list of gateway serials (commas, semicolons, spaces, tabs or new lines between them): each one
 * checked with the serial rules of `endpoints.ts`, duplicates dropped, and every refused one named with why.
 */
import { normalizeSerial, validateSerial } from './endpoints';

/** Most serials one list may hold; the rest are counted, not kept. */
export const MAX_SERIALS = 1000;
/** Refused entries kept for the message; the rest are only counted. */
export const MAX_REFUSED_SHOWN = 50;
const SHOWN_LENGTH = 40;

/** One entry that is not a serial. `text` is safe to show: printable, at most 40 characters. */
export interface RefusedSerial {
  text: string;
  reason: string;
}

/** What a pasted list holds. */
export interface SerialList {
  /** Upper-cased, in the order pasted, each once. */
  serials: string[];
  /** The first {@link MAX_REFUSED_SHOWN} entries that are not serials. */
  refused: RefusedSerial[];
  /** Every refused entry, including those not kept. */
  refusedCount: number;
  /** Serials pasted more than once (each named once). */
  duplicates: string[];
  /** Valid serials beyond {@link MAX_SERIALS}, left out. */
  overLimit: number;
}

/** Shows a character that is not printable ASCII by its code point, so a look-alike cannot pass for a letter. */
function visible(ch: string): string {
  return /^[\x21-\x7e]$/.test(ch) ? ch : `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** The entry as it may be shown in a message: printable, and cut at 40 characters. */
export function shownEntry(entry: string): string {
  const chars = [...entry];
  const cut = chars.length > SHOWN_LENGTH ? chars.slice(0, SHOWN_LENGTH - 1) : chars;
  return cut.map(visible).join('') + (cut.length < chars.length ? '…' : '');
}

/** Why an entry is not a serial, more precisely than the rule alone. */
function refusal(entry: string): string {
  const rule = validateSerial(entry) ?? '';
  const length = [...entry].length;
  const bad = [...entry].find((ch) => !/^[A-Za-z0-9]$/.test(ch));
  if (bad !== undefined) return `contains "${visible(bad)}": ${rule}`;
  return `${length < 4 ? 'too short' : 'too long'} (${length} characters): ${rule}`;
}

function unquote(token: string): string {
  const m = /^(["'])(.*)\1$/s.exec(token);
  return m ? m[2] : token;
}

/** Reads a pasted list. Never throws; an empty list has no serials and nothing refused. */
export function parseSerialList(text: string): SerialList {
  const out: SerialList = { serials: [], refused: [], refusedCount: 0, duplicates: [], overLimit: 0 };
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const token of String(text ?? '').split(/[\s,;]+/)) {
    if (!token) continue;
    const entry = unquote(token);
    const serial = normalizeSerial(entry);
    if (validateSerial(serial) !== undefined) {
      if (out.refused.length < MAX_REFUSED_SHOWN)
        out.refused.push({ text: shownEntry(entry), reason: refusal(serial) });
      out.refusedCount++;
    } else if (seen.has(serial)) {
      if (!repeated.has(serial)) out.duplicates.push(serial);
      repeated.add(serial);
    } else if (out.serials.length >= MAX_SERIALS) {
      out.overLimit++;
    } else {
      seen.add(serial);
      out.serials.push(serial);
    }
  }
  return out;
}

/** One plain summary of a pasted list, e.g. `24 gateways; 2 duplicates dropped; 1 refused: "CN-1" contains "-": …`. */
export function describeSerialList(list: SerialList): string {
  const n = list.serials.length;
  const parts = [n === 1 ? '1 gateway' : `${n} gateways`];
  if (list.duplicates.length)
    parts.push(`${list.duplicates.length} duplicate${list.duplicates.length === 1 ? '' : 's'} dropped`);
  if (list.overLimit) parts.push(`${list.overLimit} left out (at most ${MAX_SERIALS} at once)`);
  if (list.refusedCount) {
    const shown = list.refused.map((r) => `"${r.text}" ${r.reason}`).join('; ');
    const more = list.refusedCount > list.refused.length ? `; and ${list.refusedCount - list.refused.length} more` : '';
    parts.push(`${list.refusedCount} refused: ${shown}${more}`);
  }
  return parts.join('; ');
}
