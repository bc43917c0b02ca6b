/**
 * Reading of Central's rate-limit headers. Central documents `X-RateLimit-Limit`, `X-RateLimit-Remaining`
 * and `X-RateLimit-Reset`; `Retry-After` is not promised but is honoured when sent.
 */

/** What the headers of one answer said about the rate budget. Absent fields were not sent (or unreadable). */
export interface RateLimitInfo {
  /** Requests allowed per window (Central: per hour). */
  limit?: number;
  remaining?: number;
  /** When the window resets, epoch ms. */
  resetAt?: number;
  /** How long to wait before the next request, ms (from `Retry-After`). */
  retryAfterMs?: number;
}

/**
 * The longest wait the server can impose, however it says it: `Retry-After: 86400` (or a 400-digit value, or a
 * date next week) would otherwise stop all polling for a day. Refresh sends a probe sooner (see the poller).
 */
export const MAX_SERVER_WAIT_MS = 60 * 60_000;

/** `ms` from now, within 0 and {@link MAX_SERVER_WAIT_MS}; anything unreadable counts as the cap. */
export function capWait(ms: number): number {
  return Number.isNaN(ms) ? MAX_SERVER_WAIT_MS : Math.min(MAX_SERVER_WAIT_MS, Math.max(0, ms));
}

const INTEGER = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/;
/** Below this an integer reset is "seconds from now"; at or above, epoch seconds (10^9 s is 2001). */
const EPOCH_SECONDS_THRESHOLD = 1e9;
/** At or above this an integer can only be epoch milliseconds; accepted although not documented. */
const EPOCH_MS_THRESHOLD = 1e12;

/** First number of a header such as `100` or `100, 100;w=3600` (the IETF draft form). */
function leadingCount(value: string | null): number | undefined {
  if (value === null) return undefined;
  const m = /^\s*(\d+)/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/**
 * `X-RateLimit-Reset` as epoch ms on our clock: RFC 3339 time, seconds from now (< 10^9) or epoch seconds;
 * never more than {@link MAX_SERVER_WAIT_MS} after `now`. An absolute time is on the server's clock, which is
 * `clockOffsetMs` ahead of ours.
 */
export function parseResetHeader(value: string | null, now: number, clockOffsetMs = 0): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  let at: number | undefined;
  if (DECIMAL.test(text)) {
    // A 400-digit value is Infinity here: a wait beyond the cap like any other.
    const n = Number(text);
    if (n < EPOCH_SECONDS_THRESHOLD) at = now + Math.round(n * 1000);
    else if (n < EPOCH_MS_THRESHOLD) at = Math.round(n * 1000) - clockOffsetMs;
    else at = Math.round(n) - clockOffsetMs;
  } else if (RFC3339.test(text)) {
    const t = Date.parse(text.replace(' ', 'T'));
    at = Number.isNaN(t) ? undefined : t - clockOffsetMs;
  }
  return at === undefined ? undefined : Math.min(at, now + MAX_SERVER_WAIT_MS);
}

/**
 * `Retry-After` as ms from `now`: delay-seconds or an HTTP date (on the server's clock, `clockOffsetMs` ahead of
 * ours); never negative, never over the cap.
 */
export function parseRetryAfter(value: string | null, now: number, clockOffsetMs = 0): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (INTEGER.test(text)) return capWait(Number(text) * 1000);
  // An HTTP date always names the weekday or month in letters; requiring one keeps Date.parse from
  // accepting stray numbers.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : capWait(t - clockOffsetMs - now);
}

/**
 * Reads every rate-limit header of an answer. `now` is epoch ms, used for relative values; `clockOffsetMs` is
 * how far the server's clock is ahead of ours, for absolute ones.
 */
export function parseRateLimit(headers: Headers, now: number, clockOffsetMs = 0): RateLimitInfo {
  const info: RateLimitInfo = {};
  const limit = leadingCount(headers.get('x-ratelimit-limit'));
  const remaining = leadingCount(headers.get('x-ratelimit-remaining'));
  const resetAt = parseResetHeader(headers.get('x-ratelimit-reset'), now, clockOffsetMs);
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now, clockOffsetMs);
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  if (resetAt !== undefined) info.resetAt = resetAt;
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  return info;
}

/** True when the headers said anything at all. */
export function hasRateLimitInfo(info: RateLimitInfo): boolean {
  return Object.keys(info).length > 0;
}

/**
 * How long to wait after a 429: `Retry-After` if sent, else until the window resets when the budget is
 * spent (or unknown). Undefined when the answer gave no hint.
 */
export function retryDelayMs(info: RateLimitInfo, now: number): number | undefined {
  if (info.retryAfterMs !== undefined) return capWait(info.retryAfterMs);
  if (info.resetAt !== undefined && (info.remaining === undefined || info.remaining === 0)) {
    return capWait(info.resetAt - now);
  }
  return undefined;
}
