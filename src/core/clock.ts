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
