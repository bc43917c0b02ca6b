/**
 * One HTTP exchange with a timeout that covers headers and body, combined with the caller's cancel
 * signal, and the translation of every way it can fail into an {@link ApiError}. Shared by the Central
 * client and the token source so both fail alike.
 */
import { ApiError, errorForStatus, serverMessageFrom } from './errors';
import { RateLimitInfo, parseRateLimit, retryDelayMs } from './rateLimit';

/** What {@link exchange} needs besides the request itself. */
export interface ExchangeOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
  signal?: AbortSignal;
}

/** An answer: status, headers and the body as text (the first {@link MAX_ERROR_BODY_BYTES} of an error's). */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  elapsedMs: number;
  /** The body was longer than what was read of it (error answers only; a long success is refused). */
  truncated?: boolean;
}

/**
 * The most read of a successful answer. The largest legal sweep result (100 replies) is about 10 KB, and a
 * list of recent tasks a few KB: 1 MiB leaves a wide margin and still bounds what a broken proxy can make us
 * hold in memory.
 */
export const MAX_SUCCESS_BODY_BYTES = 1024 * 1024;
/**
 * The most read of an error answer: only a short message is ever shown of it, but it may sit in a JSON body
 * that has to be read whole to find it.
 */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

function mib(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

/**
 * Reads at most `cap` bytes of a body as UTF-8, chunk by chunk, and stops reading (closing the connection)
 * at the cap: an endless body costs no more than the cap.
 */
async function readCapped(response: Response, cap: number): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), truncated: false };
    if (size + value.byteLength > cap) {
      // A character split by the cut stays in the decoder, unflushed: no replacement character at the end.
      text += decoder.decode(value.subarray(0, cap - size), { stream: true });
      reader.cancel().catch(() => undefined);
      return { text, truncated: true };
    }
    size += value.byteLength;
    text += decoder.decode(value, { stream: true });
  }
}

/** The refusal of a success larger than the cap, by its Content-Length when it announced one. */
function tooLarge(host: string, status: number, announced?: number): ApiError {
  const size =
    announced !== undefined
      ? `announces ${mib(announced)}, larger than ${mib(MAX_SUCCESS_BODY_BYTES)}`
      : `is larger than ${mib(MAX_SUCCESS_BODY_BYTES)}`;
  return new ApiError(
    'tooLarge',
    `The answer of ${host} (HTTP ${status}) ${size}; no sweep result is that large, so it was not read (check the base URL or proxy)`,
    { status },
  );
}

/** Network error codes (from Node's `cause.code`) turned into advice. */
function networkMessage(code: string | undefined, host: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `Connection refused by ${host}; check the base URL`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot resolve ${host}; check the base URL and the network or proxy`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return `The connection to ${host} was reset`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Could not connect to ${host} in time`;
    default:
      if (code && /CERT|SSL|TLS|SIGNATURE/i.test(code)) {
        return `TLS certificate problem with ${host} (${code}); a proxy may be intercepting HTTPS`;
      }
      return code ? `Network error talking to ${host} (${code})` : `Network error talking to ${host}`;
  }
}

/** Digs the system error code out of undici's `TypeError('fetch failed', { cause })` chain. */
function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const c = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof c.code === 'string') return c.code;
    if (Array.isArray(c.errors) && c.errors.length) {
      const inner = errorCode(c.errors[0]);
      if (inner) return inner;
    }
    current = c.cause;
  }
  return undefined;
}

/**
 * Sends one request and reads its body, up to {@link MAX_SUCCESS_BODY_BYTES} of a success (a larger one is
 * refused) or {@link MAX_ERROR_BODY_BYTES} of anything else (the rest is left unread). Redirects are not followed: an answer that moves us
 * elsewhere is reported instead of carrying the Authorization header to another place.
 */
export async function exchange(url: string, init: RequestInit, opts: ExchangeOptions): Promise<Answer> {
  const host = new URL(url).host;
  if (opts.signal?.aborted) throw new ApiError('aborted', 'Cancelled.');
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs);
  const started = opts.now();
  const fail = (err: unknown, stage: 'connect' | 'body'): ApiError => {
    if (timedOut) {
      return new ApiError('timeout', `No answer from ${host} within ${Math.round(opts.timeoutMs / 1000)} s`, {
        cause: err,
      });
    }
    if (opts.signal?.aborted) return new ApiError('aborted', 'Cancelled.', { cause: err });
    const base = networkMessage(errorCode(err), host);
    const message = stage === 'body' ? `${base} while reading the answer` : base;
    return new ApiError('network', message, { cause: err });
  };
  try {
    let response: Response;
    try {
      response = await opts.fetch(url, { ...init, redirect: 'manual', signal: controller.signal });
    } catch (err) {
      throw fail(err, 'connect');
    }
    const success = response.status >= 200 && response.status < 300;
    const announced = Number(response.headers.get('content-length') ?? NaN);
    if (success && announced > MAX_SUCCESS_BODY_BYTES) {
      response.body?.cancel().catch(() => undefined);
      throw tooLarge(host, response.status, announced);
    }
    let body: { text: string; truncated: boolean };
    try {
      body = await readCapped(response, success ? MAX_SUCCESS_BODY_BYTES : MAX_ERROR_BODY_BYTES);
    } catch (err) {
      throw fail(err, 'body');
    }
    if (success && body.truncated) throw tooLarge(host, response.status);
    const answer: Answer = {
      status: response.status,
      headers: response.headers,
      text: body.text,
      elapsedMs: opts.now() - started,
    };
    if (body.truncated) answer.truncated = true;
    return answer;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Parses a body as JSON, or undefined when it is not JSON. */
export function tryJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** The server's own words from an error body: Central's `message`, or OAuth's `error_description`. */
function serverWords(answer: Answer): { code?: string; message?: string } {
  const json = tryJson(answer.text);
  if (json && json.value && typeof json.value === 'object' && !Array.isArray(json.value)) {
    const body = json.value as Record<string, unknown>;
    const pick = (...keys: string[]) => {
      for (const key of keys) if (typeof body[key] === 'string' && body[key]) return body[key] as string;
      return undefined;
    };
    return { code: pick('errorCode', 'error'), message: pick('message', 'error_description', 'detail') };
  }
  // Plain text is sometimes a useful one-liner; an HTML page never is.
  const type = answer.headers.get('content-type') ?? '';
  if (/^text\/plain/i.test(type)) return { message: answer.text };
  return {};
}

/**
 * The {@link ApiError} for a non-success answer: kind from the status, the server's message redacted of
 * `secrets`, the wait time of a 429 or 503 from the rate-limit headers (absolute ones read on our clock, given
 * the server's `clockOffsetMs`).
 */
export function errorFromAnswer(
  answer: Answer,
  now: number,
  secrets: ReadonlyArray<string | undefined>,
  clockOffsetMs = 0,
): ApiError {
  const words = serverWords(answer);
  const rateLimit: RateLimitInfo = parseRateLimit(answer.headers, now, clockOffsetMs);
  const waits = answer.status === 429 || answer.status === 503;
  return errorForStatus(answer.status, {
    code: words.code,
    serverMessage: serverMessageFrom(words.message, secrets),
    retryAfterMs: waits ? retryDelayMs(rateLimit, now) : undefined,
  });
}

/** The content type of an answer for messages, without parameters. */
export function contentTypeOf(answer: Answer): string {
  return (answer.headers.get('content-type') ?? 'no content type').split(';')[0].trim() || 'no content type';
}
