import type { Clock } from '../../core/clock';

/** A clock that knows how many of its timers are pending, so a test can prove that disposal left none. */
export interface CountingClock extends Clock {
  pendingTimers(): number;
}

export function countingClock(inner: Clock): CountingClock {
  const pending = new Set<unknown>();
  return {
    now: () => inner.now(),
    setTimeout(fn, ms) {
      const handle: unknown = inner.setTimeout(() => {
        pending.delete(handle);
        fn();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle);
      inner.clearTimeout(handle);
    },
    pendingTimers: () => pending.size,
  };
}
