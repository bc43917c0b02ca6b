/** Time and timers behind an interface, so that tests and the benchmark can run in virtual time. */
export interface Clock {
  /** Wall-clock epoch ms (rate-limit resets are wall-clock times). */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Within this, a Date header (whole seconds, written somewhere in the round trip) cannot tell an offset. */
const DATE_HEADER_RESOLUTION_MS = 1_000;

/**
 * Central's clock minus ours, from the `Date` header of an answer to a request sent at `sentAt` and received at
 * `receivedAt` (our clock). The header is cut to the second, so the server's time was half a second later on
 * average; it is compared with the middle of the round trip. Good to about a second: 0 within that, undefined
 * without a readable header.
 */
export function clockOffsetFrom(date: string | null, sentAt: number, receivedAt: number): number | undefined {
  const server = date ? Date.parse(date) : NaN;
  if (!Number.isFinite(server)) return undefined;
  const offset = server + 500 - (sentAt + receivedAt) / 2;
  return Math.abs(offset) < DATE_HEADER_RESOLUTION_MS ? 0 : Math.round(offset);
}
